"""``algnet singular SPEC``: subnetwork strata, singular and boundary points."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("singular", help="subnetwork strata: dimension, Jacobian rank, smooth/singular/boundary",
                       description="The strata lattice of SPEC (hidden neurons removed, filters shortened, "
                                   "attention rank lowered, rank-one networks) with the dimension of each "
                                   "stratum's image, the rank of the Jacobian of mu on it, and whether its "
                                   "generic point is a smooth, singular (nodal or not) or boundary point of M.")
    p.add_argument("spec", help='network spec, e.g. "conv k=2,2 r=2" (quote it)')
    p.add_argument("--depth", type=int, default=2, help="number of elementary degenerations combined (default 2)")
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--json", action="store_true", help="print JSON (key 'strata': name, dimension, status, nodal, ...)")
    p.add_argument("--plot", default=None, metavar="FILE", help="draw the lattice to FILE (png, pdf, svg)")
    p.add_argument("--force", action="store_true", help="allow many strata")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.singular import rank_drop_locus, strata
    from algnet.errors import ParameterError

    if args.depth < 0:
        raise ParameterError(f"--depth {args.depth} must be >= 0", hint="e.g. --depth 2")
    res = strata(args.spec, depth=args.depth, seed=args.seed, force=args.force, show_progress=args.progress)
    if args.plot:
        res.plot(args.plot)
    if args.json:
        d = res.as_dict()
        d["rank_drop_locus"] = rank_drop_locus(res)
        print(json.dumps(d, indent=1))
    else:
        print(res.table())
        drops = rank_drop_locus(res)
        if drops:
            print("\nrank-drop locus of the parametrization:")
            for x in drops:
                print(f"  {x['name']}: rank {x['rank']} < {x['dimension']}: {x['nature']}")
        if args.plot:
            print(f"\nlattice drawn to {args.plot}")
    return 0
