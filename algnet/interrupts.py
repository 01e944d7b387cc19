"""Ctrl-C seen by the analyses: counted, so that a loop sees an interrupt an inner step turned into a partial result.

The analyses keep Ctrl-C to themselves: they stop, mark what was finished partial and return it. A loop over
analyses (``verify``, a sweep) must stop all the same, and a caller that runs a step whose interrupt is
swallowed inside (a partial result it would read as "not available") must pass the interrupt on: both compare
:func:`sigint_count` before and after, and :func:`seeing_interrupts` wraps that comparison (with an enclosing
:class:`~algnet.time_caps.time_cap` that expired in between).

In a script or a Jupyter kernel (Python's own SIGINT handler) the public entry points run under
:class:`safe_ctrl_c`: a Ctrl-C raises KeyboardInterrupt (or gives the documented partial result) as usual but is
put off a moment where raising would crash the interpreter or break it for the rest of the session
(:func:`put_off_here`).

Examples
--------
>>> import os, signal
>>> with seeing_interrupts() as seen:
...     try:
...         os.kill(os.getpid(), signal.SIGINT)      # a step that swallows a Ctrl-C
...     except KeyboardInterrupt:
...         pass
>>> seen.interrupted
True
"""

from __future__ import annotations

from contextlib import contextmanager

import _signal  # the C module under ``signal`` (safe_ctrl_c: getsignal and signal without its enum wrapping)

__all__ = ["sigint_count", "note_sigint", "counting_sigint", "seeing_interrupts", "in_numba_boxing",
           "interrupt_again", "sigint_is_new", "forget_sigints_again", "safe_ctrl_c", "ctrl_c_safe", "put_off_here",
           "in_import_or_compiler"]

_SIGINT = {"count": 0}
#: SIGINTs tripped again by :func:`interrupt_again` and not handled yet (each was counted when it first arrived):
#: one count for every handler of algnet (the command line's, :func:`counting_sigint`'s), so that a Ctrl-C put off by
#: one and landing under another is counted once
_AGAIN = {"n": 0}
#: the timer threads of :func:`interrupt_again` (those still waiting to trip: a real SIGINT landing while one waits
#: is counted as the trip it stands for, so the count alone can read 0 while a trip is still to come)
_TIMERS: list = []


def sigint_count() -> int:
    """How many Ctrl-C arrived under :func:`counting_sigint` so far (a loop over analyses compares it
    before and after each one: an analysis that turns Ctrl-C into a partial result swallows the
    KeyboardInterrupt, and the loop must stop all the same).

    Examples
    --------
    >>> n = sigint_count()
    >>> with counting_sigint():
    ...     pass
    >>> sigint_count() == n
    True
    """
    return _SIGINT["count"]


def note_sigint() -> None:
    """Count one Ctrl-C (:func:`sigint_count`); for a SIGINT handler of its own, such as the command line's.

    Examples
    --------
    >>> n = sigint_count()
    >>> note_sigint()
    >>> sigint_count() == n + 1
    True
    """
    _SIGINT["count"] += 1


def sigint_is_new() -> bool:
    """For a SIGINT handler: True when the signal is a new Ctrl-C, which is then counted (:func:`note_sigint`);
    False when it is one that :func:`interrupt_again` tripped (counted when it first arrived, not twice).

    Examples
    --------
    >>> forget_sigints_again()          # nothing tripped again pending
    >>> n = sigint_count()
    >>> sigint_is_new(), sigint_count() == n + 1
    (True, True)
    """
    if _AGAIN["n"] > 0:
        _AGAIN["n"] -= 1
        return False
    note_sigint()
    return True


def forget_sigints_again() -> None:
    """Forget the SIGINTs :func:`interrupt_again` tripped and no handler took yet: for a handler installed afresh
    (over Python's own, or by the command line for one analysis), whose first SIGINT is a new Ctrl-C even if an
    earlier handler's trip landed after that handler was removed.

    Examples
    --------
    >>> forget_sigints_again()
    >>> n = sigint_count()
    >>> sigint_is_new(), sigint_count() == n + 1
    (True, True)
    """
    _AGAIN["n"] = 0


