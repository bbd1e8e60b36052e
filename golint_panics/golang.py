"""Knowledge about Go itself: exit functions, signals, build constraints.

Nothing here touches a syntax tree; it is plain data and small pure
functions shared by the facts layer and the rules.
"""
from __future__ import annotations

import re
from functools import lru_cache

# --- exit calls -------------------------------------------------------------

_KLOG_EXITS = frozenset(
    {"Fatal", "Fatalf", "Fatalln", "FatalDepth", "Exit", "Exitf", "Exitln", "ExitDepth"}
)

EXIT_FUNCS: dict[str, frozenset[str]] = {
    "os": frozenset({"Exit"}),
    "syscall": frozenset({"Exit"}),
    "log": frozenset({"Fatal", "Fatalf", "Fatalln"}),
    "github.com/sirupsen/logrus": frozenset({"Fatal", "Fatalf", "Fatalln"}),
    "k8s.io/klog": _KLOG_EXITS,
    "k8s.io/klog/v2": _KLOG_EXITS,
    "github.com/golang/glog": _KLOG_EXITS,
}

#: every function name that can be an exit call, for cheap pre-checks
EXIT_NAMES = frozenset(n for names in EXIT_FUNCS.values() for n in names)


def is_exit_func(import_path: str, name: str) -> bool:
    return name in EXIT_FUNCS.get(import_path, ())


#: logger types whose `Fatal*`/`Exit*` methods exit (rules.md, "Exit call"),
#: as (import path, type name); a pointer to them counts the same
EXIT_LOGGER_TYPES = frozenset({
    ("log", "Logger"), ("github.com/sirupsen/logrus", "Logger"),
    ("github.com/sirupsen/logrus", "Entry"), ("github.com/sirupsen/logrus", "FieldLogger"),
    ("go.uber.org/zap", "Logger"), ("go.uber.org/zap", "SugaredLogger"),
})
EXIT_METHOD = re.compile(r"^(Fatal|Exit)\w*$")

#: well-known results (principle 4): a call of (import path, func) returns a
#: value of (import path, type); the declared type of `x := pkg.F(...)`
WELL_KNOWN_RESULTS = {
    ("golang.org/x/sync/errgroup", "WithContext"): ("golang.org/x/sync/errgroup", "Group"),
    ("go.uber.org/zap", "NewProduction"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "NewDevelopment"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "NewExample"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "New"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "Must"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "L"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "S"): ("go.uber.org/zap", "SugaredLogger"),
    ("github.com/sirupsen/logrus", "New"): ("github.com/sirupsen/logrus", "Logger"),
    ("github.com/sirupsen/logrus", "WithField"): ("github.com/sirupsen/logrus", "Entry"),
    ("github.com/sirupsen/logrus", "WithFields"): ("github.com/sirupsen/logrus", "Entry"),
    ("github.com/sirupsen/logrus", "WithError"): ("github.com/sirupsen/logrus", "Entry"),
    ("github.com/sirupsen/logrus", "StandardLogger"): ("github.com/sirupsen/logrus", "Logger"),
    ("log", "New"): ("log", "Logger"),
    ("log", "Default"): ("log", "Logger"),
    # command-line frameworks: `app := cli.NewApp(); app.Action = run`
    **{(path, "NewApp"): (path, "App")
       for path in ("github.com/urfave/cli", "gopkg.in/urfave/cli.v1",
                    "github.com/codegangsta/cli")},
}

#: exit wrappers (rules.md): exiting is their documented job. The names of
#: the catalog, read for unexported helpers too (`mustNewClient`,
#: `exitWithError`, `checkErr`), and the `...OrDie` idiom (`ReadConfigOrDie`).
EXIT_WRAPPER = re.compile(
    r"^([Ff]atal\w*|[Ee]xit\w*|\w*AndExit|[Cc]heckErr|[Mm]ust\w*|\w*OrDie|die|exit|fatal)$")

