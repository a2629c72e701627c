"""Caseload: a worker's young people (a team manager's: everyone the team's workers hold) with
what is due, what is overdue and who is at risk of a gap, and the worklist. The list shows
names, so each `show` is audited ("caseload viewed", with the number of people, never who)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import access
from planner.need import dashboard, report
from planner.views import caseload
from planner.views.caseload import CaseloadRow, Risk, WorkItem
from planner.views.pages import Refused, Request, StateCache

__all__ = ["PER_PAGE", "CaseloadRow", "CaseloadView", "Risk", "WorkItem", "page_bounds", "pages", "show"]


PER_PAGE = 200  # rows of a long table drawn at once (a manager's caseload is thousands)
CACHE = StateCache()  # a team's caseload is thousands of rows: worked out once per store state


@dataclass(frozen=True)
class CaseloadView:
    manager: bool  # a team manager's view (everyone the team's workers hold)
    table: list[CaseloadRow]
    this_week: list[WorkItem]  # open steps this week, and anything overdue
    next_month: list[WorkItem]  # in the month after
    team_names: dict[str, str]

    @property
    def gap(self) -> int:
        return sum(r.risk is Risk.GAP for r in self.table)

    @property
    def late(self) -> int:
        return sum(r.risk is Risk.OVERDUE for r in self.table)

    def select(self, **choices) -> list[CaseloadRow]:
        """The rows after the page's filters and sort (planner.views.caseload.select)."""
        return caseload.select(self.table, **choices)

    def team(self, team_id: str | None) -> str:
        return report.team_label(team_id, self.team_names) if team_id else ""


def show(req: Request) -> CaseloadView:
    user = req.require("caseload")
    db = req.need_db("there is no caseload to show")
    manager = user.role is access.Role.TEAM_MANAGER
    if manager and not user.team_id:
        raise Refused("Your account is not linked to a team yet. Ask your administrator to link it.")
    if manager:
        table, work = CACHE.get(db, ("team", user.team_id, req.today),
                                lambda: caseload.for_team(db, user.team_id, req.today))
    else:
        table, work = CACHE.get(db, ("worker", user.username, req.today),
                                lambda: caseload.for_worker(db, user.username, req.today))
    req.audit("caseload viewed", None, f"team {user.team_id}: {len(table)} people" if manager else f"{len(table)} people")
    return CaseloadView(manager=manager, table=table, this_week=work["this_week"], next_month=work["next_month"],
                        team_names=CACHE.get(db, "team names", lambda: dashboard.team_names(db, None)))


def pages(n: int) -> int:
    """How many pages of PER_PAGE rows `n` rows take (at least one)."""
    return max(1, -(-n // PER_PAGE))


def page_bounds(n: int, page: int) -> tuple[int, int]:
    """The first (from 0) and the end of the rows on `page` (from 1, held to the last page)."""
    page = min(max(1, page), pages(n))
    return (page - 1) * PER_PAGE, min(n, page * PER_PAGE)


def warm(db, user: access.User, today) -> None:
    """Work out (and keep) the caseload this worker or team manager opens on `today`."""
    if user.role is access.Role.TEAM_MANAGER and user.team_id:
        CACHE.get(db, ("team", user.team_id, today), lambda: caseload.for_team(db, user.team_id, today))
    elif user.role is access.Role.WORKER:
        CACHE.get(db, ("worker", user.username, today), lambda: caseload.for_worker(db, user.username, today))
