"""`explain_gaps` names a team as the reason for a gap only when the lower bound says that
team's capacity forces some gap; a gap behind a full team that forces none is avoidable."""

from planner.scheduler import bound
from planner.scheduler.plan import explain_gaps
from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team

SEND = [Team(id="send", capacity=[CapacityChange(from_week=0, per_week=1)])]


def two(end_a: int, end_b: int) -> Problem:
    steps = [Step(id=f"{n}/0", handover_id=n, person_id=n, team="send", duration_weeks=1) for n in "ab"]
    hs = [Handover(id="a", person_id="a", children_end_week=end_a, last_step_id="a/0"),
          Handover(id="b", person_id="b", children_end_week=end_b, last_step_id="b/0")]
    return Problem(teams=SEND, handovers=hs, steps=steps)


def test_a_full_team_that_forces_no_gap_is_not_named():
    # One place a week; a's service ends at week 1, b's at week 3. Taking b first gives a a
    # one-week gap behind a full week 0, but the bound proves capacity forces no gap there.
    p = two(1, 3)
    starts = {"b/0": 0, "a/0": 1}
    head, _ = bound.heads_tails(p)
    b = bound.lower_bound(p)
    assert b.weighted_gap_weeks == 0 and b.by_team.get("send", 0) == 0
    (gap,) = explain_gaps(p, starts, head, b)
    assert (gap.handover_id, gap.weeks, gap.binding_team, gap.binding_weeks) == ("a", 1, None, [])
    # Without the bound the old reading names the full team.
    (old,) = explain_gaps(p, starts, head)
    assert old.binding_team == "send"


def test_a_team_whose_capacity_forces_a_gap_is_named():
    p = two(1, 1)  # both must start in week 0; one place: someone waits a week
    starts = {"b/0": 0, "a/0": 1}
    head, _ = bound.heads_tails(p)
    b = bound.lower_bound(p)
    assert b.by_team["send"] == 1
    (gap,) = explain_gaps(p, starts, head, b)
    assert (gap.binding_team, gap.binding_weeks) == ("send", [0])
