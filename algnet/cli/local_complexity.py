"""``algnet local-complexity``: how many neurons change sign near each data point (Humayun-Balestriero-Baraniuk)."""

from __future__ import annotations

import json


def register(sub):
    from algnet.cli._relu_common import add_weight_args

    p = sub.add_parser("local-complexity", help="local complexity of a ReLU network or trained model at data points",
                       description="Number of neurons whose pre-activation changes sign on the cross-polytope of "
                                   "radius R in K random orthonormal directions around each point (per layer and in "
                                   "total; Humayun-Balestriero-Baraniuk 2024), and with --regions the exact number "
                                   "of linear regions in a random 2-D square of half-side R around each point.")
    add_weight_args(p, slice=False)
    p.add_argument("--data", required=True, help="points (.npz, array X, one row per point)")
    p.add_argument("--radius", required=True,
                   help="radius R > 0 of the neighbourhood, a decimal or a fraction p/q, read exactly (0.1 and 1/10 "
                        "are both 1/10 for --exact and --regions)")
    p.add_argument("--directions", type=int, default=None, help="K random directions (default min(n0, 16))")
    p.add_argument("--points-seed", type=int, default=None, help="seed of the random directions (drawn and printed "
                                                                 "when not given)")
    p.add_argument("--exact", action="store_true", help="decide signs in exact rational arithmetic (slow)")
    p.add_argument("--regions", action="store_true",
                   help="also count exact regions in a 2-D neighbourhood of each point")
    p.add_argument("--force", action="store_true",
                   help="run even when the estimated CPU time (of the float or --exact signs, and of --regions) or "
                        "memory is above the default budget of 10 minutes of CPU or the memory limit")
    p.add_argument("--per-point", action="store_true", help="list the counts of every point in the JSON")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar of the points finished, and of the squares with --regions (Ctrl-C keeps "
                        "them)")
    p.set_defaults(func=run)


def run(args) -> int:
    import numpy as np

    from algnet.cli._common import EXIT_INTERRUPTED, exit_status, later_step, load_point_rows
    from algnet.cli._relu_common import has_torch, model_from_args, network_and_weights
    from algnet.errors import ParameterError
    from algnet.relu.local_complexity import local_complexity, local_region_count
    from algnet.relu.model import PLModel

    radius = _radius(args.radius)
    if args.points_seed is not None and args.points_seed < 0:
        raise ParameterError(f"--points-seed {args.points_seed} is negative", hint="a seed >= 0")
    if has_torch(args):
        model, source = model_from_args(args), f"torch model {args.torch}"
        X = load_point_rows(args)
    else:
        X = load_point_rows(args)     # the points first: the weights are estimated with the work at these points
        net, theta, source = network_and_weights(args, then=_then(args, X))
        model = PLModel.from_relu_network(net, theta)
    seed = args.points_seed
    if args.regions:             # estimated (and refused) before the local complexity starts: one seed for both
        from algnet.relu.local_complexity import check_local_regions

        if seed is None:
            seed = int(np.random.SeedSequence().entropy % 2**32)
        check_local_regions(model, X, radius=radius, seed=seed, force=args.force)
    lc = local_complexity(model, X, radius=radius, directions=args.directions, seed=seed,
                          exact=args.exact, progress=args.progress, force=args.force)
    d = {"model": model.spec, "weights": source, **lc.as_dict(per_point=args.per_point)}
    # "seed": the weights' seed, as in `algnet fd` and `algnet regions` (None: --weights or --torch);
    # "points_seed": the random directions' (--points-seed, or drawn)
    d["seed"], d["points_seed"] = (None if has_torch(args) or args.weights else args.seed), lc.seed
    if model.notes:
        d["notes"] = list(model.notes)
    if lc.partial:
        d["points_given"] = int(len(X))
        if args.json:
            print(json.dumps(d, indent=1))
        else:
            print(f"PARTIAL (interrupted): local complexity at {lc.total.size} of {len(X)} points "
                  f"(the first ones; radius {lc.radius}, points seed {lc.seed}): mean {lc.mean:.4g} neurons over those")
        return EXIT_INTERRUPTED
    cut, done, why = False, 0, "interrupted"
    if args.regions:    # a Ctrl-C in the exact counts keeps the local complexity above and the squares finished
        # estimated above (force: not estimated twice)
        counts, lost = later_step(local_region_count, model, X, radius=radius, seed=lc.seed, force=True,
                                  progress=args.progress)
        cut = lost or counts.partial
        # a Ctrl-C, or the memory left (the region engine's watch names it in ``stopped``)
        why = f"stopped by {counts.stopped}" if not lost and counts.stopped else "interrupted"
        d["regions_2d_mean"] = None if lost or not len(counts.counts) else counts.mean
        if args.per_point and not lost:
            d["regions_2d"] = counts.counts.tolist()
        if cut:
            done = 0 if lost else len(counts.counts)
            d["partial"] = True
            d["partial_reason"] = (f"{why} during the exact 2-D region counts: {done} of {len(X)} squares "
                                   "finished (regions_2d_mean is over those)" if done else
                                   f"{why} during the exact 2-D region counts (none finished)")
    if args.json:
        print(json.dumps(d, indent=1))
        return EXIT_INTERRUPTED if cut else exit_status(False)  # cut: only by Ctrl-C
    if cut:
        print(f"PARTIAL ({why}): the local complexity below is complete; the exact 2-D region counts were not "
              f"finished ({done} of {len(X)} squares)")
    print(f"{model.spec}   ({source})")
    print(f"  local complexity at {lc.total.size} points, radius {lc.radius}, {lc.directions} directions "
          f"(points seed {lc.seed}; {'exact' if lc.exact else 'float64'}): mean {lc.mean:.4g} neurons")
    for name, v in lc.per_layer.items():
        print(f"    layer {name:<12} ({lc.layer_sizes[name]:>6} units): mean {float(v.mean()):.4g}, max {int(v.max())}")
    if args.regions and not cut:
        print(f"  exact regions in a 2-D square of half-side {lc.radius} around each point: "
              f"mean {d['regions_2d_mean']:.4g}")
    elif args.regions and d["regions_2d_mean"] is not None:
        print(f"  exact regions in a 2-D square of half-side {lc.radius} around the first {done} "
              f"points only ({why}): mean {d['regions_2d_mean']:.4g}")
    if model.notes:
        print("  note: " + "; ".join(model.notes))
    return EXIT_INTERRUPTED if cut else exit_status(False)  # cut: only by Ctrl-C


