"""The size guard of the critical-point analyses (algnet.analyses.critical.estimate): big inputs are refused
before any path is tracked, with the estimate, the threshold and the flag to insist; small ones never are;
a time limit stops a run and the result says it is partial."""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.estimate import DEFAULT_BUDGET, check_critical, critical_estimate
from algnet.analyses.critical.voronoi import voronoi
from algnet.errors import ParameterError, TooLargeError
from algnet.cli import main


def test_ed_degree_refused_with_the_estimate():
    # Eckart-Young: binom(12, 6) = 924 critical points of the Frobenius distance to 12 x 12 matrices of rank <= 6
    with pytest.raises(TooLargeError) as e:
        ed_degree("linear 12-6-12", seed=0)
    msg = str(e.value)
    assert "924 critical point(s)" in msg and "paths" in msg and "force=True" in msg
    assert e.value.points == 924 and e.value.paths >= 924 and e.value.seconds > DEFAULT_BUDGET


def test_critical_points_and_voronoi_refused():
    with pytest.raises(TooLargeError) as e:
        critical_points("linear 12-6-12", loss="frobenius", seed=0)
    assert "924 critical point(s)" in str(e.value)
    # the count alone is refused too (69 h of CPU for the ED degree above): not offered (tests/test_guards_hints.py)
    assert "ed-degree" not in e.value.hint and "degree(method='formula')" in e.value.hint
    with pytest.raises(TooLargeError):
        ed_degree("linear 12-6-12", seed=0)
    # every Voronoi target is one parameter homotopy of each critical point: 10^6 targets x 6 points
    with pytest.raises(TooLargeError) as e:
        voronoi("linear 4-2-4", samples=10**6, seed=0)
    assert e.value.paths >= 6 * 10**6 and "fewer samples=" in str(e.value)


def test_memory_refused_without_a_count():
    # no theorem gives the count: the fixed paths and the tape's memory still refuse a huge network
    with pytest.raises(TooLargeError) as e:
        ed_degree("dense 100-100-100 r=2", metric="generic", seed=0)
    assert "memory" in str(e.value) and "no theorem gives the count" in str(e.value)
    assert e.value.points_lower_bound


def test_time_limit_below_the_estimate_refuses():
    net = parse_spec("linear 3-2-3")
    est = critical_estimate(net, "frobenius")
    with pytest.raises(TooLargeError) as e:
        critical_points(net, loss="frobenius", seed=0, time_limit=est.seconds / 20)
    assert "above the time limit" in str(e.value)
    with pytest.raises(ParameterError):
        critical_points(net, loss="frobenius", seed=0, time_limit=-1)
    with pytest.raises(ParameterError):
        check_critical(net, "frobenius", force="yes")


@pytest.mark.parametrize("spec,loss", [("linear 2-1-2", "generic"), ("linear 3-1-3", "frobenius"),
                                       ("linear 3-2-3", "generic"), ("conv k=2,2 r=2", "generic"),
                                       ("conv k=2,3 r=2", "generic"), ("dense 2-1-1 r=3", "generic"),
                                       ("conv k=2,2,2 r=2", "generic"), ("linear 4-2-4", "frobenius"),
                                       ("dense 3-1-1 r=2", "frobenius")])
def test_small_inputs_never_refused(spec, loss):
    net = parse_spec(spec)
    for classify in (False, True):
        est = check_critical(net, loss, classify=classify)
        # far below the default budget (CPU seconds from the shape, any load; conv k=2,2,2 r=2 classified: 77 of
        # 600, the zero-pattern search's planned paths included)
        assert est.cpu_seconds < DEFAULT_BUDGET / 6
    assert check_critical(net, loss, samples=100).cpu_seconds < DEFAULT_BUDGET


def test_estimate_counts_from_theorems():
    # Eckart-Young and the Chern-class formula (independent of the estimator): the points it plans for
    assert critical_estimate(parse_spec("linear 8-4-8"), "frobenius").points == 70
    assert critical_estimate(parse_spec("linear 2-1-2"), "generic").points == 6        # P1 x P1: 6
    lo = critical_estimate(parse_spec("linear 4-2-4"), "generic")
    assert lo.lower_bound and lo.points == 20            # deg of 4 x 4 matrices of rank <= 2 (a lower bound)


def test_force_runs_and_time_limit_marks_partial():
    # insisting skips the refusal; a time limit shorter than the work stops it and the counts are lower bounds.
    # A first run without a limit loads numba and compiles this structure's kernels: an interrupt during
    # numba's own initialization would leave it half-imported for the rest of the process
    full = critical_points("linear 3-2-3", loss="generic", seed=0, force=True, classify=False)
    assert not full.partial
    try:
        r = critical_points("linear 3-2-3", loss="generic", seed=1, force=True, time_limit=0.3)
    except TooLargeError as e:                            # stopped during the set-up: nothing finished
        assert "before a partial result was made" in str(e)
        return
    assert r.partial and r.partial_reason == "time limit reached"


def test_cli_refusal_names_the_flag(capsys):
    code = main(["ed-degree", "linear 12-6-12"])
    err = capsys.readouterr().err
    assert code == 2 and "924 critical point(s)" in err and "--force" in err
    # 69 h of CPU: a larger time limit is no route (above routes_estimate.LONGEST_TIME_LIMIT, a day)
    assert "--time-limit" not in err.split("hint:")[1]


def test_data_loss_cost_does_not_grow_with_the_samples():
    """The loss on data lives on the K coefficients per output (orthonormal coordinates of the values at the data),
    not on one coordinate per sample and output: 10^5 samples of linear 3-1-3 cost what 20 do (they were refused
    for memory; 200 samples of linear 3-1-2 took 24 s), and the critical values are those of Eckart-Young on the
    whitened problem: with X = Q_X R_X and B = Y^T Q_X, l(W) = ||W R_X^T - B||^2 + ||Y - Q_X B^T||^2, whose critical
    values over rank <= 1 are the residual plus ||B||^2 minus s_i^2 (a singular value s_i of B) or minus nothing."""
    import numpy as np

    net = parse_spec("linear 3-1-3")
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(10**5, 3)), rng.normal(size=(10**5, 3)) + rng.normal(size=(10**5, 1))
    small = critical_estimate(net, (X[:20], Y[:20]))
    assert critical_estimate(net, (X, Y)).cpu_seconds < 1.5 * small.cpu_seconds < DEFAULT_BUDGET / 8
    r = critical_points(net, loss=(X, Y), seed=0)
    QX, _ = np.linalg.qr(X)
    B = Y.T @ QX
    s = np.linalg.svd(B, compute_uv=False)
    rest = float(np.sum((Y - QX @ B.T) ** 2)) + float(np.sum(B ** 2))
    want = sorted([rest] + [rest - v ** 2 for v in s])
    assert (r.pure, r.spurious, r.partial) == (3, 1, False)
    assert sorted(p.loss for p in r.points) == pytest.approx(want, rel=1e-9)
    assert min(r.points, key=lambda p: p.loss).kind == "minimum"


def test_cli_data_file_checked_before_it_is_read(tmp_path, monkeypatch, capsys):
    import numpy as np

    path = tmp_path / "d.npz"
    np.savez(path, X=np.zeros((100, 3)), Y=np.zeros((100, 3)))
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")         # the file's arrays as float64 (4.8 KB) above the limit
    code = main(["critical", "linear 3-1-3", "--data", str(path), "--seed", "0"])
    assert code == 2 and "--data" in capsys.readouterr().err
