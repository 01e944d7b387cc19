"""Circumspheres (three formulas agree exactly) and clustering of direct sums with three or more summands.

Truths used: the linear-system circumsphere, the Cayley–Menger radius and the
seed's determinant formula computed independently and compared exactly over
QQ; hand values (orthonormal triple, right triangle); direct sums with known
summands hidden by a random rotation, a column shuffle and a perturbation.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.superposition.circumsphere import (
    cayley_menger_radius2,
    circumsphere,
    compare_clusterings,
    sphere_clustering,
    sphere_through,
)
from algnet.superposition.clustering import grassmannian_summands
from algnet.superposition.polytopes import (
    antipodal_pair,
    direct_sum,
    perturb,
    random_rotation,
    regular_polygon,
    tetrahedron,
)


@pytest.mark.parametrize("seed", range(4))
def test_three_formulas_agree_exactly(seed):
    rng = np.random.default_rng(seed)
    m = 2 + seed % 3
    P = [[Fraction(int(x), 3) for x in row] for row in rng.integers(-6, 7, (m, m + 1))]
    s = circumsphere(P)
    c, r2 = sphere_through(P)
    assert s.exact and s.centre == c and s.radius2 == r2 == cayley_menger_radius2(P)
    # every point is at distance R from the centre, exactly
    for j in range(m + 1):
        assert sum((P[i][j] - c[i]) ** 2 for i in range(m)) == r2
    # a lower-dimensional subset: the centre lies in the affine span, equidistant from the points
    Q = np.array(P, dtype=object)[:, :2]
    s2 = circumsphere(Q)
    assert s2.dimension == 1 and s2.radius2 == cayley_menger_radius2(Q)
    assert all(s2.centre[i] == (Q[i, 0] + Q[i, 1]) / 2 for i in range(m))


def test_hand_values_and_errors():
    s = circumsphere(np.eye(3, dtype=int))      # tips of an orthonormal triple: an equilateral triangle
    assert s.centre == (Fraction(1, 3),) * 3 and s.radius2 == Fraction(2, 3)
    assert circumsphere(np.eye(3)).radius == pytest.approx(np.sqrt(2 / 3))
    with pytest.raises(ParameterError, match="affinely dependent"):
        circumsphere([[0, 1, 2], [0, 1, 2]])
    with pytest.raises(ParameterError, match="m \\+ 1"):
        sphere_through([[0, 1], [1, 0]])


@pytest.mark.parametrize("seed", range(3))
def test_three_or_more_summands_after_perturbation(seed):
    blocks = [regular_polygon(5), regular_polygon(3), antipodal_pair(exact=False), tetrahedron()]
    W = direct_sum(*blocks).astype(float)
    sizes = [b.shape[1] for b in blocks]
    rng = np.random.default_rng(seed)
    perm = rng.permutation(W.shape[1])
    W = perturb(random_rotation(W.shape[0], seed=seed) @ W[:, perm], 2e-3, seed=seed)
    truth, start = [], 0
    inv = np.argsort(perm)
    for s in sizes:
        truth.append(tuple(sorted(int(inv[j]) for j in range(start, start + s))))
        start += s
    truth = tuple(sorted(truth))
    g = grassmannian_summands(W, kmax=3)
    assert tuple(sorted(g.summands)) == truth and not g.unresolved
    sp = sphere_clustering(W, kmax=3)
    assert tuple(sorted(sp.summands)) == truth and not sp.unresolved
    assert compare_clusterings(W, kmax=3)["agree"]


def test_unequal_norms_need_normalisation():
    # a triangle whose features have different norms: its tips are not on a great circle
    T = regular_polygon(3) * np.array([1.0, 1.6, 0.7])
    W = direct_sum(T, regular_polygon(5))
    assert sphere_clustering(W).summands != ((0, 1, 2), (3, 4, 5, 6, 7))
    assert sphere_clustering(W, normalize=True).summands == ((0, 1, 2), (3, 4, 5, 6, 7))
    assert grassmannian_summands(W).summands == ((0, 1, 2), (3, 4, 5, 6, 7))
