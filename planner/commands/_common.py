"""What the subcommands share: opening a database that must already exist, who is acting
(checked against the accounts), and option types that refuse nonsense before anything runs."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from planner import limits, store
from planner.commands import UserError


def open_existing(path: Path | None, *, migrate_schema: bool = True, create: bool = False):
    """The database at `path` (default $PLANNER_DB or data/planner.db). A missing file is an
    error, never a new empty database (a mistyped --db would otherwise "succeed" on nothing),
    unless `create` (planner import --create). Damaged, read-only or foreign files are errors too."""
    try:
        return store.open_db(path, migrate_schema=migrate_schema, create=create)
    except store.StoreError as exc:
        raise UserError(str(exc)) from None


def os_user() -> str:
    """Who is running the command according to the operating system, as written in the audit log."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container): the user id will do
        name = f"uid {os.getuid()}"
    return f"{name} (operating-system user)"


def acting_as(db, by: str | None) -> str:
    """The name written to the audit log: `--by` when it is a planner account, else the
    operating-system user. An unknown `--by` is refused: the log must not say someone did
    something they did not."""
    if by is None:
        return os_user()
    if store.get_user(db, by) is None:
        raise UserError(f"--by {by[:100]!r} is not an account in this database; give your own username, "
                        "or leave --by out to be recorded as the operating-system user")
    return by


def finite_float(text: str) -> float:
    """An argparse type: a finite number (never nan or inf)."""
    value = limits.number(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number (give one such as 0.1)")
    return value
