"""Users, roles and permissions: who may see which page and whose record.

Pure logic, no database and no streamlit: the app asks these functions, the store supplies the
facts (a person's date of birth, linked parents, workers and teams, the young person's consent).

Roles (ARCHITECTURE.md "Access"): a young person sees only their own record; a parent or carer
sees the record of the young person they are linked to, and once that young person is over
compulsory school age only with the young person's consent (decision rights pass to the young
person then: rules.md E-1, CFA 2014 s.83); a worker sees their caseload; a team manager their
team's people; a commissioner never sees a person; an administrator may open a record to answer
a subject access request or an erasure (every read is audited by the caller).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterable, Mapping
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from planner import schoolyear as sy


class Role(StrEnum):
    """The six kinds of user."""

    YOUNG_PERSON = "young_person"
    PARENT_CARER = "parent_carer"
    WORKER = "worker"
    TEAM_MANAGER = "team_manager"
    COMMISSIONER = "commissioner"
    ADMINISTRATOR = "administrator"


ROLE_LABELS: dict[Role, str] = {
    Role.YOUNG_PERSON: "young person",
    Role.PARENT_CARER: "parent or carer",
    Role.WORKER: "transition worker",
    Role.TEAM_MANAGER: "team manager",
    Role.COMMISSIONER: "commissioner",
    Role.ADMINISTRATOR: "administrator",
}

# Page ids are the file names in pages/ without ".py". The app registers, for a role, only the
# pages listed here whose file exists, so the worker and commissioner pages (a later issue) are
# switched on by adding their files.
PAGE_TITLES: dict[str, str] = {
    "home": "Home",
    "my_timeline": "My timeline",
    "explore_options": "Explore options",
    "my_plan": "My plan",
    "downloads": "Downloads",
    "caseload": "Caseload",
    "person_plan": "A person's plan",
    "scheduling": "Scheduling",
    "team_capacity": "Team capacity",
    "unmet_need": "Unmet need",
    "capacity_to_buy": "Capacity to buy",
    "outcomes": "Outcomes after 18",
    "users": "Users",
    "audit_log": "Audit log",
    "data": "Data",
    "returns": "Statutory returns",
    "account": "My account",
}

_FAMILY_PAGES = ("home", "my_timeline", "explore_options", "my_plan", "downloads", "account")

ROLE_PAGES: dict[Role, tuple[str, ...]] = {
    Role.YOUNG_PERSON: _FAMILY_PAGES,
    Role.PARENT_CARER: _FAMILY_PAGES,
    Role.WORKER: ("home", "caseload", "person_plan", "scheduling", "account"),
    Role.TEAM_MANAGER: ("home", "caseload", "person_plan", "scheduling", "team_capacity", "account"),
    Role.COMMISSIONER: ("home", "unmet_need", "outcomes", "capacity_to_buy", "account"),
    Role.ADMINISTRATOR: ("home", "users", "team_capacity", "capacity_to_buy", "audit_log", "data", "returns", "account"),
}

# Pages that show one person's record: never registered for a commissioner.
PERSON_PAGES = frozenset({"my_timeline", "explore_options", "my_plan", "downloads", "person_plan"})

MAX_FAILED_ATTEMPTS = 5
LOCK_OUT = dt.timedelta(minutes=15)
IDLE_TIMEOUT = dt.timedelta(minutes=30)


class User(BaseModel):
    """A signed-in user as the app sees them (never holds a password hash)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    username: str = Field(min_length=1, max_length=200)
    role: Role
    display_name: str = ""
    person_id: str | None = Field(None, description="the young person this account belongs to or is linked to")
    team_id: str | None = Field(None, description="the team of a worker or team manager")
    email: str | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.username


class PersonLinks(BaseModel):
    """The facts about one person that decide who may read their record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: str
    dob: dt.date
    parents: frozenset[str] = frozenset()  # usernames of linked parents or carers
    parent_consent: bool = False  # the young person agrees their parents may see the record
    workers: frozenset[str] = frozenset()  # usernames of workers with the person on caseload
    teams: frozenset[str] = frozenset()  # team ids with the person on their books
    # team id -> what the young person shares with the services that team runs
    # (planner.own_words.Part values); planner.access.consent reads it
    shared_with: dict[str, frozenset[str]] = Field(default_factory=dict)


class Decision(BaseModel):
    """A yes or no with the reason, in words a user can read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def pages_for(role: Role | str, available: Iterable[str] | None = None) -> tuple[str, ...]:
    """The page ids a role may see, in menu order, limited to `available` page files if given."""
    pages = ROLE_PAGES[Role(role)]
    if available is None:
        return pages
    have = set(available)
    return tuple(p for p in pages if p in have)


def may_see_page(user: User | None, page: str) -> bool:
    """True when `user` may open `page` (the check every page repeats at the top)."""
    return user is not None and page in ROLE_PAGES[user.role]


