"""``algnet superposition``: train a toy model of superposition and read its geometry.

Sub-commands: ``algnet superposition thomson`` (spherical codes) and
``algnet superposition loss1`` (stationarity and Hessian of the 1-sparse loss).
Without a sub-command the toy model is trained (``algnet superposition --n 5 --m 2``).
"""

from __future__ import annotations

import json
import os

import numpy as np

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
    _register_thomson(subs)
    _register_loss1(subs)


def _register_thomson(subs):
    t = subs.add_parser("thomson", help="spherical codes: Thomson-type energy minimisation of n points on S^(m-1)",
                        description="Minimise the Coulomb energy sum 1/|x_i - x_j| (or the 1-sparse loss energy "
                                    "(1/3) sum ReLU(x_i.x_j)^2, --energy relu2) of n points on the unit sphere "
                                    "of R^m from many seeded starts; --tammes maximises the minimal distance.")
    t.add_argument("--n", type=int, required=True, help="number of points")
    t.add_argument("--m", type=int, default=3, help="dimension of the ambient space (default 3: the 2-sphere)")
    t.add_argument("--energy", choices=("coulomb", "relu2"), default=None, help="energy (default coulomb)")
    t.add_argument("--tammes", action="store_true", help="maximise the minimal distance instead")
    t.add_argument("--starts", type=int, default=20, help="random starts (default 20)")
    t.add_argument("--seed", type=int, default=None, help="seed (drawn and reported when omitted)")
    t.add_argument("--json", action="store_true", help="print the result as JSON")
    t.add_argument("--progress", action="store_true", help="show a progress bar (Ctrl-C keeps the best so far)")
    t.add_argument("--force", action="store_true",
                   help="run even when the estimate (memory, CPU time if every start takes all its descent steps, "
                        "with --tammes and its SLSQP polishes) is above the memory limit or the default budget of 10 "
                        "minutes of CPU")
    t.set_defaults(func=run_thomson)


def _register_loss1(subs):
    s = subs.add_parser("loss1", help="is (W, b) a critical point / strict local minimum of the 1-sparse loss L_1?",
                        description="Closed-form L_1 (one active feature, uniform on [0,1]) on its ReLU piece: "
                                    "value, gradient, Hessian inertia modulo O(m). Exact over QQ for rational "
                                    "weights or exact polygons; floats are analysed numerically (or exactly at "
                                    "their binary values with --exact).")
    src = s.add_mutually_exclusive_group(required=True)
    src.add_argument("--weights", metavar="FILE.npz", help="arrays W (m x n), b (n) and optionally importance")
    src.add_argument("--polygon", type=int, metavar="N", help="the regular N-gon, exactly (N in 2,3,4,5,6,8,10,12)")
    s.add_argument("--radius2", default="1", help="--polygon: squared norm of the features (rational, default 1)")
    s.add_argument("--bias", default="0",
                   help="--polygon: bias of every feature (rational, default 0; negative: --bias=-1/4)")
    s.add_argument("--thomson-regime", action="store_true",
                   help="restrict to unit norms and fixed biases (the Thomson regime: L_1 is then a Thomson-type "
                        "energy)")
    s.add_argument("--l0-weight", default="0", help="minimise L_1 + WEIGHT * L_0 (default 0)")
    s.add_argument("--exact", action="store_true", help="analyse float weights exactly at their binary values")
    s.add_argument("--certify", action="store_true",
                   help="--polygon: certify the optimal (norm, bias) polygon in ball arithmetic")
    s.add_argument("--copies", type=int, default=1, metavar="K",
                   help="--certify: direct sum of K optimal polygons (are direct sums minima of L_1?)")
    s.add_argument("--extra-dims", type=int, default=0, metavar="E",
                   help="--certify: E further free hidden dimensions")
    s.add_argument("--full-loss", type=float, default=None, metavar="S",
                   help="also test the full expected loss at sparsity S numerically (Monte Carlo)")
    s.add_argument("--polish", type=int, default=0, metavar="K",
                   help="--full-loss: first take up to K damped Newton steps on the fixed sample")
    s.add_argument("--seed", type=int, default=None, help="seed of the Monte Carlo sample of --full-loss")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.set_defaults(func=run_loss1)


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


# ---------------------------------------------------------------- thomson

