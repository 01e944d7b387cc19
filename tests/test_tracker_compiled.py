"""The compiled tracker against the numpy tracker on named systems with known root counts."""

import numpy as np
import pytest

from algnet.errors import NotApplicableError, ParameterError
from algnet.homotopy.homotopies import ParameterHomotopy, StraightLineHomotopy
from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, cyclic, katsura, random_dense_system
from algnet.homotopy.tape import record
from algnet.homotopy.tracker import TrackerOptions, make_tracker, track

NUMPY = TrackerOptions(engine="numpy")
COMPILED = TrackerOptions(engine="compiled")


def _network_family(spec, seed):
    """A slicing system of a neuromanifold, as algnet.analyses.degree builds it (random slices)."""
    from algnet import parse_spec
    from algnet.analyses.degree import NetworkWitnessFamily
    from algnet.analyses.witness import NetworkValues

    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape))) / 2
    vals = NetworkValues(net, Z, rng)
    n, q = net.n_params, vals.q
    from algnet.analyses.network_input import network_dimension

    dim = network_dimension(net, seed)
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    A = (rng.normal(size=(n - dim, n)) + 1j * rng.normal(size=(n - dim, n))) / np.sqrt(2 * n)
    return NetworkWitnessFamily(vals, R, A)


NAMED = {
    "katsura3": lambda: OffsetFamily(katsura(3)),
    "katsura4": lambda: OffsetFamily(katsura(4)),
    "cyclic5": lambda: OffsetFamily(cyclic(5)),
    "dense23": lambda: OffsetFamily(random_dense_system((2, 3), seed=3)),
    "dense222": lambda: OffsetFamily(random_dense_system((2, 2, 2), seed=2)),
    "conv k=2,3 r=2": lambda: _network_family("conv k=2,3 s=1,1 r=2", 0),
    "dense 2-2-1 r=3": lambda: _network_family("dense 2-2-1 r=3", 1),
    "gconv n=5 layers=2 r=2": lambda: _network_family("gconv n=5 layers=2 r=2", 2),
    "attention": lambda: _network_family("attention d=2 a=1 dout=1 t=2", 3),
    "linear 3-2-3": lambda: _network_family("linear 3-2-3", 4),
    "dense 3-2-2 r=2": lambda: _network_family("dense 3-2-2 r=2", 5),
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_tape_evaluates_like_the_family(name):
    fam = NAMED[name]()
    rng = np.random.default_rng(7)
    n, m = fam.n_vars, fam.n_params
    tape = record(fam)
    for _ in range(3):
        x = rng.normal(size=n) + 1j * rng.normal(size=n)
        p = rng.normal(size=m) + 1j * rng.normal(size=m)
        dp = rng.normal(size=m) + 1j * rng.normal(size=m)
        F, J = fam.evaluate(x[None], p[None])
        Ht = fam.param_derivative(x[None], p[None], dp)
        F2, J2, Ht2 = tape.evaluate(x, p, dp)
        s = 1 + np.max(np.abs(J))
        assert np.allclose(F2, F[0], atol=1e-10 * s) and np.allclose(J2, J[0], atol=1e-10 * s)
        assert np.allclose(Ht2, Ht[0], atol=1e-12)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_compiled_and_numpy_endpoints_agree(name):
    fam = NAMED[name]()
    rng = np.random.default_rng(11)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(12, n)) + 1j * rng.normal(size=(12, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    a = track(H, X, NUMPY)
    b = track(H, X, COMPILED)
    assert a.status == b.status
    ok = a.success
    assert ok.sum() >= 10
    scale = 1 + np.max(np.abs(a.x[ok]), axis=1)
    assert np.all(np.max(np.abs(a.x[ok] - b.x[ok]), axis=1) <= 1e-8 * scale)
    assert np.array_equal(a.steps, b.steps)            # the same steps, not only the same ends
    F, _ = fam.evaluate(b.x[ok], np.broadcast_to(p1, (int(ok.sum()), m)))
    assert np.max(np.abs(F)) < 1e-8


@pytest.mark.parametrize("name", ["linear 3-2-3", "dense 3-2-2 r=2", "dense222"])
def test_row_reduced_outputs_give_the_same_steps_and_endpoints(name, monkeypatch):
    # F -> M F (M invertible) leaves the solutions, the Newton updates -J^{-1} F and the velocities
    # -J^{-1} H_t unchanged: the tracker must take the same steps to the same endpoints, and the
    # endpoint residuals and conditioning are those of the system as given
    import algnet.homotopy.compiled_homotopy as compiled_homotopy

    fam = NAMED[name]()
    reduced, plain = record(fam), record(fam, reduce_outputs=False)
    assert reduced.transform is not None and plain.transform is None
    assert reduced.lane_work() < plain.lane_work()
    rng = np.random.default_rng(5)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(8, n)) + 1j * rng.normal(size=(8, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    a = track(H, X, COMPILED)
    # the tracker's tape (parameters mapped) recorded without the row reduction, in place of the reduced one
    plain_mapped = record(fam, reduce_outputs=False, map_parameters=True)
    assert plain_mapped.transform is None
    monkeypatch.setattr(compiled_homotopy, "_TAPES", {(id(fam), True): (fam, plain_mapped)})
    assert compiled_homotopy.family_tape(fam, map_parameters=True) is plain_mapped
    b = track(H, X, COMPILED)
    assert compiled_homotopy.family_tape(fam, map_parameters=True) is plain_mapped      # (b ran on it)
    assert a.status == b.status and a.success.sum() >= 6
    assert np.array_equal(a.steps, b.steps)
    ok = a.success
    assert np.allclose(a.x[ok], b.x[ok], atol=1e-9 * (1 + np.max(np.abs(a.x[ok]))))
    assert np.allclose(a.residual[ok], b.residual[ok], atol=1e-12 * (1 + np.max(np.abs(a.x[ok]))))
    assert np.allclose(np.log(a.condition[ok]), np.log(b.condition[ok]), atol=1e-6)


@pytest.mark.parametrize("system,count", [(lambda: katsura(3), 8), (lambda: random_dense_system((2, 3), seed=1), 6),
                                          (lambda: katsura(4), 16)])
def test_compiled_monodromy_finds_the_known_root_count(system, count):
    # Katsura-n: 2^n = Bezout solutions, none at infinity, so G(x) = p has 2^n for generic p;
    # a generic dense system of degrees (2, 3): 6 (Bezout)
    fam = OffsetFamily(system())
    rng = np.random.default_rng(2)
    x0 = rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)
    p0 = fam.start_parameters(x0)[0]
    res = monodromy_solve(fam, x0, p0, seed=4, trace_direction=rng.normal(size=fam.n_params) + 0j,
                          trace_functional=lambda X: X[:, 0], options=MonodromyOptions(tracker=COMPILED))
    assert len(res.solutions) == count and res.trace.passed


def test_threads_do_not_change_the_paths():
    # a path's steps depend on its own data only: the rounds split over two threads give the same
    # endpoints, statuses and step counts, bit for bit, as one thread
    fam = NAMED["dense 3-2-2 r=2"]()
    rng = np.random.default_rng(8)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(24, n)) + 1j * rng.normal(size=(24, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    for block in (1, 5):       # path by path, and blocks of 5 (five blocks over two threads)
        a = track(H, X, TrackerOptions(engine="compiled", threads=1, block=block))
        b = track(H, X, TrackerOptions(engine="compiled", threads=2, block=block))
        assert a.status == b.status and a.success.sum() >= 20
        assert np.array_equal(a.x, b.x) and np.array_equal(a.steps, b.steps) and a.evaluations == b.evaluations


def _worker_joins(monkeypatch):
    """Make every multi-threaded call of the tracker's groups (path_groups.share_jobs) hold the calling thread's
    first job until a job has started on a worker (at most 10 s), so that the worker takes part however loaded
    the machine is. Without it, at load >= 10 a worker not yet scheduled when the caller had pulled every group
    left the caller with all the work (len(per) == 1: failed once each at load 10). Only who runs a
    job is steered: the groups, their number and the accounting are the tracker's; a worker that never starts
    still fails the tests (after the wait). Returns the thread counts the tracker asked for, one per call."""
    import threading

    from algnet.homotopy import path_groups

    real, asked = path_groups.share_jobs, []

    def share_jobs(jobs, threads, *a, **k):
        asked.append(threads)
        jobs = list(jobs)
        if threads < 2 or len(jobs) < 2:
            return real(jobs, threads, *a, **k)
        caller, started, first = threading.get_ident(), threading.Event(), [True]

        def gated(job):
            def run():
                if threading.get_ident() != caller:
                    started.set()
                elif first[0]:
                    first[0] = False
                    started.wait(10.0)
                return job()
            return run
        return real([gated(j) for j in jobs], threads, *a, **k)

    monkeypatch.setattr(path_groups, "share_jobs", share_jobs)
    return asked


def test_two_threads_share_the_work(monkeypatch):
    # the work counters of each thread: with 64 paths in blocks of 16, both threads evaluate, and together
    # they did what one thread did (the batched kernel's evaluations, endpoint refinement apart)
    from algnet.homotopy.compiled import CompiledPathTracker

    asked = _worker_joins(monkeypatch)

    fam = NAMED["dense 3-2-2 r=2"]()
    rng = np.random.default_rng(9)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(64, n)) + 1j * rng.normal(size=(64, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    work = []
    for threads in (1, 2):
        tr = CompiledPathTracker(H, n, TrackerOptions(engine="compiled", threads=threads, block=16))
        tr.add(X)
        while tr.active:
            tr.step()
        work.append(tr.thread_evaluations)
        # (a call with fewer groups under way may take fewer threads; one thread's calls run their groups
        # without share_jobs: path_groups._groups_alone)
        assert max(asked, default=1) == threads
        asked.clear()
    # each thread ran at least the groups the gate gave it (which thread pulls more is the scheduler's choice)
    assert len(work[0]) == 1 and len(work[1]) == 2 and min(work[1]) > 0
    assert sum(work[1]) == work[0][0]


@pytest.mark.parametrize("name", ["katsura4", "cyclic5", "dense222", "conv k=2,3 r=2", "dense 3-2-2 r=2", "attention"])
def test_path_batched_kernel_takes_the_same_steps(name):
    # blocks of paths evaluated together (paths innermost, real and imaginary parts apart) against the
    # path-by-path kernel: the same statuses, steps and rejections, endpoints equal up to rounding;
    # blocks of 5 leave padding lanes in the last block
    fam = NAMED[name]()
    rng = np.random.default_rng(12)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(23, n)) + 1j * rng.normal(size=(23, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    a = track(H, X, TrackerOptions(engine="compiled", block=1))
    for block in (5, 32):
        b = track(H, X, TrackerOptions(engine="compiled", block=block))
        assert a.status == b.status and a.success.sum() >= 15
        assert np.array_equal(a.steps, b.steps) and np.array_equal(a.rejected, b.rejected)
        ok = a.success
        assert np.allclose(a.x[ok], b.x[ok], atol=1e-9 * (1 + np.max(np.abs(a.x[ok]))))


def test_block_size_follows_the_paths_under_way_and_the_tape_size(monkeypatch):
    import algnet.homotopy.compiled as compiled

    fam = NAMED["katsura4"]()
    H = ParameterHomotopy(fam, np.zeros(fam.n_params), np.ones(fam.n_params))
    P = make_tracker(H, fam.n_vars, COMPILED)
    assert P._block(40) == 32 and P._block(15) == 1
    per_path = 16 * len(P.CH.tape.values) * (fam.n_vars + 1)
    monkeypatch.setattr(compiled, "_BLOCK_BYTES", 12 * per_path)      # room for 8 paths, not 16
    assert P._block(40) == 8
    monkeypatch.setattr(compiled, "_BLOCK_BYTES", 4 * per_path)       # a huge tape: path by path
    assert P._block(40) == 1
    assert make_tracker(H, fam.n_vars, TrackerOptions(engine="compiled", block=5))._block(3) == 5


def test_engine_choice_and_errors():
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    assert type(make_tracker(ParameterHomotopy(OffsetFamily(G), [1.0], [2.0]), 1)).__name__ == "CompiledPathTracker"
    assert type(make_tracker(StraightLineHomotopy(G, G, 1.0), 1)).__name__ == "PathTracker"
    with pytest.raises(NotApplicableError):
        make_tracker(StraightLineHomotopy(G, G, 1.0), 1, COMPILED)
    with pytest.raises(ParameterError):
        make_tracker(StraightLineHomotopy(G, G, 1.0), 1, TrackerOptions(engine="fortran"))
    # the series and Hermite predictors were removed (bench/_tracker_predictors.py): refused by name
    with pytest.raises(ParameterError, match="unknown predictor"):
        TrackerOptions(predictor="hermite")


def test_ctrl_c_with_the_compiled_tracker_returns_a_partial_result():
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    p0 = fam.start_parameters(x0)[0]
    calls = [0]

    def key(X):            # runs between kernel calls, where Ctrl-C arrives
        calls[0] += 1
        if calls[0] > 6:
            raise KeyboardInterrupt
        return X

    res = monodromy_solve(fam, x0, p0, seed=0, key=key, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0], options=MonodromyOptions(tracker=COMPILED))
    assert res.partial and res.stop_reason == "interrupted" and 1 <= len(res.solutions) <= 6
    F, _ = fam.evaluate(res.solutions, np.broadcast_to(p0, (len(res.solutions), 2)))
    assert np.max(np.abs(F)) < 1e-8


def test_ctrl_c_between_batched_kernel_calls_returns_a_partial_result(monkeypatch):
    # 40 paths: the batched kernel; Ctrl-C after the second kernel call keeps the paths that ended
    import algnet.homotopy.compiled as compiled

    fam = NAMED["katsura4"]()
    rng = np.random.default_rng(3)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(40, n)) + 1j * rng.normal(size=(40, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    calls = [0]
    step = compiled.CompiledPathTracker._step

    def interrupted(self):
        calls[0] += 1
        if calls[0] > 2:
            raise KeyboardInterrupt
        return step(self)

    monkeypatch.setattr(compiled.CompiledPathTracker, "_step", interrupted)
    res = track(H, X, COMPILED)
    assert res.partial and 10 <= res.count("success") < 40 and res.count("interrupted") >= 1
    ok = res.success
    F, _ = fam.evaluate(res.x[ok], np.broadcast_to(p1, (int(ok.sum()), m)))
    assert np.max(np.abs(F)) < 1e-8


def test_no_numpy_warnings_on_either_engine():
    import warnings

    from algnet.analyses.degree import degree
    from algnet.homotopy.solve import total_degree_solve

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = degree("dense 2-2-1 r=3", method="monodromy", seed=0, certify=False, fiber=False)
        assert r.trace_test_passed
        # x y = 1, x = 2: one finite solution, the other total-degree path diverges (x, y affine)
        S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 0): 1, (0, 0): -2}])
        assert len(total_degree_solve(S, seed=0).solutions) == 1
        # a parameter path that runs to infinity on the compiled engine: x y = p with p -> 0 along y = 1/x
        fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}]))
        res = track(ParameterHomotopy(fam, [1.0, 1.0], [1.0, 0.0]), np.array([[1.0, 1.0]]), COMPILED)
        assert res.status[0] in ("diverged", "failed", "singular", "max_steps")


