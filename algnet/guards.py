"""Resource guards: estimate the heavy step, compare with the machine, refuse early.

Every analysis that can outgrow the machine estimates the memory (and,
where it can, the time) of its heavy step before starting it, and calls
:func:`check_resources`, which raises :class:`~algnet.errors.TooLargeError`
with the estimate and a cheaper route unless ``force=True``. The memory
compared against is :func:`memory_limit`: the memory the kernel reports as
available (``MemAvailable`` in /proc/meminfo, bounded by a cgroup limit when
there is one and by the room left under the process's own limit, ``ulimit -v`` / ``prlimit --as``, when one is
set, else ``os.sysconf``), times :data:`MEMORY_FRACTION`, or the
user's ``ALGNET_MEMORY_LIMIT`` (bytes, or with a K/M/G suffix) when smaller.

What ``force`` lifts: ``force=True`` (``--force`` on the command line) lifts the *size* refusals, the
memory estimate and the default time budgets an analysis applies when the caller gave no time limit. It does not
lift a memory estimate above everything the machine has (:func:`machine_memory`: its RAM and swap, or a cgroup
limit): such a step is refused as impossible here, forced or not (it would end in an allocation failure). A time
limit the caller gives (``time_limit=``, ``--time-limit``) still holds under ``force``: an analysis that
stops at its time limit (what is finished, marked partial) still stops there, and one that cannot stop
midway (``check_resources(..., stops_at_time_limit=False)``, e.g. the dimension's rank) is refused when its
estimate is longer than the limit, forced or not.

The caps that stop a run at its time limit live in :mod:`algnet.time_caps`, the counting of Ctrl-C in
:mod:`algnet.interrupts` (both imported from here as well).

Examples
--------
>>> memory_limit() > 0
True
>>> format_bytes(3 * 2**30)
'3.0 GiB'
>>> check_resources("a tiny step", memory=1000) > 1000        # fits: returns the limit
True
>>> check_resources("a huge step", memory=2**60)
Traceback (most recent call last):
...
algnet.errors.TooLargeError: a huge step needs about 1.05e+06 TiB of memory, more than this machine has ...
"""

from __future__ import annotations

import logging
import math
import os
import re
import time

from algnet.errors import ParameterError, TooLargeError
# the two other concerns of a guarded run, in modules of their own, imported from here too (one import for the
# analyses): a time limit's cap and Ctrl-C counting
from algnet.interrupts import counting_sigint, note_sigint, seeing_interrupts, sigint_count
from algnet.time_caps import armed_caps as _armed_caps
from algnet.time_caps import check_time_limit, time_cap

__all__ = ["available_memory", "machine_memory",
           "memory_limit", "check_resources", "check_flag", "format_bytes", "format_seconds",
           "check_time_limit", "MEMORY_FRACTION", "DEFAULT_BUDGET", "NOTICE_SECONDS", "announce",
           "DEGREE_AUTO_MAX_PARAMS",
           "DEGREE_AUTO_MAX_VALUES", "check_count", "sigint_count",
           "note_sigint", "counting_sigint", "seeing_interrupts", "time_cap", "load_factor"]

#: Fraction of the available memory an analysis may plan to use (the machine is shared).
MEMORY_FRACTION = 0.7
#: long runs: above this many seconds an analysis's own notices (monodromy, critical points) and its pilots apply
ANNOUNCE_SECONDS = 120.0
#: runs allowed by :func:`check_resources` (within a default budget, or forced) estimated longer than this many
#: seconds are announced before they start: one line on stderr with the estimate and how to interrupt
NOTICE_SECONDS = 10.0
#: Seconds of work an analysis may plan without a time limit from the caller (beyond: refused with the estimate
#: unless ``force``); the one default of every guard (regions, local complexity, superposition, singular locus,
#: critical points, Voronoi cells), which import it from here. CPU seconds where the estimate is of CPU time
#: (so that a busy machine never refuses a small input), wall seconds where it is of the wall clock.
DEFAULT_BUDGET = 600.0
#: ``degree(method='auto')`` runs monodromy without ``force`` only within these sizes: the witness system has
#: ``n_params`` unknowns and every path evaluates the network at (output monomials x outputs) values; above them
#: it refuses rather than run for hours (measured on a 2-core machine: linear 6-2-4, 20 unknowns, degree 105:
#: about 30 s with certification; the time grows roughly like degree x loops x path cost). One place for the
#: degree and for the refusals that offer its route (:func:`algnet.analyses.routes_estimate.degree_route`).
DEGREE_AUTO_MAX_PARAMS = 120
DEGREE_AUTO_MAX_VALUES = 4000
_log = logging.getLogger("algnet")


