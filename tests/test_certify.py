"""Certified dimensions of defective neuromanifolds: proved upper bounds that see the defect.

Every expected value here comes from a theorem or a hand computation, never
from the code: the Alexander-Hirschowitz theorem (secant varieties of
Veronese varieties), the determinantal dimension r(m + n - r), and the hand
count for the deep quadratic network in ``test_deep_quadratic``.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.bounds import upper_bound
from algnet.analyses.bounds.fields import kernel_fields
from algnet.analyses.bounds.flattenings import flattening_bound
from algnet.analyses.bounds.equations import equations_bound
from algnet.analyses.degree import degree
from algnet.analyses.dimension import dimension
from algnet.core.numbers import fmpq
from algnet.theorems import formulas as F

# (variables n, powers k, degree r): r = 2 with 2 <= k < n, and the four sporadic cases
AH = [(3, 2, 2), (4, 3, 2), (5, 3, 2), (3, 5, 4), (4, 9, 4), (5, 7, 3), (5, 14, 4)]


@pytest.mark.parametrize("n,k,r", AH)
def test_alexander_hirschowitz_exceptions_certified(n, k, r):
    assert F.alexander_hirschowitz_defective(n, r, k)
    truth = F.veronese_secant_dimension(n, r, k)
    res = dimension(f"dense {n}-{k}-1 r={r}", seed=3)
    assert res.dimension == truth
    assert res.certified and res.probability_bound == 0.0
    assert res.upper_bound == truth
    assert res.upper_bound_source.split(":")[0] in ("flattening", "hidden symmetries")
    assert res.defect and res.defect > 0
    assert "proved upper bound" in res.reason


@pytest.mark.parametrize("widths", ["6-2-3-5", "7-4-3-6", "5-2-5-2-5"])
def test_bottleneck_linear_networks_certified(widths):
    ws = [int(w) for w in widths.split("-")]
    truth = F.determinantal_dimension(ws[-1], ws[0], min(ws))
    res = dimension(f"linear {widths}", seed=1)
    assert res.dimension == truth and res.certified


def test_deep_quadratic():
    # f = sum_k c_k (sum_j W2[k,j] y_j^2)^2 with y = W1 x: f = Q(y1^2, y2^2, y3^2) with Q a ternary
    # quadratic form (6) and y an invertible change of coordinates (9), up to y_j -> t_j y_j (3): 12.
    res = dimension("dense 3-3-3-1 r=2", seed=0)
    assert res.dimension == 12 and res.certified
    assert res.upper_bound_source.startswith("hidden symmetries")
    assert len(res.hidden_symmetries) == 3
    assert "hidden symmetry" in res.summary()


def test_hidden_fields_are_kernel_fields_by_finite_differences():
    net = parse_spec("dense 3-3-3-1 r=2")
    kf = kernel_fields(net, target=9, seed=2)
    assert kf.rank == 9 and len(kf.hidden) == 3
    rng = np.random.default_rng(0)
    theta = rng.normal(size=net.n_params)
    X = rng.normal(size=(20, 3))
    for i in kf.hidden:
        fld = kf.fields[i]
        v = np.zeros(net.n_params)
        for j, terms in fld.items():
            v[j] = sum(float(c) * np.prod([theta[k] for k in m]) for m, c in terms.items())
        assert np.linalg.norm(v) > 1e-3
        h = 1e-5
        fp = np.array(net.evaluate(list(theta + h * v), X.tolist()), dtype=float)
        fm = np.array(net.evaluate(list(theta - h * v), X.tolist()), dtype=float)
        assert np.max(np.abs(fp - fm)) / (2 * h) < 1e-5 * max(1.0, np.max(np.abs(fp)))
        # ... and the field moves the parameters: a generic direction changes f
        w = rng.normal(size=net.n_params)
        fw = np.array(net.evaluate(list(theta + h * w), X.tolist()), dtype=float)
        f0 = np.array(net.evaluate(list(theta), X.tolist()), dtype=float)
        assert np.max(np.abs(fw - f0)) / h > 1e-3
    assert all("W2" in f and "W3" in f for f in kf.formulas)


@pytest.mark.parametrize("spec,truth", [
    ("dense 3-2-1 r=3", F.veronese_secant_dimension(3, 3, 2)),
    ("dense 3-4-1 r=4", F.veronese_secant_dimension(3, 4, 4)),
    ("linear 4-2-3", F.determinantal_dimension(3, 4, 2)),
    ("dense 3-2-2 r=2", F.dense_expected_dimension((3, 2, 2), 2)),      # pyramidal (Usevich et al.)
    ("dense 2-2-2-2 r=2", F.dense_expected_dimension((2, 2, 2, 2), 2)),  # equi-width (Finkel et al.)
])
def test_bounds_never_below_the_truth(spec, truth):
    # non-defective cases: no route may prove less than the theorem's dimension
    net = parse_spec(spec)
    b = upper_bound(net, target=truth, seed=0)
    assert b is None or b.value >= truth
    fb = flattening_bound(net, seed=0)
    assert fb is None or fb.upper_bound >= truth
    assert dimension(spec, seed=0).dimension == truth


def test_certification_can_be_switched_off():
    res = dimension("dense 3-2-1 r=2", seed=0, certify=False)
    assert not res.certified and res.probability_bound > 0
    assert res.upper_bound == 6


def test_exception_in_the_last_hidden_layer_certified_by_factorization():
    # f = F(l1^2, l2^2, l3^2), F a sum of 5 fourth powers in 3 variables (Alexander-Hirschowitz: 14),
    # the head up to its 3 rescalings: 9 - 3; the squares are algebraically independent: 6 + 14 = 20
    truth = 3 * 3 - 3 + F.veronese_secant_dimension(3, 4, 5)
    res = dimension("dense 3-3-5-1 r=2,4", seed=1)
    assert res.dimension == truth == 20 and res.certified
    assert res.upper_bound_source.startswith("factorization through a smaller network")
    assert "flattening" in res.upper_bound_source       # the tail's bound: the catalecticant


@pytest.mark.parametrize("n,k,r", [(3, 2, 2), (2, 2, 4)])
def test_equations_route_proves_the_bound(n, k, r):
    # quadrics of rank <= 2 (det of the symmetric matrix), sigma_2 of the rational normal quartic (3x3 catalecticant)

    truth = F.veronese_secant_dimension(n, r, k)
    ub, detail = equations_bound(parse_spec(f"dense {n}-{k}-1 r={r}"), seed=0)
    assert ub == truth and "proved to vanish on M" in detail


def test_rational_activation_certified_by_the_symbolic_routes():
    # sigma(t) = t + t^2/1000003: the exact expansion takes the rational coefficient (it used to raise
    # TypeError, leaving a probability bound). W1 -> W1 / eps, W2 -> eps W2 maps it onto sigma(t) = t + t^2,
    # so both have the same neuromanifold: the truth is the balanced network's certified dimension
    truth = dimension("dense 3-2-1 act=0,1,1", seed=0)
    res = dimension("dense 3-2-1 act=0,1,1/1000003", seed=0)
    assert truth.certified and res.certified
    assert res.dimension == res.upper_bound == truth.dimension == 7
    # the equations route on its own (implicitization proved by composition) proves the same bound
    ub, detail = equations_bound(parse_spec("dense 3-2-1 act=0,1,1/1000003"), seed=0)
    assert ub == 7 and "proved to vanish on M" in detail
    # and the expansion itself is exact: sigma(1) = 1 + 1/1000003 for the one-neuron network x -> w2 sigma(w1 x)
    from algnet.analyses.bounds.symbolic import Expansion
    ex = Expansion.of(parse_spec("dense 1-1-1 act=0,1,1/1000003"))
    (f,) = ex.polys
    assert f(1, 1, 1) == fmpq(1000004, 1000003)


def test_rational_activation_degree_agrees_between_routes():
    # the Hilbert polynomial of the rational activation and of the balanced one (same variety, above)
    h = degree("dense 3-2-1 act=0,1,1/1000003", method="hilbert", seed=0).degree
    assert h == degree("dense 3-2-1 act=0,1,1", method="hilbert", seed=0).degree == 6


def test_two_outputs_high_degree_flattenings_do_not_overflow():
    # dense 2-1-2-2 r=4: f = (c1 l^16, c2 l^16) with l = w . x: dim = 2 + 2 - 1 (t -> (c t^-16, t w)) = 3 by
    # hand. The catalecticants of degree 16 have scalars 16!/... beyond int64 (an OverflowError in the atlas)
    for spec, truth in (("dense 2-1-2-2 r=4", 3), ("dense 2-1-3-2 r=4", 3)):
        fb = flattening_bound(parse_spec(spec), seed=0)
        assert fb is None or fb.upper_bound >= truth
        res = dimension(spec, seed=0)
        assert res.dimension == truth and res.certified


def test_one_token_attention_hidden_symmetries():
    # t = 1: f(x) = (V x)(x^T K^T Q x) sees only the symmetric part of K^T Q (any symmetric 3x3 matrix when
    # a = 2, d = 3): f = (V x) q(x), 6 + 6 parameters up to one rescaling: 11 (hand count)
    res = dimension("attention d=3 a=2 dout=2 t=1", seed=0)
    assert res.dimension == 11 and res.certified
    assert res.hidden_symmetries and all("Q1" in h and "K1" in h for h in res.hidden_symmetries)


def test_residual_compositions_certified_with_hand_dimensions():
    # f(x) = c . (x + (W x)^2) (squares coordinatewise): the linear part c^T is any linear form (2), the
    # quadratic part c1 (w1 . x)^2 + c2 (w2 . x)^2 any binary quadratic form (3, c fixed and generic): dim 5
    # of 6 parameters; the fiber is the orthogonal group of diag(c1, c2) acting on W (a hidden rotation)
    res = dimension("layers Residual([Linear(2, 2), Power(2)]), Linear(2, 1)", seed=0)
    assert res.dimension == res.upper_bound == 5 and res.certified
    assert res.symmetry_dimension == 0 and res.hidden_symmetries
    # a linear layer in front (y = A x, A invertible) changes neither part: still 5, now of 10 parameters
    res = dimension("layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)", seed=0)
    assert res.dimension == res.upper_bound == 5 and res.certified
    assert "known symmetry" not in res.upper_bound_source
    # a rational activation t + t^2/7 in the block: c^T (A + W A) x + (1/7) sum c_i (w_i . A x)^2 is again any
    # linear form plus any quadratic form: 5 (this one stayed uncertified before the exact expansion took 1/7)
    from algnet.architectures.layers import Linear, Polynomial, Residual, Sequential
    net = Sequential(Linear(2, 2), Residual([Linear(2, 2), Polynomial(0, 1, "1/7")]), Linear(2, 1))
    res = dimension(net, seed=0)
    assert res.dimension == res.upper_bound == 5 and res.certified
    assert res.upper_bound_source.split(":")[0] != "ambient dimension"
