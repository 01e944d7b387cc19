"""``algnet superposition``: train a toy model of superposition and read its geometry.

Sub-commands: ``algnet superposition thomson`` (spherical codes, :mod:`algnet.cli._superposition_thomson`) and
``algnet superposition loss1`` (stationarity and Hessian of the 1-sparse loss, :mod:`algnet.cli._superposition_loss1`).
Without a sub-command the toy model is trained (``algnet superposition --n 5 --m 2``): this module.
"""

from __future__ import annotations

import json
import os

import numpy as np

from algnet.cli._superposition_loss1 import register_loss1
from algnet.cli._superposition_thomson import register_thomson
from algnet.errors import ParameterError

TRAJECTORY_TYPES = (".npz", ".gif", ".mp4", ".png", ".pdf", ".svg")


def register(sub):
    p = sub.add_parser(
        "superposition",
        help="train the toy model x' = ReLU(W^T W x + b) and decompose its features into polytopes",
        description="Train the toy model of superposition (Elhage et al. 2022) with Adam on sparse data, "
                    "split the feature vectors into orthogonal summands and name them "
                    "(antipodal pair, triangle, pentagon, tetrahedron, ...). Sub-commands: "
                    "'thomson' (spherical codes), 'loss1' (critical points of the 1-sparse loss).")
    p.add_argument("--n", type=int, default=5, help="number of features (default 5)")
    p.add_argument("--m", type=int, default=2, help="hidden dimension (default 2)")
    p.add_argument("--sparsity", type=float, default=0.9, help="probability S that a feature is 0 (default 0.9)")
    p.add_argument("--importance", type=float, default=None,
                   help="importance decay r: I_i = r^i (default: all importances 1)")
    p.add_argument("--correlated", default=None, metavar="SIZES",
                   help="correlated feature groups (active together), e.g. 3,3 (features 0-2 and 3-5)")
    p.add_argument("--anticorrelated", default=None, metavar="SIZES",
                   help="anti-correlated groups (at most one active), e.g. 2,2,2; numbered after the correlated ones")
    p.add_argument("--seed", type=int, default=0, help="seed of initialisation and data (default 0)")
    p.add_argument("--steps", type=int, default=3000, help="Adam steps (default 3000)")
    p.add_argument("--lr", type=float, default=1e-2, help="Adam learning rate (default 0.01)")
    p.add_argument("--batch", type=int, default=1024, help="fresh samples per step (default 1024)")
    p.add_argument("--linear", action="store_true", help="train the linear model W^T W x + b instead")
    p.add_argument("--tol", type=float, default=0.1,
                   help="|cos| below which two features count as orthogonal (default 0.1)")
    p.add_argument("--plot", metavar="FILE", default=None, help="draw the feature vectors to FILE (png/pdf/svg)")
    p.add_argument("--trajectory", metavar="FILE", default=None,
                   help="record training and write FILE: .npz (data), .gif/.mp4 (animation) or .png/.pdf/.svg")
    p.add_argument("--record", type=int, default=None, metavar="K",
                   help="record every K steps and report when each summand forms (default with --trajectory: steps/60)")
    p.add_argument("--code", action="store_true",
                   help="compare the normalised features with the best Thomson-type code (L_1 energy)")
    p.add_argument("--spheres", action="store_true",
                   help="also cluster the circumspheres of feature tips (normalised) and compare with the planes")
    p.add_argument("--save", metavar="FILE.npz", default=None,
                   help="save W, b and the importances (input of 'algnet superposition loss1 --weights')")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--force", action="store_true",
                   help="train even when the estimated CPU time is above the default budget of 10 minutes of CPU")
    p.set_defaults(func=run)
    subs = p.add_subparsers(dest="superposition_command", metavar="{thomson,loss1}")
    register_thomson(subs)
    register_loss1(subs)


# ---------------------------------------------------------------- training

def _check_outputs(args):
    from algnet.superposition.plot import PICTURE_TYPES, check_figure_path

    if args.plot:
        check_figure_path(args.plot, PICTURE_TYPES, "--plot")
    if args.trajectory:
        check_figure_path(args.trajectory, TRAJECTORY_TYPES, "--trajectory")
    if args.save:
        check_figure_path(args.save, (".npz",), "--save")
    from algnet.guards import check_count   # batches of samples and the weights (with Adam's moments) must fit

    check_count("n", args.n, 8 * 8 * (max(args.m, 1) + 1), "features", forceable=False, hint="a smaller --n")
    check_count("batch", args.batch, 8 * 8 * args.n, "samples per step", forceable=False, hint="a smaller --batch")


