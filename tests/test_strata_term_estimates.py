"""The symbolic expansion of a stratum is estimated in the stratum's own parameters before it starts.

A rank stratum W = U V (``FactoredNetwork``) took its parent's estimate unchanged: `algnet singular "dense 10-10-10
r=3" --force` expanded the rank <= 9 stratum of W1 (estimated 22000 terms, the parent's; millions in fact) until
FLINT could not allocate and aborted the process ("Fatal Python error: Aborted", no message, no partial result).
"""

import pytest

from algnet import parse_spec
from algnet.analyses.bounds.symbolic import MAX_TERMS, Expansion
from algnet.analyses.singular.derived import FactoredNetwork, SharedRootNetwork, SlicedNetwork
from algnet.errors import TooLargeError


def _terms(net):
    """The terms of the actual expansion, counted."""
    _, polys = net.expand(force=True)
    return sum(len(f.monoms()) for f in polys)


@pytest.mark.parametrize("spec,name,k", [("dense 3-2-1 r=2", "W1", 1), ("dense 3-3-2 r=2", "W1", 2),
                                          ("dense 2-3-2 r=3", "W1", 2), ("dense 3-3-3 r=2", "W2", 2)])
def test_rank_stratum_estimate_bounds_its_expansion(spec, name, k):
    stratum = FactoredNetwork(parse_spec(spec), name, k)
    assert stratum.estimate_terms() >= _terms(stratum)


def test_shared_root_and_slice_estimates_bound_their_expansions():
    shared = SharedRootNetwork(parse_spec("conv k=3,2 r=1"), "w1", "w2")
    assert shared.estimate_terms() >= _terms(shared)
    parent = parse_spec("dense 2-2-1 r=2")
    # theta = B u with rows of two nonzeros: each parameter a sum of two of the u's
    sliced = SlicedNetwork(parent, [[1, 1]] * parent.n_params, "a pencil")
    assert sliced.estimate_terms() >= _terms(sliced)


def test_large_rank_stratum_refused_before_expanding():
    # dense 10-10-10 r=3, W1 = U V of rank <= 9: every hidden pre-activation has 9 * 10 = 90 terms, its cube
    # C(92, 3) = 125580, times 10 hidden units and 10 outputs: 12558000 terms, by hand (the parent's: 22000)
    stratum = FactoredNetwork(parse_spec("dense 10-10-10 r=3"), "W1", 9)
    assert stratum.estimate_terms() == 10 * 10 * 125580 > MAX_TERMS
    with pytest.raises(TooLargeError):
        Expansion.of(stratum)
