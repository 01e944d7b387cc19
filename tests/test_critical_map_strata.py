"""The strata a polynomial map declares where d mu drops rank, and the critical-point counts they close.

Truth by hand: the minors of d mu (det d mu = 4 x y for (x^2, y^2), 2 (s - t)(s + t) for (s^2 + t^2, s t),
3 (x^2 + y^2 - 1) for (x^3 + 3 x y^2 - 3 x, y)), the critical images of the Frobenius loss found on each
stratum, the Hessians' signs, and the generic ED degrees of the rational normal curves (3d - 2, DHOST Thm. 5.8)
and of the Veronese surface (13).
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.spurious import strata_cover_rank_drop
from algnet.architectures.polymap import parametrization
from algnet.architectures.polymap_strata import rank_drop_cover, vanishing_subspaces
from algnet.errors import NotApplicableError


def _cover(polys):
    net = parametrization(polys)
    return net, rank_drop_cover(net.terms, net.n_params, net.param_names())


def _jacobian_rank(net, theta) -> int:
    """Rank of d mu at a rational point, by sympy (independent of the module's flint arithmetic)."""
    syms = [sympy.Symbol(v) for v in net.param_names()]
    J = sympy.Matrix(net.sympy_polynomials()).jacobian(syms)
    return J.subs(dict(zip(syms, [sympy.Rational(t) for t in theta]))).rank()


@pytest.mark.parametrize("polys, labels", [
    (["x^2", "y^2"], ("x = 0", "y = 0")),                                 # det = 4 x y
    (["s^2 + t^2", "s*t"], ("s + t = 0", "s - t = 0")),                   # det = 2 (s - t)(s + t)
    (["(a + b)^2", "(a - b)^2"], ("a + b = 0", "a - b = 0")),             # the axes after a change of coordinates
    (["x^2", "y^2", "z^2"], ("x = 0", "y = 0", "z = 0", "x = y = 0", "x = z = 0", "y = z = 0")),
    (["s^3", "s^2*t", "s*t^2", "t^3"], ()),                               # minors 3 s^4, 3 t^4: the origin only
    (["t^2 - 1", "t^3 - t"], ()),                                         # 2 t and 3 t^2 - 1 never both vanish
])
def test_the_declared_subspaces_are_the_rank_drop_locus(polys, labels):
    net, c = _cover(polys)
    assert c.covered is True and c.labels == labels
    rng = np.random.default_rng(0)
    full = _jacobian_rank(net, [Fraction(int(v), 7) for v in rng.integers(1, 50, net.n_params)])
    for B in c.bases:       # every point of a declared subspace drops rank (a random rational point of it)
        phi = [Fraction(int(v), 3) for v in rng.integers(1, 50, len(B[0]))]
        theta = [sum(b * p for b, p in zip(row, phi)) for row in B]
        assert _jacobian_rank(net, theta) < full


def test_what_the_minors_cannot_split_is_said_not_covered():
    _, circle = _cover(["x^3 + 3*x*y^2 - 3*x", "y"])                     # det = 3 (x^2 + y^2 - 1)
    assert circle.covered is False and "x^2 + y^2 - 1" in circle.note
    _, const = _cover(["x*y", "y"])     # mu = 0 on y = 0 where grad L = 0 at x = -u2/u1, not at the origin
    assert const.covered is False and "constant on y = 0" in const.note
    covered, note = strata_cover_rank_drop(parametrization(["x^3 + 3*x*y^2 - 3*x", "y"]))
    assert not covered and "x^2 + y^2 - 1" in note


def test_vanishing_subspaces_by_hand():
    from algnet.core.numbers import fmpq_mpoly_ctx

    x, y, z = fmpq_mpoly_ctx.get(("x", "y", "z"), "lex").gens()
    # V(x y, x z) = {x = 0} u {y = z = 0}
    got = vanishing_subspaces([x * y, x * z])
    spans = sorted(tuple(map(tuple, B)) for B in got)
    assert spans == sorted([((0, 0), (1, 0), (0, 1)), ((1,), (0,), (0,))])
    assert vanishing_subspaces([x - y, x - y + 1]) == []                   # two parallel planes: empty
    for F in ([x - y, x * x - z], [x - y, y - z, x * x - 1]):             # a parabola; the points +-(1, 1, 1)
        with pytest.raises(NotApplicableError):
            vanishing_subspaces(F)


def test_quadrant_map_is_closed_with_its_hand_critical_points():
    """(x^2, y^2), Frobenius, u = (2, 3): the images u (pure), (0, 3), (2, 0), (0, 0); the Hessian of
    L = (x^2 - 2)^2 + (y^2 - 3)^2 is diag(12 x^2 - 8, 12 y^2 - 12): a minimum at u, saddles on the axes, a
    maximum at 0. Before the map declared its strata the count was a lower bound."""
    r = critical_points(parametrization(["x^2", "y^2"]), loss="frobenius", target=[2.0, 3.0], seed=0)
    assert not r.partial and r.critical_points == 4
    kinds = {tuple(np.round(np.real(p.image), 9)): (p.kind, p.pure) for p in r.points}
    assert kinds == {(2.0, 3.0): ("minimum", True), (0.0, 3.0): ("saddle", False),
                     (2.0, 0.0): ("saddle", False), (0.0, 0.0): ("maximum", False)}


def test_quadrant_map_generic_metric_counts_four_classes_exactly():
    """For a generic metric Q: grad L = 2 diag(x, y) Q (mu - u) = 0 gives mu = u, or x = 0 and (Q r)_2 = 0, or
    y = 0 and (Q r)_1 = 0, or x = y = 0: four images, one class modulo (x, y) -> (+-x, +-y) each."""
    net = parametrization(["x^2", "y^2"])
    assert net.finite_symmetry_order() == 4
    r = critical_points(net, seed=0)
    assert not r.partial and r.critical_points == 4 and r.pure == 1 and r.spurious == 3


def test_a_circle_of_rank_drop_stays_a_lower_bound():
    r = critical_points(parametrization(["x^3 + 3*x*y^2 - 3*x", "y"]), loss="frobenius", target=[0.5, 0.3],
                        seed=0)
    assert r.partial and "x^2 + y^2 - 1" in r.partial_reason


@pytest.mark.parametrize("polys, want", [
    (["s^3", "s^2*t", "s*t^2", "t^3"], 7),                                      # rational normal curve, d = 3
    (["x^2", "x*y", "x*z", "y^2", "y*z", "z^2"], 13),                           # Veronese surface
])
def test_ed_degrees_of_the_classical_maps_are_unchanged(polys, want):
    assert ed_degree(parametrization(polys), metric="generic", seed=0).ed_degree == want


def test_the_cover_is_the_same_for_every_order_of_the_parameters():
    """Renaming the parameters permutes the subspaces: the same labels (by name) in every order."""
    seen = set()
    for params in itertools.permutations(["x", "y", "z"]):
        net = parametrization(["x^2", "y^2*z", "z^2"], params=list(params))
        c = rank_drop_cover(net.terms, net.n_params, net.param_names())
        seen.add((c.covered, frozenset(frozenset(a[:-len(" = 0")].split(" = ")) for a in c.labels)))
    assert len(seen) == 1


def test_three_squares_close_on_planes_and_axes():
    """(x^2, y^2, z^2), Frobenius, u = (2, 3, -1): grad L = 4 (x (x^2 - 2), y (y^2 - 3), z (z^2 + 1)) = 0, so each
    image coordinate is 0 or u_i: 2^3 images (the sub-maps on the planes drop rank again on the axes)."""
    r = critical_points(parametrization(["x^2", "y^2", "z^2"]), loss="frobenius", target=[2.0, 3.0, -1.0], seed=0)
    assert not r.partial and r.critical_points == 8
    images = {tuple(np.round(np.real(p.image), 9)) for p in r.points}
    assert images == set(itertools.product((0.0, 2.0), (0.0, 3.0), (0.0, -1.0)))


def test_the_command_line_prints_the_closed_count(capsys):
    from algnet.cli import main

    assert main(["critical", "map x^2; y^2", "--seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "critical points       = 4" in out and ">=" not in out.split("critical points")[1].splitlines()[0]
