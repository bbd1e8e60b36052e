"""
## What it does
Reports a write to a shared map (`m[k] = v`, `m[k] op= v`, `m[k]++`,
`m[k]--`, `delete(m, k)`, also `(*p)[k] = v` through a pointer to a map)
that can run on two goroutines at once while no exclusive lock is held.

It follows each **concurrent root** of the package into the functions it
calls (through receivers, parameters, fields and constructors of declared
types): the body of a `go` statement; a function given to a goroutine
launcher (`errgroup.Group.Go`, `sync.WaitGroup.Go`, `time.AfterFunc`,
conc, workerpool and ants pools, the configured `goroutine-launchers`, and
the package's own launching helpers: functions that run a function-typed
parameter in a `go` statement); an HTTP handler (`ServeHTTP`, a function
given to `HandleFunc`/`HandlerFunc`); the methods of a gRPC service
registered with a generated `Register<Name>Server`.

The map must be a map by its declared type and **shared**: a package-level
variable, a struct field of a package type, a local of the launching
function the goroutine captures (or is given), or a map reached through a
parameter whose argument is one of these. A value made on the goroutine
(`req := &Msg{...}; req.parse()`, also below calls) is its own; so is a
value the launching function made for it and keeps to itself, and so is a
map field that only the goroutine's own code ever fills with a fresh map
(`e := &entry{names: make(map...)}` in a function it reaches: each
instance makes its own). A write is
reported when it can run **concurrently**: the root runs as several
instances (started in a loop, a handler, started by an exported function of
a library, or started from such a root), another root or code outside this
goroutine accesses the same map, or, for a captured local, goroutines
started in a loop share it or the launching function writes it after the
launch. Goroutines that the root itself starts and then waits for
(`wg.Wait()`, an errgroup's or conc pool's `Wait()` after the launch, with
no access of the map between the launch and the wait) do not run while the
root goes on: their reads are not concurrent with its writes. A write is **guarded** when an exclusive lock is held at it, along
the call path from the root (`mu.Lock()` in a caller counts), or by a
channel semaphore (`<-sem` with a deferred `sem <- v`); `RLock` does not
guard a write, and the message says so. One finding per root and map: the
first unguarded write, with the launch site and the other writes as related
locations and, for a write in a callee, the calls from the launch as a code
flow (SARIF `codeFlows`). Roots in test files are not followed.

Also, with or without a root in sight (the caller may be net/http):
**inconsistent guarding**. A write of a struct field's map under only a
read lock (`RLock`), while other accesses of that field hold an exclusive
lock: readers run together, so two of them write together. A function
named `...Locked`, documented as called with the lock held ("the caller
must hold s.mu"), or whose every call in the package is made under an
exclusive lock counts as locked; a write through a value the same
function made (`T{...}`, `&T{...}`, `new(T)`, `newT()`) is construction.

`strict = true` also reports such writes that hold no lock at all, and a
captured local written by a single goroutine that is not started in a loop.

## Why is this bad?
Go maps are not safe for concurrent writes. The runtime detects it and
stops the process with `fatal error: concurrent map writes`, which no
`recover` can catch: the pod restarts, and the trace went to a stderr that
is gone with the container.

## Example
```go
var cache = map[string]int{}

func warm(keys []string) {
    for _, k := range keys {
        go func(k string) {
            cache[k] = compute(k) // concurrent map writes
        }(k)
    }
}
```

## Use instead
```go
var (
    mu    sync.Mutex
    cache = map[string]int{}
)

go func(k string) {
    v := compute(k)
    mu.Lock()
    cache[k] = v
    mu.Unlock()
}(k)
```
or a `sync.Map`, or collect results over a channel.

## Known limits
Maps whose type only a type checker knows (returned by a function of
another package, behind an interface) are not reported; slices, arrays
and `sync.Map` never are. Calls through interfaces and function values
are not followed, nor a function literal that is only passed along
(`s.update(func(st *state) {...})`, `once.Do(func() {...})`): when, and
under which lock, it runs is not known. Roots are followed at most 8
calls deep, within the package. An access "outside this goroutine" is any
access in code the root does not reach: code reached only through an
interface counts as outside. No automatic fix.

## References
The race detector (`go test -race`) finds these at run time when a test
happens to exercise them; staticcheck and go vet have no static check.
"""
from golint_panics.rule import (
    CRASH_MAP_WRITE, INDEX_WRITE, Rule, locked_map_fields, map_write_targets, unparen,
)

