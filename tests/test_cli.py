"""The command line, run as a user runs it: a subprocess, exit codes, output."""
import argparse
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCIDENT = os.path.join(REPO, "testdata", "incident")

BAD = """package lib

import "os"

func Stop() {
	os.Exit(1)
}
"""
GOOD = """package lib

func Fine() int { return 1 }
"""


def run(args, cwd, env=None, input=None):
    full_env = dict(os.environ)
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "golint_panics", *args], cwd=cwd,
                          capture_output=True, text=True, env=full_env, input=input, timeout=120)


@pytest.fixture
def lib(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    (tmp_path / "good.go").write_text(GOOD)
    return tmp_path


def test_concise_and_exit_one(lib):
    p = run(["check", "."], lib)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ("bad.go:6:2: GP002 os.Exit in library package 'lib' ends its "
                        "importer's process: the program's deferred calls and graceful "
                        "shutdown do not run; return an error instead\n")
    assert p.stderr == ""


def test_clean_tree_exits_zero(tmp_path):
    (tmp_path / "good.go").write_text(GOOD)
    p = run(["check"], tmp_path)
    assert (p.returncode, p.stdout) == (0, "")


def test_exit_zero(lib):
    p = run(["check", "--exit-zero", "."], lib)
    assert p.returncode == 0 and "GP002" in p.stdout


def test_json(lib):
    p = run(["check", "--output-format", "json", "."], lib)
    data = json.loads(p.stdout)
    assert data == [{
        "code": "GP002", "name": "library-exit",
        "message": data[0]["message"], "severity": "warning", "path": "bad.go",
        "line": 6, "column": 2, "end_line": 6, "end_column": 12, "related": [],
    }]
    assert data[0]["message"].startswith("os.Exit in library package 'lib'")


def test_json_related_locations_for_gp001():
    p = run(["check", "--output-format", "json", "--select", "GP001", "."], INCIDENT)
    data = json.loads(p.stdout)
    assert p.returncode == 1
    assert [(d["path"], d["line"]) for d in data] == [
        ("agent/agent.go", 27), ("framework/framework.go", 22)]
    assert [(r["path"], r["line"], r["column"]) for r in data[0]["related"]] == [
        ("framework/framework.go", 22, 2)]
    assert [(r["path"], r["line"]) for r in data[1]["related"]] == [("agent/agent.go", 27)]
    # framework.Service.Run is called from main(): its handler runs from the main root
    assert data[0]["related"][0]["message"] == "also handles SIGINT, SIGTERM, from main"


def test_full_output_has_source_and_caret(lib):
    p = run(["check", "--output-format", "full", "--color", "never", "."], lib)
    lines = p.stdout.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("bad.go:6:2: GP002"))
    assert lines[i + 1].endswith("|     os.Exit(1)")
    caret = lines[i + 2]
    assert caret.endswith("^" * len("os.Exit(1)"))
    assert caret.index("^") == lines[i + 1].index("os.Exit")
    assert "Found 1 finding (1 file)." in p.stdout
    assert "\x1b[" not in p.stdout


def test_color_always_and_no_color(lib):
    p = run(["check", "--output-format", "full", "--color", "always", "."], lib)
    assert "\x1b[" in p.stdout
    p = run(["check", "--output-format", "full", "."], lib, env={"NO_COLOR": "1"})
    assert "\x1b[" not in p.stdout


def test_github_format(tmp_path):
    (tmp_path / "a,b.go").write_text(BAD)
    p = run(["check", "--output-format", "github", "."], tmp_path)
    first = p.stdout.splitlines()[0]
    assert first.startswith("::warning title=golint-panics (GP002),file=a%2Cb.go,line=6,col=2,"
                            "endLine=6,endColumn=12::os.Exit in library package")
    lines = p.stdout.splitlines()
    token = lines[1].removeprefix("::stop-commands::")
    assert len(token) == 32 and lines[1] != lines[-1]
    assert lines[2].startswith("a,b.go:6:2: GP002 ")
    assert lines[-1] == f"::{token}::"


