"""One JSON object per finding per line (the `json` format's objects)."""
from __future__ import annotations

import json as _json


def render(findings) -> str:
    return "".join(_json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)
