"""Time caps: interrupt the enclosed work after so many wall or CPU seconds (as a Ctrl-C would).

The analyses turn the KeyboardInterrupt of a cap into a partial result, as they do Ctrl-C (what was finished,
marked partial). Caps nest: an inner cap never cancels an enclosing one. :func:`check_time_limit` checks a
time limit a caller gives.

Examples
--------
A cap of 30 CPU seconds around a block that uses far less, and a limit checked:

>>> with time_cap(30, cpu=True) as cap:
...     total = sum(range(1000))
>>> cap.expired, check_time_limit(2.5)
(False, 2.5)
"""

from __future__ import annotations

import math

from algnet.errors import ParameterError
from algnet.interrupts import _SIGINT, note_sigint
from algnet.interrupts import in_import_or_compiler as _in_import_or_compiler

__all__ = ["check_time_limit", "time_cap", "armed_caps", "CAP_DEFER"]


def check_time_limit(value, name: str = "time_limit"):
    """None, or a positive finite number of seconds (ParameterError otherwise; NaN and booleans rejected).

    Examples
    --------
    >>> check_time_limit(2.5)
    2.5
    >>> check_time_limit(float("nan"))
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: time_limit=nan must be a positive finite number of seconds
      hint: e.g. time_limit=60, or None for no limit
    """
    if value is None:
        return None
    if type(value) is float and 0.0 < value < math.inf:      # the common case: no import, no abstract-class check
        return value
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} must be a positive finite number of seconds",
                             hint=f"e.g. {name}=60, or None for no limit")
    return float(value)


_CAPS: dict = {False: [], True: []}      # the armed caps, outermost first, per clock (wall, CPU)
_CAPS_PREVIOUS: dict = {}


def armed_caps() -> list:
    """The caps armed now (wall-clock ones, then CPU ones; outermost first).

    Examples
    --------
    >>> with time_cap(30) as cap:
    ...     cap in armed_caps()
    True
    >>> cap in armed_caps()
    False
    """
    return _CAPS[False] + _CAPS[True]


def _clock(cpu: bool) -> float:
    import time

    return time.process_time() if cpu else time.monotonic()


def _arm(cpu: bool) -> None:
    """Set the timer to the earliest next firing among the armed caps (at least 1 ms away)."""
    import signal

    stack = _CAPS[cpu]
    due = min((c.next for c in stack), default=math.inf)
    timer = signal.ITIMER_PROF if cpu else signal.ITIMER_REAL
    signal.setitimer(timer, 0 if not math.isfinite(due) else max(due - _clock(cpu), 1e-3))


#: Seconds a cap waits before trying again when its signal lands in an import or in numba's compiler.
CAP_DEFER = 0.02


def _in_cap_machinery(frame) -> bool:
    """Whether ``frame`` (a cap handler's) or its caller is a cap's own ``__enter__`` / ``__exit__`` / timer
    setting: a KeyboardInterrupt there would leave the cap armed after its block (measured: a repeating 8-s CPU
    cap whose block handled the first interrupt for more than ``repeat`` seconds fired again on entering
    ``__exit__``, which never disarmed it: the interrupt reached the caller, and the timer kept firing after)."""
    for _ in range(2):
        if frame is None:
            return False
        if frame.f_code in _CAP_CODES:
            return True
        frame = frame.f_back
    return False


def _cap_handler(signum, frame):
    """Every armed cap whose time has come expires (and fires again ``repeat`` seconds later, if it repeats);
    KeyboardInterrupt when one did, else the timer is re-armed (an early or stray signal). A signal landing
    in an import or in numba's compiler (:func:`~algnet.interrupts.in_import_or_compiler`), or in a cap's own
    entry and exit (:func:`_in_cap_machinery`), is put off by :data:`CAP_DEFER` seconds, until the work is back in
    ordinary code."""
    import signal

    cpu = signum == signal.SIGPROF
    if frame is not None and (_in_import_or_compiler(frame) or _in_cap_machinery(frame)):
        # no cap left (the signal arrived as the last one was leaving): nothing to put off. Re-arming here
        # would fire after ``__exit__`` restored the default disposition, which for SIGALRM ends the process
        # (seen in CI: "Alarm clock" after a 0.3-s time limit)
        if _CAPS[cpu]:
            signal.setitimer(signal.ITIMER_PROF if cpu else signal.ITIMER_REAL, CAP_DEFER)
        return
    now = _clock(cpu) + 1e-3
    due = [cap for cap in _CAPS[cpu] if cap.next <= now]
    for cap in due:
        cap.expired = True
        if cap.counted:
            note_sigint()
            cap.fired += 1
        cap.next = now + cap.repeat if cap.repeat is not None else math.inf
    _arm(cpu)
    # the kernel's profiling timer can fire a little before this process's CPU clock reaches the deadline
    # (measured: 1 in ~40 one-second caps around sympy's Groebner basis): then no cap is due and the timer is
    # re-armed for the rest; interrupting would be a KeyboardInterrupt no cap claims (it reached the user)
    if due:
        raise KeyboardInterrupt