WRITES = """
(assignment_statement left: (expression_list (index_expression))) @node
(inc_statement (index_expression)) @node
(dec_statement (index_expression)) @node
((call_expression function: (identifier) @f) @node (#eq? @f "delete"))
"""
_CRASH = "concurrent map writes crash the process with a fatal error that recover cannot catch"


def check(node, ctx):
    if node.type == "source_file":
        report_roots(ctx)
    else:
        check_guarding(node, ctx)


# -- writes reached from a concurrent root --------------------------------------

def report_roots(ctx):
    """The findings of the roots that start in this file (judged once for
    the whole package: a write two roots reach is reported for the first)."""
    for root, write, wfile, message, related, flow in ctx.shared("roots", lambda: judge_roots(ctx)):
        if root.site_file is ctx.file:
            ctx.report(write, message, file=wfile, related=related, flow=flow)


def judge_roots(ctx) -> list:
    out, taken = [], set()
    if not ctx.model.declares_maps():
        return out                      # no value of the package is known to be a map
    # (the roots whose reach may enter the files this check reports on)
    for root in ctx.model.roots(into_checked=True):
        for finding in judge_root(root, ctx):
            write, wfile = finding[1], finding[2]
            if (wfile.abspath, write.start_byte) not in taken:
                taken.add((wfile.abspath, write.start_byte))
                out.append(finding)
    return out


def judge_root(root, ctx) -> list:
    """One finding per (root, map): the unguarded writes of a shared map in
    the code the root reaches, when another goroutine can touch that map."""
    found: dict[tuple, list] = {}
    for reached in ctx.model.reach(root):
        for write, maps in ctx.model.map_writes_in(reached, WRITES):
            for m in maps:
                state = ctx.model.lock_state_in(reached, write)
                if state == "locked":
                    continue
                ref = ctx.model.shared_map(reached, m, root)
                if ref is not None:
                    found.setdefault(ref.key, []).append((ref, reached, write, m, state))
                break
    out = []
    for writes in found.values():
        ref, reached, write, m, state = writes[0]
        why = concurrently(root, ref, ctx)
        if why is None:
            continue
        reason, evidence = why
        held = ("under only a read lock (RLock does not exclude other writers)"
                if state == "rlocked" else "without a lock")
        message = (f"write to shared map {ctx.text(m)!r} ({ref.why}) {held} in "
                   f"{root.describe()}; {reason}: {_CRASH}")
        related = [(root.site_file, root.site, f"{root.what} here")]
        related += [(r.file, w, "also written here") for _ref, r, w, _m, _s in writes[1:]]
        related += evidence
        flow = []
        if reached.parent is not None:
            flow = [(root.site_file, root.site, f"{root.what} here"),
                    *[(f, call, f"calls {ctx.text(call.child_by_field_name('function'))}")
                      for f, call in reached.path()]]
        out.append((root, write, reached.file, message, related, flow))
    return out


def concurrently(root, ref, ctx):
    """Why the write can run while another access of the map does:
    (reason, related locations), or None."""
    if ref.key[0] == "local":
        # a local of the launching function: its goroutines started in a
        # loop, or the launcher writing it after the launch
        if ctx.model.started_in_loop(root, since=ref.decl.ident):
            return "goroutines started in a loop share it", []
        after = written_after(root, ref, ctx)
        if after is not None:
            return "the launching function writes it after the launch", [
                (root.site_file, after, "written by the launching function here")]
        if ctx.strict:
            return "the launching function shares it with the goroutine (strict)", []
        return None
    if ref.decl is not None:
        # a field of a value the launching function made for the goroutine:
        # shared when goroutines started in a loop share that one value
        if ctx.model.started_in_loop(root, since=ref.decl.ident):
            return "goroutines started in a loop share it", []
    else:
        multi = ctx.model.multi_instance(root)
        if multi and not ctx.model.made_in_root(ref, root):
            return multi, []
    other = ctx.model.accessed_elsewhere(ref, root)
    if other is None:
        return None
    f, node, who = other
    return (f"it is also accessed {who} ({f.name}:{f.position(node.start_byte)[0]})",
            [(f, node, f"accessed {who}")])


