"""The homotopy engine on named systems with known root counts."""

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.homotopy.certify import certify
from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve, trace_test
from algnet.homotopy.solve import total_degree_solve
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, cyclic, katsura, random_dense_system
from algnet.homotopy.tracker import TrackerOptions, track
from algnet.homotopy.homotopies import StraightLineHomotopy


@pytest.mark.parametrize("degrees", [(2, 2), (3, 2), (2, 2, 2), (3, 3)])
def test_bezout_count_generic_dense(degrees):
    # Bezout: a generic dense system has prod(d_i) nonsingular finite solutions
    S = random_dense_system(degrees, seed=7)
    res = total_degree_solve(S, seed=1)
    assert len(res.solutions) == int(np.prod(degrees))
    F, _ = S.evaluate(res.solutions)
    assert np.max(np.abs(F)) < 1e-8
    c = certify(S, res.solutions)
    assert c.certified == c.distinct == len(res.solutions)


@pytest.mark.parametrize("n", [2, 3])
def test_katsura_root_count(n):
    # Katsura-n has 2^n isolated nonsingular solutions, all real for small n
    S = katsura(n)
    res = total_degree_solve(S, seed=0)
    assert len(res.solutions) == 2 ** n
    c = certify(S, res.solutions)
    assert c.certified == c.distinct == 2 ** n


def test_real_solutions_are_counted():
    # x^2 = 2, y^2 = 3: four real solutions; x^2 = -2, y^2 = 3: none
    for a, real in ((-2, 4), (2, 0)):
        S = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): a}, {(0, 2): 1, (0, 0): -3}])
        res = total_degree_solve(S, seed=0)
        c = certify(S, res.solutions)
        assert (c.certified, c.real) == (4, real)


def test_solutions_at_infinity_are_reported():
    # x*y = 1, x*y + x = 3: Bezout 4, one finite solution (x = 2, y = 1/2);
    # the other 3 paths go to infinity and must be reported, not dropped
    S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 1): 1, (1, 0): 1, (0, 0): -3}])
    res = total_degree_solve(S, seed=2)
    assert res.solutions.shape == (1, 2)
    assert np.allclose(res.solutions[0], [2.0, 0.5])
    assert sum(res.counts.values()) == 4
    assert res.counts.get("at_infinity", 0) + res.counts.get("singular", 0) == 3


@pytest.mark.slow
def test_cyclic5_seventy_solutions():
    # Cyclic-5: 70 isolated solutions (Bjorck-Froberg); the other 50 paths end at infinity
    S = cyclic(5)
    res = total_degree_solve(S, seed=0)
    assert len(res.solutions) == 70
    assert sum(res.counts.values()) == 120


def test_seed_reproduces():
    S = random_dense_system((2, 3), seed=3)
    a = total_degree_solve(S, seed=5)
    b = total_degree_solve(S, seed=5)
    assert np.array_equal(a.solutions, b.solutions) and a.gamma == b.gamma


def test_monodromy_and_trace_test_on_offset_family():
    # x^3 + y = a, y^2 + x = b: eliminating y gives a degree-6 equation in x
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    p0 = fam.start_parameters(x0)[0]
    res = monodromy_solve(fam, x0, p0, seed=4, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0])
    assert len(res.solutions) == 6
    assert res.stop_reason == "trace test passed"
    # an incomplete witness set fails the trace test
    bad = trace_test(fam, res.solutions[:5], p0, seed=1)
    assert not bad.passed and bad.residual > 1e-4


def test_group_action_seeds_orbit():
    # x^2 = a, y^2 = b: the sign changes are symmetries; with actions and no loops all 4 appear
    G = PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 2): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([1.0 + 0.5j, 0.3 - 1j])
    p0 = fam.start_parameters(x0)[0]
    acts = [lambda X: X * np.array([-1, 1]), lambda X: X * np.array([1, -1])]
    res = monodromy_solve(fam, x0, p0, seed=0, group_actions=acts, options=MonodromyOptions(max_loops=0))
    assert len(res.solutions) == 4


