"""Building a synthetic area's database: teams and capacities, the generated people, workers'
caseloads and the README's demo accounts (see `planner.demo` for the rules of thumb)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import yaml
from argon2.low_level import Type, hash_secret

from planner import store
from planner.demo import records
from planner.demo.histories import Extra, Histories, for_chunk
from planner.demo.people import Generator
from planner.demo.spec import DEMO_PASSWORD, SNAPSHOT, STAMP, AreaSpec, Progress, specs_for
from planner.exchange import oruk
from planner.models import per_week
from planner.own_words import ALL_PARTS, CommunicationNeeds
from planner.resources import LOCAL_OFFER, TEAMS_FILE

# --- teams -----------------------------------------------------------------------------------



def team_rows(spec: AreaSpec, path: Path = TEAMS_FILE) -> tuple[list[dict], list[dict]]:
    """Teams and capacity rows for an area: B3 capacities scaled to its size, held for the
    2025/26 financial year and grown 3% from April 2026 (B1), so demand growth widens the gap."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    teams, capacity = [], []
    for t in data["teams"]:
        teams.append({"area": spec.id, "id": t["id"], "name": t.get("name", ""),
                      "unit": (t.get("capacity") or {}).get("per", "week"), "note": t.get("does", "")})
        cap = t.get("capacity")
        if cap:
            rate = per_week(cap["amount"], cap["per"]) * spec.capacity_scale
            for start, factor in (("2025-04-01", 1.0), ("2026-04-01", 1.03)):
                capacity.append({"area": spec.id, "team_id": t["id"], "from_date": start,
                                 "per_week": round(rate * factor, 4), "version": 1,
                                 "updated_by": "demo", "updated_at": STAMP})
    return teams, capacity


# --- building --------------------------------------------------------------------------------

def build(db, area: str, seed: int = 1, progress: Progress | None = None, outcomes: bool = True) -> dict[str, int]:
    """Fill an empty database with a synthetic area; returns row counts by table. `outcomes`:
    with outcome histories and the young people whose plans ended (planner.demo.histories)."""
    specs = specs_for(area, seed)
    total = sum(sum(s.ehc_ages.values()) + s.sen_support + s.asc_without_plan for s in specs)
    if outcomes:
        total += sum(Histories(s, seed, SNAPSHOT, STAMP).former_total() for s in specs)
    done = 0
    with db.atomic():
        for spec in specs:
            rng = random.Random(f"{spec.id}-{seed}")
            teams, capacity = team_rows(spec)
            store.bulk_insert(db, "teams", teams)
            store.bulk_insert(db, "team_capacity", capacity)
            gen = Generator(spec, rng, SNAPSHOT, STAMP)
            # Outcome histories and former plan holders draw from streams of their own, so
            # everything above them is as it was (planner.demo.histories).
            lives = Histories(spec, seed, SNAPSHOT, STAMP)
            for chunk in gen.chunks(2000):
                extra = for_chunk(lives, chunk) if outcomes else Extra()
                _insert(db, chunk, extra)
                for table, rows in records.for_people(chunk.people, chunk.episodes, SNAPSHOT, STAMP, done).items():
                    store.bulk_insert(db, table, rows)
                done += len(chunk.people)
                if progress:
                    progress(done, total, spec.name)
            for chunk, extra in lives.former() if outcomes else ():
                _insert(db, chunk, extra)
                done += len(chunk.people)
                if progress:
                    progress(done, total, spec.name)
            workers = gen.workers()
            store.bulk_insert(db, "users", [_user(u, seed) for u in workers])
            store.bulk_insert(db, "caseload", gen.caseload_rows())
            if spec.id in ("eastshire", "westmere"):
                _demo_accounts(db, spec, seed)
            if spec.id in LOCAL_OFFER:  # the area's local offer, from its synthetic ORUK feed
                services, _ = oruk.read_feed(LOCAL_OFFER[spec.id])
                rows, _, problems = oruk.parse(services, spec.id, LOCAL_OFFER[spec.id].name)
                if problems:
                    raise ValueError(f"{LOCAL_OFFER[spec.id]}: {problems[0]}")
                store.replace_offer(db, spec.id, rows, at=STAMP)
    return store.table_counts(db)


def _insert(db, chunk, extra) -> None:
    store.bulk_insert(db, "people", chunk.people)
    store.bulk_insert(db, "episodes", chunk.episodes)
    store.bulk_insert(db, "aspirations", chunk.aspirations)
    store.bulk_insert(db, "outcome_records", extra.records)
    store.bulk_insert(db, "aspirations_said", extra.said)


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
    candidates = store.list_people(db, area=spec.id, ehc_plan=1, looked_after=0)
    sam = next(p["id"] for p in candidates if p["camhs"] and "2009-09-01" <= p["dob"] <= "2010-08-31")
    alex = next(p["id"] for p in candidates if p["ld_register"] and p["dob"] >= "2011-01-01")
    ids = {"sam": sam, "alex": alex}
    store.set_generated_fields(db, sam, {"name": "Sam Taylor", "parent_consent": 1, "worker": "worker.ann"})
    store.set_generated_fields(db, alex, {"name": "Alex Morgan", "worker": "worker.ann"})
    store.move_to_caseload(db, "worker.ann", (sam, alex), since="2025-09-01")
    rows = [_user({"username": u, "role": r, "display_name": n, "person_id": ids.get(k), "team_id": t,
                   "password": DEMO_PASSWORD}, seed) for u, r, n, k, t in DEMO_ACCOUNTS]
    store.bulk_insert(db, "users", rows)
    store.forget_generated_history(db, sam)  # Sam's own story below, not the generated one
    store.save_said(db, sam, "employment", "I want to be a vet.", "2024-03-12", by="young.sam")
    store.save_aspirations(db, sam, {"employment": "I want to work with animals.",
                                     "independent_living": "I want to live with friends one day, near my mum."},
                           by="young.sam", at=STAMP, role="young_person")
    store.save_profile(db, sam, {
        "like_about_me": "I am funny and I am good with animals.",
        "important_to_me": "My dog, my mum, and knowing what is happening next.",
        "how_to_support_me": "Tell me about changes early. Give me time to answer."},
        "young.sam", role="young_person", at=STAMP)
    store.save_communication(db, sam, CommunicationNeeds(
        how_i_communicate="I like short sentences and pictures. Give me time to think before I answer.",
        contact_methods=("text_message",), information_formats=("easy_read",),
        communication_support=("extra_time", "person_i_know")).as_fields(), "young.sam", role="young_person", at=STAMP)
    store.save_consent(db, sam, {"ehc_plan": ALL_PARTS, "fe_college": ALL_PARTS, "adult_social_care": ALL_PARTS,
                                 "adult_mental_health": frozenset()}, "young.sam", role="young_person", at=STAMP)
    # Alex is under school-leaving age: his parent decides what the SEND team sees.
    store.save_consent(db, alex, {"ehc_plan": ALL_PARTS}, "parent.alex", role="parent_carer", at=STAMP)
    # The named worker's contact (NICE NG43), so the family pages can say how to reach her.
    # 01632 960xxx is Ofcom's range for drama: never a real number.
    store.set_contact(db, "worker.ann", email="ann.patel@eastshire.example", phone="01632 960 123")
