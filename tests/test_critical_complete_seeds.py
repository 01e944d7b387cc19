"""Critical-point counts that once stalled or ended short, on the seeds where they did.

Truth: Eckart-Young (THEOREMS.md section 8; Trager-Kohn-Bruna for the strata): for the Frobenius loss of a linear
network the critical images are the truncations of the target's SVD, computed here by hand, C(min(m, n), r) of top
rank r (pure) and those of every lower rank (spurious); the generic ED degree 14 of conv k=2,2 r=2 by the
Chern-class formula (:func:`~algnet.analyses.critical.chern.segre_veronese_ged`), independent of any homotopy; the
slope of a trace against the difference quotient of points the tracker followed.
"""

import itertools
import time
from dataclasses import replace

import numpy as np
import pytest

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss


def _truncations(u, shape, ranks):
    U, s, Vt = np.linalg.svd(np.asarray(u, dtype=float).reshape(shape), full_matrices=False)
    assert np.min(np.diff(-s)) > 1e-3 * s[0]               # distinct singular values: isolated truncations
    return {S: (U[:, list(S)] * s[list(S)]) @ Vt[list(S)]
            for k in ranks for S in itertools.combinations(range(len(s)), k)}


def _check_eckart_young(r, u, shape, top):
    T = _truncations(u, shape, range(top + 1))
    seen = set()
    for p in r.points:
        img = np.asarray(p.image).real.reshape(shape)
        S = min(T, key=lambda S: np.abs(T[S] - img).max())
        assert np.abs(T[S] - img).max() < 1e-6, p
        assert p.pure == (len(S) == top), (S, p.pure)
        seen.add(S)
    assert seen == set(T)                                   # every truncation of every rank, once
    assert r.pure == len(list(itertools.combinations(range(min(shape)), top)))
    assert not r.partial and r.lost == 0 and r.partial_reason is None


def test_linear_2_1_2_seed_17_endpoint_at_infinity_on_the_first_slice():
    # the first slice's representative of one truncation runs out to infinity on the slice as t -> 1 (|phi| 4.7 at
    # t = 0.9, 22 at 0.99, Jacobian condition 1e9, then "singular"); its image stays finite: a second slice finds it
    r = critical_points("linear 2-1-2", loss="frobenius", seed=17)
    _, L, _ = network_and_loss("linear 2-1-2", "frobenius", seed=17)
    _check_eckart_young(r, L.u, (2, 2), 1)
    assert r.certified_real >= 2


def test_a_run_short_of_the_theorem_s_count_is_restarted(monkeypatch):
    """solve_slice's ``short_restarts``: a first monodromy run with a point taken away (as if its paths had stalled)
    is run again on the same metric while it has fewer images than Eckart-Young's count, and ends complete; without
    them it ends short, its trace test failed (the special-metric route then solved a generic metric)."""
    import algnet.analyses.critical.slice_solve as S
    from algnet.analyses.critical.image_rows import _distinct
    from algnet.analyses.critical.system import example_family

    orig = S._monodromy
    calls = []

    def first_short(*a, **k):
        res = orig(*a, **k)
        calls.append(res.solutions.shape[0])
        if len(calls) == 1:
            keys = res.keys[1:] if getattr(res, "keys", None) is not None else None
            res = replace(res, solutions=res.solutions[1:], keys=keys, trace=None)
        return res

    monkeypatch.setattr(S, "_monodromy", first_short)
    found = {}
    for short in (0, 2):
        calls.clear()
        fam = example_family("linear 3-2-3", "frobenius", seed=0)
        res, p0, tr = S.solve_slice(fam, np.random.default_rng(0), restarts=0, expected=3, short_restarts=short)
        found[short] = (_distinct(fam.image(res.solutions)), tr.passed, len(calls))
    assert found[0] == (2, False, 1)                        # 2 of C(3, 2) = 3: the trace test sees it
    assert found[2][:2] == (3, True) and found[2][2] >= 2    # restarted on the same metric: all 3, trace test passed


def test_conv_seed_32_first_count_is_the_chern_value(tmp_path, monkeypatch):
    # the structure's multihomogeneous homotopy called 6 endpoints singular; one of them is one of the 14 critical
    # points (Jacobian condition 1.2e9): the trace test on the 13 left failed (residual 4e-3, rightly). Refined by
    # Newton (refine.recovered_suspects), the 14 pass the trace test on the homotopy's own route
    from algnet.analyses import witness
    from algnet.analyses.critical import disc_tape, ed_degree, warm
    from algnet.analyses.critical.chern import segre_veronese_ged

    monkeypatch.setenv("ALGNET_CACHE_DIR", str(tmp_path))      # the structure's first count (an empty store)
    warm.clear_cache()
    witness._MATCHED.clear()
    disc_tape._STRUCTURE_TAPES.clear()
    disc_tape._TAPES.clear()
    truth = segre_veronese_ged([1, 1], [2, 1])
    r = ed_degree("conv k=2,2 r=2", metric="generic", seed=32)
    assert truth == 14 and r.ed_degree == truth and r.critical.certified_distinct == truth
    assert not r.critical.partial and r.critical.trace_test_passed
    assert "1 endpoint(s) called singular refined by Newton" in r.critical.completeness