#: Seconds a reading of /proc/meminfo serves (:func:`_snapshot`): the figures of one guard (its limit, the
#: machine's total, the message) come from one reading; formerly a call of :func:`check_resources`
#: read the file three times, and the limit and the machine's total could come from different moments.
SNAPSHOT_SECONDS = 1.0
_LAST = {"at": -math.inf, "snap": None}


def _snapshot() -> dict:
    """The machine's memory as read at most :data:`SNAPSHOT_SECONDS` ago (:func:`_read_snapshot`)."""
    now = time.monotonic()
    if _LAST["snap"] is None or now - _LAST["at"] > SNAPSHOT_SECONDS:
        _LAST["snap"], _LAST["at"] = _read_snapshot(), now
    return _LAST["snap"]


def _read_snapshot() -> dict:
    """One reading of the machine's memory: the figures of /proc/meminfo a guard reads (``MemTotal``,
    ``MemAvailable``, ``SwapTotal``, in bytes; empty when it cannot be read), the cgroup limit (None without
    one) and the room left under the process's own limits (:func:`_rlimit_room`, None without one). The file is
    read at once, as bytes, and those lines found by one pattern (no loop over its 50-odd lines: a command-line
    count reads it once, cold).

    Examples
    --------
    >>> snap = _read_snapshot()
    >>> sorted(snap), set(snap["meminfo"]) <= {"MemTotal", "MemAvailable", "SwapTotal"}
    (['cgroup', 'meminfo', 'rlimit'], True)
    """
    info = {}
    try:
        with open("/proc/meminfo", "rb") as fh:
            text = fh.read()
    except OSError:
        text = b""
    for name, kb in _MEMINFO_LINES.findall(text):
        info[name.decode()] = int(kb) * 1024
    return {"meminfo": info, "cgroup": _cgroup_limit(), "rlimit": _rlimit_room()}


#: the process's own memory limits (``ulimit -v`` / ``prlimit --as``, ``ulimit -d``) and the lines of
#: /proc/self/status that say how much of each is used already (values in kB)
_RLIMITS = (("RLIMIT_AS", b"VmSize"), ("RLIMIT_DATA", b"VmData"))
_STATUS_LINES = re.compile(rb"^(VmSize|VmData):[ \t]*([0-9]+)", re.MULTILINE)


