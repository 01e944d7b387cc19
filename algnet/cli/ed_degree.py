"""``algnet ed-degree SPEC`` (or ``--map FILE``): Euclidean distance degree of the neuromanifold."""

from __future__ import annotations

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)


def register(sub):
    p = sub.add_parser("ed-degree", help="Euclidean distance degree (homotopy count, checked against formulas)",
                       description="ED degree of the neuromanifold of SPEC: the number of complex critical points "
                                   "of the squared distance to a generic target on its smooth part, counted by "
                                   "monodromy; compared with Eckart-Young or the Chern-class formula where they "
                                   "apply (the formula is a second method, never the answer).")
    add_network_arguments(p, "linear 3-2-3")
    add_analysis_arguments(p, "ed_degree", progress=True)
    p.set_defaults(func=run)


def run(args) -> int:
    res = run_analysis(args)
    c = res.critical
    why = (partial_reason("stopped early") if res.partial else
           "trace test failed: points may be missing" if c.trace_test_passed is False else None)
    if args.json:
        d = res.as_dict()
        if why is not None:
            d["partial"] = True
            d["partial_reason"] = why
        print_json(d)
        return exit_status(why is not None)
    head = (f"{res.spec}: {res.metric} ED degree = {res.ed_degree}" if why is None else
            f"{res.spec}: {res.metric} ED degree >= {res.ed_degree} ({why}; lower bound)")
    lines = [head]
    if res.formula is not None:
        lines.append(f"  second method: {res.formula} ({res.formula_source}): "
                     + ("agrees" if res.agrees else "DISAGREES"))
    else:
        lines.append(f"  second method: none ({res.formula_source})")
    lines.append(f"  completeness: {c.completeness}; certified {c.certified_distinct} distinct points; "
                 f"paths {c.paths}, failures {c.path_failures or 'none'}")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    print("\n".join(lines))
    return exit_status(why is not None)
