"""Lines and columns as Go and editors count them, in every format; and
findings that do not carry copies of whole lines."""
import json
import os

from test_cli import run

LIB = 'package lib; import "os"; func F() { os.Exit(1) }\n'
COLUMN = LIB.index("os.Exit") + 1


def columns(tmp_path, data: bytes) -> dict:
    (tmp_path / "a.go").write_bytes(data)
    out = {}
    p = run(["check", "--no-cache", "--output-format", "concise", "."], tmp_path)
    out["concise"] = int(p.stdout.split(":")[2])
    p = run(["check", "--no-cache", "--output-format", "json", "."], tmp_path)
    out["json"] = json.loads(p.stdout)[0]["column"]
    p = run(["check", "--no-cache", "--output-format", "sarif", "."], tmp_path)
    region = json.loads(p.stdout)["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["region"]
    out["sarif"] = region["startColumn"]
    p = run(["check", "--no-cache", "--output-format", "github", "."], tmp_path)
    out["github"] = int(p.stdout.split("col=")[1].split(",")[0])
    return out


def test_a_byte_order_mark_is_not_a_column(tmp_path):
    plain = columns(tmp_path, LIB.encode())
    with_bom = columns(tmp_path, b"\xef\xbb\xbf" + LIB.encode())
    assert plain == with_bom == dict.fromkeys(plain, COLUMN)      # before: COLUMN + 1


def test_only_newline_ends_a_line(tmp_path):
    # Python's splitlines breaks at these, Go does not: the finding stays on
    # line 1, at the column that counts each of them as one character
    odd = "\u2028\u0085\x0c\x0b\x1c"
    src = LIB.replace("func F", f"/* {odd} */ func F")
    got = columns(tmp_path, src.encode())
    assert got == dict.fromkeys(got, src.index("os.Exit") + 1)
    p = run(["check", "--no-cache", "--output-format", "json", "."], tmp_path)
    assert json.loads(p.stdout)[0]["line"] == 1


def test_findings_on_a_long_line_carry_an_excerpt_not_the_line(tmp_path):
    # a 2 MB minified line with 300 findings made a 602 MB cache entry
    calls = "; ".join(f"if x == {i} {{ os.Exit({i}) }}" for i in range(150))
    filler = 'var _ = "' + "y" * 2_000_000 + '"; '
    src = f"package lib; import \"os\"; {filler}func F(x int) {{ {calls} }}; " \
          f"func G(x int) {{ {calls} }}\n"
    (tmp_path / "a.go").write_text(src)
    p = run(["check", "--output-format", "json", "."], tmp_path)
    found = json.loads(p.stdout)
    assert len(found) == 300 and {f["code"] for f in found} == {"GP002"}
    cache = 0
    for d, _, names in os.walk(tmp_path / ".golint-panics-cache"):
        cache += sum(os.path.getsize(os.path.join(d, n)) for n in names)
    assert cache < 2_000_000, cache
    # the caret of the full report still points at the call
    p = run(["check", "--output-format", "full", "--color", "never", "."], tmp_path)
    lines = p.stdout.splitlines()
    last = max(i for i, ln in enumerate(lines) if ln.startswith("a.go:1:"))
    source, caret = lines[last + 1], lines[last + 2]
    assert source.split("| ", 1)[1].startswith("…")
    at = caret.index("^")
    assert source[at:at + len("os.Exit(149)")] == "os.Exit(149)"
    assert len(source) < 1200
