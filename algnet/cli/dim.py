"""``algnet dim SPEC``: dimension of a neuromanifold."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("dim", help="dimension of the neuromanifold (exact Jacobian rank)",
                       description="Dimension of the neuromanifold of SPEC by modular Jacobian ranks; "
                                   "certified when it meets the symmetry / ambient upper bound.")
    p.add_argument("spec", help='network spec, e.g. "dense 3-2-1 r=2" (quote it)')
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--primes", default=None, help="comma-separated primes below 2^28")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.analyses.dimension import dimension
    from algnet.errors import ModulusError

    primes = None
    if args.primes:
        try:
            primes = [int(x) for x in args.primes.split(",")]
        except ValueError:
            raise ModulusError(f"--primes {args.primes!r} is not a list of integers",
                               hint="e.g. --primes 268435399,268435367") from None
    res = dimension(args.spec, seed=args.seed, primes=primes)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1))
    else:
        print(res.summary())
    return 0
