"""Synthetic outcome histories: what happened to each young person after 16, recorded as a
worker or the young person would have recorded it (planner.outcomes), and the young people
whose plans ended before the snapshot (the former plan holders of each cohort).

Every draw comes from random streams of their own (`"{area}-outcomes-{seed}"` for the
histories, `"{area}-former-{seed}"` for who the former plan holders are), never from the area's
main stream, so the people, episodes and aspirations the rest of the demo generates are exactly
as before. The shares and
their sources are in `planner.demo.outcome_spec`.

A person's main activity and home move along a latent position that persists from point to
point (`outcome_spec.RHO`), read through each point's published shares; where the person's
episodes say what they were doing (a college, a supported internship, supported living), the
episode wins, so a history never contradicts the record it sits beside.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from planner import schoolyear as sy
from planner.demo import outcome_spec as S
from planner.demo.people import ASPIRATIONS, FIRST_F, FIRST_M, SURNAMES, Chunk, _cum, _pick
from planner.demo.spec import ETHNICITY, NEED_BANDS, NEED_CODE, AreaSpec
from planner.models import Need
from planner.outcomes.record import (
    CHECK_IN_SOURCE,
    LEFT_THE_AREA,
    POINTS,
    Activity,
    AimAnswer,
    CeaseReason,
    Going,
    Living,
    Point,
)
from planner.outcomes.record import cohort as cohort_of
from planner.outcomes.record import window as point_window

DAY = dt.timedelta(days=1)
_PHI = NormalDist().cdf
_STEP = math.sqrt(1 - S.RHO ** 2)
_LIVING_STEP = math.sqrt(1 - S.LIVING_RHO ** 2)
CHECK_INS_FROM = dt.date.fromisoformat(S.CHECK_INS_FROM)
EDUCATION_EPISODES = {
    "secondary_school": Activity.SCHOOL_OR_COLLEGE, "special_school": Activity.SCHOOL_OR_COLLEGE,
    "school_sixth_form": Activity.SCHOOL_OR_COLLEGE, "special_school_post16": Activity.SCHOOL_OR_COLLEGE,
    "fe_college": Activity.SCHOOL_OR_COLLEGE, "specialist_post16": Activity.SCHOOL_OR_COLLEGE,
    "study_programme": Activity.TRAINING, "supported_internship": Activity.SUPPORTED_INTERNSHIP,
    "apprenticeship": Activity.APPRENTICESHIP, "higher_education": Activity.HIGHER_EDUCATION,
    "employment_with_support": Activity.PAID_WORK, "supported_employment": Activity.PAID_WORK,
}
HOUSING_EPISODES = {
    "supported_living": Living.SUPPORTED_LIVING, "residential_care": Living.RESIDENTIAL,
    "tenancy": Living.OWN_TENANCY, "shared_lives": Living.SHARED_LIVES,
    "care_leaver_accommodation": Living.SUPPORTED_LIVING, "looked_after_care": Living.OTHER,
}
ADULT_SERVICES = {"adult_social_care", "adult_mental_health", "nhs_chc", "primary_care_mh", "adult_specialties"}
CHILDRENS = {"camhs", "childrens_social_care", "childrens_continuing_care", "paediatrics"}


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    """A whole number of days from low to high (random.randint is slower by half)."""
    return dt.timedelta(days=low + int(rng.random() * (high - low + 1)))


def _table(shares: Mapping, tilt: Mapping | None, order: Sequence) -> tuple[list, list[float]]:
    weights = {k: v * (tilt or {}).get(k, 1.0) for k, v in shares.items()}
    keys = [k for k in order if weights.get(k)]
    return keys, list(itertools.accumulate(weights[k] for k in keys))


def _read(table: tuple[list, list[float]], u: float):
    keys, cum = table
    return keys[min(len(keys) - 1, bisect.bisect_right(cum, u * cum[-1]))]


@dataclass
class Extra:
    """What the histories add to a chunk of people."""

    records: list[dict] = field(default_factory=list)
    said: list[dict] = field(default_factory=list)


@dataclass
class _Episode:
    service: str
    start: dt.date
    end: dt.date | None


class Histories:
    """Outcome histories for one area's people, and its former plan holders."""

    def __init__(self, spec: AreaSpec, seed: int, snapshot: dt.date, stamp: str):
        self.spec, self.seed, self.snapshot, self.stamp = spec, seed, snapshot, stamp
        self.last = snapshot - DAY
        # One stream for the area's histories, apart from the main one; people are visited in
        # the generator's fixed order, so the same seed gives the same histories.
        self.rng = random.Random(f"{spec.id}-outcomes-{seed}")
        self._tables: dict[tuple, tuple[list, list[float]]] = {}

    # -- shared pieces ----------------------------------------------------------------------

    def _activity_table(self, sen: bool, point: Point, need: str | None) -> tuple[list, list[float]]:
        key = ("a", sen, point, need)
        if key not in self._tables:
            shares = (S.SEN_SUPPORT_ACTIVITY if sen else S.ACTIVITY)[point]
            self._tables[key] = _table(shares, S.NEED_TILT.get(need or ""), S.ACTIVITY_ORDER)
        return self._tables[key]

    def _living_table(self, point: Point, need: str | None) -> tuple[list, list[float]]:
        key = ("l", point, need)
        if key not in self._tables:
            self._tables[key] = _table(S.LIVING[point], S.LIVING_TILT.get(need or ""), S.LIVING_ORDER)
        return self._tables[key]

    def _date_in(self, rng: random.Random, start: dt.date, end: dt.date, near: dt.date) -> dt.date | None:
        """A day from start to end (and before the snapshot), near `near` (a review)."""
        end = min(end, self.last)
        if end < start:
            return None
        day = near + _days(rng, -120, 120)
        return min(max(day, start), end)

    def groups(self, row: dict, rng: random.Random) -> None:
        """The groups leaders could not see (outcome_spec: shares and sources)."""
        need, setting = row["primary_need"], row["setting"] or ""
        plan = bool(row["ehc_plan"]) or row.get("_former", False)
        scale = 1.0 if plan else 0.25 if row.get("sen_support") else 0.0
        if setting == "Independent special school":
            independent = True
        elif setting == "Specialist post-16 institution":
            independent = rng.random() < S.INDEPENDENT_SPECIALIST_POST16
        else:
            independent = rng.random() < S.INDEPENDENT_EARLIER * scale
        row["independent_placement"] = int(independent)
        row["out_of_area_placement"] = int(rng.random() < (S.OUT_OF_AREA_IF_INDEPENDENT if independent
                                                            else S.OUT_OF_AREA_OTHERWISE * scale))
        row["part_time_timetable"] = int(rng.random() < S.PART_TIME.get(need, S.PART_TIME_DEFAULT) * (scale or 0.5))
        yj = S.YOUTH_JUSTICE.get(need, S.YOUTH_JUSTICE_DEFAULT) * (1.5 if row["sex"] == "M" else 0.5)
        row["youth_justice"] = int(rng.random() < yj * (scale or 0.5))

    # -- one person ---------------------------------------------------------------------------

    def person(self, row: dict, episodes: Sequence[dict], aspirations: Mapping[str, str],
               cease: tuple[dt.date, CeaseReason] | None = None) -> Extra:
        """The outcome records and the aspirations said of one person (their group flags are set
        on `row`). `cease`: the day their plan ended and why (former plan holders)."""
        pid = row["id"]
        rng = self.rng
        self.groups(row, rng)
        out = Extra()
        dob = dt.date.fromisoformat(row["dob"])
        need = row["primary_need"]
        sen = bool(row.get("sen_support"))
        adult_care = any(e["service_id"] == "adult_social_care" for e in episodes)
        eps = [_Episode(e["service_id"], dt.date.fromisoformat(e["start"]),
                        dt.date.fromisoformat(e["end"]) if e["end"] else None) for e in episodes]
        by = row["worker"] or "demo"
        gain = S.COHORT_GAIN * (cohort_of(dob) - 2018)
        z, zl = rng.gauss(0, 1), rng.gauss(0, 1)
        since: tuple[Activity, dt.date] | None = None
        self._said(out, pid, dob, aspirations, rng, by, cease[0] if cease else self.last)
        ceased_recorded = False
        for k, point in enumerate(POINTS):
            start, end = point_window(point, dob)
            if start > self.last:
                break
            if k:
                z = S.RHO * z + _STEP * rng.gauss(0, 1)
                zl = S.LIVING_RHO * zl + _LIVING_STEP * rng.gauss(0, 1)
            # Near the birthday (the middle of the window), or in the autumn after Year 11.
            anchor = start + (191 if point is Point.YEAR11_END else 182) * DAY
            day = self._date_in(rng, start, end, anchor)
            if day is None:
                continue
            if cease and not ceased_recorded and cease[0] <= day:
                z = self._cease_record(out, row, dob, cease, z, rng, adult_care)
                ceased_recorded = True
                if cease[1] in LEFT_THE_AREA:
                    return out
            plan_open = bool(row["ehc_plan"]) or (cease is not None and day < cease[0])
            if plan_open:
                chance = S.RECORDED_PLAN_OPEN[point]
            elif sen:
                chance = S.RECORDED_SEN_SUPPORT[point]
            else:
                chance = S.RECORDED_ADULT_CARE if adult_care else S.RECORDED_AFTER_PLAN
            current = start <= self.snapshot <= end
            u = min(0.999, max(0.0, _PHI(z) + gain))
            activity = self._activity(row, eps, day, point, sen, need, u, current)
            if activity is None:
                continue  # "Not recorded" now: nothing known
            since = since if since and since[0] == activity else (activity, max(start, day - _days(rng, 14, 200)))
            living = self._living(eps, day, point, need, _PHI(zl), former=cease is not None)
            if rng.random() < chance:
                out.records.append(self._record(pid, day, point, activity, since[1], living, row, eps, rng, by,
                                                "annual review" if plan_open else self._source(sen, adult_care, point)))
            if end >= CHECK_INS_FROM:
                share = S.CHECK_IN_SHARE * (0.5 if cease and not plan_open else 1.0)
                if point is not Point.YEAR11_END and rng.random() < share:
                    first = max(start, CHECK_INS_FROM)
                    when = self._date_in(rng, first, end, max(first, day))
                    gone = cease and cease[1] in LEFT_THE_AREA and when is not None and when >= cease[0]
                    if when is not None and not gone:
                        doing = self._activity(row, eps, when, point, sen, need, u, current) or activity
                        home = self._living(eps, when, point, need, _PHI(zl), former=cease is not None)
                        out.records.append(self._check_in(pid, when, doing, home, row, aspirations, rng))
        if cease and not ceased_recorded and cease[0] <= self.last:
            self._cease_record(out, row, dob, cease, z, rng, adult_care)
        return out

    def _source(self, sen: bool, adult_care: bool, point: Point) -> str:
        if adult_care:
            return "adult social care"
        if point in (Point.YEAR11_END, Point.AGE_17, Point.AGE_18):
            return "careers adviser (NCCIS)"
        return "the young person" if sen else "careers adviser (NCCIS)"

    def _activity(self, row, eps, day, point, sen, need, u, current: bool) -> Activity | None:
        for e in eps:
            if e.service in EDUCATION_EPISODES and e.start <= day and (e.end is None or day <= e.end):
                return EDUCATION_EPISODES[e.service]
        if current and (row["ehc_plan"] or sen) and row["setting"] in ("NEET", "Not recorded"):
            return Activity.NEET if row["setting"] == "NEET" else None
        return _read(self._activity_table(sen, point, need), u)

    def _living(self, eps, day, point, need, u, former: bool) -> Living:
        for e in eps:
            if e.service in HOUSING_EPISODES and e.start <= day and (e.end is None or day <= e.end):
                return HOUSING_EPISODES[e.service]
        # Today's people: their housing episodes are the B2 shares already; former plan holders'
        # homes follow the published shares.
        return _read(self._living_table(point, need), u) if former else Living.WITH_FAMILY

    def _record(self, pid, day, point, activity, since, living, row, eps, rng, by, source) -> dict:
        dob = dt.date.fromisoformat(row["dob"])
        adult = point not in (Point.YEAR11_END, Point.AGE_17)
        rec = _blank(pid, day, source, by, self.stamp)
        rec["activity"] = activity.value
        rec["activity_since"] = min(since, day).isoformat()
        places = S.PLACES.get(activity)
        if places:
            rec["activity_where"] = rng.choice(places).format(area=self.spec.name)
        if activity in (Activity.PAID_WORK, Activity.APPRENTICESHIP):
            full = rng.random() < S.FULL_TIME_SHARE or activity is Activity.APPRENTICESHIP
            rec["paid_hours"] = float(16 + int(rng.random() * 22) if full else 2 + int(rng.random() * 14))
        if adult or rng.random() < 0.5:
            rec["living"] = living.value
        if adult and rng.random() < 0.7:
            rec["adult_gp"] = int(rng.random() < S.ADULT_GP)
            if row["ld_register"]:
                rec["health_check"] = int(rng.random() < S.health_check_share(day.year))
            if any(e.service in CHILDRENS for e in eps):
                started = any(e.service in ADULT_SERVICES and e.start <= day for e in eps)
                rec["adult_services"] = int(started or rng.random() < S.ADULT_SERVICES_WITHOUT_EPISODE)
        if rng.random() < 0.55:
            need = row["primary_need"]
            older = 0.05 * max(0, sy.age_on(dob, day) - 16)
            rec["friends"] = int(rng.random() < S.FRIENDS)
            rec["activities"] = int(rng.random() < S.ACTIVITIES)
            rec["travels_independently"] = int(rng.random() < S.TRAVELS_ALONE.get(need, S.TRAVELS_DEFAULT) + older)
        return rec

    def _check_in(self, pid, day, activity, living, row, aspirations, rng) -> dict:
        rec = _blank(pid, day, CHECK_IN_SOURCE, f"young.{pid}", self.stamp)
        rec["by_young_person"] = 1
        rec["activity"] = activity.value
        rec["living"] = living.value
        rec["friends"] = int(rng.random() < S.FRIENDS)
        rec["activities"] = int(rng.random() < S.ACTIVITIES)
        good = activity in (Activity.PAID_WORK, Activity.APPRENTICESHIP, Activity.SUPPORTED_INTERNSHIP,
                            Activity.HIGHER_EDUCATION)
        bad = activity is Activity.NEET
        weights = (65, 25, 10) if good else (10, 30, 60) if bad else (45, 40, 15)
        rec["going"] = rng.choices((Going.WELL, Going.OK, Going.NOT_WELL), weights)[0].value
        answers = (AimAnswer.YES, AimAnswer.PARTLY, AimAnswer.NO)
        for outcome in aspirations:
            if outcome == "employment":
                w = weights
            elif outcome == "independent_living":
                w = (60, 30, 10) if living is not Living.WITH_FAMILY else (40, 40, 20)
            elif outcome == "community_inclusion":
                w = (60, 30, 10) if rec["friends"] and rec["activities"] else (20, 40, 40)
            else:
                w = (50, 35, 15)
            rec[f"aim_{outcome}"] = rng.choices(answers, w)[0].value
        return rec

    def _cease_record(self, out: Extra, row, dob, cease, z, rng, adult_care) -> float:
        """The record made when the plan ended, with its SEN2 reason; the person's latent
        position moves with the reason (no longer engaging: low; employed: high)."""
        day, reason = cease
        rec = _blank(row["id"], day, "EHC plan ended (SEN2 return)", "demo", self.stamp)
        rec["cease_reason"] = int(reason)
        activity = S.CEASE_ACTIVITY.get(reason)
        if reason is CeaseReason.NEEDS_MET:
            activity = Activity.SCHOOL_OR_COLLEGE if rng.random() < 0.7 else Activity.TRAINING
        if activity is not None:
            rec["activity"] = activity.value
            rec["activity_since"] = day.isoformat()
        out.records.append(rec)
        return {CeaseReason.NO_ENGAGEMENT: min(z, -0.6), CeaseReason.EMPLOYED: max(z, 1.3),
                CeaseReason.HIGHER_EDUCATION: max(z, 0.8)}.get(reason, z)

    def _said(self, out: Extra, pid, dob, aspirations, rng, by, until: dt.date) -> None:
        """What they said they wanted at 14, 16 and 18 (reviews before `until`); the last one is
        their words now."""
        if not aspirations:
            return
        reviews = sorted({min(sy.anniversary(dob, a) + _days(rng, 30, 300), until) for a in (14, 16, 18)})
        for outcome, words in aspirations.items():
            days = reviews or [until]
            said = [words]
            for _ in days[:-1]:
                said.insert(0, said[0] if rng.random() < S.SAID_AGAIN else rng.choice(ASPIRATIONS[outcome]))
            last = None
            for d, w in zip(days, said, strict=True):
                if w != last:  # kept when the words change, as store.save_aspirations keeps them
                    out.said.append({"person_id": pid, "outcome": outcome, "words": w, "said_on": d.isoformat(),
                                     "recorded_by": by})
                last = w

    # -- former plan holders ------------------------------------------------------------------

    def former_counts(self) -> dict[int, int]:
        """How many of each age today had a plan that ended (outcome_spec.PLAN_GROWTH)."""
        ages = self.spec.ehc_ages
        at17 = ages.get(17, 0)
        return {a: max(0, round(at17 / S.PLAN_GROWTH ** (a - 17) - ages.get(a, 0))) for a in range(18, 26)}

    def former_sen_support(self) -> dict[int, int]:
        """Young people aged 20 to 25 who had SEN support without a plan and whom the
        preparing-for-adulthood team knew: the B2 SEN support aged 16-19 (46% of them) spread
        over four years of age, 30% of them known to the team (as the main generator) [A]."""
        per_year = self.spec.sen_support * 0.46 / 4 * 0.30
        return {a: round(per_year) for a in range(20, 26)} if per_year else {}

    def former_total(self) -> int:
        return sum(self.former_counts().values()) + sum(self.former_sen_support().values())

    def former(self, size: int = 2000) -> Iterator[tuple[Chunk, Extra]]:
        """The area's former plan holders (and, where the area records SEN support, young people
        aged 20 to 25 who had it), in chunks, with their histories."""
        rng = random.Random(f"{self.spec.id}-former-{self.seed}")
        needs = [_cum({k: v[b] for k, v in NEED_BANDS.items()}) for b in (1, 2)]
        ethnicity = _cum(ETHNICITY)
        reasons = {band: _cum(shares) for band, shares in S.CEASE_REASONS.items()}
        chunk, extra, n = Chunk(), Extra(), 0
        year = sy.school_year_start_year(self.snapshot)
        people = [(a, "ehc") for a, count in self.former_counts().items() for _ in range(count)]
        people += [(a, "sen_support") for a, count in self.former_sen_support().items() for _ in range(count)]
        for age, kind in people:
            n += 1
            row, eps, aspirations, cease = self._former_person(n, age, year, rng, needs, ethnicity, reasons, kind)
            chunk.people.append(row)
            chunk.episodes.extend(eps)
            more = self.person(row, eps, aspirations, cease)
            row.pop("_former", None)
            extra.records += more.records
            extra.said += more.said
            if len(chunk.people) >= size:
                yield chunk, extra
                chunk, extra = Chunk(), Extra()
        if chunk.people:
            yield chunk, extra

    def _former_person(self, n, age, year, rng, needs, ethnicity, reasons, kind):
        first = dt.date(year - age - 1, 9, 1)
        last = dt.date(year - age, 8, 31)
        if age >= 25:
            first = max(first, sy.anniversary(self.snapshot, -26) + DAY)
        dob = first + rng.randrange((last - first).days + 1) * DAY
        male = rng.random() < 0.71
        need = NEED_CODE[_pick(rng, needs[0 if age <= 19 else 1])]  # "Not recorded" is a blank
        local_id = f"{'F' if kind == 'ehc' else 'S'}{n:06d}"
        pid = f"{self.spec.id}-{local_id}"
        if kind == "sen_support" and need in (Need.PMLD, Need.SLD, Need.MSI):
            need = rng.choice((Need.SPLD, Need.MLD, Need.SLCN, Need.SEMH)).value  # as the main generator
        weights = {a: w for a, w in S.CEASE_AGE_WEIGHT.items() if a <= age}
        cease_age = rng.choices(list(weights), list(weights.values()))[0]
        reason = _pick(rng, reasons["18" if cease_age <= 18 else "19" if cease_age == 19 else "20+"])
        if reason is CeaseReason.MAX_AGE:
            cease_age = 25 if age >= 25 else cease_age
            reason = reason if cease_age == 25 else CeaseReason.NO_ENGAGEMENT
        day = sy.anniversary(dob, cease_age) + rng.randrange(365) * DAY
        if reason is CeaseReason.MAX_AGE:
            day = sy.fe_academic_year_end_at_25(dob)
        day = min(day, self.last)
        row = {
            "id": pid, "area": self.spec.id, "local_id": local_id,
            "name": f"{rng.choice(FIRST_M if male else FIRST_F)} {rng.choice(SURNAMES)}",
            "dob": dob.isoformat(), "sex": "M" if male else "F", "ethnicity": _pick(rng, ethnicity),
            "primary_need": need, "secondary_need": None, "setting": None, "worker": None, "ehc_plan": 0,
            "known_to_pfa": 1, "version": 1, "updated_by": "demo", "updated_at": self.stamp,
            "_former": kind == "ehc", "sen_support": int(kind == "sen_support"),
            # B2 (as the main generator): on the GP learning disability register by need.
            "ld_register": int(rng.random() < {Need.MLD: 0.55, Need.SLD: 0.95, Need.PMLD: 0.95}.get(need, 0.04)),
        }
        csa = sy.csa_end(dob)
        school = "special_school" if need in (Need.SLD, Need.PMLD) else "secondary_school"
        eps = [{"person_id": pid, "service_id": school, "start": dt.date(csa.year - 5, 9, 1).isoformat(),
                "end": csa.isoformat(), "end_actual": 1}]
        post16 = sy.post16_transfer(dob)
        if day > post16 and rng.random() < 0.85:
            eps.append({"person_id": pid, "service_id": "fe_college", "start": post16.isoformat(),
                        "end": max(post16, min(day, dt.date(post16.year + 2 + (cease_age >= 20), 7, 31))).isoformat(),
                        "end_actual": 1})
        aspirations = {o: rng.choice(p) for o, p in ASPIRATIONS.items() if rng.random() < 0.42}
        if kind == "sen_support":
            return row, eps[:1], aspirations if rng.random() < 0.3 else {}, None
        return row, eps, aspirations, (day, reason)


