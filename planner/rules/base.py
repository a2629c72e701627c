"""What a rule is: `Rule` (id, wording, source, when it applies, its computation) and `Context`
(one person's core dates, computed once and shared by every rule), with the small helpers the
section modules share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from planner import schoolyear as sy
from planner.models import Basis, Domain, Flag, Milestone, Person

D = dt.timedelta


@dataclass
class Context:
    """One person's core dates, computed once and shared by every rule."""

    person: Person
    conventions: sy.DateConventions = sy.DEFAULT_CONVENTIONS
    as_of: dt.date | None = None

    def birthday(self, years: int) -> dt.date:
        return sy.anniversary(self.person.dob, years, self.conventions.leap_day)

    @property
    def leap_born(self) -> bool:
        return self.person.dob.month == 2 and self.person.dob.day == 29

    @property
    def offset(self) -> int:
        return self.person.year_group_offset

    @cached_property
    def year9(self) -> sy.Window:
        return sy.year9(self.person.dob, self.offset)

    @cached_property
    def csa_end(self) -> dt.date:
        return sy.csa_end(self.person.dob, self.conventions)

    @cached_property
    def year11_end(self) -> dt.date:
        return sy.year11_end(self.person.dob, self.offset)

    @cached_property
    def post16_transfer(self) -> dt.date:
        return sy.post16_transfer(self.person.dob, self.conventions, self.offset)

    @cached_property
    def phase_transfer_deadline(self) -> dt.date:
        return sy.phase_transfer_deadline(self.person.dob, self.conventions, self.offset)

    @property
    def phase_transfer_applies(self) -> bool:
        """Reg 18(1) reviews an existing plan: a plan first issued on or after 31 March of the
        transfer year names the placement itself, with no phase-transfer review (E-5)."""
        issued = self.person.plan_issued
        return issued is None or issued < self.phase_transfer_deadline

    @property
    def record_start(self) -> dt.date | None:
        """The day the planner's record of the person began (blank: the as-of date). A duty
        due before it with nothing recorded is 'not recorded', not overdue."""
        return self.person.record_started or self.as_of

    @cached_property
    def fe_end_at_25(self) -> dt.date:
        return sy.fe_academic_year_end_at_25(self.person.dob, self.conventions)

    @cached_property
    def day_before_26(self) -> dt.date:
        return sy.day_before_birthday(self.person.dob, 26, self.conventions)

    def core_dates(self) -> dict[str, dt.date]:
        """The core dates under the key names of `worked-cases.md` (no phase-transfer deadline
        when reg 18 does not apply to the person's plan)."""
        core = {
            "year9_start": self.year9.start,
            "year9_end": self.year9.end,
            "csa_end": self.csa_end,
            "year11_end": self.year11_end,
            "post16_transfer": self.post16_transfer,
            "phase_transfer_deadline": self.phase_transfer_deadline,
            "birthday_14": self.birthday(14),
            "birthday_16": self.birthday(16),
            "birthday_17": self.birthday(17),
            "birthday_18": self.birthday(18),
            "birthday_25": self.birthday(25),
            "ehcp_fe_academic_year_end_at_25": self.fe_end_at_25,
            "day_before_26th_birthday": self.day_before_26,
        }
        if not self.phase_transfer_applies:
            del core["phase_transfer_deadline"]
        return core


Compute = Callable[[Context, "Rule"], list[Milestone]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A statutory or guidance rule that yields dates or windows for a person."""

    id: str
    title: str
    easy_read: str
    domain: Domain
    source: str
    applies_when: str
    applies: Callable[[Person], bool]
    compute: Compute = field(repr=False)
    unverified: bool = False
    basis: Basis = Basis.STATUTORY  # statutory only where an Act or regulation sets the date

    @property
    def basis_words(self) -> str:
        return self.basis.value

    def milestone(
        self,
        key: str,
        title: str,
        easy_read: str,
        *,
        date: dt.date | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        flags: list[Flag] | None = None,
        note: str = "",
        domain: Domain | None = None,
        basis: Basis | None = None,
        duty: bool = False,
        done_on: dt.date | None = None,
        source: str | None = None,
    ) -> Milestone:
        flags = list(flags or [])
        if self.unverified and Flag.UNVERIFIED not in flags:
            flags.append(Flag.UNVERIFIED)
        return Milestone(
            rule_id=self.id,
            key=key,
            title=title,
            easy_read=easy_read,
            domain=domain or self.domain,
            source=source or self.source,
            date=date,
            start=start,
            end=end,
            flags=flags,
            note=note,
            basis=basis or self.basis,
            duty=duty,
            done_on=done_on,
        )

    def milestones(self, ctx: Context) -> list[Milestone]:
        if not self.applies(ctx.person):
            return []
        return self.compute(ctx, self)


def everyone(_: Person) -> bool:
    return True


def has_ehc_plan(p: Person) -> bool:
    return p.ehc_plan


def looked_after_or_care_leaver(p: Person) -> bool:
    return p.looked_after or p.care_leaver


def leap_flags(ctx: Context) -> list[Flag]:
    return [Flag.LEAP_DAY] if ctx.leap_born else []


@lru_cache(maxsize=65536)  # half a million milestones in an area, on a few thousand dates
def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def weekday_text(day: dt.date) -> str:
    """'Monday 14 December 2026': for dates a family must act on."""
    return f"{day:%A} {day_text(day)}"
