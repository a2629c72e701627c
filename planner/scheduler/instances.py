"""Seeded abstract instances that look like an area, for tests and benchmarks.

People turn 18 (or leave Year 11) at spread-out weeks; each has one to four handovers of 3 to 7
chained steps done by the B3 teams (`figures-and-cohort.md` part B3). Capacities are set from
the generated demand with B3's demand/capacity ratios (1.1 to 1.5 on the constrained teams,
below 1 on the control teams), so the constrained teams are over-subscribed as in Eastshire.
Meetings (annual review, CHC review, Care Act review, meeting the adult practitioner) have
recommended windows that overlap for one person, so they can be merged.

With `overdue` (a share of people), some statutory dates have already passed with nothing
recorded: those people also have an annual review that is overdue (planned from the first week
two weeks' notice allows, `Step.due_now_week` its soonest end), and every step whose statutory
deadline is already behind the plan's start is overdue from its soonest possible end. The
overdue draws use their own random stream, so an instance without them is unchanged.
"""

from __future__ import annotations

import random
from collections import Counter

from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team

# B3 demand/capacity for each limited team (None: no stated limit).
RATIO = {
    "asc_transitions": 1.25, "chc_assessors": 1.25, "chc_checklists": 0.75,
    "adult_mental_health": 1.33, "supported_living": 1.38, "supported_internships": 1.29,
    "ep_service": 1.18, "send_team": 1.13, "nd_assessment": 1.5, "travel_training": 0.75,
    "careers_pfa": 0.88,
}
UNLIMITED = ["school_senco", "camhs_team", "childrens_social_care_team", "icb_chc_team",
             "college_admissions", "family", "leaving_care_team", "housing_options"]

# (key, team, weeks, meeting, statutory deadline offset from the end or None,
#  window (start, end) offsets from the end, earliest offset from the end)
Template = list[tuple[str, str, int, bool, int | None, tuple[int, int], int]]
TEMPLATES: dict[str, tuple[int, float, Template]] = {
    # name: (weight, share of people, steps)
    "camhs_to_amh": (2, 0.25, [
        ("plan", "camhs_team", 2, False, None, (-40, -20), -60),
        ("refer", "camhs_team", 1, False, None, (-30, -16), -60),
        ("assess", "adult_mental_health", 4, False, None, (-26, -4), -52),
        ("meet", "family", 1, True, None, (-14, 0), -52),
        ("transfer", "adult_mental_health", 1, False, None, (-4, 0), -26),
    ]),
    "csc_to_asc": (3, 0.30, [
        ("identify", "childrens_social_care_team", 1, False, None, (-80, -52), -90),
        ("assess", "asc_transitions", 6, False, 0, (-40, -10), -30),
        ("review", "family", 1, True, None, (-16, -2), -40),
        ("plan", "asc_transitions", 3, False, None, (-12, 0), -40),
        ("transfer", "childrens_social_care_team", 1, False, None, (-4, 0), -20),
    ]),
    "cc_to_chc": (3, 0.04, [
        ("screen", "chc_checklists", 1, False, -52, (-80, -52), -104),
        ("refer", "childrens_continuing_care_nurses", 1, False, None, (-60, -40), -100),
        ("assess", "chc_assessors", 4, False, None, (-40, -16), -60),
        ("decide", "icb_chc_team", 2, False, 0, (-20, -8), -60),
        ("review", "family", 1, True, None, (-16, -2), -60),
        ("package", "icb_chc_team", 4, False, None, (-10, 0), -40),
        ("transfer", "icb_chc_team", 1, False, None, (-4, 0), -20),
    ]),
    "school_to_post16": (2, 0.70, [
        ("careers", "careers_pfa", 1, False, None, (-70, -40), -100),
        ("review", "send_team", 2, True, None, (-30, -12), -60),
        ("amend", "send_team", 2, False, -22, (-30, -22), -60),
        ("visit", "college_admissions", 1, False, None, (-20, -4), -40),
        ("transfer", "college_admissions", 1, False, None, (-4, 0), -12),
    ]),
    "internship": (1, 0.12, [
        ("review", "send_team", 2, True, None, (-30, -12), -60),
        ("place", "supported_internships", 2, False, None, (-20, -4), -40),
        ("travel", "travel_training", 4, False, None, (-16, 0), -30),
        ("start", "supported_internships", 1, False, None, (-4, 0), -8),
    ]),
    "supported_living": (3, 0.10, [
        ("assess", "asc_transitions", 4, False, None, (-40, -12), -52),
        ("review", "family", 1, True, None, (-16, -2), -40),
        ("apply", "housing_options", 2, False, None, (-24, -6), -40),
        ("tenancy", "supported_living", 4, False, None, (-12, 0), -30),
        ("move", "family", 1, False, None, (-4, 0), -8),
    ]),
    "nd_assessment": (1, 0.08, [
        ("refer", "school_senco", 1, False, None, (-60, -30), -80),
        ("assess", "nd_assessment", 6, False, None, (-40, -8), -60),
        ("feedback", "family", 1, True, None, (-12, 0), -40),
    ]),
    "ehc_assessment": (2, 0.05, [
        ("request", "school_senco", 1, False, None, (-30, -20), -40),
        ("ep_advice", "ep_service", 6, False, -8, (-26, -8), -34),
        ("draft", "send_team", 4, False, -2, (-14, -2), -30),
        ("meet", "family", 1, True, None, (-8, 0), -30),
    ]),
}


