"""The commissioner's outcomes view: what the area's young people achieve after 18.

For each indicator (`INDICATORS`: in education, employment or training at 19 and 21; in paid
work at 21 and 25; living independently or with support at 21 and 25; in settled
accommodation at 21; an annual health check at 19 and 21), the young people in scope are
those whose window for the point (planner.outcomes.record.window: six months either side of
the birthday) is over by the as-of date and who had not left the area (a plan ended because
they moved or died) by its end. Each is counted once: met, not met, or not known (no record in
the window gives the fact). Not known is kept in the denominator, as the DfE's destination
measures keep "activity not captured", so an area that does not know cannot look better.

Breakdowns (`DIMENSIONS`): the cohort (the year they turned 18: the trend year on year), the
primary need, the area, EHC plan (now or ended) or SEN support, and the groups leaders could
not see (SEN support, part-time timetable, out-of-area placement, independent placement, youth
justice). Against the young people's own aims: for each outcome, their latest answer to "is it
going the way you wanted?". Against national figures where published (`National`, each cited;
/work/notes/outcomes-figures.md). Every table goes through planner.need.disclosure; percentages
are worked out from the released, rounded figures only.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from planner.models import Outcome
from planner.need.disclosure import ReleasedTable, release_table
from planner.need.report import View
from planner.outcomes.record import (
    EET,
    INDEPENDENT_OR_SUPPORTED,
    LEFT_THE_AREA,
    PAID,
    SETTLED,
    Activity,
    AimAnswer,
    CeaseReason,
    Living,
    Point,
    cohort,
    window,
)
from planner.store import figures
from planner.store import outcomes as store_outcomes

RECORD_COLUMNS = ("activity", "paid_hours", "living", "health_check", "cease_reason", "aim_employment",
                  "aim_independent_living", "aim_community_inclusion", "aim_good_health")
EHC, SEN_SUPPORT, NEITHER = "EHC plan (now or ended)", "SEN support", "Neither recorded"
PLANS = (EHC, SEN_SUPPORT, NEITHER)
GROUPS: dict[str, str] = {
    "sen_support": "SEN support without an EHC plan",
    "part_time_timetable": "Part-time timetable",
    "out_of_area_placement": "Placed out of the area",
    "independent_placement": "Independent school or college",
    "youth_justice": "Known to youth justice",
}
ALL = "All young people"
DIMENSIONS = ("cohort", "need", "area", "plan", "group")
DIMENSION_WORDS = {"cohort": "the year they turned 18", "need": "primary need", "area": "area",
                   "plan": "EHC plan or SEN support", "group": "group"}
DIMENSION_HEADERS = {"cohort": "Turned 18 in", "need": "Primary need", "area": "Area",
                     "plan": "EHC plan or SEN support", "group": "Group"}
AIM_LABELS = {Outcome.EMPLOYMENT: "Work, learning or training", Outcome.INDEPENDENT_LIVING: "Where they live",
              Outcome.COMMUNITY_INCLUSION: "Friends and community", Outcome.GOOD_HEALTH: "Health"}
AIM_COLUMNS = ("going the way they wanted", "partly", "not the way they wanted")


@dataclass(slots=True)
class Young:
    """One young person's facts for the figures (from planner.store.outcomes)."""

    id: str
    dob: dt.date
    area: str
    need: str
    plan: str
    groups: tuple[str, ...]
    ld_register: bool
    left_on: dt.date | None = None
    records: list[tuple] = field(default_factory=list)  # (observed_on, id, *RECORD_COLUMNS), in order


Status = dict[str, object]


def status(records: Sequence[tuple], start: dt.date, end: dt.date) -> Status:
    """The latest value of each fact recorded from `start` to `end`."""
    out: Status = {}
    for r in records:
        if start <= r[0] <= end:
            for name, value in zip(RECORD_COLUMNS, r[2:], strict=True):
                if value is not None and value != "":
                    out[name] = value
    return out


