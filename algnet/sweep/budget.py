"""The time a sweep will take, estimated before it starts: refused above the budget with a cheaper route.

A sweep of ``dimension`` or ``degree`` tasks is estimated from the dimension's own estimate of its heavy step
(:func:`~algnet.analyses.dimension_estimate.estimate_dimension`, wall seconds at the current load), per task still
to run: every such task computes the dimension (a degree task whose theorem gives the degree and the dimension
needs none, and counts 0). The total is a lower bound (the tasks' other steps and their set-up are not counted),
spread over the workers that can run at once. Other analyses have no per-task estimate: nothing is checked.

Examples
--------
>>> check_sweep_time("dimension", [("dimension", "linear 2-1-2", 0, "{}")]) < 1.0
True
"""

from __future__ import annotations

import os

__all__ = ["sweep_seconds", "check_sweep_time"]


def _task_seconds(analysis: str, spec: str):
    """Estimated wall seconds of one task of ``analysis`` on ``spec`` (a lower bound), or None when there is no
    estimate for that analysis."""
    from algnet.architectures.spec import parse_spec

    if analysis not in ("dimension", "degree"):
        return None
    net = parse_spec(spec)
    if not getattr(net, "polynomial", True):
        return None
    if analysis == "degree":
        from algnet.analyses.degree import theorem_dimension
        from algnet.analyses.routes_estimate import theorem_degree

        if theorem_degree(net) is not None and theorem_dimension(net) is not None:
            return 0.0
    from algnet.analyses.dimension_estimate import estimate_dimension

    return float(estimate_dimension(net)["seconds"])


def sweep_seconds(todo, workers: int | None = 1, stop_above: float | None = None):
    """``(seconds, estimated)``: the wall seconds the tasks ``todo`` (task keys ``(analysis, spec, seed,
    options)``) will take at least, on ``workers`` processes (at most the machine's cores run at once), and
    whether an estimate exists (False: the analysis has none). One estimate per spec, counted for each of its
    tasks; with ``stop_above``, the sum stops once it is above (the total is then at least that).

    Examples
    --------
    >>> s, known = sweep_seconds([("dimension", "linear 2-1-2", k, "{}") for k in range(3)])
    >>> known, 0 < s < 3
    (True, True)
    >>> sweep_seconds([("regions", "relu 2-2-1", 0, "{}")])
    (0.0, False)
    """
    from collections import Counter

    parallel = max(1, min(int(workers or 1), os.cpu_count() or 1))
    per_spec = Counter((k[0], k[1]) for k in todo)
    total, known = 0.0, False
    for (analysis, spec), n in per_spec.items():
        s = _task_seconds(analysis, spec)
        if s is None:
            continue
        known = True
        total += s * n
        if stop_above is not None and total / parallel > stop_above:
            break
    return total / parallel, known


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
    seconds, known = sweep_seconds(todo, workers, stop_above=None if force else budget)
    if not known:
        return 0.0
    what = (f"the sweep of {len(todo)} {analysis} tasks would take at least {format_seconds(seconds)} at the "
            "current load (the dimension's estimate of each task's heaviest step")
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
