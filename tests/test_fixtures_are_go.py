"""The Go fixtures are Go: `gofmt -e` parses each one (skipped without a Go toolchain)."""
import os
import shutil
import subprocess

import pytest

from want import TESTDATA

BROKEN_ON_PURPOSE = {"GP000"}


def gofmt():
    for candidate in (shutil.which("gofmt"), "/usr/lib/go-1.19/bin/gofmt",
                      "/usr/lib/go/bin/gofmt"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def go_files():
    for dirpath, _dirs, files in os.walk(TESTDATA):
        rel = os.path.relpath(dirpath, TESTDATA)
        if rel.split(os.sep)[0] in BROKEN_ON_PURPOSE:
            continue
        for name in files:
            if name.endswith(".go"):
                yield os.path.join(dirpath, name)


@pytest.mark.skipif(gofmt() is None, reason="gofmt not installed (apt-get install golang-1.19-go)")
def test_every_fixture_parses_with_gofmt():
    files = sorted(go_files())
    assert len(files) > 20
    p = subprocess.run([gofmt(), "-e", "-l", *files], capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == "", p.stderr
