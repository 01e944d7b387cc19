"""``algnet superposition``: train a toy model of superposition and read its geometry."""

from __future__ import annotations

import json

from algnet.errors import ParameterError


def register(sub):
    p = sub.add_parser(
        "superposition",
        help="train the toy model x' = ReLU(W^T W x + b) and decompose its features into polytopes",
        description="Train the toy model of superposition (Elhage et al. 2022) with Adam on sparse data, "
                    "split the feature vectors into orthogonal summands and name them "
                    "(antipodal pair, triangle, pentagon, tetrahedron, ...).")
    p.add_argument("--n", type=int, default=5, help="number of features (default 5)")
    p.add_argument("--m", type=int, default=2, help="hidden dimension (default 2)")
    p.add_argument("--sparsity", type=float, default=0.9, help="probability S that a feature is 0 (default 0.9)")
    p.add_argument("--importance", type=float, default=None,
                   help="importance decay r: I_i = r^i (default: all importances 1)")
    p.add_argument("--seed", type=int, default=0, help="seed of initialisation and data (default 0)")
    p.add_argument("--steps", type=int, default=3000, help="Adam steps (default 3000)")
    p.add_argument("--lr", type=float, default=1e-2, help="Adam learning rate (default 0.01)")
    p.add_argument("--batch", type=int, default=1024, help="fresh samples per step (default 1024)")
    p.add_argument("--linear", action="store_true", help="train the linear model W^T W x + b instead")
    p.add_argument("--tol", type=float, default=0.1,
                   help="|cos| below which two features count as orthogonal (default 0.1)")
    p.add_argument("--plot", metavar="FILE", default=None, help="draw the feature vectors to FILE (png/pdf/svg)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.set_defaults(func=run)


def _analyse(args):
    from algnet.superposition import (
        feature_dimensionality,
        feature_norms,
        grassmannian_summands,
        loss_terms,
        recognize_configuration,
        train_toy_model,
    )

    if args.m >= args.n:
        raise ParameterError(f"m={args.m} >= n={args.n}: no superposition is needed",
                             hint="superposition needs fewer hidden dimensions than features, e.g. --n 5 --m 2")
    res = train_toy_model(args.n, args.m, sparsity=args.sparsity, importance=args.importance,
                          steps=args.steps, lr=args.lr, batch_size=args.batch, linear=args.linear,
                          seed=args.seed, show_progress=args.progress)
    W = res.model.W
    rec = recognize_configuration(W, tol=args.tol)
    dec = rec.decomposition
    grass = None
    try:
        grass = grassmannian_summands(W, tol=args.tol, eps=args.tol)
    except Exception as e:  # too many subsets for large n: report, do not fail the command
        grass = e
    return res, rec, dec, grass, feature_norms(W), feature_dimensionality(W), loss_terms(res.model, res.importance)


def run(args) -> int:
    res, rec, dec, grass, norms, dims, terms = _analyse(args)
    W, b = res.model.W, res.model.b
    label = {i: k for k, s in enumerate(dec.summands) for i in s}
    plot_file = None
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from algnet.superposition.plot import plot_features

        fig = plot_features(W, dec, title=f"n={args.n}, m={args.m}, S={args.sparsity}: {rec.name}")
        try:
            fig.savefig(args.plot, bbox_inches="tight")
        except (OSError, ValueError) as e:
            raise ParameterError(f"cannot write the plot to {args.plot!r}: {e}",
                                 hint="use a writable path ending in .png, .pdf or .svg") from None
        plot_file = args.plot
    grass_ok = not isinstance(grass, Exception)
    if args.json:
        out = {
            "n": args.n, "m": args.m, "sparsity": args.sparsity, "importance": res.importance.tolist(),
            "linear": args.linear, "seed": res.seed, "steps": res.steps, "steps_done": res.steps_done,
            "lr": res.lr, "batch_size": res.batch_size, "final_loss": res.final_loss, "partial": res.partial,
            "seconds": round(res.seconds, 3),
            "W": W.tolist(), "b": b.tolist(), "norms": norms.tolist(), "dimensionality": dims.tolist(),
            "summands": [list(s) for s in dec.summands], "dimensions": list(dec.dimensions),
            "unrepresented": list(dec.unrepresented), "summand_names": list(rec.summand_names),
            "name": rec.name, "formula": rec.formula, "tol": args.tol, "max_cross_cosine": dec.max_cross_cosine,
            "grassmannian_summands": [list(s) for s in grass.summands] if grass_ok else None,
            "grassmannian_unresolved": list(grass.unresolved) if grass_ok else None,
            "loss_terms": {"feature_benefit": terms.feature_benefit, "interference": terms.interference,
                           "bias_penalty": terms.bias_penalty},
            "plot": plot_file,
        }
        print(json.dumps(out, indent=1))
        return 0
    kind = "linear" if args.linear else "ReLU"
    print(f"toy model of superposition ({kind}): n={args.n} features, m={args.m} hidden dimensions, "
          f"S={args.sparsity}, importance "
          + ("1" if args.importance is None else f"{args.importance}^i"))
    print(f"trained: Adam lr={res.lr}, {res.steps_done}/{res.steps} steps, batch {res.batch_size}, "
          f"seed {res.seed}, final loss {res.final_loss:.5g} ({res.seconds:.1f} s)"
          + ("  [PARTIAL: interrupted]" if res.partial else ""))
    print()
    print("feature  norm    bias     dims/feature  summand")
    for i in range(args.n):
        s = label.get(i)
        where = "not represented" if s is None else f"{s} ({rec.summand_names[s] or 'unrecognised'})"
        print(f"{i:<8} {norms[i]:<7.3f} {b[i]:<+8.3f} {dims[i]:<13.3f} {where}")
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
    print(f"loss on 1-sparse inputs e_i: feature benefit {terms.feature_benefit:.4g}, "
          f"interference {terms.interference:.4g}; bias penalty L0 {terms.bias_penalty:.4g}")
    if plot_file:
        print(f"picture written to {plot_file}")
    return 0
