"""``algnet fd``: exact functional dimension of a ReLU network."""

from __future__ import annotations

import json

from algnet.cli._relu_common import add_weight_args, network_and_weights, slice_from_args


def register(sub):
    p = sub.add_parser("fd", help="exact (batch) functional dimension of a ReLU network",
                       description="Exact rank of the Jacobian of theta -> (F_theta(z))_z: for random inputs Z "
                                   "(batch functional dimension) and, when the input space is 1-D or 2-D (or a "
                                   "--slice is given), for a decisive set built from the exact regions.")
    p.add_argument("spec", help="e.g. 'relu 2-5-3-1'")
    add_weight_args(p)
    p.add_argument("--batch", type=int, default=None, help="number of random inputs Z (default 2 ceil(D / n_out))")
    p.add_argument("--points-seed", type=int, default=1, help="seed of the random inputs Z (default 1)")
    p.add_argument("--max-regions", type=int, default=200_000, help="limit for the region enumeration")
    p.add_argument("--float", dest="float_check", action="store_true", default=None,
                   help="always compare with numpy's float64 SVD rank (default: small Jacobians only)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.errors import NotApplicableError, TooLargeError
    from algnet.relu.functional import batch_functional_dimension, functional_dimension

    net, theta, source = network_and_weights(args)
    sl = slice_from_args(args, net)
    b = batch_functional_dimension(net, theta, batch=args.batch, seed=args.points_seed,
                                   on_nonsmooth="drop", float_check=args.float_check)
    fd, why = None, ""
    try:
        fd = functional_dimension(net, theta, slice=sl, max_regions=args.max_regions, float_check=args.float_check)
    except (NotApplicableError, TooLargeError) as e:
        why = e.message
    fd_value, fd_exact = (fd.functional_dimension, fd.certified) if fd else (None, False)
    if fd is None and b.certified and b.rank == net.dimension_bound:
        # batch FD <= FD <= D': random inputs already reach the bound
        fd_value, fd_exact, why = b.rank, True, "random inputs reach the bound D' (batch FD <= FD <= D')"
    out = {"spec": net.spec, "weights": source, "parameters": net.n_params, "bound": net.dimension_bound,
           "functional_dimension": fd_value,
           "functional_dimension_scope": fd.scope if fd else why,
           "regions": fd.regions if fd else None,
           "batch_functional_dimension": b.rank, "batch_points": b.n_points,
           "batch_exact": b.certified, "batch_method": b.method,
           "exact": fd_exact if fd_value is not None else b.certified,
           "method": (fd.batch.method if fd else b.method),
           "gap": (fd.gap if fd else b.gap),
           "float64_rank": (fd.batch.float_rank if fd else b.float_rank),
           "float64_batch_rank": b.float_rank,
           "dropped_nonsmooth_inputs": list(b.dropped), "primes": list(b.primes)}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{net.spec}   ({source})")
    print(f"  parameters D = {net.n_params}, bound D' = {net.dimension_bound}")
    if fd is not None:
        print(f"  functional dimension = {fd.functional_dimension}  ({'exact' if fd.certified else 'lower bound'}; "
              f"{fd.scope}; {fd.regions} regions, {fd.batch.n_points} points; {fd.batch.method})")
        if fd.batch.float_rank is not None:
            print(f"  float64 SVD rank on the same points: {fd.batch.float_rank}"
                  + ("" if fd.batch.float_rank == fd.functional_dimension else "   <-- floating point is wrong"))
    elif fd_value is not None:
        print(f"  functional dimension = {fd_value}  (exact: {why})")
    else:
        print(f"  functional dimension: not computed ({why})")
    print(f"  batch functional dimension, {b.n_points} random inputs (seed {args.points_seed}) = {b.rank}  "
          f"({'exact' if b.certified else 'proved lower bound'}; {b.method})")
    if b.float_rank is not None:
        print(f"  float64 SVD rank on the same inputs: {b.float_rank} (threshold {b.float_tol:.3g})")
    if b.dropped:
        print(f"  dropped {len(b.dropped)} non-smooth inputs: {list(b.dropped)[:10]}")
    return 0