def workflow_commands(log: str) -> list[str]:
    """The lines a GitHub runner would obey: `::cmd ...` at the start of a
    line, outside `::stop-commands::TOKEN` ... `::TOKEN::`."""
    obeyed, stopped = [], None
    for line in log.splitlines():
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        if line.startswith("::stop-commands::"):
            stopped = line[len("::stop-commands::"):]
        elif line.startswith("::"):
            obeyed.append(line)
    return obeyed


def test_github_format_cannot_be_made_to_inject_commands(tmp_path):
    # a comment inside the exit call (messages quote source), a file name
    # with a newline, escape sequences: before, `::set-output` and `::error`
    # reached the start of lines the runner obeys, and ESC the terminal
    src = BAD.replace("os.Exit(1)",
                      "os./*\n::set-output name=pwned::1\n\x1b[2J*/Exit(1)") + \
        "\nfunc Halt() { os.Exit(2) }\n"
    (tmp_path / "x\n::error file=evil::owned.go").write_text(src)
    (tmp_path / "::warning::y.go").write_text(src)
    p = run(["check", "--output-format", "github", "."], tmp_path)
    assert p.returncode == 1, p.stderr
    obeyed = workflow_commands(p.stdout + "\n" + p.stderr)
    assert len(obeyed) == 4 and all(c.startswith("::warning title=golint-panics (GP002),file=")
                                    for c in obeyed), obeyed
    assert "\x1b" not in p.stdout + p.stderr
    for fmt in ("concise", "full"):
        q = run(["check", "--output-format", fmt, "."], tmp_path)
        assert not workflow_commands(q.stdout) and "\x1b" not in q.stdout, q.stdout
        assert len([ln for ln in q.stdout.splitlines() if "GP002" in ln]) == 4


