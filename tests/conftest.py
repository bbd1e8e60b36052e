import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# the per-user cache key lives in the user's cache directory: the tests get
# their own, never the real one
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="golint-panics-test-xdg-")
# (removed when the run ends: each run left one behind in /tmp)
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)
# the built-in rules only, whatever plugins are installed (subprocesses
# inherit it); a test of plugins turns them on for itself
os.environ["GOLINT_PANICS_PLUGINS"] = "0"


import json  # noqa: E402

import pytest  # noqa: E402

#: the official SARIF 2.1.0 schema, beside the repository
SARIF_SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..",
                            "shared", "sarif-schema-2.1.0.json")


@pytest.fixture(scope="session")
def schema():
    """The official SARIF schema (skips the test when it is not there)."""
    if not os.path.exists(SARIF_SCHEMA):
        pytest.skip(f"official SARIF schema not found at {SARIF_SCHEMA}")
    with open(SARIF_SCHEMA, encoding="utf-8") as fh:
        return json.load(fh)