#: command-line frameworks whose command types run a command's body through
#: function fields: (import path, type) -> those fields. Such a body is an
#: exit wrapper: exiting with a status is what a command does.
_COBRA_RUN = frozenset({
    "Run", "RunE", "PreRun", "PreRunE", "PostRun", "PostRunE", "PersistentPreRun",
    "PersistentPreRunE", "PersistentPostRun", "PersistentPostRunE"})
_URFAVE_RUN = frozenset({"Action", "Before", "After", "OnUsageError"})
CLI_ACTION_FIELDS = {
    ("github.com/spf13/cobra", "Command"): _COBRA_RUN,
    **{(path, typ): _URFAVE_RUN
       for path in ("github.com/urfave/cli", "github.com/urfave/cli/v2",
                    "github.com/urfave/cli/v3", "gopkg.in/urfave/cli.v1",
                    "gopkg.in/urfave/cli.v2", "github.com/codegangsta/cli")
       for typ in ("Command", "App")},
}


#: a doc comment sentence that makes exiting a function's documented job:
#: "Fail reports a problem and exits the program.", "... terminates the
#: program with os.Exit(1) if ...", "handles the error by ... exiting.",
#: "In one process BasicMonitor never returns"
_DOCUMENTED_EXIT = re.compile(
    r"\b(exits?|exiting|terminates?|terminating|ends?)\b[^.]*\b(program|process|application)\b"
    r"|\band exit(s|ing)?\b|\bby (logging [^.]* and )?exiting\b|\bnever returns\b"
    r"|\b(calls|with) os\.Exit\b", re.I)
_NEGATED = re.compile(r"\b(not|never (calls|exits)|n't|instead of|rather than|without)\b", re.I)


def documents_exit(doc: str) -> bool:
    """Does a doc comment say that exiting is the function's job (a sentence
    saying it exits or terminates the program, or never returns, and not
    saying the opposite)?"""
    return any(_DOCUMENTED_EXIT.search(s) and not _NEGATED.search(s)
               for s in re.split(r"(?<=[.!?])\s+", " ".join(doc.split())))


def is_exit_wrapper_name(name: str, exported_main_counts: bool = True) -> bool:
    """By name: `Fatalf`, `ExitWithError`, `CheckErr`, `MustLoad`, `die`, or
    an exported `Main` / `...Main`."""
    return bool(EXIT_WRAPPER.match(name)) or (
        exported_main_counts and name[:1].isupper() and name.endswith("Main"))


#: the `Fatal*`/`Exit*` methods the EXIT_LOGGER_TYPES declare (a finite set:
#: prefilter tokens name them as words)
#: ... by the logger's package: what each package's logger types can do
EXIT_METHODS = {
    "log": frozenset({"Fatal", "Fatalf", "Fatalln"}),
    "github.com/sirupsen/logrus": frozenset({"Fatal", "Fatalf", "Fatalln", "FatalFn", "Exit"}),
    "go.uber.org/zap": frozenset({"Fatal", "Fatalf", "Fatalw", "Fatalln"}),
}
EXIT_METHOD_NAMES = frozenset().union(*EXIT_METHODS.values())
#: a package can only hold a value of an exit logger's type (for the model)
#: through a name of its package: the type's own (`*log.Logger`, a field of
#: type `*zap.Logger`) or a function with a well-known result of that type
#: (`log.New(...)`, `logrus.WithField(...)`, `zap.L()`), named under the
#: name the file imports the package as
EXIT_METHOD_WITNESSES = {
    path: tuple(sorted({t.encode() for p, t in EXIT_LOGGER_TYPES if p == path} |
                       {f.encode() for (p, f), result in WELL_KNOWN_RESULTS.items()
                        if p == path and result in EXIT_LOGGER_TYPES}))
    for path in EXIT_METHODS}
