"""A check of one file (the editor's, `--stdin-filename`, the language
server) runs the rules on that file alone and loads the rest of its package
only as the model asks: it must find there exactly what a check of the whole
package finds there, for every file of every fixture."""
import os

import pytest

from golint_panics import registry, runner
from golint_panics.config import Configs
from golint_panics.rule import Context, Rule

TESTDATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "testdata")


def _package_dirs() -> list[str]:
    out = []
    for d, _dirs, files in os.walk(TESTDATA):
        if any(f.endswith(".go") for f in files):
            out.append(d)
    return sorted(out)


def _key(f):
    return (f.code, f.location.line, f.location.column, f.message, f.related, f.flow)


@pytest.mark.parametrize("directory", _package_dirs(),
                         ids=lambda d: os.path.relpath(d, TESTDATA))
def test_a_file_alone_gets_the_findings_its_package_check_gives_it(directory):
    rules = registry.load_rules()
    configs = Configs(rules)
    first = configs.profile_for(directory)
    whole = runner.run_check([directory], list(first.rules), first.settings, jobs=1,
                             cwd=directory, recursive=False, configs=configs)
    by_file: dict[str, set] = {}
    for f in whole.findings:
        by_file.setdefault(os.path.normpath(os.path.join(directory, f.path)), set()).add(_key(f))
    names = sorted(n for n in os.listdir(directory) if n.endswith(".go"))
    for name in names:
        path = os.path.join(directory, name)
        with open(path, "rb") as fh:
            data = fh.read()
        profile = configs.profile_for(path)
        alone = runner.check_buffer(path, data, list(profile.rules), profile.settings,
                                    config=profile.config, cwd=directory, configs=configs)
        assert {_key(f) for f in alone.findings} == by_file.get(path, set()), name


def test_a_rule_reporting_in_another_file_must_say_so(tmp_path):
    """Reporting elsewhere without `reports_in_other_files` is a rule bug:
    a one-file check would not run it where the finding comes from."""
    from golint_panics.source import SourceFile
    a = SourceFile("a.go", b"package p\n\nfunc A() {}\n", str(tmp_path / "a.go"))
    b = SourceFile("b.go", b"package p\n\nfunc B() {}\n", str(tmp_path / "b.go"))
    sink: list = []
    quiet = Rule(code="XP0001", name="x", summary="x", docs="x")
    with pytest.raises(ValueError, match="reports_in_other_files"):
        Context(quiet, a, None, None, sink).report(b.root, "elsewhere", file=b)
    loud = Rule(code="XP0002", name="y", summary="y", docs="y", reports_in_other_files=True)
    Context(loud, a, None, None, sink).report(b.root, "elsewhere", file=b)
    assert [f.location.path for f in sink] == ["b.go"]