class time_cap:
    """Interrupt the enclosed work after ``seconds`` (SIGALRM raising KeyboardInterrupt, which the
    analyses turn into a partial result, as they do Ctrl-C); a no-op when ``seconds`` is None, outside
    the main thread, or on a platform without ``setitimer``. The previous SIGALRM handler and timer
    are restored on exit. ``expired`` says afterwards whether the cap was reached (a caller whose
    KeyboardInterrupt comes from the cap, not from the user, can tell them apart). Seconds that are not
    a positive finite number raise ParameterError. ``cpu=True`` counts this process's CPU seconds (all
    its threads; SIGPROF) instead of the wall clock: a cap that means the same on an idle and on a
    shared machine. ``repeat`` (seconds): after the cap, interrupt again every ``repeat`` seconds until the block
    exits (a first KeyboardInterrupt swallowed where Python cannot pass it on, e.g. in a ctypes callback during a
    numba compilation, measured: a 40-s CPU cap on linear 4-2-4 critical points that ran 131 CPU s, would
    otherwise leave the work running unbounded). ``counted``: each interrupt of the cap also counts in
    :func:`~algnet.interrupts.sigint_count` within the block (an analysis that turns a swallowed Ctrl-C into a
    partial result sees
    it), and no longer after it (a loop around the block did not get a Ctrl-C).

    Examples
    --------
    >>> import time
    >>> with time_cap(0.05) as cap:
    ...     try:
    ...         time.sleep(2)
    ...     except KeyboardInterrupt:
    ...         pass
    >>> cap.expired
    True
    >>> with time_cap(None) as cap:
    ...     pass
    >>> cap.expired
    False
    >>> with time_cap(0.05, cpu=True) as cap:        # CPU seconds: sleeping does not use them up
    ...     time.sleep(0.1)
    >>> cap.expired
    False
    >>> with time_cap(0.02, repeat=0.02) as cap:     # interrupted again after a swallowed interrupt
    ...     n = 0
    ...     while n < 2:
    ...         try:
    ...             time.sleep(1)
    ...         except KeyboardInterrupt:
    ...             n += 1
    >>> cap.expired, n
    (True, 2)
    >>> from algnet.interrupts import sigint_count
    >>> before = sigint_count()
    >>> with time_cap(0.02, counted=True) as cap:
    ...     try:
    ...         time.sleep(1)
    ...     except KeyboardInterrupt:
    ...         seen = sigint_count() - before
    >>> seen, sigint_count() - before
    (1, 0)
    >>> with time_cap(0.1) as outer:              # a nested cap does not cancel the enclosing one
    ...     try:
    ...         with time_cap(30) as inner:
    ...             time.sleep(0.01)
    ...         time.sleep(2)
    ...     except KeyboardInterrupt:
    ...         pass
    >>> outer.expired, inner.expired
    (True, False)
    >>> with time_cap(1e300) as cap:                 # beyond the platform's timer: no cap, no OverflowError
    ...     pass
    >>> time_cap(float("inf"))
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: seconds=inf must be a positive finite number of seconds
      hint: e.g. seconds=60, or None for no limit
    """

    def __new__(cls, seconds, cpu: bool = False, repeat: float | None = None, counted: bool = False):
        if seconds is None and cls is time_cap:
            # no cap: the one shared cap that arms nothing and never expires (:data:`_NO_CAP`), not one built per
            # call of every guarded analysis without a time limit
            if repeat is not None:
                check_time_limit(repeat, "repeat")
            return _NO_CAP
        return super().__new__(cls)

    def __init__(self, seconds, cpu: bool = False, repeat: float | None = None, counted: bool = False):
        self.seconds = None if seconds is None else check_time_limit(seconds, "seconds")
        self.counted = bool(counted)
        self.fired = 0
        self.repeat = None if repeat is None else check_time_limit(repeat, "repeat")
        self.cpu = bool(cpu)
        self.armed = False
        self.expired = False

    def __enter__(self):
        if self.seconds is None:        # no cap: nothing armed (the common case of a call without a time limit)
            return self
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread() \
                or not hasattr(signal, "setitimer"):
            return self
        self.signum, self.timer = ((signal.SIGPROF, signal.ITIMER_PROF) if self.cpu else
                                   (signal.SIGALRM, signal.ITIMER_REAL))
        stack = _CAPS[self.cpu]
        # past ~31 years the platform's timer overflows (OverflowError): such a cap is no cap
        self.next = _clock(self.cpu) + min(max(float(self.seconds), 1e-3), 1e9)
        if not stack:
            _CAPS_PREVIOUS[self.cpu] = signal.signal(self.signum, _cap_handler)
        stack.append(self)
        _arm(self.cpu)
        self.armed = True
        return self

    def __exit__(self, *exc):
        if self.armed:
            import signal

            stack = _CAPS[self.cpu]
            if self in stack:
                stack.remove(self)
            if stack:
                _arm(self.cpu)            # an enclosing cap keeps its deadline (a nested cap used to cancel it)
            else:
                signal.setitimer(self.timer, 0)
                signal.signal(self.signum, _CAPS_PREVIOUS.pop(self.cpu))
            self.armed = False
        _SIGINT["count"] -= self.fired      # seen inside the block only: a loop around it saw no Ctrl-C
        self.fired = 0
        return False


#: the code of a cap's own machinery, where its handler puts an interrupt off (:func:`_in_cap_machinery`)
_CAP_CODES = frozenset((time_cap.__enter__.__code__, time_cap.__exit__.__code__, _arm.__code__))


class _NoCap(time_cap):
    """``time_cap(None)``: nothing armed, never expired; one instance shared by every caller (:data:`_NO_CAP`, whose
    state never changes: it is never armed, so no handler sees it and it never fires).

    Examples
    --------
    >>> time_cap(None) is time_cap(None, cpu=True, counted=True), time_cap(None).expired
    (True, False)
    """

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


#: the cap of None (:class:`_NoCap`)
_NO_CAP = object.__new__(_NoCap)
_NO_CAP.seconds, _NO_CAP.counted, _NO_CAP.fired, _NO_CAP.repeat = None, False, 0, None
_NO_CAP.cpu = _NO_CAP.armed = _NO_CAP.expired = False
