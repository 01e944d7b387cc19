"""The guard around a critical-point entry point: the size check before it runs, the time cap while it runs.

:func:`guarded` decorates ``critical_points``, ``ed_degree`` and ``voronoi``: it asks
:func:`~.estimate.check_critical` (refusal above the memory limit or the budget, unless forced), runs the entry point
under :class:`algnet.guards.time_cap` (the time limit, or :func:`~.estimate_bounds.default_cap` for a count no
theorem bounds within the budget), with the collector paused for small runs (:data:`~.estimate.NO_GC_SECONDS`), and
marks a result cut short by the cap partial with its reason. Calls nested in a guarded call are neither checked nor
capped again. :func:`check_compile` is the check, for a route that certainly runs the compiled kernels, of a time
limit against their first compilation (a first run on this machine): a compilation cannot be interrupted (an
interrupt there is put off until it ends, :func:`algnet.interrupts.put_off_here`), so a limit that cannot cover it
is refused before it starts, with the estimate and the route (one run without a time limit fills the cache). The
critical-point entry points do not call it: their route is known only once they run (a stored structure's count
runs without compiled kernels), and reading numba's cache costs its import. The whole call
runs under :class:`algnet.interrupts.safe_ctrl_c`: in a script or a Jupyter kernel (Python's own SIGINT handler) a
Ctrl-C cannot crash the interpreter.

Examples
--------
>>> @guarded("a count", classify=False)
... def count(net, loss="generic", force=False, time_limit=None):
...     return "ran"
>>> count("linear 2-1-2")
'ran'
"""

from __future__ import annotations

from algnet import guards  # (read as its attributes at each call: what a test replaces there is used)
from algnet.analyses.critical.estimate_bounds import cap_reason, default_cap
from algnet.homotopy.kernel_cache import gc_paused  # one copy, beside the kernels' loading (documented there)
from algnet.interrupts import safe_ctrl_c

__all__ = ["guarded", "check_compile", "compile_estimate", "COMPILE_CPU"]

#: guarded calls running in this process (a call nested in one is neither checked nor capped again)
_ACTIVE: dict = {"depth": 0}
#: After the time limit, interrupt again every REPEAT seconds (a first interrupt can be swallowed: see time_cap).
REPEAT = 2.0


#: CPU seconds of the compilations from source a first count makes, per kernel it dispatches first (each with the
#: helpers numba compiles into it), and the module defining it. Measured: ``critical_points("linear 2-1-2")`` with an
#: empty numba cache on a 2-core machine, 96 CPU s in all (the listed ones; 0.1-0.3 s each for five more), 560 s of
#: wall at load 10-13: advance_batched alone 63 CPU s, 352 s of wall that no time limit could interrupt.
COMPILE_CPU = {
    "algnet.homotopy.batched:advance_batched": 63.4, "algnet.homotopy.path_threads:advance_nogil": 10.7,
    "algnet.homotopy.endpoint_finish:finish_rows": 7.1, "algnet.analyses.critical.disc_kernel:disc_eval": 2.9,
    "algnet.homotopy.monodromy.graph_kernels:find_or_add": 2.9, "algnet.homotopy.packed_lanes:_narrow_set": 2.6,
    "algnet.homotopy.kernels:tape_eval_batch": 2.0, "algnet.homotopy.batched:_scratch": 1.5,
    "algnet.homotopy.monodromy.graph_kernels:insert_return": 1.0,
    "algnet.homotopy.monodromy.graph_kernels:pending_jobs": 0.9,
}


def _cached(dispatcher):
    """Whether numba's disk cache holds machine code of ``dispatcher`` for its current source (its index lists an
    entry), or None when that cannot be read (another numba's internals, no cache)."""
    cache_file = getattr(getattr(dispatcher, "_cache", None), "_cache_file", None)
    try:
        return bool(cache_file._load_index())
    except Exception:            # noqa: BLE001 - an unreadable index is a miss for numba too; here: unknown
        return None


def compile_estimate(kernels=None) -> tuple:
    """``(CPU seconds, names)``: the compilations a first count still has to make, from :data:`COMPILE_CPU` (or
    ``kernels``, a dict of the same form), those whose machine code is not in numba's disk cache.

    Examples
    --------
    >>> cpu, names = compile_estimate({"algnet.homotopy.batched:advance_batched": 63.4})
    >>> (cpu, names) in {(0.0, ()), (63.4, ("advance_batched",))}
    True
    """
    import importlib

    cpu, names = 0.0, []
    for key, seconds in (COMPILE_CPU if kernels is None else kernels).items():
        module, name = key.split(":")
        try:
            dispatcher = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        if _cached(dispatcher) is False:
            cpu += float(seconds)
            names.append(name)
    return cpu, tuple(names)


