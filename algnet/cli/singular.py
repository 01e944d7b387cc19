"""``algnet singular SPEC`` (or ``--map FILE``): subnetwork strata, singular and boundary points.

The flags come from the registered analysis ``singular`` (:mod:`algnet.analyses.catalog`).
Ctrl-C prints the strata finished so far, marked partial, and exits with 130. For a polynomial map the candidates
for singular points of its image (:func:`~algnet.analyses.singular.maps.map_singular_points`) follow the strata.
"""

from __future__ import annotations

from pathlib import Path

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, partial_reason,
                                print_json, run_analysis)


PLOT_FORMATS = (".png", ".pdf", ".svg")


def register(sub):
    p = sub.add_parser("singular", help="subnetwork strata: dimension, Jacobian rank, smooth/singular/boundary",
                       description="The strata lattice of SPEC (hidden neurons removed, filters shortened, "
                                   "attention rank lowered, rank-one networks) with the dimension of each "
                                   "stratum's image, the rank of the Jacobian of mu on it, and whether its "
                                   "generic point is a smooth, singular (nodal or not) or boundary point of M. "
                                   "For a polynomial map (--map FILE): the singular points of its image, from "
                                   "the rank-drop locus of its Jacobian and the pairs of parameter points with "
                                   "one image, each component tested (singular, smooth or undecided).")
    add_network_arguments(p, "conv k=2,2 r=2")
    p.add_argument("--plot", default=None, metavar="FILE", help="draw the lattice to FILE (png, pdf, svg)")
    add_analysis_arguments(p, "singular", progress=True)
    p.set_defaults(func=run)


def _check_plot_path(path: str) -> None:
    from algnet.errors import ParameterError

    target = Path(path)
    if target.suffix.lower() not in PLOT_FORMATS:
        raise ParameterError(f"--plot {path}: unknown picture format {target.suffix!r}",
                             hint="end the file name with .png, .pdf or .svg")
    if not target.parent.exists() or not target.parent.is_dir():
        raise ParameterError(f"--plot {path}: the directory {str(target.parent)!r} does not exist",
                             hint="create it first, or draw to another place")


def _remaining(limit, spent):
    """The seconds left of a time limit (None: no limit), at least one."""
    return None if limit is None else max(1.0, float(limit) - spent)


def run(args) -> int:
    from algnet.analyses.singular import rank_drop_locus

    from algnet.architectures.polymap import PolynomialMap
    from algnet.cli._common import network_from_args

    if args.plot:  # checked before the computation, not after it
        _check_plot_path(args.plot)
    net = network_from_args(args)
    res = run_analysis(args, network=net)
    points, too_large = None, ""
    if isinstance(net, PolynomialMap) and not res.partial:
        from algnet.analyses.singular.maps import map_singular_points
        from algnet.cli._common import later_step

        from algnet.errors import TooLargeError

        try:
            # --force: no solver budgets (per step nor total)
            budget = {"solve_seconds": None, "total_seconds": None} if getattr(args, "force", False) else {}
            points, _ = later_step(map_singular_points, net, seed=args.seed, starts=args.starts or 4,
                                   time_limit=_remaining(getattr(args, "time_limit", None), res.seconds), **budget)
        except TooLargeError as e:      # the strata stand; the symbolic loci are too large to solve
            too_large = f"; the map's rank-drop locus and pairs of preimages were not solved: {e}"
    why = partial_reason("time limit reached" if getattr(args, "time_limit", None) else "stopped early") \
        if res.partial else None
    if args.plot:
        import matplotlib.pyplot as plt

        plt.close(res.plot(args.plot))      # written: no figure left open in the process
    # with the top stratum only (a polynomial map declares no degenerations; linear 2-1-2's only one is the origin)
    # the rank-drop locus and the singular points were not searched: an empty list would read as "none"
    # (map t^2; t^3: the cusp at t = 0; linear 2-1-2: W1 = 0)
    unsearched = None if len(res.strata) > 1 or res.partial or points is not None else (
        "not searched: no narrower subnetwork is declared (nor by a polynomial map), so only a generic point of M "
        "was examined (algnet.analyses.singular.is_singular(spec, theta) examines a given point, e.g. theta = 0, "
        "the vertex of a cone)")
    if unsearched:
        unsearched += too_large
    if unsearched and res.vertex:
        unsearched = unsearched.replace("only a generic point of M was examined",
                                        f"only a generic point of M and the stratum '{res.vertex.name}' were examined")
    if args.json:
        d = res.as_dict()
        d["rank_drop_locus"] = rank_drop_locus(res) + (points.rank_drop_locus() if points is not None else [])
        if unsearched:
            d["rank_drop_locus_note"] = unsearched
        if points is not None:
            d["map_singular_points"] = points.as_dict()
            if points.partial and why is None:     # the strata finished, the map's loci did not: partial all the same
                d["partial"] = True
                why = partial_reason("time limit reached" if getattr(args, "time_limit", None) else "stopped early")
                why += "; the strata are complete, the singular points of the map's image are not"
        if why is not None:
            d["partial_reason"] = why
        print_json(d)
        return exit_status(res.partial or bool(points is not None and points.partial))
    if why is not None:
        print(f"PARTIAL ({why}): {len(res.strata)} strata finished; the lattice is incomplete")
    print(res.table())
    drops = rank_drop_locus(res)
    if unsearched:
        print(f"\nrank-drop locus and singular points: {unsearched}")
    if points is not None:
        print("\n" + points.table())
    if drops:
        print("\nrank-drop locus of the parametrization:")
        for x in drops:
            vertex = " at theta = 0" if x["kind"] == "cone vertex" else ""
            why = " (M is a cone, not a linear space)" if vertex else ""
            print(f"  {x['name']}: rank {x['rank']} < {x['dimension']}{vertex}: {x['nature']}{why}")
    if args.plot:
        print(f"\nlattice drawn to {args.plot}")
    return exit_status(res.partial or bool(points is not None and points.partial))
