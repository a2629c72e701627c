"""Subcommands of the `planner` command, one module each."""
