"""Every rule against its Go fixtures in testdata/<CODE>/ (and the incident)."""
import os

import pytest

from want import TESTDATA, check_fixture, parse_wants

RULE_DIRS = sorted(d for d in os.listdir(TESTDATA)
                   if d.startswith("GP") and os.path.isdir(os.path.join(TESTDATA, d)))


@pytest.mark.parametrize("code", RULE_DIRS)
def test_rule_fixtures(code):
    root = os.path.join(TESTDATA, code)
    problems = check_fixture(root, select=code)
    assert not problems, "\n".join(problems)


def test_incident_all_rules():
    problems = check_fixture(os.path.join(TESTDATA, "incident"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", RULE_DIRS)
def test_fixtures_have_positives_and_negatives(code):
    """A fixture directory that expects nothing, or only findings, tests too little."""
    root = os.path.join(TESTDATA, code)
    wants = parse_wants(root)
    assert wants, f"{code} fixtures expect no finding"
    lines = 0
    for dirpath, _d, files in os.walk(root):
        for name in files:
            if name.endswith(".go"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    lines += sum(1 for ln in fh if ln.strip() and not ln.strip().startswith("//"))
    assert lines > 3 * len(wants), f"{code}: too few clean lines beside {len(wants)} wants"