def generate(people: int, seed: int = 0, weeks: int = 156, capacity_scale: float = 1.0,
             overdue: float = 0.0) -> Problem:
    """An area of `people` young people whose services end within `weeks` weeks (with `overdue`,
    see the module docstring)."""
    rng = random.Random(seed)
    late = random.Random(f"{seed}/overdue")
    steps: list[Step] = []
    handovers: list[Handover] = []
    for p in range(people):
        person = f"p{p}"
        # Few people are already at the cliff edge at the plan's start; most are further off.
        end18 = rng.randint(8, weeks) if rng.random() < 0.1 else rng.randint(60, weeks + 60)
        kinds = [k for k, (_, share, _) in TEMPLATES.items() if rng.random() < share]
        if not kinds:
            kinds = ["school_to_post16"]
        for kind in kinds:
            weight, _, template = TEMPLATES[kind]
            hid = f"{person}/{kind}"
            # Post-16 moves happen at the end of a school year, the others at 18.
            end = end18 if kind != "school_to_post16" else max(8, end18 - rng.choice([0, 26, 52]) % weeks)
            prev = None
            seen: set[str] = set()  # one unit of a team's capacity per handover (one intake)
            soonest = 0  # the soonest the step before can end
            for key, team, dur, meeting, deadline, (w0, w1), earliest in template:
                sid = f"{hid}/{key}"
                soonest = max(soonest, end + earliest) + dur
                passed = overdue > 0 and deadline is not None and end + deadline <= 0
                steps.append(Step(
                    id=sid, handover_id=hid, person_id=person, team=team, duration_weeks=dur,
                    earliest_week=max(0, end + earliest), meeting=meeting, mergeable=meeting,
                    deadline_week=None if deadline is None else soonest if passed else max(dur, end + deadline),
                    due_now_week=soonest if passed else None,
                    window_start=max(0, end + w0), window_end=max(dur, end + w1),
                    predecessors=[prev] if prev else [], uses_capacity=team not in seen,
                ))
                seen.add(team)
                prev = sid
            handovers.append(Handover(id=hid, person_id=person, children_end_week=end,
                                      last_step_id=prev, weight=weight))
        if overdue > 0 and late.random() < overdue:
            # The annual review of a period already ended (CFA 2014 s.44(1)), held at the first
            # meeting notice allows; it can merge with the person's other meetings.
            notice = late.randint(0, 3)
            hid = f"{person}/annual_review"
            steps.append(Step(id=f"{hid}/overdue", handover_id=hid, person_id=person, team="send_team",
                              duration_weeks=1, earliest_week=notice, deadline_week=notice + 1,
                              due_now_week=notice + 1, window_start=notice, window_end=notice + 1,
                              meeting=True, mergeable=True))
            handovers.append(Handover(id=hid, person_id=person, children_end_week=None, last_step_id=f"{hid}/overdue"))
    demand = Counter(s.team for s in steps if s.uses_capacity)
    teams = [Team(id=t, name=t.replace("_", " "), capacity=[CapacityChange(
        from_week=0, per_week=capacity_scale * demand[t] / (weeks + 60) / ratio)]) for t, ratio in RATIO.items()]
    teams += [Team(id=t, name=t.replace("_", " ")) for t in UNLIMITED + ["childrens_continuing_care_nurses"]]
    return Problem(teams=teams, handovers=handovers, steps=steps)