def in_numba_boxing(frame) -> bool:
    """Whether ``frame`` (a signal handler's) or one of its callers is numba's ``_numba_unpickle``: Python code
    that a compiled function's wrapper calls while it turns its result into Python objects (once for every
    array of the result: the array's type is unpickled), so the first place where the eval loop runs a SIGINT
    handler for a Ctrl-C that arrived during the compiled code.

    A handler must not raise there. numba (0.68.1) does not check that call's result: the array's boxing fails,
    numba's ``box_tuple`` stores NULL in the returned tuple, and the next array's ``_numba_unpickle`` runs with the
    KeyboardInterrupt still set and loses it (observed: its memo lookup misses, and the ``KeyError`` raised and
    caught there replaces it), so the call returns a tuple with a NULL item and no exception; reading that item
    crashes CPython (SIGSEGV). Where the memo holds the next array's type instead, the call ends in "SystemError:
    _numba_unpickle returned a result with an exception set" (seen with a kernel loaded from the cache, called again
    and again under SIGINT every millisecond). The cores of ``algnet degree "linear 6-3-6"
    --method monodromy --progress`` stopped by Ctrl-C hold the 16-tuple of ``batched._scratch`` with item 0 NULL and
    items 1-15 valid, no exception set and SIGINT handled; a kernel that sends SIGINT to its own process and returns
    two arrays crashes the same way (its first item NULL, the handler run in ``_numba_unpickle``) under a handler
    that raises there, and is interrupted right after the call under one that does not
    (``tests/test_interrupt_boxing.py``).

    Examples
    --------
    >>> import sys
    >>> in_numba_boxing(sys._getframe())
    False
    """
    while frame is not None:
        code = frame.f_code
        if code.co_name == "_numba_unpickle" and code.co_filename.endswith("serialize.py") \
                and "numba" in code.co_filename:
            return True
        frame = frame.f_back
    return False


def interrupt_again(delay: float = 0.02) -> None:
    """Trip SIGINT again ``delay`` seconds from now (``_thread.interrupt_main`` from a timer thread: no signal
    is sent), for a handler that could not raise where the Ctrl-C landed (:func:`in_numba_boxing`): the
    handler runs again at the eval loop's next check after that, by then normally outside the boxing (else it
    is put off again). Not at once from the handler itself: the eval loop checks right after the handler's
    own call of ``interrupt_main``, so the handler would run again inside itself, and again, until a
    RecursionError (raised there, it is lost as the KeyboardInterrupt was). Nothing happens if SIGINT has no
    Python handler by then. The handler that takes it tells it from a new Ctrl-C by :func:`sigint_is_new`.

    Examples
    --------
    >>> import signal, time
    >>> seen = []
    >>> previous = signal.signal(signal.SIGINT, lambda *a: seen.append(sigint_is_new()))
    >>> interrupt_again(0.01)
    >>> for _ in range(100):
    ...     if seen:
    ...         break
    ...     time.sleep(0.02)
    >>> seen                            # tripped again: not a new Ctrl-C
    [False]
    >>> _ = signal.signal(signal.SIGINT, previous)
    """
    import _thread
    import threading

    _AGAIN["n"] += 1

    t = threading.Timer(delay, _thread.interrupt_main)
    t.daemon = True
    _TIMERS[:] = [x for x in _TIMERS if x.is_alive()]
    _TIMERS.append(t)
    t.start()


def in_import_or_compiler(frame) -> bool:
    """Whether ``frame`` (a signal handler's) or a caller runs an import or numba's/llvmlite's Python code
    (compiling a kernel, loading it from the cache, or boxing its result: :func:`in_numba_boxing`'s function is
    numba's too): a KeyboardInterrupt there breaks the process for good (25 fiber counts under a 0.01-s time cap in
    one process: 22-23 ended in "AttributeError: partially initialized module 'yaml'" or "module 'numba' has no
    attribute 'core'"; none with the interrupt put off). The time caps'
    handler's walk (:mod:`algnet.time_caps`); :func:`put_off_here` puts off in the same places (and in finalizers).

    Examples
    --------
    >>> import sys
    >>> in_import_or_compiler(sys._getframe())
    False
    """
    while frame is not None:
        name = frame.f_code.co_filename.replace("\\", "/")
        if "importlib._bootstrap" in name or "/numba/" in name or "/llvmlite/" in name:
            return True
        frame = frame.f_back
    return False


