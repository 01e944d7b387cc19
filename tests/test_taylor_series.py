"""algnet.homotopy.taylor: the Taylor coefficients of a path against the exact series of a hand-solvable path,
against the path's velocity and the truncation order (residual ~ s^(K+1)) on named systems; the
prototype tracker (bench/_tracker_steps.py) reaches RK4's endpoints on cyclic-5 and Katsura-4."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.newton import _velocity
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, cyclic, katsura
from algnet.homotopy.taylor import MAX_ORDER, pade_predict, path_coefficients, series_outputs
from algnet.homotopy.tape_numpy import NumpyTapeHomotopy
from algnet.homotopy.tracker import TrackerOptions, track


def _sqrt_family():
    return OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))         # x^2 = p


@pytest.mark.parametrize("p0,p1,x0", [(1.0, 2.0, 1.0), (4.0, 3.0 + 2.0j, -2.0)])
def test_coefficients_are_the_binomial_series_of_a_square_root(p0, p1, x0):
    # x(t)^2 = p0 + (p1 - p0) t: x = x0 (1 + u t)^(1/2), u = (p1 - p0) / p0; coefficient k = x0 binom(1/2, k) u^k
    H = CompiledParameterHomotopy(ParameterHomotopy(_sqrt_family(), [p0], [p1]))
    C = path_coefficients(H, np.array([[x0 + 0j]]), np.array([0.0]), 6)[0, 0]
    u = (p1 - p0) / p0
    binom = [1.0]
    for k in range(1, 7):
        binom.append(binom[-1] * (0.5 - k + 1) / k)
    exact = np.array([x0 * binom[k] * u ** k for k in range(7)])
    assert np.allclose(C, exact, rtol=1e-13, atol=1e-14)


def _named(name):
    return OffsetFamily({"katsura4": lambda: katsura(4), "cyclic5": lambda: cyclic(5)}[name]())


def _paths(fam, N, seed):
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return X, P0, np.broadcast_to(p1, P0.shape).copy()


@pytest.mark.parametrize("name", ["katsura4", "cyclic5"])
def test_coefficients_on_named_systems(name):
    fam = _named(name)
    X, P0, P1 = _paths(fam, 4, 3)
    base = ParameterHomotopy(fam, P0, P1)
    H = CompiledParameterHomotopy(base)
    T = np.full(4, 0.0)
    C = path_coefficients(H, X, T, 4)
    # order 1 is the velocity -H_x^{-1} H_t of the uncompiled homotopy
    assert np.allclose(C[:, :, 1], _velocity(base, X, T, None), rtol=1e-10, atol=1e-12)
    # the truncated series solves H(x(s), s) = 0 up to O(s^5): halving s divides the residual by about 32 (s well
    # inside the radius of convergence, which the Pade pole estimates: 1e-4 to 0.1 on these random start points)
    pole = pade_predict(C, np.zeros(4))[1]
    for i in range(4):
        r = []
        for s in (0.02 * pole[i], 0.01 * pole[i]):
            xs = np.polynomial.polynomial.polyval(s, C[i].T)
            r.append(np.max(np.abs(base.evaluate(xs[None], np.array([s]), np.array([i]))[0])))
        assert 16 < r[0] / r[1] < 64, (i, r)
    # the numpy twin of the tape gives the same series
    C2 = path_coefficients(NumpyTapeHomotopy(base), X, T, 4)
    assert np.allclose(C, C2, rtol=1e-10, atol=1e-12)


def test_series_outputs_multiply_polynomials():
    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(2, 0)
    t = b.finish([b.x[0] * b.x[1] * b.x[1]])
    # (1 + s)(1 - s)^2, truncated at s^3: 1 - s - s^2 + s^3
    XS = np.array([[[1, 1, 0, 0], [1, -1, 0, 0]]], dtype=complex)
    got = series_outputs(t, XS, np.zeros((1, 0)), np.zeros((1, 0)))[0, 0]
    assert np.allclose(got, [1, -1, -1, 1])
    with pytest.raises(ParameterError):
        series_outputs(t, XS[0], np.zeros((1, 0)), np.zeros((1, 0)))


def test_pade_of_a_geometric_series_and_order_check():
    C = np.full((1, 1, 5), 2.0 + 0j)         # 2 / (1 - s)
    x, pole, err = pade_predict(C, np.array([0.25]))
    assert np.allclose(x, 2 / 0.75) and np.allclose(pole, 1.0) and err[0] == 0
    H = CompiledParameterHomotopy(ParameterHomotopy(_sqrt_family(), [1.0], [2.0]))
    for K in (0, MAX_ORDER + 1):
        with pytest.raises(ParameterError):
            path_coefficients(H, np.array([[1.0 + 0j]]), np.array([0.0]), K)


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "_tracker_steps.py"
    spec = importlib.util.spec_from_file_location("bench_tracker_steps_taylor", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("lagged", [False, True])
@pytest.mark.parametrize("name", ["katsura4", "cyclic5"])
def test_prototype_tracker_reaches_rk4s_endpoints(name, lagged):
    fam = _named(name)
    X, P0, P1 = _paths(fam, 12, 5)
    ref = track(ParameterHomotopy(fam, P0, P1), X, TrackerOptions(engine="numpy"))
    xt, st, steps, rej, counts = _bench().taylor_track(fam, X, P0, P1, tol=1e-3, beta=1.0, lagged=lagged)
    ok = np.array(ref.status) == "success"
    assert ok.sum() >= 10 and np.all(st[ok] == "success")
    assert np.allclose(xt[ok], ref.x[ok], rtol=1e-8, atol=1e-8)
    assert counts["sweeps"] == 4 * (steps + rej).sum()
    # own factorizations: every attempt, or (lagged) only until a path's first accepted step
    if lagged:
        assert 12 <= counts["own"] < (steps + rej).sum()
    else:
        assert counts["own"] == (steps + rej).sum()
