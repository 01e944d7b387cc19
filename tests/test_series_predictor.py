"""Power-series evaluation of tapes and the series predictors of the batched kernel (TrackerOptions.predictor).

Independent truths: exact polynomial products (numpy.polynomial) for named systems along polynomial paths;
the Taylor coefficients of a composition read off by a discrete Fourier transform of the numpy route's values
on a circle (the composition is a polynomial in s, so the transform is exact up to rounding); the implicit
function theorem (the Taylor coefficients of a solution path make H vanish to their order); a tight reference
tracking and the RK4 route for the endpoints; degrees by their theorems.
"""

from dataclasses import replace

import numpy as np
import pytest
from numpy.polynomial import polynomial as P

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.series_blocks import series_values
from algnet.homotopy.systems import OffsetFamily
from algnet.homotopy.tape import TapeBuilder, record
from algnet.homotopy.tracker import TrackerOptions, track
from algnet.errors import ParameterError
from test_tracker_compiled import _network_family
from test_tracker_step_control import FAMILIES, TIGHT, _segment

SERIES = [("taylor", 4), ("pade", 3), ("pade", 4), ("pade2", 4), ("pade2", 5)]


def test_series_of_named_polynomials_along_polynomial_paths_by_hand():
    # F1 = x^3 + 2 x y - p0, F2 = y^2 - x + p1 along x = 1 + 2 s + s^2, y = -1 + s, parameters at t = 0.5 of
    # the segment p0: 1 -> 3, p1: 0 -> -2, i.e. p0(s) = 2 + 2 s, p1(s) = -1 - 2 s
    b = TapeBuilder(2, 2)
    x, y = b.x
    tape = b.finish([x * x * x + 2 * (x * y) - b.p[0], y * y - x + b.p[1]])
    xs, ys, p0s, p1s = [1, 2, 1], [-1, 1], [2, 2], [-1, -2]
    F1 = P.polysub(P.polyadd(P.polypow(xs, 3), 2 * P.polymul(xs, ys)), p0s)
    F2 = P.polyadd(P.polysub(P.polypow(ys, 2), xs), p1s)
    K = 6
    X = np.zeros((K + 1, 1, 2), complex)
    X[:3, 0, 0], X[:2, 0, 1] = xs, ys
    S = series_values(tape, X, np.array([1.0, 0.0]), np.array([3.0, -2.0]), 0.5)
    want = np.zeros((K + 1, 2))
    want[:len(F1), 0], want[:len(F2), 1] = F1, F2
    assert np.allclose(S[:, 0, :], want, atol=1e-12)


def _fft_coefficients(fam, X, p0, p1, t, K, radius=0.3, points=64):
    """Coefficients of s^0..s^K of F(x(s), p(t + s)) from the family's numpy evaluation on a circle."""
    s = radius * np.exp(2j * np.pi * np.arange(points) / points)
    xs = np.einsum("kn,k...->...n", X, s[None, :] ** np.arange(X.shape[0])[:, None])
    ps = (1 - t - s)[:, None] * p0 + (t + s)[:, None] * p1
    F, _ = fam.evaluate(xs, ps)
    c = np.fft.fft(F, axis=0) / points
    return c[:K + 1] / (radius ** np.arange(K + 1))[:, None]


