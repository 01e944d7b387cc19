"""The degenerations of a Product's units, checked by hand: a unit's weights zero in either branch kill the unit,
and its two branch factors proportional (equal modulo the unit's rescaling) drop the Jacobian's rank.

(a.x)^2 (b.x) on binary forms: M is the cone of cubics with a double root (dim 3); a = 0 or b = 0 gives the zero
cubic (dim 0); b = a gives the cubes (a.x)^3, the cone over the twisted cubic (dim 2), where d mu drops rank
(both partial derivatives are multiples of (a.x)^2 x_j). Its critical points of a generic squared distance:
7 pure (Macaulay2, tests/test_layer_probe_product.py) and 8 spurious: the twisted cubic's ED degree 3 * 3 - 2 = 7
and the origin.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.critical import critical_points
from algnet.theorems.verification import run_analysis

CUBIC = "layers Product([Linear(2, 1), Power(2)], Linear(2, 1))"       # a = (0, 1), b = (2, 3)
X = [[1, 2], [-3, 5], [7, -1], [2, 2], [0, 1]]


def _stratum_params(net, zero, ties, rng):
    th = rng.integers(-9, 10, net.n_params).astype(float)
    th[list(zero)] = 0
    for i, j in ties:
        th[i] = th[j]
    return th


def test_the_cubic_strata_are_the_origin_and_the_cubes():
    net = parse_spec(CUBIC)
    [f] = net.degeneration_factors()
    assert f.zeros(1) == [0, 1, 2, 3] and f.extras(1) == []
    [(_, _, _, ties)] = f.extras(0)
    assert sorted(ties) == [(2, 0), (3, 1)]                              # b = a
    rng = np.random.default_rng(0)
    for _ in range(3):                                                  # either branch zero: the zero cubic
        a, b = rng.integers(-9, 10, 2), rng.integers(-9, 10, 2)
        assert not np.any(net.evaluate(np.r_[0, 0, b], X)) and not np.any(net.evaluate(np.r_[a, 0, 0], X))
    th = _stratum_params(net, (), ties, rng)
    x = np.array(X, dtype=float)
    assert np.allclose(net.evaluate(th, X).ravel(), (x @ th[:2]) ** 3)     # the cube of a.x


def test_the_singular_strata_of_the_cubic_by_hand():
    r = run_analysis("singular", CUBIC, seed=0)
    dims = sorted(s.dimension for s in r.strata)
    assert dims == [0, 2, 3]                    # origin, cubes (cone over the twisted cubic), double-root cubics
    cubes = next(s for s in r.strata if s.ties)
    assert cubes.rank_drop and cubes.rank == 2


def test_the_cubic_spurious_count_is_closed():
    r = critical_points(parse_spec(CUBIC), seed=0)
    assert (r.pure, r.spurious, r.function_space_points) == (7, 3 * 3 - 2 + 1, 15)
    assert r.complete and not r.partial


def test_a_product_unit_before_a_layer_is_removed_with_its_column():
    # v0 (a0.x)^2 (b0.x) + v1 (a1.x)^2 (b1.x): unit 2 removed leaves v0 (a0.x)^2 (b0.x); W1, W2: 2 x 2, W3: 1 x 2
    net = parse_spec("layers Product([Linear(2, 2), Power(2)], Linear(2, 2)), Linear(2, 1)")
    [f] = net.degeneration_factors()
    assert f.children(0) == [1] and f.children(1) == []                # one of two units at most
    assert f.zeros(1) == [2, 3, 6, 7, 9]
    rng = np.random.default_rng(1)
    th = _stratum_params(net, f.zeros(1), (), rng)
    x = np.array(X, dtype=float)
    want = th[8] * (x @ th[0:2]) ** 2 * (x @ th[4:6])
    assert np.allclose(net.evaluate(th, X).ravel(), want)
    [(_, _, _, ties)] = f.extras(1)                                     # unit 1 kept, equal in both branches
    th = _stratum_params(net, f.zeros(1), ties, rng)
    assert np.allclose(net.evaluate(th, X).ravel(), th[8] * (x @ th[0:2]) ** 3)


def test_product_outputs_are_zeroed_one_by_one():
    # two outputs (a_i.x)^2 (b_i.x): not interchangeable, each its own on/off degeneration
    net = parse_spec("layers Product([Linear(2, 2), Power(2)], Linear(2, 2))")
    fs = net.degeneration_factors()
    assert [f.zeros(1) for f in fs] == [[0, 1, 4, 5], [2, 3, 6, 7]]
    th = _stratum_params(net, fs[1].zeros(1), (), np.random.default_rng(2))
    y, x = net.evaluate(th, X), np.array(X, dtype=float)
    assert not np.any(y[:, 1])
    assert np.allclose(y[:, 0], (x @ th[0:2]) ** 2 * (x @ th[4:6]))


def test_no_product_degeneration_where_zero_does_not_stay_zero():
    # (1 + a.x + (a.x)^2)(b.x): a = 0 leaves b.x, not zero, and the activation is not homogeneous: no factor
    net = parse_spec("layers Product([Linear(2, 1), Polynomial(1, 1, 1)], Linear(2, 1))")
    assert net.degeneration_factors() == []
    assert not np.all(net.evaluate([0, 0, 1, 2], X) == 0)


def test_products_of_two_ternary_forms_close_their_spurious_count():
    # (a.x)(b.x): the quadrics of rank <= 2; d mu drops rank where a and b are proportional, on the squares (a.x)^2,
    # the cone over the Veronese surface, whose generic ED degree is ((2d-1)^(n+1) - (d-1)^(n+1)) / d = (27 - 1) / 2
    # = 13 for d = 2, n = 2 (Draisma-Horobet-Ottaviani-Sturmfels-Thomas, the ED degree of an algebraic variety);
    # and the zero quadric
    net = parse_spec("layers Product(Linear(3, 1), Linear(3, 1))")
    [f] = net.degeneration_factors()
    assert f.zeros(1) == list(range(6)) and sorted(f.extras(0)[0][3]) == [(3, 0), (4, 1), (5, 2)]
    r = critical_points(net, seed=0)
    assert r.spurious == 13 + 1
    assert r.complete and not r.partial


def test_relu_branches_are_removed_but_never_tied():
    # relu(l) relu(m) with m = -l is zero, not a square: a negative factor is no rescaling, so no tie; a unit whose
    # weights are zero still outputs relu(0) = 0, so its removal stays
    net = parse_spec("layers Product([Linear(2, 2), ReLU()], [Linear(2, 2), ReLU()]), Linear(2, 1)")
    [f] = net.degeneration_factors()
    assert f.zeros(1) == [2, 3, 6, 7, 9] and f.extras(0) == [] and f.extras(1) == []
    assert [s.label for s in net.subnetworks()] == ["layer 1 product unit removed"]


def test_a_single_unit_before_a_layer_is_never_removed():
    # removing the only unit leaves a constant: no stratum, as at a junction
    net = parse_spec("layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(3)]), Power(2), Linear(1, 1)")
    [f] = net.degeneration_factors()
    assert f.children(0) == [] and net.subnetworks() == []
    th = _stratum_params(net, (), f.extras(0)[0][3], np.random.default_rng(3))
    x = np.array(X, dtype=float)                 # ((a.x)^2 (a.x)^3)^2 v = v (a.x)^10
    assert np.allclose(net.evaluate(th, X).ravel(), th[4] * (x @ th[0:2]) ** 10)
