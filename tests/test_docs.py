"""Docs that cannot drift: the README's rules table matches the catalogue."""

from planner.docs import README, with_rules_table


def test_readme_rules_table_matches_catalogue():
    readme = README.read_text(encoding="utf-8")
    assert readme == with_rules_table(readme), "run `python -m planner.docs` to refresh README.md"
