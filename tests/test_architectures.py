"""Networks: forward passes against direct formulas, Jacobians against symbolic
differentiation, symmetries against the group action, spec round trips."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.architectures.attention import AttentionNetwork
from algnet.architectures.conv import ConvNetwork
from algnet.architectures.dense import DenseNetwork
from algnet.core import default_primes
from algnet.errors import ParameterError, SpecError, TooLargeError

SPECS = [
    "linear 4-2-3",
    "linear 2-3-2 bias",
    "dense 3-2-1 r=2",
    "dense 2-2-2-1 r=3",
    "dense 2-2-1 r=2 bias",
    "dense 2-3-2 act=1/2,1,0,-3",
    "conv k=2,3 s=1,1 r=2",
    "conv k=3,2 s=2,1 r=3",
    "attention d=2 a=2 dout=1 t=2 layers=1",
    "attention d=2 a=1 dout=2 t=2 layers=2",
]


def direct(net, theta, x):
    """The network written out by hand with numpy object arrays."""
    P = {k: np.asarray(v, dtype=object) for k, v in net.unflatten(np.asarray(theta, dtype=object)).items()}
    x = np.asarray(x, dtype=object)
    if isinstance(net, AttentionNetwork):
        Y = x
        for i in range(1, net.layers + 1):
            Q, K, V = P[f"Q{i}"], P[f"K{i}"], P[f"V{i}"]
            Y = V.dot(Y).dot(Y.T).dot(K.T).dot(Q).dot(Y)
        return list(Y.ravel())
    if isinstance(net, ConvNetwork):
        h = list(x)
        for l in range(net.L):
            w = list(P[f"w{l + 1}"])
            s = net.strides[l]
            m = (len(h) - len(w)) // s + 1
            h = [sum(w[j] * h[s * i + j] for j in range(len(w))) for i in range(m)]
            if l < net.L - 1:
                h = [v ** net.r for v in h]
        return h
    h = x
    coeffs = net._coeffs
    for l in range(1, net.L + 1):
        h = P[f"W{l}"].dot(h)
        if net.bias:
            h = h + P[f"b{l}"]
        if l < net.L and not (net.act is None and net.r == 1):
            h = np.array([sum(Fraction(c) * v ** k for k, c in enumerate(coeffs)) for v in h], dtype=object)
    return list(h)


@pytest.mark.parametrize("spec", SPECS)
def test_forward_matches_direct_formula(spec, random_point):
    net, theta, X = random_point(spec, 3, seed=1, bound=5)
    got = net.evaluate(theta, X)
    for b in range(3):
        assert [Fraction(v) for v in got[b]] == [Fraction(v) for v in direct(net, theta, X[b])]
    p = default_primes(1)[0]
    gotp = net.evaluate(theta, X, p=p)
    assert all(int(gotp[b, j]) == Fraction(got[b, j]).numerator * pow(Fraction(got[b, j]).denominator, -1, p) % p
               for b in range(3) for j in range(got.shape[1]))


@pytest.mark.parametrize("spec", SPECS)
def test_spec_round_trip(spec):
    net = parse_spec(spec)
    assert parse_spec(net.spec) == net
    assert parse_spec(net.spec).spec == net.spec


@pytest.mark.parametrize("spec", ["linear 2-2-2", "dense 2-2-1 r=2", "dense 2-1-2 r=2 bias", "conv k=2,2 r=2",
                                  "attention d=2 a=1 dout=1 t=2"])
def test_jacobian_matches_symbolic_derivative(spec, random_point):
    """Reverse mode on the program against flint's derivative of the expansion."""
    from algnet.core.numbers import fmpq

    net, theta, X = random_point(spec, 2, seed=3, bound=4)
    ctx, polys = net.expand()
    J = net.jacobian(theta, X)  # exact, every output of every sample
    row = 0
    for b in range(2):
        point = [fmpq(int(t)) for t in theta] + [fmpq(int(v)) for v in X[b].ravel()]
        for f in polys:
            for k in range(net.n_params):
                d = f.derivative(k)
                assert d(*point) == J[row, k]
            row += 1