#: methods of logger types whose declared result is a logger type again:
#: (import path, receiver type, method) -> (import path, type)
LOGGER_METHOD_RESULTS = {
    **{("github.com/sirupsen/logrus", t, m): ("github.com/sirupsen/logrus", "Entry")
       for t in ("Logger", "Entry") for m in ("WithField", "WithFields", "WithError",
                                              "WithContext", "WithTime")},
    ("go.uber.org/zap", "Logger", "With"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "Logger", "Named"): ("go.uber.org/zap", "Logger"),
    ("go.uber.org/zap", "Logger", "Sugar"): ("go.uber.org/zap", "SugaredLogger"),
    ("go.uber.org/zap", "SugaredLogger", "With"): ("go.uber.org/zap", "SugaredLogger"),
    ("go.uber.org/zap", "SugaredLogger", "Named"): ("go.uber.org/zap", "SugaredLogger"),
}
#: HTTP handler registrations (rules.md, "Concurrent roots", kind 3): the
#: function (import path, func) or method (import path, type, method) and
#: the index of the argument that runs once per request
HANDLER_FUNCS = {("net/http", "HandleFunc"): 1, ("net/http", "HandlerFunc"): 0}
HANDLER_METHODS = {("net/http", "ServeMux", "HandleFunc"): 1}
HANDLER_RESULTS = {("net/http", "NewServeMux"): ("net/http", "ServeMux")}


#: calls that put the process's stderr (file descriptor 2) somewhere else:
#: (import path, func) and the index of the argument that is the target fd
#: (None: the call itself redirects it)
FD2_REDIRECTS = {
    ("golang.org/x/sys/unix", "Dup2"): 1, ("golang.org/x/sys/unix", "Dup3"): 1,
    ("syscall", "Dup2"): 1, ("syscall", "Dup3"): 1,
    ("golang.org/x/sys/windows", "SetStdHandle"): None,
    ("runtime/debug", "SetCrashOutput"): None,
}

#: constructors of cancel-like locals: `ctx, cancel := context.WithCancel(...)`
CANCEL_CONSTRUCTORS = frozenset({
    ("context", "WithCancel"), ("context", "WithTimeout"), ("context", "WithDeadline"),
    ("context", "WithCancelCause"), ("context", "WithTimeoutCause"),
    ("context", "WithDeadlineCause"), ("os/signal", "NotifyContext"),
})

#: `NewWriter` of these packages buffers: its Close flushes, work lost at exit
BUFFERING_WRITER_PACKAGES = frozenset({
    "bufio", "compress/gzip", "compress/zlib", "compress/flate", "compress/lzw",
    "archive/zip", "archive/tar", "encoding/csv",
})

#: the methods of `context.Context`: a context's implementations are the
#: standard library's, calling them runs no caller code
CONTEXT_METHODS = frozenset({"Done", "Err", "Deadline", "Value"})

#: method names that only release what the operating system releases anyway
#: at exit (GP009) or only signal others (GP004's plumbing)
RELEASE_METHODS = frozenset({"Unlock", "RUnlock", "Done"})
SYNC_METHODS = frozenset({"Wait", "Done", "Add", "Lock", "Unlock", "RLock", "RUnlock",
                          "Broadcast", "Signal"})
TIMER_METHODS = frozenset({"Stop", "Reset"})

