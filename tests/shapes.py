"""Go files of pathological shape, for the scaling tests and `bench/scaling.py`.

Each generator takes a size N and returns the bytes of one Go file whose
syntax nests or repeats N times. The shapes are the ones that made the
linter's work grow faster than its input.
"""
from __future__ import annotations

HEADER = b'package p\n\nimport (\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\n' \
         b'var _ = os.Exit\nvar _ = signal.Notify\nvar _ = syscall.SIGTERM\n\nfunc work() {}\n\n'


def nested_func_literals(n: int) -> bytes:
    """func f() { func() { func() { ... }() }() }"""
    return HEADER + b"func f() {\n" + b"func() {\n" * n + b"work()\n" + b"}()\n" * n + b"}\n"


def nested_func_literals_recover(n: int) -> bytes:
    """Each nested literal defers a recover."""
    opener = b"func() {\ndefer func() { recover() }()\n"
    return HEADER + b"func f() {\n" + opener * n + b"work()\n" + b"}()\n" * n + b"}\n"


def sibling_goroutines_recover(n: int) -> bytes:
    """N goroutine literals side by side in one function, each recovering."""
    go = b"\tgo func() {\n\t\tdefer func() { recover() }()\n\t\twork()\n\t}()\n"
    return HEADER + b"func f() {\n" + go * n + b"}\n"


#: a program's own code: every goroutine that does work is a root that matters
MAIN_HEADER = HEADER.replace(b"package p\n", b"package main\n", 1) + b"func main() { f() }\n\n"


def sibling_goroutines(n: int) -> bytes:
    """N goroutine literals without recover in package main: N findings (GP004)."""
    go = b"\tgo func() {\n\t\twork()\n\t}()\n"
    return MAIN_HEADER + b"func f() {\n" + go * n + b"}\n"


def nested_ifs(n: int) -> bytes:
    return HEADER + b"func f(x bool) {\n" + b"if x {\n" * n + b"work()\n" + b"}\n" * n + b"}\n"


def nested_defers_exit(n: int) -> bytes:
    """Nested literals each deferring, an exit at the bottom."""
    opener = b"defer func() {\n"
    return (HEADER + b"func f() {\n" + opener * n + b"os.Exit(1)\n" + b"}()\n" * n + b"}\n")


def nested_calls(n: int) -> bytes:
    return HEADER + b"func g(x int) int { return x }\n\nfunc f() int {\n\treturn " + \
        b"g(" * n + b"1" + b")" * n + b"\n}\n"


def nested_signal_registrations(n: int) -> bytes:
    opener = b"func() {\nc := make(chan os.Signal, 1)\nsignal.Notify(c, syscall.SIGTERM)\n"
    return HEADER + b"func F() {\n" + opener * n + b"work()\n" + b"}()\n" * n + b"}\n"


def long_binary_chain(n: int) -> bytes:
    return HEADER + b"func f() int {\n\treturn 1" + b" + 1" * n + b"\n}\n"


SHAPES = {
    "nested_func_literals": nested_func_literals,
    "nested_func_literals_recover": nested_func_literals_recover,
    "sibling_goroutines_recover": sibling_goroutines_recover,
    "sibling_goroutines": sibling_goroutines,
    "nested_ifs": nested_ifs,
    "nested_defers_exit": nested_defers_exit,
    "nested_calls": nested_calls,
    "nested_signal_registrations": nested_signal_registrations,
    "long_binary_chain": long_binary_chain,
}


def nested_goroutines(n: int) -> bytes:
    """go func() { work(); go func() { work(); ... }() }() in package main: N
    findings (GP004), each goroutine doing work of its own."""
    return MAIN_HEADER + b"func f() {\n" + b"go func() {\nwork()\n" * n + b"}()\n" * n + \
        b"}\n"


def nested_ifs_map_write(n: int) -> bytes:
    """A goroutine writing a shared map under N nested ifs."""
    return (HEADER + b"var mu interface{ Lock(); Unlock() }\n\nfunc f(x bool) {\n"
            b"\tm := map[string]int{}\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() {\n"
            b"\t\t\tdefer func() { recover() }()\n"
            + b"if x {\n" * n + b"m[\"k\"] = 1\n" + b"}\n" * n + b"\t\t}()\n\t}\n}\n")


def sibling_signal_registrations(n: int) -> bytes:
    """N handlers for SIGTERM side by side: N findings (GP001), each listing
    a bounded number of the others."""
    reg = b"\tc%d := make(chan os.Signal, 1)\n\tsignal.Notify(c%d, syscall.SIGTERM)\n"
    return HEADER + b"func F() {\n" + b"".join(reg % (i, i) for i in range(n)) + b"}\n"


def long_var_list(n: int) -> bytes:
    """A `var (...)` block declaring N names in one list, and a map after
    it: each name of the list began a search for a map type to its end."""
    names = b", ".join(b"v%d" % i for i in range(n))
    return HEADER + b"var (\n\t" + names + b" int\n\tm map[string]int\n)\n\n" \
        b"func g() {\n\tm[\"k\"] = 1\n}\n"


SHAPES.update({
    "long_var_list": long_var_list,
    "sibling_signal_registrations": sibling_signal_registrations,
    "nested_goroutines": nested_goroutines,
    "nested_ifs_map_write": nested_ifs_map_write,
})
