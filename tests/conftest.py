import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# the per-user cache key lives in the user's cache directory: the tests get
# their own, never the real one
import tempfile  # noqa: E402

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="golint-panics-test-xdg-")
