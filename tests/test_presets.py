"""The families as presets of the layer language: parameter order and names,
forward passes against the explicit formulas, dimensions against theorems and
hand counts, the grown spec grammar."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.architectures.attention import AttentionNetwork
from algnet.architectures.dense import DenseNetwork
from algnet.architectures.sequential import Sequential
from algnet.errors import SpecError
from algnet.formulas import attention_dimension_widths


@pytest.mark.parametrize("spec,names", [
    ("dense 2-2-1 r=2 bias", ["W1[0,0]", "W1[0,1]", "W1[1,0]", "W1[1,1]", "b1[0]", "b1[1]", "W2[0,0]", "W2[0,1]",
                              "b2[0]"]),
    ("conv k=2,3 s=1,1 r=2", ["w1[0]", "w1[1]", "w2[0]", "w2[1]", "w2[2]"]),
    ("attention d=2 a=1 dout=1 t=2 layers=1", ["Q1[0,0]", "Q1[0,1]", "K1[0,0]", "K1[0,1]", "V1[0,0]", "V1[0,1]"]),
    ("gconv n=3 layers=2 r=2", ["w1[0]", "w1[1]", "w1[2]", "w2[0]", "w2[1]", "w2[2]"]),
])
def test_parameter_order_and_names(spec, names):
    net = parse_spec(spec)
    assert isinstance(net, Sequential)
    assert net.param_names() == names


@pytest.mark.parametrize("spec", ["dense 3-3-5-1 r=2,4", "dense 2-2-3 r=2 bias", "attention d=4,3,3,2 a=2,2,2 t=3",
                                  "gconv n=5 layers=2 r=2", "gconv n=4 layers=3 act=0,1,1",
                                  "conv k=2,3 s=1,1 act=1,0,1/2", "linear 4-2-3", "dense 2-3-2 act=1/2,1,0,-3"])
def test_specs_round_trip(spec):
    net = parse_spec(spec)
    assert net.spec == spec
    assert parse_spec(net.spec) == net


def test_canonical_specs():
    assert parse_spec("attention d=3,2 a=1 t=2").spec == "attention d=3 a=1 dout=2 t=2 layers=1"
    assert parse_spec("dense 2-2-2-1 r=3,3").spec == "dense 2-2-2-1 r=3"
    assert parse_spec("dense 2-2-1 act=0,0,1").spec == "dense 2-2-1 r=2"


def test_dense_per_layer_degrees_forward():
    net = parse_spec("dense 2-3-2-1 r=2,3")
    theta = net.random_params(seed=1, bound=4)
    P = {k: np.asarray(v, dtype=object) for k, v in net.unflatten(theta).items()}
    X = net.random_inputs(3, seed=2, bound=5)
    for b in range(3):
        x = np.asarray(X[b], dtype=object)
        want = P["W3"].dot(P["W2"].dot(P["W1"].dot(x) ** 2) ** 3)
        assert net.evaluate(theta, X[b:b + 1])[0].tolist() == list(want)
    assert net.degree == 6 and net.hidden_degrees() == (2, 3)


def test_conv_polynomial_activation_forward():
    net = parse_spec("conv k=2,2 act=1,0,1/2")
    theta = [2, 3, 5, 7]
    x = [1, 2, 3]
    h = [2 * x[i] + 3 * x[i + 1] for i in range(2)]
    h = [1 + Fraction(v * v, 2) for v in h]
    assert net.evaluate(theta, [x])[0].tolist() == [5 * h[0] + 7 * h[1]]
    assert not net.homogeneous and net.degree == 2


def test_gconv_forward_is_circular_convolution():
    net = parse_spec("gconv n=4 layers=2 r=2")
    w1, w2, x = [1, 2, 0, -1], [3, 0, 1, 1], [1, -2, 2, 5]
    y = [sum(w1[j] * x[(i + j) % 4] for j in range(4)) ** 2 for i in range(4)]
    z = [sum(w2[j] * y[(i + j) % 4] for j in range(4)) for i in range(4)]
    assert net.evaluate(w1 + w2, [x])[0].tolist() == z


@pytest.mark.parametrize("w,r", [((2, 2, 2, 1), (3, 3)), ((2, 2, 2, 2), (3, 4)), ((3, 2, 2, 1), (3, 3))])
def test_per_layer_degrees_linear_degree_bound(w, r):
    # r_l >= 2 d_l - 1 on every hidden layer: the expected dimension is attained (THEOREMS.md section 7)
    net = DenseNetwork(w, r=r)
    res = dimension(net, seed=3)
    params = sum(w[i] * w[i + 1] for i in range(len(w) - 1))
    assert res.dimension == min(params - sum(w[1:-1]), net.ambient_dimension)


def test_defect_only_with_a_quadratic_last_activation():
    # f = Q((W1 x)^3) with Q a quadratic form in 3 variables: dim <= 6 + 9 - 3 = 12 < 15 = the count;
    # with the degrees swapped the count 15 is attained.
    assert dimension("dense 3-3-3-1 r=3,2", seed=1).dimension == 12
    assert dimension("dense 3-3-3-1 r=2,3", seed=1).dimension == 15 == parse_spec("dense 3-3-3-1 r=2,3").expected_dimension()[0]


def test_expected_dimension_knows_bottlenecks():
    net = parse_spec("dense 2-1-2-1 r=2")
    exp, src = net.expected_dimension()
    # f = c (w . x)^4: (c, w) up to one rescaling, dimension 2; the plain count says 3
    assert exp == 2 and net.ktb_dimension() == 3 and "narrow layers" in src
    assert dimension(net, seed=0).dimension == 2
    wide = parse_spec("dense 3-3-2 r=2")
    assert wide.expected_dimension()[0] == wide.ktb_dimension()


@pytest.mark.parametrize("d,a", [((3, 2, 2), (2, 2)), ((4, 3, 2), (2, 2)), ((3, 2, 1), (2, 1)), ((4, 2, 2), (2, 1)),
                                 ((3, 3, 2, 2), (2, 2, 1))])
def test_deep_attention_varying_widths(d, a):
    net = AttentionNetwork(d, a, t=2)
    assert net.expected_dimension()[0] == attention_dimension_widths(d, a)
    assert dimension(net, seed=2).dimension == attention_dimension_widths(d, a)


def test_deep_attention_outside_the_assumptions_has_no_expected_value():
    assert parse_spec("attention d=2,2,2 a=1,2 t=2").expected_dimension() is None
    assert parse_spec("attention d=2,3,2 a=1,2 t=2").expected_dimension() is None     # narrower: a=1,2 (above)
    assert parse_spec("attention d=3,3,1 a=1,3 t=2").expected_dimension() is None


@pytest.mark.parametrize("d,a", [((3, 2, 3), (2, 2)),     # the output width may grow
                                 ((3, 3, 3), (2, 3)),     # ranks may grow when none is one
                                 ((2, 1, 3), (2, 1))])
def test_deep_attention_count_holds_under_its_hypotheses(d, a):
    net = AttentionNetwork(d, a, t=2)
    assert net.expected_dimension()[0] == attention_dimension_widths(d, a) == dimension(net, seed=0).dimension


def test_rank_one_attention_then_higher_rank_loses_the_antisymmetric_part():
    # layer 1 of rank one outputs v w^T; layer 2 sees K^T Q only through v^T K^T Q v: its 2x2 antisymmetric
    # part (one dimension) acts trivially, so the dimension is the count minus one
    assert dimension("attention d=2,2,2 a=1,2 t=2", seed=0).dimension == attention_dimension_widths((2, 2, 2), (1, 2)) - 1


@pytest.mark.parametrize("spec,needle", [
    ("dense 3-2-1 r2", "did you mean 'r=2'"),
    ("dense 3-2-1 r=2 bais", "did you mean 'bias'"),
    ("dense 3-2-1 rr=2", "did you mean 'r='"),
    ("dens 3-2-1 r=2", "did you mean 'dense'"),
    ("linear 2_0-1-2", "widths must be positive integers"),
    ("dense 3-2-1 r=1_0", "plain digits"),
    ("conv k=2,3 act=0,1_0", "rationals"),
    ("dense 3-3-3-1 r=2,2,2", "one activation degree per hidden layer"),
    ("attention d=4,3 a=2,2 t=2", "one a or one per layer"),
    ("attention d=4,3 a=2 t=2 layers=2", "follow from d"),
    ("gconv layers=2 r=2", "n="),
    ("layers Linear(2_0, 1)", "plain digits"),
    ("layers Linear(2, 1), Polynomial(0, 0.5)", "p/q"),
    ("layers Linear(2, 1), open('x')", "unknown layer 'open'"),
    ("layers Linear(2, 1), input_shap=(2,)", "did you mean 'input_shape'"),
])
def test_grammar_errors(spec, needle):
    with pytest.raises(SpecError) as e:
        parse_spec(spec)
    assert needle in str(e.value)


def test_degeneration_lattice_names():
    from algnet.analyses.singular import stratum_networks

    names = [s.name for s, _ in stratum_networks(parse_spec("dense 3-2-2-1 r=2"), depth=2)]
    assert names == ["widths 3-2-2-1", "widths 3-1-2-1", "widths 3-2-1-1", "widths 3-1-1-1",
                     "rank W1 <= 1", "rank W2 <= 1"]
    att = [(s.name, s.kind) for s, _ in stratum_networks(parse_spec("attention d=2 a=2 dout=1 t=2"), depth=1)]
    assert att == [("attention ranks 2", "network"), ("attention ranks 1", "attention rank dropped"),
                   ("attention ranks 1, V1 = K1[0] (rank-one network)", "rank-one network")]


def test_degeneration_lattice_of_compositions():
    from algnet.analyses.singular import stratum_networks

    net = parse_spec("layers Conv1d(1, 2, 2), Power(2), Conv1d(2, 1, 2), input_shape=(4,)")
    pairs = stratum_networks(net, depth=1)
    assert [s.name for s, _ in pairs] == ["widths 1-2-1, w1=(*,*) w2=(*,*)", "widths 1-1-1, w1=(*,*) w2=(*,*)",
                                          "widths 1-2-1, w1=(0,*) w2=(*,*)", "widths 1-2-1, w1=(*,0) w2=(*,*)",
                                          "widths 1-2-1, w1=(*,*) w2=(0,*)", "widths 1-2-1, w1=(*,*) w2=(*,0)"]
    # a removed channel: its filters (out of layer 1, into layer 2) are the zero parameters
    sub = pairs[1][0]
    assert sub.kind == "channels removed" and list(sub.zero) == [2, 3, 6, 7]   # w1[1, 0, :], w2[0, 1, :]
    # with biases two neurons of a layer can go (not only the last one of each layer)
    bias = [s.name for s, _ in stratum_networks(parse_spec("dense 2-3-1 r=2 bias"), depth=2)]
    assert bias == ["widths 2-3-1", "widths 2-2-1", "widths 2-1-1"]


def test_relu_is_a_preset_with_the_derived_symmetries():
    from algnet.core.backends import Exact

    net = parse_spec("relu 2-3-2-1")
    assert isinstance(net, Sequential)
    assert [repr(l) for l in net.sequence] == ["Linear(2, 3, bias=True)", "ReLU()", "Linear(3, 2, bias=True)", "ReLU()",
                                              "Linear(2, 1, bias=True)"]
    theta = net.random_params(seed=0)
    derived = Sequential.symmetry_tangents(net, theta, backend=Exact())
    assert derived.shape == (5, net.n_params)
    assert (derived == net.symmetry_tangents(theta, backend=Exact())).all()
    assert net.finite_symmetry_order() == Sequential.finite_symmetry_order(net) == 12
