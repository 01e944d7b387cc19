"""Critical points on a random complex slice of the fibers: nothing lost on the way to a real target,
positive-dimensional critical sets with their dimension, progress and Ctrl-C.

Truth: Eckart-Young, the generic ED degree of the rational normal curve (3d - 2) and the Chern-class
value of the Segre-Veronese variety of a convolutional network (DHOST 2016, Thm 5.8; computed by
:mod:`algnet.analyses.critical.chern` from the Chern classes, independently of any homotopy), and
hand computations stated in the tests.
"""

import os
import signal
import subprocess
import sys
import time
from math import comb
from pathlib import Path

import numpy as np
import pytest

from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.chern import segre_veronese_ged

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("spec, loss, truth", [
    ("linear 2-2-2", "frobenius", comb(2, 2)),                 # Eckart-Young: all 2 x 2 matrices, one point
    ("linear 3-1-3", "frobenius", comb(3, 1)),                 # Eckart-Young: rank one, binom(3, 1)
    ("conv k=2,2 r=2", "generic", segre_veronese_ged([1, 1], [2, 1])),   # P1 x P1 under O(2, 1): 14
    ("dense 2-1-1 r=3", "generic", 3 * 3 - 2),                # rational normal curve of degree 3: 7
])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_point_lost_on_the_way_to_a_real_target(spec, loss, truth, seed):
    r = critical_points(spec, loss=loss, seed=seed, certify=False, spurious=False, strata=False)
    assert r.lost == 0 and r.trace_test_passed and not r.partial
    assert r.generic_pure_images == truth                     # at the generic complex target
    assert r.pure == r.critical_points == r.function_space_points == truth   # at the real target
    assert r.real >= 1 and r.minima >= 1                      # a real target: the global minimum is real


def test_positive_dimensional_critical_sets():
    """Frobenius targets with a repeated singular value (hand computation).

    Rank-one approximations A = a b^T of the identity I_n: the critical equations (I - a b^T) b = 0,
    a^T (I - a b^T) = 0 give b = (b^T b) a, so A = x x^T with x^T x = 1: the complex quadric
    {x in C^n : x^T x = 1} modulo x -> -x, of dimension n - 1 (a circle of real projections for
    n = 2). Modulo the scaling symmetry of the factorization the critical set of L has the same
    dimension. The zero parameters are the only other critical point (rank 0, spurious, isolated).
    """
    for n in (2, 3):
        r = critical_points(f"linear {n}-1-{n}", loss="frobenius", target=np.eye(n).ravel(), seed=n,
                            certify=False, strata=False)
        assert r.positive_dimensional == (n - 1,) and r.lost == 0
        (p,) = [p for p in r.points if p.dimension > 0]
        A = np.array(p.image).reshape(n, n)
        assert p.real and np.allclose(A.imag, 0, atol=1e-8)  # a real point of the set represents it
        A = A.real
        assert np.allclose(A, A.T, atol=1e-8) and np.allclose(A @ A, A, atol=1e-8)   # a projection
        assert abs(np.trace(A) - 1) < 1e-8 and abs(p.loss - (n - 1)) < 1e-8           # of rank one
        assert r.critical_points == 1 and r.spurious == 1     # the origin


def test_expected_total_and_a_second_seed_agree_on_the_conv_count():
    # the same generic ED degree from two seeds; the progress total is the Chern-class value
    from algnet.analyses.critical.solve import expected_count
    from algnet import parse_spec

    net = parse_spec("conv k=2,2 r=2")
    assert expected_count(net, "generic") == 14 and expected_count(net, "data") is None
    assert ed_degree(net, metric="generic", seed=21).ed_degree == ed_degree(net, metric="generic", seed=22).ed_degree


