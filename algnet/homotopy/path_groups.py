"""The groups of paths of one kernel call of the compiled tracker: fixed by the paths under way, shared by threads.

One call of :meth:`CompiledPathTracker.step <algnet.homotopy.compiled.CompiledPathTracker>` cuts the paths under way
into contiguous groups (:func:`group_bounds`: whole blocks of the batched kernel, at most :data:`GROUPS` groups;
path by path, groups of :data:`PATHS_PER_GROUP` paths or more, at most :data:`PATH_GROUPS`), and
:func:`advance_groups` runs one kernel call per group, each group stopping after its own share of the call's stops.
The groups depend only on the number of paths under way (and the block size), never on the threads, and which thread
runs a group changes nothing in it: so the paths that stop at each call, the kernel (batched or path by path) each
step runs in and therefore every endpoint are the same for any number of threads and any load (a path-by-path call
that runs every path to its end is cut by the threads it has: there any groups give the same paths,
:func:`group_bounds`) (issue 16: with groups made per thread, ``degree(..., method="monodromy")`` took a different
number of paths for the same seed on one thread and on two, since the path-by-path and batched kernels round
differently in the last bits and the crossing between them moved). Every batched block size and lane rounds alike,
and the path-by-path kernel is per path, so the results are bit for bit.

The threads (:func:`algnet.homotopy.threads.share_jobs`) pull the groups one after another, so a
thread whose groups stop early takes the next one instead of idling: with two fixed groups (one per
thread), their imbalance cost 7-17% of the threaded CPU in ``track`` of 1,024 paths, and a worker thread that
the scheduler does not run (another job on its core) stalled the whole call; here the calling thread takes its
groups. :data:`GROUPS`: 2, 4, 8 and 16 give the same critical path within the noise; 8 bounds what a
descheduled worker can hold up to an eighth of a call. The table: :mod:`algnet.homotopy.compiled`.

Python threads instead of numba's parallel layer: with the TBB layer (the only one here that is both thread-
and fork-safe) the second worker took no work at all on a 2-core machine (per-thread CPU from /proc: 0.45 s
against 0.00 s for a prange over 2 to 64 iterations), while
the workqueue and OpenMP layers split it evenly; plain threads split it evenly under any layer and cost
no extra compilation (the parallel kernel took about 35 s of CPU to compile).

Examples
--------
>>> group_bounds(100, 32), group_bounds(24, 16), group_bounds(7, 1), group_bounds(13, 1)
([(0, 32), (32, 64), (64, 96), (96, 100)], [(0, 16), (16, 24)], [(0, 7)], [(0, 7), (7, 13)])
>>> group_bounds(3, 1, to_end=True)
[(0, 1), (1, 2), (2, 3)]
"""

from __future__ import annotations

import time

from algnet.homotopy.threads import share_jobs, split_rows

__all__ = ["GROUPS", "PATH_GROUPS", "PATHS_PER_GROUP", "PATHS_TO_END", "NARROWEST", "NARROW_FROM", "group_bounds",
           "group_widths", "advance_groups", "advance_alone", "path_groups_call", "advance_call"]

#: the batched kernel: at most this many groups of whole blocks per call
GROUPS = 8
#: the path-by-path kernel: groups of at least this many paths ...
PATHS_PER_GROUP = 4
#: ... and at most this many groups per call
PATH_GROUPS = 2


#: path by path, a call that runs every path to its end: groups of this many paths (:func:`group_bounds`)
PATHS_TO_END = 1


