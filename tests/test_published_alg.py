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


def _harris_tu(n, r):
    """Degree of the n x n symmetric matrices of rank <= r (Harris-Tu, Topology 23 (1984), Prop. 12):
    prod_{a=0}^{n-r-1} binom(n + a, n - r - a) / binom(2a + 1, a)."""
    from fractions import Fraction

    out = Fraction(1)
    for a in range(n - r):
        out *= Fraction(comb(n + a, n - r - a), comb(2 * a + 1, a))
    assert out.denominator == 1
    return int(out)


def _segre(sizes):
    import itertools

    from algnet import parametrization

    names = [[f"{chr(97 + i)}{j}" for j in range(n)] for i, n in enumerate(sizes)]
    return parametrization(["*".join(c) for c in itertools.product(*names)])


def _panel():
    from math import factorial, prod

    from algnet import parametrization as P

    rows = [  # (label, network, dimension of the cone, degree, source)
        ("Veronese v3(P2)", "dense 3-1-1 r=3", 3, 3 ** 2),              # d^n (Harris, Ex. 18.13)
        ("Veronese v3(P3)", "dense 4-1-1 r=3", 4, 3 ** 3),
        ("Segre P1xP2", _segre((2, 3)), 4, 3),                          # multinomial (Harris, Ex. 18.15)
        ("Segre P1xP1xP1xP1", _segre((2, 2, 2, 2)), 5, factorial(4)),
        ("Segre P1xP1xP2", _segre((2, 2, 3)), 5, factorial(4) // prod(map(factorial, (1, 1, 2)))),
        ("rational normal scroll S(1,2)", P(["l*s", "l*t", "m*s^2", "m*s*t", "m*t^2"]), 3, 1 + 2),  # a + b
        ("rational normal scroll S(2,2)", P(["l*s^2", "l*s*t", "l*t^2", "m*s^2", "m*s*t", "m*t^2"]), 3, 2 + 2),
        ("Steiner Roman surface", P(["x^2+y^2+z^2", "y*z", "x*z", "x*y"]), 3, 4),       # a quartic
        ("tangential surface of the twisted cubic", P(["s^3+3*s^2*u", "s^2*t+2*s*t*u+s^2*v",
                                                        "s*t^2+t^2*u+2*s*t*v", "t^3+3*t^2*v"]), 3, 4),
    ]
    for n, r in [(4, 1), (4, 2), (4, 3), (5, 2), (5, 3)]:         # sums of r squares of linear forms
        rows.append((f"symmetric {n}x{n} of rank <= {r}", f"dense {n}-{r}-1 r=2", r * n - r * (r - 1) // 2,
                     _harris_tu(n, r)))
    for d, k in [(4, 2), (5, 2), (6, 3)]:    # secant varieties of rational normal curves: binom(d - k + 1, k)
        rows.append((f"sigma_{k}(v_{d}(P1))", f"dense 2-{k}-1 r={d}", 2 * k, comb(d - k + 1, k)))
    return rows


@pytest.mark.parametrize("row", range(len(_panel())))
def test_degree_panel(row):
    """Degrees and dimensions of classical varieties given as networks or arbitrary maps, against their closed
    forms: Veronese d^n and Segre multinomial degrees (Harris, Algebraic Geometry, Ex. 18.13, 18.15), rational
    normal scrolls S(a, b) of degree a + b (Harris, Ex. 8.26), Steiner's Roman surface and the tangential surface
    of the twisted cubic (quartic surfaces: the latter is the discriminant of binary cubics), symmetric matrices of
    bounded rank (Harris-Tu 1984), secant varieties sigma_k of rational normal curves of degree d, defined by
    the (k+1)-minors of a catalecticant, of degree binom(d - k + 1, k) (Eisenbud, Linear sections of
    determinantal varieties, 1988)."""
    from algnet.analyses.degree import degree
    from algnet.analyses.dimension import dimension

    label, net, dim, deg = _panel()[row]
    assert dimension(net, seed=0).dimension == dim, label
    assert degree(net, seed=0).degree == deg, label


@pytest.mark.parametrize("polys", [["t", "t^2"], ["t^2", "t^3"], ["t", "t^2", "t^3"], ["t^2 - 1", "t^3 - t"]])
def test_generic_ed_degree_of_curves_against_the_critical_polynomial(polys):
    """The generic ED degree of a parametrized curve t -> g(t) (parabola, cuspidal cubic, affine twisted cubic,
    nodal cubic) is the number of roots of (g(t) - u)^T Q g'(t) = 0 where g'(t) != 0, for a random Q > 0 and u
    (second method: the roots of one univariate polynomial, sympy; Draisma-Horobet-Ottaviani-Sturmfels-Thomas
    2016, Sec. 2: the cusp has ED degree 4, not the 5 of the critical polynomial, since t = 0 is the singular
    point)."""
    import random

    import sympy as sp

    from algnet import parametrization
    from algnet.analyses.critical import ed_degree

    t = sp.Symbol("t")
    g = sp.Matrix([sp.sympify(p.replace("^", "**"), locals={"t": t}) for p in polys])
    random.seed(3)
    n = len(polys)
    A = sp.Matrix(n, n, lambda i, j: sp.Rational(random.randint(-9, 9), 5))
    u = sp.Matrix([sp.Rational(random.randint(-20, 20), 3) for _ in range(n)])
    crit = sp.Poly(sp.expand(((g - u).T * (A * A.T + sp.eye(n)) * g.diff(t))[0]), t)
    roots = [complex(z) for z in crit.nroots(n=30)]
    dg = g.diff(t)
    smooth = [z for z in roots if max(abs(complex(c.subs(t, z))) for c in dg) > 1e-8]
    assert ed_degree(parametrization(polys), metric="generic", seed=0).ed_degree == len(smooth)


@pytest.mark.parametrize("spec, value", [("dense 2-1-2 r=2", 14), ("linear 2-1-3", 10)])
def test_generic_ed_degree_segre_veronese_by_hand(spec, value):
    """Generic ED degree by the Chern-class formula (DHOST 2016, Thm. 5.8), computed by hand. dense 2-1-2 r=2:
    (c_1 l^2, c_2 l^2) is P^1 x P^1 embedded by O(1, 2) up to a diagonal change of coordinates, which a generic
    metric absorbs: int h^2 = 4, int c_1 h = 6, c_2 = 4, so 7*4 - 3*6 + 4 = 14. linear 2-1-3: P^1 x P^2 by
    O(1, 1): int h^3 = 3, c_1 h^2 = 8, c_2 h = 9, c_3 = 6, so 15*3 - 7*8 + 3*9 - 6 = 10."""
    from algnet.analyses.critical import ed_degree

    assert ed_degree(spec, metric="generic", seed=0).ed_degree == value
    assert ed_degree(spec, metric="generic", seed=1).ed_degree == value


def test_singular_on_a_map_does_not_claim_an_empty_rank_drop_locus(capsys):
    """The cuspidal cubic t -> (t^2, t^3) has a rank drop of its parametrization at t = 0 (derivative (2t, 3t^2)),
    whose image, the cusp, is the singular point (by hand). A polynomial map has no subnetwork strata: `algnet
    singular` solves the map's rank-drop locus instead, and must list t = 0 with its singular image rather than
    print an empty rank-drop locus."""
    import json

    from algnet.cli import main

    assert main(["singular", "map t^2; t^3", "--seed", "0", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [(x["name"], x["rank"], x["nature"], x["certified"]) for x in d["rank_drop_locus"]] == \
        [("t = 0", 0, "singular point", True)]
    assert "rank_drop_locus_note" not in d


def test_regression_data_that_cannot_give_a_finite_count_is_refused():
    """l(W) = sum_i ||W x_i - y_i||^2 for linear 2-1-2 with one sample is minimised on the whole positive-dimensional
    family {W : W x = y} (by hand), so there is no finite count; NaN data define no loss at all. Both must be refused
    with algnet's ParameterError (they crashed with ZeroDivisionError in the homotopy, and NaN data printed
    "critical points = 0" as an answer)."""
    import numpy as np

    from algnet.errors import ParameterError

    with pytest.raises(ParameterError, match="do not determine"):
        critical_points("linear 2-1-2", loss=(np.array([[1.0, 2.0]]), np.array([[1.0, 0.5]])), seed=0)
    X = np.random.default_rng(0).normal(size=(6, 2))
    X[3, 1] = np.nan
    with pytest.raises(ParameterError, match="NaN"):
        critical_points("linear 2-1-2", loss=(X, np.ones((6, 2))), seed=0)


def test_non_finite_target_is_refused():
    """A target with a NaN coordinate defines no loss (it was tracked, every path lost, and '>= 0' printed)."""
    from algnet.errors import ParameterError

    with pytest.raises(ParameterError, match="NaN"):
        critical_points("linear 2-1-2", loss="frobenius", target=[float("nan"), 1.0, 2.0, 3.0], seed=0)


_M2_ED = """
edd = (F, n) -> (
  R := QQ[t_1..t_n]; S := QQ[y_1..y_(#F)];
  I := ker map(R, S, apply(F, f -> value f)); c := codim I;
  u := apply(#F, i -> random(-20,20)/random(1,7));
  M := (matrix{apply(#F, i -> y_(i+1) - u#i)}) || transpose jacobian I;
  degree saturate(I + minors(c+1, M), I + minors(c, jacobian I)));
print edd(%s, %d);
"""


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("M2") is None, reason="Macaulay2 not installed")
@pytest.mark.parametrize("spec, polys, n", [
    ("dense 2-1-1 r=2 bias", ["t_3*t_1^2", "2*t_3*t_1*t_2", "2*t_3*t_1*t_5", "t_3*t_2^2", "2*t_3*t_2*t_5",
                              "t_3*t_5^2+t_4"], 5),
    ("dense 2-1-1 act=1,1,1", ["t_2", "t_2*t_1", "t_2*t_3", "t_2*t_1^2", "2*t_2*t_1*t_3", "t_2*t_3^2"], 3)])
def test_frobenius_ed_degree_against_macaulay2(spec, polys, n, tmp_path):
    """Frobenius ED degree (Q = identity on the monomial coefficients) of networks without a closed form, against
    Macaulay2 (second method: the ideal of the image by elimination, the critical ideal of the distance to a random
    rational target saturated by the singular locus, its degree; DHOST 2016, eq. (2.1)). The coefficients are
    written by hand: c (a x + b y + e)^2 + d, and c (1 + l + l^2) with l = a x + b y."""
    import subprocess

    from algnet.analyses.critical import ed_degree

    script = tmp_path / "ed.m2"
    script.write_text(_M2_ED % ("{" + ", ".join(f'"{p}"' for p in polys) + "}", n))
    out = subprocess.run(["M2", "--script", str(script)], capture_output=True, text=True, timeout=120)
    assert ed_degree(spec, metric="frobenius", seed=0).ed_degree == int(out.stdout.split()[-1])


def test_linear_network_critical_points_are_the_global_minimum_or_saddles():
    """Kawaguchi (NeurIPS 2016, Thm. 2.3; Trager-Kohn-Bruna 2020): for a linear network and the squared loss every
    critical point that is not a global minimum is a saddle. For linear 3-2-3 and the target diag(3, 2, 1) the
    images are the Eckart-Young truncations (loss: the sum of the squared discarded singular values, 1, 4, 9 pure;
    5, 10, 13 of rank one; 14 at the origin): one minimum, the rest saddles (the rank-one points have Hessian
    inertia (2, 2, 5): eigenvalues of both signs decide a saddle; they were called degenerate)."""
    r = critical_points("linear 3-2-3", loss="frobenius", target=[3, 0, 0, 0, 2, 0, 0, 0, 1], seed=0)
    if not r.partial:
        assert sorted(round(p.loss, 6) for p in r.points) == [1, 4, 5, 9, 10, 13, 14]
    assert [p.kind for p in r.points if p.kind == "minimum"] == ["minimum"]
    assert all(p.kind == "saddle" for p in r.points if p.real and round(p.loss, 6) != 1)


def test_affine_activation_of_degree_one_is_applied():
    """sigma(t) = 1 + t (act=1,1): f(x) = W2 W1 x + W2 (1, 1), so (by hand) M = {(A, b): rank A <= 2, b in the column
    space of A}, of dimension 8 + 2 = 10 in the 12 coefficients of three affine outputs in three variables, and
    f(0) = W2 (1, 1). The dense preset dropped a degree-one activation even when it is not the identity (dimension 8
    of ambient 9, f(0) = 0); conv and gconv kept it."""
    import numpy as np

    from algnet import parse_spec
    from algnet.analyses.dimension import dimension
    from algnet.core.backends import Exact

    net = parse_spec("dense 3-2-3 act=1,1")
    theta = np.arange(1, net.n_params + 1)
    W2 = np.array(theta[6:], dtype=object).reshape(3, 2)          # W1 (2 x 3) first, then W2 (3 x 2)
    assert net.evaluate(theta, np.zeros((1, 3), dtype=object), backend=Exact())[0].tolist() == (W2 @ [1, 1]).tolist()
    d = dimension(net, seed=0)
    assert (d.dimension, d.ambient, d.certified) == (10, 12, True)
