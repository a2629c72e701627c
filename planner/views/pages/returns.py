"""Statutory returns (administrator): the evidence pack for an area on a date. Inside the council
the page shows true counts with what share was on time; the download that may leave the council
is disclosure-controlled (planner.exchange.returns). Annex A List 1 is a separate, audited
download because it names people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import store
from planner.exchange.returns import Figure, evidence_pack
from planner.views import data_admin
from planner.views.data_admin import Download
from planner.views.pages import Request

__all__ = ["Download", "Figure", "ReturnsView", "annex_a", "released", "show"]
PAGE = "returns"
NO_DB = "there are no records to count"


@dataclass(frozen=True)
class ReturnsView:
    areas: list[str]
    area: str
    as_of: dt.date
    figures: list[Figure]


def show(req: Request, area: str | None = None, as_of: dt.date | None = None) -> ReturnsView:
    """Every figure of the evidence pack; the view is audited (counts only, never people)."""
    req.require(PAGE)
    db = req.need_db(NO_DB)
    areas = store.areas(db) or ["eastshire"]
    chosen = area if area in areas else areas[0]
    day = as_of or req.today
    figures = evidence_pack(db, chosen, day)
    req.audit("evidence pack viewed", None, f"{chosen} as of {day}")
    return ReturnsView(areas=areas, area=chosen, as_of=day, figures=figures)


def released(req: Request, area: str, as_of: dt.date) -> Download:
    """The figures as they may be published (disclosure-controlled CSV); audited."""
    req.require(PAGE)
    return data_admin.export(req.need_db(NO_DB), "evidence-pack", area, req.username, as_of)


def annex_a(req: Request, area: str, as_of: dt.date) -> Download:
    """Annex A List 1 (names every young person with a plan); audited."""
    req.require(PAGE)
    return data_admin.export(req.need_db(NO_DB), "annex-a", area, req.username, as_of)