def check_compile(spec: str, what: str, limit, kernels=None, force: bool = False) -> float:
    """Refuse (TooLargeError) a run under the wall-clock ``limit`` when the kernels it compiles first
    (:func:`compile_estimate`) take longer at the current load (:func:`algnet.guards.load_factor`) than the limit:
    a compilation cannot be stopped midway. A compilation that fits is announced (one warning line). Returns the
    estimated wall seconds of the compilation (0 when everything is cached or there is no limit). With ``force``
    (the user insists) a compilation above the limit is announced, not refused. For a route that certainly
    dispatches the kernels (it imports numba to run them): the check reads numba's cache, so it imports numba and
    the kernels' modules (about a second when nothing has loaded them yet).

    Examples
    --------
    >>> from algnet.errors import TooLargeError
    >>> check_compile("linear 2-1-2", "a count", None)                 # no limit: nothing to check
    0.0
    >>> try:
    ...     wall = check_compile("linear 2-1-2", "a count", 1.0, {"algnet.homotopy.batched:advance_batched": 63.4})
    ... except TooLargeError as e:                  # a cold cache: refused, 63 CPU s above 1 s
    ...     wall = e.seconds
    >>> wall == 0.0 or wall > 1.0                   # 0: compiled already
    True
    """
    if limit is None:
        return 0.0
    import logging

    from algnet.errors import TooLargeError
    from algnet.guards import format_seconds

    cpu, names = compile_estimate(kernels)
    if not names:
        return 0.0
    wall = cpu * guards.load_factor()
    which = f"{len(names)} kernel(s), {', '.join(names[:3])}{' ...' if len(names) > 3 else ''}"
    if wall > limit and not force:
        raise TooLargeError(
            f"{spec}: {what}: the numerical kernels are not compiled on this machine yet ({which}): compiling them "
            f"takes about {format_seconds(wall)} at the current load ({cpu:.0f} CPU s), above the time limit of "
            f"{format_seconds(limit)}, and a compilation cannot be stopped midway",
            hint="run it once without a time limit (the kernels are then cached for every later run), or give a "
                 f"time limit above {format_seconds(wall)}", seconds=float(wall), compile_cpu_seconds=float(cpu))
    logging.getLogger("algnet").warning(
        "algnet: %s: compiling numerical kernels first (%s; about %s of the time limit, once: later runs load them)",
        spec, which, format_seconds(wall))
    return wall


def _modules():
    """(estimate, small, structure_store): the modules a guarded call reads, imported by the first one (they import
    this module); their functions are read as attributes at each call."""
    got = _LATE.get("modules")
    if got is None:
        from algnet.analyses.critical import estimate, small, structure_store

        got = _LATE["modules"] = (estimate, small, structure_store)
    return got


_LATE: dict = {}


def _limited(res, reason: str):
    """``res`` (a CriticalResult, EDDegreeResult or VoronoiResult) marked partial with ``reason``."""
    from dataclasses import fields, replace

    names = {f.name for f in fields(res)}
    if "critical" in names and "partial" not in names:      # EDDegreeResult: partial is read off its critical points
        return replace(res, critical=_limited(res.critical, reason))
    if "partial_reason" in names:
        return replace(res, partial=True, partial_reason=reason)
    return replace(res, partial=True)


