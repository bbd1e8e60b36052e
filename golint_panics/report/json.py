from __future__ import annotations

import json as _json


def render(findings) -> str:
    return _json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