#: goroutine launchers (rules.md, "Concurrent roots", kind 2): a method
#: (import path, receiver type, method) or a function (import path, func),
#: and the index of the argument that runs on a goroutine of its own
GOROUTINE_LAUNCHER_METHODS = {
    ("golang.org/x/sync/errgroup", "Group", "Go"): 0,
    ("sync", "WaitGroup", "Go"): 0,
    ("github.com/sourcegraph/conc", "WaitGroup", "Go"): 0,
    ("github.com/sourcegraph/conc/pool", "Pool", "Go"): 0,
    ("github.com/sourcegraph/conc/pool", "ErrorPool", "Go"): 0,
    ("github.com/sourcegraph/conc/pool", "ContextPool", "Go"): 0,
    ("github.com/gammazero/workerpool", "WorkerPool", "Submit"): 0,
    ("github.com/gammazero/workerpool", "WorkerPool", "SubmitWait"): 0,
    ("github.com/panjf2000/ants", "Pool", "Submit"): 0,
    ("github.com/panjf2000/ants/v2", "Pool", "Submit"): 0,
}
GOROUTINE_LAUNCHER_FUNCS = {("time", "AfterFunc"): 1}
#: a call that waits until the goroutines started before it have ended:
#: (import path, receiver type, method)
JOIN_METHODS = frozenset({
    ("sync", "WaitGroup", "Wait"),
    ("golang.org/x/sync/errgroup", "Group", "Wait"),
    ("github.com/sourcegraph/conc", "WaitGroup", "Wait"),
    ("github.com/sourcegraph/conc/pool", "Pool", "Wait"),
    ("github.com/sourcegraph/conc/pool", "ErrorPool", "Wait"),
    ("github.com/sourcegraph/conc/pool", "ContextPool", "Wait"),
})
#: constructors of launcher values: the declared type of `p := pkg.F(...)`
LAUNCHER_RESULTS = {
    ("github.com/sourcegraph/conc", "NewWaitGroup"): ("github.com/sourcegraph/conc", "WaitGroup"),
    ("github.com/sourcegraph/conc/pool", "New"): ("github.com/sourcegraph/conc/pool", "Pool"),
    ("github.com/gammazero/workerpool", "New"):
        ("github.com/gammazero/workerpool", "WorkerPool"),
    ("github.com/panjf2000/ants", "NewPool"): ("github.com/panjf2000/ants", "Pool"),
    ("github.com/panjf2000/ants/v2", "NewPool"): ("github.com/panjf2000/ants/v2", "Pool"),
    ("time", "NewTimer"): ("time", "Timer"), ("time", "AfterFunc"): ("time", "Timer"),
    ("time", "NewTicker"): ("time", "Ticker"),
}
#: what only moves data and signals in a goroutine (GP004's "cannot matter")
PLUMBING_TIME_FUNCS = frozenset({"Sleep", "After", "NewTimer", "NewTicker"})
LOG_PACKAGES = frozenset({
    "log", "log/slog", "github.com/sirupsen/logrus", "k8s.io/klog", "k8s.io/klog/v2",
    "github.com/golang/glog",
})
LOGGER_TYPES = EXIT_LOGGER_TYPES | {("log/slog", "Logger"), ("github.com/go-logr/logr", "Logger")}
LOG_NOT_PRINT = re.compile(r"^(Fatal|Panic|Exit)")
#: print calls of log packages and logger values, and fmt's (GP009: a lost
#: log line is not work lost at exit; `Flush`/`Sync` are; GP004: logging
#: through a caller's logger is not running the caller's work)
PRINT_NAME = re.compile(r"^(Print|Info|Warn|Warning|Error|Debug|Trace|Log)(f|ln|w|S|Depth)?$")
#: packages whose functions only compute values (GP009: nothing lost at exit)
VALUE_PACKAGES = frozenset({"time", "errors", "strings", "strconv", "bytes", "math", "sort",
                            "path", "path/filepath", "unicode/utf8"})
#: interfaces of other packages whose methods run caller-supplied code
CALLER_INTERFACES = frozenset({
    ("io", "Reader"), ("io", "Writer"), ("io", "Closer"), ("io", "ReadCloser"),
    ("io", "WriteCloser"), ("io", "ReadWriter"), ("io", "ReadWriteCloser"),
    ("net/http", "Handler"), ("net/http", "RoundTripper"),
})


#: Go's predeclared identifiers: never declared by a package we check (in
#: practice), so facts never go looking for them in sibling files
PREDECLARED = frozenset(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 "
    "int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap "
    "clear close complex copy delete imag len make max min new panic print println real "
    "recover".split())


# --- signals ----------------------------------------------------------------

