"""One way in for each page of the app.

Each page `pages/<name>.py` has one module here, `planner.views.pages.<name>`, with

- `show(request, ...choices)`: everything the page shows, as plain data and words (no
  streamlit, no SQL). It checks that the signed-in user may see the page and writes the audit
  entry for what it reads (a person's record, a caseload), so a page cannot forget either;
- one function per thing the page changes (`save_profile`, `accept`, `change`...), which checks
  permission again, makes the change and writes the audit entry, in one transaction where the
  store allows it.

Both take a `Request`: who asks, on which day, over which records and store connection. A
request the user has to correct, or may not make, raises `Refused`, whose message is for people.
The pages import nothing else from planner but `planner.views.words` (plain wording), and a test
(tests/test_architecture.py) keeps it so.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from planner import access, store
from planner.access import User
from planner.access.records import NotAllowed, PersonRecord, Records, read_person
from planner.store import figures
from planner.views import plan

T = TypeVar("T")


class Refused(Exception):
    """What the user asked for cannot be done; the message says why and what to do.

    `serious` is True for a fault in the account or the request (shown as an error), False for
    a refusal the user can work around (shown as a warning)."""

    def __init__(self, message: str, serious: bool = False):
        super().__init__(message)
        self.serious = serious


class Stale(Refused):
    """Someone else changed the same record after the user read it; nothing was written, and the
    message says who and when."""

    def __init__(self, message: str):
        super().__init__(message, serious=True)


@dataclass(frozen=True)
class Request:
    """Who asks, on which day, over which records (and the store connection, when built)."""

    user: User | None
    records: Records
    db: Any = None  # the store connection (sqlite-utils Database), or None before a database exists
    today: dt.date = dt.date.min
    now: dt.datetime = dt.datetime.min
    db_path: Path | None = None

    @property
    def username(self) -> str:
        return self.user.username if self.user else "(not signed in)"

    def audit(self, action: str, person_id: str | None = None, detail: str = "") -> None:
        self.records.audit(self.username, action, person_id, detail)

    def require(self, page: str) -> User:
        """The signed-in user, if their role may use `page`; otherwise Refused."""
        if not access.may_see_page(self.user, page):
            raise Refused("You cannot see this page. Use the menu to choose a page you can open.", serious=True)
        assert self.user is not None
        return self.user

    def need_db(self, so: str) -> Any:
        """The store connection; without one, Refused saying what cannot be shown. `so` finishes
        the sentence "There is no database yet, so ..."."""
        if self.db is None:
            raise Refused(f"There is no database yet, so {so}. Ask your administrator to load the area's records "
                          "(or build the demo area with `planner demo`).")
        return self.db


def my_record(req: Request, purpose: str) -> PersonRecord:
    """The record of the young person the signed-in account belongs to (or is linked to),
    audited. The person id comes from the account only, so no URL can change it."""
    user = req.user
    if user is None or user.person_id is None:
        raise Refused("Your account is not linked to a young person's record yet. Ask your worker to link it.",
                      serious=True)
    return person_record(req, user.person_id, purpose)


def person_record(req: Request, person_id: str, purpose: str) -> PersonRecord:
    """A person's record for the signed-in user, audited (a refusal is audited too)."""
    try:
        return read_person(req.records, req.user, person_id, req.today, purpose)
    except NotAllowed as refused:
        raise Refused(str(refused)) from None


def may_change(req: Request, person_id: str) -> None:
    """Refused unless the signed-in user may read `person_id` (checked again before each change)."""
    links = req.records.links(person_id)
    if not access.can_read_person(req.user, person_id, links, req.today):
        decision = access.read_decision(req.user, person_id, links, req.today)
        req.audit("change refused", person_id, decision.reason)
        raise Refused(decision.reason or "There is no record you can change here.")


def whose(user: User | None, record: PersonRecord) -> str:
    """'your' for the young person, 'Sam's' for a parent, so every sentence reads right."""
    if user is not None and user.person_id == record.person.id and user.role is access.Role.YOUNG_PERSON:
        return "your"
    return f"{record.name}'s"


class StateCache:
    """What a view worked out, kept while the store is in the same state: the key starts with
    the database's file and its change counter (store triggers count every change to people,
    episodes, caseloads, handovers, steps, events, runs and teams, but not sign-ins or audit
    entries), so an answer is never stale and is shared by every session. The oldest go first."""

    def __init__(self, entries: int = 32):
        self.entries = entries
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()  # the app's sessions run in threads

    def get(self, db: Any, key: Hashable, compute: Callable[[], T]) -> T:
        full = (figures.database_identity(db), figures.data_stamp(db), key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]
        value = compute()
        with self._lock:
            self._items[full] = value
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value


PEOPLE = StateCache()


def people_of(db: Any, user: User) -> list[dict]:
    """The people a worker or team manager may open (planner.views.plan.people_for), kept
    while the store is unchanged: a manager's are thousands."""
    return PEOPLE.get(db, ("people", user.role, user.username, user.team_id), lambda: plan.people_for(db, user))


def areas_of(db: Any, user: User) -> list[str]:
    """The areas of those people; every area when they see none (an administrator)."""
    return PEOPLE.get(db, ("areas", user.role, user.username, user.team_id),
                      lambda: sorted({p["area"] for p in people_of(db, user)}) or store.areas(db))
