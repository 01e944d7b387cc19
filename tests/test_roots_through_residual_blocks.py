"""Roots of unity of a unit carried through Residual blocks x + f(x), against fiber counts by hand and by
Macaulay2 (a Groebner basis of the hand-written coefficient map) and exact evaluation of the actions.

E1 = Linear(2, 1), sigma, Residual([Linear(1, 1), sigma]), Linear(1, 2) with sigma = t + t^3 (odd): f = c g(a.x),
g(u) = s + sigma(F s), s = sigma(u). a -> -a makes s -> -s, the block s + sigma(F s) -> -(s + sigma(F s)) (sigma is
odd), c -> -c takes it back: order 2. The fiber by hand: with a = l a', c = m c' (a', c' fixed representatives), the
coefficients of u^1, u^3, u^5, u^7 give m l (1 + F), m l^3 (1 + F + 3 F^3), m l^5 3 F^3, m l^7 3 F^3: l^2 from the
last two, then F^3 / (1 + F) from the first two (3 values of F), m l from the first: 2 x 3 = 6 points, 3 orbits of
the sign (Macaulay2: 6).

E3 = the same with the block ending in t^3: g = s + (F s)^3, coefficients m l, m l^3 (1 + F^3), m l^5 3 F^3, ...:
l^2, then F^3 (3 values), m l: 6 points, all explained (the sign, and F times a cube root of unity w: (w F s)^3 =
(F s)^3). Macaulay2: 6.

END = Linear(2, 1), Power(2), Residual([Linear(1, 1), Power(2)]) at the output: f = h + F^2 h^2, h = (a.x)^2: a
and F up to sign, 4 points, all explained (Macaulay2: 4).
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.core.backends import Exact
from m2_helpers import m2_count, needs_m2

ODD = "Polynomial(0, 1, 0, 1)"
E1 = f"layers Linear(2, 1), {ODD}, Residual([Linear(1, 1), {ODD}]), Linear(1, 2)"
E3 = f"layers Linear(2, 1), {ODD}, Residual([Linear(1, 1), Power(3)]), Linear(1, 2)"
END = "layers Linear(2, 1), Power(2), Residual([Linear(1, 1), Power(2)])"
# x + sigma(F x) with sigma = t^3 + t^9: the stream's sign (sigma odd) and F's row times a cube root of unity
NINE = f"layers Linear(2, 1), Residual([Linear(1, 1), Power(3), {ODD}]), Linear(1, 2)"
# t + t^4 = t (1 + t^3): w (t + t^4) for w a cube root of unity: the unit times w before and in the block
QUARTIC = "Polynomial(0, 1, 0, 0, 1)"
CUBE = f"layers Linear(2, 1), Residual([Linear(1, 1), {QUARTIC}]), Linear(1, 2)"
# (t + 1)^2 about -1 (A's bias), then an odd block: a fourth root of unity i (the square turns it into -1)
SHIFTED = ("layers Linear(2, 1, bias=True), Polynomial(1, 2, 1), Residual([Linear(1, 1, bias=True), "
           f"{ODD}]), Linear(1, 2, bias=True)")
# a Product branch through an odd block: (s + sigma(F s)) (b.x), s = sigma(a.x): (a, b) -> (-a, -b); its fiber is
# E1's with c ⊗ replaced by the factor b.x: 6 points, 3 orbits of the sign (Macaulay2: 6)
BRANCH = f"layers Product([Linear(2, 1), {ODD}, Residual([Linear(1, 1), {ODD}])], Linear(2, 1))"
# the product's units are t + t^4 in a branch: a cube root of unity w per unit, the other branch times w^-1; the
# next layer reads them: their 2 orders too (2 x 3^2)
BRANCH_CUBE = f"layers Product(Linear(2, 2), [Linear(2, 2), Residual([Linear(2, 2), {QUARTIC}])]), Linear(2, 1)"
X = np.array([[Fraction(a), Fraction(b, 3)] for a, b in ((1, 4), (-3, 5), (2, -1), (4, 7), (0, 2), (-2, -3))],
             dtype=object)
THETA = [3, -2, 5, 1, -4, 7, 2, -3, 1, 6, -5, 2, 4, -1]


def _keeps(net, g) -> bool:
    th = THETA[:net.n_params]
    im = list(g(np.array([th], dtype=object))[0])
    if im == th:
        return False
    if not any(isinstance(v, complex) for v in im):
        return (net.evaluate(np.array(im, dtype=object), X, backend=Exact()).tolist()
                == net.evaluate(np.array(th, dtype=object), X, backend=Exact()).tolist())
    a = net.evaluate(np.array(im, dtype=complex), np.array(X, dtype=complex))
    b = net.evaluate(np.array(th, dtype=complex), np.array(X, dtype=complex))
    return float(np.max(np.abs(a - b))) <= 1e-10 * float(np.max(np.abs(b)))


@pytest.mark.parametrize("spec, order", [(E1, 2), (E3, 6), (END, 4), (NINE, 6), (CUBE, 3), (SHIFTED, 4),
                                         (BRANCH, 2), (BRANCH_CUBE, 18)])
def test_the_orders_by_hand_and_the_actions_keep_the_function(spec, order):
    net = parse_spec(spec)
    assert net.finite_symmetry_order() == order
    gens = net.finite_actions()
    assert gens and all(_keeps(net, g) for g in gens)


@pytest.mark.parametrize("spec, count, order, only", [(E1, 6, 2, False), (E3, 6, 6, True), (END, 4, 4, True),
                                                      (NINE, 6, 6, True)])
def test_the_fiber_counts(spec, count, order, only):
    # the exact count (Groebner over QQ) is the hand count of the module doc; all of it explained but for E1,
    # where 3 orbits of the sign remain (the three F with the same F^3 / (1 + F))
    r = identifiability(spec, seed=0, method="groebner", force=True)
    assert (r.fiber_dimension, r.symmetry_dimension) == (0, 0)
    assert (r.fiber_count, r.count_status, r.finite_symmetry_order, r.only_known_symmetries) == (
        count, "exact", order, only)


def _m2_count(ring, params, outputs, point):
    src = "\n".join([
        f"R = QQ[{ring}];",
        *outputs,
        "cs = flatten apply(f, g -> flatten entries last coefficients(g, Variables => {x1, x2}));",
        f"pt = apply({{{', '.join(params)}}}, {{{', '.join(map(str, point))}}}, (v, a) -> v => a);",
        f"T = ZZ/32003[{', '.join(params)}];",
        "I = ideal apply(cs, c -> sub(c - sub(c, pt), T));",
        'print("count " | toString dim I | " " | toString degree I);', "exit 0"])
    return m2_count(src)


@needs_m2
def test_the_hand_counts_against_macaulay2():
    ring = "a1, a2, F, c1, c2, x1, x2"
    params = ["a1", "a2", "F", "c1", "c2"]
    head = ["h = a1*x1 + a2*x2;", "sig = t -> t + t^3;", "s = sig h;"]
    for block, count in (("g = s + sig(F*s);", 6), ("g = s + (F*s)^3;", 6)):
        assert _m2_count(ring, params, head + [block, "f = {c1*g, c2*g};"], [2, -3, 5, 7, -2]) == (0, count)
    product = head + ["f = {(s + sig(F*s)) * (c1*x1 + c2*x2)};"]
    assert _m2_count(ring, params, product, [2, -3, 5, 7, -2]) == (0, 6)
    out = ["h = (a1*x1 + a2*x2)^2;", "f = {h + (F*h)^2};"]
    assert _m2_count("a1, a2, F, x1, x2", ["a1", "a2", "F"], out, [2, -3, 5]) == (0, 4)


@needs_m2
@pytest.mark.slow
def test_two_units_through_a_block_ending_in_t3_plus_t9_against_macaulay2():
    # x + sigma(F x), sigma = t^3 + t^9, between two Linear(2, 2): 2 orders x (2 signs x 3 cube roots)^2 = 72
    net = parse_spec(f"layers Linear(2, 2), Residual([Linear(2, 2), Power(3), {ODD}]), Linear(2, 2)")
    params = ["a11", "a12", "a21", "a22", "f11", "f12", "f21", "f22", "c11", "c12", "c21", "c22"]
    out = ["h1 = a11*x1 + a12*x2; h2 = a21*x1 + a22*x2;", "p1 = f11*h1 + f12*h2; p2 = f21*h1 + f22*h2;",
           "s1 = h1 + p1^3 + p1^9; s2 = h2 + p2^3 + p2^9;", "f = {c11*s1 + c12*s2, c21*s1 + c22*s2};"]
    assert _m2_count(", ".join(params + ["x1", "x2"]), params, out, [2, -3, 5, 7, -2, 3, 1, -4, 6, -5, 2, 4]) == (
        0, 72) == (0, net.finite_symmetry_order())


def test_slice_points_that_are_not_orbits_are_not_called_orbits():
    # points_per_orbit 0: one orbit may meet the gauge slice several times (the biased square block: the torus'
    # t = -1 of each unit keeps the pinned W1, b1 -- tests/test_residual_square_cross_term.py), so the count of
    # the slice is not a count modulo the continuous symmetries, and the text must not say it is
    from algnet.analyses.fibers import IdentifiabilityResult

    r = IdentifiabilityResult(spec="s", parameters=18, dimension=12, fiber_dimension=6, symmetry_dimension=6,
                              identifiable_up_to_dimension=True, dimension_certified=True, finite_symmetry_order=2,
                              fiber_count=8, count_method="monodromy", count_certified=False,
                              only_known_symmetries=None, gauge=(0, 1, 2, 3, 4, 5), points=(), reason="r", seed=0,
                              points_per_orbit=0)
    for text in (r.summary(), repr(r)):
        assert "mod continuous symmetries" not in text and "not an orbit count" in text


def test_a_branch_through_a_block_keeps_the_other_branchs_rescaling_into_the_next_layer():
    # (g(a.x) (b.x))^2 read by c: b -> t b, c -> c / t^2 keeps f (b.x is a plain factor). The declared tangents are in
    # the kernel of the exact Jacobian, and they are the whole fiber's dimension (the rank of the Jacobian)
    from algnet.analyses.dimension import dimension

    spec = (f"layers Product([Linear(2, 1), {ODD}, Residual([Linear(1, 1), {ODD}])], Linear(2, 1)), Power(2), "
            "Linear(1, 2)")
    net = parse_spec(spec)
    rng = np.random.default_rng(0)
    th = np.array([Fraction(int(a), int(b)) for a, b in zip(rng.integers(-9, 10, net.n_params),
                                                            rng.integers(1, 5, net.n_params))], dtype=object)
    Xq = np.array([[Fraction(int(a), 3) for a in rng.integers(-5, 6, 2)] for _ in range(12)], dtype=object)
    T = np.asarray(net.symmetry_tangents(th, backend=Exact()), dtype=object)
    assert T.shape[0] == 1 and not np.any(net.jacobian(th, Xq, backend=Exact()).dot(T.T) != 0)
    d = dimension(spec, seed=0)
    assert (d.parameters, d.fiber_dimension, d.symmetry_dimension) == (7, 1, 1)
