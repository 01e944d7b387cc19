"""``algnet critical SPEC`` (or ``--map FILE``): critical points of a quadratic loss on the neuromanifold.

The flags come from the registered analysis ``critical``
(:mod:`algnet.analyses.critical.catalog`). Counts that are only lower bounds
(Ctrl-C, a failed trace test, a point lost on the way to the target) are
printed as ``critical points >= N (...; lower bound)``; the exit status is then
non-zero (130 after Ctrl-C).
"""

from __future__ import annotations

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)


def register(sub):
    p = sub.add_parser("critical", help="critical points of the loss (count, pure/spurious, real, types)",
                       description="All complex critical points of L = loss o mu modulo the known symmetries, by "
                                   "monodromy in the target with a trace test and Krawczyk certificates; pure and "
                                   "spurious points, real ones with their loss and Hessian type. Ctrl-C prints "
                                   "what was found as a lower bound (exit 130).")
    add_network_arguments(p, "conv k=2,2 r=2")
    add_analysis_arguments(p, "critical", progress=True)
    p.add_argument("--data", default=None, metavar="FILE.npz",
                   help="regression data instead of --loss: an .npz with arrays X (samples x inputs) and Y "
                        "(samples x outputs)")
    p.set_defaults(func=run)


def load_data(path):
    """(X, Y) from an .npz file with arrays X and Y; ParameterError otherwise."""
    import numpy as np

    from algnet.errors import ParameterError

    try:
        with np.load(path) as f:
            if "X" not in f or "Y" not in f:
                raise ParameterError(f"{path} has arrays {sorted(f.files)}, not X and Y",
                                     hint="save with numpy.savez(FILE, X=inputs, Y=outputs)")
            return np.array(f["X"], dtype=float), np.array(f["Y"], dtype=float)
    except (OSError, ValueError, EOFError) as e:
        raise ParameterError(f"cannot read --data {path}: {e}",
                             hint="--data FILE.npz with arrays X (samples x inputs) and Y (samples x outputs)") from None


def lower_bound_reason(res, interrupted_word: str) -> str | None:
    """Why the counts of ``res`` are only lower bounds (None when they are the answer)."""
    if res.partial:
        return interrupted_word
    if res.trace_test_passed is False:
        return "trace test failed: points may be missing"
    if getattr(res, "lost", 0):
        return f"{res.lost} point(s) lost on the way to the target"
    return None


def run(args) -> int:
    extra = {}
    if args.data:
        extra["loss"] = load_data(args.data)
        args.loss = None
    res = run_analysis(args, **extra)
    why = lower_bound_reason(res, partial_reason("stopped early"))
    if args.json:
        d = res.as_dict()
        if why is not None:
            d["partial"] = True
            d["partial_reason"] = why
        print_json(d)
        return exit_status(why is not None)
    text = res.summary()
    if why is not None and not res.partial:
        text = text.replace(f"critical points       = {res.critical_points}",
                            f"critical points >= {res.critical_points} ({why}; lower bound)")
    print(text)
    return exit_status(why is not None)