SIGNAL_PACKAGE = "os/signal"
SIGNAL_CONST_PACKAGES = frozenset({"syscall", "golang.org/x/sys/unix"})
OS_SIGNALS = {"Interrupt": "SIGINT", "Kill": "SIGKILL"}
UNCATCHABLE = frozenset({"SIGKILL", "SIGSTOP"})

#: sentinel members of a signal set
EVERY = "*"      # no signal arguments: every signal
UNKNOWN = "?"    # an argument we cannot name


_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.M)


def is_generated(data: bytes) -> bool:
    """Go's convention (go help generate): a line `// Code generated ... DO
    NOT EDIT.` before the package clause marks a file no one edits by hand."""
    if b"Code generated" not in data:
        return False
    m = _GENERATED.search(data)
    if m is None:
        return False
    package = re.search(rb"^package\s", data, re.M)
    return package is None or m.start() < package.start()


def signals_overlap(a: frozenset[str], b: frozenset[str], unknown_overlaps: bool = False) -> bool:
    """Do two signal sets share a signal? *Every signal* overlaps every known
    set; an unknown member overlaps nothing (everything when
    `unknown_overlaps`: GP001's strict reading)."""
    if unknown_overlaps and (UNKNOWN in a or UNKNOWN in b):
        return True
    a, b = a - {UNKNOWN}, b - {UNKNOWN}
    if not a or not b:
        return False
    return EVERY in a or EVERY in b or bool(a & b)


def describe_signals(sigs: frozenset[str]) -> str:
    if EVERY in sigs:
        return "every signal"
    named = sorted(s for s in sigs if s != UNKNOWN)
    if UNKNOWN in sigs:
        named.append("unknown signals")
    return ", ".join(named)


# --- build constraints ------------------------------------------------------

KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd "
    "openbsd plan9 solaris wasip1 windows zos".split()
)
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 "
    "mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x "
    "sparc sparc64 wasm".split()
)
UNIX_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split()
)

_TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[A-Za-z0-9_.]+)")

#: Bounds on a build constraint, so that no input makes the parser or any
#: code walking its tree recurse too deep: past them parse_go_build and
#: parse_plus_build raise ConstraintSyntaxError, which callers treat as an
#: unusable constraint. Chains of one operator, nested in parentheses or
#: not, build balanced trees and `!!x` is `x`, so only operators alternating
#: through parentheses (`a && (b || (c && ...))`) make a tree deep.
MAX_TOKENS = 10_000
MAX_DEPTH = 200


class ConstraintSyntaxError(ValueError):
    """A malformed build constraint, or one past MAX_TOKENS or MAX_DEPTH."""


class _Chain(list):
    """An `and`/`or` of many operands while parsing: a chain of the same
    operator among them merges into it."""

    def __init__(self, op: str, items):
        super().__init__(items)
        self.op = op


def _chain(op: str, items: list):
    if len(items) == 1:
        return items[0]
    chain = _Chain(op, [])
    for item in items:
        if isinstance(item, _Chain) and item.op == op:
            chain.extend(item)
        else:
            chain.append(_tree(item))
    return chain


def _tree(node):
    """The tuple tree of a node: a chain becomes a balanced binary tree."""
    if not isinstance(node, _Chain):
        return node
    items = list(node)
    while len(items) > 1:
        items = [(node.op, *items[i:i + 2]) if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]


def _negate(node, count: int):
    if count % 2 == 0:
        return node
    node = _tree(node)
    return node[1] if node[0] == "not" else ("not", node)