def test_ctrl_c_in_a_subprocess_prints_a_lower_bound():
    """SIGINT while monodromy runs on conv k=2,2,2 r=2 (404 points, minutes): the progress bar shows the
    expected total, the points found are printed as a lower bound and the exit status is 130."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "algnet", "critical", "conv k=2,2,2 r=2", "--seed", "0", "--progress",
           "--no-certify", "--no-spurious", "--no-strata"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT))
    err = b""
    t0 = time.time()
    try:
        os.set_blocking(p.stderr.fileno(), False)
        while time.time() - t0 < 240:
            chunk = p.stderr.read() or b""
            err += chunk
            if b"/404" in err and b" 0/404" not in err[-40:]:
                break
            if p.poll() is not None:
                break
            time.sleep(0.5)
        assert p.poll() is None, (p.returncode, err[-500:])
        p.send_signal(signal.SIGINT)
        out, rest = p.communicate(timeout=240)
    finally:
        if p.poll() is None:
            p.kill()
    text = out.decode()
    assert p.returncode == 130, (p.returncode, text, (err + rest)[-500:])
    assert "lower bound" in text and "critical points >=" in text


@pytest.mark.slow
def test_conv_three_layers_404():
    # conv k=(2, 2, 2), r = 2 factors through P1 x P1 x P1 embedded by O(4, 2, 1) (THEOREMS 8): the generic
    # ED degree from the Chern classes is 404; the homotopy count, with certified points
    # (404 certified distinct images prove >= 404; the trace test is the numerical completeness check)
    res = ed_degree("conv k=2,2,2 r=2", metric="generic", seed=0)
    assert segre_veronese_ged([1, 1, 1], [4, 2, 1]) == 404
    assert res.ed_degree == 404 and res.agrees and res.critical.trace_test_passed
    assert res.critical.certified_distinct == 404
    assert "u0 +- v" in res.critical.completeness      # the trace test ran on a full-size line


@pytest.mark.parametrize("spec", ["conv k=2,2,2 r=2", "dense 2-2-1 r=2"])
@pytest.mark.parametrize("slice_", ["random", "pinned"])
def test_gradient_hessian_and_recorded_tape_against_finite_differences(spec, slice_):
    # the Hessian along the slice (exact Cauchy formulas) against central differences of the gradient,
    # and the recorded program of the compiled tracker against both
    from algnet import parse_spec
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.system import gradient_family
    from algnet.homotopy.tape import record

    net = parse_spec(spec)
    rng = np.random.default_rng(5)
    L = make_loss(net, "generic", rng=rng)
    fam = gradient_family(net, L, rng, slice=slice_)
    k = fam.n_vars
    X = (rng.normal(size=(2, k)) + 1j * rng.normal(size=(2, k))) / 2
    u = rng.normal(size=fam.n_params) + 0j
    G, H = fam.evaluate(X, u)
    h = 1e-6
    Hfd = np.stack([(fam.gradient(X + h * np.eye(k)[j], u) - fam.gradient(X - h * np.eye(k)[j], u)) / (2 * h)
                    for j in range(k)], axis=2)
    assert np.max(np.abs(H - Hfd)) <= 1e-6 * np.max(np.abs(H))
    F, J, Ht = record(fam).evaluate(X[0], u, np.ones_like(u))
    assert np.max(np.abs(F - G[0])) <= 1e-10 * np.max(np.abs(G[0]))
    assert np.max(np.abs(J - H[0])) <= 1e-10 * np.max(np.abs(H[0]))
    assert np.allclose(Ht, fam.param_derivative(X[:1], u, np.ones_like(u))[0], rtol=1e-9,
                       atol=1e-9 * np.max(np.abs(Ht)))


def test_full_size_trace_test_survives_failed_paths(monkeypatch):
    # conv k=2,2 r=2, generic loss: 14 critical images (the Chern-class value). Paths of the straight
    # trace segments are made to fail on purpose; the detours re-track them and the test still decides:
    # passed for the complete set, failed for the set without one point (13 of 14)
    import algnet.homotopy.monodromy as mono
    from algnet.analyses.critical.solve import full_trace_test, solve_slice
    from algnet.analyses.critical.system import example_family

    fam = example_family("conv k=2,2 r=2", "generic", seed=2)
    rng = np.random.default_rng(2)
    res, p0, _ = solve_slice(fam, rng)
    X = res.solutions
    assert X.shape[0] == segre_veronese_ged([1, 1], [2, 1])
    real_track = mono.track_parameters
    straight = {"calls": 0}

    def flaky(family, Y, a, b, *args, **kw):
        out = real_track(family, Y, a, b, *args, **kw)
        if np.allclose(a, p0) and (np.allclose(b - a, v) or np.allclose(b - a, -v)):   # the straight segments
            straight["calls"] += 1
            out.x[:3] = np.nan                                     # lost endpoints
        return out

    monkeypatch.setattr(mono, "track_parameters", flaky)
    scale = np.sqrt(np.mean(np.abs(p0) ** 2))
    v = (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)) * scale      # a full-size line
    f = lambda Y: fam.image(Y) @ np.arange(1, fam.n_params + 1)                  # noqa: E731
    tr, detoured = full_trace_test(fam, X, p0, v, f, rng)
    assert straight["calls"] == 2 and detoured >= 14
    assert tr.passed and tr.failed_paths == 0 and tr.residual < 1e-8
    tr13, _ = full_trace_test(fam, X[1:], p0, v, f, rng)
    assert not tr13.passed
