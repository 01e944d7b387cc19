"""Singular strata of strided linear convolution chains, checked against Macaulay2.

Truth (Macaulay2: the implicit ideal I = ker of the coefficient map, then ``decompose(I + minors(codim I,
jacobian I))``): the chain computes u(x) = w1(x) w2(x^s), and
* conv k=3,2 s=2,1 r=1, u = (a + b x + c x^2)(d + e x^2): I = (z1 z2 z3 - z0 z3^2 - z1^2 z4), Sing = {z1 = z3 = 0}
  (the even polynomials: (a + c y)(d + e y) in y = x^2, with two preimages, w1 <-> w2 swapped), dimension 3;
* conv k=4,2 s=2,1 r=1: Sing = {rank [[z0, z2, z4], [z1, z3, z5]] <= 1} (u = (p + q x) Q(x^2)), dimension 4;
* conv k=3,3 s=2,1 r=1: Sing = {z1 = z3 = z5 = 0}, dimension 4.
Before, only shortened ends were strata (w1=(0,0,*), w1=(*,0,0): proper subsets of Sing) and these components
were missed.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.singular import strata


def _product(ws, strides):
    """u = prod_l w_l(x^(S_l)) by hand (numpy polynomial products, ascending coefficients)."""
    u, S = np.array([1]), 1
    for w, s in zip(ws, strides):
        up = np.zeros(S * (len(w) - 1) + 1, dtype=object)
        up[::S] = w
        u = np.convolve(u, up)
        S *= s
    return u


def _rank_le_1(u):
    return np.linalg.matrix_rank(np.array([u[0::2], u[1::2]], dtype=float)) <= 1


@pytest.mark.parametrize("spec, ks, ss, dim, on_sing", [
    ("conv k=3,2 s=2,1 r=1", (3, 2), (2, 1), 3, lambda u: u[1] == 0 and u[3] == 0),
    ("conv k=4,2 s=2,1 r=1", (4, 2), (2, 1), 4, _rank_le_1),
    ("conv k=3,3 s=2,1 r=1", (3, 3), (2, 1), 4, lambda u: u[1] == u[3] == u[5] == 0),
])
def test_strided_chain_finds_the_singular_component(spec, ks, ss, dim, on_sing):
    res = strata(parse_spec(spec), depth=1, seed=1)
    hits = []
    for s in res.strata:
        if s.singular and s.dimension == dim:
            offs = np.cumsum((0,) + ks)
            u = _product([s.point[offs[i]:offs[i + 1]] for i in range(len(ks))], ss)
            hits.append(bool(on_sing(u)))
    assert hits and all(hits), [(s.name, s.status, s.dimension) for s in res.strata]


def test_stride_degenerations_by_hand():
    # k=2,2 s=2: w1 (degree 1) has no factor in x^2: the map (a + b x)(c + d x^2) is injective up to scale
    assert parse_spec("conv k=2,2 s=2,1 r=1").stride_degenerations() == []
    # S = 1, 2, 4: w2 (in y = x^2, degree 2) can give a factor in y^2 = x^4 to w3; w1 (degree 1) cannot
    names = [(a, t, b) for _, a, t, b, _ in parse_spec("conv k=2,3,2 s=2,2,1 r=1").stride_degenerations()]
    assert names == [("w2", 2, None), ("w2", 2, "w3")]