def _eet(s: Status) -> bool | None:
    return None if s.get("activity") is None else Activity(s["activity"]) in EET


def _paid(s: Status) -> bool | None:
    if s.get("activity") is not None and Activity(s["activity"]) in PAID:
        return True
    if (s.get("paid_hours") or 0) > 0:
        return True
    return None if s.get("activity") is None and s.get("paid_hours") is None else False


def _living(s: Status) -> bool | None:
    return None if s.get("living") is None else Living(s["living"]) in INDEPENDENT_OR_SUPPORTED


def _settled(s: Status) -> bool | None:
    return None if s.get("living") is None else Living(s["living"]) in SETTLED


def _health_check(s: Status) -> bool | None:
    return None if s.get("health_check") is None else bool(s["health_check"])


@dataclass(frozen=True)
class National:
    """A published national figure to set a local one against (not always the same measure)."""

    percent: float
    column: int  # 0: compares with the share met; 1: with the share not met
    local: str  # the local share compared, in words: "were not in education, employment or training"
    words: str
    source: str


NEET_19 = National(16.4, 1, "were NEET, volunteering or at a day service", "of young people aged 18 to 19 with an EHC plan were recorded as not in education, "
                   "employment or training (NEET or not in education or training) in January 2025; it counts only "
                   "those whose plan was still open",
                   "DfE, Education, health and care plans 2025 (SEN2), derived from the age 18-19 settings")
NEET_21 = National(20.9, 1, "were NEET, volunteering or at a day service", "of young people aged 20 to 25 with an EHC plan were recorded as not in education, "
                   "employment or training in January 2025; it counts only those whose plan was still open",
                   "DfE, Education, health and care plans 2025 (SEN2), derived from the age 20-25 settings")
PAID_ASCOF = National(4.8, 0, "were in paid work", "of adults aged 18 to 64 with a learning disability getting long-term social care "
                      "support were in paid work in 2021/22 (compare with the learning disability needs)",
                      "NHS England, ASCOF 1E, 2021/22 (via BASE)")
SETTLED_ASCOF = National(79.0, 0, "lived in settled accommodation", "of adults aged 18 to 64 with a learning disability getting long-term social care "
                         "support lived in their own home or with their family in 2021/22",
                         "NHS England, ASCOF 1G, 2021/22 (via Nuffield Trust QualityWatch)")
HEALTH_CHECK = National(79.6, 0, "had an annual health check", "of people aged 14 and over on GP learning disability registers had an annual "
                        "health check in 2023/24 (all ages; in 2017/18 under half of 18 to 24-year-olds did)",
                        "NHS England, Learning Disabilities Health Check Scheme (PQ 62868, 2024)")


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    point: Point
    met: str
    not_met: str
    judge: Callable[[Status], bool | None]
    national: National | None = None
    ld_only: bool = False  # only young people on the GP learning disability register

    @property
    def columns(self) -> list[str]:
        return [self.met, self.not_met, "not known"]


INDICATORS: tuple[Indicator, ...] = (
    Indicator("eet_19", "In education, employment or training at 19", Point.AGE_19,
              "in education, employment or training", "NEET, volunteering or a day service", _eet, NEET_19),
    Indicator("eet_21", "In education, employment or training at 21", Point.AGE_21,
              "in education, employment or training", "NEET, volunteering or a day service", _eet, NEET_21),
    Indicator("paid_21", "In paid work at 21 (any hours, including apprenticeships)", Point.AGE_21,
              "in paid work", "not in paid work", _paid, PAID_ASCOF),
    Indicator("paid_25", "In paid work at 25 (any hours, including apprenticeships)", Point.AGE_25,
              "in paid work", "not in paid work", _paid, PAID_ASCOF),
    Indicator("living_21", "Living independently or with support at 21", Point.AGE_21,
              "own home, supported living or Shared Lives", "with family, residential or no settled home", _living),
    Indicator("living_25", "Living independently or with support at 25", Point.AGE_25,
              "own home, supported living or Shared Lives", "with family, residential or no settled home", _living),
    Indicator("settled_21", "In settled accommodation at 21 (own home, supported or with family)", Point.AGE_21,
              "settled", "residential care or no settled home", _settled, SETTLED_ASCOF),
    Indicator("health_check_19", "Annual health check at 19 (on the GP learning disability register)", Point.AGE_19,
              "had a health check", "did not", _health_check, HEALTH_CHECK, ld_only=True),
    Indicator("health_check_21", "Annual health check at 21 (on the GP learning disability register)", Point.AGE_21,
              "had a health check", "did not", _health_check, HEALTH_CHECK, ld_only=True),
)


