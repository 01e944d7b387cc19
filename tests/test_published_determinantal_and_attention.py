"""Published cases on sizes no other test or ``algnet verify`` runs, each against the
formula evaluated here by hand (independently of algnet's closed forms), a hand computation, or Macaulay2.

* Bruns-Vetter (Determinantal Rings): m x n matrices of rank <= r have dimension r(m + n - r); their singular
  locus is rank <= r - 1. Harris (Algebraic Geometry, Ex. 19.10): their degree.
* Harris-Tu (*On symmetric and skew-symmetric determinantal varieties*, Topology 23 (1984)): symmetric n x n
  matrices of rank <= r have degree prod_{a < n - r} C(n + a, n - r - a) / C(2a + 1, a); dense n-r-1 r=2 is
  that variety (quadrics as sums of r squares).
* Secant varieties of the rational normal curve C_d (Eisenbud, *The Geometry of Syzygies*, Ch. 6; sums of k
  d-th powers of binary linear forms, dense 2-k-1 r=d): deg sigma_k(C_d) = C(d - k + 1, k).
* Shahverdi-Marchetti-Kohn (AISTATS 2025, arXiv:2410.00722): dim |k| - L + 1 and their degree formula.
* Grigsby-Lindsey-Meyerhoff-Wu (arXiv:2209.04036): the functional dimension is the supremum of the batch rank over
  all inputs of R^{n_0}, at most D' = D - (hidden units); Bui Thi Mai Phuong-Lampert (ICLR 2020): generic
  networks of non-increasing widths are identifiable up to permutation and positive scaling, so FD = D'.
"""

import json
from fractions import Fraction
from math import comb

import pytest

import algnet
from algnet.cli import main
from test_published_secants_and_ed_counts import _conv_degree   # Shahverdi-Marchetti-Kohn Thm. 2.8, by hand there


def _symmetric_degree(n, r):
    """Harris-Tu: degree of the symmetric n x n matrices of rank <= r."""
    d = Fraction(1)
    for a in range(n - r):
        d *= Fraction(comb(n + a, n - r - a), comb(2 * a + 1, a))
    return int(d)


def test_hand_formulas():
    """The helpers above on values in the literature: symmetric 3 x 3 rank 1 (Veronese surface) 4, symmetric
    4 x 4 rank <= 2: 10; conv k=2,2 r=2: 4 (THEOREMS.md section 3)."""
    assert (_symmetric_degree(3, 1), _symmetric_degree(4, 2), _conv_degree([2, 2], 2)) == (4, 10, 4)