def test_diverging_path_is_reported():
    # (1-t) gamma (x^2 - 1) + t (x - 2): the degree drops, one path goes to infinity
    F = PolynomialSystem.from_terms([{(1,): 1, (0,): -2}])
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    tr = track(StraightLineHomotopy(G, F, gamma=np.exp(1j)), np.array([[1.0], [-1.0]]))
    assert sorted(tr.status)[1] == "success" and tr.count("success") == 1
    assert sorted(tr.status)[0] in ("diverged", "failed", "max_steps")
    assert np.isclose(tr.x[tr.success][0, 0], 2.0)


def test_certification_rejects_a_non_solution():
    S = PolynomialSystem.from_terms([{(2,): 1, (0,): -2}])
    c = certify(S, np.array([[0.3]]))
    assert c.certified == 0


def test_bad_input_raises_algnet_errors():
    with pytest.raises(ParameterError):
        PolynomialSystem.from_terms([{(1, 0): 1}])  # one equation, two unknowns
    with pytest.raises(ParameterError):
        total_degree_solve(OffsetFamily(random_dense_system((2,), seed=0)))


# ---------------------------------------------------------------- graph monodromy
def _cubic_family():
    # x^3 + y = a, y^2 + x = b: eliminating y gives (a - x^3)^2 + x - b = 0, degree 6
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    return fam, x0, fam.start_parameters(x0)[0]


@pytest.mark.parametrize("seed", range(6))
def test_graph_monodromy_finds_the_roots_of_the_eliminant(seed):
    # independent truth: the six roots of the univariate eliminant, by numpy's companion matrix
    fam, x0, p0 = _cubic_family()
    a, b = p0
    xs = np.roots([1, 0, 0, -2 * a, 0, 1, a * a - b])
    truth = np.stack([xs, a - xs ** 3], axis=1)
    res = monodromy_solve(fam, x0, p0, seed=seed, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0])
    assert res.stop_reason == "trace test passed" and res.trace.passed
    assert len(res.solutions) == 6
    d = np.abs(res.solutions[:, None, :] - truth[None, :, :]).max(axis=2)
    assert np.all(d.min(axis=1) < 1e-8) and np.all(d.min(axis=0) < 1e-8)
    # the graph's cycle rank is the number of loops reported
    assert res.loops == res.edges - res.nodes + 1


def test_graph_monodromy_without_trace_test_stops_by_target_or_stall():
    fam, x0, p0 = _cubic_family()
    res = monodromy_solve(fam, x0, p0, seed=3, target_count=6)
    assert len(res.solutions) == 6 and res.stop_reason == "target count reached"
    # on x^2 = p (two roots) without a target the run ends by the no-progress rule
    fam2 = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    y0 = np.array([0.8 + 0.3j])
    res2 = monodromy_solve(fam2, y0, fam2.start_parameters(y0)[0], seed=0,
                           options=MonodromyOptions(max_loops_no_progress=3))
    assert len(res2.solutions) == 2 and res2.stop_reason.startswith("no new solutions")
    assert np.allclose(np.sort_complex(res2.solutions[:, 0]), np.sort_complex(np.array([y0[0], -y0[0]])))


def test_graph_monodromy_keys_identify_fiber_points():
    # x^2 = a, y^2 = b keyed by (x^2, y): the sign of x is a fiber; 2 keyed points, not 4
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 2): 1}]))
    x0 = np.array([1.0 + 0.5j, 0.3 - 1j])
    p0 = fam.start_parameters(x0)[0]
    res = monodromy_solve(fam, x0, p0, seed=1, key=lambda X: np.stack([X[:, 0] ** 2, X[:, 1]], axis=1),
                          trace_direction=np.array([0.7, 1.0 + 0.2j]), trace_functional=lambda X: X[:, 1])
    assert len(res.solutions) == 2 and res.trace.passed


def test_monodromy_rejects_bad_options_and_shapes():
    fam, x0, p0 = _cubic_family()
    with pytest.raises(ParameterError):
        monodromy_solve(fam, x0, p0, options=MonodromyOptions(growth="tree"))
    with pytest.raises(ParameterError):
        monodromy_solve(fam, np.zeros(3), p0)


