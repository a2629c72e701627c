"""The `planner` command. Each subcommand lives in `planner/commands/<name>.py`.

A user error (bad date, impossible combination, bad file) prints one line to stderr and exits
with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from planner.commands import UserError

# Subcommand modules, each with `add_parser(subparsers)`; the parser's `func` runs it.
COMMANDS = (
    "milestones",
    "pathways",
    "options",
    "handovers",
    "need",
    "outcomes",
    "demo",
    "imports",
    "sen2",
    "returns",
    "offer",
    "export",
    "bench",
    "schedule",
    "capacity",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2, as for every user error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="planner",
        description="Preparation-for-adulthood transition planner (England, ages 14 to 25).",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    for name in COMMANDS:
        importlib.import_module(f"planner.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except UserError as exc:
        print(f"planner {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