def group_bounds(k: int, block: int, to_end: bool = False) -> list:
    """The groups of ``k`` paths under way as (start, stop) positions: whole blocks of ``block`` paths, at
    most :data:`GROUPS` groups (``block`` >= 2), or path by path (``block`` 1) groups of at least
    :data:`PATHS_PER_GROUP` paths, at most :data:`PATH_GROUPS`. Depends on nothing else.

    ``to_end`` (path by path, a call that runs every path to its end, as the compiled tracker's calls with fewer
    than ``TrackerOptions.stop_all_below`` paths under way): groups of :data:`PATHS_TO_END` path, pulled by the
    threads in turn. There the groups change nothing: the path-by-path kernel steps each path by its own data
    and every path runs until it stops (or the call's rounds are over), so the same paths stop with the same
    endpoints for any grouping; the tracker makes them only when the call has two threads (on one, a single
    group: one kernel call). Groups of 1 or 2 paths instead of one group of 1-7 paths shorten the critical path
    on two idle cores of those calls by about a third (their CPU 3-10% more), and all the tracking calls'
    critical path of a degree run by 6-14% (``bench_degree``'s options, ``threads=2``).

    Examples
    --------
    >>> group_bounds(1024, 32)[:2], len(group_bounds(1024, 32)), group_bounds(3, 1)
    ([(0, 128), (128, 256)], 8, [(0, 3)])
    """
    if block > 1:
        return split_rows(k, GROUPS, block)
    if to_end:
        return split_rows(k, k, PATHS_TO_END)
    return split_rows(k, max(1, min(PATH_GROUPS, k // PATHS_PER_GROUP)))


#: the narrowest block of a group of the batched kernel (:func:`group_widths`)
NARROWEST = 2

#: :func:`advance_groups` with ``narrow``: the compiled tracker asks for it on tapes of at least this many seconds
#: an evaluation (``Tape.seconds_per_evaluation``), where half a block's round saves more than a kernel call costs.
#: On degree runs (``bench_degree``'s options, ``threads=2``) narrowing shortens the tracking calls' work and
#: critical path by about 5% on linear 6-2-4 (3.4e-6 s an evaluation) and not on the cases with cheaper
#: evaluations (0.7e-6 - 2.7e-6 s), where it costs a few percent
NARROW_FROM = 3e-6


def group_widths(bounds: list, block: int) -> list:
    """The block width of each group of ``bounds`` (:func:`group_bounds` with ``block`` >= 2): ``block`` for a
    group of ``block`` paths or more, else the narrowest of ``block`` / 2, ``block`` / 4, ... (at least
    :data:`NARROWEST`) that holds the group's paths.

    A group's kernel computes every lane of its blocks, live or not, and the last group of a call is often a
    part of a block (33-63 paths under way: a block of 32 and one of 1-31 paths). Every block width rounds
    alike (:mod:`algnet.homotopy.batched`) and the groups and their stops are unchanged, so the paths, their
    steps and endpoints are the same bit for bit; only the empty lanes are not computed: 4-13% less CPU in
    the tracking kernels of degree runs. The narrower blocks' work arrays come from the pool
    (:func:`~algnet.homotopy.work_pool.pooled_work`), which re-initialises a set instead of making a new one.

    Examples
    --------
    >>> group_widths(group_bounds(38, 32), 32), group_widths(group_bounds(100, 32), 32)
    ([32, 8], [32, 32, 32, 4])
    >>> group_widths(group_bounds(20, 16), 16), group_widths([(0, 1)], 16)
    ([16, 4], [2])
    """
    out = []
    for a, b in bounds:
        w = block
        while w // 2 >= max(b - a, NARROWEST):
            w //= 2
        out.append(w)
    return out


def advance_groups(kernel, args: tuple, extra, bounds: list, threads: int, cpu=None,
                   narrow: bool = False) -> tuple:
    """``kernel(group, *args[1:-1], share, *extra)`` for each group ``args[0][a:b]`` of ``bounds``, on ``threads``
    threads pulling the groups in turn; ``args`` are those of :func:`algnet.homotopy.kernels.advance` (the active
    paths first, ``min_stopped`` last) and each group stops after its share of ``min_stopped`` (at least one path);
    ``extra``: a tuple for every group, or a list of one tuple per group (the block width of each:
    :func:`group_widths`); ``narrow`` (the batched kernel, ``extra`` its widths): each group continues in narrower
    blocks as its paths stop (``_narrowing``). Returns (rounds: the most of any group, evaluations, light
    evaluations, evaluations by each thread); ``cpu``: see :func:`algnet.homotopy.threads.share_jobs`.

    Examples
    --------
    Eight paths of x^2 = p from p = 1 to 4, path by path in two groups of four, on two threads
    (``min_stopped`` 8: to the end):

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> from algnet.homotopy.path_threads import advance_nogil
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0], [-1.0]] * 4))
    >>> P0, P1 = tr.CH.parameters(8)
    >>> args = (np.arange(8), *tr.CH.tape.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V, tr.vok,
    ...         P0, P1, tr._opt, 200, 8)
    >>> rounds, ev, light, per = advance_groups(advance_nogil, args, (), group_bounds(8, 1), 2)
    >>> tr.code.tolist(), np.round(tr.X[:, 0].real, 6).tolist(), sum(per) == ev
    ([1, 1, 1, 1, 1, 1, 1, 1], [2.0, -2.0, 2.0, -2.0, 2.0, -2.0, 2.0, -2.0], True)
    """
    active, min_stopped = args[0], args[-1]
    middle = args[1:-1]
    total = max(len(active), 1)

    extras = extra if isinstance(extra, list) else [extra] * len(bounds)
    if int(threads) <= 1 or len(bounds) == 1:
        return _groups_alone(kernel, active, middle, min_stopped, total, extras, bounds, cpu, narrow)

    def job(a, b, e):
        g = active[a:b]
        share = max(1, -(-min_stopped * len(g) // total))
        if narrow:
            return lambda: _narrowing(kernel, g, middle, share, e[0])
        return lambda: kernel(g, *middle, share, *e)

    owner = []
    out = share_jobs([job(a, b, e) for (a, b), e in zip(bounds, extras)], threads, cpu, owner)
    per = [0] * (max(owner, default=0) + 1)
    for w, o in zip(owner, out):
        per[w] += int(o[1])
    return max(int(o[0]) for o in out), sum(int(o[1]) for o in out), sum(int(o[2]) for o in out), per


def _groups_alone(kernel, active, middle, min_stopped, total, extras, bounds, cpu, narrow) -> tuple:
    """:func:`advance_groups` on the calling thread alone: the same kernel calls in the same order, the same results
    and CPU accounting (that of :func:`~algnet.homotopy.threads.share_jobs` on one thread), without its jobs'
    closures and the threads' bookkeeping."""
    c = time.thread_time()
    r = ev = lev = 0
    try:
        for (a, b), e in zip(bounds, extras):
            g = active[a:b]
            share = max(1, -(-min_stopped * len(g) // total))
            o = _narrowing(kernel, g, middle, share, e[0]) if narrow else kernel(g, *middle, share, *e)
            r, ev, lev = max(r, int(o[0])), ev + int(o[1]), lev + int(o[2])
    finally:
        if cpu is not None:
            dt = time.thread_time() - c
            cpu[0] += dt
            cpu[1] += dt
    return r, ev, lev, [ev]


def advance_alone(kernel, args: tuple, cpu, per: bool) -> tuple:
    """:func:`advance_groups` of one group on the calling thread (the same kernel call with the same arguments, the
    same results and CPU accounting) without its jobs, closures and thread bookkeeping: (rounds, evaluations,
    light evaluations, [evaluations] if ``per`` else None).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> from algnet.homotopy.path_threads import advance_nogil
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0], [-1.0]]))
    >>> P0, P1 = tr.CH.parameters(2)
    >>> args = (np.arange(2), *tr.CH.tape.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V, tr.vok,
    ...         P0, P1, tr._opt, 200, 2)
    >>> cpu = [0.0, 0.0]
    >>> rounds, ev, light, per = advance_alone(advance_nogil, args, cpu, True)
    >>> tr.code.tolist(), per == [ev], cpu[0] == cpu[1] > 0
    ([1, 1], True, True)
    """
    c = time.thread_time()
    try:
        out = kernel(*args)
    finally:
        dt = time.thread_time() - c
        cpu[0] += dt
        cpu[1] += dt
    ev = int(out[1])
    return int(out[0]), ev, int(out[2]), [ev] if per else None


def _narrowing(kernel, g, middle, share, w):
    """One group's call of the batched kernel (``kernel(g, *middle, share, w)``) continued in narrower blocks once its
    paths under way fit in half the block (:data:`NARROW_FROM`): a call that stops when they fit (``min_stopped``
    the group's size less half the block, where that comes before its own stops), then the same group's paths still
    under way in the narrowest block that holds them, with the rounds and stops left (the kernel's arguments are
    those of :func:`algnet.homotopy.batched.advance_batched`: ``middle[13]`` the paths' codes). Every path takes one
    step a round until the group's stops are reached, as in one call, and every width rounds alike: the same steps,
    stops and endpoints bit for bit. Returns (rounds, evaluations, light evaluations)."""
    status, rounds_left, head = middle[13], middle[-1], middle[:-1]
    r = ev = lev = stopped = 0
    live = g
    while True:
        n, target = live.size, share - stopped
        ms = n - w // 2 if w // 2 >= NARROWEST and n > w // 2 and n - w // 2 < target else target
        out = kernel(live, *head, rounds_left, ms, w)
        r, ev, lev = r + int(out[0]), ev + int(out[1]), lev + int(out[2])
        rounds_left -= int(out[0])
        still = live[status[live] == 0]
        stopped += n - still.size
        if ms == target or stopped >= share or still.size == 0 or rounds_left <= 0:
            return r, ev, lev
        live = still
        while w // 2 >= max(live.size, NARROWEST):
            w //= 2


def path_groups_call(kernel, args: tuple, bounds: list, threads: int, cpu) -> tuple:
    """:func:`advance_groups` of the path-by-path ``kernel`` (no extra arguments) as the compiled tracker reads a
    kernel call's output: (rounds, evaluations, light evaluations, None).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> from algnet.homotopy.path_threads import advance_nogil
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0], [-1.0]] * 4))
    >>> P0, P1 = tr.CH.parameters(8)
    >>> args = (np.arange(8), *tr.CH.tape.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V, tr.vok,
    ...         P0, P1, tr._opt, 200, 8)
    >>> out = path_groups_call(advance_nogil, args, group_bounds(8, 1), 2, [0.0, 0.0])
    >>> tr.code.tolist(), out[3]
    ([1, 1, 1, 1, 1, 1, 1, 1], None)
    """
    return advance_groups(kernel, args, (), bounds, threads, cpu)[:3] + (None,)


def advance_call(args: tuple) -> tuple:
    """One call of :func:`algnet.homotopy.kernels.advance` (the compiled tracker with ``TrackerOptions.block`` set:
    not the GIL-free kernel) as the tracker reads a kernel call's output: (rounds, evaluations, light
    evaluations, None).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> _ = tr.add(np.array([[1.0]]))
    >>> P0, P1 = tr.CH.parameters(1)
    >>> out = advance_call((np.arange(1), *tr.CH.tape.args, 1, tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V,
    ...                     tr.vok, P0, P1, tr._opt, 200, 1))
    >>> int(tr.code[0]), out[3]
    (1, None)
    """
    from algnet.homotopy.kernels import advance

    return tuple(advance(*args)) + (None,)
