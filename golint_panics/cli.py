"""Command line: `golint-panics check|rules|rule|--version`."""
from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import signal
import sys

from . import INFORMATION_URI, __version__
from .errors import UsageError, did_you_mean
from .report import FORMATS, summary_line


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width as shutil
    would give it (COLUMNS, else the terminal's, else 80) without importing
    shutil, which brings three compression modules: argparse makes a
    formatter for every option it is told, on every start."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """argparse, with "did you mean" for an option it does not know."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        m = re.match(r"unrecognized arguments: (\S+)", message)
        if m and m.group(1).startswith("-"):
            known = [o for a in self._actions for o in a.option_strings]
            for sub in self._subparsers._group_actions if self._subparsers else ():
                for parser in getattr(sub, "choices", {}).values():
                    known += [o for a in parser._actions for o in a.option_strings]
            hint = did_you_mean(m.group(1).split("=", 1)[0], known)
            if hint:
                message += f" ({hint})"
        super().error(message)


def _output_formats(value: str) -> list[tuple[str, str | None]]:
    """`FORMAT[:FILE][,FORMAT[:FILE]...]` (golangci-lint's way of asking
    for several reports in one run)."""
    out = []
    for part in value.split(","):
        fmt, _, path = part.strip().partition(":")
        if fmt not in FORMATS:
            hint = did_you_mean(fmt, FORMATS)
            raise argparse.ArgumentTypeError(
                f"unknown format {fmt!r} ({hint + '; ' if hint else ''}one of {', '.join(FORMATS)})")
        if _ and not path:
            raise argparse.ArgumentTypeError(f"{part!r}: a file name after ':'")
        out.append((fmt, path or None))
    if sum(1 for _f, p in out if p is None) > 1:
        raise argparse.ArgumentTypeError("at most one format without a file (it goes to stdout)")
    return out


def build_parser() -> argparse.ArgumentParser:
    # options are never taken by prefix (`--exit` is not `--exit-zero`), and
    # `--` ends them: pre-commit appends file names, and `-omain.go` is a name
    p = _Parser(
        prog="golint-panics", allow_abbrev=False,
        description="Find the Go code behind pods that crash and restart.")
    p.add_argument("--version", action="version", version=f"golint-panics {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="check Go files and directories", allow_abbrev=False)
    c.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    c.add_argument("--output-format", type=_output_formats, default=None,
                   metavar="FORMAT[:FILE][,...]",
                   help=f"one of {', '.join(FORMATS)} (default: full on a terminal, concise "
                        "otherwise); several, each to a FILE, with at most one on stdout: "
                        "'sarif:golint-panics.sarif,github'")
    c.add_argument("--path-root", metavar="DIR",
                   help="report paths relative to DIR (the repository root, for a job that "
                        "runs in a subdirectory)")
    c.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    c.add_argument("--select", action="append", metavar="CODES",
                   help="run only these rules: comma list of codes, names, prefixes or ALL "
                        "(replaces the configuration's select)")
    c.add_argument("--extend-select", action="append", metavar="CODES",
                   help="run these rules too (GP900: unused suppressions)")
    c.add_argument("--ignore", action="append", metavar="CODES",
                   help="do not run these rules")
    c.add_argument("-q", "--quiet", action="store_true",
                   help="print findings only: no summary line, no notes, no progress")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    c.add_argument("--baseline", metavar="FILE",
                   help="do not report the findings recorded in FILE (see --write-baseline)")
    c.add_argument("--write-baseline", metavar="FILE",
                   help="record today's findings in FILE and exit 0: later runs with "
                        "--baseline FILE report only new ones")
    c.add_argument("--diff", action="store_true",
                   help="print what --fix would change as a unified diff, change nothing "
                        "(exit 1 when there is a change)")
    c.add_argument("--add-nolint", action="store_true",
                   help="insert '//nolint:CODES // REASON' above every line with findings, "
                        "every other byte unchanged; exit 0")
    c.add_argument("--nolint-reason", metavar="REASON", default="TODO(baseline)",
                   help="the reason --add-nolint writes (default: TODO(baseline))")
    c.add_argument("--show-fixed-baseline", action="store_true",
                   help="with --baseline: list the recorded findings that are gone")
    c.add_argument("--fix", action="store_true",
                   help="apply the safe automatic fixes (GP007), rewriting files atomically")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour in the full format (default: auto; honours NO_COLOR, "
                        "FORCE_COLOR)")
    c.add_argument("--statistics", action="store_true", help="counts per rule")
    c.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    c.add_argument("--force-exclude", action="store_true",
                   help="apply configured excludes to paths named on the command line")
    c.add_argument("--config", metavar="FILE|KEY=VALUE", action="append",
                   help="use this configuration file for every file; or, as KEY=VALUE "
                        "(TOML: 'ignore = [\"GP005\"]', 'rules.GP004.strict = true'), "
                        "override one setting of every file's configuration (repeatable)")
    c.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    c.add_argument("--show-files", action="store_true",
                   help="list the Go files that would be checked, and the entries excluded "
                        "with the pattern and configuration that exclude them; check nothing")
    c.add_argument("--show-settings", metavar="FILE",
                   help="print the configuration FILE would be checked with (its config file, "
                        "rules, settings); check nothing")
    c.add_argument("--stdin-filename", metavar="NAME",
                   help="lint standard input as the file NAME (with PATH '-')")
    c.add_argument("--new-from-rev", metavar="REV",
                   help="report only findings on lines changed since git REV")
    c.add_argument("--deps", choices=("auto", "off", "vendor"), default="auto",
                   help="follow dependencies for program-level rules: vendor/ or the module "
                        "cache (auto), vendor/ only, or not at all")
    c.add_argument("--deps-budget", type=float, default=None, metavar="SECONDS",
                   help="time the check may spend summarising dependencies (default: 10; "
                        "0.1 for --stdin-filename); summaries are cached")
    c.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    c.add_argument("--cache-dir", metavar="DIR",
                   help="result cache directory (default: .golint-panics-cache at the project root)")
    c.add_argument("--strict-go", action="store_true", default=None,
                   help="also report go statements whose body is not known (GP004)")
    c.add_argument("--no-prefilter", action="store_true",
                   help="run every rule on every file (the prefilter only skips files where "
                        "a rule cannot fire; this checks that)")

    e = sub.add_parser("explain", allow_abbrev=False,
                       help="map a crash log (panic, fatal error, data race) onto the code "
                            "and the rules that would have caught it")
    e.add_argument("log", nargs="?", metavar="FILE|-",
                   help="the crash output: raw stderr, `kubectl logs [--timestamps]`, Docker "
                        "json-file or a collector's JSON lines ('-' or nothing: standard input)")
    e.add_argument("paths", nargs="*", metavar="PATH",
                   help="the checkout the program was built from (default: .)")
    e.add_argument("--output-format", choices=("full", "json", "sarif"), default="full",
                   help="full (default): for people; json; sarif: one result per crash")
    e.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour in the full format (default: auto)")
    e.add_argument("--cache-dir", metavar="DIR", help="result cache directory of the check")
    e.add_argument("--no-cache", action="store_true", help="check without the cache")

    n = sub.add_parser("new-rule", allow_abbrev=False,
                       help="scaffold a rule: module with docs, fixture, registration")
    n.add_argument("code", help="the rule's code, e.g. XP0001")
    n.add_argument("name", help="the rule's name, lower-case-with-dashes")
    n.add_argument("--summary", help="one line: what the rule finds")
    n.add_argument("--project", default=".", metavar="DIR",
                   help="the project whose pyproject.toml registers the rule (default: .)")
    n.add_argument("--package", metavar="NAME",
                   help="the project's package the rule goes in (default: its only one)")

    sub.add_parser("lsp", help="run the language server over stdio", allow_abbrev=False)
    rl = sub.add_parser("rules", help="list all rules", allow_abbrev=False)
    rl.add_argument("--format", choices=("text", "markdown"), default="text",
                    help="markdown: the rule reference (docs/rules.md)")
    r = sub.add_parser("rule", help="show the docs of one rule", allow_abbrev=False)
    r.add_argument("code", help="rule code or name, e.g. GP003")
    return p


class _Terminated(SystemExit):
    """SIGTERM, as an exception: temporary files are removed and workers
    stopped on the way out, as for Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated(128 + signum)


@contextlib.contextmanager
def _stdout():
    """Writing the report: a reader that went away (`| head -1`) ends the run
    quietly, as SIGPIPE would (141); a closed or full stdout is a clear error."""
    try:
        if sys.stdout is None:
            raise OSError(errno.EBADF, "standard output is closed")
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(128 + 13) from None
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"cannot write the report to standard output: "
                         f"{exc.strerror or exc}") from None


def _isatty(stream) -> bool:
    return stream is not None and stream.isatty()


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so that the interpreter's last flush of what
    is still buffered does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def _tune_gc() -> None:
    """A check is one short run that allocates many small objects and frees
    most of them by reference counting: the modules loaded so far are set
    aside from the collector (`gc.freeze`) and it runs less often
    (one-file checks ~7 % faster, a cold check of the standard library
    ~2 %, the same peak memory; measured with farm-bench)."""
    import gc
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


def run() -> None:
    """The command line's entry point (the `golint-panics` script, `python
    -m golint_panics`): main(), then the process ends without tearing the
    interpreter down. Freeing every parsed tree, table and module at exit
    took ~5 % of a one-file check (farm-bench, the 20 files of the bench);
    what was written is flushed first, and every file the run writes is
    closed (written whole, atomic.py) before main() returns."""
    try:
        code = main()
    except SystemExit as exc:    # argparse (usage errors, --help, --version), a closed pipe
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)      # as the interpreter does for SystemExit("...")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):     # a reader gone, a stream closed: nothing to add
            pass
    os._exit(code & 0xFF)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        try:
            signal.signal(signal.SIGTERM, _on_sigterm)
        except ValueError:          # not the main thread (main() called by a program)
            pass
    try:
        if args.command == "check":
            if argv is None:        # the process's own command line: this run is the process
                _tune_gc()
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args.format)
        if args.command == "lsp":
            from .lsp import serve
            return serve()
        if args.command == "rule":
            return cmd_rule(args.code)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "new-rule":
            return cmd_new_rule(args)
        parser.print_help(sys.stderr)
        return 2
    except UsageError as exc:
        from .report import printable
        print(f"golint-panics: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("golint-panics: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: one line, exit 2, never a traceback
        if os.environ.get("GOLINT_PANICS_DEBUG"):
            raise
        from .report import printable
        print(f"golint-panics: internal error: {exc.__class__.__name__}: {printable(str(exc))} "
              "(set GOLINT_PANICS_DEBUG=1 for a traceback)", file=sys.stderr)
        return 2


def _load_rules():
    from .registry import RegistryError, load_rules
    try:
        return load_rules(lazy=True)
    except RegistryError as exc:
        raise UsageError(str(exc)) from None


def cmd_rules(fmt: str = "text") -> int:
    rules = _load_rules()
    if fmt == "markdown":
        from .report.docs import rules_markdown
        sys.stdout.write(rules_markdown(rules.values()))
        return 0
    width = max(len(r.name) for r in rules.values())
    lines = [f"{'code':<6} {'name':<{width}}  summary"]
    for r in rules.values():
        default = "" if r.default_enabled else "  (off by default)"
        lines.append(f"{r.code:<6} {r.name:<{width}}  {r.summary}{default}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def cmd_rule(key: str) -> int:
    from .registry import find_rule
    rules = _load_rules()
    rule = find_rule(key)
    if rule is None:
        hint = did_you_mean(key, [*rules, *(r.name for r in rules.values())])
        raise UsageError(f"unknown rule {key!r} ({hint + '; ' if hint else ''}"
                         "see `golint-panics rules`)")
    sys.stdout.write(f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n{rule.doc_text}\n")
    return 0


def cmd_new_rule(args) -> int:
    from .scaffold import new_rule
    written = new_rule(args.code, args.name, args.project, args.summary, args.package)
    for path in written:
        print(f"wrote {os.path.join(args.project, path)}")
    print(f"next: edit the rule and its fixture, then `pip install -e {args.project}` (the "
          f"entry point is read from the installed metadata) and `python -m pytest`; "
          f"`golint-panics rule {args.code}` shows its docs")
    return 0


#: the largest crash log `explain` reads
LOG_LIMIT = 256 * 1024 * 1024


def cmd_explain(args) -> int:
    """Exit 0 when the log held a crash (explained), 1 when it held none,
    2 on usage errors (an unreadable or binary log among them)."""
    from .crashlog import parse
    from .safeio import read_bounded
    cwd = os.getcwd()
    if args.log in (None, "-"):
        if args.log is None and _isatty(sys.stdin):
            raise UsageError("explain reads a crash log: give FILE, or '-' for standard input")
        name = "standard input"
        data = sys.stdin.buffer.read(LOG_LIMIT + 1) if sys.stdin is not None else b""
    else:
        name = args.log
        if os.path.isdir(args.log):
            raise UsageError(f"{args.log}: a directory, not a crash log (the log comes first, "
                             "then the checkout: explain FILE [PATH ...])")
        try:
            data = read_bounded(args.log, LOG_LIMIT + 1)
        except OSError as exc:
            raise UsageError(f"{args.log}: cannot read the crash log: "
                             f"{exc.strerror or exc}") from None
    if len(data) > LOG_LIMIT:
        raise UsageError(f"{name}: larger than {LOG_LIMIT // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise UsageError(f"{name}: binary data, not a crash log (NUL bytes)")
    if args.output is not None and args.output.endswith(".go"):
        raise UsageError(f"-o {args.output}: refusing to write the report over Go source")
    paths = args.paths or ["."]
    for p in paths:
        if not os.path.isdir(os.path.join(cwd, p)):
            raise UsageError(f"{p}: not a directory (the checkout the program was built from)")
    crashes = parse(data.decode("utf-8", "replace"))
    if not crashes:
        print(f"golint-panics: no crash in {name} (no `panic:`, `fatal error:` or "
              "`WARNING: DATA RACE`)", file=sys.stderr)
        return 1
    from .config import Configs
    from .explain import explain
    from .report import crash as crash_report
    from .runner import run_check
    from . import cache as cache_mod
    configs = Configs(_load_rules())
    profile = configs.profile_for(cwd)
    cache = None
    if not args.no_cache:
        cache = cache_mod.Cache(os.path.abspath(args.cache_dir) if args.cache_dir
                                else os.path.join(configs.config_for(cwd).root or cwd,
                                                  cache_mod.CACHE_DIR_NAME))
    result = run_check(paths, list(profile.rules), profile.settings, cwd=cwd, configs=configs,
                       cache=cache)
    roots = [os.path.normpath(os.path.join(cwd, p)) for p in paths]
    explanations = explain(crashes, roots, result.findings, cwd)
    if args.output_format == "json":
        out = crash_report.render_json(explanations, cwd)
    elif args.output_format == "sarif":
        out = crash_report.render_sarif(explanations, cwd, __version__, INFORMATION_URI)
    else:
        styled = crash_report.render_full(explanations, cwd)
        if not args.output and (args.color == "always" or (args.color == "auto"
                                                             and _isatty(sys.stdout))):
            with _stdout():
                _console(args.color).print(styled, end="")
            return 0
        out = styled.plain
    if args.output:
        _write_atomic(args.output, out)
    else:
        with _stdout():
            sys.stdout.write(out)
            sys.stdout.flush()
    return 0


def cmd_check(args) -> int:
    from .config import Configs, load_config
    from .runner import run_check

    all_rules = _load_rules()
    cwd = os.getcwd()
    paths = args.paths or ["."]
    if args.output is not None and args.output.endswith(".go"):
        # a report never replaces Go source: `-omain.go` is a file name that
        # reached the options (a hook without `--`), not a wish
        raise UsageError(f"-o {args.output}: refusing to write the report over Go source")
    # the reports: (format, file or None for stdout); -o names the file of
    # the one that has none
    outputs = list(args.output_format or [(None, None)])
    if args.output is not None:
        outputs = [(f, p if p is not None else args.output) for f, p in outputs]
        if all(p != args.output for _f, p in outputs):
            raise UsageError("-o FILE and a file for every --output-format: one too many")
    to_stdout = next((f for f, p in outputs if p is None), None)
    for _f, p in outputs:
        if p is not None and p.endswith(".go"):
            raise UsageError(f"{p}: refusing to write the report over Go source")
    overrides: dict[str, bytes] = {}
    stdin_mode = args.stdin_filename is not None or paths == ["-"]
    if stdin_mode:
        if args.stdin_filename is None:
            raise UsageError("reading standard input ('-') needs --stdin-filename NAME")
        if paths not in (["-"], [args.stdin_filename]):
            raise UsageError("with --stdin-filename, the only PATH is '-'")
        target = os.path.normpath(os.path.join(cwd, args.stdin_filename))
        overrides[target] = sys.stdin.buffer.read()
    if args.isolated and any(os.path.isfile(v) or "=" not in v for v in args.config or ()):
        raise UsageError("--config FILE and --isolated cannot be used together")
    if args.baseline and args.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    if args.show_fixed_baseline and not args.baseline:
        raise UsageError("--show-fixed-baseline needs --baseline FILE")
    baseline_entries = None
    if args.baseline:
        from .baseline import load
        baseline_entries = load(args.baseline)      # a bad file: exit 2 before any work
    from .config import merge_tables, parse_override
    fixed, config_file, config_overrides = None, None, {}
    for value in args.config or ():
        if os.path.isfile(value) or "=" not in value:
            if config_file is not None:
                raise UsageError("--config FILE given twice")
            if not os.path.isfile(value):
                raise UsageError(f"{value}: no such config file")
            config_file = value
        else:
            config_overrides = merge_tables(config_overrides, parse_override(value))
    if config_file is not None:
        fixed = load_config(config_file, all_rules, config_overrides)
    # each file gets its closest configuration, with these options on top
    configs = Configs(all_rules, fixed=fixed, isolated=args.isolated, select=args.select,
                      extend_select=args.extend_select, ignore=args.ignore,
                      strict_go=True if args.strict_go else None, overrides=config_overrides)
    # the configuration of where the run starts: the cache, the exit code's
    # notes; and every configuration the named paths lead to is read now, so
    # that a bad one is a usage error before any work
    start = args.stdin_filename if stdin_mode else paths[0]
    main = configs.profile_for(os.path.join(cwd, start))
    for p in paths if not stdin_mode else ():
        if os.path.lexists(os.path.join(cwd, p)):
            configs.profile_for(os.path.join(cwd, p))
    config, rules, explicit = main.config, list(main.rules), main.explicit
    # one cache for the run, at the root of the working directory's
    # configuration (not of whichever file came first)
    cache_root = configs.config_for(cwd).root or cwd
    if args.show_settings is not None:
        return _show_settings(os.path.join(cwd, args.show_settings), configs)
    if args.show_files:
        return _show_files(paths, configs, cwd, args.force_exclude)
    if args.deps_budget is not None and not args.deps_budget >= 0:
        raise UsageError("--deps-budget must be a number of seconds, 0 or more")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    settings = main.settings
    # rule tokens skip files where a rule cannot fire; a rule that comments
    # on every file parsed (GP000's parse errors), named explicitly, needs
    # every file parsed
    prefilter = not args.no_prefilter and not any(
        not r.triggers_parse for r in rules if r.code in explicit)

    changed = None
    if args.new_from_rev:
        from .gitdiff import changed_lines
        changed = changed_lines(args.new_from_rev, cwd)

    if stdin_mode:
        target = next(iter(overrides))
        if args.force_exclude and _is_excluded(target, config):
            return 0   # as ruff: an excluded buffer is not linted
        from .runner import BUFFER_DEPS_BUDGET, check_buffer
        cache_dir = None
        if not args.no_cache:
            from .cache import CACHE_DIR_NAME
            cache_dir = (os.path.abspath(args.cache_dir) if args.cache_dir
                         else os.path.join(cache_root, CACHE_DIR_NAME))
        result = check_buffer(target, overrides[target], rules, settings, config=config,
                              configs=configs,
                              cwd=cwd, prefilter=prefilter, cache_dir=cache_dir,
                              deps_budget=BUFFER_DEPS_BUDGET if args.deps_budget is None
                              else args.deps_budget)
    else:
        cache = None
        if not args.no_cache:
            from .cache import CACHE_DIR_NAME, Cache
            root = cache_root
            # --fix re-derives every fix from the files' current bytes: the
            # cache is refreshed but never read
            cache = Cache(os.path.abspath(args.cache_dir) if args.cache_dir
                          else os.path.join(root, CACHE_DIR_NAME), read=not args.fix)
        fmt_now = to_stdout or ("full" if (any(p is None for _f, p in outputs) and
                                           _isatty(sys.stdout)) else "concise")
        progress = Progress() if fmt_now == "full" and _isatty(sys.stderr) and \
            not args.quiet else None
        result = run_check(paths, rules, settings, jobs=args.jobs, cwd=cwd,
                           prefilter=prefilter, config=config,
                           force_exclude=args.force_exclude, cache=cache, progress=progress,
                           deps=args.deps, deps_budget=args.deps_budget, configs=configs)
    # what each file's configuration enables (notes too, when selected)
    findings = [f for f in result.findings
                if f.code in configs.profile_for(os.path.join(cwd, f.path)).codes]
    rules = sorted({r for p in configs.profiles() for r in p.rules}, key=lambda r: r.code)
    explicit = frozenset().union(*(p.explicit for p in configs.profiles()))
    if args.add_nolint:
        from .fix import add_suppressions
        if stdin_mode:
            raise UsageError("--add-nolint cannot be used with standard input")
        written, warnings = add_suppressions(findings, cwd, result.checked, args.nolint_reason)
        for w in warnings:
            print(f"golint-panics: warning: {w}", file=sys.stderr)
        print(f"golint-panics: added {written} suppression directive"
              f"{'s' if written != 1 else ''}", file=sys.stderr)
        return 0
    if args.write_baseline:
        from . import baseline
        _write_atomic(args.write_baseline, baseline.render(findings, args.write_baseline, cwd))
        print(f"golint-panics: recorded {len(findings)} finding{'s' if len(findings) != 1 else ''}"
              f" in {args.write_baseline}", file=sys.stderr)
        return 0
    if baseline_entries is not None:
        from . import baseline
        findings, baselined, stale = baseline.apply(findings, baseline_entries, args.baseline,
                                                    cwd, result.checked)
        if not args.quiet:
            print(f"golint-panics: {baselined} finding{'s' if baselined != 1 else ''} in the "
                  f"baseline {args.baseline} not reported", file=sys.stderr)
        if stale and (not args.quiet or args.show_fixed_baseline):
            print(f"golint-panics: {len(stale)} finding{'s' if len(stale) != 1 else ''} of the "
                  "baseline no longer found (fixed?); --write-baseline drops "
                  f"{'them' if len(stale) != 1 else 'it'}", file=sys.stderr)
            if args.show_fixed_baseline:
                from .report import printable
                for e in stale:
                    print(printable(f"  fixed: {e['path']}:{e.get('line', '?')}: {e['code']} "
                                    f"{e.get('message', '')}"), file=sys.stderr)
    if changed is not None:
        findings = [f for f in findings
                    if f.location.line in changed.get(os.path.normpath(os.path.join(cwd, f.path)), ())]

    if args.diff or (args.fix and stdin_mode):
        from .fix import planned_fixes, unified_diff
        from .report import concise, printable
        plans, warnings = planned_fixes(findings, cwd, result.checked, buffers=overrides)
        for w in warnings:
            print(f"golint-panics: warning: {printable(w)}", file=sys.stderr)
        with _stdout():
            if args.diff:
                sys.stdout.write(unified_diff(plans))
                return 1 if any(applied for *_rest, applied in plans) else 0
            # --fix on a buffer: the fixed buffer on stdout, what is left on stderr
            target = next(iter(overrides))
            fixed_data = next((new for _p, full, _o, new, _a in plans if full == target),
                              overrides[target])
            sys.stdout.buffer.write(fixed_data)
            sys.stdout.flush()
        done = {i for *_rest, applied in plans for i in applied}
        left = [f for i, f in enumerate(findings) if i not in done]
        sys.stderr.write(concise.render(left))
        return 1 if left and not args.exit_zero else 0
    if args.fix:
        from .fix import apply_fixes
        fixed, warnings = apply_fixes(findings, cwd, result.checked)
        result.errors.extend(warnings)
        findings = [f for i, f in enumerate(findings) if i not in fixed]
        if fixed:
            print(f"Fixed {len(fixed)} finding{'s' if len(fixed) != 1 else ''}.", file=sys.stderr)

    from .report import printable
    for err in result.errors:
        print(f"golint-panics: warning: {printable(err)}", file=sys.stderr)
    for note in result.notes if not args.quiet else ():
        print(f"golint-panics: note: {printable(note)}", file=sys.stderr)
    if not result.files_seen and not stdin_mode:
        print(f"golint-panics: warning: no Go files found under {', '.join(paths)} "
              "(excluded directories: vendor, testdata, node_modules, dot-directories, "
              "and the configuration's exclude)", file=sys.stderr)
    for err in result.internal_errors:
        print(f"golint-panics: error: {printable(err)}", file=sys.stderr)

    if args.path_root is not None:
        findings = _rebase(findings, cwd, os.path.join(cwd, args.path_root))

    written = False
    for i, (fmt, path) in enumerate(outputs):
        if fmt is None:
            fmt = "full" if (path is None and _isatty(sys.stdout)) else "concise"
        if args.statistics and i == 0:
            text = _statistics(findings, all_rules, fmt)
        elif fmt == "full":
            text = None
        else:
            text = _render_machine(fmt, findings, rules, cwd, result)
        if path is not None:
            if text is None:
                text = _render_full_plain(findings, result.files_read)
            _write_atomic(path, text)
            written = True
            continue
        with _stdout():
            if text is not None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                from .report import full
                full.render(findings, _console(args.color), result.files_read,
                            summary=not args.quiet)
    if written and to_stdout is None and not args.quiet:
        print(summary_line(findings, result.files_read), file=sys.stderr)

    if result.internal_errors:
        return 2
    if result.files_seen and not result.files_read:
        return 2
    if args.exit_zero:
        return 0
    counting = [f for f in findings if f.severity != "note" or f.code in explicit]
    return 1 if counting else 0


class Progress:
    """Feedback on stderr from the first half second: a spinner while files
    are found and read (before the number of packages is known), then a
    progress bar over the packages. Nothing for a check that ends sooner."""

    def __init__(self, after: float | None = None):
        import time
        self._time = time.monotonic
        self.after = float(os.environ.get("GOLINT_PANICS_PROGRESS_AFTER", "0.5")) \
            if after is None else after
        self.bar = None
        self.total = 0
        self.done = 0
        self.began = self._time()
        import threading        # (only when a progress display may be shown)
        self._lock = threading.Lock()
        self._status = None
        self._timer = None

    def begin(self) -> None:
        """The run starts: a spinner if finding and reading files takes a while."""
        self.began = self._time()
        import threading
        self._timer = threading.Timer(self.after, self._spin)
        self._timer.daemon = True
        self._timer.start()

    def _spin(self) -> None:
        with self._lock:
            if self._status is not None or self.total:
                return
            from rich.console import Console
            self._status = Console(stderr=True).status("finding and reading Go files…")
            self._status.start()

    def _unspin(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._status is not None:
                self._status.stop()
                self._status = None

    def start(self, total: int) -> None:
        self._unspin()
        self.started = self._time()
        self.total = total

    def advance(self) -> None:
        self.done += 1
        if self.bar is None and self._time() - self.began >= self.after and self.total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn
            self.bar = Bar(TextColumn("checking packages"), BarColumn(), MofNCompleteColumn(),
                           console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        self._unspin()
        if self.bar is not None:
            self.bar.stop()


def _show_files(paths, configs, cwd, force_exclude) -> int:
    from .config import exclusion
    from .project import discover, display_path
    from .report import printable
    why: list[tuple[str, str, str]] = []

    def check(p: str, named: bool) -> bool:
        cfg = configs.config_for(os.path.dirname(p))
        pattern = exclusion(p, cfg, named)
        if pattern is not None:
            why.append((display_path(p, cwd), pattern, cfg.path or "the defaults"))
        return pattern is not None

    files = discover(paths, cwd, lambda p: check(p, False), force_exclude, True,
                     lambda p: check(p, True))
    out = [printable(f.path) for f in files]
    out += [printable(f"excluded: {path} (pattern {pattern!r} of {where})")
            for path, pattern, where in sorted(why)]
    with _stdout():
        sys.stdout.write("".join(line + "\n" for line in out))
    if not files:
        print("golint-panics: warning: no Go files found", file=sys.stderr)
    return 0


def _show_settings(path: str, configs) -> int:
    """The resolved configuration of one file, as TOML-like lines."""
    from .report import printable
    profile = configs.profile_for(path)
    cfg, st = profile.config, profile.settings
    from .config import ignored_codes
    lines = [
        f"# settings for {path}",
        f"config-file = {json.dumps(cfg.path or '(none: the defaults)')}",
        f"rules = {json.dumps(sorted(profile.codes))}",
        f"ignored-here = {json.dumps(sorted(ignored_codes(path, cfg, configs.all_rules)))}"
        "   # per-file-ignores matching this file",
        f"exclude = {json.dumps(cfg.exclude)}",
        f"per-file-ignores = {json.dumps(cfg.per_file_ignores)}",
        f"recover-helpers = {json.dumps(sorted(st.recover_helpers))}",
        f"goroutine-launchers = {json.dumps(sorted(st.goroutine_launchers))}",
        f"strict-go = {json.dumps(st.strict_go)}",
        f"generated = {json.dumps('include' if st.include_generated else 'skip')}",
        f"test-support = {json.dumps(list(st.test_support) if st.test_support is not None else '(built-in list)')}",
    ]
    for code, options in sorted(st.rule_options.items()):
        lines.append(f"[rules.{code}] = {json.dumps(options, sort_keys=True)}")
    with _stdout():
        sys.stdout.write("".join(printable(line) + "\n" for line in lines))
    return 0


def _is_excluded(path, config) -> bool:
    from .config import excluded
    return excluded(path, config, named=True)


def _console(color: str):
    from rich.console import Console
    if color == "always":
        return Console(force_terminal=True, highlight=False, soft_wrap=True)
    if color == "never":
        return Console(color_system=None, highlight=False, soft_wrap=True)
    return Console(highlight=False, soft_wrap=True)


def _render_full_plain(findings, files_read) -> str:
    import io
    from rich.console import Console
    from .report import full
    buf = io.StringIO()
    full.render(findings, Console(file=buf, color_system=None, highlight=False,
                                  soft_wrap=True, width=10_000), files_read)
    return buf.getvalue()


def _rebase(findings, cwd: str, root: str):
    """The findings with every path relative to `root` (--path-root)."""
    from .records import replace

    def loc(location):
        where = os.path.normpath(os.path.join(cwd, location.path))
        return replace(location, path=os.path.relpath(where, root).replace(os.sep, "/"))
    return [replace(f, location=loc(f.location), related=tuple(loc(r) for r in f.related),
                    flow=tuple(loc(r) for r in f.flow)) for f in findings]


def _render_machine(fmt, findings, rules, cwd, result) -> str:
    if fmt in ("json-lines", "pylint", "gitlab", "junit"):
        import importlib
        module = importlib.import_module(f".report.{fmt.replace('-', '')}", __package__)
        return module.render(findings)
    if fmt == "rdjson":
        from .report import rdjson
        return rdjson.render(findings, INFORMATION_URI + "/blob/main/docs/rules.md")
    if fmt == "concise":
        from .report import concise
        return concise.render(findings)
    if fmt == "json":
        from .report import json as json_report
        return json_report.render(findings)
    if fmt == "github":
        from .report import github
        return github.render(findings)
    from .report import sarif
    reported = {f.code for f in findings}
    rule_list = list(rules) + [r for r in _load_rules().values()
                               if r.code in reported and r not in rules]
    return sarif.render(findings, rule_list, version=__version__,
                        information_uri=INFORMATION_URI, cwd=cwd,
                        successful=not result.internal_errors,
                        notifications=result.internal_errors)


def _statistics(findings, all_rules, fmt) -> str:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        import json
        return json.dumps([{"code": c, "name": all_rules[c].name, "count": n}
                           for c, n in rows], indent=2) + "\n"
    return "".join(f"{n:>6}  {c}  {all_rules[c].name}\n" for c, n in rows)


def _write_atomic(path: str, text: str) -> None:
    from .atomic import write_atomic
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write {path}: directory {directory} does not exist")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
