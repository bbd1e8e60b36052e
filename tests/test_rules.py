"""Every rule against its Go fixtures in testdata/<CODE>/ (and the incident)."""
import os

import pytest

from want import TESTDATA, check_fixture, parse_oks, parse_wants

RULE_DIRS = sorted(d for d in os.listdir(TESTDATA)
                   if d.startswith("GP") and os.path.isdir(os.path.join(TESTDATA, d)))


@pytest.mark.parametrize("code", RULE_DIRS)
def test_rule_fixtures(code):
    root = os.path.join(TESTDATA, code)
    select = code
    if os.path.exists(os.path.join(root, "SELECT")):   # rules that judge other rules' findings
        select = open(os.path.join(root, "SELECT")).read().strip()
    problems = check_fixture(root, select=select)
    assert not problems, "\n".join(problems)


def test_incident_all_rules():
    problems = check_fixture(os.path.join(TESTDATA, "incident"))
    assert not problems, "\n".join(problems)


def test_gp004_and_gp008_agree():
    problems = check_fixture(os.path.join(TESTDATA, "agree"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", RULE_DIRS)
def test_fixtures_have_as_many_tricky_negatives_as_positives(code):
    """Precision first: each rule's fixtures mark at least as many negatives
    (`// ok: why`) as expected findings (`// want`)."""
    root = os.path.join(TESTDATA, code)
    wants = parse_wants(root)
    oks = parse_oks(root)
    assert wants, f"{code} fixtures expect no finding"
    assert len(oks) >= len(wants), f"{code}: {len(oks)} negatives for {len(wants)} positives"


def test_every_registered_rule_has_fixtures():
    from golint_panics import registry
    assert sorted(registry.load_rules()) == RULE_DIRS
