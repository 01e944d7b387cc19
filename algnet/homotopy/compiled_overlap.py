"""Kernel calls of the compiled tracker beside the caller: :meth:`BesideCalls.step_begin` starts the next call (or
the calls up to the end of every path under way) on a worker thread and returns at once;
:meth:`BesideCalls.step_end` waits for them and returns the paths that stopped, as :meth:`step` (or that many
calls of it) would have returned them. The monodromy solver processes the last endpoints meanwhile
(``MonodromyOptions.overlap``, :meth:`algnet.homotopy.monodromy.scheduler.Scheduler.begin_overlap`).

The calls are those the calling thread would have made, with the same paths, groups and stops (the results bit
for bit, for any number of threads and any timing: ``tests/test_monodromy_overlap.py``); their counters and the
paths' statuses are set in :meth:`~BesideCalls.step_end`, in the calling thread, one call after another.

Examples
--------
Three paths of x^3 = p from p = 1 to p = 8, all their calls beside the caller: the cube roots of 8.

>>> import numpy as np
>>> from algnet.homotopy.compiled import CompiledPathTracker
>>> from algnet.homotopy.homotopies import ParameterHomotopy
>>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
>>> tr = CompiledPathTracker(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}])), [1.0], [8.0]), 1)
>>> _ = tr.add(np.exp(2j * np.pi * np.arange(3) / 3)[:, None])
>>> tr.step_begin(to_end=True)
>>> stopped = tr.step_end()
>>> tr.finish(stopped); tr.active, np.round(np.abs(tr.X[:, 0]), 12).tolist()
(0, [2.0, 2.0, 2.0])
"""

from __future__ import annotations

import sys
import threading

import numpy as np

__all__ = ["BesideCalls", "BESIDE_SWITCH_INTERVAL"]

#: Python's thread switch interval (``sys.setswitchinterval``) while kernel calls run beside the caller, restored
#: after. The worker needs the GIL to wake and to call the kernel (numba's dispatch), and a thread that wants the
#: GIL gets it from one running Python code only after the switch interval (5 ms by default): the solver's
#: processing of a return (0.3-1 ms of Python) was over before the call beside it could start. A worker's start
#: while the calling thread runs 3 ms of Python (the minimum of 40 trials, the delay that is not the load's):
#: 5 ms interval 4.44 ms, 0.5 ms 0.60 ms, 0.1 ms 0.21 ms.
BESIDE_SWITCH_INTERVAL = 1e-4


class BesideCalls:
    """:meth:`step_begin` and :meth:`step_end` of :class:`~algnet.homotopy.compiled.CompiledPathTracker` (a base
    class: it calls the tracker's ``_prepare`` and ``_conclude``).

    Examples
    --------
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> issubclass(CompiledPathTracker, BesideCalls)
    True
    """

    def step_begin(self, to_end: bool = False):
        """Start the next kernel call (:meth:`step`) on a worker thread and return at once; with ``to_end`` the calls
        go on until no path is under way (as many calls of :meth:`step` as that takes). :meth:`step_end` waits for
        them and returns the paths that stopped. In between the caller may read and write the rows of paths that
        are not under way (finish the last stopped paths), not add paths (:meth:`add` raises)."""
        from algnet.homotopy.threads import BackgroundJob

        first = self._prepare()
        cancel = threading.Event()
        switch = None
        if first[1] is not None:
            switch = sys.getswitchinterval()
            sys.setswitchinterval(min(switch, BESIDE_SWITCH_INTERVAL))
        try:
            job = None if first[1] is None else BackgroundJob(lambda: self._calls(first, to_end, cancel))
        except BaseException:
            if switch is not None:
                sys.setswitchinterval(switch)
            raise
        self._inflight = (first[0], job, cancel, switch)

    def _calls(self, first, to_end: bool, cancel) -> list:
        """The kernel calls from ``first`` (prepared by the caller) on: one, or with ``to_end`` until no path is under
        way or the caller was interrupted (``cancel``); each as (paths under way, the kernel's output, its CPU, their
        codes after it)."""
        act, run, cpu = first
        done = []
        while run is not None:
            out = run()
            done.append((act, out, cpu, self.code[act]))
            if not to_end or cancel.is_set():
                break
            # the paths of this call that stopped have non-zero codes: the next call takes the rest
            act, run, cpu = self._prepare()
        return done

    def step_end(self) -> np.ndarray:
        """The paths that stopped in the kernel calls :meth:`step_begin` started (their statuses set). A Ctrl-C here
        ends the calls after the one under way; the paths that stopped in those that ended are then kept in
        ``beside_stopped`` (statuses set) before KeyboardInterrupt is raised."""
        act, job, cancel, switch = self._inflight
        self.beside_stopped = None
        if job is None:
            self._inflight = None
            self._active = 0
            return act
        interrupted = False
        try:
            calls = job.wait(on_interrupt=cancel.set)
        except KeyboardInterrupt:
            interrupted = True
            calls = job.result_so_far() or []
        finally:
            self._inflight = None
            sys.setswitchinterval(switch)
        parts = [self._conclude(*call) for call in calls]     # integer work only: no floating-point state to set
        stopped = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        if interrupted:
            self.beside_stopped = stopped
            raise KeyboardInterrupt
        return stopped