@pytest.mark.parametrize("spec, published", [
    ("linear 5-3-4", 3 * (4 + 5 - 3)),             # Bruns-Vetter r(m + n - r): 18
    ("linear 6-2-3-5", 2 * (5 + 6 - 2)),           # 18
    ("dense 3-1-2-1 r=2", 3),                      # width-one bottleneck: fourth powers of linear forms in 3 vars
    ("dense 6-3-1 r=2", 3 * 6 - 3 * 2 // 2),       # symmetric 6 x 6 of rank <= 3: 15
    ("dense 4-4-4 r=2", 2 * 4 * 4 - 4),            # equi-width: 4 simultaneously diagonalizable quadrics: 28
    ("conv k=3,2 r=3", 3 + 2 - 2 + 1),             # Shahverdi-Marchetti-Kohn |k| - L + 1
    ("conv k=4,2 r=2", 4 + 2 - 2 + 1),
    ("attention d=4 a=1 dout=1 t=2", 2 * 1 * 4 + 4 * 1 - 1 - 1),   # Henry-Marchetti-Kohn 2ad + dd' - a^2 - 1
    ("attention d=3 a=3 dout=1 t=2", 2 * 3 * 3 + 3 * 1 - 9 - 1),
    ("gconv n=6 layers=2 r=2", 2 * (6 - 1) + 1),   # Hendi-Persson-Larfors L(|G| - 1) + 1
])
def test_published_dimensions(spec, published):
    r = algnet.dimension(spec, seed=0)
    assert r.dimension == published and r.certified


@pytest.mark.slow
@pytest.mark.parametrize("spec, published", [
    ("dense 2-2-1 r=6", comb(6 - 2 + 1, 2)),     # sigma_2(C_6): 10
    ("dense 2-3-1 r=7", comb(7 - 3 + 1, 3)),     # sigma_3(C_7): 10
    ("dense 5-3-1 r=2", _symmetric_degree(5, 3)),  # 20
    ("conv k=3,2 r=3", _conv_degree([3, 2], 3)),   # 27
])
def test_degrees_by_monodromy(spec, published):
    r = algnet.degree(spec, method="monodromy", seed=0)
    assert r.degree == published and r.trace_test_passed


def test_singular_locus_of_a_determinantal_variety():
    """5 x 4 matrices of rank <= 3: the singular locus is rank <= 2, of dimension 2 (5 + 4 - 2) = 14."""
    from algnet.analyses.singular import strata

    r = strata("linear 4-3-5", seed=0)
    sing = {s.dimension for s in r.strata if s.singular}
    assert max(sing) == 2 * (5 + 4 - 2)


def test_functional_dimension_in_three_dimensions_reaches_the_bound(capsys):
    """relu 3-3-2-1 with the seed-3 weights: inputs in [-2, 2]^3 alone gave FD >= 6 (46 inputs) or 13 (4,000);
    the functional dimension is a supremum over all of R^3 and reaches D' = 23 - 5 = 18 far from the origin (an
    independent float64 rank at 400 inputs of [-20, 20]^3: 18)."""
    D = 3 * (3 + 1) + 2 * (3 + 1) + 1 * (2 + 1)
    assert main(["fd", "relu 3-3-2-1", "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["functional_dimension"] == D - (3 + 2) and out["exact"]
    assert out["batch_functional_dimension"] < out["functional_dimension"] == out["spread_batch_rank"]


def test_attention_with_one_query_row_and_one_output_exchanges_v_and_k():
    """Lightning attention f(X) = V X X^T K^T Q X with a = 1 and d' = 1: V X X^T K^T is a 1 x 1 matrix, equal to
    its transpose K X X^T V^T, so exchanging the rows V and K is a symmetry outside the identity component of the
    continuous ones (which only rescale V and K). The generic fiber modulo the continuous symmetries has 2 points
    (exact Groebner count; before, the layer declared no finite symmetry and the fiber was reported as larger
    than the known symmetries). Henry-Marchetti-Kohn's dimension 2ad + dd' - a^2 - 1 = 4 still holds; the degree
    3 is Macaulay2's (kernel of the coefficient map, 20 coefficients)."""
    import numpy as np

    from algnet.analyses.fibers import identifiability

    net = algnet.parse_spec("attention d=2 a=1 dout=1 t=2")
    th = np.array([net.random_params(seed=1)])
    X = net.random_inputs(3, seed=2)
    (swap,) = net.finite_actions()
    assert np.array_equal(np.asarray(net.evaluate(swap(th)[0], X)), np.asarray(net.evaluate(th[0], X)))
    assert not np.array_equal(swap(th), th)
    r = identifiability(net, seed=0)
    assert (r.dimension, r.fiber_count, r.count_status) == (2 * 1 * 2 + 2 * 1 - 1 - 1, 2, "exact")
    assert r.finite_symmetry_order == 2 and r.only_known_symmetries is True
    assert algnet.parse_spec("attention d=2 a=1 dout=2 t=2").finite_symmetry_order() == 1   # V is 2 x 2: no swap


@pytest.mark.slow
def test_attention_degree_against_macaulay2():
    r = algnet.degree("attention d=2 a=1 dout=1 t=2", method="monodromy", seed=0)
    assert r.degree == 3 and r.trace_test_passed


@pytest.mark.parametrize("spec, ks", [("conv k=3,3 s=2,1 r=1", (3, 3)), ("conv k=2,2,2 s=2,2,1 r=1", (2, 2, 2))])
def test_strided_linear_convolution_dimension_has_its_expected_value(spec, ks):
    """Kohn-Merkh-Montufar-Trager (SIAM J. Appl. Algebra Geom. 2022, arXiv:2108.01538): a linear convolutional
    network multiplies its filters as polynomials in x, x^s1, x^(s1 s2), ..., finite-to-one up to rescaling, so
    dim = sum k - L + 1 for any strides (was: no expected value for r = 1). For k = 3,3, s = 2,1 the function
    space u(x) = w(x) v(x^2) has dimension 5 and degree 6 (Macaulay2: kernel of the coefficient map)."""
    r = algnet.dimension(spec, seed=0)
    assert r.dimension == r.expected == sum(ks) - len(ks) + 1 and r.defect == 0 and r.certified


@pytest.mark.slow
def test_strided_linear_convolution_degree_against_macaulay2():
    r = algnet.degree("conv k=3,3 s=2,1 r=1", method="monodromy", seed=0)
    assert r.degree == 6 and r.trace_test_passed


def test_secant_variety_of_the_rational_normal_quartic_is_singular_along_the_curve():
    """dense 2-2-1 r=4: sums of two fourth powers of binary linear forms, the hypersurface sigma_2(C_4) (the 3 x 3
    Hankel determinant); its singular locus is the curve C_4 of fourth powers (the rank <= 1 Hankel matrices;
    Kanev, J. Math. Sci. 94 (1999); Eisenbud, *The Geometry of Syzygies*, Ch. 6). Two strata map onto that cone:
    a hidden neuron removed, and W1 of rank one (f = (a1 c1^4 + a2 c2^4) l^4). Both are singular; the rank-one
    stratum was reported 'smooth' (a numerical fiber point with the neuron removed did not snap to an exact one,
    so its free incoming weights were never varied)."""
    from algnet.analyses.singular import strata

    r = strata("dense 2-2-1 r=4", seed=0)
    rows = {s.name: s for s in r.strata}
    assert rows["widths 2-1-1"].dimension == rows["rank W1 <= 1"].dimension == 2
    for name in ("widths 2-1-1", "rank W1 <= 1"):
        assert rows[name].singular and rows[name].certified, (name, rows[name].proves)


def test_trager_kohn_bruna_critical_images_of_a_rank_two_network():
    """Trager-Kohn-Bruna (ICLR 2020): for the Frobenius loss the critical images of linear 4-2-3 are the critical
    points of the loss on every rank stratum <= 2 of 3 x 4 matrices: C(3, 2) + C(3, 1) + C(3, 0) = 7, the three of
    rank 2 pure, one minimum (Eckart-Young)."""
    from algnet.analyses.critical import critical_points

    r = critical_points("linear 4-2-3", loss="frobenius", seed=0)
    assert (r.pure, r.spurious) == (comb(3, 2), comb(3, 1) + comb(3, 0))


def _generic_ed_segre_p1_p2():
    """Draisma-Horobet-Ottaviani-Sturmfels-Thomas Thm 5.8 for X = P^1 x P^2 (m = 3), by hand: with h = h1 + h2,
    int h^3 = 3, int c1 h^2 = 8, int c2 h = 9, int c3 = 6 (c(TX) = (1 + h1)^2 (1 + h2)^3, int h1 h2^2 = 1)."""
    ints = [3, 8, 9, 6]
    return sum((-1) ** i * (2 ** (3 + 1 - i) - 1) * v for i, v in enumerate(ints))


@pytest.mark.slow
def test_generic_ed_degree_of_two_by_three_rank_one_matrices():
    from algnet.analyses.critical import ed_degree

    assert _generic_ed_segre_p1_p2() == 10
    assert ed_degree("linear 3-1-2", metric="generic", seed=0).ed_degree == 10