def _blank(pid: str, day: dt.date, source: str, by: str, stamp: str) -> dict:
    return {"person_id": pid, "observed_on": day.isoformat(), "source": source, "by_young_person": 0,
            "activity": None, "paid_hours": None, "activity_where": "", "activity_since": None, "living": None,
            "adult_gp": None, "health_check": None, "adult_services": None, "friends": None, "activities": None,
            "travels_independently": None, "going": None, "aim_employment": None, "aim_independent_living": None,
            "aim_community_inclusion": None, "aim_good_health": None, "cease_reason": None, "note": "",
            "recorded_by": by, "recorded_at": stamp}


def for_chunk(h: Histories, chunk: Chunk) -> Extra:
    """Histories for a chunk of the area's people (group flags set on the rows)."""
    episodes: dict[str, list[dict]] = {}
    for e in chunk.episodes:
        episodes.setdefault(e["person_id"], []).append(e)
    aspirations: dict[str, dict[str, str]] = {}
    for a in chunk.aspirations:
        aspirations.setdefault(a["person_id"], {})[a["outcome"]] = a["words"]
    out = Extra()
    for row in chunk.people:
        more = h.person(row, episodes.get(row["id"], []), aspirations.get(row["id"], {}))
        out.records += more.records
        out.said += more.said
    return out
