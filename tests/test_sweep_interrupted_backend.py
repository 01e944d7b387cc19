"""An interrupted sweep names the backend it ran on.

A sweep on 2 local processes stopped by Ctrl-C printed "SweepResult(...; in process; ..., interrupted (partial))":
the backend was named only when the pool returned. The truth is what was asked for and started: 2 processes.
"""

from algnet.sweep import runner


def test_an_interrupted_sweep_on_local_processes_says_so(tmp_path, monkeypatch):
    def stopped(todo, workers, record):
        record(runner.run_task(*todo[0]))       # one task finished, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_run_local", stopped)
    res = runner.run_sweep("dim", ["linear 2-1-2"], "0..2", tmp_path / "s.sqlite", workers=2, show_progress=False)
    assert res.partial and res.done == 1
    assert res.backend == "2 local processes"
    assert "in process" not in repr(res)
