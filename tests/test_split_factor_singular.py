"""A factor in x^2 split across two length-2 filters of a strided linear convolution chain: a double-point stratum.

Truth (Macaulay2, ``decompose(I + minors(codim I, jacobian I))``): ``conv k=2,2,2 s=1,2,1 r=1`` computes
f = (a0 + a1 x)(b0 + b1 x)(c0 + c1 x^2); its closure is the hypersurface f1 f2 f3 - f0 f3^2 - f1^2 f4 = 0 and its
singular locus is the single component {f1 = f3 = 0} of dimension 3 (the even quartics): an even quartic
(e0^2 - e1^2 x^2)(c0 + c1 x^2) has two parametrizations (either factor in w1 w2, the other in w3).
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.singular import strata
from algnet.analyses.singular.split_factor import SplitFactorNetwork


def _f(theta):
    """The coefficients of (w1)(w2)(w3(x^2)), by hand."""
    w1, w2, w3 = (np.array([int(v) for v in theta[i:i + 2]], dtype=object) for i in (0, 2, 4))
    return np.convolve(np.convolve(w1, w2), np.array([w3[0], 0, w3[1]], dtype=object)).tolist()


def _implicit_gradient(f):
    """The gradient of Macaulay2's equation f1 f2 f3 - f0 f3^2 - f1^2 f4 at f."""
    f0, f1, f2, f3, f4 = f
    return [-f3 ** 2, f2 * f3 - 2 * f1 * f4, f1 * f3, f1 * f2 - 2 * f0 * f3, -f1 ** 2]


def test_split_factor_stratum_is_the_singular_locus():
    res = strata(parse_spec("conv k=2,2,2 s=1,2,1 r=1"), depth=1, seed=3)
    rows = [s for s in res.strata if s.dimension == 3 and s.status == "singular"]
    assert len(rows) == 1, res.table()            # the base lists no stratum of dimension 3 that is singular
    s = rows[0]
    assert s.certified and s.nodal and "split" in s.name
    f = _f(s.point)
    assert f[1] == 0 and f[3] == 0 and f[0] * f[4] != 0   # in Macaulay2's singular locus, not on a smaller piece
    assert _implicit_gradient(f) == [0] * 5 and f[2] != 0


def test_split_factor_network_dimension():
    net = parse_spec("conv k=2,2,2 s=1,2,1 r=1")
    assert net.split_degenerations() == [("w1, w2 split a factor in x^2 (double points)", "w1", "w2", "w3")]
    s = SplitFactorNetwork(net, "w1", "w2", "w3")
    from algnet.analyses.dimension import dimension

    assert dimension(s, seed=0).dimension == 3    # the even quartics (Macaulay2: dim {f1 = f3 = 0} = 3)
    u = s.rational_sample([2, -3, 5, 7, 4, 9])
    theta = [int(v) for v in s.embed(np.array(u, dtype=object))]
    f = _f(theta)
    assert f[1] == f[3] == 0
    # the partner parametrization: the same function with the factors of w1 w2 and w3 exchanged
    (partner,) = s.partner_spaces(u)
    B = np.asarray(partner.basis, dtype=object)
    assert B.shape == (6, 3)                      # each filter up to scale
    other = [int(v) for v in B @ np.ones(3, dtype=object)]
    assert other[:4] != theta[:4]                 # another point of the fiber, not a rescaling of w1 w2
    g = _f(other)
    assert g[1] == g[3] == 0 and np.linalg.matrix_rank(np.array([f, g], dtype=float)) == 1


def test_no_split_when_one_filter_holds_the_factor():
    # w1 of length 3 holds the factor alone: the existing stride rule lists it, no split stratum
    net = parse_spec("conv k=3,2,2 s=1,2,1 r=1")
    assert net.split_degenerations() == []
    assert any("w1 has a factor in x^2" in lab for lab, *_ in net.stride_degenerations())
