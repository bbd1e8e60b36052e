"""
## What it does
Reports an exit call — `os.Exit`, `syscall.Exit`, `log.Fatal*`, the
`Fatal*`/`Exit*` functions of logrus, klog and glog, and `Fatal*`/`Exit`
methods of a logger whose declared type is `*log.Logger`, `*logrus.Logger`,
`*logrus.Entry`, `logrus.FieldLogger`, `*zap.Logger` or
`*zap.SugaredLogger` (`lg, _ := zap.NewProduction()`, `logrus.WithField(...)`,
`zap.L()`) — when

1. it sits in an **importable library** (not `package main`, not a package
   under `cmd/` or `internal/` that only the program imports, not a
   test-support package): the library ends its importer's process. In an
   `internal/` package that a library of the module imports too (other
   modules cannot import it), only the exits that library code can reach
   count: those in functions that lead (through the package's calls by
   name, or the making of a value whose method it is) to a name one of the
   importing libraries mentions outside an exit wrapper (x/tools'
   `singlechecker.Main` running `checker.Run`); the rest only the module's
   programs, tests, generators and exit wrappers run, and is judged by 2; or
2. it is **reached from a concurrent root** of its package, in any package
   including `package main`: the body of a `go` statement, a function passed
   to a goroutine launcher (`errgroup.Group.Go`, `sync.WaitGroup.Go`,
   `time.AfterFunc`, the configured `goroutine-launchers`, ...), an HTTP
   handler (`ServeHTTP`, `http.HandleFunc`, `mux.HandleFunc`,
   `http.HandlerFunc(...)`) or a gRPC service method (an exported method of
   a package type passed to a generated `Register<Name>Server(s, impl)`),
   directly or through same-package calls. The message names the root and the finding carries
   its launch site. An exit written inside `main()` itself is `main`'s own
   decision and is not reported.

Never reported: test files, generated files, exit wrappers, `func init()`,
`func TestMain`, an exit guarded by a comparison with `ExitOnError`, and one
inside `if false { ... }` or `if false && ... { ... }` (a debug check switched
off). Exit wrappers are the functions whose documented
job is exiting, and the literals inside them:
- named `Fatal*`, `Exit*`, `CheckErr`, `Must*` (also with a lower-case
  first letter: `mustNewClient`, `exitWithError`), `*AndExit`, `*OrDie`,
  `die`, `exit`, `fatal`, or an exported `Main` / `...Main`;
- documented to exit: a doc comment sentence saying it exits or terminates
  the program (process, application), calls `os.Exit`, or never returns
  (`// Fail reports a problem and exits the program.`), and not the
  opposite (`... it does not exit the program`);
- passed to `reexec.Register`;
- the body of a command-line command: a function given to the `Run`,
  `RunE`, `PreRun`, ... fields of a `cobra.Command`, or to `Action`,
  `Before`, `After` of a urfave/cli `Command` or `App` (a literal, a
  function or a method value; `cmd.RunE = o.run` too): exiting with a
  status is what a command does;
- an unexported function or method that is only ever called from exit
  wrappers or `init` (never used as a value): an importer reaches it only
  through them.

`[rules.GP002] strict = true` restores the v1 reading: every exit call in
any package other than `package main` (test files and `TestMain` still
excepted), wrappers and `init` included.

## Why is this bad?
A library that exits takes the decision away from the program: deferred
calls do not run, the program's graceful shutdown is skipped, buffered
logs and traces are lost, and the caller never sees an error it could
handle. An exit on a background goroutine or in a request handler does the
same to the program itself: `main`'s deferred calls, the HTTP server's
graceful shutdown and the after-stop hooks never run, and a single bad
request kills every other request in flight. In a pod the container just
stops with exit status 1.

## Example
```go
package store

func Open(path string) *DB {
    db, err := open(path)
    if err != nil {
        log.Fatalf("open %s: %v", path, err)
    }
    return db
}
```

```go
package main

func main() {
    go consume(queue)     // the goroutine started here ...
    serve()
}

func consume(q *Queue) {
    if err := q.Ack(); err != nil {
        logger.Fatal("ack", zap.Error(err)) // ... exits the process
    }
}
```

## Use instead
```go
func Open(path string) (*DB, error) {
    db, err := open(path)
    if err != nil {
        return nil, fmt.Errorf("open %s: %w", path, err)
    }
    return db, nil
}
```

Send the goroutine's error back to `main` (an `errgroup`, a channel) and let
`main` shut down in order.

## Known limits
Roots and call edges are those of the exit's own package: a library
function that exits when an application calls it from a goroutine is
reported as a library exit, and an application package exiting in a
function that another package runs on a goroutine is not reported. Calls
through interfaces and function values are not followed, nor calls more
than 8 deep. A call of an exit wrapper is not itself an exit call. Logger
types are the declared types of the package's own source (principle 4):
`logger.Fatal(...)` on a value returned by some other function is not
recognised. Calls through import aliases (`stdlog "log"`) are recognised,
and a local variable named `os` or `log` is never mistaken for the package.
No automatic fix.

## References
revive `deep-exit` (reports every exit outside `main` and `init`, and needs
a compile); gocritic `exitAfterDefer` is closer to GP009.
"""
from golint_panics.rule import (
    CRASH_EXIT, EXIT_CALL, EXIT_CALL_QUERY, EXIT_WORDS, Rule, exit_method_tokens,
)


