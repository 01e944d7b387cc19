"""Step control from the corrector's contraction (TrackerOptions.target_contraction).

Checked against independent truth: known root counts (Bezout / literature), a tight reference tracking
(tiny fixed tolerance, no adaptation) for the endpoints of every path, and the residual of the target
system; and against the fixed-tolerance control of earlier versions for the evaluation count.
"""

import numpy as np
import pytest
from test_homotopy import _close_paths_family   # tests/ is on the path under pytest

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.solve import total_degree_solve
from algnet.homotopy.systems import OffsetFamily, cyclic, katsura, random_dense_system
from algnet.homotopy.tracker import TrackerOptions, track
from test_tracker_compiled import _network_family

CLASSIC = dict(target_contraction=0.0)
TIGHT = TrackerOptions(predictor_tolerance=1e-8, target_contraction=0.0, light_evaluations=False,
                       initial_step=0.01)

FAMILIES = {
    "katsura4": lambda: OffsetFamily(katsura(4)),
    "cyclic5": lambda: OffsetFamily(cyclic(5)),
    "dense222": lambda: OffsetFamily(random_dense_system((2, 2, 2), seed=2)),
    "conv k=2,3 r=2": lambda: _network_family("conv k=2,3 s=1,1 r=2", 0),
    "dense 3-2-2 r=2": lambda: _network_family("dense 3-2-2 r=2", 5),
    "linear 3-2-3": lambda: _network_family("linear 3-2-3", 4),
}


def _segment(fam, N, seed):
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy()), X, p1


@pytest.mark.parametrize("engine", ["compiled", "numpy"])
def test_adapted_steps_end_where_a_tight_tracking_ends_with_fewer_evaluations(engine):
    N = 24 if engine == "compiled" else 10
    ev = {True: 0, False: 0}
    for name, make in FAMILIES.items():
        fam = make()
        H, X, p1 = _segment(fam, N, 3)
        ref = track(H, X, TIGHT)
        assert ref.count("success") >= N - 1, name
        for adapt in (True, False):
            r = track(H, X, TrackerOptions(engine=engine, **({} if adapt else CLASSIC)))
            ev[adapt] += r.evaluations
            assert r.status == ref.status, name
            ok = ref.success
            scale = 1 + np.max(np.abs(ref.x[ok]), axis=1)
            assert np.all(np.max(np.abs(r.x[ok] - ref.x[ok]), axis=1) <= 1e-8 * scale), name
            F, _ = fam.evaluate(r.x[ok], np.broadcast_to(p1, (int(ok.sum()), fam.n_params)))
            assert np.max(np.abs(F)) < 1e-8 * (1 + np.max(np.abs(p1))), name
    # the point of the adaptation (measured: 17% fewer summed over the bench systems)
    assert ev[True] < 0.92 * ev[False], ev


@pytest.mark.parametrize("system,count", [(lambda: katsura(4), 16),
                                          pytest.param(lambda: cyclic(5), 70, marks=pytest.mark.slow),  # 120 paths
                                          (lambda: random_dense_system((3, 3, 2), seed=11), 18)])
def test_root_counts_with_and_without_the_adaptation(system, count):
    # Katsura-4: 2^4 (Bezout, none at infinity); cyclic-5: 70 isolated roots (Bjorck-Froberg);
    # a generic dense system of degrees (3, 3, 2): Bezout 18
    S = system()
    sols = {}
    for adapt in (True, False):
        res = total_degree_solve(S, seed=1, options=TrackerOptions(**({} if adapt else CLASSIC)))
        assert len(res.solutions) == count
        F, _ = S.evaluate(res.solutions)
        scale = (1 + np.max(np.abs(res.solutions), axis=1)) ** 3      # degrees <= 3
        assert np.all(np.max(np.abs(F), axis=1) < 1e-8 * scale)
        sols[adapt] = res.solutions
    D = np.max(np.abs(sols[True][:, None, :] - sols[False][None, :, :]), axis=2)
    assert np.all(D.min(axis=1) < 1e-8) and np.all(D.min(axis=0) < 1e-8)


