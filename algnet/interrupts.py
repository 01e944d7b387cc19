"""Ctrl-C seen by the analyses: counted, so that a loop sees an interrupt an inner step turned into a partial result.

The analyses keep Ctrl-C to themselves: they stop, mark what was finished partial and return it. A loop over
analyses (``verify``, a sweep) must stop all the same, and a caller that runs a step whose interrupt is
swallowed inside (a partial result it would read as "not available") must pass the interrupt on: both compare
:func:`sigint_count` before and after, and :func:`seeing_interrupts` wraps that comparison (with an enclosing
:class:`~algnet.time_caps.time_cap` that expired in between).

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

__all__ = ["sigint_count", "note_sigint", "counting_sigint", "seeing_interrupts"]

_SIGINT = {"count": 0}


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


@contextmanager
def counting_sigint():
    """Within the block, Ctrl-C is counted (:func:`sigint_count`) and raises KeyboardInterrupt as usual;
    the previous handler is restored on exit (a no-op outside the main thread).

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

    def handler(signum, frame):
        note_sigint()
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:      # not the main thread
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


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
    import signal

    try:
        python_handler = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    except ValueError:          # pragma: no cover - not the main thread
        python_handler = False
    seen = _Seen()
    if python_handler:
        with counting_sigint():
            yield seen
    else:
        yield seen
