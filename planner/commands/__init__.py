"""Subcommands of the `planner` command, one module each."""


class UserError(Exception):
    """A problem with what the user asked for; shown as one line, exit status 2."""
