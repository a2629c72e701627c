"""Team capacity (team manager, administrator): each team's capacity over time; what a change
would do (the what-if, nothing saved) and the change itself (a team manager their own team,
an administrator any team; audited in the same transaction as the change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner import access, store
from planner.planning import capacity
from planner.planning.capacity import WhatIf
from planner.views import plan
from planner.views.pages import Refused, Request, Stale, areas_of
from planner.views.plan import TeamCapacity

as_date, rate_words, in_unit, to_per_week = plan.as_date, plan.rate_words, plan.in_unit, plan.to_per_week
__all__ = ["CapacityView", "Refused", "Stale", "TeamCapacity", "WhatIf", "as_date", "change", "in_unit", "rate_words", "show",
           "to_per_week", "what_if"]


@dataclass(frozen=True)
class CapacityView:
    areas: list[str]
    area: str = ""
    teams: dict[str, TeamCapacity] = field(default_factory=dict)  # team id -> its capacity over time
    editable: list[str] = field(default_factory=list)  # the teams this user may change

    def in_force(self, team_id: str, day: dt.date) -> float | None:
        """The team's capacity per week in force on `day` (None: no stated limit)."""
        return next((r["per_week"] for r in reversed(self.teams[team_id].changes) if as_date(r["from_date"]) <= day),
                    None)

    def version_seen(self, team_id: str, day: dt.date) -> int:
        """The version of the team's row for `day` on screen (0: there is none), for the stale-save check."""
        row = next((r for r in self.teams[team_id].changes if r["from_date"] == day.isoformat()), None)
        return row["version"] if row else 0


def _editable(user: access.User, teams) -> list[str]:
    if user.role is access.Role.ADMINISTRATOR:
        return list(teams)
    return [t for t in teams if t == user.team_id]


def show(req: Request, area: str | None = None) -> CapacityView:
    user = req.require("team_capacity")
    db = req.need_db("there are no teams to show")
    areas = areas_of(db, user)
    if not areas:
        return CapacityView(areas=[])
    area = area if area in areas else areas[0]
    caps = {c.team_id: c for c in plan.team_capacities(store.list_teams(db, area), store.capacity_for(db, area),
                                                        req.today)}
    return CapacityView(areas=areas, area=area, teams=caps, editable=_editable(user, caps))


def _may_change(req: Request, area: str, team_id: str) -> None:
    user = req.require("team_capacity")
    teams = [t["id"] for t in store.list_teams(req.need_db("there are no teams to change"), area)]
    if team_id not in _editable(user, teams):
        raise Refused("You can change the capacity of your own team only.", serious=True)


def what_if(req: Request, area: str, team_id: str, from_date: dt.date, per_week: float) -> WhatIf:
    """The area's gaps now and with the change (nothing is saved)."""
    _may_change(req, area, team_id)
    try:
        return capacity.capacity_what_if(req.db, area, team_id, from_date, per_week, req.today)
    except ValueError as bad:
        raise Refused(str(bad), serious=True) from None


def change(req: Request, area: str, team_id: str, from_date: dt.date, per_week: float, expected_version: int) -> None:
    """Save the team's capacity from `from_date` (audited); refused when someone changed the
    same row after the version the user saw."""
    _may_change(req, area, team_id)
    try:
        capacity.change_capacity(req.db, area, team_id, from_date, per_week, req.username,
                                 expected_version=expected_version)
    except store.ConflictError as stale:
        raise Stale(str(stale)) from None
    except ValueError as bad:
        raise Refused(str(bad), serious=True) from None
