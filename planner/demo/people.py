"""One synthetic person at a time, history first (planner.demo describes the rules of thumb).

Shares are from figures-and-cohort.md B2 and A4; each is named where it is used. Service ids
are the shared vocabulary of team.md (pathways/*.yaml).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from planner import schoolyear as sy
from planner.demo.spec import ETHNICITY, NEED_BANDS, NEED_CODE, SECONDARY, SETTINGS, AreaSpec

DAY = dt.timedelta(days=1)
HEAVY = ("SLD", "PMLD", "PD", "MSI")
CASELOAD = 135  # EHC plans per SEND caseworker [A]

FIRST_M = ("Aaron", "Ali", "Ben", "Callum", "Daniel", "Ethan", "Finley", "George", "Harry", "Isaac",
           "Jack", "Jayden", "Kai", "Leo", "Logan", "Mason", "Noah", "Oliver", "Oscar", "Reuben",
           "Riley", "Ryan", "Sami", "Theo", "Tyler", "Yusuf", "Zach", "Owen", "Dylan", "Kian")
FIRST_F = ("Amelia", "Ava", "Chloe", "Ella", "Emily", "Freya", "Grace", "Hannah", "Isla", "Jade",
           "Layla", "Lily", "Maya", "Mia", "Niamh", "Olivia", "Poppy", "Rosie", "Ruby", "Sophie",
           "Zara", "Aisha", "Evie", "Holly", "Imogen")
SURNAMES = ("Adams", "Ahmed", "Baker", "Bennett", "Brooks", "Carter", "Clarke", "Cole", "Davies",
            "Edwards", "Evans", "Fisher", "Green", "Hall", "Harris", "Hughes", "Hussain", "Jones",
            "Khan", "King", "Lewis", "Marsh", "Mitchell", "Moore", "Morris", "Nash", "Owen",
            "Palmer", "Parker", "Price", "Reed", "Roberts", "Shaw", "Smith", "Stone", "Turner",
            "Walker", "Ward", "Webb", "White", "Wilson", "Wood", "Wright", "Young")
ASPIRATIONS = {
    "employment": ("I want a job with animals.", "I want to work in a shop.", "I want to be a chef.",
                   "I want to work with computers.", "I want to do an apprenticeship in building.",
                   "I would like to help in a nursery.", "I want to work outdoors, maybe gardening."),
    "independent_living": ("I want to live with friends one day.", "I want to stay at home with my family for now.",
                           "I want my own flat with some support.", "I want to learn to cook and do my washing."),
    "community_inclusion": ("I want to keep going to my drama club.", "I want to travel on the bus by myself.",
                  "I want to see my friends at weekends.", "I want to go to the gym.", "I want to play football."),
    "good_health": ("I want to understand my medicines.", "I want to feel less anxious.",
               "I want to see the same doctor.", "I want to keep fit and sleep better."),
}


def _cum(weights) -> tuple[list, list[float]]:
    keys = list(weights)
    return keys, list(itertools.accumulate(weights[k] for k in keys))


def _pick(rng: random.Random, table: tuple[list, list[float]]):
    keys, cum = table
    return keys[bisect.bisect_right(cum, rng.random() * cum[-1])]


@dataclass
class Chunk:
    people: list[dict] = field(default_factory=list)
    episodes: list[dict] = field(default_factory=list)
    aspirations: list[dict] = field(default_factory=list)


def _deal(weights: dict[str, float], total: int, rng: random.Random) -> list[str]:
    """`total` labels in proportion to `weights` (largest remainder), shuffled."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[k] += 1
    out = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def _band(age: int) -> int:
    """Index into the A4 settings columns: 14-15, 16-17, 18-19, 20-25."""
    return 0 if age <= 15 else 1 if age <= 17 else 2 if age <= 19 else 3


