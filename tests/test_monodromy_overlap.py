"""MonodromyOptions.overlap: the tracker's next kernel call on a worker thread while the solver processes the last
endpoints. The call itself gives what step() gives (bit for bit); the degree route with overlap finds the same
degrees with passing trace tests, and its results do not depend on the threads or the timing; the tracker's
per-path arrays grow in buffers (algnet.homotopy.rows) with the same contents as before."""

from dataclasses import replace

import numpy as np
import pytest

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.rows import GrowingRows
from algnet.homotopy.systems import OffsetFamily, katsura
from algnet.homotopy.tracker import TrackerOptions


def _tracker(seed=3, k=40):
    from algnet.homotopy.compiled import CompiledPathTracker

    fam = OffsetFamily(katsura(4))
    rng = np.random.default_rng(seed)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m))
    H = ParameterHomotopy(fam, np.zeros((0, m)), np.zeros((0, m)))
    tr = CompiledPathTracker(H, n, TrackerOptions(engine="compiled", threads=2, stop_batch=0.5))
    return tr, H, X, P0, np.broadcast_to(p1, P0.shape).copy()


def test_step_begin_end_gives_step_bit_for_bit():
    """Two trackers, the same paths added in two parts: one steps in the calling thread, the other on a worker
    while the calling thread finishes the paths stopped in the call before; the same stops and endpoints."""
    a, Ha, X, P0, P1 = _tracker()
    b, Hb, _, _, _ = _tracker()
    for tr, H in ((a, Ha), (b, Hb)):
        H.extend(P0[:25], P1[:25])
        tr.add(X[:25])
    added = False
    last_b = np.empty(0, dtype=np.int64)
    while a.active or b.active or not added:
        sa = a.step()
        b.step_begin()
        b.finish(last_b)                # beside the kernel call: rows of paths not under way
        with pytest.raises(RuntimeError):
            b.add(X[:1])
        sb = b.step_end()
        assert np.array_equal(sa, sb)
        a.finish(sa)
        last_b = sb
        if not added:
            for tr, H in ((a, Ha), (b, Hb)):
                H.extend(P0[25:], P1[25:])
                tr.add(X[25:])
            added = True
    b.finish(last_b)
    assert a.size == b.size == 40
    assert np.array_equal(a.X, b.X) and list(a.status) == list(b.status)
    assert np.array_equal(a.steps, b.steps) and np.array_equal(a.rejected, b.rejected)
    assert sum(s == "success" for s in a.status) >= 30


def test_growing_rows_keep_the_rows_and_their_order():
    rng = np.random.default_rng(0)
    g = GrowingRows((3,), np.complex128)
    parts = [rng.normal(size=(int(rng.integers(0, 50)), 3)) + 0j for _ in range(20)]
    views = []
    for p in parts:
        views.append(g.append(p))
    whole = np.concatenate(parts)
    assert np.array_equal(g.view, whole) and g.view.flags.c_contiguous and g.view.flags.writeable
    # an earlier view still shows its rows (those appended later are not in it)
    assert all(np.array_equal(v, whole[:v.shape[0]]) for v in views)


@pytest.mark.parametrize("spec, expected", [("linear 4-2-4", 20), ("dense 3-2-2 r=2", 15)])
def test_degree_with_overlap(spec, expected):
    """The degree with overlap is the known one (4 x 4 matrices of rank <= 2: 20, the determinantal degree;
    dense 3-2-2 r=2: 15, as tests/test_thread_reproducibility.py has it), the trace test passes, and the paths do
    not depend on the threads (the worker's timing changes nothing)."""
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    base = replace(degree_options(parse_spec(spec), stop_at_expected=False), overlap=True)
    runs = []
    for threads in (1, 2):
        opt = replace(base, tracker=replace(base.tracker, threads=threads))
        runs.append(degree(spec, seed=1, options=opt, method="monodromy", fiber=False, certify=False,
                           confirm=False, force=True))
    assert [r.degree for r in runs] == [expected, expected]
    assert all(r.trace_test_passed for r in runs)
    assert runs[0].paths == runs[1].paths


