"""The path-by-path kernel on two threads (algnet.homotopy.path_threads): below 16 paths under way, where two
threads are allowed, each thread steps its own share of the paths; the endpoints are those of one thread."""

import numpy as np

from algnet.homotopy.tracker import TrackerOptions, track


def test_path_by_path_on_two_threads_is_one_thread_bit_for_bit(monkeypatch):
    from test_endpoint_conditions import _system      # tests/ is on the path under pytest

    from algnet.homotopy import path_threads
    from algnet.homotopy.compiled import CompiledPathTracker

    calls = []
    real = path_threads.advance_nogil

    def spy(active, *rest):
        calls.append(len(active))
        return real(active, *rest)

    monkeypatch.setattr(path_threads, "advance_nogil", spy)
    for name in ("cyclic5", "dense 3-2-2 r=2"):
        fam, H, X = _system(name, N=12)
        tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=2))
        tr.add(X)
        tr.step()
        assert calls[:2] == [6, 6] and tr.thread_seconds[0] >= tr.thread_seconds[1] > 0
        a = track(H, X, TrackerOptions(engine="compiled", threads=1))
        b = track(H, X, TrackerOptions(engine="compiled", threads=2))
        assert a.status == b.status and np.array_equal(a.x, b.x) and a.evaluations == b.evaluations
        calls.clear()
    # an explicit block=1 stays on one thread (TrackerOptions.block: path by path, one thread)
    track(H, X, TrackerOptions(engine="compiled", threads=2, block=1))
    assert calls == []
