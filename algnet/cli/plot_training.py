"""``algnet plot-training``: curves of a recorded training run (local complexity, functional dimension, neurons)."""

from __future__ import annotations


def register(sub):
    p = sub.add_parser("plot-training", help="plot a training run recorded by algnet.relu.training.TrainingRecorder",
                       description="Draw local complexity, batch functional dimension, dead/stable neurons and "
                                   "loss/accuracy against the training step, from an SQLite store written by "
                                   "TrainingRecorder(db=...).")
    p.add_argument("db", help="the SQLite store")
    p.add_argument("--run", default=None, help="only this run (default: every run in the store)")
    p.add_argument("--out", "-o", default="training.png", help="picture file (png/pdf/svg; default training.png)")
    p.set_defaults(func=run)


def run(args) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from algnet.relu.training import load_training
    from algnet.relu.training_plot import plot_training

    recs = load_training(args.db, args.run)
    fig = plot_training(recs, args.out, args.run)
    plt.close(fig)
    runs = sorted({r["run"] for r in recs})
    print(f"{len(recs)} records of {len(runs)} run(s) ({', '.join(runs)}); picture written to {args.out}")
    return 0
