"""
## What it does
Notes a Go file that tree-sitter cannot parse cleanly, or cannot read at
all (unreadable, not UTF-8, NUL bytes, not a regular file, over 64 MB),
with the position of the first error. The file is still analysed as far
as the parser recovered. A file that nests deeper than the analysis
follows (generated or hostile input: thousands of nested literals, calls
or ifs) is noted as "not fully analysed" instead of taking time that grows
faster than the file.

## Why is this bad?
It is not a bug in your program by itself, but findings in a file with
syntax errors may be incomplete. A file the Go compiler rejects cannot be
part of a build either.

## Example
```go
package p

func f( {
```

## Use instead
Fix the syntax (`gofmt -e file.go` shows the compiler's view).

## Known limits
tree-sitter-go may lag behind the newest Go syntax; such a file gets this
note although `go build` accepts it. GP000 never makes the exit code
non-zero unless selected explicitly (`--select GP000`). No automatic fix.

## References
`gofmt -e`, `go vet` (type-checking errors).
"""
from golint_panics.rule import ROLE_FILE_NOTE, Rule


def check_file(ctx):
    f = ctx.file
    if f.package is None:
        ctx.report(f.root.children[0] if f.root.child_count else f.root,
                   "no package clause: not a Go source file the compiler would accept")
        return
    err = f.first_error()
    if err is not None:
        what = "missing " + err.type if err.is_missing else "syntax error"
        ctx.report(err, f"{what}: tree-sitter could not parse this file cleanly; "
                        "findings here may be incomplete")


RULE = Rule(
    code="GP000",
    name="parse-error",
    summary="File could not be parsed or read cleanly",
    docs=__doc__,
    check_file=check_file,
    severity="note",
    precision="high",
    tags=("correctness",),
    triggers_parse=False,
    applies_to_generated=True,
    role=ROLE_FILE_NOTE,
)
