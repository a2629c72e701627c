"""What capacity to buy, as the commissioner sees it: the advice of
`planner.planning.capacity` (for each team and quarter the weighted gap weeks one more start a
week saves; the cheapest purchase that cuts the gap by a share, earliest quarters first; when
each queue clears; staff where known) as released figures and plain words, never a person.

What is about young people passes `planner.need.disclosure`: the handovers a team's capacity
makes wait are counts (0; 1 to 7 hidden as [c], with a second cell hidden where a total would
give one away; the rest rounded to the nearest 5). Weighted gap weeks are sums over the same
young people: rounded the same way, and hidden wherever the count they are summed over is
hidden (as the unmet-need page does for gap weeks). What to buy (starts a week, staff, dates)
is about teams, not people, and is shown as worked out.

A *unit* is one more start a week for a quarter (13 weeks) at one team: 13 more assessments,
intakes or tenancies. Quarters count from the Monday of the week the advice is worked out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.models import WEEKS_IN, in_unit
from planner.need.disclosure import (
    SUPPRESSED,
    Released,
    ReleasedTable,
    is_small,
    release_count,
    release_table,
    tables_csv,
)
from planner.views.words import long_date

QUARTER_WEEKS = 13
WAITING, TOO_LATE, WEEKS = "handovers that wait", "of which identified too late", "weighted gap weeks"
OTHER = "No team: identified too late"  # handovers whose gap no team's capacity causes


def about(value: Released) -> str:
    """A released figure in a sentence: "about 1,230", or "a small number of" when hidden."""
    return f"about {value:,}" if isinstance(value, int) else "a small number of"


def rate(per_week: float, unit: str = "week") -> str:
    """Starts a week in the team's own period first: "about 16 a month (3.69 a week)"."""
    if unit not in WEEKS_IN or unit == "week":
        return f"{per_week:.3g} a week"
    return f"about {in_unit(per_week, unit):.3g} a{'n' if unit[0] in 'aeiou' else ''} {unit} ({per_week:.3g} a week)"


def _staff(fte: float | None) -> str:
    return "" if fte is None else f"{fte:g}"


@dataclass(frozen=True)
class TeamLine:
    """A team whose capacity forces a gap, as released."""

    id: str
    name: str
    does: str  # what one start is: "Care Act transition assessments"
    per_week: float  # starts a week now
    unit: str  # the period its capacity is stated in (week, month, year, academic year)
    waiting: Released  # handovers its capacity makes wait in the best plan
    too_late: Released  # of which no capacity helps
    weighted_gap: Released  # its share of the best plan's weighted gap weeks
    steady_extra: float | None  # more starts a week, from now, for no gap its capacity causes
    steady_fte: float | None  # the staff that takes, where known
    unit_fte: float | None = None  # staff for one more start a week for a quarter, where known
    small: bool = False  # from 1 to 7 wait: nothing summed over them is shown (else a hidden count is
    # hidden only so that another cannot be worked out, and what one more place saves is still shown)

    @property
    def shown(self) -> bool:
        """Figures about young people can be shown (the count they are summed over is)."""
        return isinstance(self.waiting, int)


@dataclass(frozen=True)
class Purchase:
    """More starts a week at a team for one quarter."""

    team_id: str
    team: str
    quarter: int  # 1: the first 13 weeks
    start: dt.date  # a Monday
    end: dt.date  # the last day (a Sunday)
    extra_per_week: int
    starts: int  # extra starts in the quarter
    fte: float | None  # staff for the quarter, where known


