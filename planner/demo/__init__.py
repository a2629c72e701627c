"""Seeded synthetic local areas (figures-and-cohort.md Part B): Westmere, Eastshire, England.

Nothing here is real. Each person's history is generated first and tied to the statutory
calendar (planner.schoolyear), then the January census snapshot is taken:
- date of birth so that the school-year age (CAL-1: age on the 31 August before the school
  year) at the snapshot matches the B2 age table;
- the EHC plan issued at an age drawn from a curve that peaks in primary school (16% at 14+),
  the assessment request 20 weeks before (later where the area's 20-week rate is low), annual
  reviews on the plan's anniversary, Year 11 reviews pulled before the 31 March phase-transfer
  deadline, a share of reviews overdue;
- education episodes from the A4 setting table, ending at the end of compulsory school age,
  the 31 July after Year 13 or the academic year in which the person turns 25; children's
  health and care episodes ending the day before the 18th birthday (CAMHS, paediatrics,
  continuing care, children's social care), DLA ending at 16 with PIP after.

Same seed, same database: every random draw comes from `random.Random` seeded by the area and
the seed, and every stored time is the snapshot time. Demo passwords are hashed with a salt
derived from the username, so the hashes repeat too (synthetic accounts only).

Entry point: `build(db, area, seed, progress)`; the command is planner/commands/demo.py. The
package's modules: `spec` (the areas' tables and parameters), `people` (one person at a time,
history first), `areas` (building the database).
"""

from __future__ import annotations

from planner.demo.areas import DEMO_ACCOUNTS, build, demo_hash, team_rows  # noqa: F401
from planner.demo.spec import (  # noqa: F401
    AGE_SHARES,
    AREAS,
    DEMO_PASSWORD,
    EASTSHIRE_AGES,
    ETHNICITY,
    NEED_BANDS,
    NEED_CODE,
    SECONDARY,
    SETTINGS,
    SNAPSHOT,
    STAMP,
    WESTMERE_AGES,
    AreaSpec,
    eastshire,
    england,
    specs_for,
    westmere,
)
