"""A task the resource guards refuse is a row of the sweep that says so (table and failure list); the sweep
goes on with the other tasks."""

import algnet.analyses.hilbert.compute as hilbert_compute
from algnet.sweep import load_results, run_sweep, summarize


def test_a_refused_task_is_a_row_marked_refused(tmp_path, monkeypatch, capsys):
    from algnet.cli import main

    # linear 3-2-3 has graded pieces to rank (3 x 3 matrices of rank <= 2: the determinant); linear 2-2-2 fills
    # its 4 coordinates (every 2 x 2 matrix is a product of two), so H(e) counts monomials and no piece is ranked:
    # under a budget of 1e-9 CPU s the first is refused and the second runs
    monkeypatch.setattr(hilbert_compute, "PIECES_BUDGET", 1e-9)
    db = str(tmp_path / "s.sqlite")
    res = run_sweep("hilbert", ["linear 3-2-3", "linear 2-2-2"], [0], db, options={"up_to": 3},
                    show_progress=False)
    assert res.total == 2 and res.done == 2 and not res.partial       # the refusal did not stop the sweep
    rows = {r["spec"]: r for r in load_results(db, analysis="hilbert", status="error")}
    assert set(rows) == {"linear 3-2-3"} and rows["linear 3-2-3"]["error"] == "TooLargeError"
    table = {t["spec"]: t for t in summarize(db)}
    assert table["linear 3-2-3"]["refused"] == 1 and "refused" not in table["linear 2-2-2"]
    assert main(["sweep", "summary", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "refused" in out.splitlines()[1]
    # the command line's failure list names the refusal and the sweep's way to force an analysis
    assert main(["sweep", "hilbert", "--spec", "linear 3-2-3", "--seeds", "0", "--option", "up_to=3", "--db", db,
                 "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "refused (TooLargeError)" in err and "--option force=true" in err and "force=True" not in err