@dataclass(frozen=True)
class Buy:
    """What to buy to cut the weighted gap by `share` of what capacity can remove (1: all)."""

    share: float
    base: Released  # weighted gap weeks of the best plan now
    target: Released
    reached: Released  # with the purchase bought
    met: bool
    purchases: list[Purchase]
    starts: dict[str, int]  # team name -> extra starts bought
    fte_quarters: dict[str, float]  # team name -> staff-quarters, where known
    clears: list[tuple[str, dt.date | None, dt.date | None]]  # (team, clears now, clears with this bought)

    @property
    def aim(self) -> str:
        return ("remove all the gap more capacity can remove" if self.share >= 1
                else f"cut the weighted gap by {self.share:.0%} of what more capacity can remove")

    @property
    def words(self) -> str:
        """The purchase in a paragraph (the text equivalent of its chart and table)."""
        if not self.purchases:
            return f"To {self.aim}, nothing needs buying: no team's capacity causes a gap."
        per_team = "; ".join(f"{n:,} more starts at the {team}"
                             + (f" ({self.fte_quarters[team]:g} staff for a quarter)" if team in self.fte_quarters else "")
                             for team, n in self.starts.items())
        first, last = self.purchases[0], self.purchases[-1]
        when = (f"all from {long_date(first.start)} to {long_date(last.end)}" if first.quarter == last.quarter
                else f"from {long_date(first.start)} to {long_date(last.end)}, earliest first")
        figures = (f" It takes the weighted gap from {about(self.base)} to {about(self.reached)} weeks"
                   f" (the aim: {about(self.target)})." if isinstance(self.base, int) else "")
        short = "" if self.met else " That is as far as buying capacity can go within the plan's three years."
        return f"To {self.aim}, buy {per_team}, {when}.{figures}{short}"


@dataclass(frozen=True)
class BuyingAdvice:
    """Everything the commissioner's page shows about what capacity to buy, released."""

    area: str
    as_of: dt.date
    start: dt.date  # the Monday of quarter 1
    weighted_gap: Released  # the best plan's with today's capacity
    waiting: Released  # handovers with a gap in that plan
    floor: Released  # weighted gap weeks no capacity removes
    too_late: Released  # handovers identified too late for any capacity
    teams: list[TeamLine]
    team_table: ReleasedTable
    savings: ReleasedTable  # teams x quarters: weighted gap weeks one unit saves
    cut: Buy
    close: Buy
    quarters: list[dt.date] = field(default_factory=list)  # the first day of each quarter

    @property
    def summary(self) -> str:
        if not self.teams:
            return ("With today's capacity no team's capacity causes a gap: more capacity would not make "
                    "any adult service start sooner.")
        parts = [f"With today's capacity, the best plan possible still has {about(self.weighted_gap)} weighted gap "
                 f"weeks (a week an adult service starts after the children's service ends, counted once, twice "
                 f"or three times by how much the young person depends on it), in {about(self.waiting)} handovers."]
        for t in self.teams:
            now = f"It can start {rate(t.per_week, t.unit)} now"
            if t.steady_extra:
                now += (f"; {rate(t.steady_extra, t.unit)} more from now on would leave no gap its capacity causes"
                        + (f" ({t.steady_fte:g} more staff)" if t.steady_fte is not None else ""))
            if t.shown:
                parts.append(f"{t.name}: {about(t.waiting)} handovers wait for it, {about(t.weighted_gap)} weighted "
                             f"gap weeks. {now}.")
            elif t.small:
                parts.append(f"{t.name}: a small number of handovers wait for it, too few to give figures. {now}.")
            else:
                parts.append(f"{t.name}: handovers wait for it (how many is hidden, so that a smaller number "
                             f"cannot be worked out). {now}.")
        if isinstance(self.floor, int) and self.floor > 0:
            parts.append(f"{about(self.floor).capitalize()} weighted gap weeks remain whatever is bought: "
                         f"{about(self.too_late)} handovers were identified too late for any capacity to help.")
        return " ".join(parts)

    @property
    def savings_words(self) -> str:
        """The text equivalent of the savings chart: when one more start a week saves most."""
        out = []
        for i, t in enumerate(self.teams):
            row = self.savings.cells[i]
            if t.small or not any(isinstance(v, int) and v > 0 for v in row):
                out.append(f"The {t.name}: too few young people wait to give figures.")
                continue
            best = max(range(len(row)), key=lambda q: (row[q] if isinstance(row[q], int) else -1, -q))
            last = max(q for q, v in enumerate(row) if isinstance(v, int) and v > 0)
            words = (f"The {t.name}: one more start a week for a quarter saves {about(row[best])} weighted gap weeks "
                     f"if bought in quarter {best + 1} (from {long_date(self.quarters[best])})")
            if last != best:
                words += f", {about(row[last])} if bought in quarter {last + 1} (from {long_date(self.quarters[last])})"
            if last + 1 < len(row):
                words += f"; from quarter {last + 2} its queue has cleared and more places save nothing"
            words += "." + (f" One more start a week for a quarter is {t.unit_fte:g} staff." if t.unit_fte else "")
            out.append(words)
        return " ".join(out)

    def tables(self) -> list[ReleasedTable]:
        """Every table of the advice, for the CSV file."""
        buys = [self.cut] if self.cut.share >= 1 else [self.cut, self.close]
        return [self.team_table, self.savings, *map(purchase_table, buys), clearing_table(self.cut)]

    def csv(self) -> bytes:
        """The advice as one spreadsheet-safe CSV file, with a byte-order mark so Excel reads UTF-8."""
        return ("\ufeff" + tables_csv(self.tables())).encode("utf-8")


