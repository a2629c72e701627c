"""The local offer: services read from an Open Referral UK feed (planner.exchange.oruk)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from planner.store.db import _row, now_text

OFFER_COLUMNS = ("area", "id", "name", "description", "organization", "url", "email", "contact", "status",
                 "minimum_age", "maximum_age", "eligibility", "send", "domain", "outcomes", "terms",
                 "places_per_year", "source")


def replace_offer(db: Database, area: str, rows: Iterable[Mapping[str, Any]], at: str | None = None) -> dict[str, int]:
    """Make the area's local offer exactly `rows` (a feed is the whole offer): counts of services
    added, changed, unchanged and removed. A service left as it was keeps its import time."""
    at = at or now_text()
    counts = {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    with db.atomic():
        current = {r["id"]: r for r in db.query("SELECT * FROM offer_services WHERE area = ?", [area])}
        wanted = {}
        for raw in rows:
            row = {c: _row(raw).get(c) for c in OFFER_COLUMNS}
            row["area"] = area
            wanted[row["id"]] = row
        for sid in set(current) - set(wanted):
            db.execute("DELETE FROM offer_services WHERE area = ? AND id = ?", [area, sid])
            counts["removed"] += 1
        for sid, row in wanted.items():
            old = current.get(sid)
            if old is not None and all(old.get(c) == row[c] for c in OFFER_COLUMNS if c != "source"):
                counts["unchanged"] += 1  # the same service, perhaps read from another copy of the feed
                if old["source"] != row["source"]:
                    db.execute("UPDATE offer_services SET source = ? WHERE area = ? AND id = ?", [row["source"], area, sid])
                continue
            counts["changed" if old else "added"] += 1
            db.execute("INSERT OR REPLACE INTO offer_services ({}, imported_at) VALUES ({}, ?)".format(
                ", ".join(OFFER_COLUMNS), ", ".join("?" * len(OFFER_COLUMNS))), [*row.values(), at])
    return counts


def local_offer(db: Database, area: str | None = None) -> list[dict]:
    """The local offer's services (of an area, or every area), by name."""
    if area is None:
        return list(db.query("SELECT * FROM offer_services ORDER BY name, id"))
    return list(db.query("SELECT * FROM offer_services WHERE area = ? ORDER BY name, id", [area]))


def offer_places(db: Database, area: str | None = None) -> dict[str, float]:
    """Places a year in the local offer for each preparing-for-adulthood outcome: the active
    services open to some 14 to 25-year-olds that give their places, counted once per outcome
    they serve."""
    where = "status = 'active' AND places_per_year IS NOT NULL AND (minimum_age IS NULL OR minimum_age <= 25) " \
            "AND (maximum_age IS NULL OR maximum_age >= 14)"
    params: list[Any] = []
    if area is not None:
        where += " AND area = ?"
        params.append(area)
    out: dict[str, float] = {}
    for outcomes, places in db.execute(f"SELECT outcomes, places_per_year FROM offer_services WHERE {where}", params):
        for o in filter(None, (outcomes or "").split(",")):
            out[o] = out.get(o, 0.0) + places
    return out
