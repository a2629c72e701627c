"""Employment (rules.md section 2): supported internships.
"""

from __future__ import annotations

from planner.models import Basis, Domain, Flag, Milestone
from planner.rules.base import Context, D, Rule, day_text, has_ehc_plan


def _em1(ctx: Context, r: Rule) -> list[Milestone]:
    start, end = ctx.birthday(16), ctx.birthday(25) - D(days=1)
    return [
        r.milestone(
            "supported_internship_window",
            "You can do a supported internship (16 to 24, with an EHC plan)",
            f"From {day_text(start)} to {day_text(end)} you can do a supported internship: learning at "
            "work for 6 to 12 months with a job coach.",
            start=start,
            end=end,
            flags=[Flag.UNVERIFIED],
            note="The exact start-age boundary is not verified; the plan must be live.",
        )
    ]


EM_1 = Rule(
    id="EM-1",
    title="Supported internships for 16 to 24-year-olds with an EHC plan",
    easy_read="Learning at work with a job coach.",
    domain=Domain.EMPLOYMENT,
    source="DfE supported internships guidance 2022 [V]",
    basis=Basis.RECOMMENDED,
    applies_when="has an EHC plan",
    applies=has_ehc_plan,
    compute=_em1,
)


RULES: tuple[Rule, ...] = (EM_1,)