def dimension_values(y: Young, dimension: str) -> tuple[str, ...]:
    if dimension == "cohort":
        return (str(cohort(y.dob)),)
    if dimension == "need":
        return (y.need,)
    if dimension == "area":
        return (y.area,)
    if dimension == "plan":
        return (y.plan,)
    return (*(GROUPS[g] for g in y.groups), ALL)


Counts = dict[tuple[str, str], dict[str, list[int]]]  # (indicator, dimension) -> value -> [met, not met, not known]


def tally(people: Iterable[Young], as_of: dt.date) -> tuple[Counts, dict[Outcome, list[int]]]:
    """True counts for every indicator and dimension, and the own-aims answers by outcome."""
    counts: Counts = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    aims: dict[Outcome, list[int]] = {o: [0, 0, 0] for o in Outcome}
    answer_col = {AimAnswer.YES: 0, AimAnswer.PARTLY: 1, AimAnswer.NO: 2}
    for y in people:
        values = {d: dimension_values(y, d) for d in DIMENSIONS}
        for ind in INDICATORS:
            if ind.ld_only and not y.ld_register:
                continue
            start, end = window(ind.point, y.dob)
            if end > as_of or (y.left_on is not None and y.left_on <= end):
                continue
            result = ind.judge(status(y.records, start, end))
            col = 2 if result is None else (0 if result else 1)
            for d in DIMENSIONS:
                for v in values[d]:
                    counts[ind.key, d][v][col] += 1
        if y.left_on is not None and y.left_on <= as_of:
            continue
        latest = status(y.records, dt.date.min, as_of)
        for o in Outcome:
            answer = latest.get(f"aim_{o.value}")
            if answer is not None:
                aims[o][answer_col[AimAnswer(answer)]] += 1
    return counts, aims


# ---- released views ---------------------------------------------------------------------------

def _percent(met, total) -> int | None:
    return round(100 * met / total) if isinstance(met, int) and isinstance(total, int) and total else None


def _rows(dimension: str, values: Iterable[str]) -> list[str]:
    if dimension == "cohort":
        return sorted(values, key=int)
    if dimension == "plan":
        return [p for p in PLANS if p in set(values)]
    if dimension == "group":
        present = set(values)
        return [g for g in (*GROUPS.values(), ALL) if g in present]
    return sorted(values)