def check(call, ctx):
    exit_fn = ctx.model.exit_call(call)
    if exit_fn is None or ctx.model.exit_disabled(call):
        return
    in_main_package = ctx.is_main or ctx.package_class == "main"
    func_name = ctx.enclosing_function_name(call)
    written = ctx.text(call.child_by_field_name("function"))
    library = (f"{written} in library package {ctx.file.package!r} ends its importer's "
               "process: the program's deferred calls and graceful shutdown do not run; "
               "return an error instead")
    if ctx.strict:
        if not in_main_package and func_name != "TestMain":
            ctx.report(call, library)
        return
    if func_name in ("init", "TestMain") and _in_plain_function(ctx, call):
        return
    if ctx.package_class == "library" and not in_main_package and not ctx.file.build_ignore:
        if ctx.model.in_exit_wrapper(call):
            return
        if not ctx.model.only_programs_run(call):
            ctx.report(call, library)
            return
        # an internal package's code that only the module's programs call:
        # judged as an application package's
    if in_main_package and func_name == "main" and _in_plain_function(ctx, call):
        return       # written in main() itself: main's own decision
    root = ctx.model.root_reaching(call)
    if root is None or ctx.model.in_exit_wrapper(call):
        return
    where = root.describe()
    ctx.report(call, f"{written} reached from {where} ends the whole program from a "
                     "background path: main's deferred calls and graceful shutdown do not "
                     "run; return the error to the caller instead",
               related=[(root.site_file, root.site, f"{root.what} here")],
               flow=[(root.site_file, root.site, f"{root.what} here"),
                     *ctx.model.root_path(call)])


def _in_plain_function(ctx, call) -> bool:
    """Is the named function around `call` a function (not a method), with
    `call` in its own body or in a literal inside it?"""
    func = ctx.file.declared_function(call)
    return func is not None and func.type == "function_declaration"


RULE = Rule(
    crash_evidence=(CRASH_EXIT,),
    code="GP002",
    name="library-exit",
    summary="Exit call in a library package or on a background path",
    docs=__doc__,
    query=EXIT_CALL_QUERY,
    # exit functions by import and name; logger methods (`lg.Fatal`) only in
    # packages that import a logger package (exit_method_tokens)
    tokens=EXIT_CALL,
    package_tokens=exit_method_tokens,
    # it reports at exit calls only
    reports_at=EXIT_WORDS,
    applies_to_tests=False,
    check=check,
    severity="warning",
    precision="high",
    tags=("reliability",),
)
