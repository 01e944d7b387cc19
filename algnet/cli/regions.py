"""``algnet regions``: exact linear regions of a ReLU network or a trained model on a 2-D (slice of the) input space."""

from __future__ import annotations

from algnet.cli._common import EXIT_INTERRUPTED, EXIT_PARTIAL, _seed, interrupted, later_step, print_json
from algnet.cli._relu_common import (add_weight_args, check_plot_path, has_torch, model_from_args,
                                     network_and_weights, parse_box, slice_from_args)


def register(sub):
    p = sub.add_parser("regions", help="exact linear regions of a ReLU network or trained model on a 2-D slice",
                       description="Exact partition of a box (default [-1,1]^2, or [-1/4,5/4]^2 for a slice through "
                                   "three data points) or of the whole plane into activation regions: rational "
                                   "vertices, patterns (incl. max-pool argmax), affine maps, decision boundary.")
    add_weight_args(p)
    p.add_argument("--data", default=None, help="data points (.npz, array X) for --through")
    p.add_argument("--through", default=None, metavar="I,J,K",
                   help="the slice through data points I, J, K of --data (they sit at (0,0), (1,0), (0,1)); with one "
                        "or two points the other directions are random (seeded by --points-seed)")
    p.add_argument("--points-seed", type=_seed, default=0, help="seed of random slice directions (default 0)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--box", default=None,
                   help="XMIN,XMAX,YMIN,YMAX in slice coordinates (rationals allowed; write --box=-1,1,-1,1 "
                        "when XMIN is negative)")
    g.add_argument("--plane", action="store_true", help="the whole plane (unbounded regions included)")
    p.add_argument("--workers", type=int, default=1, help="processes for ReLU MLPs (default 1; capped by the work "
                                                          "and the CPUs)")
    p.add_argument("--max-regions", type=int, default=5_000_000, help="refuse beyond this many regions")
    p.add_argument("--force", action="store_true",
                   help="run even when the estimate (the first hidden layer's regions and the CPU time to enumerate "
                        "them) is above the default budget of 10 minutes of CPU")
    p.add_argument("--time-limit", type=float, default=None,
                   help="stop the enumeration after this many CPU seconds (wall-clock seconds with --workers > 1) "
                        "and report the regions finished so far: a lower bound of the count (exit status 3)")
    p.add_argument("--float", action="store_true",
                   help="float64 engine (fast, NOT exact: counts can differ near degeneracy and on large boxes; its "
                        "regions are checked in exact arithmetic, a proved lower bound, and how close its sign "
                        "decisions came to the rounding errors is measured: a count possibly wrong is reported so; "
                        "for large models)")
    p.add_argument("--progress", action="store_true", help="show progress (regions finished) on stderr")
    p.add_argument("--list", action="store_true",
                   help="include every region (vertices, pattern, affine map) in the JSON")
    p.add_argument("--vertices", action="store_true",
                   help="also count the distinct vertices (exact engine only: needs the exact vertices of every "
                        "region, about 0.2-0.5 ms per region)")
    p.add_argument("--plot", default=None,
                   help="write a picture (png/pdf/svg) of the regions, decision boundary, data points")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)
    _name_box_form(p)


def _name_box_form(p) -> None:
    """argparse reads ``--box -1,1,-1,1`` as a flag after ``--box`` ("expected one argument"): its error then
    names the working form, ``--box=-1,1,-1,1`` (the user's own numbers when they are on the command line)."""
    import sys

    plain = p.error

    def error(message):
        if message.startswith("argument --box") and "expected one argument" in message:
            argv = sys.argv
            value = next((argv[i + 1] for i in range(len(argv) - 1) if argv[i] == "--box"
                          and argv[i + 1].startswith("-")), "-1,1,-1,1")
            message += (f"; a box whose XMIN is negative is written with '=': --box={value} "
                        "(the leading minus is otherwise read as an option)")
        plain(message)

    p.error = error


