"""The compiled path tracker: a :class:`~algnet.homotopy.tracker.PathTracker` whose steps run in numba.

:func:`~algnet.homotopy.compiled_homotopy.compile_homotopy` turns a
:class:`~algnet.homotopy.homotopies.ParameterHomotopy` of a family that can be recorded (it implements
``trace(x, p)``, see :mod:`algnet.homotopy.tape`) into a
:class:`~algnet.homotopy.compiled_homotopy.CompiledParameterHomotopy` (the same ``evaluate(X, T, idx)``, computed
by the tape kernel);
:class:`CompiledPathTracker` takes the steps of all its paths in
:func:`algnet.homotopy.kernels.advance` until one of them stops. Paths,
statuses, counters and the endpoint refinement are those of the numpy
tracker (the measurement behind the choice is in :mod:`algnet.homotopy.kernels`).

``TrackerOptions.engine`` chooses: "auto" (compiled when the family can be
recorded and numba imports), "compiled" (an error otherwise), "numpy".

Threads (``TrackerOptions.threads``): each kernel call cuts the paths under
way into groups fixed by their number (:mod:`algnet.homotopy.path_groups`:
whole blocks of the batched kernel, :mod:`algnet.homotopy.batched`; 16-31
paths as two blocks of 16; a group of part of a block in a narrower block;
below 16 paths a few paths per group for the path-by-path kernel,
:mod:`algnet.homotopy.path_threads`, one path per group where the call runs
every path to its end), and the endpoint
work (:func:`algnet.homotopy.endpoint_finish.finish_rows`) into parts of
8 endpoints or more; the threads (as many as
:func:`~algnet.homotopy.tracker_options.auto_threads` allows for the call)
pull them in turn (:func:`algnet.homotopy.threads.share_jobs`), with the
kernels releasing the GIL. The groups never depend on the threads (but for
calls that run every path to its end, where any groups give the same paths), so
the results do not either (bit for bit); ``thread_seconds`` keeps the threads'
work and critical path (process CPU - work + critical path = the wall time
on idle cores, which the load does not distort).

On two idle cores, the structure of a ``track`` of 1,024 paths of ``bench/bench_tracker.py``'s systems with
``threads=2`` allows a speed-up (process CPU over critical path) of 1.8-1.9x. Two threads gain wall time only
while no other session runs: the kernel's autogroup scheduling (``sched_autogroup_enabled`` 1) gives each
session an equal share, so one busy session elsewhere leaves the process one core whatever its threads, which
the 1-minute load average of :func:`~algnet.homotopy.tracker_options.auto_threads` sees late. The fixed groups
mean that a worker the scheduler leaves waiting holds up at most the group it has taken, the threads are not
started per call (about 179 us wall each), and the results do not depend on the threads. One thread pays for
the fixed groups on 16-31 paths (two blocks of 16 instead of one of 32: 1.4-1.6x the CPU of that segment of
monodromy, a few percent of a degree computation).

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> from algnet.homotopy.homotopies import ParameterHomotopy
>>> from algnet.homotopy.tracker import track, TrackerOptions
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))      # x^2 = p
>>> H = ParameterHomotopy(fam, [1.0], [4.0 + 1j])
>>> a = track(H, np.array([[1.0], [-1.0]]), TrackerOptions(engine="compiled"))
>>> b = track(H, np.array([[1.0], [-1.0]]), TrackerOptions(engine="numpy"))
>>> a.status, bool(np.allclose(a.x, b.x, atol=1e-12))
(('success', 'success'), True)
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np

from algnet.errors import ParameterError
from algnet.interrupts import safe_ctrl_c
from algnet.homotopy.tracker import PathTracker, TrackerOptions
from algnet.homotopy.compiled_endpoints import _NO_TRANSFORM, CompiledEndpoints
from algnet.homotopy.compiled_homotopy import compile_homotopy, compiled_available
from algnet.homotopy.compiled_overlap import BesideCalls
from algnet.homotopy.path_groups import (NARROW_FROM, advance_alone, advance_call, advance_groups, group_bounds,
                                         group_widths, path_groups_call)
from algnet.homotopy import tracker_options as _topts
from algnet.homotopy.tracker_options import LIGHT_NEWTON_LIMIT

__all__ = ["CompiledPathTracker", "rounds_per_call"]

# the batched kernel (algnet.homotopy.batched): blocks of this many paths, used when at least
# _BATCH_MIN_ACTIVE paths are under way (tape evaluation, CPU per path: B = 32 beat 16 on conv k=2,2,2,
# dense 3-2-3 and linear 6-2-4 by 10-50%; 64 was 17% slower on conv k=2,2,2, 5-15% faster on the other two,
# and leaves more lanes idle as paths stop)
_BLOCK = 32
_BATCH_MIN_ACTIVE = 16
# below that, path by path (in groups of algnet.homotopy.path_groups.PATHS_PER_GROUP paths or more)
# smaller blocks when a block's registers with their derivatives would exceed this many bytes, path by
# path below _MIN_BLOCK. Measured: conv k=2,2,2,2 r=2 (9,908 instructions, 14,874 registers, n = 8: 2.1 MB a
# path), 32 paths from random starts, CPU per evaluation: path by path 263 us, blocks of 8 319, 16 334, 32 476
# us; the degree systems of bench/bench_tracker.py (20-65 kB a path) gain 1.3-2.2x with blocks of 32. Since the
# witness values are recorded through the coefficients (algnet.analyses.witness_coefficients), the same system is
# 372 instructions and 747 registers (107 kB a path): blocks of 32, 9.6 us per evaluation against 22.8 path by path
_BLOCK_BYTES = 4 << 20
_MIN_BLOCK = 8


# lockstep rounds per kernel call at most: a call returns at the first stop(s) or after this many rounds,
# and after about _SECONDS_PER_CALL of estimated work, so Ctrl-C (checked between calls) is answered
# within a fraction of a second however large the system
_ROUNDS_PER_CALL = 200
_SECONDS_PER_CALL = 0.2


def rounds_per_call(bound: float, active: int, seconds_per_evaluation) -> int:
    """Rounds for one kernel call on ``active`` paths: at most ``_ROUNDS_PER_CALL`` and about ``_SECONDS_PER_CALL``
    of work (a step costs about 5 evaluations). ``bound``: the tape's bound on the seconds of an evaluation
    (:meth:`~algnet.homotopy.tape.Tape.seconds_bound`), which decides most calls; ``seconds_per_evaluation``: a
    callable giving the tape's cost model, called only when the bound does not decide.

    Examples
    --------
    >>> rounds_per_call(1e-6, 4, lambda: 1e-6), rounds_per_call(1e-2, 4, lambda: 1e-3)
    (200, 10)
    """
    if _SECONDS_PER_CALL / (5 * bound * max(active, 1)) >= _ROUNDS_PER_CALL:
        return _ROUNDS_PER_CALL         # so with the exact cost too (it is at most the bound)
    per_round = 5 * seconds_per_evaluation() * max(active, 1)
    return int(min(_ROUNDS_PER_CALL, max(1, _SECONDS_PER_CALL / per_round)))

#: endpoint condition numbers are estimated (Hager-Higham, a lower bound, usually exact) and computed exactly
#: where the estimate exceeds this: above it the monodromy key slack (graph.key_slack, 2.8e6) and the
#: singular/success split (1e10) read them (see algnet.homotopy.endpoint_kernels)
EXACT_CONDITION_FROM = 1e6
#: ... and only for systems of at least this many unknowns: finish() of 1,024 endpoints, estimate against exact
#: (bench/bench_tracker.py): n = 5-6 0.84-0.97x (the n solves of the inverse cost no more than the estimator's
#: 3-11), n = 10 1.26x, 12 1.17x, 16 1.38x, 20 1.37x
ESTIMATE_FROM_N = 10

# the statuses of the kernels' codes 0-5
_CODE_NAMES = ("tracking", "reached", "near_end", "diverged", "failed", "max_steps")


def option_array(o: TrackerOptions) -> np.ndarray:
    """The options as the kernels read them (the order of :data:`algnet.homotopy.kernels.OPTION_FIELDS`).

    Examples
    --------
    >>> from algnet.homotopy.kernels import OPTION_FIELDS
    >>> a = option_array(TrackerOptions())
    >>> len(a) == len(OPTION_FIELDS), float(a[OPTION_FIELDS.index("target_contraction")])
    (True, 0.001)
    """
    return np.array([o.max_step, o.min_step, o.step_growth, o.predictor_tolerance, o.corrector_tolerance,
                     o.max_corrector_iterations, o.contraction, o.max_steps, o.divergence_norm,
                     o.endgame_start, float(o.reuse_velocity), float(o.newton_rate_acceptance),
                     float(o.light_evaluations), LIGHT_NEWTON_LIMIT, o.target_contraction,
                     o.tolerance_range[0], o.tolerance_range[1]], dtype=np.float64)


def _tape_transform(t) -> np.ndarray:
    """The output transform of a tape as the kernels read it: made once per tape (kept on it, as its other derived
    arrays) instead of once per tracker."""
    c = getattr(t, "_kernel_transform", None)
    if c is None or c[0] is not t.transform:
        tr = _NO_TRANSFORM if t.transform is None else np.ascontiguousarray(t.transform, dtype=np.complex128)
        c = t._kernel_transform = (t.transform, tr)
    return c[1]


_OPTION_ARRAYS: dict = {}


def _option_array(o: TrackerOptions) -> np.ndarray:
    """:func:`option_array` of ``o``, made once per options object (the kernels only read it; a caller such as the
    warm paths passes the same options object to every tracker it makes)."""
    hit = _OPTION_ARRAYS.get(id(o))
    if hit is not None and hit[0] is o:
        return hit[1]
    a = option_array(o)
    if len(_OPTION_ARRAYS) > 64:
        _OPTION_ARRAYS.clear()
    _OPTION_ARRAYS[id(o)] = (o, a)
    return a


class CompiledPathTracker(BesideCalls, CompiledEndpoints, PathTracker):
    """A :class:`PathTracker` whose :meth:`step` runs the compiled kernel until a path stops.

    One call of :meth:`step` equals as many calls of the numpy tracker's
    ``step`` as it takes for some path to stop (every active path advances
    one step per round), so a caller sees the same sequence of stopped
    paths. ``rounds`` counts the lockstep rounds taken.

    Examples
    --------
    Two paths of x^2 = p from p = 1 to p = 4 end at the square roots +-2:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> tr = CompiledPathTracker(H, 1)
    >>> tr.add(np.array([[1.0], [-1.0]])).tolist()
    [0, 1]
    >>> while tr.active:
    ...     tr.finish(tr.step())
    >>> sorted(round(float(z.real), 10) for z in tr.result().x[:, 0])
    [-2.0, 2.0]
    """

    # a tracker's first values (set on it where they change): kernel calls, the dot coefficients' real and imaginary
    # parts (_cre, _cim: at first use), the kernel calls step_begin started (until step_end), the tape's seconds per
    # evaluation (_spe: when first needed), (time.monotonic(), other_load(), usable_cores()) of the last read (_chunks)
    rounds, _coef, _inflight, _spe_value, _load = 0, None, None, None, (-np.inf, 0.0, 1)

    def __init__(self, H, n_vars: int, options: TrackerOptions | None = None, compiled=None):
        """``compiled``: :func:`compile_homotopy` of ``H``, when the caller made it."""
        CH = compile_homotopy(H) if compiled is None else compiled
        super().__init__(CH, n_vars, options)       # evaluations (the endpoint refinement) through the tape as well
        self.CH = CH
        self._opt = _option_array(self.opt)
        self.thread_evaluations = []      # evaluations in the batched kernel by each thread (work per thread)
        # CPU seconds of the calls split over threads: their work (all threads) and their critical path (the
        # slowest thread of each call); process CPU - work + critical path = the wall time on idle cores
        self.thread_seconds = [0.0, 0.0]
        # fixed for the tracker's life (its tape, options and n): made once, not at every kernel call or return
        t = CH.tape
        self._targs = t.args
        self._spe_bound = t.seconds_bound()
        self._transform = _tape_transform(t)
        self._kernels = {}                # the batched kernel by block width m: _batched_kernel
        self._level = EXACT_CONDITION_FROM if self.n >= ESTIMATE_FROM_N else 0.0

    @property
    def _spe(self) -> float:
        """The tape's cost model of an evaluation (:meth:`~algnet.homotopy.tape.Tape.seconds_per_evaluation`)."""
        if self._spe_value is None:
            self._spe_value = self.CH.tape.seconds_per_evaluation()
        return self._spe_value

    @property
    def _cre(self):
        """The real parts of the tape's dot coefficients, contiguous (the batched kernel's; made at its first call)."""
        return self._coef_parts()[0]

    @property
    def _cim(self):
        """The imaginary parts of the tape's dot coefficients, contiguous (as :attr:`_cre`)."""
        return self._coef_parts()[1]

    def _coef_parts(self):
        if self._coef is None:
            c = self.CH.tape.dot_coef
            self._coef = (np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag))
        return self._coef

    def add(self, X0):
        if self._inflight is not None:
            raise RuntimeError("paths added while a kernel call is under way (step_begin without step_end)")
        return super().add(X0)

    def _fields(self):
        # the kernels' status code of each path (0: tracking)
        return super()._fields() + (("code", (), np.int8, 0),)

    def interrupt(self):
        # every path still "tracking" (code 0; or a code a kernel call cut short by Ctrl-C set without its
        # status) is "interrupted" and never refined: code -1 (finish reads the codes)
        self.code[(self.code == 0) | (self.status == "tracking")] = -1
        super().interrupt()

    def _rounds(self, active: int) -> int:
        """Rounds for one kernel call (:func:`rounds_per_call` with this tape's cost model)."""
        return rounds_per_call(self._spe_bound, active, lambda: self._spe)

    def _block(self, active: int) -> int:
        """Paths per block of the batched kernel for the next call (1: path by path); depends on the paths
        under way and the tape only (not on the threads: see :mod:`algnet.homotopy.path_groups`).

        16-31 paths under way (one block of the default size) run as two blocks of half the size, two groups
        that two threads can share. On bench/bench_tracker.py's systems (24 paths tracked to the end in one
        call), the critical path (the wall time on two idle cores) of blocks of 16 on two threads is 1.2-1.5x
        shorter than one block of 32 on one, for 0.9-1.35x the total CPU; in monodromy, calls with 16-31 paths
        under way hold 4-27% of the tracking kernel's CPU."""
        k = int(self.opt.block)
        if k == 0:
            if active < _BATCH_MIN_ACTIVE:
                return 1
            # the registers and their derivatives of a block must stay small (cache, memory)
            t = self.CH.tape
            per_path = 16 * len(t.values) * (self.n + 1)
            k = _BLOCK
            while k >= _MIN_BLOCK and k * per_path > _BLOCK_BYTES:
                k //= 2
            if k < _MIN_BLOCK:
                return 1
            if active <= k and k // 2 >= _MIN_BLOCK:
                return k // 2
            return k
        return max(1, k)

    def _chunks(self, active: int, block: int, rounds: int = 1) -> int:
        """Threads for the next kernel call (1: one thread; see TrackerOptions.threads). The load of others
        (:func:`~algnet.homotopy.tracker_options.other_load`, for ``threads=0``) is read at most once a second:
        the kernel updates the load average every 5 s, and reading it cost 3-8 us a call at load 7 (2-4 calls
        a return in a degree run); the usable cores (the process's CPU affinity, a system call) with it."""
        if int(self.opt.threads) == 1:
            return 1                        # (auto_threads' answer, without the tape's cost model)
        others = cores = None
        if int(self.opt.threads) <= 0:
            now = time.monotonic()
            if now - self._load[0] >= 1.0:
                self._load = (now, _topts.other_load(), _topts.usable_cores())
            others, cores = self._load[1], self._load[2]
        return _topts.auto_threads(self.opt.threads, active, block, self._spe, others, rounds, cores)

    def step(self) -> np.ndarray:
        """One kernel call (:meth:`PathTracker.step`), without numpy's error state: the kernels do not read it
        and the Python around them does integer work (``np.errstate`` cost 1-3 us a step, ~100 steps a run). Under
        :class:`~algnet.interrupts.safe_ctrl_c` (1.2 us a call under Python's own handler, 0.35 otherwise): a
        Ctrl-C in a script or a notebook that lands in numba's boxing of a kernel's results is put off a moment
        instead of crashing the interpreter, whichever public function tracks the paths."""
        with safe_ctrl_c():
            return self._step()

    def _step(self):
        act, run, cpu = self._prepare()
        if run is None:
            self._active = 0
            return act
        return self._conclude(act, run(), cpu)

    def _prepare(self):
        """(paths under way, a function making the next kernel call or None when no path is under way, the list
        its threads' CPU seconds go to); the function a ``functools.partial`` (no closure cells made here)."""
        act = (self.code == 0).nonzero()[0]
        cpu = [0.0, 0.0]
        if act.size == 0:
            return act, None, cpu
        na = act.size
        P0, P1 = self.CH.parameters(self.X.shape[0])
        block = self._block(na)
        opt = self.opt
        # the call returns after this many stops (TrackerOptions.stop_batch, stop_all_below)
        stop = na if na < opt.stop_all_below else max(1, int(opt.stop_batch * na))
        tail = (self.n, self.X, self.T, self.h, self.code, self.steps, self.rejected, self.V, self.vok, P0, P1,
                self._opt, self._rounds(na), stop)
        if block > 1:
            code, didx, didx2, _, lo, hi, values, outs = self._targs
            bargs = (act, code, didx, didx2, self._cre, self._cim, lo, hi, values, outs) + tail
            bounds = group_bounds(na, block)
            widths = group_widths(bounds, block)        # a group of part of a block in a narrower one
            kernel = self._batched_kernel(P0.shape[1])
            if len(bounds) == 1:            # one group (one thread): the kernel called as advance_groups would
                return act, partial(advance_alone, kernel, bargs + (widths[0],), cpu, True), cpu
            chunks = self._chunks(na, block)
            narrow = self._spe >= NARROW_FROM           # each group in narrower blocks as its paths stop
            return act, partial(advance_groups, kernel, bargs, [(w,) for w in widths], bounds, chunks, cpu, narrow), cpu
        args = (act,) + self._targs + tail      # (the tape's arrays in the order the kernels take them)
        if int(opt.block) == 0:
            from algnet.homotopy.path_threads import advance_nogil

            if stop >= na:      # every path to its end: a path is stepped alike in any group (path_groups)
                chunks = self._chunks(na, 1, _topts.TO_END_ROUNDS)
                bounds = group_bounds(na, 1, True) if chunks > 1 else [(0, na)]
            else:
                bounds = group_bounds(na, 1)
                chunks = self._chunks(na, max(1, na // len(bounds)))
            if len(bounds) == 1:
                return act, partial(advance_alone, advance_nogil, args, cpu, False), cpu
            return act, partial(path_groups_call, advance_nogil, args, bounds, chunks, cpu), cpu
        return act, partial(advance_call, args), cpu

    def _conclude(self, act, out, cpu, c=None):
        """Count a kernel call's work and set the statuses of the paths that stopped in it (returned; ``c``: the codes
        of ``act`` right after the call, when later calls may have changed them)."""
        rounds, ev, lev, per = out
        self.thread_seconds[0] += cpu[0]
        self.thread_seconds[1] += cpu[1]
        if per is not None:
            self.thread_evaluations = [a + b for a, b in zip(self.thread_evaluations + [0] * len(per), per)] + \
                self.thread_evaluations[len(per):]
        self.rounds += int(rounds)
        self.H.rows += int(ev)
        self.H.light += int(lev)
        if c is None:
            c = self.code[act]
        s = c.nonzero()[0]
        if s.size == act.size:      # every path stopped (a call to the end): they are the paths under way
            stopped, codes = act, c
        else:
            stopped, codes = act[s], c[s]
        status = self.status
        for k, code in zip(stopped.tolist(), codes.tolist()):    # a few paths: no object-array fancy indexing
            status[k] = _CODE_NAMES[code]
        self._active = int(act.size - stopped.size)
        return stopped

    def _batched_kernel(self, m: int):
        """advance_batched with the work arrays of the calling thread and block size (made at its first call,
        kept in a pool for later calls and trackers: :func:`algnet.homotopy.work_pool.pooled_kernel`); the same
        results bit for bit, without a call's allocation and initialization of its work arrays (about 120 us a
        call at n = 16)."""
        kernel = self._kernels.get(m)
        if kernel is None:
            from algnet.homotopy.work_pool import pooled_kernel

            kernel = self._kernels[m] = pooled_kernel(self._targs[6], self.n, m)
        return kernel


def make_compiled_tracker(H, n_vars, options):
    """A CompiledPathTracker, or ParameterError explaining why it cannot be used.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.tracker import TrackerOptions
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))      # x^2 = p
    >>> H = ParameterHomotopy(fam, [1.0], [4.0 + 1j])
    >>> type(make_compiled_tracker(H, 1, TrackerOptions(engine="compiled"))).__name__
    'CompiledPathTracker'
    """
    if not compiled_available():  # pragma: no cover
        raise ParameterError("engine='compiled' needs numba", hint="pip install numba, or engine='numpy'")
    return CompiledPathTracker(H, n_vars, options)