@pytest.mark.parametrize("others, threads", [(0.0, 2), (2.0, 1), (8.0, 1)])
def test_default_threads_follow_the_idle_cores(monkeypatch, others, threads):
    # the default (threads=0) takes a second thread only when other jobs leave a core idle; the same
    # endpoints either way
    from algnet.homotopy import tracker_options
    from algnet.homotopy.compiled import CompiledPathTracker

    asked = _worker_joins(monkeypatch)
    monkeypatch.setattr(tracker_options, "usable_cores", lambda: 2)
    monkeypatch.setattr(tracker_options, "other_load", lambda: others)
    fam = NAMED["dense 3-2-2 r=2"]()
    rng = np.random.default_rng(10)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(48, n)) + 1j * rng.normal(size=(48, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    H = ParameterHomotopy(fam, P0, np.broadcast_to(p1, P0.shape).copy())
    tr = CompiledPathTracker(H, n, TrackerOptions(engine="compiled", block=16))
    tr.add(X)
    tr.step()
    # (one thread: the groups run without share_jobs, path_groups._groups_alone)
    assert TrackerOptions().threads == 0 and asked == ([threads] if threads > 1 else []) \
        and len(tr.thread_evaluations) == threads
    a = track(H, X, TrackerOptions(engine="compiled", block=16))
    b = track(H, X, TrackerOptions(engine="compiled", block=16, threads=1))
    assert np.array_equal(a.x, b.x) and a.status == b.status


def test_other_load_leaves_out_this_process(monkeypatch):
    # the load average counts this process's own threads: one tracking thread alone on 2 cores (load 1)
    # or two (load 2, 2 CPU seconds per wall second) leaves no other job, so two threads; load 3 with
    # one thread of ours is two other jobs, so one thread
    import os
    import time as _time

    from algnet.homotopy import tracker_options as to

    clock = {"w": 1000.0, "c": 50.0, "load": 1.0}
    monkeypatch.setattr(_time, "monotonic", lambda: clock["w"])
    monkeypatch.setattr(_time, "process_time", lambda: clock["c"])
    monkeypatch.setattr(os, "getloadavg", lambda: (clock["load"], 0.0, 0.0))
    monkeypatch.setattr(to, "usable_cores", lambda: 2)
    monkeypatch.setattr(to, "_OWN", [None, 0.0, 1.0])
    assert to.other_load() == 0.0 and to.auto_threads(0, 100, 32, 1e-5) == 2
    clock.update(w=1010.0, c=70.0, load=2.0)          # two threads for 10 s
    assert to.other_load() == 0.0 and to.auto_threads(0, 100, 32, 1e-5) == 2
    clock.update(w=1080.0, c=140.0, load=3.0)         # one thread for 70 s more (own share 90/80), others busy
    assert abs(to.other_load() - (3.0 - 90 / 80)) < 1e-12 and to.auto_threads(0, 100, 32, 1e-5) == 1
