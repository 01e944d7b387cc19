"""Published cases on sizes no other test or ``algnet verify`` runs, each against the
formula evaluated here by hand (independently of algnet's own closed forms) or a hand computation; all agree.

* Alexander-Hirschowitz (J. Algebraic Geom. 4 (1995)): the sporadic defective secant varieties of Veronese
  varieties -- cubics in 5 variables as sums of 7 cubes, quartics in 4 variables as sums of 9 fourth powers --
  have dimension one less than expected; quadrics in n variables as sums of s < n squares are the symmetric
  matrices of rank <= s, of dimension s n - s(s - 1)/2.
* Degrees of the defective hypersurfaces: sigma_5(v_4(P^2)) is the 6 x 6 catalecticant determinant (degree 6,
  Clebsch), sigma_7(v_3(P^4)) has degree 15 (Ottaviani, *An invariant regarding Waring's problem for cubic
  polynomials*, Nagoya Math. J. 193 (2009)), the symmetric 4 x 4 matrices of rank <= 3 the determinant (4),
  sigma_3(v_3(P^2)) the Aronhold invariant (4); sigma_2(v_3(P^2)) is cut out by the 3-minors of the 3 x 6
  catalecticant with the expected codimension 4 (Kanev 1999), so its degree is the Porteous count C(6, 2) = 15.
* Usevich-Borsoi-Derand-Clausel (NeurIPS 2025), Cor. 16: pyramidal widths attain the expected dimension;
  Massarenti-Mella (arXiv:2511.19703): r_l >= 2 d_l - 1 for every hidden layer is non-defective.
* Henry-Marchetti-Kohn (ICLR 2025, arXiv:2408.17221): one lightning-attention layer, dim = 2ad + dd' - a^2 - 1;
  Hendi-Persson-Larfors (arXiv:2603.29566): group convolution over Z/n, L(n - 1) + 1.
* Determinantal degrees (Harris, Ex. 19.10) and Shahverdi-Marchetti-Kohn's convolutional degree (AISTATS 2025,
  arXiv:2410.00722, Thm. 2.8) counted by monodromy (``method='monodromy'``; ``auto`` returns the theorem).
* Strides equal to the filter sizes (no overlapping windows): the coefficients of conv k=2,2 s=2,1 r=2 are the
  entries of b (x) a (x) a (cross terms doubled), the Segre-Veronese P^1 x P^1 embedded by O(2, 1), of degree
  int (2 h1 + h2)^2 = 4; in the Bombieri-Weyl metric (weight 1/2 on the cross terms) the norm is |b|^2 |a|^4,
  so its ED degree is Friedland-Ottaviani's eigenvector count (Found. Comput. Math. 14 (2014), Thm. 12); conv
  k=2,2,2 s=2,2,1 r=1 has the 2 x 2 x 2 rank-one tensors as its function space (Frobenius ED degree 6, same
  theorem). The count is expanded here with sympy.
* Trager-Kohn-Bruna (ICLR 2020, arXiv:1910.01671): for the Frobenius loss the critical images of a linear network
  are the critical points of the loss on every rank stratum: C(3, 1) + C(3, 0) = 4 for 3 x 4 matrices of rank
  <= 1, three pure.
* Sylvester's pentahedral theorem: a generic cubic surface is a sum of five cubes of linear forms in exactly one
  way, so dense 4-5-1 r=3's generic fiber modulo the rescalings is the 5! permutations.
* Telgarsky / Montufar-Pascanu-Cho-Bengio (NeurIPS 2014): the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2)
  composed with itself has 2^2 linear pieces on [0, 1]; on the whole line 6 activation regions, Montufar et al.'s
  count floor(2/1) * (1 + 2).
"""

from fractions import Fraction
from math import comb, factorial

import numpy as np
import pytest
import sympy as sp

import algnet
from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily


def _determinantal_degree(m, n, r):
    """Harris, Ex. 19.10: prod_{i < n - r} (m + i)! i! / ((r + i)! (m - r + i)!) with n <= m."""
    m, n = max(m, n), min(m, n)
    d = Fraction(1)
    for i in range(n - r):
        d *= Fraction(factorial(m + i) * factorial(i), factorial(r + i) * factorial(m - r + i))
    return int(d)


def _conv_degree(ks, r):
    """Shahverdi-Marchetti-Kohn Thm. 2.8: (|k| - L)! prod_j r^((L - j)(k_j - 1)) / (k_j - 1)!."""
    L = len(ks)
    d = Fraction(factorial(sum(ks) - L))
    for j, k in enumerate(ks, 1):
        d *= Fraction(r ** ((L - j) * (k - 1)), factorial(k - 1))
    return int(d)


