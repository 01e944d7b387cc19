"""The batched kernel's work arrays pooled across trackers (algnet.homotopy.work_pool): a set re-initialised for
another tape is, array by array, the set batched_work makes for it, and a tracking with it gives the results of a
fresh set bit for bit."""

import threading

import numpy as np

from algnet.homotopy import work_pool
from algnet.homotopy.batched import batched_work
from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.tracker import TrackerOptions
from algnet.homotopy.work_pool import pooled_work, reset_work

# arrays made empty by batched_work (written before read): MB, IB of the blocks, times and parameters of the narrow
_EMPTY_SCRATCH = {13, 15}
_EMPTY_NARROW = {2, 3}


def _leaves(work):
    """(name, array) of every array of a set, but the ones made empty."""
    SC, NS = work
    out = [(f"SC[{i}]", a) for i, a in enumerate(SC) if i not in _EMPTY_SCRATCH]
    for k, NW in enumerate(NS):
        out += [(f"NS[{k}].S[{i}]", a) for i, a in enumerate(NW[0])]
        out += [(f"NS[{k}][{i}]", a) for i, a in enumerate(NW) if i and i not in _EMPTY_NARROW]
    return out


def _scribble(work, rng):
    """Every array of a set filled with noise (what another tape's tracking could have left)."""
    for _, a in _leaves(work):
        if a.dtype == np.bool_:
            a[...] = rng.random(a.shape) < 0.5
        elif a.dtype.kind == "i":
            a[...] = rng.integers(-5, 50, a.shape)
        else:
            a[...] = rng.normal(size=a.shape) * 1e3


def test_a_reset_set_is_the_fresh_set_array_by_array():
    rng = np.random.default_rng(1)
    for n, nr, m, B in [(1, 4, 1, 4), (3, 17, 5, 32), (8, 60, 12, 16)]:
        values = rng.normal(size=nr) + 1j * rng.normal(size=nr)
        fresh = batched_work(values, n, m, B)
        w = batched_work(rng.normal(size=nr) + 0j, n, m, B)       # made for other constants
        _scribble(w, rng)
        reset_work(w, values, n)
        for (name, a), (_, b) in zip(_leaves(w), _leaves(fresh)):
            assert a.shape == b.shape and np.array_equal(a, b), (n, nr, m, B, name)


def test_a_set_scribbled_on_then_reset_tracks_like_a_fresh_one_bit_for_bit():
    from test_endpoint_conditions import _system     # tests/ is on the path under pytest
    from test_tracker_work_reuse import _run

    rng = np.random.default_rng(2)
    for name in ("katsura4", "dense 3-2-2 r=2"):
        fam, H, X = _system(name, N=80)
        opt = TrackerOptions(engine="compiled", threads=1)
        values = CompiledPathTracker(H, fam.n_vars, opt).CH.tape.args[6]
        fresh = CompiledPathTracker(H, fam.n_vars, opt)
        fresh.add(X)
        a = _run(fresh, lambda m: batched_work(values, fam.n_vars, m, 32))
        kept = {}

        def scribbled(m):
            if "w" not in kept:
                kept["w"] = batched_work(values, fam.n_vars, m, 32)
            _scribble(kept["w"], rng)              # before every call: the state another tape left
            reset_work(kept["w"], values, fam.n_vars)
            return kept["w"]

        reset = CompiledPathTracker(H, fam.n_vars, opt)
        reset.add(X)
        b = _run(reset, scribbled)
        assert a[0] >= 3
        for u, v in zip(a[1:], b[1:]):
            assert np.array_equal(u, v, equal_nan=True)
        assert (a[4] == 1).sum() >= 40


def test_the_pool_hands_a_thread_s_set_to_the_next_tracker_of_the_same_shapes():
    work_pool.clear_pool()
    v1 = np.array([1.0 + 0j, 2.0 + 0j, 3.0 + 0j])
    v2 = np.array([4.0 + 0j, 5.0 + 0j, 6.0 + 0j])
    a = pooled_work(v1, 1, 1, 4)
    assert pooled_work(v1, 1, 1, 4) is a                    # same tape: no re-initialisation needed
    a[0][0][0, 2, 0] = 99.0
    assert pooled_work(v1, 1, 1, 4)[0][0][0, 2, 0] == 99.0   # left as the last call left it (as one tracker did)
    b = pooled_work(v2, 1, 1, 4)
    assert b is a and b[0][0][0, :, 0].tolist() == [4.0, 5.0, 6.0]
    c = pooled_work(v2, 1, 1, 8)                              # another block: another set
    assert c is not a
    key = (threading.get_ident(), 3, 1, 1, 4)
    assert work_pool._POOL[key][1] is a
    done = []
    t = threading.Thread(target=lambda: done.append(pooled_work(v2, 1, 1, 4)))
    t.start()
    t.join()
    assert done[0] is not a                                   # another thread: its own set
    for k in range(work_pool.POOL_SETS + 1):
        pooled_work(v1, 1, 1, 16 + k)
    assert len(work_pool._POOL) <= work_pool.POOL_SETS
    work_pool.clear_pool()


def test_the_pool_keeps_at_most_pool_bytes(monkeypatch):
    work_pool.clear_pool()
    v = np.arange(50) + 0j
    size = work_pool._nbytes(batched_work(v, 4, 3, 32))
    assert size > 0
    monkeypatch.setattr(work_pool, "POOL_BYTES", int(2.5 * size))
    sets = [pooled_work(v, 4, 3, 32), pooled_work(v, 4, 3, 32)]
    assert sets[0] is sets[1] and len(work_pool._POOL) == 1
    for k in range(5):                                     # other shapes of the same size: at most two kept
        pooled_work(np.arange(50 + k + 1) * 0j, 4, 3, 32)
        assert sum(e[2] for e in work_pool._POOL.values()) <= work_pool.POOL_BYTES
    monkeypatch.setattr(work_pool, "POOL_BYTES", size - 1)   # a set bigger than the bound: not kept
    work_pool.clear_pool()
    a = pooled_work(v, 4, 3, 32)
    assert len(work_pool._POOL) == 0 and pooled_work(v, 4, 3, 32) is not a
    work_pool.clear_pool()



def test_kernels_of_two_tapes_taking_turns_each_see_their_own_registers(monkeypatch):
    # two tapes of the same shapes, other register values: each thread's pooled set changes hands at every turn;
    # every call of each tape's kernel (work_pool.pooled_kernel) must get a set holding its own registers (as
    # batched_work makes them), never the other tape's, although it keeps its set's entry between calls
    import algnet.homotopy.batched as batched

    seen = []
    monkeypatch.setattr(batched, "advance_batched", lambda *a: seen.append(a[-1][0][0][0, :, 0].copy()))
    work_pool.clear_pool()
    va, vb = np.array([1.0, 2.0, 3.0]) + 0j, np.array([4.0, 5.0, 6.0]) + 0j
    ka, kb = work_pool.pooled_kernel(va, 1, 1), work_pool.pooled_kernel(vb, 1, 1)
    for k in (ka, kb, ka, ka, kb, kb, ka):
        k(4)                                       # the block size is the last argument
    assert [r.tolist() for r in seen] == [v.real.tolist() for v in (va, vb, va, va, vb, vb, va)]
    work_pool.clear_pool()
