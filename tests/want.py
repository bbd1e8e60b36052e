"""The suite's fixtures and the public `// want` harness (golint_panics.testing)."""
import os

from golint_panics.testing import Want, check_fixture, parse_oks, parse_wants, run  # noqa: F401

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")