def over_compulsory_school_age(dob: dt.date, today: dt.date) -> bool:
    """True after the end of compulsory school age (the last Friday of June at about 16)."""
    return today > sy.csa_end(dob)


def read_decision(user: User | None, person_id: str, links: PersonLinks | None, today: dt.date) -> Decision:
    """May `user` read the record of `person_id`? `links` are that person's facts from the store."""
    if user is None:
        return Decision(allowed=False, reason="Please sign in first.")
    if links is None or links.person_id != person_id:
        return Decision(allowed=False, reason="There is no record you can see here.")
    match user.role:
        case Role.YOUNG_PERSON:
            if user.person_id == person_id:
                return Decision(allowed=True, reason="This is your own record.")
            return Decision(allowed=False, reason="You can only see your own record.")
        case Role.PARENT_CARER:
            linked = user.person_id == person_id or user.username in links.parents
            if not linked:
                return Decision(allowed=False, reason="You can only see the record of the young person linked to you.")
            if over_compulsory_school_age(links.dob, today) and not links.parent_consent:
                return Decision(
                    allowed=False,
                    reason="The young person is now over school age, so they decide who sees their plan. "
                    "They have not said yes to sharing it with you.",
                )
            return Decision(allowed=True, reason="You are linked to this young person.")
        case Role.WORKER:
            if user.username in links.workers:
                return Decision(allowed=True, reason="This person is on your caseload.")
            return Decision(allowed=False, reason="This person is not on your caseload.")
        case Role.TEAM_MANAGER:
            if user.team_id is not None and user.team_id in links.teams:
                return Decision(allowed=True, reason="This person is known to your team.")
            return Decision(allowed=False, reason="This person is not known to your team.")
        case Role.COMMISSIONER:
            return Decision(allowed=False, reason="Commissioners see figures for the area, never a person.")
        case Role.ADMINISTRATOR:
            # Subject access requests and erasure need the whole record; the read is audited.
            return Decision(allowed=True, reason="Administrators may open a record for a subject access request.")
    return Decision(allowed=False, reason="Your role cannot see records.")  # pragma: no cover


def can_read_person(user: User | None, person_id: str, links: PersonLinks | None, today: dt.date) -> bool:
    """Shorthand for `read_decision(...).allowed`."""
    return read_decision(user, person_id, links, today).allowed


def can_edit_plan(user: User | None, person_id: str, links: PersonLinks | None, today: dt.date) -> bool:
    """Aspirations and the one-page profile: the young person, and anyone who may read the record
    except the commissioner and the administrator (who never write a person's words)."""
    if user is None or user.role in (Role.COMMISSIONER, Role.ADMINISTRATOR):
        return False
    return can_read_person(user, person_id, links, today)


def can_change_consent(user: User | None, person_id: str, links: PersonLinks | None, today: dt.date) -> bool:
    """Consent to share is the young person's; a linked parent decides only before the end of
    compulsory school age (rules.md E-1)."""
    if user is None or links is None or links.person_id != person_id:
        return False
    if user.role is Role.YOUNG_PERSON:
        return user.person_id == person_id
    if user.role is Role.PARENT_CARER:
        linked = user.person_id == person_id or user.username in links.parents
        return linked and not over_compulsory_school_age(links.dob, today)
    return False


# --- passwords, lock-out and idle time-out ------------------------------------------------

_HASHER = PasswordHasher()
# Verified against when the username is unknown, so a wrong name takes as long as a wrong
# password and the sign-in page does not tell which usernames exist.
_DUMMY_HASH = _HASHER.hash("not a real password")


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (with its own salt and parameters)."""
    if len(password) < 8:
        raise ValueError("A password needs at least 8 characters.")
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; False for a wrong password or a missing or broken hash."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's and should be replaced."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


class LoginState(BaseModel):
    """Failed attempts and lock-out of one account (stored with the user)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    failed_attempts: int = 0
    locked_until: dt.datetime | None = None


def is_locked(state: LoginState, now: dt.datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LoginState, now: dt.datetime) -> LoginState:
    """One more wrong password; the fifth in a row locks the account for 15 minutes."""
    failed = 0 if (state.locked_until and now >= state.locked_until) else state.failed_attempts
    failed += 1
    if failed >= MAX_FAILED_ATTEMPTS:
        return LoginState(failed_attempts=0, locked_until=now + LOCK_OUT)
    return LoginState(failed_attempts=failed, locked_until=None)


def after_success() -> LoginState:
    return LoginState()