def _checked(tree, source: str):
    """The tree, unless it is deeper than MAX_DEPTH."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ConstraintSyntaxError(f"build constraint nested too deeply: {source[:80]}")
        if node[0] != "tag":
            stack.extend((child, depth + 1) for child in node[1:])
    return tree


def _tokens(expr: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ConstraintSyntaxError(expr)
        tokens.append(m.group(1))
        if len(tokens) > MAX_TOKENS:
            raise ConstraintSyntaxError(f"build constraint of over {MAX_TOKENS} tokens")
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    return tokens


def parse_go_build(expr: str):
    """Parse a `//go:build` expression into a nested tuple tree.

    ('tag', name) | ('not', x) | ('and', a, b) | ('or', a, b)

    Parsed without recursion: each `(` saves the state of the enclosing
    level on a stack, its `)` restores it. `!!x` is read as `x` (Go itself
    rejects a double negation; its own bound is 1,000 operands).
    """
    expr = expr.strip()
    outer = []             # the states of the levels around the current one
    ors, ands, nots = [], [], 0    # done `||` operands, this `&&` chain, `!`s pending
    operand = True         # is an operand (not an operator) expected next?
    for tok in _tokens(expr):
        if operand and tok == "!":
            nots += 1
        elif operand and tok == "(":
            outer.append((ors, ands, nots))
            ors, ands, nots = [], [], 0
        elif operand and tok not in ("&&", "||", ")"):
            ands.append(_negate(("tag", tok), nots))
            nots, operand = 0, False
        elif not operand and tok == "&&":
            operand = True
        elif not operand and tok == "||":
            ors.append(_chain("and", ands))
            ands, operand = [], True
        elif not operand and tok == ")" and outer:
            inner = _chain("or", ors + [_chain("and", ands)])
            ors, ands, nots = outer.pop()
            ands.append(_negate(inner, nots))
            nots = 0
        else:
            raise ConstraintSyntaxError(expr)
    if operand or outer:
        raise ConstraintSyntaxError(expr)
    return _checked(_tree(_chain("or", ors + [_chain("and", ands)])), expr)


def parse_plus_build(lines: list[str]):
    """Legacy `// +build` lines: lines AND, space-separated terms OR, commas AND."""
    ands = []
    count = 0
    for line in lines:
        ors = []
        for term in line.split():
            atoms = []
            for atom in term.split(","):
                name = atom.lstrip("!")
                if not name:
                    raise ConstraintSyntaxError(line)
                count += 1
                if count > MAX_TOKENS:
                    raise ConstraintSyntaxError(f"build constraint of over {MAX_TOKENS} tags")
                atoms.append(("not", ("tag", name)) if atom.startswith("!") else ("tag", name))
            ors.append(_tree(_chain("and", atoms)))
        if ors:
            ands.append(_tree(_chain("or", ors)))
    return _checked(_tree(_chain("and", ands)), " ".join(lines)) if ands else None


def _postfix(tree) -> list:
    """The nodes of a tree, each after its operands (walked without recursion)."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        if node[0] != "tag":
            stack.extend(node[1:])
    out.reverse()
    return out


def _run(postfix: list, tags, true=True):
    """Evaluate a tree in postfix order on booleans, or on bit masks where
    `true` has every bit set (many evaluations at once)."""
    values = []
    for node in postfix:
        kind = node[0]
        if kind == "tag":
            values.append(tags(node[1]))
        elif kind == "not":
            values.append(true ^ values.pop())
        else:
            b, a = values.pop(), values.pop()
            values.append(a & b if kind == "and" else a | b)
    return values[0]


def evaluate(tree, tags) -> bool:
    """Evaluate a constraint tree; `tags` is a callable name -> bool."""
    return _run(_postfix(tree), lambda name: bool(tags(name)))


def tag_names(tree) -> set[str]:
    return {node[1] for node in _postfix(tree) if node[0] == "tag"}


def satisfiable(tree, fixed: dict[str, bool]) -> bool:
    """Can the constraint be true when the tags in `fixed` have those values?

    Free tags are tried both ways (capped; beyond the cap we answer True,
    the safe answer for a linter that must not invent findings): all the
    assignments at once, bit m of a tag's mask being its value in the m-th.
    """
    postfix = _postfix(tree)
    names = {node[1] for node in postfix if node[0] == "tag"}
    free = sorted(names - fixed.keys())
    if len(free) > 12:
        return True
    count = 1 << len(free)
    every = (1 << count) - 1
    masks = {name: every if fixed[name] else 0 for name in names & fixed.keys()}
    for bit, name in enumerate(free):
        run = 1 << bit
        mask, width = ((1 << run) - 1) << run, 2 * run    # false `run` times, true `run` times,
        while width < count:                               # and so on
            mask, width = mask | mask << width, 2 * width
        masks[name] = mask
    return _run(postfix, masks.__getitem__, every) != 0