def indicator_view(ind: Indicator, dimension: str, by_value: dict[str, list[int]]) -> View:
    rows = _rows(dimension, by_value) or ["none"]
    grid = [by_value.get(r, [0, 0, 0]) for r in rows]
    # The groups overlap (and "All" holds them all), so their columns do not add up.
    table = release_table(grid, rows, ind.columns, col_totals=dimension != "group",
                          title=f"{ind.title}, by {DIMENSION_WORDS[dimension]}",
                          row_header=DIMENSION_HEADERS[dimension])
    percents = [_percent(c[0], t) for c, t in zip(table.cells, table.row_totals or [], strict=True)]
    not_met = [_percent(c[1], t) for c, t in zip(table.cells, table.row_totals or [], strict=True)]
    shown = [(p, r) for p, r in zip(percents, rows, strict=True) if p is not None]
    if not shown:
        summary = f"{ind.title}: the numbers are too small to show without risking identifying someone."
    elif dimension == "cohort":
        (first_p, first), (last_p, last) = shown[0], shown[-1]
        if len(shown) == 1:
            summary = f"{ind.title}: about {first_p}% of the young people who turned 18 in {first}."
        else:
            change = ("about the same" if abs(last_p - first_p) < 5 else
                      f"{'up' if last_p > first_p else 'down'} {abs(last_p - first_p)} percentage points")
            summary = (f"{ind.title}: about {first_p}% of the young people who turned 18 in {first}, and {last_p}% "
                       f"of those who turned 18 in {last} ({change}).")
    else:
        high, low = max(shown), min(shown)
        summary = (f"{ind.title}, by {DIMENSION_WORDS[dimension]}: highest {high[1]} (about {high[0]}%), "
                   f"lowest {low[1]} (about {low[0]}%)." if high != low else
                   f"{ind.title}: about {high[0]}% of {high[1]}.")
    if dimension == "plan" and ind.national is not None and EHC in rows:
        i = rows.index(EHC)
        local = (percents if ind.national.column == 0 else not_met)[i]
        if local is not None:
            summary += (f" Here about {local}% of young people with an EHC plan {ind.national.local}; nationally "
                        f"{ind.national.percent:g}% {ind.national.words} ({ind.national.source}).")
    if table.col_totals is not None:
        unknown = _percent(table.col_totals[2], table.grand_total)
    else:  # the groups: the row for everyone
        i = rows.index(ALL) if ALL in rows else -1
        unknown = _percent(table.cells[i][2], (table.row_totals or [None])[i])
    if unknown:
        summary += f" Nothing was recorded for about {unknown}% of young people in scope: they count as not known."
    return View(key=f"{ind.key}_by_{dimension}", table=table, summary=summary,
                extra={"percent met": percents, "percent not met": not_met})


def aims_view(aims: dict[Outcome, list[int]]) -> View:
    outcomes = list(Outcome)
    table = release_table([aims[o] for o in outcomes], [AIM_LABELS[o] for o in outcomes], list(AIM_COLUMNS),
                          col_totals=False, title="Is it going the way they wanted? The young people's own answers",
                          row_header="Outcome")
    percents = [_percent(c[0], t) for c, t in zip(table.cells, table.row_totals or [], strict=True)]
    shown = [(p, label) for p, label in zip(percents, table.row_labels, strict=True) if p is not None]
    if shown:
        low = min(shown)
        summary = ("Asked whether things are going the way they wanted, young people said yes least often about "
                   f"{low[1].lower()} (about {low[0]}%). "
                   + " ".join(f"{label}: about {p}% yes." for p, label in shown))
    else:
        summary = "Too few young people have answered to show their own view."
    return View(key="own_aims", table=table, summary=summary, extra={"percent met": percents})


def headline_view(views: dict[str, View]) -> View:
    """Each indicator's totals, exactly as released in its table by cohort (no new figure)."""
    rows, cells, totals, percents = [], [], [], []
    for ind in INDICATORS:
        t = views[f"{ind.key}_by_cohort"].table
        rows.append(ind.title)
        cells.append(list(t.col_totals or [0, 0, 0]))
        totals.append(t.grand_total if t.grand_total is not None else 0)
        percents.append(_percent(cells[-1][0], totals[-1]))
    table = ReleasedTable(title="Outcomes after 18: every indicator", row_header="Indicator", row_labels=rows,
                          col_labels=["met", "not met", "not known"], cells=cells, row_totals=totals)
    parts = [f"{ind.title}: about {p}%." for ind, p in zip(INDICATORS, percents, strict=True) if p is not None]
    summary = " ".join(parts) if parts else "The numbers are too small to show without risking identifying someone."
    national = [f"{ind.title.split(' (')[0]}: nationally {ind.national.percent:g}% {ind.national.words} "
                f"({ind.national.source})." for ind in INDICATORS if ind.national is not None]
    return View(key="headline", table=table, summary=summary,
                extra={"percent met": percents, "national": list(dict.fromkeys(national))})