def _hide_weeks(table: ReleasedTable, count_col: int, weeks_col: int) -> None:
    """Weeks are a sum over the counted young people: never shown where the count is hidden."""
    for row in table.cells:
        if not isinstance(row[count_col], int):
            row[weeks_col] = SUPPRESSED
    if table.col_totals and not isinstance(table.col_totals[count_col], int):
        table.col_totals[weeks_col] = SUPPRESSED


def release(advice, cut=None, clearing: Sequence | None = None) -> BuyingAdvice:
    """The advice (`planner.planning.capacity.Advice`) released for the commissioner; `cut`
    and `clearing` (from `capacity.cut_by`) replace the advice's own share when given."""
    cut = advice.cut if cut is None else cut
    clearing = advice.clearing if clearing is None else clearing
    facts = [advice.teams[t] for t in sorted(advice.teams, key=lambda t: -advice.teams[t].weighted_gap)]
    names = {f.id: f.name for f in facts}
    # The team table: counts with a total row (secondary suppression keeps a hidden count hidden).
    rows = [[f.waiting, f.too_late, f.weighted_gap] for f in facts]
    labels = [f.name for f in facts]
    static_weeks = max(0, advice.weighted_gap - sum(f.weighted_gap for f in facts))
    if advice.other_waiting:
        rows.append([advice.other_waiting, advice.other_waiting, static_weeks])
        labels.append(OTHER)
    table = release_table(rows or [[0, 0, 0]], labels or ["none"], [WAITING, TOO_LATE, WEEKS],
                          row_totals=False, col_totals=True, force_hidden=[[False, False, is_small(r[0])] for r in rows]
                          or None, title=f"Teams whose capacity causes gaps in {advice.area}", row_header="Team")
    _hide_weeks(table, 0, 2)
    names = {**advice.team_names, **names}
    steady = {f.team: f for f in advice.flat}
    teams = [TeamLine(id=f.id, name=f.name, does=f.does, per_week=f.per_week, unit=f.unit, waiting=table.cells[i][0],
                      too_late=table.cells[i][1], weighted_gap=table.cells[i][2],
                      steady_extra=steady[f.id].extra_per_week if f.id in steady else None,
                      steady_fte=steady[f.id].fte if f.id in steady else None,
                      unit_fte=next((s.fte for s in advice.savings if s.team == f.id), None),
                      small=is_small(f.waiting))
             for i, f in enumerate(facts)]
    team_table = _with_capacity_columns(table, teams)
    total_waiting = table.col_totals[0] if table.col_totals else 0
    area_hidden = not isinstance(total_waiting, int)

    def weeks(value: int) -> Released:
        return SUPPRESSED if area_hidden else release_count(value, SUPPRESSED)

    floor_count = sum(f.too_late for f in facts) + advice.other_waiting
    floor = SUPPRESSED if not isinstance(release_count(floor_count, SUPPRESSED), int) else weeks(advice.close.floor)
    n_quarters = max([s.quarter + 1 for s in advice.savings] or [0])
    quarters = [advice.quarter_start(q) for q in range(n_quarters)]
    saved = {(s.team, s.quarter): max(0, s.saved) for s in advice.savings}
    savings = release_table(
        [[saved.get((f.id, q), 0) for q in range(n_quarters)] for f in facts] or [[0]],
        labels[:len(facts)] or ["none"],
        [f"Quarter {q + 1} (from {long_date(d)})" for q, d in enumerate(quarters)] or ["none"],
        row_totals=False, col_totals=False,
        force_hidden=[[t.small] * n_quarters for t in teams] or None,
        title="Weighted gap weeks saved by one more start a week for a quarter, by the quarter it is bought",
        row_header="Team")
    for i, t in enumerate(teams):
        if t.small:  # not even which quarters save something
            savings.cells[i] = [SUPPRESSED] * len(savings.cells[i])
    savings.note = ("One more start a week for 13 weeks (13 more assessments, intakes or tenancies) at the team, "
                    "bought in that quarter; each figure on its own, as things are now (they do not add up). "
                    "Figures are rounded to the nearest 5; [c]: too few young people wait for the team to show it.")

    def buy(alloc, clears) -> Buy:
        purchases = [Purchase(team_id=u.team, team=names.get(u.team, u.team), quarter=u.quarter + 1,
                              start=advice.quarter_start(u.quarter),
                              end=advice.quarter_start(u.quarter) + dt.timedelta(weeks=u.weeks, days=-1),
                              extra_per_week=u.extra_per_week, starts=u.extra_per_week * u.weeks, fte=u.fte)
                     for u in alloc.units]
        return Buy(share=alloc.share, base=weeks(alloc.base), target=weeks(alloc.target), reached=weeks(alloc.reached),
                   met=alloc.met, purchases=purchases,
                   starts={names.get(t, t): n for t, n in alloc.extra_starts.items()},
                   fte_quarters={names.get(t, t): v for t, v in alloc.fte_quarters.items()},
                   clears=[(names.get(c.team, c.team), advice.week_date(c.week_now), advice.week_date(c.week_with))
                           for c in clears])

    return BuyingAdvice(area=advice.area, as_of=advice.as_of, start=advice.start, weighted_gap=weeks(advice.weighted_gap),
                        waiting=total_waiting, floor=floor, too_late=release_count(floor_count, SUPPRESSED), teams=teams,
                        team_table=team_table, savings=savings, cut=buy(cut, clearing),
                        close=buy(advice.close, advice.clearing), quarters=quarters)


