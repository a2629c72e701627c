"""The local offer from an Open Referral UK feed (HSDS 3.0, UK profile), into the services the
options explorer and the commissioner's supply side use.

A feed is JSON: a page of services (`contents`, with `total_pages` and `page_number`, HSDS-UK
3.0), a page in the older ORUK v1 shape (`content`, `totalPages`, `number`), a list of services
or one service. From a URL every page is read (`?page=N`); a file is one page. Each service
becomes one row: its ages (`minimum_age`, `maximum_age`, or a v1 `eligibilitys` entry),
eligibility in words, whether it is for young people with SEND and which preparing-for-adulthood
outcomes and domain it serves (both from its taxonomy terms, `TERMS`), its contact, and its
places a year when the feed gives them (an HSDS 3.1 `capacities` entry whose unit is places:
the UK 3.0 profile allows extra fields).

All or nothing, like every import: a service without an id, name or a valid status, a repeated
id, or an impossible age range stops the import, and each error names the service and the
field. What makes a feed less useful but not wrong (no contact, no URL, no age range, an id
that is not a UUID) is counted in the quality report instead.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planner import store
from planner.exchange.imports import ImportRefused, Problem
from planner.models import Domain, Outcome

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_PAGES = 500
# Taxonomy words -> (domain, outcomes). A term matches when its name, code or URI contains the
# word. Councils use their own vocabularies (LGA/esd service types, local terms); extend here.
TERMS: tuple[tuple[str, Domain, tuple[Outcome, ...]], ...] = (
    ("employ", Domain.EMPLOYMENT, (Outcome.EMPLOYMENT,)),
    ("internship", Domain.EMPLOYMENT, (Outcome.EMPLOYMENT,)),
    ("apprentice", Domain.EMPLOYMENT, (Outcome.EMPLOYMENT,)),
    ("education", Domain.EDUCATION, (Outcome.EMPLOYMENT,)),
    ("college", Domain.EDUCATION, (Outcome.EMPLOYMENT,)),
    ("independent", Domain.HOUSING, (Outcome.INDEPENDENT_LIVING,)),
    ("housing", Domain.HOUSING, (Outcome.INDEPENDENT_LIVING,)),
    ("living", Domain.HOUSING, (Outcome.INDEPENDENT_LIVING,)),
    ("health", Domain.HEALTH, (Outcome.GOOD_HEALTH,)),
    ("short break", Domain.SOCIAL_CARE, (Outcome.INDEPENDENT_LIVING, Outcome.COMMUNITY_INCLUSION)),
    ("short-break", Domain.SOCIAL_CARE, (Outcome.INDEPENDENT_LIVING, Outcome.COMMUNITY_INCLUSION)),
    ("social care", Domain.SOCIAL_CARE, (Outcome.INDEPENDENT_LIVING,)),
    ("social-care", Domain.SOCIAL_CARE, (Outcome.INDEPENDENT_LIVING,)),
    ("community", Domain.SOCIAL_CARE, (Outcome.COMMUNITY_INCLUSION,)),
    ("leisure", Domain.SOCIAL_CARE, (Outcome.COMMUNITY_INCLUSION,)),
    ("youth", Domain.SOCIAL_CARE, (Outcome.COMMUNITY_INCLUSION,)),
)
SEND_WORDS = ("send", "special educational need", "disabilit", "learning difficult")

Fetch = Callable[[str], bytes]


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "transition-planner"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http(s) only, checked by the caller)
        return response.read()


def _json(data: bytes, where: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused([Problem(0, "", f"{where} is not UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        raise ImportRefused([Problem(exc.lineno, "", f"{where} is not JSON: {exc.msg} (line {exc.lineno}, "
                                                     f"column {exc.colno})")]) from None


def _page(doc, where: str) -> tuple[list, int, int]:
    """(services, page number, total pages) of a page in either shape, a list or one service."""
    if isinstance(doc, list):
        return doc, 1, 1
    if isinstance(doc, dict):
        if "contents" in doc or "content" in doc:
            items = doc.get("contents", doc.get("content"))
            if not isinstance(items, list):
                raise ImportRefused([Problem(0, "contents", f"{where}: the page's contents is not a list of services")])
            number = doc.get("page_number", (doc.get("number", 0) or 0) + 1 if "number" in doc else 1)
            return items, int(number or 1), int(doc.get("total_pages", doc.get("totalPages", 1)) or 1)
        if "id" in doc or "name" in doc:
            return [doc], 1, 1
    raise ImportRefused([Problem(0, "", f"{where} is not an Open Referral UK feed: expected a page of services "
                                        "('contents' or 'content'), a list of services or one service")])


def _with_page(url: str, n: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"] + [("page", str(n))]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def read_feed(source: str | Path, fetch: Fetch | None = None) -> tuple[list, list[str]]:
    """Every service of a feed (a file, or a URL whose pages are all read) and notes for the
    reader (a file that is one page of several)."""
    text = str(source)
    notes: list[str] = []
    if re.match(r"^https?://", text, re.I):
        get = fetch or _fetch
        services, number, total = _page(_json(get(text), text), text)
        for n in range(number + 1, min(total, MAX_PAGES) + 1):
            more, _, _ = _page(_json(get(_with_page(text, n)), f"page {n}"), f"page {n}")
            services += more
        if total > MAX_PAGES:
            notes.append(f"the feed has {total} pages; the first {MAX_PAGES} were read")
        return services, notes
    path = Path(text)
    if not path.is_file():
        raise ImportRefused([Problem(0, "", f"there is no file {path}")])
    return read_feed_bytes(path.read_bytes(), path.name)


def read_feed_bytes(data: bytes, name: str) -> tuple[list, list[str]]:
    """The services of one uploaded page (or list) of a feed, and a note if it is one of several."""
    services, number, total = _page(_json(data, name), name)
    notes = [f"{name} is page {number} of {total}; give the feed's URL to read every page"] if total > number else []
    return services, notes


@dataclass
class Quality:
    """How complete a feed is: the share of services with each useful field."""

    services: int = 0
    with_id: int = 0  # an id that is a UUID, as HSDS requires
    with_contact: int = 0  # a named contact or an email address
    with_url: int = 0  # a web address starting http:// or https://
    with_age_range: int = 0  # both ages, the minimum not above the maximum
    send: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def shares(self) -> dict[str, float]:
        n = self.services or 1
        return {"id": self.with_id / n, "contact": self.with_contact / n, "URL": self.with_url / n,
                "age range": self.with_age_range / n}

    def lines(self) -> list[str]:
        out = [f"{self.services} services; {self.send} for young people with SEND"]
        out += [f"{k}: {self.__dict__['with_' + k.lower().replace(' ', '_')]} of {self.services} ({100 * v:.0f}%)"
                for k, v in self.shares().items()]
        out.append("status: " + ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items())))
        return out


def _terms(service: dict) -> list[str]:
    found = []
    for a in service.get("attributes") or []:
        t = (a or {}).get("taxonomy_term") or {}
        found.append(" ".join(str(t.get(k) or "") for k in ("name", "term", "term_uri")).strip())
    for t in service.get("service_taxonomys") or []:  # ORUK v1
        tax = (t or {}).get("taxonomy") or {}
        found.append(" ".join(str(tax.get(k) or "") for k in ("name", "vocabulary")).strip())
    return [f for f in found if f]


def _number(value, name: str, err: Callable[[str, str], None]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value > 130:
        err(name, f"{value!r} is not an age in years")
        return None
    return float(value)


def _places(service: dict) -> float | None:
    total = None
    for c in service.get("capacities") or []:
        unit = str(((c or {}).get("unit") or {}).get("name") or "").lower()
        amount = (c or {}).get("maximum", (c or {}).get("available"))
        if "place" in unit and isinstance(amount, int | float) and not isinstance(amount, bool) and amount >= 0:
            total = (total or 0) + float(amount)
    return total


def parse(services: Iterable, area: str, source: str = "") -> tuple[list[dict], Quality, list[Problem]]:
    """Rows for the store, the quality report and every error (row = the service's position)."""
    rows, problems, quality, seen = [], [], Quality(), {}
    file = Path(source).name if source and not re.match(r"^https?://", source, re.I) else source
    for i, s in enumerate(services, start=1):
        name = str(s.get("name") or "").strip() if isinstance(s, dict) else ""
        where = f"service {i} ({name})" if name else f"service {i}"

        def err(fieldname: str, message: str, where: str = where) -> None:
            problems.append(Problem(0, "", f"{where}, field {fieldname}: {message}", file))

        if not isinstance(s, dict):
            err("(all)", "is not a JSON object")
            continue
        sid = str(s.get("id") or "").strip()
        quality.services += 1
        if not sid:
            err("id", "is missing; every service needs its own id (a UUID)")
        elif sid in seen:
            err("id", f"{sid} is also the id of service {seen[sid]}")
        seen.setdefault(sid, i)
        quality.with_id += bool(UUID.match(sid))
        if not name:
            err("name", "is missing")
        status = str(s.get("status") or "").strip().lower()
        if status not in STATUSES:
            err("status", f"{s.get('status')!r} should be one of {', '.join(STATUSES)}")
        quality.statuses[status or "missing"] = quality.statuses.get(status or "missing", 0) + 1
        v1 = next((e for e in s.get("eligibilitys") or [] if isinstance(e, dict)), {})
        lo = _number(s.get("minimum_age", v1.get("minimum_age")), "minimum_age", err)
        hi = _number(s.get("maximum_age", v1.get("maximum_age")), "maximum_age", err)
        if lo is not None and hi is not None and lo > hi:
            err("maximum_age", f"{hi:g} is below minimum_age {lo:g}: no one could use the service")
        quality.with_age_range += lo is not None and hi is not None and lo <= hi
        url = str(s.get("url") or "").strip()
        email = str(s.get("email") or "").strip()
        contacts = [c for c in s.get("contacts") or [] if isinstance(c, dict)]
        contact = ", ".join(x for x in (str((contacts or [{}])[0].get("name") or ""),
                                        str((contacts or [{}])[0].get("title") or "")) if x)
        quality.with_url += bool(URL.match(url))
        quality.with_contact += bool(contacts or EMAIL.match(email))
        terms = _terms(s)
        words = " ".join(terms).lower()
        send = any(w in words for w in SEND_WORDS) or bool(re.search(r"\bsen\b", words))
        quality.send += send
        matched = [(d, o) for word, d, o in TERMS if word in words]
        outcomes = list(dict.fromkeys(x.value for _, o in matched for x in o))
        org = s.get("organization") if isinstance(s.get("organization"), dict) else {}
        eligibility = str(s.get("eligibility_description") or v1.get("eligibility") or "").strip()
        rows.append({"area": area, "id": sid, "name": name, "description": str(s.get("description") or "").strip(),
                     "organization": str(org.get("name") or "").strip(), "url": url if URL.match(url) else None,
                     "email": email if EMAIL.match(email) else None, "contact": contact or None,
                     "status": status, "minimum_age": lo, "maximum_age": hi, "eligibility": eligibility,
                     "send": int(send), "domain": matched[0][0].value if matched else None,
                     "outcomes": ",".join(outcomes), "terms": "; ".join(terms), "places_per_year": _places(s),
                     "source": source})
    if quality.services == 0:
        problems.append(Problem(0, "", "the feed has no services", file))
    return rows, quality, problems


def check_feed(source: str | Path, area: str, fetch: Fetch | None = None) -> tuple[list[dict], Quality, list[Problem], list[str]]:
    """Read and check a feed without writing anything."""
    services, notes = read_feed(source, fetch)
    rows, quality, problems = parse(services, area, str(source))
    return rows, quality, problems, notes


def import_feed(db, source: str | Path, *, area: str, by: str = "import", fetch: Fetch | None = None) -> tuple[dict[str, int], Quality]:
    """Replace the area's local offer with a feed, all or nothing; audited."""
    rows, quality, problems, _ = check_feed(source, area, fetch)
    if problems:
        raise ImportRefused(problems)
    with db.atomic():
        counts = store.replace_offer(db, area, rows)
        store.audit(db, by, "import local offer", None, f"{area}: {len(rows)} services from {source}")
    return counts, quality