def test_machine_formats_never_import_rich(lib):
    code = ("import sys\nfrom golint_panics.cli import main\n"
            "for fmt in ('concise', 'json', 'sarif', 'github'):\n"
            "    main(['check', '--output-format', fmt, '.'])\n"
            "assert 'rich' not in sys.modules, 'rich imported'\nprint('ok')\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=lib, capture_output=True, text=True)
    assert p.stdout.endswith("ok\n"), p.stderr


def test_output_file_is_written_and_summary_kept(lib):
    p = run(["check", "--output-format", "json", "-o", "report.json", "."], lib)
    assert p.returncode == 1
    assert p.stdout == ""
    assert "Found 1 finding (1 file)." in p.stderr
    assert json.loads((lib / "report.json").read_text())[0]["code"] == "GP002"
    assert not [n for n in os.listdir(lib) if n.endswith(".tmp")]


def test_output_into_missing_directory_is_an_error_and_writes_nothing(lib):
    p = run(["check", "-o", "nowhere/report.txt", "."], lib)
    assert p.returncode == 2
    assert "does not exist" in p.stderr and "Traceback" not in p.stderr
    assert not (lib / "nowhere").exists()


def test_select_ignore_and_unknown_codes(lib):
    assert run(["check", "--select", "GP004", "."], lib).returncode == 0
    assert run(["check", "--ignore", "GP002", "."], lib).returncode == 0
    assert run(["check", "--ignore", "library-exit", "."], lib).returncode == 0
    assert run(["check", "--select", "GP00", "."], lib).returncode == 1
    assert run(["check", "--select", "ALL", "--ignore", "GP0", "."], lib).returncode == 0
    p = run(["check", "--select", "GP999", "."], lib)
    assert p.returncode == 2 and "GP999" in p.stderr and "Traceback" not in p.stderr


def test_statistics():
    p = run(["check", "--statistics", "."], INCIDENT)
    assert p.stdout.split("\n")[:3] == ["     2  GP001  multiple-signal-notify",
                                        "     1  GP002  library-exit", ""]
    assert p.returncode == 1


def test_rules_and_rule_commands():
    p = run(["rules"], REPO)
    assert p.returncode == 0
    codes = [ln.split()[0] for ln in p.stdout.splitlines()[1:]]
    assert codes[:6] == ["GP000", "GP001", "GP002", "GP003", "GP004", "GP005"]
    p = run(["rule", "GP003"], REPO)
    assert p.returncode == 0 and "## Why is this bad?" in p.stdout
    assert "concurrent map writes" in p.stdout
    p2 = run(["rule", "unguarded-map-write-in-goroutine"], REPO)
    assert p2.stdout == p.stdout
    p = run(["rule", "GP999"], REPO)
    assert p.returncode == 2 and "unknown rule" in p.stderr


def test_version():
    p = run(["--version"], REPO)
    assert p.returncode == 0 and p.stdout.startswith("golint-panics ")


def test_default_format_is_concise_when_not_a_terminal(lib):
    assert run(["check", "."], lib).stdout.startswith("bad.go:6:2: GP002")


def test_usage_error_without_command():
    assert run([], REPO).returncode == 2
    assert run(["check", "--output-format", "xml", "."], REPO).returncode == 2


def test_quiet_prints_findings_only(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    p = run(["check", "-q", "-o", "report.txt", "."], tmp_path)
    assert (p.returncode, p.stdout, p.stderr) == (1, "", "")
    assert "GP002" in (tmp_path / "report.txt").read_text()
    p = run(["check", "--quiet", "--output-format", "full", "."], tmp_path)
    assert "GP002" in p.stdout and "Found" not in p.stdout and p.stderr == ""


def test_no_go_files_is_said_not_silent(tmp_path):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "x.go").write_text(BAD)
    p = run(["check", "."], tmp_path)
    assert p.returncode == 0
    assert "warning: no Go files found under ." in p.stderr


def test_near_misses_get_a_did_you_mean(tmp_path):
    (tmp_path / "bad.go").write_text(BAD)
    cases = {
        ("check", "--selct", "GP002", "."): "did you mean --select?",
        ("check", "--exit", "."): "did you mean --exit-zero?",
        ("check", "--select", "GP0022", "."): "did you mean GP002?",
        ("check", "--ignore", "libary-exit", "."): "did you mean library-exit?",
        ("rule", "GP04"): "did you mean GP004?",
    }
    for args, hint in cases.items():
        p = run(list(args), tmp_path)
        assert p.returncode == 2 and hint in p.stderr, (args, p.stderr)
    (tmp_path / ".golint-panics.toml").write_text('ignroe = ["GP002"]\n[rules.GP004]\nstrict = true\n')
    p = run(["check", "."], tmp_path)
    assert p.returncode == 2 and "did you mean ignore?" in p.stderr
    (tmp_path / ".golint-panics.toml").write_text('[rules.GP004]\nstrcit = true\n')
    p = run(["check", "."], tmp_path)
    assert p.returncode == 2 and "did you mean strict?" in p.stderr


def test_every_option_has_help_text(tmp_path):
    from golint_panics.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [(name, a.option_strings or a.dest) for name, p in sub.choices.items()
               for a in p._actions if not a.help and not isinstance(a, argparse._HelpAction)]
    assert missing == []


def test_the_entry_point_ends_the_process_after_flushing_what_it_wrote(tmp_path):
    """cli.run (the script and `python -m`): main's exit code, every byte of
    a report larger than a pipe's buffer, argparse's usage errors (2) and
    `SystemExit("...")`'s message (1); the interpreter is not torn down
    (an atexit handler does not run: that is the time saved)."""
    for i in range(400):              # ~400 findings: more than a pipe holds
        (tmp_path / f"f{i}.go").write_text(BAD.replace("Stop", f"Stop{i}"))
    probe = ("import atexit, sys\n"
             "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
             "from golint_panics import cli\n"
             "sys.argv = ['golint-panics', *sys.argv[1:]]\n"
             "cli.run()\n")
    env = dict(os.environ, GOLINT_PANICS_PLUGINS="0")

    def call(*args, pre=""):
        return subprocess.run([sys.executable, "-c", pre + probe, *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env, timeout=120)

    out = call("check", "--no-cache", "--output-format", "concise", ".")
    assert out.returncode == 1 and "torn down" not in out.stderr
    assert len(out.stdout.splitlines()) == 400 and out.stdout.endswith("\n")
    out = call("check", "--no-such-option")
    assert out.returncode == 2 and "unrecognized arguments" in out.stderr
    out = call("rules", pre="import golint_panics.cli as c\n"
                            "def boom(*a): raise SystemExit('no rules today')\n"
                            "c.cmd_rules = boom\n")
    assert out.returncode == 1 and out.stderr.strip() == "no rules today"
