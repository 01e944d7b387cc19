"""The Hermite extrapolation predictors of the batched kernel (TrackerOptions.predictor "hermite3", "hermite",
"hermite7"; algnet.homotopy.hermite_step).

Independent truths: Hermite interpolation through p points with derivatives is unique in degree 2p - 1 (so it
reproduces such polynomials exactly) and its error is x^(2p)(xi) / (2p)! prod (t - t_k)^2 (halving the step
divides it by about 2^(2p)); a tight reference tracking and RK4 for the endpoints; the block width, the threads
and the kernel calls never change a path's arithmetic (bit for bit).
"""

import numpy as np
import pytest

from algnet.homotopy.hermite_step import HISTORY, hermite_weights
from algnet.homotopy.tracker import TrackerOptions, track
from test_tracker_step_control import FAMILIES, TIGHT, _segment

HERMITE = ["hermite3", "hermite", "hermite7"]


@pytest.mark.parametrize("p", [2, 3, 4])
def test_weights_reproduce_polynomials_of_degree_2p_minus_1(p):
    rng = np.random.default_rng(p)
    tz = np.array([0.0, -0.05, -0.12, -0.2])[:p]
    w, work = np.empty(2 * HISTORY + 2), np.empty((2 * HISTORY + 2, 2 * HISTORY + 2))
    for _ in range(5):
        c = rng.normal(size=2 * p) + 1j * rng.normal(size=2 * p)
        f = np.polynomial.Polynomial(c)
        df = f.deriv()
        s = rng.uniform(0.0, 0.3)
        hermite_weights(tz, p, s, w, work)
        got = sum(w[2 * k] * f(tz[k]) + w[2 * k + 1] * df(tz[k]) for k in range(p))
        assert abs(got - f(s)) < 1e-11 * np.abs(c).sum() * 10 ** p
    # one degree more is not reproduced
    g = np.polynomial.Polynomial([0.0] * (2 * p) + [1.0])
    hermite_weights(tz, p, 0.3, w, work)
    got = sum(w[2 * k] * g(tz[k]) + w[2 * k + 1] * g.deriv()(tz[k]) for k in range(p))
    assert abs(got - g(0.3)) > 1e-6


@pytest.mark.parametrize("p", [2, 3, 4])
def test_extrapolation_error_is_of_order_2p(p):
    # x = exp(t), history at -h, -2h, ..., prediction at +h: error ~ h^(2p) prod (k + 1)^2 / (2p)!
    w, work = np.empty(2 * HISTORY + 2), np.empty((2 * HISTORY + 2, 2 * HISTORY + 2))
    err = []
    for h in (0.1, 0.05):
        tz = -h * np.arange(p)
        hermite_weights(tz, p, h, w, work)
        err.append(abs(sum((w[2 * k] + w[2 * k + 1]) * np.exp(tz[k]) for k in range(p)) - np.exp(h)))
    ratio = err[0] / err[1]
    assert 0.7 * 2 ** (2 * p) < ratio < 1.3 * 2 ** (2 * p)
    bound = 0.1 ** (2 * p) * np.prod([(k + 1.0) ** 2 for k in range(p)]) / np.prod(np.arange(1.0, 2 * p + 1))
    assert err[0] <= bound * np.exp(0.1) * 1.01


@pytest.mark.parametrize("predictor", HERMITE)
def test_hermite_predictors_end_where_rk4_and_a_tight_tracking_end(predictor):
    N = 24      # blocks of 32: the batched kernel
    for name, make in FAMILIES.items():
        fam = make()
        H, X, p1 = _segment(fam, N, 3)
        ref = track(H, X, TIGHT)
        rk4 = track(H, X, TrackerOptions(engine="compiled", block=32))
        r = track(H, X, TrackerOptions(engine="compiled", block=32, predictor=predictor))
        assert r.status == ref.status == rk4.status, name
        ok = ref.success
        scale = 1 + np.max(np.abs(ref.x[ok]), axis=1)
        assert np.all(np.max(np.abs(r.x[ok] - ref.x[ok]), axis=1) <= 1e-8 * scale), name
        assert np.all(np.max(np.abs(r.x[ok] - rk4.x[ok]), axis=1) <= 1e-9 * scale), name
        # no evaluation in the prediction: fewer full evaluations a step than RK4 (three more a step)
        full = lambda o: (o.evaluations - o.light_evaluations) / (o.steps.sum() + o.rejected.sum())
        assert full(r) < full(rk4) - 1.0, name


@pytest.mark.parametrize("eps", [1e-9, 1e-6])
def test_no_path_jumping_on_close_paths_with_the_hermite_predictor(eps):
    # measured over seeds 0-99 and both eps (1,800 paths): see bench/_tracker_predictors.py
    from test_homotopy import _close_paths_family

    tight = TrackerOptions(engine="numpy", predictor_tolerance=1e-10, initial_step=0.002, max_step=0.01,
                           target_contraction=0.0, reuse_velocity=False, newton_rate_acceptance=False)
    for seed in (15, 31, 43, 46, 55):
        make, X0, G, p1 = _close_paths_family(seed, eps)
        ref = track(make(), X0, tight)
        r = track(make(), X0, TrackerOptions(engine="compiled", block=32, predictor="hermite"))
        assert r.status == ref.status, seed
        assert np.max(np.abs(r.x - ref.x)) < 1e-8, f"seed {seed}: a path ended at another path's root"


def test_history_is_per_path_across_blocks_threads_and_kernel_calls():
    # the history is indexed by the path, kept by the tracker between kernel calls: blocks of 32 or 8, one
    # thread or two, a call returning at every stop or at the end give the same endpoints and evaluations bit
    # for bit (a history lost at a call's start would take an RK4 step there: other evaluations)
    fam = FAMILIES["dense 3-2-2 r=2"]()
    H, X, _ = _segment(fam, 64, 4)
    runs = [track(H, X, TrackerOptions(engine="compiled", predictor="hermite", **o))
            for o in (dict(block=32, threads=1), dict(block=8, threads=1), dict(block=32, threads=2),
                      dict(block=32, threads=1, stop_batch=0.0), dict(block=32, threads=1, stop_batch=1.0))]
    for r in runs[1:]:
        assert r.status == runs[0].status
        assert np.array_equal(r.x, runs[0].x)
        assert r.evaluations == runs[0].evaluations