def _rlimit_room() -> int | None:
    """Bytes this process may still map under its own soft limits on address space and data (``ulimit -v``,
    ``prlimit --as``, ``ulimit -d``): the limit minus what is mapped already (/proc/self/status), the smallest
    over the limits set; None when none is set (no file is read then). An allocation beyond it fails however much
    memory the machine has free, so a guard must compare against it too.

    Examples
    --------
    >>> room = _rlimit_room()
    >>> room is None or room >= 0
    True
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - platforms without resource limits
        return None
    limits = []
    for name, field in _RLIMITS:
        soft = resource.getrlimit(getattr(resource, name))[0]
        if soft != resource.RLIM_INFINITY and soft >= 0:
            limits.append((int(soft), field))
    if not limits:
        return None
    try:
        with open("/proc/self/status", "rb") as fh:
            used = {k: int(kb) * 1024 for k, kb in _STATUS_LINES.findall(fh.read())}
    except OSError:
        used = {}
    return max(0, min(soft - used.get(field, 0) for soft, field in limits))


#: the lines of /proc/meminfo that :func:`_available` and :func:`_machine` read (values in kB)
_MEMINFO_LINES = re.compile(rb"^(MemTotal|MemAvailable|SwapTotal):[ \t]*([0-9]+)", re.MULTILINE)


def _available(snap: dict) -> int:
    avail = snap["meminfo"].get("MemAvailable")
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
            avail = 4 * 2**30
    return int(min(v for v in (avail, snap["cgroup"], snap.get("rlimit")) if v is not None))


def _machine(snap: dict) -> int:
    info = snap["meminfo"]
    total = info["MemTotal"] + info.get("SwapTotal", 0) if "MemTotal" in info else None
    if total is None:
        try:
            total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
            total = _available(snap)
    cg, room = snap["cgroup"], snap.get("rlimit")
    if room is not None:        # the process's own limit: nothing beyond it can be allocated, forced or not
        return int(min(v for v in (total, cg, room) if v is not None))
    return int(max(min(total, cg) if cg is not None else total, _available(snap)))


def _machine_words(snap: dict) -> str:
    """What :func:`machine_memory` is, for a refusal: the machine's memory and swap, or the room left under the
    process's own limit (``ulimit -v``) when that is the smaller."""
    machine = _machine(snap)
    if snap.get("rlimit") is not None and snap["rlimit"] <= machine:
        return f"{format_bytes(machine)} left under this process's memory limit (ulimit -v / -d)"
    return f"{format_bytes(machine)} of memory and swap in all"


def _limit(snap: dict) -> int:
    lim = int(MEMORY_FRACTION * _available(snap))
    env = os.environ.get("ALGNET_MEMORY_LIMIT")
    if env:
        lim = min(lim, _parse_bytes(env))
    return lim


def available_memory() -> int:
    """Bytes of memory available now (MemAvailable, a cgroup limit, or physical pages).

    Examples
    --------
    >>> available_memory() > 2**20
    True
    """
    return _available(_snapshot())


def _cgroup_limit() -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        if not os.access(path, os.R_OK):        # (no file: no exception raised and caught)
            continue
        try:
            with open(path, "rb") as fh:       # (bytes: no text decoder)
                text = fh.read().strip()
        except OSError:
            continue
        if text.isdigit():
            return int(text)
    return None


def machine_memory() -> int:
    """Bytes this machine could give one process at most: its RAM plus swap (MemTotal + SwapTotal), or a
    cgroup limit when smaller. A step estimated above it is refused even under ``force``
    (:func:`check_resources`): it cannot run here at all.

    Examples
    --------
    >>> machine_memory() >= available_memory()
    True
    """
    return _machine(_snapshot())


def _parse_bytes(text: str) -> int:
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    t = text.strip().upper().rstrip("B").rstrip("I")
    mult = units.get(t[-1:], 1)
    num = t[:-1] if t[-1:] in units else t
    try:
        v = float(num) * mult
    except ValueError:
        v = math.nan
    if not math.isfinite(v) or v <= 0:
        raise ParameterError(f"ALGNET_MEMORY_LIMIT={text!r} is not a positive size", hint="e.g. ALGNET_MEMORY_LIMIT=8G")
    return int(v)


def memory_limit() -> int:
    """Bytes an analysis may plan to use: MEMORY_FRACTION of the available memory,
    or ``ALGNET_MEMORY_LIMIT`` when set and smaller.

    Examples
    --------
    >>> import os
    >>> os.environ["ALGNET_MEMORY_LIMIT"] = "1M"
    >>> memory_limit() <= 2**20
    True
    >>> del os.environ["ALGNET_MEMORY_LIMIT"]
    """
    return _limit(_snapshot())


def format_bytes(n: float) -> str:
    """Human-readable size (binary units).

    Examples
    --------
    >>> format_bytes(1536), format_bytes(3 * 2**50)
    ('1.5 KiB', '3.07e+03 TiB')
    >>> format_bytes(10**400), format_bytes(float("inf"))         # beyond floats: from its logarithm
    ('9.09e+387 TiB', 'inf TiB')
    """
    if isinstance(n, int) and n >= 2**1000:        # an integer beyond floats: n / 2**40 would overflow
        e = math.log10(n) - 40 * math.log10(2)
        return f"{10 ** (e - math.floor(e)):.3g}e+{math.floor(e)} TiB"
    if n >= 1000 * 2**40:
        return f"{n / 2**40:.3g} TiB"
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


