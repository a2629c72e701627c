"""The rule catalogue: every statutory and guidance rule that dates something for a person.

Each rule is a small object with its `rules.md` id, a plain-English title, an easy-read
sentence for young people, its domain, its source, when it applies and its computation, written
side by side in the module of its rules.md section (`calendar`, `education`, `employment`,
`housing`, `health`, `social_care`, `money`); `base` says what a rule is. The README's rules
table, the app and the tests all read this one catalogue (`CATALOGUE`).

Sources carry the status of `rules.md`: [V] seen in the primary source, [V2] through a
secondary source, [U] unverified (such milestones carry the `unverified` flag). Each rule says
whether its dates are *statutory* (an Act or regulation sets them: missing one is a breach) or
*recommended* (guidance or a planner default: a window to aim for), and a milestone can say
otherwise for itself.
"""

from __future__ import annotations

from planner.rules import (
    assessment,
    calendar,
    education,
    employment,
    health,
    housing,
    money,
    social_care,
)
from planner.rules.base import Context, Rule  # noqa: F401

CATALOGUE: tuple[Rule, ...] = (
    *calendar.RULES, *education.RULES, *assessment.RULES, *employment.RULES, *housing.RULES, *health.RULES,
    *social_care.RULES, *money.RULES,
)

BY_ID: dict[str, Rule] = {r.id: r for r in CATALOGUE}