def guarded(what: str, classify=True):
    """Decorator of a critical-point entry point: :func:`~.estimate.check_critical` before it runs (with its
    ``force`` and ``time_limit`` keywords, ``loss`` or ``metric``, ``classify`` and ``samples``), then the run under
    :class:`algnet.guards.time_cap` of ``time_limit`` wall seconds: the run is interrupted at the limit as by
    Ctrl-C and its result marked partial (``partial_reason`` "time limit reached": the counts found, a lower
    bound); without ``time_limit`` and ``force``, a run whose count no theorem bounds within the budget stops at
    :func:`~.estimate_bounds.default_cap` the same way (its ``partial_reason`` says so). Calls nested in a guarded
    call are neither checked nor capped again. ``classify``: the default of the entry point's own ``classify``
    keyword (False for the count alone).

    Examples
    --------
    >>> @guarded("a count", classify=False)
    ... def count(net, loss="generic", force=False, time_limit=None):
    ...     return "ran"
    >>> count("linear 2-1-2")
    'ran'
    >>> count("linear 12-6-12", loss="frobenius")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: linear 12-6-12: a count: 924 critical point(s) ...
    >>> count("linear 12-6-12", loss="frobenius", force=True)
    'ran'
    """
    import functools
    import inspect

    def wrap(fn):
        sig = inspect.signature(fn)
        bind = _binder(sig)
        # the defaults of the keywords the guard reads, taken once (a keyword the entry point does not have: the
        # guard's own default)
        defaults = {name: p.default for name, p in sig.parameters.items()}
        d_force, d_limit, d_loss = defaults.get("force", False), defaults.get("time_limit"), defaults.get("loss")
        d_metric, d_samples = defaults.get("metric", "generic"), defaults.get("samples", 0)
        d_cache, d_classify = defaults.get("cache"), defaults.get("classify", classify)

        @functools.wraps(fn)
        def run(*args, **kwargs):
            with safe_ctrl_c():         # under Python's own handler too, a Ctrl-C cannot crash the interpreter
                return checked(*args, **kwargs)

        def checked(*args, **kwargs):
            if _ACTIVE["depth"]:
                return fn(*args, **kwargs)
            estimate, small, store = _modules()
            bound = bind(args, kwargs)
            a = bound if type(bound) is dict else bound.arguments
            net = a["net"] = small.remembered_network(a["net"])     # ``net`` is required: bound, or bind raised
            force, limit = a.get("force", d_force), guards.check_time_limit(a.get("time_limit", d_limit))
            loss = a.get("loss", d_loss)
            loss = a.get("metric", d_metric) if loss is None else loss
            samples = a.get("samples", d_samples)
            est = None
            cls = bool(a.get("classify", d_classify))
            if getattr(net, "polynomial", True) and isinstance(samples, int) and samples >= 0:
                cache = a.get("cache", d_cache)        # the call's own store setting (ed_degree's ``cache``)
                if cache is None:       # the store as it is set
                    est = estimate.check_critical(net, loss, what=what, classify=cls, samples=samples, force=force,
                                                  time_limit=limit)
                else:
                    with store.caching(bool(cache)):
                        est = estimate.check_critical(net, loss, what=what, classify=cls, samples=samples,
                                                      force=force, time_limit=limit)
            # a count no theorem bounds within the budget: capped at the default budget (module doc)
            capped = default_cap(est, limit, bool(force))
            stop = limit if capped is None else capped
            _ACTIVE["depth"] += 1
            cap = None
            try:
                # no time limit and no default cap: time_cap(None), the shared cap that arms nothing
                with guards.time_cap(stop, repeat=REPEAT, counted=True) as cap, \
                        gc_paused(estimate._small(est)):
                    res = fn(**a) if bound is a else fn(*bound.args, **bound.kwargs)
            except KeyboardInterrupt:
                if cap is None or not cap.expired:      # (a Ctrl-C before the cap was armed: cap is None)
                    raise
                from algnet.errors import TooLargeError
                from algnet.guards import format_seconds

                which = (f"the time limit of {format_seconds(limit)}" if capped is None else
                         f"the default budget of {format_seconds(capped)} (no theorem bounds the count)")
                raise TooLargeError(f"{net.spec}: {what}: {which} was reached before a partial result was made",
                                    hint="a larger time_limit=, or a smaller network" + (
                                        "" if capped is None else ", or force=True"), seconds=stop) from None
            finally:
                _ACTIVE["depth"] -= 1
            if not (cls or samples):        # a count ran: its set-up (numba and the kernels, when loaded) is resident
                estimate.note_set_up()
            if not cap.expired:
                return res
            return _limited(res, "time limit reached" if capped is None else cap_reason(est, capped))

        return run

    return wrap


def _binder(sig):
    """``bind(args, kwargs)``: the call's arguments by name, a dict (the entry point is then called with them as
    keywords), where every parameter is positional-or-keyword or keyword-only and the call names each once and every
    required one, without :class:`inspect.Signature`'s general binding; else ``sig.bind(*args, **kwargs)`` (its
    ``arguments``, ``args`` and ``kwargs``; it raises for a call that does not bind).

    Examples
    --------
    >>> import inspect
    >>> bind = _binder(inspect.signature(lambda net, loss=None, *, seed=0: None))
    >>> bind(("linear 2-1-2",), {"seed": 3})
    {'net': 'linear 2-1-2', 'seed': 3}
    >>> bind((), {"loss": 1})
    Traceback (most recent call last):
    ...
    TypeError: missing a required argument: 'net'
    """
    import inspect

    params = sig.parameters.values()
    simple = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params)
    positional = tuple(p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD)
    names = frozenset(sig.parameters)
    required = frozenset(p.name for p in params if p.default is inspect.Parameter.empty)

    def bind(args, kwargs):
        if simple and len(args) <= len(positional):
            a = dict(zip(positional, args))
            if kwargs.keys() <= names and not kwargs.keys() & a.keys():
                a.update(kwargs)
                if required <= a.keys():
                    return a
        return sig.bind(*args, **kwargs)

    return bind