def put_off_here(frame, compiler: bool = True) -> bool:
    """Whether a SIGINT handler running in ``frame`` must put the interrupt off (:func:`interrupt_again`), not
    raise: in numba's boxing of a compiled function's result (:func:`in_numba_boxing`: a crash of CPython), in an
    import (a module left partially initialized for the rest of the process), or anywhere in numba's or llvmlite's
    Python code (numba's compiler and its load of a cached kernel keep state that a KeyboardInterrupt breaks for
    the rest of the process; in llvmlite's ctypes callbacks it is printed and lost), or in a finalizer
    (``__del__``, e.g. a progress bar's: Python prints "Exception ignored in" and loses the Ctrl-C). Calls of
    ``degree("linear 4-2-4", method="monodromy")`` repeated in fresh processes under SIGINT every 2-30 ms and
    Python's own handler: with the imports of the call's module done under the signals (outside the call), every
    later call failed ("partially initialized module 'yaml' has no attribute 'error'", "... 'numba.core.types'
    has no attribute 'misc'"); with those imports done first and the call run under a handler putting off
    imports but not numba's code, half the processes failed for good in numba's load of a cached kernel (its
    registrations' generator interrupted: "RuntimeError: generator raised StopIteration"); with this predicate,
    none. The price: a Ctrl-C during a compilation from source (a first run, seconds to a minute) is taken when it
    ends.

    The one predicate of every SIGINT handler of algnet. ``compiler=False`` is the command line's exception
    (:mod:`algnet.cli._ctrl_c_notice`): numba's own Python code (its compiler, its load of a cached kernel) is then
    no place to put off, its boxing of a result and llvmlite's code still are: the command's process ends after
    the Ctrl-C (the state it breaks ends with it), and a Ctrl-C during a first compilation ends the command when
    the LLVM step under way returns (2 to 19 s wall), not when the compilation does.

    Examples
    --------
    >>> import sys
    >>> put_off_here(sys._getframe()), put_off_here(sys._getframe(), compiler=False)
    (False, False)
    """
    while frame is not None:
        code = frame.f_code
        name = code.co_filename.replace("\\", "/")
        if code.co_name == "__del__" or "importlib._bootstrap" in name or "/llvmlite/" in name:
            return True
        if "/numba/" in name and (compiler or code.co_name == "_numba_unpickle"):   # in_numba_boxing's function
            return True
        frame = frame.f_back
    return False


@contextmanager
def counting_sigint():
    """Within the block, Ctrl-C is counted (:func:`sigint_count`) and raises KeyboardInterrupt as usual
    (put off a moment where raising would break the process: :func:`put_off_here`); the previous handler is
    restored on exit (a no-op outside the main thread).

    Examples
    --------
    >>> import os, signal
    >>> n = sigint_count()
    >>> with counting_sigint():
    ...     try:
    ...         os.kill(os.getpid(), signal.SIGINT)
    ...     except KeyboardInterrupt:
    ...         pass
    >>> sigint_count() == n + 1
    True
    """
    import signal

    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            forget_sigints_again()      # outermost: a trip that landed after an earlier handler left is stale
        previous = signal.signal(signal.SIGINT, _counting_handler)
    except ValueError:      # not the main thread
        previous = None
    ok = False
    try:
        yield
        ok = True
    finally:
        # over Python's own handler only: under another of algnet's (the command line's) the trip is taken there
        taken = previous is signal.default_int_handler and (_AGAIN["n"] > 0 or bool(_TIMERS)) and _take_put_off()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if taken and ok:
        raise KeyboardInterrupt


def _take_put_off(wait: float = 1.0) -> bool:
    """At the end of a block whose handler put a Ctrl-C off (:func:`interrupt_again`) that has not come back yet
    (its timer thread waits for the interpreter lock while a compiled kernel holds it, so a short call can end
    first): wait for it under the block's handler (``wait`` seconds at most) and take it here, so it is not raised
    later in the caller's next line under Python's own handler. True when one was put off (the block then ends in
    KeyboardInterrupt, unless an exception is already on its way out).

    Examples
    --------
    >>> _take_put_off()                 # nothing put off
    False
    """
    import time

    if _AGAIN["n"] <= 0 and not _pending_timers():
        return False
    end = time.monotonic() + wait
    while (_AGAIN["n"] > 0 or _pending_timers()) and time.monotonic() < end:
        try:
            time.sleep(0.001)           # the trip lands here: the block's handler raises
        except KeyboardInterrupt:
            pass
    for t in _TIMERS:                   # (past the wait: a trip not made yet is not made at all)
        t.cancel()
    try:
        time.sleep(0)                   # a trip made just now is taken here, under the block's handler
    except KeyboardInterrupt:
        pass
    _TIMERS.clear()
    _AGAIN["n"] = 0
    return True


def _pending_timers() -> bool:
    """Whether a trip of :func:`interrupt_again` is still to come (its timer thread alive)."""
    return any(t.is_alive() for t in _TIMERS)


