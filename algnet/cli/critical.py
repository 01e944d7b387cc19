"""``algnet critical SPEC``: critical points of a quadratic loss on the neuromanifold."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("critical", help="critical points of the loss (count, pure/spurious, real, types)",
                       description="All complex critical points of L = loss o mu modulo the known symmetries, by "
                                   "monodromy in the target with a trace test and Krawczyk certificates; pure and "
                                   "spurious points, real ones with their loss and Hessian type. Ctrl-C prints "
                                   "what was found as a lower bound (exit 130).")
    p.add_argument("spec", help='network spec, e.g. "conv k=2,2 r=2" (quote it)')
    p.add_argument("--loss", default="generic", choices=["generic", "frobenius"],
                   help="generic: random positive-definite form (the generic ED degree); frobenius: identity")
    p.add_argument("--data", default=None, metavar="FILE.npz",
                   help="regression data: an .npz with arrays X (samples x inputs) and Y (samples x outputs)")
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--no-spurious", action="store_true", help="skip the search of the subnetwork strata")
    p.add_argument("--no-certify", action="store_true", help="skip the Krawczyk certificates")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--progress", action="store_true", help="show progress bars")
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
    except (OSError, ValueError) as e:
        raise ParameterError(f"cannot read --data {path}: {e}",
                             hint="--data FILE.npz with arrays X (samples x inputs) and Y (samples x outputs)") from None


def run(args) -> int:
    from algnet.analyses.critical import critical_points

    loss = load_data(args.data) if args.data else args.loss
    res = critical_points(args.spec, loss=loss, seed=args.seed, certify=not args.no_certify,
                          spurious=not args.no_spurious, show_progress=args.progress)
    if args.json:
        d = res.as_dict()
        d["spec"] = res.spec
        print(json.dumps(d, indent=1, default=str))
    else:
        print(res.summary())
    return 130 if res.partial else 0
