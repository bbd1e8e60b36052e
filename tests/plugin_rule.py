"""A third-party rule as a plugin author would write it, for test_registry."""
from golint_panics.rule import Rule


def check(go_stmt, ctx):
    ctx.report(go_stmt.child(0), "plugin rule saw a go statement")


RULE = Rule(
    code="XP100",
    name="plugin-sees-go",
    summary="Test plugin",
    docs="## What it does\nReports every go statement (test plugin).\n\n"
         "## Why is this bad?\nIt is a test.\n\n## Example\n```go\ngo f()\n```\n",
    node_kinds=("go_statement",),
    tokens=(b"go ",),
    check=check,
)