def _radius(text: str):
    """--radius read exactly (:func:`algnet.relu.local_points.checked_radius`): a float when it is that float's value
    (0.5, 10: shown as before), else the exact Fraction (0.1 is 1/10, not the binary value of the float 0.1).

    Examples
    --------
    >>> _radius("0.5"), _radius("10"), _radius("0.1"), _radius("1/10")
    (0.5, 10.0, Fraction(1, 10), Fraction(1, 10))
    >>> _radius("wide")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: --radius 'wide' is not a number
      hint: a positive number: a decimal or a fraction p/q, e.g. 0.1 or 1/10 (--radius 0.1, --radius 1/10)
    """
    from fractions import Fraction

    from algnet.relu.local_points import checked_radius

    exact = checked_radius(text, "--radius")
    return float(exact) if Fraction(float(exact)) == exact else exact


def _then(args, X):
    """The local complexity's estimate at the points X for the SPEC's widths (the step after the exact weights,
    estimated with them before any is built): float64 signs, or with --exact the exact signs (2k exact forward
    passes per point: conversions of every value and flint products, the constants of
    :func:`algnet.relu.model_estimates.exact_local_complexity_estimate` read from the widths); None when the SPEC or
    the directions are left to the usual checks.

    Examples
    --------
    >>> import argparse, numpy as np
    >>> a = argparse.Namespace(spec="relu 784-2000-2000-10", exact=True, directions=None)
    >>> est = _then(a, np.zeros((5000, 784)))
    >>> est["what"], est["seconds"] > 600
    ('the exact local complexity at 5000 points', True)
    """
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec
    from algnet.relu.estimates import local_complexity_estimate

    if args.spec is None:
        return None
    net = parse_spec(args.spec)
    if not isinstance(net, ReluNetwork):
        return None
    n0 = int(net.widths[0])
    k = min(n0, 16) if args.directions is None else int(args.directions)
    if not 1 <= k <= n0:
        return None
    if args.exact:      # the exact signs: the model is made after the weights, its size read from the widths
        from algnet.relu.model_estimates import LC_EXACT_SECONDS_PER_MAC, LC_EXACT_SECONDS_PER_VALUE

        widths = [int(w) for w in net.widths]
        macs = sum(a * b for a, b in zip(widths, widths[1:]))
        per_vertex = LC_EXACT_SECONDS_PER_VALUE * (n0 + sum(widths[1:-1])) + LC_EXACT_SECONDS_PER_MAC * macs
        return {"what": f"the exact local complexity at {len(X)} points", "seconds": 2 * k * per_vertex * len(X),
                "hint": "the float64 signs (without --exact), a sample of the points (the first rows of --data), "
                        "or fewer --directions"}
    est = local_complexity_estimate(list(net.widths[1:-1]), len(X), k, n0)   # the hidden layers, as the library
    return {"what": f"the local complexity at {len(X)} points", "seconds": est["cpu_seconds"],
            "hint": "a sample of the points (the first rows of --data), or fewer --directions"}
