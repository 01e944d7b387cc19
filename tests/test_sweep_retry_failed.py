"""A resumed sweep computes again the tasks an earlier run stored as failed (a refusal for the memory available then,
a crash fixed since): they were skipped as "already stored" forever. ``retry_failed=False`` (``--keep-failed``)
keeps them. Truth: the dimension of the 2 x 2 matrices of rank <= 1 is 3 (by hand: 2 + 2 - 1)."""

from __future__ import annotations

import pytest

from algnet.errors import TooLargeError
from algnet.sweep import load_results, run_sweep
from algnet.sweep import tasks as sweep_tasks


@pytest.fixture
def fails_once(monkeypatch):
    """The first run of the sweep fails its task (as a guard would refuse it for the memory available then)."""
    real = sweep_tasks.resolve

    class Refusing:
        def __init__(self, name):
            self.analysis = real(name)

        def __getattr__(self, attr):
            return getattr(self.analysis, attr)

        def run_json(self, *a, **k):
            raise TooLargeError("needs more memory than is available now", hint="a smaller input")

    monkeypatch.setattr(sweep_tasks, "resolve", Refusing)
    return lambda: monkeypatch.setattr(sweep_tasks, "resolve", real)


def test_a_resumed_sweep_computes_its_failed_tasks_again(tmp_path, fails_once):
    db = str(tmp_path / "s.sqlite")
    first = run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False)
    assert first.errors == 1 and first.failures[0]["error"] == "TooLargeError"
    fails_once()                    # the machine has the memory now
    again = run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False)
    assert again.errors == 0 and again.done == 1 and again.ok
    assert [r["dimension"] for r in load_results(db)] == [3]


def test_failed_tasks_are_kept_when_asked(tmp_path, fails_once):
    db = str(tmp_path / "s.sqlite")
    run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False)
    fails_once()
    kept = run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False, retry_failed=False)
    assert kept.errors == 1 and kept.done == 0 and kept.skipped == 1
    assert load_results(db) == []
