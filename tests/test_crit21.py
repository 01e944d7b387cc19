"""crit21: four defects of the critical-point analyses found by audit21b (session 21).

Each test asserts a theorem or a hand computation (cited), never a number algnet produced.
"""

from dataclasses import replace

import numpy as np
import pytest


def test_contradicted_ed_degree_is_partial_with_its_reason():
    """One rule for every count of the critical analyses (README, "partial"): a count that is not complete is a
    lower bound, ``partial`` True, and ``partial_reason`` says why. Eckart-Young gives 2 for linear 2-1-2; a
    second method that said 3 would contradict the count: the JSON must then not say ``partial: false`` beside
    ``complete: false`` (it did, audit21b)."""
    from algnet.analyses.critical import ed_degree

    r = ed_degree("linear 2-1-2", seed=0, cache=False)
    assert (r.ed_degree, r.partial, r.complete) == (2, False, True)       # Eckart-Young: C(2, 1) = 2
    bad = replace(r, formula=3, agrees=False)
    d = bad.as_dict()
    assert bad.complete is False and bad.partial is True and bad.evidence.partial is True
    assert d["partial"] is True and d["complete"] is False
    assert "contradicts" in d["partial_reason"] and d["partial_reason"] == bad.contradiction


def test_voronoi_partial_reason_when_interrupted_or_incomplete():
    """VoronoiResult follows the same rule: ``partial`` comes with ``partial_reason`` in its JSON."""
    from algnet.analyses.critical.results import VoronoiResult

    r = VoronoiResult("linear 2-1-2", None, None, 1, 4, 0, {"smooth (top stratum)": 4}, {"smooth (top stratum)": 1.0},
                      {}, 0, 0.1, True, "m", (), {}, "a trace test or the boundary search did not complete")
    assert r.as_dict()["partial_reason"].startswith("a trace test")
    assert "partial_reason" not in replace(r, partial=False, partial_reason=None).as_dict()
