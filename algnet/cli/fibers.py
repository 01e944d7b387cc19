"""``algnet fibers SPEC``: generic fiber of the parametrization and identifiability."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("fibers", help="generic fiber dimension vs known symmetries; count the finite part",
                       description="Generic fiber dimension of theta -> f_theta against the dimension of the "
                                   "known symmetry group, and the number of points of the generic fiber "
                                   "modulo the continuous symmetries (exact Groebner count on small cases, "
                                   "a Newton lower bound otherwise).")
    p.add_argument("spec", help='network spec, e.g. "dense 2-2-2 r=2" (quote it)')
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--method", default="auto", choices=["auto", "groebner", "homotopy", "newton", "none"],
                   help="how to count the gauge-fixed fiber")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.fibers import identifiability

    res = identifiability(args.spec, seed=args.seed, method=args.method)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1))
    else:
        print(res.summary())
    return 0
