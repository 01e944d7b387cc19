"""The layer language: forward passes against hand-written formulas, derived
symmetries against the Jacobian, finite symmetries against evaluation,
group convolutions against equivariance, bad compositions against errors."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.architectures.layers import (
    Conv1d,
    Conv2d,
    Group,
    GroupConv,
    LeakyReLU,
    LightningAttention,
    Linear,
    Polynomial,
    Power,
    ReLU,
    Residual,
    Sequential,
)
from algnet.core import default_primes
from algnet.core.backends import ModP
from algnet.errors import AlgnetError, NotApplicableError, SpecError

# S3 as permutations of {0,1,2}: elements listed, table computed by composition (an independent truth)
_S3 = [(0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)]
S3_TABLE = [[_S3.index(tuple(g[h[i]] for i in range(3))) for h in _S3] for g in _S3]

COMPOSITIONS = [
    "layers Linear(3, 2, bias=True), Power(3), Linear(2, 2, bias=True)",
    "layers Linear(2, 3), Polynomial(1, 1, 1/2), Linear(3, 1)",
    "layers Linear(3, 2), Linear(2, 3)",
    "layers Linear(3, 3), Power(2), Linear(3, 4), Power(3), Linear(4, 1)",
    "layers Conv1d(1, 2, 2), Power(2), Conv1d(2, 1, 2), input_shape=(5,)",
    "layers Conv1d(2, 3, 3, padding='circular'), Power(2), Conv1d(3, 1, 2, stride=2), input_shape=(2, 6)",
    "layers Conv2d(1, 2, (2, 2)), Power(2), Conv2d(2, 1, (2, 2)), input_shape=(3, 3)",
    "layers GroupConv(cyclic(5)), Power(2), GroupConv(cyclic(5))",
    "layers GroupConv(cyclic(3), 1, 2), Power(2), GroupConv(cyclic(3), 2, 1)",
    f"layers GroupConv(Group({S3_TABLE})), Power(3), GroupConv(Group({S3_TABLE}))",
    "layers LightningAttention(2, 2, 1, heads=2), input_shape=(2, 2)",
    "layers LightningAttention(3, 2, 2), LightningAttention(2, 2, 2), input_shape=(3, 2)",
    "layers LightningAttention(2, 2, 2), Power(2), LightningAttention(2, 1, 1), input_shape=(2, 2)",
    "layers Linear(2, 2), Residual([Linear(2, 2), Power(2), Linear(2, 2)]), Power(2), Linear(2, 1)",
    "layers Product([Linear(2, 2), Power(2)], Linear(2, 2)), Linear(2, 1)",
    "layers Product(Linear(3, 3), Linear(3, 3)), Power(2), Linear(3, 2)",
    "layers LightningAttention(2, 2, 1, heads=2), LightningAttention(2, 1, 1, heads=2), input_shape=(2, 2)",
    "layers Linear(2, 2, bias=True), Residual([Linear(2, 3, bias=True), Power(2), Linear(3, 2)]), Residual(Linear(2, 2, "
    "bias=True)), Linear(2, 1, bias=True)",
    "layers Conv1d(1, 2, 2), Residual([Conv1d(2, 2, 1), Power(2), Conv1d(2, 2, 1)]), Conv1d(2, 1, 2), input_shape=(5,)",
]


@pytest.mark.parametrize("spec", COMPOSITIONS)
def test_round_trip_and_symmetries_in_jacobian_kernel(spec):
    net = parse_spec(spec)
    assert parse_spec(net.spec) == net
    p = default_primes(1)[0]
    for seed in (1, 2):
        theta = net.random_params(seed=seed) % p
        J = net.jacobian(theta, net.random_inputs(3, seed=seed + 10), p=p)
        T = net.symmetry_tangents(theta, p=p)
        assert T.shape[1] == net.n_params
        if T.shape[0]:
            assert not np.any(ModP(p).matmul(J, T.T))


def _expected_tangents(spec):
    # continuous symmetries the layers predict (hand count per composition above); through a residual block:
    # 13 the rescaling of the 2 units before Power(2) (+ 2 inside), 17 GL(2) and the 2 bias translations of the
    # stream through both blocks (+ 3 inside) and, after the block x + W x, GL(2) and 2 translations of its own
    # ((1 + W) -> M (1 + W), the last layer takes M^-1; its bias and the last one's absorb a shift), 18 GL(2) of the channels through the block (+ 2 inside)
    return {0: 2, 2: 4, 3: 7, 4: 2, 5: 3, 6: 2, 7: 1, 8: 2, 9: 1, 10: 2 * (1 + 1), 11: 2 * (4 + 1) + 4, 12: 5 + 2 + 2,
            13: 2 + 2, 15: 3 + 3, 16: 2 * 2 + 2 * 2 + 4, 17: 4 + 2 + 3 + 4 + 2, 18: 4 + 2}


@pytest.mark.parametrize("i", sorted(_expected_tangents(None)))
def test_number_of_derived_tangents(i):
    net = parse_spec(COMPOSITIONS[i])
    assert net.symmetry_tangents(net.random_params(seed=0), p=101).shape[0] == _expected_tangents(None)[i]


@pytest.mark.parametrize("spec", COMPOSITIONS)
def test_finite_symmetries_keep_the_function(spec, random_point):
    net, theta, X = random_point(spec, 3, seed=3, bound=5)
    f = net.evaluate(theta, X)
    for act in net.finite_actions():
        moved = act(theta[None])[0]
        assert np.array_equal(net.evaluate(moved, X), f)
    if net.finite_actions():
        assert net.finite_symmetry_order() > 1


def _rng_q(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(-4, 5, size=shape).astype(object)


def test_multichannel_circular_strided_conv_against_formula():
    net = Sequential(Conv1d(2, 3, 3, stride=2, padding="circular"), input_shape=(2, 6))
    theta = net.random_params(seed=1, bound=4)
    x = _rng_q((2, 6), 2)
    w = net.unflatten(theta)["w1"]
    want = [[sum(w[o, c, j] * x[c, (2 * i + j) % 6] for c in range(2) for j in range(3)) for i in range(3)]
            for o in range(3)]
    assert net.evaluate(theta, x[None]).reshape(3, 3).tolist() == want


def test_conv2d_against_formula():
    net = Sequential(Conv2d(1, 2, (2, 3)), input_shape=(3, 4))
    theta = net.random_params(seed=1, bound=4)
    x = _rng_q((3, 4), 3)
    w = net.unflatten(theta)["w1"]
    want = [[[sum(w[o, 0, a, b] * x[i + a, j + b] for a in range(2) for b in range(3)) for j in range(2)]
             for i in range(2)] for o in range(2)]
    assert net.output_shape == (2, 2, 2)
    assert net.evaluate(theta, x[None]).reshape(2, 2, 2).tolist() == want


def test_group_conv_formula_and_equivariance():
    G = Group(S3_TABLE)
    net = Sequential(GroupConv(G), Power(2), GroupConv(G))
    theta = net.random_params(seed=5, bound=4)
    x = _rng_q((6,), 6)
    w1, w2 = (net.unflatten(theta)[k] for k in ("w1", "w2"))
    y = [sum(w1[h] * x[S3_TABLE[g][h]] for h in range(6)) ** 2 for g in range(6)]
    z = [sum(w2[h] * y[S3_TABLE[g][h]] for h in range(6)) for g in range(6)]
    assert net.evaluate(theta, x[None])[0].tolist() == z
    # left translation of the input translates the output: (L_a x)(g) = x(a^-1 g)
    inv = [row.index(0) for row in S3_TABLE]
    for a in range(6):
        La = lambda v: [v[S3_TABLE[inv[a]][g]] for g in range(6)]  # noqa: E731
        assert net.evaluate(theta, np.array([La(x)], dtype=object))[0].tolist() == La(z)


def test_attention_heads_against_formula():
    net = Sequential(LightningAttention(2, 2, 1, heads=2), input_shape=(2, 3))
    theta = net.random_params(seed=2, bound=3)
    P = {k: np.asarray(v, dtype=object) for k, v in net.unflatten(theta).items()}
    X = _rng_q((2, 3), 7)
    want = sum(P["V1"][2 * h:2 * h + 2].dot(X).dot(X.T).dot(P["K1"][h:h + 1].T).dot(P["Q1"][h:h + 1]).dot(X)
               for h in range(2))
    assert net.evaluate(theta, X[None])[0].tolist() == list(want.ravel())


def test_residual_and_product_against_formula():
    net = parse_spec(COMPOSITIONS[13])
    theta = net.random_params(seed=4, bound=3)
    P = {k: np.asarray(v, dtype=object) for k, v in net.unflatten(theta).items()}
    x = _rng_q((2,), 8)
    h = P["W1"].dot(x)
    h = h + P["W3"].dot(P["W2"].dot(h) ** 2)
    assert net.evaluate(theta, x[None])[0].tolist() == list(P["W4"].dot(h ** 2))
    net = parse_spec(COMPOSITIONS[14])
    theta = net.random_params(seed=4, bound=3)
    P = {k: np.asarray(v, dtype=object) for k, v in net.unflatten(theta).items()}
    assert net.evaluate(theta, x[None])[0].tolist() == list(P["W3"].dot(P["W1"].dot(x) ** 2 * P["W2"].dot(x)))
    assert net.degree == 3 and net.homogeneous is True


def test_group_identity_need_not_be_element_zero():
    G = Group([[1, 0], [0, 1]])          # Z/2 with identity listed second
    assert (G.order, G.identity, G.inverse.tolist()) == (2, 1, [0, 1])


def test_product_of_branches_symmetries_certify_the_dimension():
    # f = W3 ((A x) * (B x))^2: each unit scaled up in A and down in B, or up in A and down in W3
    net = parse_spec(COMPOSITIONS[15])
    res = dimension(net, seed=0)
    assert res.symmetry_dimension == 6 and res.certified
    assert net.finite_symmetry_order() == 6 * 2 ** 3     # 3! permutations, A_i <-> B_i for each unit: (A_i x)(B_i x)


def test_polynomial_activation_and_degrees():
    net = Sequential(Linear(1, 1), Polynomial(1, 0, "1/2"), Linear(1, 1))
    assert net.evaluate([2, 3], [[1]]).tolist() == [[3 * (1 + Fraction(4, 2))]]
    assert (net.degree, net.homogeneous) == (2, False)
    assert Polynomial(0, 0, 0, 1) == Power(3)


@pytest.mark.parametrize("n,L,r", [(3, 2, 2), (4, 2, 3), (5, 2, 2), (3, 3, 2)])
def test_group_conv_dimension_theorem(n, L, r):
    # Hendi-Persson-Larfors: L(|G| - 1) + 1
    res = dimension(f"gconv n={n} layers={L} r={r}", seed=1)
    assert res.dimension == L * (n - 1) + 1


def test_s3_group_conv_dimension():
    res = dimension(Sequential(GroupConv(S3_TABLE), Power(2), GroupConv(S3_TABLE)), seed=2)
    assert res.dimension == 2 * (6 - 1) + 1


def test_degenerations_are_zero_patterns():
    net = parse_spec(COMPOSITIONS[5])
    subs = net.subnetworks()
    kinds = {s.kind for s in subs}
    assert {"channel removed", "filter tap zero"} <= kinds
    for s in subs:
        full = s.network.embed(s.network.random_params(seed=1))
        assert all(full[i] == 0 for i in s.network.zero)
    heads = parse_spec(COMPOSITIONS[10]).subnetworks()
    assert {"attention rank drop", "head removed"} <= {s.kind for s in heads}


def test_piecewise_linear_layers(random_point):
    net, theta, X = random_point(Sequential(Linear(2, 3, bias=True), LeakyReLU("1/10"), Linear(3, 1, bias=True)), 4,
                                 seed=0, bound=5)
    assert not net.polynomial
    P = net.unflatten(theta)

    def f(x):
        h = P["W1"].dot(x) + P["b1"]
        h = np.array([v if v > 0 else Fraction(v, 10) for v in h], dtype=object)
        return (P["W2"].dot(h) + P["b2"])[0]

    assert list(net.evaluate(theta, X).ravel()) == [f(np.asarray(x, dtype=object)) for x in X]
    J, T = net.jacobian(theta, X), net.symmetry_tangents(theta)     # exact, over QQ
    assert T.shape == (3, 13) and not np.any(J.dot(T.T))
    with pytest.raises(NotApplicableError):
        net.evaluate(theta, X, p=101)
    with pytest.raises(NotApplicableError):
        dimension(net, seed=0)
    assert Sequential(Linear(2, 3), ReLU(), Linear(3, 1)).finite_symmetry_order() == 6


@pytest.mark.parametrize("build,where", [
    (lambda: Sequential(Linear(3, 2), Power(2), Linear(3, 1)), "layer 3 (Linear(3, 1))"),
    (lambda: Sequential(Conv1d(1, 1, 4), input_shape=(3,)), "Conv1d(1, 1, 4)"),
    (lambda: Sequential(Conv1d(1, 1, 2)), "cannot tell"),
    (lambda: Sequential(GroupConv(3), GroupConv(4)), "GroupConv(cyclic(4))"),
    (lambda: Sequential(LightningAttention(3, 2, 2), input_shape=(2, 3)), "LightningAttention(3, 2, 2)"),
    (lambda: Sequential(Residual(Linear(2, 3))), "Residual(Linear(2, 3))"),
    (lambda: GroupConv([[0, 1], [0, 1]]), "not a group"),
    (lambda: GroupConv([[0, 1, 2], [1, 2, 0], [2, 1, 0]]), "not a group"),
    (lambda: GroupConv([[0, 2, 1], [2, 1, 0], [1, 0, 2]]), "not associative"),
    (lambda: GroupConv([[0, 1], [1, 2]]), "not a group"),
    (lambda: GroupConv("klein"), "not a group"),
    (lambda: Sequential(Linear(2, 2), "Power(2)"), "layer 2"),
    (lambda: Linear(2, 0), "d_out"),
    (lambda: Conv1d(1, 1, 2, padding="same"), "padding"),
    (lambda: parse_spec("layers Linear(2, 2), Powr(2)"), "did you mean 'Power'"),
])
def test_bad_compositions_name_the_layer(build, where):
    with pytest.raises(AlgnetError) as e:
        build()
    assert where in str(e.value)
    assert isinstance(e.value, SpecError)


@pytest.mark.parametrize("spec", [COMPOSITIONS[5], COMPOSITIONS[6], COMPOSITIONS[8], "gconv n=4 layers=2 r=2"])
def test_batched_homotopy_evaluator_covers_gather_convolutions(spec):
    from algnet.analyses.witness import NetworkValues

    net = parse_spec(spec)
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(4,) + net.input_shape) + 1j * rng.normal(size=(4,) + net.input_shape)
    vals = NetworkValues(net, Z, rng)
    T = rng.normal(size=(3, net.n_params)) + 1j * rng.normal(size=(3, net.n_params))
    V, J = vals(T)
    V0, J0 = vals._per_path(T)      # the straight-line program, one path at a time
    assert vals.evaluator == "batched"
    assert np.allclose(V, V0) and np.allclose(J, J0)
