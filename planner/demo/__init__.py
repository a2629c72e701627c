"""Seeded synthetic local areas (figures-and-cohort.md Part B): Westmere, Eastshire, England.

Nothing here is real. Each person's history is generated first and tied to the statutory
calendar (planner.schoolyear), then the January census snapshot is taken:
- date of birth so that the school-year age (CAL-1: age on the 31 August before the school
  year) at the snapshot matches the B2 age table;
- the EHC plan issued at an age drawn from a curve that peaks in primary school (16% at 14+),
  the assessment request 20 weeks before (later where the area's 20-week rate is low), annual
  reviews on the plan's anniversary, Year 11 reviews pulled before the 31 March phase-transfer
  deadline, a share of reviews overdue;
- education episodes from the A4 setting table, ending at the end of compulsory school age,
  the 31 July after Year 13 or the academic year in which the person turns 25; children's
  health and care episodes ending the day before the 18th birthday (CAMHS, paediatrics,
  continuing care, children's social care), DLA ending at 16 with PIP after.

Same seed, same database: every random draw comes from `random.Random` seeded by the area and
the seed, and every stored time is the snapshot time. Demo passwords are hashed with a salt
derived from the username, so the hashes repeat too (synthetic accounts only).

Entry point: `build(db, area, seed, progress)`; the command is planner/commands/demo.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2.low_level import Type, hash_secret

import planner.demo.people
from planner import store

ROOT = Path(__file__).resolve().parents[2]
SEN2_CSV = ROOT / "data" / "sen2-2025-la-ehcp-age14-25.csv"
TEAMS_YAML = ROOT / "data" / "teams.yaml"
SNAPSHOT = dt.date(2026, 1, 15)  # the January 2026 school census
STAMP = "2026-01-15T09:00:00"  # every generated row's updated_at, so a rebuild is identical
AREAS = ("westmere", "eastshire", "england")
DEMO_PASSWORD = "transition-demo"  # synthetic demo accounts only; documented in the README

# B2 age table (Eastshire counts of the 5,400 with EHC plans), ages 14..25.
AGE_SHARES = {14: 18.3, 15: 17.5, 16: 16.3, 17: 14.2, 18: 11.1, 19: 8.1, 20: 5.6, 21: 3.8, 22: 2.4,
              23: 1.6, 24: 0.9, 25: 0.1}
EASTSHIRE_AGES = {14: 990, 15: 943, 16: 882, 17: 766, 18: 601, 19: 437, 20: 304, 21: 206, 22: 131,
                  23: 85, 24: 47, 25: 8}
WESTMERE_AGES = {14: 28, 15: 26, 16: 24, 17: 21, 18: 17, 19: 13, 20: 8, 21: 6, 22: 4, 23: 2, 24: 1, 25: 0}
# B2 primary need counts by band (14-15, 16-19, 20-25).
NEED_BANDS = {
    "ASD": (594, 814, 238), "SEMH": (558, 743, 135), "MLD": (232, 340, 132), "SLCN": (246, 310, 99),
    "SLD": (80, 137, 64), "PD": (69, 118, 42), "SpLD": (54, 68, 19), "HI": (25, 41, 14),
    "PMLD": (21, 36, 13), "Other": (23, 30, 9), "VI": (16, 27, 8), "Not recorded": (12, 18, 5),
    "MSI": (4, 6, 2),
}
SECONDARY = {"ASD": "SEMH", "SEMH": "ASD", "MLD": "SLCN", "SLCN": "MLD", "SLD": "PD", "PD": "SLD"}
ETHNICITY = {"White British": 80, "Any other White background": 4, "Mixed": 5, "Asian": 3, "Black": 2,
             "Any other ethnic group": 1, "Unclassified": 5}
# A4 settings by age band (14-15, 16-17, 18-19, 20-25), percent.
SETTINGS = {
    "Mainstream school": (45.0, 9.6, 2.8, 0.8),
    "State special school": (33.3, 19.2, 10.7, 1.4),
    "Independent special school": (10.4, 4.4, 2.4, 1.0),
    "Alternative provision": (2.3, 0.5, 0.2, 0.1),
    "FE college": (0.2, 39.8, 44.7, 47.1),
    "Specialist post-16 institution": (0.0, 2.8, 6.6, 11.3),
    "Other training provider": (0.1, 3.8, 4.6, 5.4),
    "EOTAS": (2.7, 4.3, 3.9, 4.4),
    "Elective home education": (2.0, 0.8, 0.4, 0.2),
    "NEET": (1.0, 8.2, 16.4, 20.9),
    "Not recorded": (3.0, 6.6, 7.5, 7.3),
}

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AreaSpec:
    """One synthetic local area: how many people of each age and its own parameters."""

    id: str
    name: str
    ehc_ages: dict[int, int]
    sen_support: int = 0  # aged 14-19 without a plan (B2)
    asc_without_plan: int = 0  # 18-24 adult social care clients without a plan (B2)
    rate_20wk: float = 0.46  # share of new plans issued within 20 weeks
    asd_tilt: float = 1.0  # need mix: >1 ASD-heavy (Kent-like), <1 SEMH-heavy (Norfolk-like)
    capacity_scale: float = 1.0  # team capacities relative to Eastshire (B3)


def westmere() -> list[AreaSpec]:
    return [AreaSpec("westmere", "Westmere", WESTMERE_AGES, rate_20wk=0.78, capacity_scale=150 / 5400)]


def eastshire() -> list[AreaSpec]:
    return [AreaSpec("eastshire", "Eastshire", EASTSHIRE_AGES, sen_support=5000, asc_without_plan=450)]


def england(csv_path: Path = SEN2_CSV, seed: int = 1) -> list[AreaSpec]:
    """153 fictional areas sized from the SEN2 bands of each real one (names never kept)."""
    rng = random.Random(f"england-params-{seed}")
    specs = []
    with open(csv_path, encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=1):
            bands = {(14, 15): int(row["age14_15"]), (16, 19): int(row["age16_19"]), (20, 25): int(row["age20_25"])}
            specs.append(AreaSpec(
                id=f"area{i:03d}", name=f"Synthetic area {i}", ehc_ages=_split_bands(bands),
                rate_20wk=_percent(row["pct_new_plans_20wk_2024_ex_exceptions"], 46.4) / 100,
                asd_tilt=rng.uniform(0.75, 1.3), capacity_scale=int(row["age14_25"]) / 5400))
    return specs


def _percent(text: str, default: float) -> float:
    """A published percentage, or the national figure where it is suppressed ('x') or blank."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def _split_bands(bands: dict[tuple[int, int], int]) -> dict[int, int]:
    """Band totals shared out over single years by the national shares (largest remainder)."""
    out = {}
    for (lo, hi), total in bands.items():
        ages = range(lo, hi + 1)
        weight = sum(AGE_SHARES[a] for a in ages)
        raw = {a: total * AGE_SHARES[a] / weight for a in ages}
        counts = {a: int(v) for a, v in raw.items()}
        for a in sorted(ages, key=lambda a: raw[a] - counts[a], reverse=True)[: total - sum(counts.values())]:
            counts[a] += 1
        out.update(counts)
    return out