def test_recovered_suspects_keep_regular_new_points_only():
    from algnet.analyses.critical.examples import example_points
    from algnet.analyses.critical.refine import recovered_suspects

    fam, X, p0 = example_points("dense 2-1-1 r=3", "generic", seed=1, at_target=False)
    assert X.shape[0] == 7                                   # 3 d - 2 (THEOREMS 8)
    rng = np.random.default_rng(1)
    near = X * (1 + 1e-4 * rng.normal(size=X.shape))         # each point, perturbed
    far = rng.normal(size=(3, X.shape[1])) * 5 + 0j          # no critical point nearby Newton converges to, or one
    for i in range(X.shape[0]):
        got = recovered_suspects(fam, np.delete(X, i, axis=0), near, p0)
        assert got.shape[0] == 1 and np.allclose(fam.image(got), fam.image(X[i:i + 1]), atol=1e-9)
    assert recovered_suspects(fam, X, np.concatenate([near, far]), p0).shape[0] == 0   # nothing new: none kept


@pytest.mark.parametrize("seed", [0, 3])
def test_exact_image_slope_against_tracked_difference_quotient(seed):
    from algnet.analyses.critical.examples import example_points
    from algnet.analyses.critical.full_trace import image_trace_slope
    from algnet.homotopy.monodromy import track_parameters

    fam, X, p0 = example_points("dense 2-1-1 r=3", "generic", seed=seed, at_target=False)
    rng = np.random.default_rng(seed)
    v = rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)
    wt = rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape)
    d = image_trace_slope(fam, X, p0, v, wt)
    e = 1e-4
    ends = [track_parameters(fam, X, p0, p0 + s * e * v) for s in (1.0, -1.0)]
    assert all(st == "success" for r in ends for st in r.status)
    quotient = (fam.image(ends[0].x) @ wt - fam.image(ends[1].x) @ wt) / (2 * e)
    assert np.allclose(d, quotient, rtol=1e-5, atol=1e-8 * np.abs(d).max())


@pytest.mark.slow
def test_linear_4_2_2_5_seed_3_complete_in_reasonable_time():
    # was over 9 CPU minutes: the first monodromy found 5 of the 6 rank-two truncations, its trace test failed, and
    # the special-metric route solved a generic metric (thousands of points); one restart on the Frobenius metric
    # finds the sixth (about 30 CPU s in all, with the strata's spurious points)
    t = time.process_time()
    r = critical_points("linear 4-2-2-5", loss="frobenius", seed=3)
    cpu = time.process_time() - t
    _, L, _ = network_and_loss("linear 4-2-2-5", "frobenius", seed=3)
    _check_eckart_young(r, L.u, (5, 4), 2)                  # coordinates a[i, j]: output i, input j
    assert r.function_space_points == 6 + 4 + 1
    assert cpu < 240, cpu


def test_still_short_takes_another_slice_before_the_generic_metric(monkeypatch):
    """A special metric's monodromy that stays short of the theorem's count after its restarts (here: made to, by
    taking a point away from every run on the first slice) goes to another slice on the same metric, not to the
    special-metric route's generic count; the result is Eckart-Young's, complete."""
    import algnet.analyses.critical.slice_solve as S
    import algnet.analyses.critical.special as SP

    orig = S._monodromy
    first = []

    def short_on_first_slice(fam, *a, **k):
        res = orig(fam, *a, **k)
        if not first:
            first.append(fam)
        if fam is first[0] and res.solutions.shape[0] > 1:
            keys = res.keys[1:] if getattr(res, "keys", None) is not None else None
            res = replace(res, solutions=res.solutions[1:], keys=keys, trace=None)
        return res

    def no_generic_metric(*a, **k):
        raise AssertionError("the special-metric route ran")

    monkeypatch.setattr(S, "_monodromy", short_on_first_slice)
    monkeypatch.setattr(SP, "special_metric_solve", no_generic_metric)
    r = critical_points("linear 3-2-3", loss="frobenius", seed=0, spurious=False)
    _, L, _ = network_and_loss("linear 3-2-3", "frobenius", seed=0)
    T = _truncations(L.u, (3, 3), [2])
    assert r.pure == len(T) == 3 and r.trace_test_passed and not r.partial    # C(3, 2) = 3
    for p in r.points:
        assert min(np.abs(t - np.asarray(p.image).real.reshape(3, 3)).max() for t in T.values()) < 1e-6
