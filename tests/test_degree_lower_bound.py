"""A degree that is only a lower bound states the bound that is proved: the points Krawczyk's test certified
distinct, not the points found. Two numerical copies of one witness point (they break the trace test, as the
1,631 points of conv k=2,2,2,2 r=2 once did against its degree 1,536) must not be counted twice.

Truth: 3x3 matrices of rank <= 1 have degree 6 (Harris, Ex. 19.10; ``formulas.determinantal_degree``).
"""

import json
from dataclasses import replace

import numpy as np

import algnet.homotopy.monodromy as monodromy
from algnet.analyses.degree import degree
from algnet.cli import main
from algnet.theorems import formulas

TRUTH = formulas.determinantal_degree(3, 3, 1)      # 6


def _with_a_copy(monkeypatch):
    """Every monodromy solve returns its points plus a copy of the first (relative offset 1e-12)."""
    real = monodromy.monodromy_solve

    def doubled(*args, **kwargs):
        res = real(*args, **kwargs)
        S = res.solutions
        return replace(res, solutions=np.vstack([S, S[:1] * (1 + 1e-12)]), keys=np.vstack([res.keys, res.keys[:1]]),
                       trace=None)

    monkeypatch.setattr(monodromy, "monodromy_solve", doubled)


def test_a_copied_witness_point_is_not_a_second_point_of_the_lower_bound(monkeypatch, capsys):
    import algnet.analyses.degree_monodromy as dm

    _with_a_copy(monkeypatch)
    monkeypatch.setattr(dm, "_hilbert_fallback", lambda *a, **k: None)     # no second route: a lower bound
    r = degree("linear 3-1-3", method="monodromy", seed=1, attempts=1, confirm=False)
    assert r.degree == TRUTH + 1 and r.trace_test_passed is False and r.partial       # the copy is caught
    assert r.certified_distinct is not None and r.lower_bound == r.certified_distinct <= TRUTH
    assert r.evidence.proves.startswith(f"deg M >= {r.lower_bound} (Krawczyk")
    assert f"deg M >= {r.degree}" not in r.evidence.proves
    assert main(["degree", "linear 3-1-3", "--method", "monodromy", "--seed", "1", "--json"]) == 3
    d = json.loads(capsys.readouterr().out)
    assert d["degree"] is None and d["partial"] is True and d["degree_lower_bound"] <= TRUTH
    assert main(["degree", "linear 3-1-3", "--method", "monodromy", "--seed", "1"]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert "not certified distinct" in first and f"degree >= {TRUTH + 1}" not in first


def test_a_complete_count_is_its_own_lower_bound():
    r = degree("linear 3-1-3", method="monodromy", seed=1, attempts=1, confirm=False)
    assert r.degree == r.lower_bound == r.certified_distinct == TRUTH and r.trace_test_passed


def test_the_hilbert_fallback_is_held_to_the_proved_bound_not_to_the_copies(monkeypatch):
    # with the copy, every attempt finds 7 points of which at most 6 are certified distinct: the Hilbert
    # polynomial's degree (6, an independent route) meets that bound and is the answer; before, it was held to
    # the 7 points found and refused
    _with_a_copy(monkeypatch)
    r = degree("linear 3-1-3", method="monodromy", seed=1, attempts=1, confirm=False)
    assert r.method == "hilbert" and r.degree == TRUTH and not r.partial
    assert "certified distinct" in r.reason
