"""Macaulay2 as the referee of a test: the mark that skips it where M2 is not installed, and the values a script
prints (one ``name value ...`` line each)."""

import os
import shutil
import subprocess
import tempfile

import pytest

needs_m2 = pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")


def m2_values(src, expect: str, timeout: float = 300) -> dict:
    """Run the Macaulay2 script ``src`` (its text, or a list of its lines) with ``M2 --script``: ``{name: rest}``
    of the lines it prints that hold a space (``print("count " | ...)`` gives ``{"count": "0 12"}``). The test fails,
    with M2's output, when no line names ``expect``."""
    if not isinstance(src, str):
        src = "\n".join(src)
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(src)
    try:
        out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=timeout)
    finally:
        os.unlink(fh.name)
    res = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    assert expect in res, out.stdout + out.stderr[-2000:]
    return res


def m2_count(src, timeout: float = 300) -> tuple:
    """``(dim, degree)`` that the script ``src`` prints as ``count DIM DEGREE`` (:func:`m2_values`)."""
    dim, deg = m2_values(src, "count", timeout)["count"].split()[:2]
    return int(dim), int(deg)