def _friedland_ottaviani(ns, ds):
    """Coefficient of prod t_i^(n_i - 1) in prod_i (T_i^n_i - t_i^n_i) / (T_i - t_i), T_i = sum_j d_j t_j - t_i."""
    t = sp.symbols(f"t0:{len(ns)}")
    total = sum(d * ti for d, ti in zip(ds, t))
    expr = 1
    for n, ti in zip(ns, t):
        T = total - ti
        expr *= sum(T ** (n - 1 - e) * ti ** e for e in range(n))
    poly = sp.Poly(sp.expand(expr), *t)
    return int(poly.coeff_monomial(sp.prod(ti ** (n - 1) for n, ti in zip(ns, t))))


def _ah_dimension(n_vars, degree, summands, defective):
    return min(comb(n_vars + degree - 1, degree), summands * n_vars) - (1 if defective else 0)


@pytest.mark.parametrize("spec, published", [
    ("dense 5-7-1 r=3", _ah_dimension(5, 3, 7, True)),           # Alexander-Hirschowitz: 34, not 35
    ("dense 4-9-1 r=4", _ah_dimension(4, 4, 9, True)),           # 34, not 35
    ("dense 4-3-1 r=2", 3 * 4 - 3 * 2 // 2),                      # symmetric 4 x 4 of rank <= 3: 9
    ("dense 4-3-2-2 r=2", 4 * 3 + 3 * 2 + 2 * 2 - (3 + 2)),        # pyramidal (Usevich et al.): 17
    ("dense 3-2-2-2 r=3,3", 3 * 2 + 2 * 2 + 2 * 2 - (2 + 2)),     # r >= 2 d - 1 (Massarenti-Mella): 10
    ("attention d=3 a=1 dout=2 t=2", 2 * 1 * 3 + 3 * 2 - 1 - 1),  # Henry-Marchetti-Kohn: 10
    ("attention d=3 a=2 dout=2 t=2", 2 * 2 * 3 + 3 * 2 - 4 - 1),  # 13
    ("gconv n=6 layers=2 r=3", 2 * (6 - 1) + 1),                  # Hendi-Persson-Larfors: 11
])
def test_published_dimensions(spec, published):
    r = algnet.dimension(spec, seed=0)
    assert r.certified
    assert r.dimension == published


def test_biased_quadratic_network_is_a_join():
    # sum_i a_i (w_i . x + b_i)^2 + c, homogenized with x0: a symmetric 4 x 4 matrix of rank <= 2 (dimension
    # 2 * 4 - 1 = 7) plus c e0 e0^T: 8, one less than the parameter count minus the 2 rescalings (9 < 10 ambient)
    r = algnet.dimension("dense 3-2-1 r=2 bias", seed=0)
    assert r.certified and r.dimension == 7 + 1


@pytest.mark.parametrize("spec, published", [
    ("dense 3-5-1 r=4", 6),                               # Clebsch: the 6 x 6 catalecticant determinant
    ("dense 4-3-1 r=2", 4),                               # det of a symmetric 4 x 4 matrix
    ("linear 5-2-3", _determinantal_degree(3, 5, 2)),     # 10
    ("conv k=3,2 r=2", _conv_degree([3, 2], 2)),          # 12
    ("conv k=2,2 s=2,1 r=2", 4),                          # Segre-Veronese O(2, 1) on P^1 x P^1
    ("dense 3-3-1 r=3", 4),                               # sigma_3(v_3(P^2)): the Aronhold invariant, degree 4
    ("dense 3-2-1 r=3", comb(6, 2)),                      # sigma_2(v_3(P^2)): 3-minors of the 3 x 6 catalecticant
])
def test_degrees_by_monodromy(spec, published):
    r = algnet.degree(spec, method="monodromy", seed=0)
    assert r.method == "monodromy" and not r.partial
    assert r.degree == published


@pytest.mark.slow
def test_ottaviani_invariant_of_cubics_in_five_variables():
    # sigma_7(v_3(P^4)) is a hypersurface of degree 15 (Ottaviani 2009)
    r = algnet.degree("dense 5-7-1 r=3", method="monodromy", seed=0)
    assert not r.partial and r.degree == 15


def test_friedland_ottaviani_counts_by_hand():
    assert _friedland_ottaviani([2, 2, 2], [1, 1, 1]) == 6        # FO 2014, Example: 2 x 2 x 2 tensors
    assert _friedland_ottaviani([3], [3]) == ((3 - 1) ** 3 - 1) // (3 - 2)   # symmetric: ((d-1)^n - 1)/(d-2)
    assert _friedland_ottaviani([2, 3], [1, 1]) == 2             # matrices: Eckart-Young min(m, n)


@pytest.mark.parametrize("spec, metric, ns, ds", [
    pytest.param("conv k=2,2,2 s=2,2,1 r=1", "frobenius", [2, 2, 2], [1, 1, 1],   # 2 x 2 x 2 rank one: 6
                 marks=pytest.mark.slow),
    ("conv k=2,2 s=2,1 r=2", "bombieri", [2, 2], [2, 1]),              # S^2 C^2 x C^2: 4
])
def test_non_overlapping_conv_ed_degree_is_friedland_ottaviani(spec, metric, ns, ds):
    r = ed_degree(spec, metric=metric, seed=0)
    assert not r.critical.partial
    assert r.ed_degree == _friedland_ottaviani(ns, ds)


def test_trager_kohn_bruna_rank_one_strata():
    r = critical_points("linear 4-1-3", loss="frobenius", seed=0)
    assert not r.partial
    assert (r.function_space_points, r.pure) == (comb(3, 1) + comb(3, 0), comb(3, 1))
    # one spurious image (0), one spurious point modulo the rescaling (a, c) -> (t a, c / t) of mu = c a^T: (a, 0)
    # with U a = 0 (the gradient in c at c = 0 is -2 U a; U is 3 x 4, its kernel a line), by hand. The origin is no
    # isolated point of its own: every (t a, 0), t = 0 included, is critical, so it lies on that line of critical
    # points (the component of the critical set through it; a random slice of the orbit meets the line once)
    spur = [p for p in r.points if not p.pure]
    assert r.spurious == 1 and all(np.max(np.abs(p.image)) < 1e-9 for p in spur)
    (th,) = [np.asarray(p.theta) for p in spur if np.any(p.theta)]
    assert np.max(np.abs(th[4:])) < 1e-9                          # W1 = a, W2 = c = 0
    # U a = 0 iff |c a^T - U|^2 = |U|^2 + |c|^2 |a|^2 for every c (the cross term -2 c^T U a vanishes)
    net, L, rng = network_and_loss("linear 4-1-3", loss="frobenius", seed=0)
    fam = GradientFamily(net, L, (), [], rng)
    a = th[:4].real / np.linalg.norm(th[:4])
    for c in np.random.default_rng(1).standard_normal((3, 3)):
        y = fam.image(np.r_[a, c][None, :].astype(complex))[0].real
        assert float(L.value(y[None, :], L.u)[0]) == pytest.approx(float(np.sum(L.u ** 2)) + c @ c, abs=1e-8)


@pytest.mark.slow
def test_sylvester_pentahedral_fiber():
    from algnet.analyses.fibers import identifiability

    r = identifiability("dense 4-5-1 r=3", seed=0)
    assert r.fiber_count == factorial(5) == r.finite_symmetry_order


def test_composed_tent_map_regions():
    from algnet.relu import linear_regions

    net = algnet.parse_spec("relu 1-2-2-1")
    half = Fraction(1, 2)
    theta = [1, 1, 0, -half, 2, -4, 2, -4, 0, -half, 2, -4, 0]    # t(x) = 2 relu(x) - 4 relu(x - 1/2), twice
    assert linear_regions(net, theta, box=(0, 1)).count == 2 ** 2
    line = linear_regions(net, theta, plane=True)
    assert (line.count, line.n_bounded) == ((2 // 1) * (1 + 2), 4)


def test_region_upper_bound_is_serra_theorem_one():
    # Serra-Tjandraatmadja-Ramalingam (ICML 2018), Thm. 1, by hand: n0 = 2, widths 2, 2: the tuples (j1, j2) with
    # j2 <= min(2, 2 - j1): (0, 0..2) 1 * 4, (1, 0..1) 2 * 3, (2, 0) 1 * 1 = 11 (the product of per-layer
    # Zaslavsky sums, 4 * 4 = 16, was returned); widths 1, 3: 1 * 4 + 1 * 1 = 5 (was 2 * 4 = 8); a 1-D input,
    # widths 3, 3: (1 + 3) * (1 + 3) = 16 (the plane's n0 = 2 gave 49)
    from algnet.relu.estimates import plane_region_estimate, region_upper_bound

    assert region_upper_bound([2, 2]) == 1 * 4 + 2 * 3 + 1 * 1
    assert region_upper_bound([1, 3]) == 1 * 4 + 1 * 1
    assert region_upper_bound([3, 3], n0=1) == 4 * 4
    assert plane_region_estimate((1, 3, 3, 1), [(1, 0, 0), (1, 0, 1), (2, 0, 1)])["upper_bound"] == 16
    net = algnet.parse_spec("relu 2-2-2-1")
    from algnet.relu import linear_regions

    assert max(linear_regions(net, net.random_params(seed=s), plane=True).count for s in range(8)) <= 11


@pytest.mark.parametrize("spec, m, n, r", [("linear 3-1-3 bias", 3, 3, 1), ("linear 3-2-3 bias", 3, 3, 2)])
def test_trager_kohn_bruna_with_biases_counts_the_best_constant(spec, m, n, r):
    # f = W x + b, W = W2 W1 of rank <= r, b free: for the Frobenius loss the critical images are Eckart-Young's
    # truncations of the target's matrix part U on every rank stratum, b = the target's constants (TKB 2020);
    # rank 0 (W1 = W2 = 0, b2 = the target's constants) is critical: grad_W2 = -U W1^T + 0 b1^T = 0. It was missed
    # (3 and 6 reported, complete): theta = 0 is not critical with biases and no stratum removes every neuron
    import numpy as np

    rng = np.random.default_rng(7)
    mons = algnet.parse_spec(spec).output_monomials()            # per output: the constant, then x_1 .. x_n
    target = rng.normal(size=m * len(mons))                      # output-major coefficient vector
    res = critical_points(spec, loss="frobenius", target=list(target), seed=0)
    assert not res.partial
    assert res.function_space_points == sum(comb(min(m, n), k) for k in range(r + 1))
    assert (res.pure, res.spurious) == (comb(min(m, n), r), sum(comb(min(m, n), k) for k in range(r)))
    linear = [o * len(mons) + k for o in range(m) for k, a in enumerate(mons) if sum(a) == 1]
    zero = [p for p in res.points if max(abs(p.image[i]) for i in linear) < 1e-8]
    assert len(zero) == 1 and not zero[0].pure and zero[0].kind == "saddle"
    assert abs(zero[0].loss - float(np.sum(np.square(target[linear])))) < 1e-8 * (1 + zero[0].loss)


def test_regression_data_with_biases_rank_zero_is_the_mean():
    # with data (X, Y) the rank-0 critical point predicts the mean of Y: loss sum_i |y_i - mean(Y)|^2 (by hand)
    import numpy as np

    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(12, 3)), rng.normal(size=(12, 3)) + 2.0
    r = critical_points("linear 3-1-3 bias", loss=(X, Y), seed=0)
    assert not r.partial and (r.function_space_points, r.pure, r.spurious) == (4, 3, 1)
    (zero,) = [p for p in r.points if not p.pure]
    assert zero.kind == "saddle"
    assert abs(zero.loss - float(np.sum(np.square(Y - Y.mean(axis=0))))) < 1e-8 * zero.loss


_M2_PRODUCT = """
R = QQ[a0,a1,a2,a3,b0,b1,b2,b3,x,y];
f = (a0 + a1*x + a2*y + a3*x*y)*(b0 + b1*x + b2*y + b3*x*y);
(M, C) = coefficients(f, Variables => {x, y});
S = QQ[a0,a1,a2,a3,b0,b1,b2,b3,c_1..c_9, MonomialOrder => Eliminate 8];
Cs = sub(C, S);
J = selectInSubring(1, gens gb ideal apply(9, i -> c_(i+1) - Cs_(i,0)));
K = ideal sub(J, QQ[c_1..c_9]);
print("DIM " | toString dim K);
print("DEGREE " | toString degree K);
exit 0
"""


@pytest.mark.skipif(__import__("shutil").which("M2") is None, reason="Macaulay2 not installed")
def test_two_dimensional_linear_convolution_against_macaulay2():
    # Kohn-Merkh-Montufar-Trager (arXiv:2108.01538): a stride-one linear convolutional network computes the
    # product of its filters as polynomials; in two dimensions bivariate polynomials do not factor generically,
    # so two 2 x 2 filters give a proper subvariety of the 3 x 3 filters, of dimension 4 + 4 - 1 = 7
    # (the factorization is unique up to scaling); its degree by Macaulay2's elimination of the product map
    import os
    import subprocess
    import tempfile

    from algnet.architectures.layers import Conv2d, Sequential

    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(_M2_PRODUCT)
    try:
        out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout
    finally:
        os.unlink(fh.name)
    ref = dict(line.split(" ", 1) for line in out.splitlines() if line.startswith(("DIM ", "DEGREE ")))
    net = Sequential(Conv2d(1, 1, (2, 2)), Conv2d(1, 1, (2, 2)), input_shape=(1, 3, 3))
    d = algnet.dimension(net, seed=0)
    assert d.certified and d.dimension == int(ref["DIM"]) == 4 + 4 - 1
    g = algnet.degree(net, seed=0)
    assert not g.partial and g.degree == int(ref["DEGREE"])
