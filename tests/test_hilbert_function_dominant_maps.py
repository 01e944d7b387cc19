"""The Hilbert function of a neuromanifold that fills its ambient space.

When the Jacobian rank equals the number N of coordinates (a rank mod p is a proved lower bound, N the upper
bound), the ideal of M is zero and H(e) is the number of monomials, C(N + e - 1, e): exact, nothing
probabilistic. It was reported "not certified" with a probability bound that grew with the degree (1.0 from
up_to = 1000 on: no statement at all), and up_to = 10^8 ran for minutes without a word (now refused in a second
with the estimate). The same fact was missed by ``degree`` (auto went to monodromy under "no theorem applies";
--method hilbert said "exact: not proved") and by ``singular`` (strata 'smooth ?' on M = C^N).
"""

from math import comb

import pytest

from algnet.analyses.hilbert import hilbert_function
from algnet.errors import TooLargeError


@pytest.mark.parametrize("spec, n", [("dense 2-2-1 r=2", 3),           # all binary quadrics (sums of 2 squares)
                                     ("dense 2-2-1 r=2 bias", 6),      # all affine quadrics in 2 variables
                                     ("conv k=2,2 r=1", 3)])           # products of two binary linear forms
def test_dominant_hilbert_function_is_certified_and_exact(spec, n):
    h = hilbert_function(spec, up_to=1000, seed=0)
    assert h.values == tuple(comb(n + e - 1, e) for e in range(1001))      # by hand
    assert h.evidence.certified and h.probability_bound == 0.0
    assert (h.dimension, h.degree) == (n, 1)


def test_non_dominant_hilbert_function_stays_probabilistic():
    h = hilbert_function("dense 3-2-1 r=2", up_to=4, seed=0)   # ternary quadrics of rank <= 2: the determinant
    assert h.values == (1, 6, 21, 55, 120)                      # 1, C(7,2), C(8,3) - 1, C(9,4) - 6: a cubic
    assert not h.evidence.certified and h.probability_bound > 0


def test_huge_degree_of_a_dominant_map_is_refused_with_the_estimate():
    with pytest.raises(TooLargeError, match="dominant map up to degree 100000000"):
        hilbert_function("dense 2-2-1 r=2", up_to=10 ** 8, seed=0)


@pytest.mark.parametrize("spec", ["dense 2-2-1 r=2", "conv k=2,2 r=1", "map a + b; a*b"])
def test_degree_of_a_map_that_fills_its_space_is_one_and_certified(spec):
    # it went to monodromy under "auto: no theorem applies", and --method hilbert said "exact: not proved"
    from algnet import degree

    for method, route in (("auto", "formula"), ("hilbert", "hilbert")):   # auto: the linear-space theorem
        r = degree(spec, method=method, seed=0)
        assert r.degree == 1 and r.method == route and r.evidence.certified
        assert "ambient dimension" in r.confirmation


@pytest.mark.parametrize("spec", ["dense 2-2-1 r=2", "linear 2-2-2"])
def test_strata_of_a_map_that_fills_its_space_are_certified_smooth(spec):
    # M = C^N has no singular point; the strata were 'smooth ?' (probabilistic), now certified
    from algnet.analyses.singular.stratify import strata

    res = strata(spec, seed=0)
    assert res.strata and all(s.status == "smooth" and s.certified and not s.singular for s in res.strata)
    assert res.vertex is None


def test_strata_of_a_hypersurface_are_not_touched():
    from algnet.analyses.singular.stratify import strata

    res = strata("linear 3-2-3", seed=0)
    top = res.strata[0]
    assert top.status == "smooth" and not top.certified          # probabilistic as before
    assert any(s.singular for s in res.strata)
