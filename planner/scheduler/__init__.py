"""The handover scheduler: greedy construction, CP-SAT improvement, lower bound, re-planning.

The problem, in the words of ARCHITECTURE.md: time is integer weeks from the plan's start (a
Monday). Each step has a duration, a team, an earliest start and predecessors; each team has a
capacity per week (steps it can start that week) that may change over time. A handover's last
step should end by the week its children's service ends; every week later is a gap week.
Objectives, in order: weighted gap weeks, statutory breaches, separate family meetings, steps
outside their recommended window.

This package file imports nothing heavy so that `planner.validate` can use the problem models
without importing OR-Tools. Entry point: `planner.scheduler.plan.plan`.
"""
