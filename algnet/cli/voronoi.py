"""``algnet voronoi SPEC --samples N``: where the nearest point of M to a random target lies."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("voronoi", help="Voronoi cells and the probability of landing on each stratum",
                       description="Monte Carlo estimate (95%% Wilson intervals) of the probability that the nearest "
                                   "real point of the neuromanifold to a Gaussian target lies on each stratum (the "
                                   "nearest point is the real critical point of least distance among all of them); "
                                   "with --point or --stratum, the dimension of the Voronoi cell of that point.")
    p.add_argument("spec", help='network spec, e.g. "conv k=2,2 r=2" (quote it)')
    p.add_argument("--samples", type=int, default=100, help="number of random targets (default 100)")
    p.add_argument("--point", default=None, help="comma-separated real parameters theta of the point to measure")
    p.add_argument("--stratum", default=None, help="measure the cell of a random point of this stratum")
    p.add_argument("--metric", default="frobenius", choices=["frobenius", "generic"], help="the distance")
    p.add_argument("--seed", type=int, default=None, help="random seed (recorded in the result)")
    p.add_argument("--plot", default=None, metavar="FILE", help="bar chart of the probabilities (png, pdf, svg)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--progress", action="store_true", help="show progress bars")
    p.set_defaults(func=run)


def _point(text):
    from algnet.errors import ParameterError

    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise ParameterError(f"--point {text!r} is not a list of numbers", hint="e.g. --point 1,0.5,-2,1") from None


def plot(res, path):
    """Bar chart of the landing probabilities with their intervals."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    labels = sorted(res.probabilities, key=lambda k: -res.probabilities[k])
    p = [res.probabilities[k] for k in labels]
    lo = [p[i] - res.intervals[k][0] for i, k in enumerate(labels)]
    hi = [res.intervals[k][1] - p[i] for i, k in enumerate(labels)]
    fig, ax = plt.subplots(figsize=(max(4, 1.4 * len(labels)), 3.2))
    ax.bar(range(len(labels)), p, yerr=[lo, hi], capsize=4, color="#6a9fd4")
    ax.set_xticks(range(len(labels)), labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{res.spec}: nearest point of M to a random target\n"
                 f"({res.samples - res.dropped} targets, {res.dropped} dropped; 95% intervals)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return fig


def run(args) -> int:
    from algnet.analyses.critical.voronoi import voronoi

    res = voronoi(args.spec, point=_point(args.point) if args.point else None, stratum=args.stratum,
                  samples=args.samples, seed=args.seed, loss=args.metric, show_progress=args.progress)
    if args.plot:
        plot(res, args.plot)
    if args.json:
        print(json.dumps(res.as_dict(), indent=1, default=float))
        return 130 if res.partial else 0
    lines = [f"{res.spec}: nearest point of M to {res.samples} Gaussian targets ({res.dropped} dropped: a path failed)"
             + (" (interrupted; lower bound on the work done)" if res.partial else "")]
    for k in sorted(res.probabilities, key=lambda k: -res.probabilities[k]):
        lo, hi = res.intervals[k]
        lines.append(f"  {k:40s} {res.probabilities[k]:.3f}   95% [{lo:.3f}, {hi:.3f}]   ({res.counts[k]})")
    if res.point_dimension is not None:
        lines.append(f"  Voronoi cell of the point: dimension {res.point_dimension} (codim M = {res.codimension})")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    print("\n".join(lines))
    return 130 if res.partial else 0
