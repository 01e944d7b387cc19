"""``algnet regions``: exact linear regions of a ReLU network on a 2-D (slice of the) input space."""

from __future__ import annotations

import json

from algnet.cli._relu_common import add_weight_args, network_and_weights, parse_box, slice_from_args


def register(sub):
    p = sub.add_parser("regions", help="exact linear regions of a ReLU network on a 2-D input space or slice",
                       description="Exact partition of a box (default [-1,1]^2) or of the whole plane into "
                                   "activation regions: rational vertices, patterns, affine maps.")
    p.add_argument("spec", help="e.g. 'relu 2-64-64-1'")
    add_weight_args(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--box", default=None, help="XMIN,XMAX,YMIN,YMAX in slice coordinates (rationals allowed; write --box=-1,1,-1,1 when XMIN is negative)")
    g.add_argument("--plane", action="store_true", help="the whole plane (unbounded regions included)")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument("--max-regions", type=int, default=5_000_000, help="refuse beyond this many regions")
    p.add_argument("--list", action="store_true", help="include every region (vertices, pattern, affine map) in the JSON")
    p.add_argument("--plot", default=None, help="write a picture (png/pdf/svg) of the regions and decision boundary")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from algnet.relu.regions import linear_regions

    if args.plot:  # checked before the computation, not after it
        from algnet.cli.singular import _check_plot_path

        _check_plot_path(args.plot)
    net, theta, source = network_and_weights(args)
    sl = slice_from_args(args, net)
    box = parse_box(args.box) if args.box else None
    part = linear_regions(net, theta, box=box, plane=args.plane, slice=sl, workers=args.workers,
                          max_regions=args.max_regions)
    d = part.as_dict(with_regions=args.list)
    d["weights"] = source
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ax = part.plot()
        ax.figure.savefig(args.plot, dpi=150, bbox_inches="tight")
        plt.close(ax.figure)
        d["plot"] = args.plot
    if args.json:
        print(json.dumps(d, indent=1))
        return 0
    dom = "whole plane" if args.plane else f"box {d['box']}"
    print(f"{net.spec}   ({source})")
    print(f"  {part.count} regions ({part.n_bounded} bounded, {part.count - part.n_bounded} unbounded) on the {dom}")
    print(f"  of {part.slice.describe()}; {part.n_vertices} distinct vertices; exact rational arithmetic")
    print(f"  {part.seconds:.2f} s with {part.workers} worker(s)")
    if args.plot:
        print(f"  picture written to {args.plot}")
    return 0
