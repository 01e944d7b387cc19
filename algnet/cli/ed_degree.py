"""``algnet ed-degree SPEC``: Euclidean distance degree of the neuromanifold."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("ed-degree", help="Euclidean distance degree (homotopy count, checked against formulas)",
                       description="ED degree of the neuromanifold of SPEC: the number of complex critical points "
                                   "of the squared distance to a generic target on its smooth part, counted by "
                                   "monodromy; compared with Eckart-Young or the Chern-class formula where they "
                                   "apply (the formula is a second method, never the answer).")
    p.add_argument("spec", help='network spec, e.g. "linear 3-2-3" (quote it)')
    p.add_argument("--metric", default="frobenius", choices=["frobenius", "generic"],
                   help="frobenius: identity on the coefficients; generic: a random positive-definite form")
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--no-certify", action="store_true", help="skip the Krawczyk certificates")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--progress", action="store_true", help="show progress bars")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.critical import ed_degree

    res = ed_degree(args.spec, metric=args.metric, seed=args.seed, certify=not args.no_certify,
                    show_progress=args.progress)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1, default=str))
        return 130 if res.partial else 0
    c = res.critical
    op = ">=" if res.partial else "="
    lines = [f"{res.spec}: {res.metric} ED degree {op} {res.ed_degree}"
             + (" (interrupted; lower bound)" if res.partial else "")]
    if res.formula is not None:
        lines.append(f"  second method: {res.formula} ({res.formula_source}): "
                     + ("agrees" if res.agrees else "DISAGREES"))
    else:
        lines.append(f"  second method: none ({res.formula_source})")
    lines.append(f"  completeness: {c.completeness}; certified {c.certified_distinct} distinct points; "
                 f"paths {c.paths}, failures {c.path_failures or 'none'}")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    print("\n".join(lines))
    return 130 if res.partial else 0
