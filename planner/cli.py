"""The `planner` command. Each subcommand lives in `planner/commands/<name>.py`.

A user error (bad date, impossible combination, bad file) or a problem with the database itself
(busy, damaged, read-only, a full disk) prints one line to stderr and exits with status 2, never
a traceback (PLANNER_DEBUG=1 shows one for an error nobody expected).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from planner.commands import UserError
from planner.store import StoreError

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
    "maintenance",
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
    except (UserError, StoreError) as exc:  # StoreError: busy, damaged, read-only or full, in plain words
        return _fail(args, str(exc))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except UnicodeEncodeError:
        return _fail(args, "this terminal cannot show some of the characters (names with accents, say); "
                           "set PYTHONIOENCODING=utf-8 or write to a file with --out")
    except OSError as exc:  # the disk is full, a folder is read-only, a file vanished
        return _fail(args, f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
    except Exception as exc:
        if os.environ.get("PLANNER_DEBUG"):
            raise
        return _fail(args, f"something went wrong that the planner did not expect ({type(exc).__name__}); "
                           "nothing was half-written. Run again with PLANNER_DEBUG=1 to see the details, "
                           "and report them")
    return int(status or 0)


def _fail(args: argparse.Namespace, message: str) -> int:
    print(f"planner {args.command}: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