class Generator:
    """People of one area, generated in a fixed order from one seeded random stream."""

    def __init__(self, spec: AreaSpec, rng: random.Random, snapshot: dt.date, stamp: str):
        self.spec, self.rng, self.snapshot, self.stamp = spec, rng, snapshot, stamp
        self.year = sy.school_year_start_year(snapshot)
        n_ehc = sum(spec.ehc_ages.values())
        self.n_workers = max(1, math.ceil(n_ehc / CASELOAD))
        self.settings = [_cum({k: v[b] for k, v in SETTINGS.items()}) for b in range(4)]
        needs = []
        for b in range(3):
            w = {k: v[b] for k, v in NEED_BANDS.items()}
            w["ASD"] *= spec.asd_tilt
            w["SEMH"] /= spec.asd_tilt
            needs.append(_cum(w))
        self.needs = needs
        self.ethnicity = _cum(ETHNICITY)
        self.secondary = SECONDARY
        # Tilted shares (more CAMHS with SEMH...) are divided by the tilt's mean over the 14-19
        # need mix, so the area's overall share stays the B2 figure.
        mix = {k: v[0] + v[1] for k, v in NEED_BANDS.items()}
        total = sum(mix.values())
        self.mean = lambda tilt: sum(tilt(k) * w for k, w in mix.items()) / total  # noqa: E731
        self.tilt_cla = self.mean(lambda n: 1.5 if n == "SEMH" else 1.0)
        self.tilt_cwd = self.mean(lambda n: 1.8 if n in HEAVY else 1.0)
        self.tilt_camhs = self.mean(lambda n: 1.5 if n in ("SEMH", "ASD") else 0.6)
        self.tilt_paed = self.mean(lambda n: 2.0 if n in HEAVY else 0.8)
        self.caseload: list[tuple[str, str]] = []
        self.counter = 0

    # -- the cohort, in a fixed order -------------------------------------------------------

    def _cohort(self) -> Iterator[tuple[int, str, str | None]]:
        """(age, kind, need) for every person: the EHC plan ages exactly as the spec with the B2
        need counts of each band dealt out (not drawn), then SEN support (about 2,700 aged
        14-15 and 2,300 aged 16-19 of 5,000, B2), then adult social care without a plan."""
        rng = self.rng
        ages = [a for a, n in self.spec.ehc_ages.items() for _ in range(n)]
        rng.shuffle(ages)
        dealt: list[list[str]] = []
        for b, (lo, hi) in enumerate(((14, 15), (16, 19), (20, 25))):
            total = sum(n for a, n in self.spec.ehc_ages.items() if lo <= a <= hi)
            keys, cum = self.needs[b]
            weights = {k: c - (cum[i - 1] if i else 0) for i, (k, c) in enumerate(zip(keys, cum, strict=True))}
            dealt.append(_deal(weights, total, rng))
        for age in ages:
            yield age, "ehc", dealt[0 if age <= 15 else 1 if age <= 19 else 2].pop()
        n = self.spec.sen_support
        young = round(n * 0.54)
        for i in range(n):
            yield (rng.choice((14, 15)) if i < young else rng.choice((16, 17, 18, 19))), "sen_support", None
        for _ in range(self.spec.asc_without_plan):
            yield rng.randint(18, 24), "asc", None

    def chunks(self, size: int) -> Iterator[Chunk]:
        chunk = Chunk()
        for age, kind, need in self._cohort():
            self._person(chunk, age, kind, need)
            if len(chunk.people) >= size:
                yield chunk
                chunk = Chunk()
        if chunk.people:
            yield chunk

    def workers(self) -> list[dict]:
        out = []
        for k in range(self.n_workers):
            if k == 0 and self.spec.id in ("eastshire", "westmere"):
                out.append({"username": "worker.ann", "display_name": "Ann Patel", "team_id": "send_team",
                            "password": "transition-demo"})
            else:
                out.append({"username": self._worker(k), "display_name": f"Caseworker {k + 1}", "team_id": "send_team"})
        return out

    def caseload_rows(self) -> list[dict]:
        return [{"worker": w, "person_id": p, "since": s} for w, p, s in self.caseload]

    def _worker(self, k: int) -> str:
        if k == 0 and self.spec.id in ("eastshire", "westmere"):
            return "worker.ann"
        return f"worker.{self.spec.id}.{k + 1:03d}"

    # -- one person -------------------------------------------------------------------------

    def _dob(self, age: int) -> dt.date:
        """Born in the school year that makes `age` the school-year age at the snapshot, and
        still under 26 on the snapshot day (a plan ends the day before the 26th birthday)."""
        first = dt.date(self.year - age - 1, 9, 1)
        last = dt.date(self.year - age, 8, 31)
        if age >= 25:
            first = max(first, sy.anniversary(self.snapshot, -26) + DAY)
        return first + self.rng.randrange((last - first).days + 1) * DAY

    def _person(self, chunk: Chunk, age: int, kind: str, need: str | None) -> None:
        rng = self.rng
        self.counter += 1
        local_id = f"{self.counter:06d}"
        pid = f"{self.spec.id}-{local_id}"
        dob = self._dob(age)
        male = rng.random() < 0.71  # B2: 71% male
        need = need or _pick(rng, self.needs[0 if age <= 15 else 1 if age <= 19 else 2])
        if kind == "sen_support" and need in ("PMLD", "SLD", "MSI") and rng.random() < 0.8:
            need = rng.choice(("SPLD", "MLD", "SLCN", "SEMH"))  # the most complex needs mostly have plans
        second = None
        if rng.random() < 0.35:  # B2: about 35% have a secondary need
            second = self.secondary.get(need) if rng.random() < 0.7 else None
            second = second or _pick(rng, self.needs[1])
            second = None if second == need else second
        row = {
            "id": pid, "area": self.spec.id, "local_id": local_id,
            "name": f"{rng.choice(FIRST_M if male else FIRST_F)} {rng.choice(SURNAMES)}",
            "dob": dob.isoformat(), "sex": "M" if male else "F", "ethnicity": _pick(rng, self.ethnicity),
            "upn": f"X{zlib.crc32(pid.encode()) % 10**12:012d}", "uln": f"9{zlib.crc32(b'uln-' + pid.encode()) % 10**9:09d}",
            "primary_need": NEED_CODE[need], "secondary_need": NEED_CODE.get(second), "setting": None, "worker": None,
            "ehc_plan": int(kind == "ehc"), "plan_issued": None, "last_review": None,
            "assessment_request": None, "post16_move": None, "looked_after": 0, "looked_after_since": None,
            "care_leaver": 0, "childrens_social_care": 0, "continuing_care": 0, "camhs": 0, "secondary_mh_need": None,
            "paediatrics": 0, "ld_register": 0, "dla": 0, "uc_exception": 0, "entered_services": None,
            "known_to_pfa": int(kind == "ehc" or (kind == "sen_support" and rng.random() < 0.30)),
            "young_carer": int(rng.random() < 0.03), "parent_consent": 0, "sen_support": int(kind == "sen_support"),
            "version": 1, "updated_by": "demo", "updated_at": self.stamp,
        }
        eps: list[dict] = []

        def episode(service: str, start: dt.date, end: dt.date | None, ended: bool = False) -> None:
            start = max(start, dob)
            if end is not None and end < start:
                end = start
            eps.append({"person_id": pid, "service_id": service, "start": start.isoformat(),
                        "end": end.isoformat() if end else None, "end_actual": int(ended)})

        heavy = need in HEAVY
        if kind == "ehc":
            self._plan(row, dob, age)
            k = self.rng.randrange(self.n_workers)
            row["worker"] = self._worker(k)
            self.caseload.append((row["worker"], pid, "2025-09-01"))
        self._education(row, dob, age, kind, episode)
        if kind != "asc":
            self._children_and_health(row, dob, age, need, heavy, episode)
        self._adult(row, dob, age, kind, heavy, episode)
        if row["childrens_social_care"] or row["continuing_care"] or row["camhs"] or row["paediatrics"] or row["looked_after"]:
            first = min(e["start"] for e in eps) if eps else row["dob"]
            row["entered_services"] = first
        chunk.people.append(row)
        chunk.episodes.extend(eps)
        if kind == "ehc" and rng.random() < 0.6:  # aspirations recorded at a review (60% [A])
            for outcome, phrases in ASPIRATIONS.items():
                if rng.random() < 0.7:
                    chunk.aspirations.append({"person_id": pid, "outcome": outcome, "words": rng.choice(phrases),
                                              "updated_by": row["worker"] or "demo", "updated_at": self.stamp})

    def _plan(self, row: dict, dob: dt.date, age: int) -> None:
        """Plan issued at an age peaking in primary school, 16% at 14 or later (A1); request
        20 weeks before (later where the area is slow); reviews on the anniversary."""
        rng, snap = self.rng, self.snapshot
        latest = min(age, 25)
        if rng.random() < 0.16 or latest < 5:
            issue_age = rng.randint(14, max(14, latest))
        else:
            issue_age = min(int(rng.triangular(3, 14, 8)), latest)
        issued = sy.anniversary(dob, issue_age) + rng.randrange(365) * DAY
        issued = min(issued, snap - rng.randint(20, 120) * DAY)
        issued = max(issued, dob + 365 * DAY)
        weeks = rng.uniform(12, 20) if rng.random() < self.spec.rate_20wk else (
            rng.uniform(52, 80) if rng.random() < 0.13 else rng.uniform(20, 52))
        row["plan_issued"] = issued.isoformat()
        row["assessment_request"] = max(dob, issued - dt.timedelta(weeks=weeks)).isoformat()
        years = 0
        while sy.add_months(issued, 12 * (years + 1)) <= snap:
            years += 1
        if years:
            review = sy.add_months(issued, 12 * years) + rng.randint(-28, 14) * DAY
            if age == 15:  # Year 11: the phase-transfer review lands in the autumn, before 31 March (E-5)
                review = dt.date(self.year, 10, 1) + rng.randrange(100) * DAY
            if rng.random() < 0.12:  # reviews that slipped: the last one was over a year ago
                review = sy.add_months(review, -rng.randint(3, 9))
            review = min(max(review, issued), snap - DAY)
            row["last_review"] = review.isoformat()

    def _education(self, row, dob, age, kind, episode) -> None:
        """Setting from A4 by band (SEN support: mainstream or college); the episode of each
        setting ends at the milestone it runs to."""
        rng = self.rng
        if kind == "asc":
            row["setting"] = "NEET" if rng.random() < 0.7 else "FE college"
        elif kind == "sen_support":
            row["setting"] = "Mainstream school" if age <= 15 else rng.choices(
                ("FE college", "Mainstream school", "Other training provider", "NEET"), (70, 15, 5, 10))[0]
        else:
            row["setting"] = _pick(rng, self.settings[_band(age)])
        setting = row["setting"]
        y7 = dt.date(sy.school_year_start_year_of_birthday(dob, 12), 9, 1)
        csa = sy.csa_end(dob)
        post16 = sy.post16_transfer(dob)
        special = "special" in setting.lower() or (row["primary_need"] in ("SLD", "PMLD") and setting in ("NEET", "Not recorded", "EOTAS"))
        school = "special_school" if special else "secondary_school"
        july_after = lambda years: dt.date(post16.year + years, 7, 31)  # noqa: E731
        if age <= 15:
            if setting in ("Mainstream school", "State special school", "Independent special school", "Alternative provision"):
                episode(school, y7, csa)
            return
        episode(school, y7, csa, ended=True)  # the history: Years 7 to 11
        if setting == "Mainstream school":
            episode("school_sixth_form", post16, july_after(2))
        elif "special school" in setting:
            episode("special_school_post16", post16, july_after(3))
        elif setting == "FE college":
            start = post16 if age <= 18 or rng.random() < 0.4 else dt.date(self.year - rng.randint(0, 1), 9, 1)
            end = dt.date(self.year + rng.randint(1, 2), 7, 31)
            if row["ehc_plan"] and age >= 20:
                end = min(end, sy.fe_academic_year_end_at_25(dob))
            episode("fe_college", start, end)
        elif setting == "Specialist post-16 institution":
            episode("specialist_post16", dt.date(self.year - rng.randint(0, 2), 9, 1), dt.date(self.year + rng.randint(0, 2), 7, 31))
        elif setting == "Other training provider":
            # B2: supported internships mostly at 18+, apprenticeships rarer.
            service = "supported_internship" if (age >= 17 and rng.random() < 0.7) else "apprenticeship"
            start = dt.date(self.year, 9, 1)
            episode(service, start, dt.date(self.year + 1, 7, 31))
        elif setting == "EOTAS":
            episode("study_programme", dt.date(self.year, 9, 1), dt.date(self.year + 1, 7, 31))

    def _children_and_health(self, row, dob, age, need, heavy, episode) -> None:
        """Children's services (B2 care status and health tables) end the day before the 18th
        birthday: the handovers the planner exists to schedule."""
        rng, snap = self.rng, self.snapshot
        b18 = sy.day_before_birthday(dob, 18)
        b16 = sy.day_before_birthday(dob, 16)
        ehc = row["ehc_plan"]
        scale = 1.0 if ehc else 0.5  # SEN support: fewer children's services open [A]

        turned18 = snap > b18  # school-year age 17 but already 18: the episode has ended

        def since(max_years: float) -> dt.date:
            return min(snap, b18) - int(rng.uniform(0.2, max_years) * 365) * DAY

        def child(service: str, max_years: float) -> None:
            episode(service, since(max_years), b18, ended=turned18)

        if age <= 17:
            cla = rng.random() < (0.04 * (1.5 if need == "SEMH" else 1.0) / self.tilt_cla) * scale  # B2: 4% looked after
            if cla:
                row["care_leaver" if turned18 else "looked_after"] = 1
                row["looked_after_since"] = max(since(10), dob + 365 * DAY).isoformat()
                episode("looked_after_care", dt.date.fromisoformat(row["looked_after_since"]), b18, ended=turned18)
            cin = rng.random() < 0.08 * scale  # child in need / protection
            cwd = rng.random() < (0.12 * (1.8 if heavy else 1.0) / self.tilt_cwd) * scale  # disability team / short breaks
            if cla or cin or cwd:
                row["childrens_social_care"] = 1
                child("childrens_social_care", 8)
            if cwd:
                child("short_breaks", 6)
            camhs_p = 0.18 * (1.5 if need in ("SEMH", "ASD") else 0.6) / self.tilt_camhs
            if rng.random() < camhs_p * scale:  # B2: 18% open to CAMHS, more with SEMH or ASD
                row["camhs"] = 1
                child("camhs", 4)
                # B2: about half of CAMHS leavers need ongoing secondary care (the rest go to
                # primary care or the voluntary sector). A separate stream keeps every other
                # draw, and so the rest of the area, as it was.
                row["secondary_mh_need"] = int(random.Random(f"{row['id']}-mh").random() < 0.5)
            if rng.random() < (0.20 * (2.0 if heavy else 0.8) / self.tilt_paed) * scale:  # B2: 20% community paediatrics
                row["paediatrics"] = 1
                child("paediatrics", 12)
            if ehc and rng.random() < (0.008 * (6 if need in ("PMLD", "MSI", "PD") else 0.5)):  # B2: ~0.8%
                row["continuing_care"] = 1
                child("childrens_continuing_care", 8)
            if ehc and "special" in (row["setting"] or "").lower() and rng.random() < 0.5:
                episode("home_to_school_transport", dt.date(self.year, 9, 1), sy.csa_end(dob) if age <= 15 else b18)
            if age <= 15 and rng.random() < 0.4:
                episode("careers_guidance", dt.date(sy.school_year_start_year_of_birthday(dob, 14), 9, 1), sy.csa_end(dob))
        # Benefits: DLA to 16, then PIP (B2: 55% / 60%).
        if rng.random() < (0.55 if age <= 17 else 0.60) * scale:
            if snap <= b16:
                row["dla"] = 1
                episode("dla_child", since(8), b16)
            else:
                episode("dla_child", dob + 5 * 365 * DAY, b16, ended=True)
                episode("pip", b16 + DAY, None)
        ld_p = {"MLD": 0.55, "SLD": 0.95, "PMLD": 0.95}.get(need, 0.04)
        if rng.random() < ld_p * (1 if ehc else 0.4):  # B2: 19% / 23% on the GP LD register
            row["ld_register"] = 1
            episode("ld_annual_health_check", sy.anniversary(dob, 14), None)

    def _adult(self, row, dob, age, kind, heavy, episode) -> None:
        """18 and over: care leavers, adult social care, housing, health and work (B2)."""
        if age < 18:
            return
        rng, snap = self.rng, self.snapshot
        b18 = sy.anniversary(dob, 18)
        after18 = lambda: b18 + rng.randrange(max(1, (snap - b18).days)) * DAY  # noqa: E731
        if kind == "asc":
            episode("adult_social_care", after18(), None)
            if rng.random() < 0.3:
                episode("supported_living", after18(), None)
            return
        if rng.random() < 0.045:  # B2: care leavers 4.5% of 18-25
            row["care_leaver"] = 1
            row["looked_after_since"] = (dob + rng.randint(8, 16) * 365 * DAY).isoformat()
            episode("looked_after_care", dt.date.fromisoformat(row["looked_after_since"]), b18 - DAY, ended=True)
            episode("leaving_care", b18, sy.day_before_birthday(dob, 25))
            if rng.random() < 0.6:
                episode("care_leaver_accommodation", after18(), None)
        if row["ehc_plan"] and rng.random() < (0.25 * (1.8 if heavy else 0.8)):  # B2: 25% long-term ASC
            episode("adult_social_care", after18(), None)
        r = rng.random()  # B2 housing for 18-25: supported living 5%, residential 2%, tenancy 5%
        if r < 0.05:
            episode("supported_living", after18(), None)
        elif r < 0.07:
            episode("residential_care", after18(), None)
        elif r < 0.12:
            episode("tenancy", after18(), None)
        elif r < 0.14:
            episode("shared_lives", after18(), None)
        if rng.random() < 0.07:  # B2: adult mental health 7%
            episode("adult_mental_health", after18(), None)
        if rng.random() < 0.006 * (4 if heavy else 0.3):  # B2: adult CHC 0.6%
            episode("nhs_chc", b18, None)
        if rng.random() < 0.04:  # B2: a paid job (any hours) 4%
            episode("employment_with_support", after18(), None)
        if rng.random() < 0.3:
            row["uc_exception"] = 1
            episode("universal_credit", after18(), None)
