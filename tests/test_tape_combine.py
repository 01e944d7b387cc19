"""A numeric matrix times affine tape values: ``TapeBuilder.combine`` and the coefficient route's
``combined_values_from_coefficients`` against the object-array product ``M @ values`` (the definition)."""
import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.witness import NetworkValues
from algnet.homotopy.tape import TapeBuilder, Tracer


def _affine(t):
    return (t.lin, t.const) if isinstance(t, Tracer) else ({}, complex(t))


def _random_values(b, n, q, rng):
    vals = []
    for _ in range(q):
        t = Tracer(b, const=complex(rng.normal()))
        for j in range(n):
            if rng.random() < 0.6:
                t = t + complex(rng.normal(), rng.normal()) * b.x[j]
        if rng.random() < 0.3 and n > 1:
            t = t + b.x[0] * b.x[1]                     # a product register among the terms
        vals.append(t)
    return vals


@pytest.mark.parametrize("chunk", [None, 1, 3, 7])
def test_combine_is_the_object_product(chunk, monkeypatch):
    rng = np.random.default_rng(1)
    if chunk is not None:                                 # chunks that open inside a register's terms
        monkeypatch.setattr(TapeBuilder, "COMBINE_CHUNK", chunk)
    for _ in range(20):
        n, q, m = (int(rng.integers(1, k)) for k in (6, 40, 8))
        b = TapeBuilder(n, 0)
        vals = _random_values(b, n, q, rng)
        M = rng.normal(size=(m, q)) + 1j * rng.normal(size=(m, q))
        V = np.empty(q, dtype=object)
        V[:] = vals
        for got, want in zip(b.combine(M, vals), M @ V):
            (gl, gc), (wl, wc) = _affine(got), _affine(want)
            assert set(gl) == {r for r, c in wl.items() if abs(c) > 1e-14}
            assert all(abs(gl[r] - wl[r]) < 1e-12 for r in gl) and abs(gc - wc) < 1e-12


def test_combine_refuses_a_matrix_of_the_wrong_width():
    b = TapeBuilder(2, 0)
    with pytest.raises(ValueError, match="columns"):
        b.combine(np.ones((2, 3)), list(b.x))


@pytest.mark.parametrize("spec", ["conv k=2,2 s=1,1 r=2", "dense 2-2-2 r=2", "attention d=2,1,1 a=1,1 t=2"])
@pytest.mark.parametrize("route", ["coefficients", "forward"])
def test_combined_values_evaluate_like_the_values_then_the_slice(spec, route):
    net = parse_spec(spec)
    rng = np.random.default_rng(3)
    vals = NetworkValues(net, rng.normal(size=(6,) + tuple(net.input_shape)), rng)
    vals.trace_route = route
    M = rng.normal(size=(4, vals.q)) + 1j * rng.normal(size=(4, vals.q))
    b1, b2 = TapeBuilder(net.n_params, 0), TapeBuilder(net.n_params, 0)
    t_comb = b1.finish(vals.trace_combined(b1.x, M))
    V = np.empty(vals.q, dtype=object)
    V[:] = vals.trace(b2.x)
    t_obj = b2.finish(list(M @ V))
    x = rng.normal(size=net.n_params) + 1j * rng.normal(size=net.n_params)
    (F1, J1, _), (F2, J2, _) = (t.evaluate(x, np.zeros(0), np.zeros(0)) for t in (t_comb, t_obj))
    scale = 1 + np.abs(F2).max()
    assert np.abs(F1 - F2).max() < 1e-10 * scale and np.abs(J1 - J2).max() < 1e-10 * (1 + np.abs(J2).max())
    assert vals.recorded_route == route