def _counting_handler(signum, frame):
    """:func:`counting_sigint`'s SIGINT handler."""
    sigint_is_new()         # counted once, also when another handler of algnet put it off
    if frame is not None and put_off_here(frame):
        interrupt_again()
        return
    raise KeyboardInterrupt


class _Seen:
    """What :func:`seeing_interrupts` yields: ``interrupted`` once a Ctrl-C, or the interrupt of a time cap
    armed when the block began, arrived."""

    def __init__(self):
        from algnet.time_caps import armed_caps

        self.count = sigint_count()
        self.caps = [cap for cap in armed_caps() if not cap.expired]

    @property
    def interrupted(self) -> bool:
        return sigint_count() > self.count or any(cap.expired for cap in self.caps)


@contextmanager
def seeing_interrupts():
    """Whether the block was interrupted, even when a step inside swallowed the KeyboardInterrupt.

    Yields an object whose ``interrupted`` says whether a Ctrl-C arrived within the block, or a
    :class:`~algnet.time_caps.time_cap` that enclosed it expired. A Ctrl-C is counted by the handler in
    place when it counts (the command line's, :func:`counting_sigint`'s); under Python's own handler the
    block runs under :func:`counting_sigint` (the KeyboardInterrupt is raised as usual). A caller whose
    step turns an interrupt into a partial result it cannot tell from a refusal raises it on, or marks its
    own result partial.

    Examples
    --------
    >>> with seeing_interrupts() as seen:
    ...     pass
    >>> seen.interrupted
    False
    >>> import time
    >>> from algnet.time_caps import time_cap
    >>> def step():            # keeps the interrupt to itself: a partial result
    ...     try:
    ...         return time.sleep(2)
    ...     except KeyboardInterrupt:
    ...         return "partial"
    >>> with time_cap(0.05):
    ...     with seeing_interrupts() as seen:
    ...         out = step()
    >>> out, seen.interrupted
    ('partial', True)
    """
    seen = _Seen()
    with safe_ctrl_c():
        yield seen


class safe_ctrl_c:
    """Within the block, a Ctrl-C under Python's own SIGINT handler (a script, a Jupyter kernel: ipykernel
    interrupts a cell by SIGINT and runs it under that handler) cannot crash or break the interpreter: the block
    runs under :func:`counting_sigint`, whose handler raises KeyboardInterrupt as Python's does, counted, but puts
    it off a moment where raising would crash CPython or leave a module half imported (:func:`put_off_here`).
    A handler of the caller's own (or the command line's) is left as it is, and so is everything outside the main
    thread (only it runs signal handlers); Python's handler is back when the block exits. The public entry points
    run under it (:func:`ctrl_c_safe`): about 1.2 us of CPU a block under Python's handler, 0.35 us under another
    handler or nested (9.2 and 2.5 us through ``signal``'s wrappers).

    Examples
    --------
    >>> import signal
    >>> with safe_ctrl_c():
    ...     inside = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    >>> inside, signal.getsignal(signal.SIGINT) is signal.default_int_handler
    (False, True)
    """

    __slots__ = ("previous",)

    def __enter__(self):
        # the C module under ``signal``: getsignal and signal without its enum wrapping (7/8 of the cost)
        self.previous = None
        if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
            forget_sigints_again()      # as counting_sigint's outermost block
            try:
                self.previous = _signal.signal(_signal.SIGINT, _counting_handler)
            except ValueError:      # not the main thread: nothing to do (only it runs handlers)
                pass
        return self

    def __exit__(self, exc_type, *exc):
        if self.previous is not None:
            taken = _take_put_off() if _AGAIN["n"] > 0 or _TIMERS else False
            _signal.signal(_signal.SIGINT, self.previous)
            if taken and exc_type is None:
                raise KeyboardInterrupt
        return False


def ctrl_c_safe(fn):
    """Decorator of a public entry point: the call runs under :class:`safe_ctrl_c` (a Ctrl-C raises
    KeyboardInterrupt, or gives the entry point's documented partial result, and never crashes the interpreter).

    Examples
    --------
    >>> import signal
    >>> @ctrl_c_safe
    ... def handler_inside():
    ...     return signal.getsignal(signal.SIGINT) is signal.default_int_handler
    >>> handler_inside(), handler_inside.__name__
    (False, 'handler_inside')
    """
    import functools

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with safe_ctrl_c():
            return fn(*args, **kwargs)

    return run