def test_random_starts_from_a_sampler_land_on_solutions_of_p0():
    # every sampled point solves the member at its own offsets; tracked to p0 it ends on one
    # of the six roots of the eliminant (independent truth by numpy.roots)
    fam, x0, p0 = _cubic_family()
    a, b = p0
    xs = np.roots([1, 0, 0, -2 * a, 0, 1, a * a - b])
    truth = np.stack([xs, a - xs ** 3], axis=1)

    def sampler(rng, k):
        return rng.normal(size=(k, 2)) + 1j * rng.normal(size=(k, 2))

    res = monodromy_solve(fam, x0, p0, seed=5, sampler=sampler, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0], options=MonodromyOptions(random_starts=12))
    assert res.trace.passed and len(res.solutions) == 6
    d = np.abs(res.solutions[:, None, :] - truth[None, :, :]).max(axis=2)
    assert np.all(d.min(axis=0) < 1e-8)
    # the first history row is the batch of random starts: it found more than the start point
    assert res.history[0][1] > 1


def test_sampler_needs_a_family_with_start_parameters():
    fam, x0, p0 = _cubic_family()

    class NoStart:
        n_vars, n_params, real = fam.n_vars, fam.n_params, False

        def evaluate(self, X, P=None):
            return fam.evaluate(X, P)

        def param_derivative(self, X, P, dP):
            return fam.param_derivative(X, P, dP)

    with pytest.raises(ParameterError):
        monodromy_solve(NoStart(), x0, p0, sampler=lambda rng, k: np.zeros((k, 2)))


# ---------------------------------------------------------------- tracker: evaluations, caching, path jumping
class _CountingHomotopy:
    """Wraps a homotopy and counts the points it is evaluated at."""

    def __init__(self, H):
        self.H, self.rows = H, 0
        self.n_vars = H.n_vars

    def evaluate(self, X, T, idx=None):
        self.rows += X.shape[0]
        return self.H.evaluate(X, T, idx)


def _close_paths_family(seed, eps=1e-9):
    """G(x) = p for a random dense G (degrees 3, 3) made critical at a random point c, and a
    segment p0 -> p1 passing within eps of the critical value G(c): two of the 9 paths come
    within ~sqrt(eps) of each other there (other pairs come close elsewhere for some seeds)."""
    from algnet.homotopy.homotopies import ParameterHomotopy

    rng = np.random.default_rng(seed)
    n = 2
    G0 = random_dense_system((3, 3), seed=seed)
    c = rng.normal(size=n) + 1j * rng.normal(size=n)
    _, J0 = G0.evaluate(c[None, :])
    S = (rng.normal(size=(n, 1)) + 1j * rng.normal(size=(n, 1))) @ (rng.normal(size=(1, n)) + 1j * rng.normal(size=(1, n)))
    L = J0[0] - S  # G = G0 - L x has the rank-one Jacobian S at c
    polys = []
    for i, (E, co) in enumerate(G0.eqs):
        d = {tuple(e): complex(ci) for e, ci in zip(E, co)}
        for j in range(n):
            e = tuple(1 if k == j else 0 for k in range(n))
            d[e] = d.get(e, 0) - L[i, j]
        polys.append(d)
    G = PolynomialSystem.from_terms(polys)
    v = G.evaluate(c[None, :])[0][0]
    u = rng.normal(size=n) + 1j * rng.normal(size=n)
    u /= np.max(np.abs(u))
    w = (rng.normal(size=n) + 1j * rng.normal(size=n)) * 2
    p0, p1 = v + eps * u - w / 2, v + eps * u + w / 2
    # start solutions: G = p0 solved from scratch
    start = PolynomialSystem.from_terms([{**{tuple(e): ci for e, ci in zip(E, co)},
                                          (0, 0): dict(zip(map(tuple, E), co)).get((0, 0), 0) - p0[i]}
                                         for i, (E, co) in enumerate(G.eqs)])
    X0 = total_degree_solve(start, seed=seed).solutions
    assert X0.shape == (9, 2)
    fam = OffsetFamily(G)
    return (lambda: ParameterHomotopy(fam, p0, p1)), X0, G, p1