def _with_capacity_columns(table: ReleasedTable, teams: list[TeamLine]) -> ReleasedTable:
    """The released team table with what each team does and can do (not about people)."""
    extra = [[t.does, f"{t.per_week:.3g}", "" if t.steady_extra is None else f"{t.steady_extra:g}",
              _staff(t.steady_fte)] for t in teams]
    blank = [""] * 4
    cells = [[*row, *(extra[i] if i < len(extra) else blank)] for i, row in enumerate(table.cells)]
    return table.model_copy(update={
        "col_labels": [*table.col_labels, "one start is", "starts a week now",
                       "more starts a week for no gap its capacity causes", "staff that takes"],
        "cells": cells, "col_totals": [*(table.col_totals or []), *blank] if table.col_totals else None,
        "note": ("Handovers are counts of young people's moves to adult services: 0 stays 0, 1 to 7 are hidden "
                 "([c]), and so is any number from which one could be worked out; the rest are rounded to the "
                 "nearest 5, totals from the true numbers. Weighted gap weeks are rounded the same way and hidden "
                 "where the handovers they are summed over are hidden. Starts and staff are about teams, not people.")})


def purchase_table(buy: Buy) -> ReleasedTable:
    """The purchase, quarter by quarter (about teams, not people: shown as worked out)."""
    return ReleasedTable(
        title=f"What to buy to {buy.aim}", row_header="Quarter",
        row_labels=[f"Quarter {p.quarter}" for p in buy.purchases] or ["nothing to buy"],
        col_labels=["team", "from", "to", "more starts a week", "more starts", "staff for the quarter"],
        cells=[[p.team, p.start.isoformat(), p.end.isoformat(), p.extra_per_week, p.starts, _staff(p.fte)]
               for p in buy.purchases] or [["", "", "", 0, 0, ""]],
        note=f"Earliest quarters first. Weighted gap weeks: from {buy.base} to {buy.reached} (aim {buy.target}). "
             "Staff only where data/teams.yaml says how many staff deliver the team's capacity.")


def clearing_table(buy: Buy) -> ReleasedTable:
    """When each team's queue clears, as things are and with the purchase bought."""
    return ReleasedTable(
        title="When each team's queue clears", row_header="Team",
        row_labels=[team for team, _, _ in buy.clears] or ["no team has a queue"],
        col_labels=["as things are", f"with what it takes to {buy.aim} bought"],
        cells=[[now.isoformat() if now else "not within the plan", then.isoformat() if then else "not within the plan"]
               for _, now, then in buy.clears] or [["", ""]],
        note="The first week from which every step at the team can start as soon as it is ready.")
