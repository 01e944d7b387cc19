"""``algnet hilbert SPEC`` (or ``--map FILE``): Hilbert function and Hilbert polynomial of a neuromanifold.

The flags come from the registered analysis ``hilbert`` (:mod:`algnet.analyses.catalog`).
Values computed modulo p are lower bounds of H(e); a run cut short (Ctrl-C,
``--time-limit``) prints the degrees finished, marked partial, and exits non-zero.
"""

from __future__ import annotations

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)


def register(sub):
    p = sub.add_parser("hilbert", help="Hilbert function H(0..D) of the coordinate ring and the Hilbert polynomial",
                       description="Hilbert function of the neuromanifold of SPEC (or of the polynomial map in "
                                   "--map FILE) by ranks of evaluation matrices at random points of M mod p, "
                                   "graded pieces; the Hilbert polynomial (dimension and degree) when it has "
                                   "visibly become polynomial.")
    add_network_arguments(p, "linear 3-1-3")
    add_analysis_arguments(p, "hilbert", progress=True)
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.hilbert.grading import grading_progress

    with grading_progress(bool(getattr(args, "progress", False))):      # the set-up's grading detection too
        res = run_analysis(args)
    why = partial_reason(res.stopped or "time limit or size guard") if res.partial else None
    if args.json:
        d = res.as_dict()
        if why is not None:
            d["partial_reason"] = why
        print_json(d)
        return exit_status(res.partial)
    if why is not None:
        print(f"PARTIAL ({why}): H(e) computed only for e <= {res.up_to}")
    lines = [f"{res.spec}: H = {list(res.values)}  (e = 0..{res.up_to})"]
    if res.stabilized:
        lines.append(f"  Hilbert polynomial {res.polynomial_string()}: dimension {res.dimension}, degree {res.degree}")
    else:
        lines.append("  Hilbert polynomial not determined (compute more degrees: --up-to)")
    lines += [f"  {res.stabilization}", f"  grading: {res.grading}"]
    if res.exact_check:         # which ranks a bad prime could still have lowered
        lines.append(f"  ranks: {res.exact_check}")
    lines.append(f"  {res.evidence.status}; primes {list(res.primes)}; seed {res.seed}; {res.seconds:.2f} s")
    print("\n".join(lines))
    return exit_status(res.partial)
