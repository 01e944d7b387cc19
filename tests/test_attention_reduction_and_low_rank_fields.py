"""Attention dimensions certified by a smaller network with the same neuromanifold, and by kernel fields of
layers whose input has low rank (proved layer by layer, without expanding the layers before).

Second methods (never the code's own numbers): the reduction's parameter map is checked to give equal functions
exactly over QQ (both ways), the Jacobian's rank is taken exactly over QQ at an integer point (a lower bound), and
the smaller network's bound is counted by hand (known tangents and hand fields, exact rank over QQ).
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.architectures.base import Exact
from algnet.core.numbers import fmpq_mat


def _exact_rank(rows):
    return fmpq_mat([[int(x) if Fraction(x).denominator == 1 else x for x in r] for r in rows]).rank()


def _jacobian_rank(net, seed=3):
    """Exact rank over QQ of the Jacobian at an integer point (a proved lower bound on dim M)."""
    rng = np.random.default_rng(seed)
    theta = np.array([int(t) for t in rng.integers(-9, 10, size=net.n_params)], dtype=object)
    X = rng.integers(-9, 10, size=(net.n_params + 10,) + tuple(net.input_shape)).astype(object)
    return _exact_rank([list(r) for r in net.jacobian(theta, X, backend=Exact())])


def _narrowed(wide, narrow, prm):
    """The narrow network's parameters computing the same function as the wide one's ``prm``: at each hidden
    layer i wider than the layer before, V_i -> I and the next layer's V, K, Q -> (.) V_i; an attention rank
    above its input width -> K = I, Q = K^T Q (padded with zero rows up to the narrow rank)."""
    out = {k: np.array(v, dtype=object) for k, v in prm.items()}
    for i in range(1, wide.layers + 1):
        V = out[f"V{i}"]
        if i < wide.layers and narrow.widths[i] < wide.widths[i]:
            assert V.shape[0] > V.shape[1]           # a widening layer: V_i is tall
            out[f"V{i}"] = np.eye(V.shape[1], dtype=int).astype(object)
            for name in ("V", "K", "Q"):
                out[f"{name}{i + 1}"] = out[f"{name}{i + 1}"].dot(V)
    for i in range(1, wide.layers + 1):
        a, d = narrow.ranks[i - 1], narrow.widths[i - 1]
        K, Q = out[f"K{i}"], out[f"Q{i}"]
        if K.shape[0] > a:
            M = K.T.dot(Q)
            assert a == d
            out[f"K{i}"], out[f"Q{i}"] = np.eye(d, dtype=int).astype(object), M
    return out


def _padded(wide, narrow, prm):
    """The wide network's parameters computing the narrow one's ``prm``: zero rows and columns added."""
    out = {}
    for name, shape in wide.param_shapes:
        A = np.zeros(shape, dtype=int).astype(object)
        src = prm[name]
        A[:src.shape[0], :src.shape[1]] = src
        out[name] = A
    return out


@pytest.mark.parametrize("spec, small, dim", [
    ("attention d=2,3,2 a=1,2 t=2", "attention d=2,2,2 a=1,2 t=2", 8),
    ("attention d=2,3,2 a=2,2 t=2", "attention d=2 a=2 dout=2 t=2 layers=2", 10),
    ("attention d=2,3,1 a=2,2 t=2", "attention d=2 a=2 dout=1 t=2 layers=2", 8),
    ("attention d=2,3,3,2 a=2,3,2 t=2", "attention d=2 a=2 dout=2 t=2 layers=3", None),
])
def test_same_neuromanifold_maps_agree_exactly(spec, small, dim):
    wide, narrow = parse_spec(spec), parse_spec(small)
    assert wide.same_neuromanifold()[0] == small
    rng = np.random.default_rng(11)
    for _ in range(2):
        X = rng.integers(-9, 10, size=(3,) + tuple(wide.input_shape)).astype(object)
        th = np.array([int(t) for t in rng.integers(-9, 10, size=wide.n_params)], dtype=object)
        prm = wide.unflatten(th)
        got = narrow.evaluate(narrow.flatten(_narrowed(wide, narrow, prm)), X, backend=Exact())
        assert np.array_equal(got, wide.evaluate(th, X, backend=Exact()))
        th = np.array([int(t) for t in rng.integers(-9, 10, size=narrow.n_params)], dtype=object)
        got = wide.evaluate(wide.flatten(_padded(wide, narrow, narrow.unflatten(th))), X, backend=Exact())
        assert np.array_equal(got, narrow.evaluate(th, X, backend=Exact()))


@pytest.mark.parametrize("spec, dim", [
    ("attention d=2,3,2 a=2,2 t=2", 10),
    ("attention d=2,3,1 a=2,2 t=2", 8),
])
def test_widening_layer_certified(spec, dim):
    # hand count for the smaller network (all a = d = 2): per layer GL(2) and a rescaling, GL(2) between the
    # layers, independent: 2 (8 + 4) + (4 + 2 dout) - (2 (4 + 1) + 4) = dim; the wide Jacobian's exact rank meets it
    net = parse_spec(spec)
    assert _jacobian_rank(net) == dim
    small = parse_spec(net.same_neuromanifold()[0])
    assert small.n_params - (2 * (4 + 1) + 4) == dim
    res = dimension(spec, seed=0)
    assert res.dimension == dim and res.certified and res.probability_bound == 0.0
    assert res.upper_bound_source.startswith("same neuromanifold as a smaller network")
    assert res.depends_on and res.depends_on[0].subject == small.spec and res.depends_on[0].proves == f"dim M <= {dim}"


def test_widening_rank_one_layer_certified():
    # the smaller network attention d=2,2,2 a=1,2 t=2 has dim 8 (tests/test_attention_defect_kernel_fields.py's
    # hand field); here the wide Jacobian's exact rank over QQ is 8 as well
    net = parse_spec("attention d=2,3,2 a=1,2 t=2")
    assert _jacobian_rank(net) == 8
    res = dimension(net, seed=0)
    assert res.dimension == 8 and res.certified and res.evidence.proves == "dim M = 8"
    assert res.upper_bound_source.startswith("same neuromanifold as a smaller network")


def test_no_reduction_when_widths_do_not_grow():
    assert parse_spec("attention d=3,2,3 a=2,2 t=2").same_neuromanifold() is None
    assert parse_spec("attention d=2 a=2 t=2 layers=2").same_neuromanifold() is None


# ---------------------------------------------------------------- rank-one inputs, proved layer by layer

def test_rank_one_propagates_through_attention_layers():
    """Hand argument: a rank a = 1 layer outputs (V X X^T k^T)(q X), a column times a row; a layer on
    Y = u w^T outputs V u (w^T w)(u^T K^T Q u) w^T, rank one again. The proof sees it on the layers alone."""
    from algnet.analyses.bounds.low_rank import head_rank_one_from

    assert head_rank_one_from(parse_spec("attention d=2,2,2,2 a=1,2,2 t=2"), 2) == 1
    assert head_rank_one_from(parse_spec("attention d=2,2,2,2 a=2,1,2 t=2"), 2) == 2
    assert head_rank_one_from(parse_spec("attention d=2,2,2,2 a=2,2,2 t=2"), 2) is None   # full rank stays
    assert head_rank_one_from(parse_spec("attention d=2 a=2 t=1 layers=3"), 2) == 0       # one token: a column


def test_low_rank_proof_rejects_a_field_seen_on_full_rank_inputs():
    from algnet.analyses.bounds.low_rank import LowRankProof
    from test_attention_defect_kernel_fields import _skew_field

    net = parse_spec("attention d=2,2,2,2 a=1,2,2 t=2")
    proof = LowRankProof(net, 2)
    assert proof(_skew_field(net, 3)) and proof(_skew_field(net, 3, "K", "Q"))
    shift = {j: {(): Fraction(1)} for j in range(proof.nh, proof.nh + 1)}          # dQ3[0,0] = 1: not a kernel field
    assert not proof(shift)
    assert not proof(_skew_field(net, 2))            # moves the head's parameters: not this proof's to prove


@pytest.mark.parametrize("spec, layers, dim", [
    # layer 1 (a = 1) makes the tokens' matrix rank one; layers 2 and 3 see K^T Q only through its symmetric part
    ("attention d=2,2,2,2 a=1,2,2 t=2", (2, 3), 10),
    # one token: every layer's input is a column, all three layers hide their K^T Q's antisymmetric part
    # (by hand: f = q1(x)^9 q2(W1 x)^3 q3(W2 x) W3 x, three binary quadrics and W3: 9 + 4 - 3 rescalings = 10)
    ("attention d=2 a=2 t=1 layers=3", (1, 2, 3), 10),
    # layer 2 (a = 1) makes layer 3's input rank one
    ("attention d=2,2,2,2 a=2,1,2 t=2", (3,), 11),
    # d = 3: two fields per layer after the rank-one layer (dQ = C K and dK = C Q)
    ("attention d=3,3,3,2 a=1,2,2 t=2", (2, 2, 3, 3), 20),
])
def test_rank_one_inputs_certified(spec, layers, dim):
    """algnet certifies the hand values (the second method, the hand fields checked exactly over QQ, is
    test_rank_one_inputs_hand_bound below). By hand for the first: f = |w|^8 (z^T A z)^3 (z^T B z) C z w^T with
    z = X X^T k, w = X^T q, A, B symmetric 2 x 2, C 2 x 2: 14 numbers, 4 rescalings (k, q, and A, B, C with
    A^3 B C fixed): <= 10."""
    net = parse_spec(spec)
    res = dimension(net, seed=0)
    assert res.dimension == dim and res.certified and res.evidence.proves == f"dim M = {dim}"
    assert res.upper_bound_source.startswith("hidden symmetries of a tail") and "rank one" in res.upper_bound_source
    assert len(res.hidden_symmetries) == len(layers)


@pytest.mark.parametrize("spec, layers, dim", [
    ("attention d=2,2,2,2 a=1,2,2 t=2", (2, 3), 10),
    ("attention d=2 a=2 t=1 layers=3", (1, 2, 3), 10),
    ("attention d=2,2,2,2 a=2,1,2 t=2", (3,), 11),
    ("attention d=3 a=2 t=1 layers=3", (1, 2, 3), 24),      # d = 3: K^T C K and Q^T C Q, two per layer
    ("attention d=3,3,3,2 a=1,2,2 t=2", (2, 3), 20),
])
def test_rank_one_inputs_hand_bound(spec, layers, dim):
    """The hand fields are kernel fields (J v = 0 exactly over QQ at integer points) and with the known tangents
    have exact rank N - dim; the Jacobian's exact rank over QQ is dim: dim <= dim M <= N - (N - dim)."""
    from test_attention_defect_kernel_fields import _hand_bound, _skew_field

    net = parse_spec(spec)
    fields = [_skew_field(net, i) for i in layers]
    if net.widths[0] == 3:
        fields += [_skew_field(net, i, "K", "Q") for i in layers]
    kernel, rank = _hand_bound(net, fields)
    assert (kernel, rank) == (net.n_params - dim, dim)


@pytest.mark.slow
def test_three_one_token_layers_of_width_three_certified():
    # the last layer's fields are searched with linear components in its own 21 parameters (not all 63: too many
    # unknowns without a grading) and proved on any input column (one token)
    res = dimension("attention d=3 a=2 t=1 layers=3", seed=0)
    assert res.dimension == 24 and res.certified and len(res.hidden_symmetries) == 6