@pytest.mark.parametrize("eps", [1e-9, 1e-6])
def test_no_path_jumping_on_close_paths_with_the_adaptation(eps):
    # segments passing within eps of a critical value (two paths within ~sqrt(eps) of each other):
    # every path ends where the tight reference tracking of the same start point ends
    tight = TrackerOptions(engine="numpy", predictor_tolerance=1e-10, initial_step=0.002, max_step=0.01,
                           target_contraction=0.0, reuse_velocity=False, newton_rate_acceptance=False)
    for seed in (15, 31, 43, 46, 55):
        make, X0, G, p1 = _close_paths_family(seed, eps)
        ref = track(make(), X0, tight)
        r = track(make(), X0, TrackerOptions(engine="compiled"))
        assert r.status == ref.status, seed
        assert np.max(np.abs(r.x - ref.x)) < 1e-8, f"seed {seed}: a path ended at another path's root"


def test_a_step_rejected_before_the_first_accepted_one_is_retried_at_the_step_its_first_update_asks_for():
    # hand computation of the rule (FIRST_RETRY_FLOOR): 0.8 (tol / first)^(1/5) within [0.2, 0.5], tol = 1e-4
    # without a second update; 0.5 without an error estimate; accepted steps keep their own factor
    from algnet.homotopy.compiled import option_array
    from algnet.homotopy.kernels import step_factor
    from algnet.homotopy.tracker_options import FIRST_RETRY_FLOOR

    o = option_array(TrackerOptions())
    assert FIRST_RETRY_FLOOR == 0.2
    assert abs(step_factor(1e-2, np.nan, 0.0, 3, o, True) - 0.8 * 10 ** -0.4) < 1e-12
    assert step_factor(1.0, np.nan, 0.0, 3, o, True) == 0.2          # 0.8 x 1e-4^(1/5) = 0.127: the floor
    assert step_factor(1e-5, np.nan, 0.0, 1, o, True) == 0.5         # a small first update: at most halved
    assert step_factor(np.inf, np.nan, 0.0, 1, o, True) == 0.5       # no estimate (non-finite update)
    assert step_factor(np.nan, np.nan, 0.0, 0, o, True) == 0.5       # no corrector (non-finite prediction)
    assert step_factor(1e-2, np.nan, 0.0, 1, o) == 0.5               # accepted-step factor unchanged
    # the three engines apply it alike: a first step of 0.5 is rejected on most paths, and the numpy tracker,
    # the path-by-path and the path-batched kernels take the same steps and rejections to the tight ends
    fam = FAMILIES["katsura4"]()
    H, X, p1 = _segment(fam, 12, 5)
    ref = track(H, X, TIGHT)
    runs = [track(H, X, TrackerOptions(initial_step=0.5, max_step=0.5, engine=e, block=b))
            for e, b in (("numpy", 0), ("compiled", 1), ("compiled", 2))]
    assert runs[0].rejected.sum() >= 6
    for r in runs:
        assert np.array_equal(r.steps, runs[0].steps) and np.array_equal(r.rejected, runs[0].rejected)
        assert r.status == ref.status
        ok = ref.success
        assert np.max(np.abs(r.x[ok] - ref.x[ok])) < 1e-8 * (1 + np.max(np.abs(ref.x[ok])))


def test_a_paths_first_step_moves_x_by_at_most_a_fifth_of_its_size_along_the_start_velocity():
    # x^2 = p from p = 1 at x = 1: dx/dt = (p1 - p0) / (2 x); FIRST_STEP_MOTION 0.2: the first step is at most
    # 0.2 (1 + |x|) / |dx/dt| = 0.4 / |dx/dt| (hand computation), and initial_step (0.05) at most
    from algnet.homotopy.systems import PolynomialSystem
    from algnet.homotopy.tracker import PathTracker
    from algnet.homotopy.tracker_options import FIRST_STEP_MOTION

    assert FIRST_STEP_MOTION == 0.2
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    for p1, first in ((101.0, 0.4 / 50), (2.0, 0.05)):        # |dx/dt| = 50: 0.008; |dx/dt| = 1/2: 0.8 > 0.05
        P = PathTracker(ParameterHomotopy(fam, [1.0], [p1]), 1, TrackerOptions(engine="numpy"))
        P.add(np.array([[1.0]]))
        P.step()
        assert P.rejected[0] == 0 and abs(P.T[0] - first) < 1e-15
        assert abs(P.X[0, 0] - np.sqrt(1 + first * (p1 - 1))) < 1e-9           # on the path x = sqrt(p(t))