def format_seconds(s: float) -> str:
    """Human-readable duration.

    Examples
    --------
    >>> format_seconds(90), format_seconds(1e9), format_seconds(0.004)
    ('1.5 min', '31.7 years', '0.004 s')
    """
    if s == math.inf:
        return "more than 1e300 s"
    if s >= 365.25 * 86400:
        return f"{s / (365.25 * 86400):.3g} years"
    if s >= 3600:
        return f"{s / 3600:.1f} h"
    if s >= 60:
        return f"{s / 60:.1f} min"
    if 0 < s < 0.05:        # two significant digits, never "0.0 s" for a short limit or estimate
        return f"{s:.2g} s"
    return f"{s:.1f} s"


def load_factor(threads: int | None = None) -> float:
    """Wall-clock seconds per CPU second to expect now, from the 1-minute load average L on C cores.

    Without ``threads``: L / C, at least 1 (on a machine shared by more runnable jobs than cores, each
    gets a share of a core; measured: a 7.7 CPU-second set-up took 45 s of wall clock at load 11 on 2
    cores, factor 5.5). With ``threads`` = k (work spread over k threads, e.g. BLAS products): each of
    the k threads gets a core while L + k <= C, else C / (L + k) of one, so the factor is
    max(1, (L + k) / C) / k (k capped at C): below 1 on an idle machine (k CPU seconds per second);
    measured, ``dimension``'s eliminations on 2 cores at load 15-16 took 4.5-5.1 wall seconds per CPU
    second of their two threads, against (L + 2) / 4 = 4.3-4.5 and L / C = 7.6-8.

    Examples
    --------
    >>> load_factor() >= 1.0 and load_factor(1) >= 1.0
    True
    >>> load_factor(2) >= load_factor(1) / 2
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - platforms without a load average
        load = 0.0
    cores = max(cores, 1)
    if threads is None:
        return max(1.0, load / cores)
    k = max(1, min(int(threads), cores))
    return max(1.0, (load + k) / cores) / k




def check_flag(value, name: str = "force") -> bool:
    """Return ``value`` as a bool if it is one (Python's or numpy's), else raise ParameterError.

    A switch such as ``force`` must be True or False: a string is bad input, not a request (``force="no"``
    is a true value in Python and would lift every size refusal). :func:`check_resources` checks its
    ``force`` here, so every guarded analysis refuses a non-bool ``force`` before any work; the analyses
    whose own refusals come earlier (Hilbert function, implicitization, singular strata) check it first.

    Examples
    --------
    >>> check_flag(True), check_flag(False, "certify")
    (True, False)
    >>> check_flag("yes")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: force='yes' must be True or False
      hint: e.g. force=True
    """
    import numpy as np

    if not isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"{name}={value!r} must be True or False", hint=f"e.g. {name}=True")
    return bool(value)


def check_resources(what: str, *, memory: float | None = None, seconds: float | None = None,
                    time_limit: float | None = None, force: bool = False, hint="",
                    forceable: bool = True, stops_at_time_limit: bool = True, run_time_limit: float | None = None,
                    **info) -> int:
    """Refuse ``what`` (TooLargeError) when its estimate exceeds the machine or the time budget.

    Parameters
    ----------
    what : str
        The heavy step, e.g. "dense 100-100-100-100 r=2: Jacobian sketch 30002 x 30000".
    memory : float, optional
        Estimated peak bytes.
    seconds : float, optional
        Estimated seconds (compared with ``time_limit`` when given).
    force : bool
        Skip the size checks (memory, and ``time_limit`` when the run stops at it anyway); a memory estimate
        above :func:`machine_memory` is refused all the same (impossible on this machine).
    stops_at_time_limit : bool
        Whether the caller's run, once started, stops at ``time_limit`` (marked partial). When False (a step
        that cannot stop midway), ``time_limit`` is the caller's explicit limit and holds under ``force``.
    run_time_limit : float, optional
        The run's own stop: the caller's time limit, at which the run stops with what it finished (``time_limit``
        may be a default budget compared with the estimate instead). A run allowed (forced or not) with an
        estimate above :data:`NOTICE_SECONDS` is announced (one warning line with the estimate and how to stop it)
        when it has no stop of its own: neither this nor a time cap armed around the call
        (:func:`algnet.time_caps.armed_caps`).
    hint : str or callable
        The cheaper route (``force=True`` is added when ``forceable``); a callable returning it is called only
        when the step is refused (routes whose own estimates take a moment to check,
        :func:`algnet.analyses.routes_estimate.cheaper_routes`).
    forceable : bool
        Whether the caller offers ``force`` (else the hint does not mention it).

    Returns
    -------
    int
        The memory limit compared against (bytes).

    Examples
    --------
    >>> check_resources("a short step", seconds=5.0, time_limit=10.0) > 0
    True
    >>> check_resources("a long step", seconds=50.0, time_limit=10.0, hint="a smaller network")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: a long step would take about 50.0 s, above the time limit of 10.0 s
      hint: a smaller network; force=True runs it anyway
    >>> check_resources("a rank", seconds=50.0, time_limit=10.0, force=True) > 0   # forced: stops at the limit
    True
    >>> check_resources("an impossible step", memory=2**70, force=True, hint="a smaller network")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: an impossible step needs about 1.07e+09 TiB of memory, more than this machine has ...
      hint: a smaller network
    >>> import logging
    >>> logging.getLogger("algnet").addHandler(h := logging.StreamHandler(__import__("sys").stdout))
    >>> _ = check_resources("a long step", seconds=500.0)                    # no stop of its own: announced
    algnet: starting a long computation: a long step; ...
    >>> _ = check_resources("a long step", seconds=500.0, run_time_limit=60.0)    # it stops at its limit: not
    >>> logging.getLogger("algnet").removeHandler(h)
    >>> check_resources("a rank", seconds=50.0, time_limit=10.0, force=True, stops_at_time_limit=False)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: a rank would take about 50.0 s, above the time limit of 10.0 s
      hint: a larger time_limit= (force=True lifts the size limits, not a time limit given explicitly)
    """
    force = check_flag(force)
    limit = memory_limit()      # one reading of /proc/meminfo for both (_snapshot)
    machine = machine_memory()
    has = _machine_words(_snapshot())
    hint_of = hint if callable(hint) else (lambda: hint)
    timed = seconds is not None and time_limit is not None and seconds > time_limit
    impossible = memory is not None and memory > machine
    if force and timed and not stops_at_time_limit:
        raise TooLargeError(f"{what} would take about {format_seconds(seconds)}, above the time limit of "
                            f"{format_seconds(time_limit)}",
                            hint="a larger time_limit= (force=True lifts the size limits, not a time limit given "
                                 "explicitly)", memory_bytes=None if memory is None else int(memory),
                            seconds=float(seconds), memory_limit=limit, **info)
    if force and impossible:
        raise TooLargeError(f"{what} needs about {format_bytes(memory)} of memory, more than this machine has "
                            f"({has}): it cannot run here, "
                            "forced or not", hint=hint_of() or "a smaller input", memory_bytes=int(memory),
                            seconds=None if seconds is None else float(seconds), memory_limit=limit, **info)
    if force:
        _announce(what, seconds, time_limit, run_time_limit, True)
        return limit
    problems = []
    if impossible:          # no force can help: the refusal does not offer it
        problems.append(f"needs about {format_bytes(memory)} of memory, more than this machine has "
                        f"({has})")
    elif memory is not None and memory > limit:
        problems.append(f"needs about {format_bytes(memory)} of memory, above the limit of {format_bytes(limit)} "
                        f"({int(MEMORY_FRACTION * 100)}% of the available memory, or ALGNET_MEMORY_LIMIT)")
    if seconds is not None and time_limit is not None and seconds > time_limit:
        problems.append(f"would take about {format_seconds(seconds)}, above the time limit of "
                        f"{format_seconds(time_limit)}")
    if problems:
        est = {"memory_bytes": None if memory is None else int(memory),
               "seconds": None if seconds is None else float(seconds), "memory_limit": limit}
        hint = hint_of()
        insist = "force=True runs it anyway" if (forceable or not hint) and not impossible else ""
        if timed and not stops_at_time_limit:       # force would not lift the time limit
            insist = ("a larger time_limit= (force=True lifts the memory limit, not the time limit)"
                      if len(problems) > 1 and not impossible else "a larger time_limit=")
        raise TooLargeError(f"{what} " + " and ".join(problems),
                            hint="; ".join(h for h in (hint, insist) if h) or "a smaller input", **est, **info)
    _announce(what, seconds, time_limit, run_time_limit, force)
    return limit


def announce(what: str, seconds: float) -> bool:
    """Announce (one warning line, stderr on the command line) a step with no guard of its own that is estimated
    above :data:`NOTICE_SECONDS`: the estimate and how to stop it. Returns whether it was announced.

    Examples
    --------
    >>> announce("a short step", 1.0)
    False
    """
    if not seconds > NOTICE_SECONDS or _armed_caps():
        return False
    _log.warning("algnet: starting a long computation: %s; estimated about %s (Ctrl-C stops it)", what,
                 format_seconds(seconds))
    return True


def _announce(what: str, seconds, time_limit, run_time_limit, forced: bool) -> None:
    """One warning line (stderr on the command line) before a run allowed with an estimate above
    :data:`NOTICE_SECONDS`: the estimate and how to stop it. Forced runs and runs within a default budget are
    announced too (they had started silently); a run that stops at the caller's own time limit
    (``run_time_limit``, or a time cap armed around the call) is not: it ends when the caller said."""
    if seconds is None or not seconds > NOTICE_SECONDS or run_time_limit is not None or _armed_caps():
        return
    if forced and time_limit is not None and seconds > time_limit:
        how = f"forced above the budget of {format_seconds(time_limit)}; "
    else:
        how = ""
    limit = "" if time_limit is not None else ", and a time limit (--time-limit SECONDS) refuses such runs"
    # a long run is allowed, but never silently: the user sees the estimate before the wait
    _log.warning("algnet: starting a long computation: %s; estimated about %s (%sCtrl-C stops it: interrupting "
                 "keeps what is finished%s)", what, format_seconds(seconds), how, limit)


def check_count(name: str, count, per_item_bytes: float, what: str, force: bool = False,
                forceable: bool = True, hint: str | None = None) -> int:
    """A positive integer ``count`` (ParameterError otherwise) whose ``count * per_item_bytes`` fits in
    memory (TooLargeError with the estimate otherwise, unless ``force``): sample counts, batch sizes.

    Examples
    --------
    >>> check_count("samples", 200, 64, "Voronoi targets")
    200
    >>> check_count("samples", 10**12, 64, "Voronoi targets")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: 1000000000000 Voronoi targets (samples=1000000000000) needs about 58.2 TiB ...
    """
    import numbers

    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 1:
        raise ParameterError(f"{name}={count!r} must be a positive integer", hint=f"e.g. {name}=100")
    check_resources(f"{count} {what} ({name}={count})", memory=count * per_item_bytes, force=force,
                    forceable=forceable, hint=hint or f"a smaller {name}=")
    return int(count)


#: the batch functional dimension's guards, in :mod:`algnet.guards_fd` and read from here as before
_FD_NAMES = frozenset({"estimate_fd", "check_fd", "check_batch_fd", "batch_fd_message"})


def __getattr__(name):
    if name in _FD_NAMES:
        from algnet import guards_fd

        return getattr(guards_fd, name)
    raise AttributeError(f"module 'algnet.guards' has no attribute {name!r}")
