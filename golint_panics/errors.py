"""Errors every command may raise (a module of its own: importing it costs
nothing, so `--version` and `rules` start fast)."""


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""


def did_you_mean(word: str, choices) -> str:
    """ "did you mean GP004?" for a near miss among `choices` (a code in
    lower case too), else ""."""
    import difflib
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6) or \
        difflib.get_close_matches(word.upper(), [c for c in choices if c.isupper()], n=1,
                                  cutoff=0.6)
    return f"did you mean {close[0]}?" if close else ""
