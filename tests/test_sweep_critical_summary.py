"""Sweeps of the critical-point analyses are summarised and plotted by their counts."""

import json

from algnet.sweep import run_sweep, summarize
from algnet.sweep.plots import _main_field
from algnet.sweep.summary import load_results


def test_ed_degree_sweep_summary_and_plot_show_the_ed_degree(tmp_path, capsys):
    """Eckart-Young: m x n matrices of rank <= 1 have Frobenius ED degree min(m, n): 2 for linear 2-1-2, 3 for
    linear 3-1-3. The summary had no ED degree column and the plot drew the number of certified points."""
    from algnet.cli import main

    db = tmp_path / "ed.sqlite"
    r = run_sweep("ed_degree", ["linear 2-1-2", "linear 3-1-3"], "0..1", db, options={"metric": "frobenius"},
                  show_progress=False)
    assert r.ok
    table = {s["spec"]: s for s in summarize(db)}
    assert table["linear 2-1-2"]["ed_degree"] == [2] and table["linear 3-1-3"]["ed_degree"] == [3]
    assert _main_field(load_results(db)) == "ed_degree"
    assert main(["sweep", "summary", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    head = out[1].split()
    assert "ed_degree" in head
    col = head.index("ed_degree")
    assert {line.split()[0] + " " + line.split()[1]: line.split()[col + 1] for line in out[2:]} == \
        {"linear 2-1-2": "2", "linear 3-1-3": "3"}


def test_summary_skips_list_valued_fields(tmp_path):
    """A row whose field holds a list (a Morse row's critical points) gives no column value for it, and no crash."""
    from algnet.sweep.store import Store

    db = tmp_path / "m.sqlite"
    with Store(db) as st:
        st.insert(("morse", "relu 1-2-1", 0, "{}", "ok",
                   json.dumps({"critical_points": [{"point": ["0"], "index": 0}], "regions": 3}), 0.1))
    (s,) = summarize(db)
    assert "critical_points" not in s and s["regions"] == [3]


def test_bad_option_hint_names_the_flag_once(tmp_path, capsys):
    from algnet.cli import main

    code = main(["sweep", "critical", "--spec", "linear 2-1-2", "--seeds", "0", "--option", "loss",
                 "--db", str(tmp_path / "o.sqlite"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "e.g. --option batch=40" in err and "----" not in err