def _analyse(args):
    from algnet.superposition import train_toy_model
    from algnet.superposition.data import FeatureStructure

    for name, value in (("--n", args.n), ("--m", args.m)):
        if value < 1:
            raise ParameterError(f"{name} {value}: the number of {'features' if name == '--n' else 'hidden dimensions'}"
                                 " must be a positive integer", hint="e.g. --n 5 --m 2")
    if args.m >= args.n:
        raise ParameterError(f"m={args.m} >= n={args.n}: no superposition is needed",
                             hint="superposition needs fewer hidden dimensions than features, e.g. --n 5 --m 2")
    _check_outputs(args)
    data = None
    if args.correlated or args.anticorrelated:
        data = FeatureStructure(args.n, args.correlated or (), args.anticorrelated or ())
        data.check_sparsity(args.sparsity)
    if args.record is not None and args.record < 1:
        raise ParameterError(f"--record {args.record} must be a positive step interval", hint="e.g. --record 50")
    record = args.record or (max(1, args.steps // 60) if args.trajectory else None)
    from algnet.superposition.estimates import check_training

    # the training and the reading of its geometry (n x n cosines) after it, estimated before either starts
    check_training(args.n, args.m, args.steps, args.batch, force=args.force, geometry=True)
    res = train_toy_model(args.n, args.m, sparsity=args.sparsity, importance=args.importance,
                          steps=args.steps, lr=args.lr, batch_size=args.batch, linear=args.linear,
                          seed=args.seed, show_progress=args.progress, data=data, record=record,
                          force=args.force)
    try:
        return (res, *_read_geometry(args, res))
    except KeyboardInterrupt:
        raise _AfterTraining(res) from None


class _AfterTraining(KeyboardInterrupt):
    """Ctrl-C after the training, while its weights were being read: the trained model is kept (``res``)."""

    def __init__(self, res):
        super().__init__()
        self.res = res


def _read_geometry(args, res):
    from algnet.superposition import (
        feature_dimensionality,
        feature_norms,
        grassmannian_summands,
        loss_terms,
        recognize_configuration,
    )

    W = res.model.W
    rec = recognize_configuration(W, tol=args.tol)
    dec = rec.decomposition
    grass = None
    try:
        grass = grassmannian_summands(W, tol=args.tol, eps=args.tol)
    except Exception as e:  # too many subsets for large n: report, do not fail the command
        grass = e
    return rec, dec, grass, feature_norms(W), feature_dimensionality(W), loss_terms(res.model, res.importance)


def _write_trajectory(res, path):
    ext = os.path.splitext(path)[1].lower()
    traj = res.trajectory
    if ext == ".npz":
        traj.save(path)
    elif ext in (".gif", ".mp4"):
        import matplotlib

        matplotlib.use("Agg")
        from algnet.superposition.plot import animate_trajectory

        animate_trajectory(traj, path)
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from algnet.superposition.plot import plot_trajectory

        fig = plot_trajectory(traj)
        try:
            fig.savefig(path, bbox_inches="tight")
        finally:
            plt.close(fig)      # written: no figure left open in the process (matplotlib warns past 20)
    return path


def run(args) -> int:
    """Train, read the geometry, print; Ctrl-C during the training or after it prints the training finished
    (marked partial, exit 130)."""
    try:
        res, rec, dec, grass, norms, dims, terms = _analyse(args)
        return _run_trained(args, res, rec, dec, grass, norms, dims, terms)
    except _AfterTraining as e:
        return _print_training_only(args, e.res)


def _loss_text(loss: float) -> str:
    """The final loss, or why there is none (Ctrl-C during the final evaluation: the trained weights are kept).

    Examples
    --------
    >>> _loss_text(0.012345678), _loss_text(float("nan"))
    ('0.012346', 'not evaluated (interrupted)')
    """
    return f"{loss:.5g}" if np.isfinite(loss) else "not evaluated (interrupted)"


def _json_loss(loss: float):
    """The final loss for JSON: None when not evaluated (NaN is not JSON)."""
    return float(loss) if np.isfinite(loss) else None


def _print_training_only(args, res) -> int:
    """The trained weights alone, marked partial: Ctrl-C cut the analysis of the geometry short."""
    W, b = res.model.W, res.model.b
    if args.json:
        print(json.dumps({"n": args.n, "m": args.m, "seed": res.seed, "steps": res.steps,
                          "steps_done": res.steps_done, "final_loss": _json_loss(res.final_loss), "W": W.tolist(),
                          "b": b.tolist(), "partial": True,
                          "partial_reason": "interrupted while reading the trained weights' geometry",
                          "certified": False, "method": "numpy Adam training"}, indent=1))
        return 130
    print(f"PARTIAL (interrupted after {res.steps_done}/{res.steps} steps of training, while reading the geometry "
          "of the weights): the trained weights only")
    print(f"trained: Adam lr={res.lr}, batch {res.batch_size}, seed {res.seed}, "
          f"final loss {_loss_text(res.final_loss)}")
    print("feature  norm    bias")
    norms = np.linalg.norm(W, axis=0)
    for i in range(W.shape[1]):
        print(f"{i:<8} {norms[i]:<7.3f} {b[i]:<+8.3f}")
    return 130


def _run_trained(args, res, rec, dec, grass, norms, dims, terms) -> int:
    try:
        return _report(args, res, rec, dec, grass, norms, dims, terms)
    except KeyboardInterrupt:       # in the picture, the trajectory, the code or the spheres
        raise _AfterTraining(res) from None


def _report(args, res, rec, dec, grass, norms, dims, terms) -> int:
    from algnet.superposition.toy import dead_features

    W, b = res.model.W, res.model.b
    label = {i: k for k, s in enumerate(dec.summands) for i in s}
    dead = dead_features(W, b, relu=not args.linear)    # columns of W that the output never reproduces
    plot_file = None
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from algnet.superposition.plot import plot_features

        import matplotlib.pyplot as plt

        fig = plot_features(W, dec, title=f"n={args.n}, m={args.m}, S={args.sparsity}: {rec.name}")
        try:
            fig.savefig(args.plot, bbox_inches="tight")
        except (OSError, ValueError) as e:
            raise ParameterError(f"cannot write the plot to {args.plot!r}: {e}",
                                 hint="use a writable path ending in .png, .pdf or .svg") from None
        finally:
            plt.close(fig)
        plot_file = args.plot
    # no trajectory when Ctrl-C cut the training's final evaluation short (the weights are kept)
    traj_file = _write_trajectory(res, args.trajectory) if args.trajectory and res.trajectory is not None else None
    if args.save:
        np.savez(args.save, W=W, b=b, importance=res.importance)
    formed = res.trajectory.formation_steps(tol=args.tol) if res.trajectory is not None else None
    comparison = None
    if args.code:
        from algnet.superposition.spherical import compare_with_code, thomson

        if dec.unrepresented:
            comparison = "skipped"
        else:
            comparison = compare_with_code(W, thomson(args.n, args.m, kernel="relu2", starts=10, seed=args.seed,
                                                      force=args.force), seed=args.seed)
    spheres = None
    if args.spheres:
        from algnet.superposition.circumsphere import sphere_clustering

        try:
            spheres = sphere_clustering(W, tol=args.tol, eps=args.tol, normalize=True)
        except Exception as e:  # too many subsets: report, do not fail the command
            spheres = e
    grass_ok = not isinstance(grass, Exception)
    if args.json:
        out = {
            "n": args.n, "m": args.m, "sparsity": args.sparsity, "importance": res.importance.tolist(),
            "correlated": list(res.structure.correlated) if res.structure else [],
            "anticorrelated": list(res.structure.anticorrelated) if res.structure else [],
            "linear": args.linear, "seed": res.seed, "steps": res.steps, "steps_done": res.steps_done,
            "lr": res.lr, "batch_size": res.batch_size, "final_loss": _json_loss(res.final_loss),
            "partial": res.partial,
            "seconds": round(res.seconds, 3),
            "W": W.tolist(), "b": b.tolist(), "norms": norms.tolist(), "dimensionality": dims.tolist(),
            "summands": [list(s) for s in dec.summands], "dimensions": list(dec.dimensions),
            "unrepresented": list(dec.unrepresented), "dead": list(dead), "summand_names": list(rec.summand_names),
            "name": rec.name, "formula": rec.formula, "tol": args.tol, "max_cross_cosine": dec.max_cross_cosine,
            "grassmannian_summands": [list(s) for s in grass.summands] if grass_ok else None,
            "grassmannian_unresolved": list(grass.unresolved) if grass_ok else None,
            "loss_terms": {"feature_benefit": terms.feature_benefit, "interference": terms.interference,
                           "bias_penalty": terms.bias_penalty},
            "formation_steps": None if formed is None else [[list(k), v] for k, v in formed.items()],
            "code_comparison": comparison.as_dict() if hasattr(comparison, "as_dict") else comparison,
            "sphere_summands": ([list(x) for x in spheres.summands] if spheres is not None
                                and not isinstance(spheres, Exception) else None),
            "plot": plot_file, "trajectory": traj_file, "saved": args.save,
            "certified": False, "method": "numpy Adam training + Gram-matrix decomposition",
        }
        print(json.dumps(out, indent=1))
        return 130 if res.partial else 0  # Ctrl-C: the finished part was printed, marked partial
    kind = "linear" if args.linear else "ReLU"
    print(f"toy model of superposition ({kind}): n={args.n} features, m={args.m} hidden dimensions, "
          f"S={args.sparsity}, importance "
          + ("1" if args.importance is None else f"{args.importance}^i")
          + (f", {res.structure}" if res.structure else ""))
    print(f"trained: Adam lr={res.lr}, {res.steps_done}/{res.steps} steps, batch {res.batch_size}, "
          f"seed {res.seed}, final loss {_loss_text(res.final_loss)} ({res.seconds:.1f} s)"
          + ("  [PARTIAL: interrupted]" if res.partial else ""))
    print()
    print("feature  norm    bias     dims/feature  summand")
    for i in range(args.n):
        s = label.get(i)
        where = "not represented" if s is None else f"{s} ({rec.summand_names[s] or 'unrecognised'})"
        if i in dead and s is not None:
            where = f"dead: |w|^2 + b = {norms[i] ** 2 + b[i]:.3g} <= 0, never output alone (its column: {where})"
        print(f"{i:<8} {norms[i]:<7.3f} {b[i]:<+8.3f} {dims[i]:<13.3f} {where}")
    if dead and len(dead) == args.n:
        print("the model is dead: every feature has |w_i|^2 + b_i <= 0, its output on every 1-sparse input is 0")
    print()
    parts = ", ".join(f"{list(s)} {d}d" for s, d in zip(dec.summands, dec.dimensions))
    print(f"direct-sum decomposition: {rec.name}"
          + ("" if rec.formula == rec.name else f" = {rec.formula}") + f"   [{parts}]")
    print(f"  (components of the graph |cos| > {args.tol}; largest |cos| across summands "
          f"{dec.max_cross_cosine:.3g})")
    if grass_ok:
        agree = tuple(sorted(grass.summands)) == tuple(sorted(dec.summands))
        print(f"Grassmannian clustering of feature planes: {[list(s) for s in grass.summands]}"
              + ("" if not grass.unresolved else f", unresolved {list(grass.unresolved)}")
              + ("  (agrees)" if agree else "  (DIFFERS from the graph decomposition)"))
    else:
        print(f"Grassmannian clustering skipped: {grass}")
    if spheres is not None:
        if isinstance(spheres, Exception):
            print(f"circumsphere clustering skipped: {spheres}")
        else:
            agree = tuple(sorted(spheres.summands)) == tuple(sorted(dec.summands))
            print(f"circumsphere clustering of feature tips: {[list(x) for x in spheres.summands]}"
                  + ("" if not spheres.unresolved else f", unresolved {list(spheres.unresolved)}")
                  + ("  (agrees)" if agree else "  (DIFFERS from the graph decomposition)"))
    print(f"loss on 1-sparse inputs e_i: feature benefit {terms.feature_benefit:.4g}, "
          f"interference {terms.interference:.4g}; bias penalty L0 {terms.bias_penalty:.4g}")
    if formed is not None:
        print("summands formed at step (first recorded step from which they keep their final shape): "
              + ", ".join(f"{list(k)} {v}" for k, v in formed.items()))
    if comparison is not None:
        print(f"against the best Thomson-type code: {comparison}" if comparison != "skipped"
              else "comparison with a code skipped: some features are not represented")
    for what, f in (("picture", plot_file), ("trajectory", traj_file), ("weights", args.save)):
        if f:
            print(f"{what} written to {f}")
    return 130 if res.partial else 0  # Ctrl-C: the finished part was printed, marked partial
