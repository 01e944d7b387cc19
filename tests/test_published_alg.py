"""Published algebraic results beyond THEOREMS.md, and unusual inputs, each checked against its source or a
second method (never against a number algnet printed).

Sources are cited in each test's docstring.
"""

from math import comb

import pytest

from algnet.analyses.critical import critical_points


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linear_frobenius_critical_images_are_all_strata(seed):
    """Trager-Kohn-Bruna (ICLR 2020, arXiv:1910.01671, Thm. 9 with Eckart-Young): for a linear network with
    bottleneck r < min(m, n) and the Frobenius loss at a generic target, the images of the critical points are the
    critical points of l on every rank stratum k <= r: sum_{k=0}^{r} binom(min(m, n), k) of them, binom(min, r) pure.
    A run that does not find all of them must say that its counts are lower bounds (seed 1 once lost a rank-1
    point on the spurious search and still printed "= 6")."""
    r = critical_points("linear 3-2-3", loss="frobenius", seed=seed)
    total = sum(comb(3, k) for k in range(3))
    assert r.function_space_points <= total and r.pure <= comb(3, 2)
    if not r.partial:
        assert (r.function_space_points, r.pure, r.spurious) == (total, comb(3, 2), total - comb(3, 2))
    else:
        assert r.partial_reason and r.summary().splitlines()[2].startswith("critical points >=")


@pytest.mark.parametrize("spec, m, n, r", [("linear 4-3-2-3-4", 4, 4, 2), ("linear 5-3-2-3-5", 5, 5, 2)])
def test_bottleneck_inside_certified(spec, m, n, r):
    """A linear network whose narrowest layer is in the middle (neither next to the input nor the output)
    parametrizes the m x n matrices of rank <= r, of dimension r(m + n - r) (Bruns-Vetter, Determinantal Rings,
    Prop. 1.1). The rank of the Jacobian meets the flattening bound only when the terms of a weight matrix are
    grouped by the narrow layer's unit (2 groups of rank one), not by all the parameters they involve (6)."""
    from algnet.analyses.dimension import dimension

    d = dimension(spec, seed=0)
    assert d.dimension == r * (m + n - r)
    assert d.certified and d.upper_bound == r * (m + n - r)


def test_rational_coefficients_map_through_every_exact_route():
    """A polynomial map with non-integer coefficients, (x, y) -> (x/2, y/3, x*y/5): by hand its image is the
    surface y2 = (6/5) y0 y1 (degree 2, dimension 2), the map is injective, and the critical points of a generic
    quadratic loss are the solutions of a system whose lexicographic Groebner basis (sympy, second method) has a
    last polynomial of degree 5. Before the fix the exact expansion (implicit, fibers) and the ball Jacobian
    (critical) raised TypeError: a Fraction coefficient does not combine with flint numbers."""
    import random

    import sympy as sp

    from algnet import parametrization
    from algnet.analyses.critical import ed_degree
    from algnet.analyses.fibers import identifiability
    from algnet.analyses.implicit import implicitize

    net = parametrization(["x/2", "y/3", "x*y/5"])
    imp = implicitize(net, max_degree=2, seed=0)
    assert imp.generator_degrees == (2,)
    y0, y1, y2 = sp.symbols("y0 y1 y2")
    eq = sp.sympify(imp.to_sympy()[0] if isinstance(imp.to_sympy(), (list, tuple)) else imp.to_sympy())
    eq = eq.subs({sp.Symbol(n): s for n, s in zip(imp.coordinate_names, (y0, y1, y2))})
    assert sp.simplify(eq / eq.coeff(y2) - (y2 - sp.Rational(6, 5) * y0 * y1)) == 0
    assert identifiability(net, seed=0).fiber_count == 1
    random.seed(1)
    x, y = sp.symbols("x y")
    F = sp.Matrix([x / 2, y / 3, x * y / 5])
    A = sp.Matrix(3, 3, lambda i, j: sp.Rational(random.randint(-9, 9), 7))
    u = sp.Matrix([sp.Rational(random.randint(-20, 20), 3) for _ in range(3)])
    L = ((F - u).T * (A * A.T + sp.eye(3)) * (F - u))[0]
    G = sp.groebner([sp.diff(L, x), sp.diff(L, y)], x, y, order="lex")
    assert ed_degree(net, metric="generic", seed=0).ed_degree == sp.Poly(G.exprs[-1], y).degree() == 5


@pytest.mark.parametrize("polys, H", [(["t", "t^2"], lambda e: 2 * e + 1), (["t", "t^2", "t^3"], lambda e: 3 * e + 1),
                                      (["1", "t"], lambda e: e + 1), (["s", "t", "s*t"], lambda e: (e + 1) ** 2)])
def test_affine_hilbert_function_counts_the_constant(polys, H):
    """The affine Hilbert function H(e) = dim C[y]_{<= e} / I(M) of a map that is not a cone, by hand: the
    parabola and the affine twisted cubic, C[y]_{<=e} / I = polynomials of degree <= d e in t (d e + 1); the line
    {1} x C, e + 1; the surface y2 = y0 y1, the monomials s^a t^b with max(a, b) <= e. H(1) left out the constant
    (2 for the parabola, 1 for the line)."""
    from algnet import parametrization
    from algnet.analyses.hilbert import hilbert_function

    assert hilbert_function(parametrization(polys), up_to=4, seed=0).values == tuple(H(e) for e in range(5))
