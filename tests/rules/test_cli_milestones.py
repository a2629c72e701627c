"""The `planner milestones` command: JSON keys, readable table, one-line errors, exit codes."""

import json
import subprocess
import sys

import pytest

from planner.cli import main
from planner.rules import CATALOGUE

CORE = {
    "year9_start", "year9_end", "csa_end", "post16_transfer", "phase_transfer_deadline",
    "birthday_14", "birthday_16", "birthday_17", "birthday_18", "birthday_25",
    "ehcp_fe_academic_year_end_at_25", "day_before_26th_birthday",
}


def run(capsys, *argv):
    status = main(["milestones", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_json_has_the_core_dates_and_every_milestone(capsys):
    status, out, _ = run(capsys, "--dob", "2007-09-23", "--json", "--as-of", "2026-11-23", "--ehc-plan")
    data = json.loads(out)
    assert status == 0
    assert CORE <= set(data)
    assert data["csa_end"] == "2024-06-28"
    ids = {m["rule_id"] for m in data["milestones"]}
    assert {"CAL-2", "CAL-4", "E-5", "E-9"} <= ids
    first = data["milestones"][0]
    assert set(first) >= {"rule_id", "title", "domain", "source", "flags", "date", "start", "end"}


def test_every_rule_in_the_catalogue_can_appear(capsys):
    status, out, _ = run(
        capsys, "--dob", "2010-08-31", "--json", "--ehc-plan", "--looked-after", "--camhs",
        "--continuing-care", "--childrens-social-care", "--ld-register", "--dla", "--paediatrics",
        "--assessment-request", "2025-01-06", "--plan-issued", "2020-05-01", "--last-review", "2025-11-03",
        "--post16-move", "2027-01-04", "--year-group-offset", "-1", "--advice-requested", "2025-02-03",
        "--reassessment-request", "2026-01-05", "--decision-notice-sent", "2026-02-02",
        "--young-carer", "--cares-for-adult", "--pip-second-letter-date", "2026-10-20", "--non-advanced-course",
        "--school-transfer", "2024-09-02",
    )
    assert status == 0
    ids = {m["rule_id"] for m in json.loads(out)["milestones"]}
    # S-16 (the parent carer's assessment) is for a child living at home, not one in care.
    status, out, _ = run(capsys, "--dob", "2010-08-31", "--json", "--childrens-social-care")
    ids |= {m["rule_id"] for m in json.loads(out)["milestones"]}
    assert ids == {r.id for r in CATALOGUE}


def test_required_rules_are_in_the_catalogue():
    required = {f"CAL-{i}" for i in range(1, 7)} | {f"E-{i}" for i in range(1, 10)} | {
        "EM-1", "H-2", "H-5", "HL-2", "HL-3", "HL-4", "HL-5", "S-1", "S-2", "S-4", "S-7",
    } | {f"M-{i}" for i in range(1, 6)} | {"E-11", "E-14", "E-17", "E-18", "E-19", "E-20", "E-23", "E-24", "M-6", "M-7",
                                            "S-16", "S-17"}
    assert required <= {r.id for r in CATALOGUE}


def test_table_is_in_date_order(capsys):
    status, out, _ = run(capsys, "--dob", "2010-08-31", "--as-of", "2026-11-23")
    assert status == 0
    assert "csa_end" in out and "Fri 26 Jun 2026" in out


def test_uk_dates_are_accepted(capsys):
    status, out, _ = run(capsys, "--dob", "31/08/2010", "--json")
    assert status == 0 and json.loads(out)["csa_end"] == "2026-06-26"


@pytest.mark.parametrize(
    "argv,fragment",
    [
        (["--dob", "2010-02-30"], "not a real date"),
        (["--dob", "yesterday"], "not a real date"),
        (["--dob", "2030-01-01", "--as-of", "2026-01-01"], "after the as-of date"),
        (["--dob", "2010-01-01", "--looked-after", "--care-leaver"], "cannot be looked after and a care leaver"),
        (["--dob", "2010-01-01", "--last-review", "2025-01-01"], "need an EHC plan"),
        (["--dob", "2010-01-01", "--ehc-plan", "--plan-issued", "2009-01-01"], "before the date of birth"),
        (["--dob", "2010-01-01", "--autumn-term-starts", "40"], "autumn term"),
        # A last review after today cannot have happened (CFA 2014 s.44(1)(b) "was last reviewed").
        (["--dob", "2010-01-01", "--ehc-plan", "--last-review", "2027-01-01", "--as-of", "2026-11-30"],
         "The last review date (1 January 2027) is after today (30 November 2026). Enter the date the meeting was held."),
        (["--dob", "2010-01-01", "--dla", "--pip-letter-date", "2026-12-01", "--as-of", "2026-11-30"],
         "is after today"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(argv, fragment):
    proc = subprocess.run(
        [sys.executable, "-m", "planner", "milestones", *argv], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
