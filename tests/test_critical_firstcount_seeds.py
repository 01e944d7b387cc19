"""Thirty first counts of each ``--quick`` case of bench/bench_critical.py (an empty structure store, every
per-process cache of the structure forgotten, seeds 0-29): each the theorem's count, complete, every image
certified, complete by the trace test or (dense 2-1-1 r=3: every tracked path at a point of its own) by the path
count, solved in the call (not loaded).

Truth: the Chern-class formula of Segre-Veronese varieties (THEOREMS.md section 8: generic ED degrees 6, 7, 14),
computed independently of any homotopy.
"""

import pytest

from algnet.analyses import witness
from algnet.analyses.critical import disc_tape, ed_degree, warm
from algnet.analyses.critical.chern import segre_veronese_ged

CASES = [("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),         # 6
         ("dense 2-1-1 r=3", segre_veronese_ged([1], [3])),            # 7
         ("conv k=2,2 r=2", segre_veronese_ged([1, 1], [2, 1]))]       # 14
SEEDS = range(30)


def _first_count(spec, seed, store, monkeypatch):
    """The count of a process that has not seen the structure, with an empty store of its own."""
    monkeypatch.setenv("ALGNET_CACHE_DIR", str(store))
    warm.clear_cache()
    witness._MATCHED.clear()
    disc_tape._STRUCTURE_TAPES.clear()
    disc_tape._TAPES.clear()
    return ed_degree(spec, metric="generic", seed=seed)


@pytest.mark.slow
@pytest.mark.parametrize("spec, truth", CASES)
def test_thirty_first_counts_are_the_theorem_s_and_certified(spec, truth, tmp_path, monkeypatch):
    assert (6, 7, 14) == tuple(t for _, t in CASES)
    bad = []
    for seed in SEEDS:
        r = _first_count(spec, seed, tmp_path / f"store{seed}", monkeypatch)
        c = r.critical
        ok = (r.ed_degree == truth and r.agrees and c.certified_distinct == truth and c.certified == truth
              and not c.partial and c.complete and "loaded from the cache" not in c.completeness
              # the trace test passed, or every tracked path ended at a point of its own (small.every_path_counted)
              and (c.trace_test_passed or "no trace test: each of the" in c.completeness)
              and c.route != "monodromy")
        if not ok:
            bad.append((seed, r.ed_degree, c.certified_distinct, c.route, c.partial_reason))
    assert not bad, bad
