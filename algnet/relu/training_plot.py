"""Curves of a training run recorded by :class:`~algnet.relu.training.TrainingRecorder`.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> recs = [{"run": "a", "step": s, "lc_train": 5 - s, "fd": 10 + s, "fd_float": 10 + s, "dead": 0.1, "stable": 0.2}
...         for s in range(3)]
>>> fig = plot_training(recs)
>>> len(fig.axes)
3
>>> import matplotlib.pyplot as plt
>>> plt.close(fig)
"""

from __future__ import annotations

from algnet.errors import ParameterError

__all__ = ["plot_training"]


def plot_training(records, path=None, run=None):
    """Figure with local complexity, functional dimension and dead/stable neurons (and loss/accuracy when
    recorded) against the step; ``records`` is a list of records or the path of a store. Saved to ``path`` if given.

    Examples
    --------
    With a loss recorded there is a fourth panel; D' is drawn as a horizontal line:

    >>> import matplotlib.pyplot as plt
    >>> recs = [{"step": s, "lc_train": 3 - s, "fd": 5 + s, "fd_bound": 7, "dead": 0.0, "stable": 0.5,
    ...          "loss": 1 / (1 + s)} for s in range(3)]
    >>> fig = plot_training(recs)
    >>> len(fig.axes), list(fig.axes[1].lines[-1].get_ydata()), float(fig.axes[3].lines[0].get_ydata()[-1])
    (4, [7, 7], 0.3333333333333333)
    >>> plt.close(fig)
    >>> plot_training([])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: no training records
      hint: record with TrainingRecorder(db=...) first
    """
    import matplotlib.pyplot as plt

    from algnet.relu.training import load_training

    if path is not None:
        import os

        d = os.path.dirname(os.path.abspath(str(path)))
        if not os.path.isdir(d):
            raise ParameterError(f"the directory of {path} does not exist", hint="create it or give another path")
        if os.path.splitext(str(path))[1].lower() not in (".png", ".pdf", ".svg", ".jpg"):
            raise ParameterError(f"{path}: unknown picture format", hint="use .png, .pdf, .svg or .jpg")
    recs = load_training(records, run) if isinstance(records, (str, bytes)) or hasattr(records, "__fspath__") \
        else [r for r in records if run is None or r.get("run") == run]
    if not recs:
        raise ParameterError("no training records", hint="record with TrainingRecorder(db=...) first")
    runs = sorted({r.get("run", "run") for r in recs})
    has_loss = any("loss" in r for r in recs)
    fig, axes = plt.subplots(1, 4 if has_loss else 3, figsize=(16 if has_loss else 12, 3.6))
    for name in runs:
        rr = sorted((r for r in recs if r.get("run", "run") == name), key=lambda r: r["step"])
        st = [r["step"] for r in rr]
        lab = "" if len(runs) == 1 else f"{name}: "
        axes[0].plot(st, [r.get("lc_train") for r in rr], "o-", label=lab + "train")
        if any("lc_test" in r for r in rr):
            axes[0].plot(st, [r.get("lc_test") for r in rr], "s--", label=lab + "test")
        if any(r.get("fd") is not None for r in rr):
            axes[1].plot(st, [r.get("fd") for r in rr], "o-", label=lab + "rank (exact / mod p)")
        if any(r.get("fd_float") is not None for r in rr):
            axes[1].plot(st, [r.get("fd_float") for r in rr], "x:", label=lab + "float64 rank")
        bound = next((r.get("fd_bound") for r in rr if r.get("fd_bound")), None)
        if bound:
            axes[1].axhline(bound, color="gray", lw=0.8, ls="--", label="D' (no hidden symmetries)")
        axes[2].plot(st, [r.get("dead") for r in rr], "o-", label=lab + "dead")
        axes[2].plot(st, [r.get("stable") for r in rr], "s--", label=lab + "stable")
        if has_loss:
            axes[3].plot(st, [r.get("loss") for r in rr], "o-", label=lab + "loss")
            if any("accuracy" in r for r in rr):
                axes[3].plot(st, [r.get("accuracy") for r in rr], "s--", label=lab + "train accuracy")
            if any("test_accuracy" in r for r in rr):
                axes[3].plot(st, [r.get("test_accuracy") for r in rr], "^:", label=lab + "test accuracy")
    titles = ["local complexity (neurons crossing the neighbourhood)", "batch functional dimension",
              "fraction of neurons on the training points", "loss / accuracy"]
    for ax, t in zip(axes, titles):
        ax.set_title(t, fontsize=9)
        ax.set_xlabel("step")
        if ax.get_legend_handles_labels()[1]:      # a short store can leave a panel without a labelled line
            ax.legend(fontsize=7)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
