"""A sweep run in process stops at Ctrl-C even when the running analysis keeps the interrupt to itself.

The degree's Hilbert cross-check turns Ctrl-C into a result without the cross-check ("interrupted (Ctrl-C): the count
rests on the trace test alone"); a sweep of degrees then went on with every remaining task and exited 0. The sweep
now stops there, marks its result partial, and does not store the row of the interrupted task (a resumed sweep
computes it in full). The summary counts the stored results that are partial (cut by a time limit)."""

import os
import signal

import algnet.sweep.runner as runner
from algnet.sweep.runner import run_sweep
from algnet.sweep.store import Store


def _swallowing_on(spec_hit):
    run_task = runner.run_task

    def run(analysis, spec, seed, options_json):
        if spec == spec_hit and seed == 0:
            try:
                os.kill(os.getpid(), signal.SIGINT)     # Ctrl-C during the task ...
            except KeyboardInterrupt:
                pass                                    # ... which keeps it to itself
        return run_task(analysis, spec, seed, options_json)
    return run


def test_a_swallowed_ctrl_c_stops_the_sweep(monkeypatch, tmp_path):
    plain = runner.run_task
    monkeypatch.setattr(runner, "run_task", _swallowing_on("linear 2-1-3"))
    db = tmp_path / "s.sqlite"
    specs = ["linear 2-1-2", "linear 2-1-3", "linear 2-1-4"]
    res = run_sweep("dim", specs, "0..1", db, show_progress=False)
    assert res.partial and res.done == 2            # both seeds of the first spec, then the interrupted task
    store = Store(db)
    have, _ = store.keys()
    store.close()
    assert {(k[1], k[2]) for k in have} == {("linear 2-1-2", 0), ("linear 2-1-2", 1)}
    monkeypatch.setattr(runner, "run_task", plain)
    again = run_sweep("dim", specs, "0..1", db, show_progress=False)      # resumed, uninterrupted
    assert not again.partial and (again.done, again.skipped) == (4, 2)


def test_the_summary_counts_partial_results(tmp_path):
    """A task cut by its own time limit is stored (the same options give the same cut), and the summary says how
    many of an architecture's results are partial: the 5 x 5 matrices of rank <= 2 have no equation below degree 3
    (the 3 x 3 minors), so equations up to degree 5 cut at 0.3 s are partial; the 2 x 2 determinant is not."""
    from algnet.sweep.summary import summarize

    db = tmp_path / "p.sqlite"
    run_sweep("implicit", ["linear 5-2-5", "linear 2-1-2"], "0", db, options={"max_degree": 5, "time_limit": 0.3},
              show_progress=False)
    got = {s["spec"]: s.get("partial") for s in summarize(db)}
    assert got == {"linear 5-2-5": 1, "linear 2-1-2": None}
