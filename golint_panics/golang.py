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


def signals_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    if EVERY in a or EVERY in b or UNKNOWN in a or UNKNOWN in b:
        return True
    return bool(a & b)


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


class ConstraintSyntaxError(ValueError):
    pass


def parse_go_build(expr: str):
    """Parse a `//go:build` expression into a nested tuple tree.

    ('tag', name) | ('not', x) | ('and', a, b) | ('or', a, b)
    """
    tokens: list[str] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ConstraintSyntaxError(expr)
        tokens.append(m.group(1))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    i = 0

    def peek():
        return tokens[i] if i < len(tokens) else None

    def take():
        nonlocal i
        if i >= len(tokens):
            raise ConstraintSyntaxError(expr)
        i += 1
        return tokens[i - 1]

    def p_or():
        left = p_and()
        while peek() == "||":
            take()
            left = ("or", left, p_and())
        return left

    def p_and():
        left = p_not()
        while peek() == "&&":
            take()
            left = ("and", left, p_not())
        return left

    def p_not():
        tok = take()
        if tok == "!":
            return ("not", p_not())
        if tok == "(":
            inner = p_or()
            if take() != ")":
                raise ConstraintSyntaxError(expr)
            return inner
        if tok in ("||", "&&", ")"):
            raise ConstraintSyntaxError(expr)
        return ("tag", tok)

    tree = p_or()
    if i != len(tokens):
        raise ConstraintSyntaxError(expr)
    return tree


def parse_plus_build(lines: list[str]):
    """Legacy `// +build` lines: lines AND, space-separated terms OR, commas AND."""
    result = None
    for line in lines:
        disj = None
        for term in line.split():
            conj = None
            for atom in term.split(","):
                neg = atom.startswith("!")
                name = atom.lstrip("!")
                if not name:
                    raise ConstraintSyntaxError(line)
                node = ("tag", name)
                if neg:
                    node = ("not", node)
                conj = node if conj is None else ("and", conj, node)
            disj = conj if disj is None else ("or", disj, conj)
        if disj is not None:
            result = disj if result is None else ("and", result, disj)
    return result


def evaluate(tree, tags) -> bool:
    """Evaluate a constraint tree; `tags` is a callable name -> bool."""
    kind = tree[0]
    if kind == "tag":
        return tags(tree[1])
    if kind == "not":
        return not evaluate(tree[1], tags)
    if kind == "and":
        return evaluate(tree[1], tags) and evaluate(tree[2], tags)
    return evaluate(tree[1], tags) or evaluate(tree[2], tags)


def tag_names(tree) -> set[str]:
    if tree[0] == "tag":
        return {tree[1]}
    return set().union(*(tag_names(t) for t in tree[1:]))


def satisfiable(tree, fixed: dict[str, bool]) -> bool:
    """Can the constraint be true when the tags in `fixed` have those values?

    Free tags are tried both ways (capped; beyond the cap we answer True,
    the safe answer for a linter that must not invent findings).
    """
    free = sorted(tag_names(tree) - fixed.keys())
    if len(free) > 12:
        return True
    for mask in range(1 << len(free)):
        values = dict(fixed)
        for bit, name in enumerate(free):
            values[name] = bool(mask >> bit & 1)
        if evaluate(tree, lambda n: values[n]):
            return True
    return False


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


def can_build_together(name_a: str, constraint_a, name_b: str, constraint_b) -> bool:
    """Is there a port (and a choice of other tags) that builds both files?"""
    both = constraint_a if constraint_b is None else (
        constraint_b if constraint_a is None else ("and", constraint_a, constraint_b))
    for goos, goarch in PORTS:
        if not (filename_builds_for(name_a, goos, goarch)
                and filename_builds_for(name_b, goos, goarch)):
            continue
        if both is None or builds_for(both, goos, goarch):
            return True
    return False