def run_thomson(args) -> int:
    from algnet.guards import check_count
    from algnet.superposition.spherical import tammes, thomson

    # pairwise distances (n x n, a few float64 copies) must fit in memory
    check_count("n", args.n, 32 * (args.n + max(args.m, 1)), "points", forceable=False, hint="a smaller --n")
    if args.tammes and args.energy is not None:      # it was silently ignored
        from algnet.errors import ParameterError

        raise ParameterError(f"--tammes maximises the minimal angle: --energy {args.energy} does not apply",
                             hint="drop --energy, or drop --tammes to minimise that energy")
    if args.tammes:
        c = tammes(args.n, args.m, starts=args.starts, seed=args.seed, show_progress=args.progress,
                   force=args.force)
    else:
        c = thomson(args.n, args.m, kernel=args.energy or "coulomb", starts=args.starts, seed=args.seed,
                    show_progress=args.progress, force=args.force)
    if args.json:
        print(json.dumps(c.as_dict(), indent=1))
        return 130 if c.evidence.partial else 0  # Ctrl-C: the finished part was printed, marked partial
    what = "Tammes (max-min distance)" if args.tammes else f"{c.kernel} energy"
    print(f"{what}: {args.n} points on S^{args.m - 1}, best of {c.starts} starts (seed {c.seed})"
          + ("  [PARTIAL: interrupted]" if c.evidence.partial else ""))
    if args.tammes:     # c.energies holds each start's minimal angle, best first; c.energy the last Riesz energy
        print(f"minimal angle {c.min_angle:.6f} degrees ({c.kernel} energy {c.energy:.10g})")
        distinct = sorted(set(round(e, 6) for e in c.energies), reverse=True)
        print(f"distinct final minimal angles (degrees): {distinct[:8]}" + (" ..." if len(distinct) > 8 else ""))
    else:
        print(f"energy {c.energy:.10g}, minimal angle {c.min_angle:.6f} degrees")
        distinct = sorted(set(round(e, 8) for e in c.energies))
        print(f"distinct final energies: {distinct[:8]}" + (" ..." if len(distinct) > 8 else ""))
    print(f"[{c.evidence.status}: {c.evidence.proves}]")
    return 130 if c.evidence.partial else 0  # Ctrl-C: the finished part was printed, marked partial


# ---------------------------------------------------------------- loss1

def _read_weights(path):
    hint = "--weights FILE.npz with arrays W (m x n) and b (n), e.g. written by 'algnet superposition --save FILE.npz'"
    if not os.path.isfile(path):
        raise ParameterError(f"no weights file {path}", hint=hint)
    try:
        z = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        what = "is not an .npz file" if "magic string" in str(e) or "pickled" in str(e) else f"cannot be read ({e})"
        raise ParameterError(f"--weights {path} {what}", hint=hint) from None
    if not hasattr(z, "files"):             # an .npy file: one array
        raise ParameterError(f"--weights {path} holds one array, not W and b", hint=hint)
    if "W" not in z.files or "b" not in z.files:
        raise ParameterError(f"{path!r} has arrays {z.files}, not W and b",
                             hint="save with numpy.savez(FILE, W=W, b=b) or 'algnet superposition --save FILE.npz'")
    I = z["importance"] if "importance" in z.files else None
    return z["W"], z["b"], I


def _rational(text, name):
    from algnet.superposition.exact import to_fmpq

    try:
        return to_fmpq(str(text))
    except (ValueError, ZeroDivisionError):
        raise ParameterError(f"--{name} {text!r} is not a rational number", hint=f"e.g. --{name} 1/2") from None


def _loss1_fields(out: dict, cut: bool) -> dict:
    """The top-level ``method``, ``seed``, ``certified`` and ``partial`` of ``loss1 --json``, from its parts:
    certified only when every part computed is; the seed of the full loss's Monte Carlo sample (None when no
    part drew random numbers).

    Examples
    --------
    >>> part = {"method": "exact", "certified": True, "seed": None, "partial": False}
    >>> _loss1_fields({"loss1": part, "full_loss": dict(part, method="Monte Carlo", certified=False, seed=7)}, False)
    {'method': 'exact; Monte Carlo', 'seed': 7, 'certified': False, 'partial': False}
    """
    parts = [v for v in out.values() if isinstance(v, dict)]
    seeds = [p["seed"] for p in parts if p.get("seed") is not None]
    return {"method": "; ".join(p["method"] for p in parts), "seed": seeds[0] if seeds else None,
            "certified": not cut and all(p["certified"] for p in parts),
            "partial": cut or any(p["partial"] for p in parts)}


def _approx(x) -> str:
    """An exact value to 10 digits, or in words when beyond float64 (weights near 1e300 analysed exactly).

    Examples
    --------
    >>> from fractions import Fraction
    >>> _approx(Fraction(1, 3)), _approx(Fraction(10**400, 3))
    ('0.3333333333', 'beyond float64')
    """
    try:
        return f"{float(x):.10g}"
    except OverflowError:
        return "beyond float64"


def _check_sum_options(args) -> None:
    """Refuse --copies / --extra-dims / --polish out of range or without the step they belong to (they were
    silently ignored: --copies 0, --copies -1 and --polish -1 ran the plain analysis without a word)."""
    if args.copies < 1:
        raise ParameterError(f"--copies {args.copies}: the number of polygons in the direct sum is at least 1",
                             hint="--copies 2 (two orthogonal copies of the optimal polygon), with --certify")
    if args.extra_dims < 0:
        raise ParameterError(f"--extra-dims {args.extra_dims}: the number of further hidden dimensions is at least 0",
                             hint="--extra-dims 1 (one free hidden dimension besides the polygons' planes)")
    if args.polish < 0 or (args.polish and args.full_loss is None):
        raise ParameterError(f"--polish {args.polish}: the number of Newton steps before the full loss is at least 0, "
                             "and it needs --full-loss S", hint="--full-loss 0.9 --polish 5")
    if (args.copies != 1 or args.extra_dims != 0) and not (args.certify and args.polygon is not None):
        raise ParameterError("--copies and --extra-dims are options of the direct-sum certificate: they need "
                             "--polygon N --certify", hint="algnet superposition loss1 --polygon 5 --certify "
                                                           "--copies 2")