@pytest.mark.parametrize("spec", SPECS)
def test_symmetry_tangents_are_in_the_kernel(spec, random_point):
    net, theta, X = random_point(spec, 4, seed=5, bound=7)
    J = net.jacobian(theta, X)
    T = net.symmetry_tangents(theta)
    if T.shape[0]:
        assert all(v == 0 for v in (J.astype(object) @ T.T.astype(object)).ravel())


def test_rescaling_symmetry_preserves_the_function():
    net = DenseNetwork((3, 2, 2), r=3)
    theta = net.random_params(seed=7, bound=5)
    P = {k: v.astype(object) for k, v in net.unflatten(theta).items()}
    s = Fraction(2, 3)
    P["W1"][0, :] = P["W1"][0, :] * s
    P["W2"][:, 0] = P["W2"][:, 0] * s ** -3
    X = net.random_inputs(3, seed=8, bound=5)
    assert (net.evaluate(net.flatten(P), X) == net.evaluate(theta, X)).all()


def test_attention_gl_symmetry_preserves_the_function():
    net = AttentionNetwork(2, 2, dout=1, t=2)
    theta = net.random_params(seed=9, bound=5)
    P = {k: v.astype(object) for k, v in net.unflatten(theta).items()}
    A = np.array([[Fraction(1), Fraction(2)], [Fraction(1), Fraction(3)]], dtype=object)
    Ainv_T = np.array([[Fraction(3), Fraction(-1)], [Fraction(-2), Fraction(1)]], dtype=object)  # (A^-1)^T
    P["Q1"] = A.dot(P["Q1"])
    P["K1"] = Ainv_T.dot(P["K1"])
    X = net.random_inputs(3, seed=10, bound=5)
    assert (net.evaluate(net.flatten(P), X) == net.evaluate(theta, X)).all()


def test_coefficients_match_expansion():
    """Interpolated coordinates against flint's explicit expansion."""
    net = parse_spec("dense 2-2-2 r=2 bias")
    theta = net.random_params(seed=11, bound=5)
    ctx, polys = net.expand_at(theta)
    coeffs = net.coefficients(theta)
    for f, cs in zip(polys, coeffs):
        d = f.to_dict()
        for mono, c in zip(net.output_monomials(), cs):
            assert Fraction(str(d.get(tuple(mono), 0))) == Fraction(c)


def test_subnetworks_are_restrictions():
    net = parse_spec("dense 3-2-2 r=2")
    subs = net.subnetworks()
    assert len(subs) == 1
    sub = subs[0].network
    theta = sub.parent.random_params(seed=1)[list(sub.free)]
    X = net.random_inputs(2, seed=2, bound=4)
    small = DenseNetwork((3, 1, 2), r=2)
    # the restricted network computes what the smaller network computes
    P = net.unflatten(sub.embed(theta))
    th_small = small.flatten({"W1": P["W1"][:1], "W2": P["W2"][:, :1]})
    assert (sub.evaluate(theta, X) == small.evaluate(th_small, X)).all()


@pytest.mark.parametrize("bad", [
    "", "foo 1-2", "dense 3-2-1", "dense 3-0-1 r=2", "dense 3-2-1 r=0", "dense 3-2-1 r=x", "linear 3",
    "conv k=2,3 s=1 r=2", "conv r=2", "attention d=2 a=2", "dense 3-2-1 r=2 q=3", "dense 3-2-1 r=2 act=1,2",
    "dense 3-2-1 r=2 r=3",
])
def test_bad_specs_raise_spec_error(bad):
    with pytest.raises(SpecError) as e:
        parse_spec(bad)
    assert "grammar" in str(e.value) or "hint" in str(e.value)


def test_bad_parameters_raise():
    net = parse_spec("dense 3-2-1 r=2")
    with pytest.raises(ParameterError):
        net.evaluate([1, 2, 3], [[1, 2, 3]])
    with pytest.raises(ParameterError):
        net.evaluate(net.random_params(0), [[1, 2]])


def test_expand_refuses_when_too_large():
    net = parse_spec("dense 6-6-6-6 r=3")
    with pytest.raises(TooLargeError) as e:
        net.expand(max_terms=10_000)
    assert e.value.terms > 10_000