class OutcomesReport(BaseModel):
    """Everything on the commissioner's outcomes page: released tables with their words."""

    model_config = ConfigDict(extra="forbid")

    area: str
    as_of: dt.date
    views: list[View]

    def view(self, key: str) -> View:
        return next(v for v in self.views if v.key == key)

    def tables(self) -> list[ReleasedTable]:
        return [v.table for v in self.views]


def build(people: Iterable[Young], as_of: dt.date, area: str = "") -> OutcomesReport:
    """Every outcomes view from plain inputs; no figure leaves unreleased."""
    counts, aims = tally(people, as_of)
    views = {f"{ind.key}_by_{d}": indicator_view(ind, d, counts.get((ind.key, d), {}))
             for ind in INDICATORS for d in DIMENSIONS}
    return OutcomesReport(area=area, as_of=as_of,
                          views=[headline_view(views), aims_view(aims), *views.values()])


# ---- from the store, cached ----------------------------------------------------------------------

def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def people_from_store(db, area: str | None) -> list[Young]:
    """The young people of an area (or all) with their outcome records, from the store."""
    out: dict[str, Young] = {}
    dates: dict[str, dt.date] = {}
    for pid, dob, area_, need, ehc, sen, *flags, ld in store_outcomes.outcome_people(db, area):
        born = dates.get(dob) or dates.setdefault(dob, _date(dob))
        groups = tuple(g for g, on in zip(GROUPS, (sen, *flags), strict=True) if on)
        out[pid] = Young(pid, born, area_ or "", need or "Not recorded",
                         EHC if ehc else SEN_SUPPORT if sen else NEITHER, groups, bool(ld))
    for pid, observed, rid, *values in store_outcomes.outcome_rows(db, area, RECORD_COLUMNS):
        y = out.get(pid)
        if y is None:
            continue
        day = dates.get(observed) or dates.setdefault(observed, _date(observed))
        y.records.append((day, rid, *values))
        reason = values[4]
        if reason is not None:
            y.plan = EHC  # a plan that has ended still counts as an EHC plan for the outcome figures
            if CeaseReason(reason) in LEFT_THE_AREA and (y.left_on is None or day < y.left_on):
                y.left_on = day
    # A plan that ended in an imported SEN2 return counts as an outcome record's ending does.
    for pid, ceased, reason in store_outcomes.ended_plans(db, area):
        y = out.get(pid)
        if y is None:
            continue
        y.plan = EHC
        day = _date(ceased)
        if reason is not None and int(reason) in LEFT_THE_AREA and (y.left_on is None or day < y.left_on):
            y.left_on = day
    return list(out.values())


_CACHE: dict[tuple, OutcomesReport] = {}
CACHE_ENTRIES = 16  # reports kept for one database state (areas and dates)
_LOCK = threading.Lock()  # the app's sessions run in threads and share the cache


def outcomes_report(db, as_of: dt.date, area: str | None = None, use_cache: bool = True) -> OutcomesReport:
    """The commissioner's outcomes view for an area (or every area), built once per database
    state (the store's change counter moves when people, outcome records or aspirations change)."""
    state = (figures.database_identity(db), figures.data_stamp(db))
    key = (state, as_of, area)
    if use_cache and (hit := _CACHE.get(key)) is not None:
        return hit
    # Many small objects and no cycles among them: pause the cyclic collector for the build.
    paused = gc.isenabled()
    gc.disable()
    try:
        result = build(people_from_store(db, area), as_of, area or "all areas")
    finally:
        if paused:
            gc.enable()
    if use_cache:
        with _LOCK:
            for old in [k for k in _CACHE if k[0] != state]:
                del _CACHE[old]  # one database state at a time: keep memory flat
            while len(_CACHE) >= CACHE_ENTRIES:
                del _CACHE[next(iter(_CACHE))]
            _CACHE[key] = result
    return result