def specs_for(area: str, seed: int = 1) -> list[AreaSpec]:
    if area == "westmere":
        return westmere()
    if area == "eastshire":
        return eastshire()
    if area == "england":
        return england(seed=seed)
    raise ValueError(f"unknown area {area!r}; choose one of {', '.join(AREAS)}")


# --- teams -----------------------------------------------------------------------------------

WEEKS_IN = {"week": 1.0, "month": 52.0 / 12.0, "year": 52.0, "academic year": 52.0}  # as planner.pathways


def team_rows(spec: AreaSpec, path: Path = TEAMS_YAML) -> tuple[list[dict], list[dict]]:
    """Teams and capacity rows for an area: B3 capacities scaled to its size, held for the
    2025/26 financial year and grown 3% from April 2026 (B1), so demand growth widens the gap."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    teams, capacity = [], []
    for t in data["teams"]:
        teams.append({"area": spec.id, "id": t["id"], "name": t.get("name", ""),
                      "unit": (t.get("capacity") or {}).get("per", "week"), "note": t.get("does", "")})
        cap = t.get("capacity")
        if cap:
            per_week = cap["amount"] / WEEKS_IN[cap["per"]] * spec.capacity_scale
            for start, factor in (("2025-04-01", 1.0), ("2026-04-01", 1.03)):
                capacity.append({"area": spec.id, "team_id": t["id"], "from_date": start,
                                 "per_week": round(per_week * factor, 4), "version": 1,
                                 "updated_by": "demo", "updated_at": STAMP})
    return teams, capacity


# --- building --------------------------------------------------------------------------------

def build(db, area: str, seed: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Fill an empty database with a synthetic area; returns row counts by table."""
    specs = specs_for(area, seed)
    total = sum(sum(s.ehc_ages.values()) + s.sen_support + s.asc_without_plan for s in specs)
    done = 0
    with db.atomic():
        for spec in specs:
            rng = random.Random(f"{spec.id}-{seed}")
            teams, capacity = team_rows(spec)
            store.bulk_insert(db, "teams", teams)
            store.bulk_insert(db, "team_capacity", capacity)
            gen = planner.demo.people.Generator(spec, rng, SNAPSHOT, STAMP)
            for chunk in gen.chunks(2000):
                store.bulk_insert(db, "people", chunk.people)
                store.bulk_insert(db, "episodes", chunk.episodes)
                store.bulk_insert(db, "aspirations", chunk.aspirations)
                done += len(chunk.people)
                if progress:
                    progress(done, total, spec.name)
            workers = gen.workers()
            store.bulk_insert(db, "users", [_user(u, seed) for u in workers])
            store.bulk_insert(db, "caseload", gen.caseload_rows())
            if spec.id in ("eastshire", "westmere"):
                _demo_accounts(db, spec, seed)
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in db.table_names()}


