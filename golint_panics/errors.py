"""Errors every command may raise (a module of its own: importing it costs
nothing, so `--version` and `rules` start fast)."""


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""
