"""pylint's parseable format, as ruff writes it: `path:line: [CODE] message`."""
from __future__ import annotations

from . import line_safe_path, printable


def render(findings) -> str:
    return "".join(printable(f"{line_safe_path(f.location.path)}:{f.location.line}: "
                             f"[{f.code}] {f.message}") + "\n" for f in findings)
