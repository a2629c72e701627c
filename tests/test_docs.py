"""Docs that cannot drift: the README's rules table matches the catalogue."""

from planner.rules.docs import README, with_rules_table


def test_readme_rules_table_matches_catalogue():
    readme = README.read_text(encoding="utf-8")
    assert readme == with_rules_table(readme), "run `python -m planner.rules.docs` to refresh README.md"


def test_every_command_and_option_is_in_the_readme():
    """Each `planner` subcommand and each of its long options appears in README.md."""
    import argparse

    from planner.cli import build_parser

    readme = README.read_text(encoding="utf-8")
    missing = []
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in sub.choices.items():
        if f"planner {name}" not in readme:
            missing.append(f"planner {name}")
        for action in parser._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help" and opt not in readme:
                    missing.append(f"planner {name} {opt}")
    assert not missing, f"undocumented in README.md: {missing}"


def test_every_import_column_is_in_the_readme():
    """The README's import table names every column `planner import` accepts (they are derived
    from planner.models.PersonRecord, so a new field must be documented)."""
    from planner.exchange.imports import SPECS
    from planner.exchange.outcome_imports import SPEC

    readme = README.read_text(encoding="utf-8")
    missing = [f"{kind}: {col}" for kind, (required, optional) in {**SPECS, "outcomes": SPEC}.items()
               for col in (*required, *optional) if f"`{col}`" not in readme]
    assert not missing, f"import columns undocumented in README.md: {missing}"
