"""classify=False counts at a generic complex target only: the real counts and types are not computed, so they are
None (JSON null) and the text says "not classified", never 0 (which would claim: no real critical point)."""

import json

from algnet.analyses.critical import critical_points


def test_unclassified_counts_are_none_not_zero():
    r = critical_points("linear 2-1-2", loss="generic", seed=0, classify=False)
    assert r.critical_points == 6                      # the generic ED degree of 2 x 2 rank-one matrices
    assert (r.real, r.minima, r.saddles, r.maxima, r.degenerate) == (None,) * 5
    d = json.loads(json.dumps(r.as_dict()))
    assert d["real"] is None and d["minima"] is None and d["saddles"] is None
    assert "not classified" in r.summary() and "not classified" in repr(r)


def test_classified_counts_stay_numbers():
    # Eckart-Young for a generic real 2 x 2 target: 2 pure critical images (1 minimum, 1 saddle) and the origin
    r = critical_points("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0], seed=0)
    assert (r.real, r.minima) == (3, 1) and "not classified" not in r.summary()
