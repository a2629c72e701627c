"""Unmet need (commissioner): the area's figures for the next five years, released only through
planner.need.disclosure (counts of 1 to 7 hidden, the rest rounded to 5), never a person. Built
once per database state and choice (planner.need.dashboard keeps them, keyed on the store's
change counter), so a page run that changes nothing reads them from memory. Not audited: the
page shows only released area figures, and a write would change the state that keys the cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import store
from planner.need import dashboard, disclosure, forecast, report
from planner.need.disclosure import ReleasedTable
from planner.need.report import View
from planner.views import timeline
from planner.views.pages import Request

DEFAULT_GROWTH = round(forecast.DEFAULT_GROWTH * 100)  # per cent a year
DEFAULT_CAPACITY_GROWTH = round(forecast.DEFAULT_CAPACITY_GROWTH * 100)
CHART_CONFIG = timeline.CHART_CONFIG  # chart text at 4.5:1 or more (Streamlit's own is 3.7:1)
__all__ = ["CHART_CONFIG", "DEFAULT_CAPACITY_GROWTH", "DEFAULT_GROWTH", "NeedView", "ReleasedTable", "View", "show"]


@dataclass(frozen=True)
class NeedView:
    areas: list[str]
    area: str | None  # None: every area
    dashboard: report.Dashboard
    as_of: dt.date

    def view(self, key: str) -> View:
        return self.dashboard.view(key)

    @property
    def csv(self) -> bytes:
        """Every table on the page in one CSV file, with a byte-order mark so Excel reads UTF-8."""
        return ("\ufeff" + disclosure.tables_csv(self.dashboard.tables())).encode("utf-8")

    @property
    def file_name(self) -> str:
        return f"unmet-need-{(self.area or 'all-areas').replace(' ', '-')}-{self.as_of.isoformat()}.csv"


def show(req: Request, area: str | None = None, growth: float = DEFAULT_GROWTH,
         capacity_growth: float = DEFAULT_CAPACITY_GROWTH) -> NeedView:
    """The figures for `area` (None: all areas), with demand and capacity growing by these per
    cents a year."""
    req.require("unmet_need")
    db = req.need_db("there are no figures to show")
    areas = store.areas(db)
    area = area if area in areas else None
    return NeedView(areas=areas, area=area, as_of=req.today,
                    dashboard=dashboard.dashboard(db, req.today, area, growth / 100, capacity_growth / 100))


def warm(db, today: dt.date) -> bool:
    """Work out the figures the page opens on (every area, the default growth) if they are not
    kept for the store's current state; True when it did. The app server calls this in the
    background (planner.views.pages.session.keep_warm), so the first visit after a change is quick."""
    growth, capacity_growth = DEFAULT_GROWTH / 100, DEFAULT_CAPACITY_GROWTH / 100
    if dashboard.is_cached(db, today, None, growth, capacity_growth):
        return False
    dashboard.dashboard(db, today, None, growth, capacity_growth)
    return True
