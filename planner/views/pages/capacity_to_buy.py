"""Capacity to buy (commissioner, administrator): for each team whose capacity causes gaps, the
weighted gap weeks one more start a week saves quarter by quarter, the cheapest purchase that
cuts the gap by a chosen share (or removes all that capacity can), earliest first, when each
queue clears, and staff where known (`planner.planning.capacity`), released through
`planner.need.buying` (counts of 1 to 7 hidden, the rest rounded to 5; never a person).

The advice is worked out from the young people's records and the teams' capacity, not from a
scheduling run; the plan in force (the latest accepted run) is shown beside it when there is
one. Worked out once per database state, area, day and share (`StateCache`: the key holds the
store's change counter), so a page run that changes nothing reads it from memory; the app server
works out the opening advice ahead (`warm`). Not audited: the page
shows only released area figures, and a write would change the state that keys the cache."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass

from planner import store
from planner.need import buying
from planner.need.buying import BuyingAdvice, Purchase, TeamLine, about
from planner.need.disclosure import SUPPRESSED, Released, is_small, release_count
from planner.planning import capacity
from planner.views.pages import Refused, Request, StateCache
from planner.views.words import long_date

SHARES = (25, 50, 75, 100)  # per cent of what capacity can remove
DEFAULT_SHARE = 50
__all__ = ["DEFAULT_SHARE", "SHARES", "BuyView", "BuyingAdvice", "PlanInForce", "Purchase", "TeamLine", "about", "show"]


@dataclass(frozen=True)
class PlanInForce:
    """The latest accepted scheduling run of the area, as released figures."""

    accepted_on: dt.date | None
    weighted_gap: Released
    with_gap: Released

    @property
    def words(self) -> str:
        when = f" (made on {long_date(self.accepted_on)})" if self.accepted_on else ""
        return (f"The plan in force{when} has {about(self.weighted_gap)} weighted gap weeks in "
                f"{about(self.with_gap)} handovers.")


@dataclass(frozen=True)
class BuyView:
    areas: list[str]
    area: str
    share: int  # per cent
    advice: BuyingAdvice
    plan: PlanInForce | None

    @property
    def buy(self) -> buying.Buy:
        """The purchase for the chosen share (all that capacity can remove at 100%)."""
        return self.advice.cut

    @property
    def purchase_table(self):
        return buying.purchase_table(self.buy)

    @property
    def clearing_table(self):
        return buying.clearing_table(self.buy)

    @property
    def clearing_words(self) -> list[str]:
        """One sentence a team: when its queue clears, as things are and with the purchase."""
        def day(d: dt.date | None) -> str:
            return f"by {long_date(d)}" if d else "not within the plan"
        return [f"{team}: clears {day(now)} as things are; {day(then)} with this purchase."
                for team, now, then in self.buy.clears]

    @property
    def plan_words(self) -> str:
        basis = ("This advice is worked out from the young people's records and each team's capacity today, "
                 "so it does not need a scheduling run.")
        if self.plan is None:
            return basis + " No plan has been accepted for this area yet."
        return basis + " " + self.plan.words

    @property
    def csv(self) -> bytes:
        return self.advice.csv()

    @property
    def file_name(self) -> str:
        return f"capacity-to-buy-{self.area.replace(' ', '-')}-{self.share}pc-{self.advice.as_of.isoformat()}.csv"


CACHE = StateCache(entries=16)
WARM_GAP = 300.0  # seconds: the app server works the advice out ahead at most this often per area
_warmed: dict[tuple, float] = {}


def _advice(db, area: str, today: dt.date, share: int) -> BuyingAdvice:
    base = CACHE.get(db, ("advice", area, today), lambda: capacity.capacity_advice(db, area, today))
    if share == DEFAULT_SHARE:
        return CACHE.get(db, ("released", area, today), lambda: buying.release(base))
    cut, clears = CACHE.get(db, ("cut", area, today, share),
                            lambda: capacity.cut_by(db, area, today, share / 100))
    return buying.release(base, cut, clears)


def _plan_in_force(db, area: str) -> PlanInForce | None:
    run = next((r for r in store.list_schedule_runs(db, area) if r["status"] == "accepted"), None)
    if run is None:
        return None
    try:
        final = json.loads(run["detail"] or "{}").get("final") or {}
    except ValueError:
        final = {}
    with_gap = int(final.get("handovers_with_gap") or 0)
    count = release_count(with_gap, SUPPRESSED)
    weeks = SUPPRESSED if is_small(with_gap) else release_count(int(final.get("weighted_gap_weeks") or 0), SUPPRESSED)
    day = str(run.get("finished_at") or "")[:10]
    return PlanInForce(accepted_on=dt.date.fromisoformat(day) if day else None, weighted_gap=weeks, with_gap=count)


def warm(db, today: dt.date) -> int:
    """Work out the advice the page opens on (each area, the default aim) where it is not kept for
    the store's state, at most once every `WARM_GAP` seconds an area (on Eastshire it takes as
    long as reading the area and planning it roughly: a background thread should not do that
    after every change a worker makes); how many areas it worked out. The app server calls this
    in the background (planner.views.pages.session.keep_warm)."""
    done = 0
    for area in store.areas(db):
        key = (store.figures.database_identity(db), area)
        if time.monotonic() - _warmed.get(key, -WARM_GAP) < WARM_GAP:
            continue
        worked: list[bool] = []

        def advice(area: str = area, worked: list[bool] = worked):
            worked.append(True)
            return capacity.capacity_advice(db, area, today)

        base = CACHE.get(db, ("advice", area, today), advice)
        CACHE.get(db, ("released", area, today), lambda base=base: buying.release(base))
        if worked:
            _warmed[key] = time.monotonic()
            done += 1
    return done


def show(req: Request, area: str | None = None, share: int = DEFAULT_SHARE) -> BuyView:
    """What capacity to buy in `area` (the first area when not one of them) to cut the weighted
    gap by `share` per cent of what capacity can remove."""
    req.require("capacity_to_buy")
    db = req.need_db("there is no advice to give")
    areas = store.areas(db)
    if not areas:
        raise Refused("There are no areas in the database yet, so there is no advice to give.")
    area = area if area in areas else areas[0]
    if share not in SHARES:
        share = DEFAULT_SHARE
    return BuyView(areas=areas, area=area, share=share, advice=_advice(db, area, req.today, share),
                   plan=_plan_in_force(db, area))
