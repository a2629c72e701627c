"""Outcomes after 18 (commissioner): what the area's young people achieve, by the year they
turned 18, need, area, EHC plan or SEN support and group, against their own aims and national
figures (planner.need.outcomes). Only released figures reach the page or its download (counts of
1 to 7 and any cell that would reveal one hidden, the rest rounded to 5), never a person. Built
once per database state and choice (cached on the store's change counter). Not audited: the
page shows only released area figures, and a write would change the state that keys the cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import store
from planner.need import disclosure
from planner.need import outcomes as oc
from planner.need.report import View
from planner.views.pages import Request

INDICATORS: dict[str, str] = {i.key: i.title for i in oc.INDICATORS}
DIMENSIONS: dict[str, str] = {"cohort": "Year they turned 18 (trend)", "need": "Primary need", "area": "Area",
                              "plan": "EHC plan or SEN support", "group": "Groups leaders could not see"}
__all__ = ["DIMENSIONS", "INDICATORS", "OutcomesView", "View", "show"]


@dataclass(frozen=True)
class OutcomesView:
    areas: list[str]
    area: str | None  # None: every area
    report: oc.OutcomesReport
    as_of: dt.date

    def view(self, key: str) -> View:
        return self.report.view(key)

    def breakdown(self, indicator: str, dimension: str) -> View:
        return self.report.view(f"{indicator}_by_{dimension}")

    def percent_rows(self, view: View) -> list[dict]:
        """One row per line of a table whose percentage can be shown (hidden ones left out)."""
        t = view.table
        return [{"row": label, "percent": p, "order": i}
                for i, (label, p) in enumerate(zip(t.row_labels, view.extra.get("percent met", []), strict=False))
                if p is not None]

    @property
    def national(self) -> list[str]:
        return list(self.view("headline").extra.get("national", []))

    @property
    def csv(self) -> bytes:
        """Every table in one CSV file, with a byte-order mark so Excel reads UTF-8."""
        return ("\ufeff" + disclosure.tables_csv(self.report.tables())).encode("utf-8")

    @property
    def file_name(self) -> str:
        return f"outcomes-after-18-{(self.area or 'all-areas').replace(' ', '-')}-{self.as_of.isoformat()}.csv"


def show(req: Request, area: str | None = None) -> OutcomesView:
    """The outcome figures for `area` (None: all areas), counted up to today."""
    req.require("outcomes")
    db = req.need_db("there are no figures to show")
    areas = store.areas(db)
    area = area if area in areas else None
    return OutcomesView(areas=areas, area=area, as_of=req.today, report=oc.outcomes_report(db, req.today, area))
