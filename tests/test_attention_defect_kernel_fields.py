"""Defective deep attention certified by kernel fields of a tail proved on the head's image.

The hand argument (checked here by a second method, never by the code's own numbers): when the first
attention layer has rank a = 1 its output is rank one, Y = u w^T (u = V1 X X^T k, w^T = q^T X), and the
second layer's V2 Y Y^T M Y = |w|^2 (u^T M u) V2 u w^T sees M = K2^T Q2 only through its symmetric part.
For C = [[0, -1], [1, 0]] the field dQ2 = C K2 moves M by K2^T C K2 = det(K2) C, which is antisymmetric:
a kernel field of mu that is not a known symmetry (GL(a), the rescalings, GL(d) between the layers).
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.bounds.tail_fields import _TailProof, tail_fields_bound
from algnet.analyses.dimension import dimension
from algnet.architectures.base import Exact
from algnet.core.numbers import fmpq_mat

SPEC = "attention d=2,2,2 a=1,2 t=2"


def _hand_field(net):
    """dQ2 = C K2 with C = [[0, -1], [1, 0]], as {parameter index: {monomial: coefficient}}."""
    idx = {n: i for i, n in enumerate(net.param_names())}
    q, k = lambda i, j: idx[f"Q2[{i},{j}]"], lambda i, j: idx[f"K2[{i},{j}]"]
    return {q(0, j): {(k(1, j),): Fraction(-1)} for j in range(2)} | {q(1, j): {(k(0, j),): Fraction(1)}
                                                                         for j in range(2)}


def _skew_field(net, layer, moved="Q", by="K"):
    """d<moved><layer> = C <by><layer>, C = [[0, -1], [1, 0]] (rows 0, 1 of an a = 2 layer)."""
    idx = {n: i for i, n in enumerate(net.param_names())}
    d = sum(1 for n in idx if n.startswith(f"{moved}{layer}[0,"))
    q, k = (lambda i, j: idx[f"{moved}{layer}[{i},{j}]"]), (lambda i, j: idx[f"{by}{layer}[{i},{j}]"])
    return {q(0, j): {(k(1, j),): Fraction(-1)} for j in range(d)} | {q(1, j): {(k(0, j),): Fraction(1)}
                                                                         for j in range(d)}


def _hand_bound(net, fields, seed=5):
    """(exact rank over QQ of the known tangents and the hand fields at an integer point, exact rank of the
    Jacobian over QQ at another), after checking J v = 0 exactly at three integer points."""
    N = net.n_params
    rng = np.random.default_rng(seed)
    for _ in range(3):
        theta = [int(t) for t in rng.integers(-9, 10, size=N)]
        J = net.jacobian(np.array(theta, dtype=object), rng.integers(-9, 10, size=(4,) + tuple(net.input_shape)),
                         backend=Exact())
        for fld in fields:
            v = _at(fld, theta, N)
            assert all(sum(Fraction(int(a)) * b for a, b in zip(row, v)) == 0 for row in J)
    theta = [int(t) for t in rng.integers(-9, 10, size=N)]
    T = net.symmetry_tangents(np.array(theta, dtype=object), backend=Exact())
    kernel = _exact_rank([list(r) for r in T] + [_at(f, theta, N) for f in fields])
    X = rng.integers(-9, 10, size=(N + 10,) + tuple(net.input_shape))
    theta = [int(t) for t in rng.integers(-9, 10, size=N)]
    J = net.jacobian(np.array(theta, dtype=object), X, backend=Exact())
    return kernel, _exact_rank([list(r) for r in J])


def test_wider_rank_one_attention_hand_fields():
    # d = 3: K2^T C K2 and Q2^T C Q2 are two independent antisymmetric directions of M = K2^T Q2
    net = parse_spec("attention d=3,3,2 a=1,2 t=2")
    fields = [_skew_field(net, 2, "Q", "K"), _skew_field(net, 2, "K", "Q")]
    assert all(_TailProof(net, 1)(f) for f in fields)
    kernel, rank = _hand_bound(net, fields)
    assert (net.n_params, kernel, rank) == (33, 18, 15)      # 15 <= dim M <= 33 - 18


@pytest.mark.slow
def test_wider_rank_one_attention_certified():
    res = dimension("attention d=3,3,2 a=1,2 t=2", seed=0)
    assert res.dimension == 15 and res.certified and len(res.hidden_symmetries) == 2


def test_one_token_two_layers_certified():
    # t = 1: every layer's input is one column, rank one: both layers hide their K^T Q's antisymmetric part
    net = parse_spec("attention d=2 a=2 t=1 layers=2")
    kernel, rank = _hand_bound(net, [_skew_field(net, 1), _skew_field(net, 2)])
    assert (net.n_params, kernel, rank) == (24, 16, 8)      # 8 <= dim M <= 24 - 16
    res = dimension(net, seed=0)
    assert res.dimension == 8 and res.certified and res.upper_bound_source.startswith("hidden symmetries of a tail")
    assert len(res.hidden_symmetries) == 2


def _at(fld, theta, N):
    v = [Fraction(0)] * N
    for j, terms in fld.items():
        v[j] = sum(c * np.prod([theta[i] for i in m]) for m, c in terms.items())
    return v


def _exact_rank(rows):
    return fmpq_mat([[int(x) if Fraction(x).denominator == 1 else x for x in r] for r in rows]).rank()


def test_rank_one_attention_certified():
    res = dimension(SPEC, seed=0)
    assert res.dimension == 8 and res.certified and res.probability_bound == 0.0
    assert res.upper_bound_source.startswith("hidden symmetries of a tail")
    assert len(res.hidden_symmetries) == 1 and "Q2" in res.hidden_symmetries[0]
    assert res.evidence.proves == "dim M = 8"


def test_hand_field_second_method():
    net = parse_spec(SPEC)
    N = net.n_params
    fld = _hand_field(net)
    assert _TailProof(net, 1)(fld)                       # the route's exact proof accepts the hand field
    rng = np.random.default_rng(5)
    for _ in range(3):                                    # second method: J(theta) v(theta) = 0 exactly over QQ
        theta = [int(t) for t in rng.integers(-9, 10, size=N)]
        X = rng.integers(-9, 10, size=(4,) + tuple(net.input_shape))
        J = net.jacobian(np.array(theta, dtype=object), X, backend=Exact())
        v = _at(fld, theta, N)
        assert all(sum(Fraction(int(a)) * b for a, b in zip(row, v)) == 0 for row in J)
    # the bound by hand: known tangents and the hand field have rank 12 over QQ at an integer point, and the
    # Jacobian has rank 8 over QQ at another: 8 <= dim M <= 20 - 12
    theta = [int(t) for t in rng.integers(-9, 10, size=N)]
    T = net.symmetry_tangents(np.array(theta, dtype=object), backend=Exact())
    rows = [list(r) for r in T] + [_at(fld, theta, N)]
    assert _exact_rank(rows) == 12 and _exact_rank(list(T)) == 11
    X = rng.integers(-9, 10, size=(30,) + tuple(net.input_shape))
    J = net.jacobian(np.array(theta, dtype=object), X, backend=Exact())
    assert _exact_rank([list(r) for r in J]) == 8


def test_field_rejected_when_first_layer_has_full_rank():
    # a = 2 in both layers: the first layer's output is not rank one, the antisymmetric part is seen
    net = parse_spec("attention d=2 a=2 t=2 layers=2")
    fld = _hand_field(net)
    assert not _TailProof(net, 1)(fld)
    rng = np.random.default_rng(1)
    theta = [int(t) for t in rng.integers(-9, 10, size=net.n_params)]
    J = net.jacobian(np.array(theta, dtype=object), rng.integers(-9, 10, size=(4, 2, 2)), backend=Exact())
    v = _at(fld, theta, net.n_params)
    assert any(sum(Fraction(int(a)) * b for a, b in zip(row, v)) != 0 for row in J)
    res = dimension(net, seed=0)
    assert res.dimension == 10 and res.certified          # the known symmetries: 2(a(2d - a) + d^2) - d^2 - 2


def test_no_route_goes_below_the_dimension():
    # asked for 7 (as if a modular rank fell short of dim M = 8): the proved bound stays at 8, uncertified
    from algnet.analyses.bounds import upper_bound

    b = upper_bound(parse_spec(SPEC), target=7, seed=0, time_limit=2)
    assert b is not None and b.value == 8


def test_tail_route_skips_networks_without_layers_to_split():
    assert tail_fields_bound(parse_spec("linear 2-1-2"), target=3) is None
