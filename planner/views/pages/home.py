"""Home: a welcome, and for a young person or their family the next three real dates (never a
window of years, never the past), any gap in support, and the named worker with how to reach
them; in plain words or in Easy Read. The record is read through planner.views.pages.my_record,
so the read is audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner import access, milestones
from planner.access.records import Contact
from planner.views import coming_up, easy_read, govuk, journey
from planner.views.pages import Request, my_record
from planner.views.reader import Reader, cap, reader_for
from planner.views.words import long_date


@dataclass(frozen=True)
class HomeView:
    name: str  # the signed-in user's name, for the greeting
    role: str  # 'a transition worker', 'an administrator'
    reader: Reader | None = None  # set for a young person or family with a linked record
    next_up: list[coming_up.Point] = field(default_factory=list)
    gaps: list[journey.GapNotice] = field(default_factory=list)  # where the plan leaves a gap, in words
    worker: Contact | None = None
    overdue: list[journey.JourneyEvent] = field(default_factory=list)  # past its date, nothing recorded

    def overdue_lines(self) -> list[str]:
        """Each thing whose date passed with nothing recorded (issue 11's statuses), in the reader's words."""
        assert self.reader is not None
        return [f"{e.status_text}: {self.reader.say(e.sentence)}" for e in self.overdue]

    @property
    def family(self) -> bool:
        return self.reader is not None

    @property
    def whose(self) -> str:
        return self.reader.your if self.reader else ""

    @property
    def intro(self) -> str:
        assert self.reader is not None
        return f"This is {self.reader.your} plan for the years from 14 to 25."

    def next_html(self) -> str:
        """The next dates as a GOV.UK step-by-step list."""
        assert self.reader is not None
        steps = [govuk.Step(title=long_date(p.day), lines=[p.what(self.reader)]
                            + ([f"Who: {p.event.who}"] if p.event.who else [])) for p in self.next_up]
        return govuk.step_by_step(steps, "The next things that happen")

    def contact_rows(self) -> list[tuple[str, str]]:
        assert self.reader is not None
        if self.worker is None:
            return [("Named worker", "Not set yet. Ask the school, college or council.")]
        rows = [("Named worker", self.worker.name)]
        rows += [("Team", self.worker.team)] if self.worker.team else []
        rows += [("Phone", self.worker.phone)] if self.worker.phone else []
        rows += [("Email", self.worker.email)] if self.worker.email else []
        return rows

    def contact_html(self) -> str:
        assert self.reader is not None
        return govuk.summary_list(self.contact_rows(), f"Who to contact about {self.reader.your} plan")

    def gap_lines(self) -> list[list[str]]:
        """Each gap's sentences in the reader's words, the first marked with ▲."""
        assert self.reader is not None
        return [[("▲ " if i == 0 else "") + self.reader.say(line) for i, line in enumerate(g.sentences)]
                for g in self.gaps]

    def easy_read_items(self) -> list[easy_read.EasyReadItem]:
        assert self.reader is not None
        return easy_read.home_items(self.next_up, self.worker, self.reader, self.gaps, self.overdue)

    def easy_read_html(self) -> str:
        assert self.reader is not None
        return easy_read.to_html(self.easy_read_items(), f"{cap(self.reader.plan)} in Easy Read")


def show(req: Request) -> HomeView:
    user = req.require("home")
    label = access.ROLE_LABELS[user.role]
    role = f"{'an' if label[0] in 'aeiou' else 'a'} {label}"
    if user.role not in (access.Role.YOUNG_PERSON, access.Role.PARENT_CARER) or not user.person_id:
        return HomeView(name=user.name, role=role)
    record = my_record(req, "home page")
    gaps = family_gaps(record, req.today)
    events = journey.events(milestones.for_person(record.person, as_of=req.today), req.today, record.steps, gaps)
    reader = reader_for(user.role.value, user.person_id, record.person.id, record.name)
    late = [e for e in events if e.status in (journey.Status.OVERDUE, journey.Status.MISSED)]
    return HomeView(name=user.name, role=role, reader=reader, worker=record.worker, gaps=gaps,
                    next_up=coming_up.upcoming(coming_up.points(events), req.today), overdue=late)


def family_gaps(record, today) -> list[journey.GapNotice]:
    """The gaps in the stored plan, said to the family (planner.views.journey.gaps)."""
    return journey.gaps(record.handovers, record.steps, today, contact=record.contact, team_names=record.team_names)
