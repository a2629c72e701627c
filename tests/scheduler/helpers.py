"""Small hand-made problems for the scheduler tests."""

from planner.scheduler.problem import CapacityChange, Handover, Problem, Step, Team


def one_team(per_week: float = 1.0) -> list[Team]:
    return [Team(id="asc", capacity=[CapacityChange(from_week=0, per_week=per_week)]),
            Team(id="family")]


def chain(person: str, hid: str, end: int, steps: list[dict], weight: int = 1):
    """A handover whose steps follow one another; each dict gives Step fields."""
    out, prev = [], None
    for i, fields in enumerate(steps):
        sid = f"{hid}/{i}"
        out.append(Step(id=sid, handover_id=hid, person_id=person,
                        predecessors=[prev] if prev else [], **fields))
        prev = sid
    return Handover(id=hid, person_id=person, children_end_week=end, last_step_id=prev,
                    weight=weight), out


def problem(teams, *chains, tolerance: int = 0) -> Problem:
    return Problem(teams=teams, handovers=[h for h, _ in chains],
                   steps=[s for _, steps in chains for s in steps], meeting_tolerance_weeks=tolerance)