def demo_hash(username: str, password: str, seed: int) -> str:
    """argon2id with a salt derived from the username and seed: a rebuild gives the same file."""
    salt = hashlib.sha256(f"planner-demo-{seed}-{username}".encode()).digest()[:16]
    return hash_secret(password.encode(), salt, time_cost=3, memory_cost=65536, parallelism=4,
                       hash_len=32, type=Type.ID).decode()


def _user(u: dict, seed: int) -> dict:
    row = {"role": "worker", "display_name": "", "email": None, "password_hash": None, "person_id": None,
           "team_id": None, "failed_attempts": 0, "locked_until": None, "created_at": STAMP, **u}
    if u.get("password"):
        row["password_hash"] = demo_hash(u["username"], row.pop("password"), seed)
    row.pop("password", None)
    return row


DEMO_ACCOUNTS = (
    # username, role, display name, linked person key, team
    ("young.sam", "young_person", "Sam", "sam", None),
    ("young.alex", "young_person", "Alex", "alex", None),
    ("parent.sam", "parent_carer", "Jo Taylor", "sam", None),
    ("parent.alex", "parent_carer", "Chris Morgan", "alex", None),
    ("manager.raj", "team_manager", "Raj Singh", None, "send_team"),
    ("commissioner.lee", "commissioner", "Lee Evans", None, None),
    ("admin.kim", "administrator", "Kim Shaw", None, None),
)


def _demo_accounts(db, spec: AreaSpec, seed: int) -> None:
    """The README's demo accounts, linked to two chosen people on worker.ann's caseload."""
    sam = next(iter(db.query(
        "SELECT id FROM people WHERE area = ? AND ehc_plan = 1 AND camhs = 1 AND dob BETWEEN '2009-09-01' AND '2010-08-31' "
        "AND looked_after = 0 ORDER BY id LIMIT 1", [spec.id])))["id"]
    alex = next(iter(db.query(
        "SELECT id FROM people WHERE area = ? AND ehc_plan = 1 AND dob >= '2011-01-01' AND looked_after = 0 "
        "AND ld_register = 1 ORDER BY id LIMIT 1", [spec.id])))["id"]
    ids = {"sam": sam, "alex": alex}
    db.execute("UPDATE people SET name = 'Sam Taylor', parent_consent = 1, worker = 'worker.ann' WHERE id = ?", [sam])
    db.execute("UPDATE people SET name = 'Alex Morgan', worker = 'worker.ann' WHERE id = ?", [alex])
    db.execute("DELETE FROM caseload WHERE person_id IN (?, ?)", [sam, alex])
    store.bulk_insert(db, "caseload", [{"worker": "worker.ann", "person_id": p, "since": "2025-09-01"} for p in (sam, alex)])
    rows = [_user({"username": u, "role": r, "display_name": n, "person_id": ids.get(k), "team_id": t,
                   "password": DEMO_PASSWORD}, seed) for u, r, n, k, t in DEMO_ACCOUNTS]
    store.bulk_insert(db, "users", rows)
    db.execute("DELETE FROM aspirations WHERE person_id = ?", [sam])
    store.bulk_insert(db, "aspirations", [
        {"person_id": sam, "outcome": "employment", "words": "I want to work with animals.", "updated_by": "young.sam", "updated_at": STAMP},
        {"person_id": sam, "outcome": "independent_living", "words": "I want to live with friends one day, near my mum.", "updated_by": "young.sam", "updated_at": STAMP}])
    store.bulk_insert(db, "profiles", [{
        "person_id": sam, "like_about_me": "I am funny and I am good with animals.",
        "important_to_me": "My dog, my mum, and knowing what is happening next.",
        "how_to_support_me": "Tell me about changes early. Give me time to answer.",
        "version": 1, "updated_by": "young.sam", "updated_at": STAMP}])
    store.bulk_insert(db, "consents", [
        {"person_id": sam, "service_id": s, "shared": shared, "changed_by": "young.sam", "changed_at": STAMP}
        for s, shared in (("fe_college", 1), ("adult_social_care", 1), ("adult_mental_health", 0))])
