"""``algnet degree SPEC``: degree of a neuromanifold (witness sets by monodromy)."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("degree", help="degree of the neuromanifold (homotopy continuation, Hilbert, formula)",
                       description="Degree of the neuromanifold of SPEC: the number of points of M cut by a "
                                   "random affine space of complementary dimension, by monodromy with a trace "
                                   "test and Krawczyk certificates; or by the Hilbert polynomial, or a formula.")
    p.add_argument("spec", help='network spec, e.g. "linear 4-2-3" (quote it)')
    p.add_argument("--method", default="auto", choices=["auto", "monodromy", "hilbert", "formula"],
                   help="route (default auto: monodromy up to a size limit)")
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--no-fiber", action="store_true", help="skip counting the points of a sliced fiber")
    p.add_argument("--no-certify", action="store_true", help="skip the Krawczyk certificates")
    p.add_argument("--force", action="store_true", help="run monodromy above the auto size limits")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--progress", action="store_true", help="show progress bars")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.degree import degree

    res = degree(args.spec, method=args.method, seed=args.seed, certify=not args.no_certify,
                 fiber=not args.no_fiber, show_progress=args.progress, force=args.force)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1))
        return 0
    lines = [f"{res.spec}: degree {res.degree} (dimension {res.dimension} in C^{res.ambient})",
             f"  method: {res.method} - {res.reason}"]
    if res.method == "monodromy":
        lines.append(f"  paths tracked: {res.paths} in {res.loops} loops; failures: {res.path_failures or 'none'}")
        if res.trace_test_residual is not None:
            lines.append(f"  trace test: {'passed' if res.trace_test_passed else 'FAILED'} "
                         f"(residual {res.trace_test_residual:.1e})")
        if res.certified is not None:
            lines.append(f"  Krawczyk: {res.certified} certified, {res.certified_distinct} with distinct images, "
                         f"{res.real} real")
        if res.fiber_points is not None:
            lines.append(f"  fiber: dimension {res.fiber_dimension}, {res.fiber_points} points ({res.fiber_note})")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s" + (" (interrupted: partial)" if res.partial else ""))
    print("\n".join(lines))
    return 0
