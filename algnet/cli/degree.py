"""``algnet degree SPEC`` (or ``--map FILE``): degree of a neuromanifold.

The flags come from the registered analysis ``degree`` (:mod:`algnet.analyses.catalog`).
A degree that is only a lower bound (Ctrl-C, a failed trace test) is printed
as ``degree >= n (...; lower bound)``, its JSON has ``partial: true``,
``degree: null`` and ``degree_lower_bound: n``, and the exit status is
non-zero (130 after Ctrl-C). n is the number of points Krawczyk's test
certified distinct when it ran (:attr:`~algnet.analyses.degree.DegreeResult.lower_bound`),
else the number found.
"""

from __future__ import annotations

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)


def register(sub):
    p = sub.add_parser("degree", help="degree of the neuromanifold (homotopy continuation, Hilbert, formula)",
                       description="Degree of the neuromanifold of SPEC (or of the polynomial map in --map "
                                   "FILE): the number of points of M cut by a random affine space of "
                                   "complementary dimension, by monodromy with a trace test and Krawczyk "
                                   "certificates; or by the Hilbert polynomial, or a formula.")
    add_network_arguments(p, "linear 4-2-3")
    add_analysis_arguments(p, "degree", progress=True)
    p.set_defaults(func=run)


def lower_bound_reason(res, interrupted_word: str) -> str | None:
    """Why the degree of ``res`` is only a lower bound (None when it is the answer): a failed trace test (the
    route marks that result partial too) unless the run was interrupted (``interrupted_word``: "interrupted"
    after Ctrl-C), else ``interrupted_word`` for any other partial result.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> lower_bound_reason(R(partial=True, trace_test_passed=False), "stopped early")
    'trace test failed: the witness set may be incomplete'
    >>> lower_bound_reason(R(partial=True, trace_test_passed=False), "interrupted")
    'interrupted'
    >>> lower_bound_reason(R(partial=False, trace_test_passed=True), "stopped early") is None
    True
    """
    if res.trace_test_passed is False and interrupted_word != "interrupted":
        return "trace test failed: the witness set may be incomplete"
    if res.partial:
        return interrupted_word
    return None


def loops_phrase(loops: int, answered: bool) -> str:
    """How many monodromy loops the paths went around, in words.

    No loop is needed when the random starts already found every point and
    the trace test passed on the two trace edges (p0 to p0 + v and p0 - v:
    no cycle); "0 loops" would read as a count that went wrong.

    Examples
    --------
    >>> loops_phrase(0, True)
    'without a monodromy loop (the random starts found every point)'
    >>> loops_phrase(0, False), loops_phrase(1, True), loops_phrase(7, True)
    ('before any monodromy loop', 'in 1 loop', 'in 7 loops')
    """
    if loops > 0:
        return f"in {loops} loop{'s' if loops != 1 else ''}"
    if answered:
        return "without a monodromy loop (the random starts found every point)"
    return "before any monodromy loop"


def run(args) -> int:
    res = run_analysis(args)
    why = lower_bound_reason(res, partial_reason("stopped early"))
    if args.json:
        d = res.as_dict()
        if why is not None:
            d["partial"] = True
            d["degree"] = None
            d["degree_lower_bound"] = res.lower_bound       # the certified distinct points when Krawczyk ran
            d["partial_reason"] = why
        print_json(d)
        return exit_status(why is not None)
    head = (f"{res.spec}: degree {res.degree}" if why is None
            else f"{res.spec}: degree >= {res.lower_bound} ({why}; lower bound"
                 + (f"; {res.degree} points found, {res.degree - res.lower_bound} not certified distinct"
                    if res.lower_bound < res.degree else "") + ")")
    lines = [f"{head} (dimension {res.dimension} in C^{res.ambient})",
             f"  method: {res.method} - {res.reason}"]
    if res.method == "monodromy":
        lines.append(f"  paths tracked: {res.paths} {loops_phrase(res.loops, why is None)}; "
                     f"failures: {res.path_failures or 'none'}")
        if res.trace_test_residual is not None:
            lines.append(f"  trace test: {'passed' if res.trace_test_passed else 'FAILED'} "
                         f"(residual {res.trace_test_residual:.1e})")
        if res.certified is not None:
            lines.append(f"  Krawczyk: {res.certified} certified, {res.certified_distinct} with distinct images, "
                         f"{res.real} real")
        if res.fiber_points is not None:
            lines.append(f"  fiber: dimension {res.fiber_dimension}, {res.fiber_points} points ({res.fiber_note})")
    if res.confirmation.startswith("theorem") and res.method != "formula" and why is None:
        lines.append(f"  exact: {res.confirmation}")
    elif res.confirmation and res.method != "formula" and why is None:   # two routes agree: still not a proof
        lines.append(f"  exact: not proved ({res.confirmation}; numerical evidence)")
    elif res.method in ("monodromy", "hilbert") and why is None:
        lines.append("  exact: not proved (" + ("completeness by the trace test alone: numerical evidence)"
                                               if res.method == "monodromy" else
                                               "the Hilbert polynomial alone: a heuristic stabilisation)"))
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    print("\n".join(lines))
    return exit_status(why is not None)
