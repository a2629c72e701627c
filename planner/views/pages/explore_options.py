"""Explore options: what the young person could do next in each area of life, filtered by what
they want, from their own record (read through planner.views.pages.my_record, audited)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import milestones, store
from planner.views import options
from planner.views.options import OptionView
from planner.views.pages import Request, my_record
from planner.views.words import DOMAIN_LABELS, OUTCOMES

# What the young person can choose to think about: outcome id -> label.
WANTS: dict[str, str] = {k: label for k, (label, _question) in OUTCOMES.items()}


@dataclass(frozen=True)
class OptionsView:
    found: list[OptionView]

    def by_area(self) -> list[tuple[str, list[OptionView]]]:
        """(area of life, its options) for each area with an option, in the menu's order."""
        out = []
        for domain, label in DOMAIN_LABELS.items():
            mine = [o for o in self.found if o.domain is domain]
            if mine:
                out.append((label, mine))
        return out

    @staticmethod
    def helps_with(option: OptionView) -> str:
        return options.outcome_labels(option.outcomes)


def show(req: Request, wants: set[str]) -> OptionsView:
    req.require("explore_options")
    record = my_record(req, "explore options")
    timeline = milestones.for_person(record.person, as_of=req.today)
    return OptionsView(found=options.options_for(record.person, timeline, req.today, set(wants),
                                                 offer=_local_offer(req, record.person.id)))


def _local_offer(req: Request, person_id: str | None) -> list[dict]:
    """The local offer of the person's area (an Open Referral UK feed), when a database holds one."""
    row = store.get_person(req.db, person_id) if req.db is not None and person_id else None
    return store.local_offer(req.db, row["area"]) if row else []