def run(args) -> int:
    from algnet.errors import ParameterError
    from algnet.relu.regions import linear_regions
    from algnet.cli._relu_common import check_time_limit_flag

    check_plot_path(args.plot)
    check_time_limit_flag(args.time_limit)
    if args.workers < 1:
        raise ParameterError(f"--workers {args.workers}", hint="--workers 1 or more")
    if args.max_regions < 1:
        raise ParameterError(f"--max-regions {args.max_regions}", hint="a positive limit")
    # 'a,b' is accepted for a network with one input (checked against the network below)
    box = parse_box(args.box, line=str(args.box).count(",") == 1) if args.box else None
    if args.data and not args.through:   # the points were read for nothing: the default slice was used
        raise ParameterError(f"--data {args.data} is used with --through I,J,K (the slice through those points)",
                             hint="add --through 0,1,2, or drop --data")
    if args.float and args.plane:
        raise ParameterError("--float works on a box", hint="drop --plane, or drop --float for the exact whole plane")
    if args.float and args.vertices:
        raise ParameterError("--vertices counts exact vertices, and the --float engine has none (its vertices are "
                             "rounded)", hint="drop --float for the exact vertex count, or drop --vertices")
    if has_torch(args):
        model = model_from_args(args)
        if args.box and str(args.box).count(",") == 1 and (model.input_size != 1 or args.slice or args.through):
            parse_box(args.box)                    # two numbers for a model with more inputs: the usual error
        _check_line_box(args, model.input_size == 1 and not args.slice and not args.through)
        sl = slice_from_args(args, model.input_size)
        if box is None and not args.plane and sl is not None and sl.marks and args.through:
            box = parse_box("-1/4,5/4,-1/4,5/4")
        if args.float:
            from algnet.relu.model_regions_float import model_regions_float

            part = model_regions_float(model, box=box, slice=sl, max_regions=args.max_regions,
                                       show_progress=args.progress, force=args.force, time_limit=args.time_limit)
        else:
            part = linear_regions(model, box=box, plane=args.plane, slice=sl, max_regions=args.max_regions,
                                  workers=args.workers, show_progress=args.progress, force=args.force,
                                  time_limit=args.time_limit)
        source, spec, notes = f"torch model {args.torch}", model.spec, model.notes
    else:
        _refuse_random_early(args, box)
        net, theta, source = network_and_weights(args)
        if args.box and str(args.box).count(",") == 1 and (net.widths[0] != 1 or args.slice):
            parse_box(args.box)                    # two numbers for a network with more inputs: the usual error
        _check_line_box(args, net.widths[0] == 1 and not args.slice and not args.through)
        sl = slice_from_args(args, net.widths[0])
        if box is None and not args.plane and sl is not None and sl.marks and args.through:
            box = parse_box("-1/4,5/4,-1/4,5/4")
        if args.float:
            from algnet.relu.regions import linear_regions_float

            part = linear_regions_float(net, theta, box=box if box is not None else (-1, 1, -1, 1), slice=sl,
                                        time_limit=args.time_limit, max_regions=args.max_regions, force=args.force,
                                        show_progress=args.progress)
        else:
            part = linear_regions(net, theta, box=box, plane=args.plane, slice=sl, workers=args.workers,
                                  max_regions=args.max_regions, show_progress=args.progress, force=args.force,
                                  time_limit=args.time_limit)
        spec, notes = net.spec, ()
    if args.float:
        d, lines = part.as_dict(), [f"  {part.count} regions on the {_box_text(part.box)} (float64 engine: NOT exact, "
                                    f"not certified)", f"  float64 count: {part.verdict_text()}"]
    else:
        d, lines = _exact_lines(args, part)
    if not has_torch(args) and not args.weights:    # the random weights' seed, as in `algnet fd --json` (was null)
        d["seed"] = args.seed                        # given, or drawn by network_and_weights
    if notes:   # e.g. BatchNorm's 1/sqrt(var + eps) rounded: exact for the imported model, not the torch one
        d["notes"] = list(notes)
        lines.append("  note: " + "; ".join(notes))
    return _report(args, part, d, lines, spec, source)


def _check_line_box(args, line: bool) -> None:
    """Refuse a --box of four numbers for a network with one input: its input space is a line, and the second
    range would be ignored without a word."""
    from algnet.errors import ParameterError

    if line and args.box and str(args.box).count(",") != 1:
        raise ParameterError(f"--box={args.box}: this network has one input, so its input space is a line and a box "
                             "is an interval A,B (the second range XMIN,XMAX,YMIN,YMAX would be ignored)",
                             hint="--box=A,B, e.g. --box=-3,3")


def _refuse_random_early(args, box) -> None:
    """Refuse the regions (exact, or with --float the float64 engine's) of a SPEC's random weights from the integers
    of its first layer, before any exact weight is built (:func:`algnet.relu.regions_estimate.check_random_regions`;
    relu 2-100000-1 built its 400,001 exact weights first, relu 784-2000-2000-10 --float its 5.6 million); bad
    input is left to the usual checks of :func:`network_and_weights`."""
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec
    from algnet.cli._common import seed_from_args
    from algnet.relu.regions_estimate import check_random_regions

    if (args.weights or args.spec is None or args.builder is not None or args.input_shape is not None
            or args.frozen is not None or getattr(args, "relu_mlp", None) is not None):
        return
    net = parse_spec(args.spec)
    if not isinstance(net, ReluNetwork) or len(net.widths) < 3 or seed_from_args(args) < 0:
        return
    if args.box and str(args.box).count(",") == 1 and (net.widths[0] != 1 or args.slice):
        return                                  # two numbers for a network with more inputs: the usual error
    sl = slice_from_args(args, net.widths[0])
    if box is None and not args.plane and sl is not None and sl.marks and args.through:
        box = parse_box("-1/4,5/4,-1/4,5/4")
    if args.float and box is None:
        box = (-1, 1, -1, 1)                    # the float engine's default box
    check_random_regions(net, args.seed, box=box, plane=args.plane, slice=sl, max_regions=args.max_regions,
                         force=args.force, float_engine=bool(args.float), time_limit=args.time_limit)