def builds_for(tree, goos: str, goarch: str) -> bool:
    """Is the constraint satisfiable on goos/goarch (other tags free, ignore off)?"""
    fixed = {name: False for name in KNOWN_OS | KNOWN_ARCH}
    fixed[goos] = True
    fixed[goarch] = True
    if goos in UNIX_OS:
        fixed["unix"] = True
    else:
        fixed["unix"] = False
    if goos == "android":
        fixed["linux"] = True
    if goos in ("illumos",):
        fixed["solaris"] = True
    if goos == "ios":
        fixed["darwin"] = True
    fixed["ignore"] = False
    return satisfiable(tree, fixed)


def filename_builds_for(name: str, goos: str, goarch: str) -> bool:
    """Apply Go's `_GOOS`, `_GOARCH`, `_GOOS_GOARCH` file-name rules."""
    stem = name[:-3] if name.endswith(".go") else name
    if stem.endswith("_test"):
        stem = stem[: -len("_test")]
    parts = stem.split("_")
    if len(parts) < 2:
        return True
    last = parts[-1]
    if len(parts) >= 3 and parts[-2] in KNOWN_OS and last in KNOWN_ARCH:
        file_os, file_arch = parts[-2], last
        return _os_matches(file_os, goos) and file_arch == goarch
    if last in KNOWN_OS:
        return _os_matches(last, goos)
    if last in KNOWN_ARCH:
        return last == goarch
    return True


def _os_matches(file_os: str, goos: str) -> bool:
    if file_os == goos:
        return True
    return (file_os == "linux" and goos == "android") or (
        file_os == "darwin" and goos == "ios") or (
        file_os == "solaris" and goos == "illumos")


#: the first-class and secondary ports of `go tool dist list`
PORTS = tuple(tuple(p.split("/")) for p in """
aix/ppc64 android/386 android/amd64 android/arm android/arm64 darwin/amd64 darwin/arm64
dragonfly/amd64 freebsd/386 freebsd/amd64 freebsd/arm freebsd/arm64 freebsd/riscv64
illumos/amd64 ios/amd64 ios/arm64 js/wasm linux/386 linux/amd64 linux/arm linux/arm64
linux/loong64 linux/mips linux/mips64 linux/mips64le linux/mipsle linux/ppc64 linux/ppc64le
linux/riscv64 linux/s390x netbsd/386 netbsd/amd64 netbsd/arm netbsd/arm64 openbsd/386
openbsd/amd64 openbsd/arm openbsd/arm64 openbsd/mips64 plan9/386 plan9/amd64 plan9/arm
solaris/amd64 wasip1/wasm windows/386 windows/amd64 windows/arm windows/arm64
""".split())


def build_class(name: str, constraint) -> tuple:
    """What decides whether a file builds with others: the ports its name
    allows (`_linux.go`, `_arm64.go`) and its constraint. Files of one class
    build with others alike, so a program compares classes, not files."""
    return _name_ports(name), constraint


@lru_cache(maxsize=4096)
def _name_ports(name: str) -> frozenset:
    return frozenset(p for p in PORTS if filename_builds_for(name, *p))


@lru_cache(maxsize=65536)
def classes_build_together(a: tuple, b: tuple) -> bool:
    ports = a[0] & b[0]
    if not ports:
        return False
    both = a[1] if b[1] is None else (b[1] if a[1] is None else ("and", a[1], b[1]))
    return both is None or any(builds_for(both, goos, goarch) for goos, goarch in PORTS
                               if (goos, goarch) in ports)
