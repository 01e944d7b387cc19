"""A progress bar for the capped phases of a fiber count that report no progress of their own.

The deg M pilot of ``method="auto"`` and the Groebner basis mod p that checks an incomplete monodromy count run
inside sympy or the homotopy code for up to their caps (:data:`~algnet.analyses.fibers_route.ROUTE_PILOT_CPU`,
:data:`~algnet.analyses.fibers_modular.MODULAR_CHECK_CPU` seconds) with nothing to count; their bar counts the
seconds spent against the cap, its total, so a long silent phase says what it is doing and how long it may last.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> with clock_bar("Groebner basis mod p", 2.0, cpu=True, show=True, file=out):
...     pass
>>> "Groebner basis mod p" in out.getvalue() and "/2" in out.getvalue()
True
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

__all__ = ["clock_bar"]

#: Seconds between two updates of a :func:`clock_bar`.
TICK = 0.25


@contextmanager
def clock_bar(desc: str, seconds, cpu: bool, show: bool, file=None):
    """A tqdm bar of the seconds spent (CPU seconds of the process when ``cpu``, else wall clock) with total
    ``seconds`` (the phase's cap; None: no total), updated from a daemon thread while the block runs; nothing
    when ``show`` is false.

    Examples
    --------
    >>> with clock_bar("pilot", 5.0, cpu=True, show=False):
    ...     1 + 1
    2
    """
    if not show:
        yield None
        return
    from tqdm.auto import tqdm

    clock = time.process_time if cpu else time.perf_counter
    total = None if seconds is None else round(float(seconds), 1)
    unit = "CPU s" if cpu else "s"
    bar = tqdm(total=total, desc=desc, unit=unit, leave=False, file=file,
               bar_format="{desc}: {n:.1f}/{total_fmt} " + unit + " |{bar}|" if total else None)
    start, done = clock(), threading.Event()

    def tick():
        while not done.wait(TICK):
            spent = clock() - start
            bar.n = min(spent, total) if total else spent
            bar.refresh()

    t = threading.Thread(target=tick, name="algnet-fibers-clock-bar", daemon=True)
    t.start()
    try:
        yield bar
    finally:
        done.set()
        t.join()
        bar.n = min(clock() - start, total) if total else clock() - start
        bar.close()
