"""``algnet voronoi SPEC --samples N``: where the nearest point of M to a random target lies."""

from __future__ import annotations

import sys

from algnet.cli._common import (exit_status, interrupted, network_from_args, print_json, run_analysis)
from algnet.cli.critical import add_parser, held_sigint


def register(sub):
    p = add_parser(sub, "voronoi", "voronoi", "conv k=2,2 r=2",
                   help="Voronoi cells and the probability of landing on each stratum",
                   description="Monte Carlo estimate (95% Wilson intervals) of the probability that the nearest "
                               "real point of the neuromanifold to a Gaussian target lies on each stratum (the "
                               "nearest point is the real critical point of least distance among all of them that "
                               "real weights reach); with --point or --stratum, the dimension of the Voronoi cell "
                               "of that point.")
    p.add_argument("--point", default=None, help="comma-separated real parameters theta of the point to measure")
    p.add_argument("--plot", default=None, metavar="FILE", help="bar chart of the probabilities (png, pdf, svg)")
    p.set_defaults(func=run)


def _point(text):
    from algnet.errors import ParameterError

    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise ParameterError(f"--point {text!r} is not a list of numbers", hint="e.g. --point 1,0.5,-2,1") from None


def plot(res, path) -> None:
    """Bar chart of the landing probabilities with their intervals, written to ``path`` (the figure closed: a
    process that plots many, e.g. the tests calling ``main``, keeps no figure open)."""
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
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)


def _check_plot_path(path):
    from pathlib import Path

    from algnet.errors import ParameterError

    p = Path(path)
    if p.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise ParameterError(f"--plot {path}: unknown image format {p.suffix!r}", hint="--plot FILE.png|.pdf|.svg")
    if not p.resolve().parent.is_dir():
        raise ParameterError(f"--plot {path}: the folder {p.resolve().parent} does not exist",
                             hint="create it first, or write elsewhere")


def run(args) -> int:
    if args.plot:
        _check_plot_path(args.plot)
    if getattr(args, "samples", None) is not None:  # targets and their nearest points must fit in memory
        from algnet.guards import check_count

        try:
            samples = int(args.samples)
        except (TypeError, ValueError):
            samples = args.samples   # the registry's own check reports it
        else:
            if samples or not (args.point or args.stratum):     # --samples 0: the cell of the point alone
                check_count("samples", samples, 64 * network_from_args(args).ambient_dimension + 512,
                            "Voronoi targets", forceable=False, hint="a smaller --samples")
    with held_sigint():      # the printed result and the exit status agree (algnet.cli.critical)
        res = run_analysis(args, point=_point(args.point) if args.point else None)
        return _report(args, res, res.partial or interrupted())


def _report(args, res, partial) -> int:
    if args.plot:
        plot(res, args.plot)
    if args.json:
        d = res.as_dict()
        d["partial"] = bool(partial)
        if partial:
            d["partial_reason"] = res.partial_reason or "interrupted"
        print_json(d)
        sys.stdout.flush()
        return exit_status(partial)
    why = ", ".join(f"{v} {k}" for k, v in res.dropped_reasons.items()) or "none"
    lines = [f"{res.spec}: nearest point of M to {res.samples} Gaussian targets ({res.dropped} dropped: {why})"
             + (f" (partial: {res.partial_reason or 'interrupted'}: the counts cover the targets done)"
                if partial and (res.partial_reason or "interrupted") == "interrupted" else
                f" (partial: {res.partial_reason})" if partial else "")]
    over = getattr(res, "probabilities_over", None)
    if over and res.probabilities:
        lines.append(f"  probabilities over {over}:")
    for k in sorted(res.probabilities, key=lambda k: -res.probabilities[k]):
        lo, hi = res.intervals[k]
        lines.append(f"  {k:40s} {res.probabilities[k]:.3f}   95% Wilson [{lo:.3f}, {hi:.3f}]   ({res.counts[k]})")
    if getattr(res, "no_nearest_point", 0):
        lo, hi = res.no_nearest_point_interval
        k, n = res.no_nearest_point, res.decided
        label = "no nearest point (infimum not attained)"
        lines.append(f"  {label:40s} {k / n:.3f}   95% Wilson [{lo:.3f}, {hi:.3f}]   ({k}; over the {n} targets "
                     "decided: a nearest point found or none proved)")
    if res.point_dimension is not None:
        lines.append(f"  Voronoi cell of the point: dimension {res.point_dimension} (codim M = {res.codimension})")
        span = [p for p in res.method.split("; ") if p.startswith("M spans ")]
        if span:                 # M lies in a proper linear subspace (a coordinate vanishes on M, ...)
            lines.append(f"  ({span[0]})")
    elif res.point_stratum is not None:        # a point was given: its cell was not decided (stopped first)
        lines.append("  Voronoi cell of the point: dimension not decided (stopped before it was; no target sampled)")
    lines.append(f"  seed {res.seed}, {res.seconds:.2f} s")
    print("\n".join(lines))
    sys.stdout.flush()          # the answer is out before the exit status is final
    return exit_status(partial)