class SignInResult(BaseModel):
    """What happened at the sign-in form: the user when it worked, else a message to show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ok: bool
    message: str
    user: User | None = None


WRONG_DETAILS = "That username and password do not match. Check them and try again."
MAX_USERNAME = 200  # longer than any account's name (admin.USERNAME allows 100): never looked up


def locked_message(until: dt.datetime | None) -> str:
    """The one message for a locked account, the same whether or not the username exists."""
    return (f"This account is locked for 15 minutes after {MAX_FAILED_ATTEMPTS} wrong passwords. "
            f"Try again after {until:%H:%M}, or ask your worker or administrator for help." if until else
            f"This account is locked for 15 minutes after {MAX_FAILED_ATTEMPTS} wrong passwords.")


LOCKED_NOW = (f"That was {MAX_FAILED_ATTEMPTS} wrong passwords, so this account is locked for 15 minutes. "
              "Ask your worker or administrator if you need help.")


def refusal_message(before: LoginState, after: LoginState, now: dt.datetime) -> str:
    """What to say to a refused attempt, from the state before and after it was counted."""
    if is_locked(before, now):
        return locked_message(before.locked_until)
    if is_locked(after, now):
        return LOCKED_NOW
    return WRONG_DETAILS


class UnknownNames:
    """Wrong-password counts for usernames that are not accounts, so that they lock exactly as a
    real account does and the sign-in page never tells which usernames exist.

    Held in memory, keyed by a keyed hash (a secret made when the process starts and never
    stored), so what was typed (perhaps a password in the wrong box) is kept nowhere; at most
    `limit` names, forgetting the oldest first. Thread-safe: Streamlit runs sessions in threads.
    """

    def __init__(self, limit: int = 10_000):
        self._secret = secrets.token_bytes(32)
        self._states: dict[str, LoginState] = {}
        self._lock = threading.Lock()
        self.limit = limit

    def tag(self, name: str) -> str:
        """A short keyed hash of `name`: the same name gives the same tag until the app restarts,
        and nothing outside this process can turn it back into the name."""
        return hmac.new(self._secret, name.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:12]

    def count(self, name: str, now: dt.datetime) -> tuple[LoginState, LoginState]:
        """Count one wrong password for `name` (nothing while locked); (before, after)."""
        key = self.tag(name)
        with self._lock:
            before = self._states.pop(key, LoginState())
            after = before if is_locked(before, now) else after_failure(before, now)
            self._states[key] = after  # re-inserted last: the oldest names are forgotten first
            while len(self._states) > self.limit:
                self._states.pop(next(iter(self._states)))
        return before, after


UNKNOWN_NAMES = UnknownNames()  # one per process, shared by every session


def idle_expired(last_seen: dt.datetime | None, now: dt.datetime, idle: dt.timedelta = IDLE_TIMEOUT) -> bool:
    """True when the session has been idle for longer than `idle` (30 minutes by default)."""
    return last_seen is not None and now - last_seen > idle


# --- single sign-on (OIDC) ----------------------------------------------------------------

# Roles that single sign-on may grant from a group claim. Young people and parents are never
# made from a group: their account must be linked to a person record by an administrator.
STAFF_ROLES = (Role.ADMINISTRATOR, Role.TEAM_MANAGER, Role.WORKER, Role.COMMISSIONER)


class OidcMapping(BaseModel):
    """How identity-provider claims become planner roles (from `[planner_oidc]` in secrets.toml).

    `groups` maps a group name in the `groups` claim to a staff role. When a user is in several
    mapped groups the order of STAFF_ROLES decides (administrator first).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    groups: dict[str, Role] = Field(default_factory=dict)
    groups_claim: str = "groups"
    require_verified_email: bool = True

    @field_validator("groups")
    @classmethod
    def _staff_only(cls, value: dict[str, Role]) -> dict[str, Role]:
        bad = sorted(g for g, r in value.items() if r not in STAFF_ROLES)
        if bad:
            raise ValueError(
                f"groups {bad} map to a young person or parent role; link those accounts to a person instead"
            )
        return value


class OidcOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    email: str | None = None
    role: Role | None = None  # a staff role from the groups claim, if any
    message: str = ""


def map_oidc_claims(claims: Mapping[str, object], mapping: OidcMapping) -> OidcOutcome:
    """Read the email and a staff role from `st.user` claims.

    The app then signs in the local account with that email (its role and links win), or, when
    there is none, a staff account with the mapped role; otherwise it refuses with `message`.
    """
    if not claims.get("is_logged_in", True):
        return OidcOutcome(message="You are not signed in with your organisation.")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return OidcOutcome(message="Your organisation did not share an email address, so the planner cannot find your account.")
    if mapping.require_verified_email and claims.get("email_verified") is False:
        return OidcOutcome(message="Your email address is not verified by your organisation.")
    raw = claims.get(mapping.groups_claim) or []
    groups = {raw} if isinstance(raw, str) else {str(g) for g in raw} if isinstance(raw, list | tuple | set) else set()
    roles = {mapping.groups[g] for g in groups if g in mapping.groups}
    role = next((r for r in STAFF_ROLES if r in roles), None)
    return OidcOutcome(email=email.strip().lower(), role=role)
