"""Home: a welcome, and for a young person or their family the next few things that happen
(their record is read through planner.views.pages.my_record, so the read is audited)."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner import access, milestones
from planner.views import journey
from planner.views.pages import Request, my_record, whose


@dataclass(frozen=True)
class HomeView:
    name: str  # the signed-in user's name, for the greeting
    role: str  # 'a transition worker', 'an administrator'
    whose: str = ""  # 'your' or "Sam's": set for a young person or family with a linked record
    next_up: list[journey.JourneyEvent] = field(default_factory=list)
    gaps: list[journey.GapNotice] = field(default_factory=list)  # where the plan leaves a gap, in words

    @property
    def family(self) -> bool:
        return bool(self.whose)


def show(req: Request) -> HomeView:
    user = req.require("home")
    label = access.ROLE_LABELS[user.role]
    role = f"{'an' if label[0] in 'aeiou' else 'a'} {label}"
    if user.role not in (access.Role.YOUNG_PERSON, access.Role.PARENT_CARER) or not user.person_id:
        return HomeView(name=user.name, role=role)
    record = my_record(req, "home page")
    gaps = family_gaps(record, req.today)
    events = journey.events(milestones.for_person(record.person, as_of=req.today), req.today, record.steps, gaps)
    return HomeView(name=user.name, role=role, whose=whose(user, record), next_up=journey.next_up(events), gaps=gaps)


def family_gaps(record, today) -> list[journey.GapNotice]:
    """The gaps in the stored plan, said to the family (planner.views.journey.gaps)."""
    return journey.gaps(record.handovers, record.steps, today, contact=record.contact, team_names=record.team_names)