def run_loss1(args) -> int:
    from algnet.superposition.loss1 import loss1_analysis, polygon_analysis

    from algnet.cli._common import later_step

    lam = _rational(args.l0_weight, "l0-weight")
    kw = dict(l0_weight=lam, unit_norm=args.thomson_regime, fix_bias=args.thomson_regime)
    cert = full = sum_cert = None
    cut = False     # Ctrl-C in a step after the exact loss (certificates, full loss): what was finished is printed
    _check_sum_options(args)
    if args.polygon is not None:
        r = polygon_analysis(args.polygon, radius2=_rational(args.radius2, "radius2"),
                             bias=_rational(args.bias, "bias"), **kw)
        if args.certify and (args.copies > 1 or args.extra_dims > 0) and lam != 0:
            raise ParameterError("--copies/--extra-dims certify L_1 only",
                                 hint="drop --l0-weight (the optimal biases are negative, L_0 vanishes)")
        if args.certify:
            from algnet.superposition.certify import certify_polygon_minimum

            cert, cut = later_step(certify_polygon_minimum, args.polygon, l0_weight=float(lam))
            if (args.copies > 1 or args.extra_dims > 0) and not cut:
                from algnet.superposition.certify import certify_polygon_sum

                sum_cert, cut = later_step(certify_polygon_sum, args.polygon, copies=args.copies,
                                           extra_dims=args.extra_dims)
        W = b = None
    else:
        if args.certify:
            raise ParameterError("--certify works with --polygon N", hint="algnet superposition loss1 --polygon 5 "
                                                                          "--certify")
        W, b, I = _read_weights(args.weights)
        r = loss1_analysis(W, b, I, exact=True if args.exact else None, **kw)
    if args.full_loss is not None and not cut:
        from algnet.superposition.fullloss import full_loss_analysis

        if W is None:
            from algnet.superposition.polytopes import regular_polygon

            W = regular_polygon(args.polygon) * np.sqrt(float(_rational(args.radius2, "radius2")))
            b = np.full(args.polygon, float(_rational(args.bias, "bias")))
            I = None
        full, cut = later_step(full_loss_analysis, W, b, args.full_loss, I, seed=args.seed, polish=args.polish)
    if args.json:
        out = {"loss1": r.as_dict(), "certificate": cert.as_dict() if cert else None,
               "direct_sum_certificate": sum_cert.as_dict() if sum_cert else None,
               "full_loss": full.as_dict() if full else None}
        out.update(_loss1_fields(out, cut))
        if cut:
            out["partial_reason"] = "interrupted: the parts given as null were not finished"
        print(json.dumps(out, indent=1, default=str))
        return 130 if cut else 0
    if cut:
        asked = (("the certificate", args.certify, cert),
                 ("the direct-sum certificate", args.certify and (args.copies > 1 or args.extra_dims > 0), sum_cert),
                 ("the full loss", args.full_loss is not None, full))
        print("PARTIAL (interrupted): the 1-sparse loss below is complete; not finished: "
              + ", ".join(what for what, wanted, got in asked if wanted and got is None))
    print(f"1-sparse loss F = L_1{' + ' + str(lam) + ' L_0' if lam else ''} over {r.field}"
          + (f", restricted to {r.constraint}" if r.constraint != "none" else "") + f": n={r.n}, m={r.m}")
    exact_text = str(r.value)
    if r.field == "float":
        print(f"value {r.value:.10g}")
    elif len(exact_text) <= 80:
        print(f"value {exact_text} (= {_approx(r.value)})")
    else:
        print(f"value {_approx(r.value)} (exact value has {len(exact_text)} characters; see --json)")
    print(f"gradient norm {r.gradient_norm:.3g}: {'critical point' if r.stationary else 'NOT a critical point'}")
    if r.inertia:
        print(f"Hessian inertia (positive, zero, negative) = {r.inertia}; O(m) orbit dimension {r.symmetry_dimension}")
    print(f"verdict: {r.verdict}" + (f"  (non-smooth terms dropped: {', '.join(r.dropped_terms)})"
                                     if r.dropped_terms else ""))
    print(f"[{r.evidence.status}: {r.evidence.proves}]")
    if cert:
        print(f"certificate: {cert.evidence.proves}; value in {cert.value}  [{cert.evidence.status}]")
    if sum_cert:
        print(f"direct sum: {sum_cert.evidence.proves}  [{sum_cert.evidence.status}]")
    if full:
        print(f"full loss at S={full.sparsity} (Monte Carlo {full.samples} samples, seed {full.seed}): "
              f"value {full.value:.6g}, gradient norm {full.gradient_norm:.3g}; {full.verdict}  "
              f"[{full.evidence.status}]")
    return 130 if cut else 0
