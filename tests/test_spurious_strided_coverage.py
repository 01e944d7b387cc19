"""No coverage claim for strided convolution chains: the stride-one theorem (rank drops of d mu exactly at shared
roots of the filters) does not apply there.

The referee is by hand, with numpy's polynomial multiplication (not algnet): conv k=3,2 s=2,1 computes
p_1(t) p_2(t^2) (generic rank of d mu 4: five weights, one rescaling). At p_1 = t^2 - a^2, p_2 = t - a^2 the two
factors are the same polynomial, the image of d mu is (t^2 - a^2) times the polynomials of degree <= 2, rank 3 < 4.
No filter is zero and the filters have different lengths (no tie), so no zero or tie stratum holds a
neighbourhood of that point; the stride-one justification says nothing about it."""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical.spurious import strata_cover_rank_drop


def _mu(w1, w2):
    up = np.zeros(2 * len(w2) - 1)
    up[::2] = w2                                              # p_2(t^2), coefficients in increasing degree
    return np.convolve(w1, up)


def _rank_of_dmu(w1, w2, h=1e-6):
    x, n = np.concatenate([w1, w2]), len(w1)
    cols = []
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        cols.append((_mu((x + e)[:n], (x + e)[n:]) - _mu((x - e)[:n], (x - e)[n:])) / (2 * h))
    J = np.array(cols).T
    return int(np.linalg.matrix_rank(J, tol=1e-7 * np.linalg.norm(J)))


def test_a_strided_chain_drops_rank_where_no_filters_share_a_root_pattern_and_is_not_claimed_covered():
    rng = np.random.default_rng(1)
    assert _rank_of_dmu(rng.normal(size=3), rng.normal(size=2)) == 4
    a2 = 1.7 ** 2
    assert _rank_of_dmu(np.array([-a2, 0.0, 1.0]), np.array([-a2, 1.0])) == 3     # the rank drop of the docstring
    covered, note = strata_cover_rank_drop(parse_spec("conv k=3,2 s=2,1 r=1"))
    assert covered is False and "strided" in note
    assert strata_cover_rank_drop(parse_spec("conv k=2,2,2 s=2,2,1 r=1"))[0] is False
    assert strata_cover_rank_drop(parse_spec("conv k=3,2 r=1"))[0] is True         # stride one: the theorem applies