def test_ctrl_c_with_overlap_waits_for_the_kernel_call_and_keeps_the_solutions():
    """A Ctrl-C while the endpoints are processed beside a kernel call: the call is waited for (it writes into the
    tracker's arrays), the result is partial with the solutions found, and the tracker has no call under way."""
    from itertools import product

    from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver
    from algnet.homotopy.systems import PolynomialSystem

    rng = np.random.default_rng(2)        # G(x) = p with G of degrees 3 and 3, dense: 9 solutions (Bezout)
    fam = OffsetFamily(PolynomialSystem.from_terms([
        {e: complex(rng.normal(), rng.normal()) for e in product(range(4), repeat=2) if 0 < sum(e) <= 3}
        for _ in range(2)]))
    count = 9
    x0 = (rng.normal(size=2) + 1j * rng.normal(size=2)) / np.sqrt(2)
    p0 = fam.start_parameters(x0)[0]
    calls = {"n": 0, "inflight": []}
    solver = MonodromySolver(fam, MonodromyOptions(overlap=True, tracker=TrackerOptions(engine="compiled")))

    def key(X):
        calls["n"] += 1
        tr = solver.scheduler.tracker if solver.scheduler is not None else None
        calls["inflight"].append(tr is not None and tr._inflight is not None)
        if calls["inflight"][-1] and calls["n"] >= 3 and not calls.get("raised"):   # beside a kernel call, once
            calls["raised"] = True                                                  # a few points are known
            raise KeyboardInterrupt
        return X

    solver.keyf = key
    res = solver.solve(x0, p0, seed=0)
    assert res.partial and res.stop_reason == "interrupted"
    assert calls.get("raised"), "the Ctrl-C did not come beside a kernel call"
    assert solver.scheduler.tracker._inflight is None and solver.scheduler.deferred is None
    k = len(res.solutions)
    assert 1 <= k < count
    F, _ = fam.evaluate(res.solutions, np.broadcast_to(p0, (k, fam.n_params)))
    assert np.max(np.abs(F)) < 1e-8 * (1 + np.max(np.abs(p0)))


def test_calls_to_the_end_beside_give_the_calls_of_step_bit_for_bit():
    """step_begin(to_end=True): the calls until no path is under way run on a worker; the paths that stop, in their
    order, the endpoints, steps and the counters are those of as many step() calls; the switch interval is back."""
    import sys

    a, Ha, X, P0, P1 = _tracker(seed=5)
    b, Hb, _, _, _ = _tracker(seed=5)
    for tr, H in ((a, Ha), (b, Hb)):
        H.extend(P0, P1)
        tr.add(X)
    parts = []
    while a.active:
        parts.append(a.step())
    before = sys.getswitchinterval()
    b.step_begin(to_end=True)
    sb = b.step_end()
    assert sys.getswitchinterval() == before and b._inflight is None
    assert len(parts) > 1, "one call ended every path: nothing to compare"
    assert np.array_equal(np.concatenate(parts), sb) and b.active == 0
    a.finish(np.concatenate(parts))
    b.finish(sb)
    assert np.array_equal(a.X, b.X) and list(a.status) == list(b.status)
    assert np.array_equal(a.steps, b.steps) and (a.rounds, a.H.rows, a.H.light) == (b.rounds, b.H.rows, b.H.light)


def test_cancelled_calls_to_the_end_stop_after_the_call_under_way():
    """After a Ctrl-C (the cancel event set) the worker makes no further call: one call's paths, as step() gives."""
    import threading

    a, Ha, X, P0, P1 = _tracker(seed=6)
    b, Hb, _, _, _ = _tracker(seed=6)
    for tr, H in ((a, Ha), (b, Hb)):
        H.extend(P0, P1)
        tr.add(X)
    cancel = threading.Event()
    cancel.set()
    calls = b._calls(b._prepare(), True, cancel)
    assert len(calls) == 1
    assert np.array_equal(b._conclude(*calls[0]), a.step()) and a.active == b.active > 0


def test_split_processing_keeps_the_degree_and_sends_beside():
    """A return that leaves no path under way is processed in two parts with overlap (SPLIT_SHARE): the transports
    of the first part are tracked beside the second (a kernel call under way while keys are computed), and the
    degree is the known one with a passing trace test."""
    from algnet import parse_spec
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options
    from algnet.homotopy.monodromy import solver as S

    seen = {"beside": 0}
    orig = S.MonodromySolver._process_part

    def spy(self, stopped):
        tr = self.scheduler.tracker
        seen["beside"] += tr._inflight is not None
        return orig(self, stopped)

    S.MonodromySolver._process_part = spy
    try:
        opt = replace(degree_options(parse_spec("linear 4-2-4"), stop_at_expected=False), overlap=True)
        r = degree("linear 4-2-4", seed=0, options=opt, method="monodromy", fiber=False, certify=False,
                   confirm=False, force=True)
    finally:
        S.MonodromySolver._process_part = orig
    assert r.degree == 20 and r.trace_test_passed
    assert seen["beside"] > 0
