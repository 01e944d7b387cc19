"""The time a sweep will take, estimated before it starts: refused above the budget with a cheaper route.

A sweep of ``dimension`` or ``degree`` tasks is estimated from the dimension's own estimate of its heavy step
(:func:`~algnet.analyses.dimension_estimate.estimate_dimension`, wall seconds at the current load), per task still
to run: every such task computes the dimension (a degree task whose theorem gives the degree and the dimension
needs none, and counts 0). That total is a lower bound (the tasks' other steps and their set-up are not counted),
spread over the workers that can run at once. ``singular`` (the strata's estimate; a map's symbolic loci not
counted), ``hilbert`` (the set-up of its matrices only) are lower bounds too; ``fd`` / ``batch_fd`` and
``critical`` use their analysis' own estimate (critical's says when it is a lower bound). The message says "at
least" for a lower bound, "about" otherwise. Other analyses have no per-task estimate: nothing is checked.

Examples
--------
>>> check_sweep_time("dimension", [("dimension", "linear 2-1-2", 0, "{}")]) < 1.0
True
"""

from __future__ import annotations

import os

__all__ = ["sweep_seconds", "check_sweep_time"]


def _options(text) -> dict:
    import json

    try:
        got = json.loads(text) if isinstance(text, str) else dict(text or {})
    except (ValueError, TypeError):
        return {}
    return got if isinstance(got, dict) else {}


def _task_seconds(analysis: str, spec: str, options="{}"):
    """``(seconds, lower_bound)``: the estimated wall seconds of one task of ``analysis`` on ``spec``, and whether
    that is only a lower bound; None when there is no estimate for that analysis (or it refuses the network)."""
    from algnet.architectures.spec import parse_spec
    from algnet.errors import AlgnetError

    if analysis not in _ESTIMATED:
        return None
    try:
        net = parse_spec(spec)
        if analysis in ("dimension", "degree"):
            if not getattr(net, "polynomial", True):
                return None
            if analysis == "degree":
                from algnet.analyses.degree import theorem_dimension
                from algnet.analyses.routes_estimate import theorem_degree

                if theorem_degree(net) is not None and theorem_dimension(net) is not None:
                    return 0.0, True
            from algnet.analyses.dimension_estimate import estimate_dimension

            return float(estimate_dimension(net)["seconds"]), True
        opts = _options(options)
        if analysis == "singular":      # the strata; a polynomial map's symbolic loci come on top
            from algnet.analyses.singular.estimate import strata_estimate

            return float(strata_estimate(net, int(opts.get("depth", 2)))["seconds"]), True
        if analysis == "hilbert":       # the set-up of the evaluation matrices; their ranks come on top
            from algnet.analyses.hilbert.costs import estimate_setup

            return float(estimate_setup(net)["seconds"]), True
        if analysis in ("fd", "batch_fd"):
            from algnet.guards_fd import estimate_fd

            return float(estimate_fd(net)["seconds"]), False
        from algnet.analyses.critical.estimate import critical_estimate

        est = critical_estimate(net, opts.get("loss", "generic"), classify=bool(opts.get("classify", True)))
        return float(est.seconds), bool(est.lower_bound)
    except (AlgnetError, ValueError, TypeError, KeyError, AttributeError):
        return None     # an estimate that does not apply (fd of a polynomial network): the task reports its own error


#: the analyses a sweep estimates per task (each from the analysis' own estimate function)
_ESTIMATED = ("dimension", "degree", "singular", "hilbert", "fd", "batch_fd", "critical")


def _sweep(todo, workers, stop_above):
    """(seconds, known, lower_bound) of :func:`sweep_seconds`."""
    from collections import Counter

    parallel = max(1, min(int(workers or 1), os.cpu_count() or 1))
    per_spec = Counter((k[0], k[1], k[3] if len(k) > 3 else "{}") for k in todo)
    total, known, lower = 0.0, False, False
    for (analysis, spec, options), n in per_spec.items():
        got = _task_seconds(analysis, spec, options)
        if got is None:
            continue
        s, low = got
        known, lower = True, lower or low
        total += s * n
        if stop_above is not None and total / parallel > stop_above:
            lower = True        # the sum stopped there
            break
    return total / parallel, known, lower


def sweep_seconds(todo, workers: int | None = 1, stop_above: float | None = None):
    """``(seconds, estimated)``: the wall seconds the tasks ``todo`` (task keys ``(analysis, spec, seed,
    options)``) will take, on ``workers`` processes (at most the machine's cores run at once), and whether an
    estimate exists (False: the analysis has none). One estimate per spec and options, counted for each of its
    tasks (dimension, degree: the dimension's heavy step, a lower bound; singular, hilbert, fd, critical: the
    analysis' own estimate); with ``stop_above``, the sum stops once it is above (the total is then at least that).

    Examples
    --------
    >>> s, known = sweep_seconds([("dimension", "linear 2-1-2", k, "{}") for k in range(3)])
    >>> known, 0 < s < 3
    (True, True)
    >>> sweep_seconds([("regions", "relu 2-2-1", 0, "{}")])
    (0.0, False)
    >>> sweep_seconds([("singular", "dense 2-2-1 r=2", 0, "{}")])[1]
    True
    """
    return _sweep(todo, workers, stop_above)[:2]


def check_sweep_time(analysis: str, todo, workers: int | None = 1, force: bool = False,
                     budget: float | None = None) -> float:
    """Refuse (TooLargeError) the sweep of the tasks ``todo`` when :func:`sweep_seconds` is above ``budget``
    (default :data:`algnet.guards.DEFAULT_BUDGET`) unless ``force``; a sweep allowed whose estimate is long is
    announced (one warning line). Returns the estimate (seconds, a lower bound).

    Examples
    --------
    >>> from algnet.errors import TooLargeError
    >>> todo = [("dimension", f"dense {n}-2-1 r=2", s, "{}") for n in range(1500, 2001) for s in range(10)]
    >>> try:
    ...     check_sweep_time("dimension", todo)
    ... except TooLargeError as e:
    ...     print(str(e).split(":")[0])     # doctest: +ELLIPSIS
    the sweep of 5010 dimension tasks would take at least ...
    """
    import logging

    from algnet.errors import TooLargeError
    from algnet.guards import DEFAULT_BUDGET, NOTICE_SECONDS, format_seconds

    budget = DEFAULT_BUDGET if budget is None else float(budget)
    seconds, known, lower = _sweep(todo, workers, stop_above=None if force else budget)
    if not known:
        return 0.0
    how = ("the dimension's estimate of each task's heaviest step" if analysis in ("dimension", "degree")
           else f"the {analysis} analysis' own estimate of each task" + ("" if lower else ", not a bound"))
    what = (f"the sweep of {len(todo)} {analysis} tasks would take {'at least' if lower else 'about'} "
            f"{format_seconds(seconds)} at the current load ({how}")
    cores = os.cpu_count() or 1
    if seconds > budget and not force:
        more = [] if int(workers or 1) >= cores else [f"--workers {cores} (this machine has {cores} cores)"]
        raise TooLargeError(
            f"{what}; summed until above the budget), above the default budget of {format_seconds(budget)}",
            seconds=float(seconds), tasks=len(todo),
            hint=", ".join(["a smaller grid or fewer --seeds"] + more + [
                "or a sweep in parts (a sweep stopped with Ctrl-C resumes where it stopped when run again)"])
            + "; --force runs it anyway")
    if seconds > NOTICE_SECONDS:
        logging.getLogger("algnet").warning("algnet: %s); Ctrl-C stops it, the finished tasks stay stored", what)
    return seconds