def _assert_no_jumping(tr, G, p1, ref=None):
    assert tr.count("success") == len(tr.status)
    F, _ = G.evaluate(tr.x)
    assert np.max(np.abs(F - p1)) < 1e-9 * (1 + np.max(np.abs(p1)))
    D = np.max(np.abs(tr.x[:, None, :] - tr.x[None, :, :]), axis=2) + np.eye(len(tr.x))
    assert D.min() > 1e-6, "two paths ended at the same root"
    if ref is not None:
        assert np.max(np.abs(tr.x - ref.x)) < 1e-8, "a path ended at another path's root"


@pytest.mark.parametrize("seed", [15, 31, 55])
def test_no_path_jumping_on_close_paths(seed):
    # distinct start points must end at distinct roots of the target, each the endpoint of its
    # own path (compared with a tight tracker). Seed 55 has a close approach where
    # predictor_tolerance 3e-4 (instead of 1e-4) jumps, seed 31 one where initial_step 0.15 does.
    make, X0, G, p1 = _close_paths_family(seed)
    tight = TrackerOptions(predictor_tolerance=1e-10, initial_step=0.002, max_step=0.01,
                           reuse_velocity=False, newton_rate_acceptance=False)
    ref = track(make(), X0, tight)
    _assert_no_jumping(ref, G, p1)
    _assert_no_jumping(track(make(), X0), G, p1, ref)


def test_rejected_steps_keep_the_cached_velocity():
    # the velocity cached at an accepted point stays valid when the next step is rejected (the
    # point is unchanged): tracking with and without the cache gives the same endpoints and
    # statuses and about the same step sequence (a stale or wrong k1 would cost ~20% more steps)
    steps = {True: 0, False: 0}
    rejected = 0
    for seed in range(6):
        make, X0, G, p1 = _close_paths_family(seed, eps=1e-9)
        res = {}
        for reuse in (True, False):
            H = _CountingHomotopy(make())
            res[reuse] = track(H, X0, TrackerOptions(reuse_velocity=reuse))
            assert res[reuse].evaluations == H.rows
            steps[reuse] += int(res[reuse].steps.sum())
        a, b = res[True], res[False]
        assert a.status == b.status
        assert np.max(np.abs(a.x - b.x)) < 1e-8
        assert a.evaluations < b.evaluations
        rejected += int(a.rejected.sum())
    assert rejected > 100  # the systems do exercise rejected steps
    assert abs(steps[True] - steps[False]) <= 0.05 * steps[False]


def test_newton_rate_acceptance_keeps_endpoints():
    # accepting a corrector from its contraction rate gives the same roots as waiting for an update
    # below the tolerance
    S = random_dense_system((3, 3, 2), seed=11)
    for rate in (True, False):
        res = total_degree_solve(S, seed=2, options=TrackerOptions(newton_rate_acceptance=rate))
        assert len(res.solutions) == 18
        F, _ = S.evaluate(res.solutions)
        assert np.max(np.abs(F)) < 1e-8
        if rate:
            first = res.solutions
        else:
            D = np.max(np.abs(first[:, None, :] - res.solutions[None, :, :]), axis=2)
            assert np.all(D.min(axis=1) < 1e-8)


def test_track_reports_evaluations_and_residual_at_the_endpoint():
    F = PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): 1, (0, 0): -3}, {(1, 1): 1, (0, 0): -1}])
    G = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): -1}, {(0, 2): 1, (0, 0): -1}])
    H = _CountingHomotopy(StraightLineHomotopy(G, F, gamma=np.exp(0.4j)))
    X0 = np.array([[a, b] for a in (1.0, -1.0) for b in (1.0, -1.0)])
    tr = track(H, X0)
    assert tr.evaluations == H.rows > 0 and f"evaluations={tr.evaluations}" in repr(tr)
    # x^2 + y = 3, x y = 1: x^3 - 3x + 1 = 0, three roots; the fourth path goes to infinity
    ok = tr.success
    assert ok.sum() == 3
    h, _, _ = H.evaluate(tr.x[ok], np.ones(3))
    assert np.allclose(np.max(np.abs(h), axis=1), tr.residual[ok], rtol=1e-6, atol=1e-15)
    assert np.max(tr.residual[ok]) < 1e-12