def _box_text(box) -> str:
    from algnet.relu.geometry import box_text

    return "box [?, ?] x [?, ?]" if box is None else "box " + box_text(box)


def _exact_lines(args, part):
    """JSON dict and text lines of an exact partition (decision boundary when complete; vertices if asked)."""
    d = part.as_dict(with_regions=args.list, vertices=args.vertices)
    if part.partial:
        lines = [f"  the {part.count} regions finished are exact; the rest of the {part.domain_text()} was not covered"]
    else:
        lines = [f"  {part.count} regions ({part.n_bounded} bounded, {part.count - part.n_bounded} unbounded) "
                 f"on the {part.domain_text()}"]
    vert = f"; {d['vertices']} distinct vertices" if args.vertices else ""
    lines.append(f"  of the {part.slice.describe()}{vert}; exact rational arithmetic")
    db = None
    if part.regions and not part.partial:   # a Ctrl-C here keeps the partition (was: lost with it)
        db, cut = later_step(part.decision_boundary)
        if cut:
            d["decision_boundary"], d["partial_reason"] = None, "interrupted: the decision boundary was not finished"
            lines.append("  decision boundary: not finished (interrupted)")
    if db is not None:
        from algnet.relu.partition import on_a_line

        if on_a_line(part.slice):      # on the input line the boundary is a set of points (each drawn as a segment)
            n = len({p[0] for seg, _ in db.segments for p in seg})
            d["decision_boundary"] = {"kind": db.kind, "points": n}
            lines.append(f"  decision boundary ({db.kind}): {n} exact point{'s' if n != 1 else ''} of the line"
                         + _whole_regions_text(db))
        else:
            d["decision_boundary"] = {"kind": db.kind, "segments": len(db.segments), "polylines": len(db.polylines)}
            lines.append(f"  decision boundary ({db.kind}): {len(db.segments)} exact segments"
                         + _whole_regions_text(db))
        d["decision_boundary"].update(zero_regions=db.zero_regions, tie_regions=db.tie_regions)
    return d, lines


def _whole_regions_text(db) -> str:
    """'; the output vanishes identically on 3 whole regions' (or the top outputs tie there); '' when none."""
    n = db.zero_regions or db.tie_regions
    if not n:
        return ""
    what = "the output vanishes identically" if db.zero_regions else "the top outputs tie identically"
    return f"; {what} on {n} whole region{'s' if n != 1 else ''}"


def _picture(args, part):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = part.plot() if args.float else part.plot(color_by="class" if len(part.regions[0].out_num) > 1 else "random")
    try:
        ax.figure.savefig(args.plot, dpi=150, bbox_inches="tight")
    finally:
        plt.close(ax.figure)


def _report(args, part, d, lines, spec, source) -> int:
    """Print the partition (text or JSON, with the picture when asked); 130 after Ctrl-C, 3 after the time limit
    (a lower bound)."""
    d["weights"] = source
    if args.plot and part.count:
        _, cut = later_step(_picture, args, part)     # a Ctrl-C in the picture keeps the partition
        d["plot"] = None if cut else args.plot
        if cut:
            d["partial_reason"] = "interrupted: the picture was not written"
    stopped = getattr(part, "stopped", "")
    if part.partial and stopped and not part.count:     # "regions >= 0" says nothing: no region was finished
        from algnet.errors import TooLargeError

        raise TooLargeError(f"{spec}: no region was finished before {stopped}",
                            hint="a larger --time-limit")
    status = (EXIT_INTERRUPTED if (part.partial and not stopped) or interrupted()
              else EXIT_PARTIAL if part.partial else 0)
    if args.json:
        print_json(d)
        return status
    print(f"{spec}   ({source})")
    if part.partial:
        print(f"  regions >= {part.count} ({'stopped at ' + stopped if stopped else 'interrupted'}; lower bound)")
    print("\n".join(lines))
    workers = f" with {part.workers} worker(s)" if not args.float else ""
    print(f"  {part.seconds:.2f} s{workers}")
    if d.get("plot"):
        print(f"  picture written to {args.plot}")
    elif args.plot and part.count:
        print("  picture: not written (interrupted)")
    return status
