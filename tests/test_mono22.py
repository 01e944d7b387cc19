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
