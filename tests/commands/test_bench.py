"""`planner bench` on Westmere: one JSON object with the plan's figures, its distance from each
lower bound (never below one), a one-person re-plan and a capacity what-if (first and cached).
Times are reported, not asserted: performance is measured by the command, not by unit tests."""

from __future__ import annotations

import json

from planner.cli import main


def test_bench_reports_the_plan_its_bounds_and_the_what_if(capsys):
    assert main(["bench", "--area", "westmere", "--json", "--time-limit", "8"]) == 0
    out = json.loads(capsys.readouterr().out)
    final = out["final"]
    assert final["valid"] is True
    for key in ("gap_weeks", "weighted_gap_weeks", "handovers_with_gap", "gap_median", "gap_p90", "gap_longest",
                "fairness", "overdue_steps", "breaches", "meetings", "seconds"):
        assert key in final
    if out["lower_bound"] is not None:
        assert final["weighted_gap_weeks"] >= out["lower_bound"]["weighted_gap_weeks"]
        assert final["breaches"] >= out["breach_lower_bound"]
        assert final["meetings"] >= out["meetings_lower_bound"]
        assert all(v >= 0 for v in out["distance_from_bounds"].values())
    assert final["weighted_gap_weeks"] <= out["greedy"]["weighted_gap_weeks"]
    assert out["replan_one_seconds"] >= 0
    what_if = out["what_if"]
    if what_if:  # Westmere has a limited team that holds back a gap
        assert what_if["weighted_gap_then"] <= what_if["weighted_gap_now"]
        assert what_if["first_seconds"] >= 0 and what_if["cached_seconds"] >= 0
