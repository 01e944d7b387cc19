"""The degree printer says what happened when no monodromy loop was needed (it printed "in 0 loops").

Truth: 3x3 matrices of rank <= 1 have degree 6 (Harris, Ex. 19.10; ``formulas.determinantal_degree``).
"""

import json

from algnet.cli import main
from algnet.cli.degree import loops_phrase
from algnet.theorems import formulas


def test_loops_phrase_counts_and_the_no_loop_case():
    assert loops_phrase(1, True) == "in 1 loop" and loops_phrase(3, False) == "in 3 loops"
    assert "without a monodromy loop" in loops_phrase(0, True)
    assert loops_phrase(0, False) == "before any monodromy loop"      # a lower bound: no claim about the points


def _run(capsys, spec, seed):
    args = ["degree", spec, "--method", "monodromy", "--seed", str(seed), "--no-confirm"]
    assert main(args + ["--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    return d, capsys.readouterr().out


def test_a_degree_found_by_the_random_starts_alone_says_so(capsys):
    d, out = _run(capsys, "linear 3-1-3", 0)
    assert d["degree"] == formulas.determinantal_degree(3, 3, 1) and d["loops"] == 0 and d["trace_test_passed"]
    line = next(s for s in out.splitlines() if "paths tracked" in s)
    assert f"paths tracked: {d['paths']} without a monodromy loop" in line and "0 loops" not in line


def test_a_degree_found_with_loops_prints_their_count(capsys):
    d, out = _run(capsys, "linear 4-2-4", 0)
    assert d["degree"] == formulas.determinantal_degree(4, 4, 2) and d["loops"] > 0
    assert f"in {d['loops']} loop" in next(s for s in out.splitlines() if "paths tracked" in s)


def test_the_waste_split_adds_up_and_counts_the_trace_nodes_points():
    # bench/_monodromy_waste.py: every path is a start, a transport (its endpoint new at p0, new elsewhere, or
    # known), a failure or under way at the stop. A point of a node other than p0 comes only from a transport,
    # and when no loop was needed the only other nodes are the two trace nodes, each holding every point: so
    # edge_new_other is twice the degree (6 for 3x3 matrices of rank <= 1)
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from _monodromy_waste import waste_rows

    (r,) = waste_rows(["linear 3-1-3"], [0])
    assert r["degree"] == formulas.determinantal_degree(3, 3, 1) and r["trace"] and r["loops"] == 0
    assert r["detours"] == 0 and r["failed"] == 0
    assert r["start"] + r["edge_new_p0"] + r["edge_new_other"] + r["edge_known"] + r["unfinished"] == r["paths"]
    assert r["edge_new_other"] == 2 * r["degree"] and 0 < r["start_new"] <= r["degree"]

