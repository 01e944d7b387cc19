"""Review follow-ups of the critical-point analyses: every kept point solves the system, stratum
completeness reaches the result, the voronoi JSON keys."""

import numpy as np
import pytest

from algnet.analyses.critical import slice_solve
from algnet.analyses.critical import solve as S
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.spurious import _candidate_strata
from algnet.analyses.critical.system import gradient_family
from algnet.analyses.network_input import network_dimension


def _stratum_family(seed):
    net, L, _ = network_and_loss("conv k=2,2 r=2", "frobenius", seed=0)
    Sn = dict(_candidate_strata(net))["w1=(*,0) w2=(0,*)"]
    rng = np.random.default_rng(seed)
    return gradient_family(Sn, L, rng, network_dimension(Sn, 0)), rng


@pytest.mark.parametrize("seed", [16, 21])
def test_monodromy_non_solution_is_dropped(seed, monkeypatch):
    # seeds where monodromy on this stratum keeps a second point that does not solve the gradient system
    # (the stratum's image is 1-dimensional, a cone: a line through 0, and the distance to a line has one
    # critical point); the raw monodromy output is captured to show the defect is reproduced, not avoided
    raw = []
    orig = S._only_solutions

    def spy(fam, res, p0, tol=1e-6):
        raw.append(residuals(fam, res.solutions, p0))
        return orig(fam, res, p0, tol)

    monkeypatch.setattr(slice_solve, "_only_solutions", spy)     # monodromy on a slice lives in slice_solve
    fam, rng = _stratum_family(seed)
    res, p0, tr = S.solve_slice(fam, rng)
    assert raw and np.max(raw[0]) > 1e-6                     # the defect: a kept non-solution (above tol)
    assert np.all(residuals(fam, res.solutions, p0) <= 1e-6)  # no kept point has a large residual
    assert res.solutions.shape[0] == 1
    assert res.path_failures.get("not a solution (residual check)") == 1
    assert tr is not None and tr.passed and "after dropping a non-solution" in fam.trace_line


def test_a_failing_stratum_shows_in_the_completeness(monkeypatch):
    from dataclasses import replace

    from algnet.analyses.critical.solve import critical_points

    clean = critical_points("linear 2-2-2", loss="frobenius", seed=0)
    assert "spurious search incomplete" not in clean.completeness
    real = S._solve_at_target
    seen = []

    def failing(fam, rng, u, **kw):            # the first stratum's trace test is forced to fail
        X, paths, loops, failures, tr, partial = real(fam, rng, u, **kw)
        if not seen:
            tr = replace(tr, passed=False)
        seen.append(fam.net.spec)
        return X, paths, loops, failures, tr, partial

    monkeypatch.setattr(S, "_solve_at_target", failing)
    r = critical_points("linear 2-2-2", loss="frobenius", seed=0)
    assert seen
    assert "spurious search incomplete" in r.completeness and "trace test NOT passed on stratum" in r.completeness
    assert "spurious search incomplete" in r.evidence.proves


def test_voronoi_json_has_the_registry_keys():
    from algnet.registry import get_analysis

    a = get_analysis("voronoi")
    d = a.run("linear 2-1-2", seed=1, samples=3).as_dict()
    assert set(d) == set(a.json_keys) and "dropped_reasons" in d


def test_real_fiber_uses_the_full_size_trace_test():
    # the fiber of a point of M on a random real slice, solved once (realfiber): complete by the same
    # full-size trace test as the critical points; a fiber with one point left out fails it
    from algnet.analyses.critical.paths import full_trace_test
    from algnet.analyses.critical.realfiber import _finite_rows, _SliceFiber, full_family

    net, L, rng = network_and_loss("conv k=2,2 r=2")
    full = full_family(net, L, rng)
    dim, n = network_dimension(net, 0), net.n_params
    sf = _SliceFiber(full, dim, rng.normal(size=(n - dim, n)), rng.normal(size=n - dim), rng, "slice")
    assert sf.complete and sf.X.shape[0] > 1
    assert np.all(sf.fam.residuals(sf.X, sf.p0) <= 1e-8)
    w = rng.normal(size=full.n_params) + 1j * rng.normal(size=full.n_params)
    v = np.zeros(sf.p0.shape[0], dtype=complex)
    v[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * np.sqrt(np.mean(np.abs(sf.p0) ** 2))
    tr = full_trace_test(sf.fam, sf.X[1:], sf.p0, v, lambda X: full.image(X) @ w, rng,
                         residual=sf.fam.residuals, key=_finite_rows)[0]
    assert not tr.passed
