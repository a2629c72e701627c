"""Docs that cannot drift: the README's rules table is generated from the rule catalogue.

`python -m planner.rules.docs` rewrites the table in README.md; a test fails when they differ.
"""

from __future__ import annotations

import sys

from planner.resources import ROOT
from planner.rules import CATALOGUE

BEGIN = "<!-- rules-table: generated from planner.rules.CATALOGUE by `python -m planner.rules.docs`; a test checks it -->"
END = "<!-- /rules-table -->"
README = ROOT / "README.md"


def rules_table() -> str:
    lines = ["| id | what it means | applies to | statutory or recommended | source |", "|---|---|---|---|---|"]
    for r in CATALOGUE:
        lines.append(f"| {r.id} | {r.title} | {r.applies_when} | {r.basis.value} | {r.source} |")
    return "\n".join(lines)


def with_rules_table(readme: str) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{rules_table()}\n{END}{tail}"


def main() -> int:
    README.write_text(with_rules_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