def written_after(root, ref, ctx):
    """A write of the captured local by the launching function after the
    launch, holding no exclusive lock."""
    sf = root.site_file
    launching = ctx.enclosing_function(root.site, file=sf)
    if launching is None:
        return None
    for write in ctx.directly_in(launching, WRITES, file=sf):
        if write.start_byte < root.site.end_byte:
            continue
        for m, _ in map_write_targets(write):
            m = unparen(m)
            decl = ctx.model.root_decl(m, sf)
            if m.type == "identifier" and decl is not None and decl[1] is not None and \
                    decl[1].ident.start_byte == ref.decl.ident.start_byte and \
                    ctx.model.own_lock_state(launching, write, file=sf) != "locked":
                return write
    return None


# -- inconsistent guarding ----------------------------------------------------------

def package_tokens(facts):
    """Files that start a root (launchers, handlers, launching helpers, gRPC
    registrations: the model's words); under `strict`, also those that name
    a map field some function accesses under a lock."""
    options = facts.settings.rule_options.get("GP003", {}) if facts.settings else {}
    # `go` is a token of the rule already
    roots = [w for w in facts.root_words() if w != "go"]
    return roots + (locked_map_fields(facts) if options.get("strict") else [])


def check_guarding(write, ctx):
    """Inconsistent guarding: this write of `x.field` holds no exclusive
    lock, while other accesses of the same field hold one."""
    func = ctx.enclosing_function(write)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return
    for m, _ in map_write_targets(write):
        key = ctx.model.field_key(m)
        if key is None or not ctx.model.is_map(m):
            continue
        state = ctx.model.lock_state(body, write)
        if state == "locked" or ctx.model.made_here(m):
            continue
        # with no lock at all: under `strict` only. The callers' locks are
        # followed by name within the package, not through closures run
        # under a lock or a lock of another value; on the corpus such
        # findings were mostly writes whose caller holds the lock
        if state is None and not ctx.strict:
            continue
        locked = [(f, a) for f, a in ctx.model.locked_accesses(*key) if a is not m]
        if not locked or _judged_with_a_root(write, ctx) or \
                not ctx.once(("write", ctx.file.abspath, write.start_byte)):
            continue
        lf, la = locked[0]
        where = f"{lf.name}:{lf.position(la.start_byte)[0]}"
        held = ("under only a read lock (RLock does not exclude other writers)"
                if state == "rlocked" else "without a lock")
        ctx.report(write, f"write to map {ctx.text(m)!r} {held}, while other accesses of "
                          f"{key[0]}.{key[1]} hold an exclusive lock ({where}): the code uses "
                          f"it from several goroutines, and {_CRASH}",
                   related=[(lf, la, "accessed under an exclusive lock here")])
        return


def _judged_with_a_root(write, ctx) -> bool:
    """Is the write reported with a concurrent root (judge_roots)?"""
    judged = ctx.shared("judged writes", lambda: {
        (wf.abspath, n.start_byte)
        for _root, w, wf, _msg, related, _flow in ctx.shared("roots", lambda: judge_roots(ctx))
        for n in [w] + [r[1] for r in related if r[2] == "also written here"]})
    return (ctx.file.abspath, write.start_byte) in judged


RULE = Rule(
    crash_evidence=(CRASH_MAP_WRITE,),
    code="GP003",
    name="unguarded-map-write-in-goroutine",
    summary="Shared map written in a goroutine without a lock",
    docs=__doc__,
    # each file once (the roots it starts), and every write (inconsistent guarding)
    query="(source_file) @node\n" + WRITES,
    # files that start a root (`go`, and the model's words: package tokens),
    # and writes under a read lock; under `strict`, writes of a map field
    # that some function accesses under a lock (package tokens)
    tokens=(b"go", b"RLock"),
    package_tokens=package_tokens,
    # the writes a root reaches are reported from the file the root starts in;
    # inconsistent guarding reports at the write checked
    reports_in_other_files=True,
    other_files_query="(source_file) @node",
    reports_from_roots=True,
    # ... and always at a write (WRITES): a check of a few files none of
    # which writes an index or calls delete has nothing to report
    reports_at=(INDEX_WRITE,),
    check=check,
    # goroutines started in test files are not roots: tests are not a program
    applies_to_tests=False,
    severity="error",
    precision="high",
    tags=("reliability", "concurrency"),
)
