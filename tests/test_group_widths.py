"""A group of part of a block runs in a narrower block (algnet.homotopy.path_groups.group_widths): the same
steps, statuses and endpoints bit for bit as in the full-width block; the path-by-path calls that run every path to
its end in groups of one path on two threads, the same as one group."""

import numpy as np
import pytest

from algnet.homotopy.batched import advance_batched, batched_work
from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.path_groups import group_bounds, group_widths
from algnet.homotopy.tracker import TrackerOptions


def _state(tr):
    return (tr.X.copy(), tr.T.copy(), tr.h.copy(), tr.code.copy(), tr.steps.copy(), tr.rejected.copy(),
            tr.V.copy(), tr.vok.copy())


def _track(name, paths, B, rounds):
    """paths (indices) of the system tracked by advance_batched calls of ``rounds`` rounds in blocks of B, each
    call to the first stop; the state arrays after."""
    from test_endpoint_conditions import _system     # tests/ is on the path under pytest

    fam, H, X = _system(name, N=40)
    tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=1))
    tr.add(X)
    code, didx, didx2, _, lo, hi, values, outs = tr.CH.tape.args
    P0, P1 = tr.CH.parameters(tr.size)
    work = batched_work(values, fam.n_vars, P0.shape[1], B)
    act = np.asarray(paths)
    calls = 0
    while act.size:
        advance_batched(act, code, didx, didx2, tr._cre, tr._cim, lo, hi, values, outs, tr.n, tr.X, tr.T, tr.h,
                        tr.code, tr.steps, tr.rejected, tr.V, tr.vok, P0, P1, tr._opt, rounds, 1, B, None, True,
                        True, work)
        act = act[tr.code[act] == 0]
        calls += 1
    return calls, _state(tr)


@pytest.mark.parametrize("name", ["katsura4", "dense 3-2-2 r=2", "linear 3-2-3"])
def test_narrower_blocks_give_the_same_paths_bit_for_bit(name):
    paths = [1, 4, 5, 9, 17, 30]                     # six paths: the last group of 38 in blocks of 32
    w = group_widths(group_bounds(38, 32), 32)[-1]
    assert w == 8
    calls, ref = _track(name, paths, 32, 4)
    assert calls >= 3                                # several calls, each to the first stop
    for B in (w, 16, 6):                             # the width chosen, another power of two, any width
        _, got = _track(name, paths, B, 4)
        for u, v in zip(ref, got):
            assert np.array_equal(u, v, equal_nan=True)
    assert (ref[3][paths] == 1).sum() >= 4           # most of them reached t = 1


def test_widths_hold_their_groups():
    for k in range(1, 300):
        for block in (8, 16, 32):
            bounds = group_bounds(k, block)
            for (a, b), w in zip(bounds, group_widths(bounds, block)):
                assert b - a <= w or w == block      # a group of whole blocks keeps the block
                assert w >= 2 and (w == block or w // 2 < max(b - a, 2))   # the narrowest that holds it


@pytest.mark.parametrize("name", ["katsura4", "dense 3-2-2 r=2"])
def test_paths_to_their_end_in_groups_of_one_path(name):
    # under stop_all_below paths the path-by-path kernel runs every path to its end: on two threads in groups of
    # one path (group_bounds(..., to_end=True)), on one as one group; the same paths and endpoints bit for bit
    from test_endpoint_conditions import _system

    fam, H, X = _system(name, N=12)
    got = []
    for threads in (1, 2):
        tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=threads, stop_all_below=16))
        tr.add(X[:11])
        calls = 0
        while tr.active:
            tr.finish(tr.step())
            calls += 1
        got.append((calls, tr.status.tolist()) + _state(tr))
    assert got[0][0] == got[1][0] and got[0][1] == got[1][1]
    for u, v in zip(got[0][2:], got[1][2:]):
        assert np.array_equal(u, v, equal_nan=True)
    assert got[0][1].count("success") >= 8


@pytest.mark.parametrize("name", ["katsura4", "cyclic5"])
def test_groups_narrowed_as_their_paths_stop_give_the_same_paths(name, monkeypatch):
    # path_groups._narrowing (NARROW_FROM 0: every tape) against one call per group (NARROW_FROM infinite): calls
    # returning at three quarters of their paths stopped, so groups are cut mid-call; the same bit for bit
    from test_endpoint_conditions import _system
    from algnet.homotopy import compiled

    from algnet.homotopy import path_groups

    fam, H, X = _system(name, N=80)
    seen = {"groups": 0, "calls": 0}
    plain = path_groups._narrowing

    def counted(kernel, *a):
        seen["groups"] += 1

        def k(*b):
            seen["calls"] += 1
            return kernel(*b)
        return plain(k, *a)

    monkeypatch.setattr(path_groups, "_narrowing", counted)
    got = []
    for level in (0.0, float("inf")):
        monkeypatch.setattr(compiled, "NARROW_FROM", level)
        tr = CompiledPathTracker(H, fam.n_vars, TrackerOptions(engine="compiled", threads=2, stop_batch=0.75,
                                                               stop_all_below=16))
        tr.add(X)
        calls = 0
        while tr.active:
            tr.finish(tr.step())
            calls += 1
        got.append((calls, tr.status.tolist(), tr.H.rows) + _state(tr))
    assert got[0][:3] == got[1][:3] and got[0][0] >= 3
    assert seen["calls"] > seen["groups"] > 0         # some groups were continued in narrower blocks
    for u, v in zip(got[0][3:], got[1][3:]):
        assert np.array_equal(u, v, equal_nan=True)