@pytest.mark.parametrize("name", ["conv k=2,3 s=1,1 r=2", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_series_of_network_systems_against_a_fourier_transform_of_the_numpy_route(name):
    # the recorded (row-reduced) tape's series, restored, equal the system's: a random quartic path
    fam = _network_family(name, 1)
    rng = np.random.default_rng(5)
    n, m = fam.n_vars, fam.n_params
    X = np.zeros((9, n), complex)           # a quartic path; the composition's coefficients up to s^8
    X[:5] = (rng.normal(size=(5, n)) + 1j * rng.normal(size=(5, n))) / 2
    p0 = rng.normal(size=m) + 1j * rng.normal(size=m)
    p1 = rng.normal(size=m) + 1j * rng.normal(size=m)
    want = _fft_coefficients(fam, X, p0, p1, 0.25, 8)
    got = series_values(record(fam), X[:, None, :], p0, p1, 0.25)[:, 0, :]
    assert np.allclose(got, want, atol=1e-9 * (1 + np.abs(want).max()))


def test_taylor_coefficients_of_a_solution_path_make_the_homotopy_vanish_to_their_order():
    # x_k = -H_x^{-1} [s^k coefficient with x_k = 0]: then H(x0 + ... + x_K s^K, t + s) = O(s^(K+1)),
    # while the truncated path (x_K dropped) leaves a residual at s^K (implicit function theorem)
    from algnet.homotopy.systems import katsura

    fam = OffsetFamily(katsura(3))
    H, X0, p1 = _segment(fam, 1, 7)
    p0, t = H.p0[0], 0.4
    x0 = track(ParameterHomotopy(fam, p0[None], ((1 - t) * p0 + t * p1)[None]), X0, TIGHT).x[0]
    tape = record(fam)
    F, J, Ht = tape.evaluate(x0, (1 - t) * p0 + t * p1, p1 - p0)
    C = [x0, -np.linalg.solve(J, Ht)]
    for k in range(2, 6):
        r = series_values(tape, np.array(C + [0 * x0])[:, None, :], p0, p1, t)[k, 0]
        C.append(-np.linalg.solve(J, r))
    R = series_values(tape, np.array(C)[:, None, :], p0, p1, t)[:, 0, :]
    scale = max(np.abs(c).max() for c in C)
    assert np.abs(R).max() < 1e-9 * scale
    R4 = series_values(tape, np.array(C[:5] + [0 * x0])[:, None, :], p0, p1, t)[:, 0, :]
    assert np.abs(R4[5]).max() > 1e-6 * scale


@pytest.mark.parametrize("predictor,order", SERIES)
def test_series_predictors_end_where_rk4_and_a_tight_tracking_end(predictor, order):
    N = 24      # blocks of 32: the batched kernel
    for name, make in FAMILIES.items():
        fam = make()
        H, X, p1 = _segment(fam, N, 3)
        ref = track(H, X, TIGHT)
        rk4 = track(H, X, TrackerOptions(engine="compiled"))
        r = track(H, X, TrackerOptions(engine="compiled", predictor=predictor, predictor_order=order))
        assert r.status == ref.status == rk4.status, name
        ok = ref.success
        scale = 1 + np.max(np.abs(ref.x[ok]), axis=1)
        assert np.all(np.max(np.abs(r.x[ok] - ref.x[ok]), axis=1) <= 1e-8 * scale), name
        assert np.all(np.max(np.abs(r.x[ok] - rk4.x[ok]), axis=1) <= 1e-9 * scale), name
        F, _ = fam.evaluate(r.x[ok], np.broadcast_to(p1, (int(ok.sum()), fam.n_params)))
        assert np.max(np.abs(F)) < 1e-8 * (1 + np.max(np.abs(p1))), name


@pytest.mark.parametrize("eps", [1e-9, 1e-6])
@pytest.mark.parametrize("predictor,order", [("pade", 4), ("pade2", 5)])
def test_no_path_jumping_on_close_paths_with_the_series_predictor(eps, predictor, order):
    # measured over seeds 0-99 and both eps (1,800 paths): rk4, taylor 4, pade 4, pade2 4 and pade2 5 end every
    # path where the reference ends (pade2 4 moved one, seed 43, before the step was cut to the series' radius)
    from test_homotopy import _close_paths_family

    tight = TrackerOptions(engine="numpy", predictor_tolerance=1e-10, initial_step=0.002, max_step=0.01,
                           target_contraction=0.0, reuse_velocity=False, newton_rate_acceptance=False)
    for seed in (15, 31, 43, 46, 55):
        make, X0, G, p1 = _close_paths_family(seed, eps)
        ref = track(make(), X0, tight)
        r = track(make(), X0, TrackerOptions(engine="compiled", block=32, predictor=predictor, predictor_order=order))
        assert r.status == ref.status, seed
        assert np.max(np.abs(r.x - ref.x)) < 1e-8, f"seed {seed}: a path ended at another path's root"


def test_a_fresh_factorization_every_step_takes_the_same_endpoints():
    # reuse_velocity=False: H_x at every accepted point (Timme's scheme) instead of the corrector's
    fam = FAMILIES["dense 3-2-2 r=2"]()
    H, X, _ = _segment(fam, 24, 3)
    a = track(H, X, TrackerOptions(engine="compiled", predictor="pade2"))
    b = track(H, X, TrackerOptions(engine="compiled", predictor="pade2", reuse_velocity=False))
    assert a.status == b.status
    assert np.max(np.abs(a.x[a.success] - b.x[a.success])) < 1e-9 * (1 + np.abs(a.x).max())
    assert b.evaluations - b.light_evaluations > a.evaluations - a.light_evaluations


@pytest.mark.parametrize("spec,deg", [("linear 3-1-3", 6), ("conv k=2,3 s=1,1 r=2", 6)])
def test_degrees_with_the_series_predictor(spec, deg):
    # linear 3-1-3: the 3 x 3 matrices of rank <= 1 (Segre P2 x P2, degree C(4, 2) = 6); conv k=2,3 r=2: 6
    # (the convolutional degree formula); the monodromy route with the series predictor in its tracker
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    net = parse_spec(spec)
    o = degree_options(net)
    o = replace(o, tracker=replace(o.tracker, predictor="pade2", block=32))
    r = degree(net, method="monodromy", seed=0, options=o, fiber=False, certify=False)
    assert r.degree == deg


def test_unknown_predictors_are_refused():
    with pytest.raises(ParameterError, match="unknown predictor"):
        TrackerOptions(predictor="euler")
    with pytest.raises(ParameterError, match="outside"):
        TrackerOptions(predictor="pade", predictor_order=9)