@pytest.mark.parametrize("d", [38, 40])
def test_diverging_paths_print_no_warnings(d):
    # (1 - t) gamma (x^d - 1) + t (x^(d-1) - 2): one path goes to infinity; at |x| ~ 1e8 the
    # powers overflow (d = 40: before the divergence norm is reached). No RuntimeWarning may
    # reach the user; d = 38 still ends "diverged"
    import warnings

    G = PolynomialSystem.from_terms([{(d,): 1, (0,): -1}])
    F = PolynomialSystem.from_terms([{(d - 1,): 1, (0,): -2}])
    X0 = np.exp(2j * np.pi * np.arange(d) / d)[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = track(StraightLineHomotopy(G, F, gamma=np.exp(0.3j)), X0)
    assert tr.count("success") == d - 1
    # each endpoint is a root: its Newton update |F / F'| is below the refinement's tolerance,
    # 1e-12 (1 + |x|) (a residual bound would depend on |F'| ~ d |x|^(d - 2))
    x = tr.x[tr.success]
    Fx, Jx = F.evaluate(x)
    assert np.all(np.abs(Fx[:, 0] / Jx[:, 0, 0]) <= 1e-12 * (1 + np.abs(x[:, 0])))
    if d == 38:
        assert tr.count("diverged") == 1


def test_path_tracker_paths_added_under_way_end_where_track_ends_them():
    # a path's steps depend only on its own state: joining a running tracker late must not
    # change its endpoint, status or step count (compared with track() on all paths at once)
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import PathTracker

    fam, x0, p0 = _cubic_family()
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(12, 2)) + 1j * rng.normal(size=(12, 2))
    P0 = fam.start_parameters(Z)
    P1 = np.broadcast_to(p0, P0.shape)
    ref = track(ParameterHomotopy(fam, P0, P1), Z)
    H = ParameterHomotopy(fam, np.zeros((0, 2)), np.zeros((0, 2)))
    PT = PathTracker(H, 2)
    H.extend(P0[:4], P1[:4])
    PT.add(Z[:4])
    k = 4
    while PT.active or k < 12:
        stopped = PT.step()
        PT.finish(stopped)
        if k < 12 and (PT.steps.sum() >= 3 * k or not PT.active):
            H.extend(P0[k:k + 4], P1[k:k + 4])
            PT.add(Z[k:k + 4])
            k += 4
    r = PT.result()
    assert r.status == ref.status
    assert np.array_equal(r.steps, ref.steps)
    assert np.allclose(r.x, ref.x, atol=1e-12)
    F, _ = fam.evaluate(r.x[r.success], np.broadcast_to(p0, (int(r.success.sum()), 2)))
    assert np.max(np.abs(F)) < 1e-10


def test_path_tracker_rejects_start_points_of_the_wrong_size():
    from algnet.homotopy.tracker import PathTracker

    F = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    P = PathTracker(StraightLineHomotopy(G, F, gamma=np.exp(0.7j)), 1)
    with pytest.raises(ParameterError):
        P.add(np.zeros((2, 3)))


def test_ctrl_c_in_monodromy_returns_what_was_found_marked_partial():
    fam, x0, p0 = _cubic_family()

    class Interrupting(OffsetFamily):
        calls = 0

        def evaluate(self, X, P=None):
            Interrupting.calls += 1
            if Interrupting.calls > 400:
                raise KeyboardInterrupt
            return super().evaluate(X, P)

    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    res = monodromy_solve(Interrupting(G), x0, p0, seed=0, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0])
    assert res.partial and res.stop_reason == "interrupted"
    assert 1 <= len(res.solutions) <= 6
    F, _ = fam.evaluate(res.solutions, np.broadcast_to(p0, (len(res.solutions), 2)))
    assert np.max(np.abs(F)) < 1e-8          # whatever was kept solves F(.; p0)
