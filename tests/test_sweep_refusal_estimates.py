"""Sweeps refused by their time estimate: no store file left behind; analyses beyond dim / degree estimated.

Truth: a refusal happens before any task runs, so there is nothing to store (the file did not exist before); the
estimate of a singular task is the strata analysis' own (``strata_estimate``: strata x (an exact Jacobian rank and
fiber searches)), and 3000 of them on dense 4-4-4-1 (tens of strata, each seconds) are hours of work: before,
singular sweeps had no estimate at all and ran unchecked.
"""

import os

import pytest

from algnet.errors import TooLargeError
from algnet.sweep import run_sweep
from algnet.sweep.budget import check_sweep_time, sweep_seconds


def test_refused_sweep_leaves_no_store(tmp_path):
    db = tmp_path / "grid.sqlite"
    specs = [f"dense {n}-2-1 r=2" for n in range(1500, 2001)]
    with pytest.raises(TooLargeError):
        run_sweep("dimension", specs, "0..9", str(db), show_progress=False)
    assert sorted(os.listdir(tmp_path)) == []


def test_refused_sweep_keeps_an_existing_store_as_it_was(tmp_path):
    db = tmp_path / "grid.sqlite"
    run_sweep("dimension", ["linear 2-1-2"], "0", str(db), show_progress=False)
    before = sorted(os.listdir(tmp_path))
    specs = [f"dense {n}-2-1 r=2" for n in range(1500, 2001)]
    with pytest.raises(TooLargeError):
        run_sweep("dimension", specs, "0..9", str(db), show_progress=False)
    assert sorted(os.listdir(tmp_path)) == before


def test_singular_sweep_is_estimated_and_says_at_least():
    todo = [("singular", "dense 4-4-4-1 r=2", s, "{}") for s in range(3000)]
    with pytest.raises(TooLargeError, match="at least"):
        check_sweep_time("singular", todo)
    assert sweep_seconds([("critical", "dense 2-2-1 r=2", 0, "{}")])[1]
