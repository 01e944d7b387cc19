"""Hidden symmetries of ReLU networks at scale (Grigsby-Lindsey-Rolnick, "Hidden symmetries of ReLU networks", 2023).

A parameter theta of a ReLU MLP has *hidden symmetries* when its functional
dimension is below D' = D - (number of hidden neurons), the bound set by the
positive rescalings (Grigsby-Lindsey-Meyerhoff-Wu). For a batch Z of
|Z| = 2 D' random inputs, batch FD(Z) <= FD <= D', so batch FD(Z) = D' (a
rank modulo a prime already proves it) **proves** that theta has no hidden
symmetries; a smaller rank leaves it undecided (reported as such).

:func:`hidden_symmetries` is registered as the analysis ``hidden_symmetries``,
so ``algnet sweep hidden_symmetries --spec ... --seeds 0..999 --db hs.sqlite``
runs it over many random networks (locally with ``--workers`` or on Dask),
resumably; :func:`hidden_symmetry_specs` lists the architectures of the
experiments (widths 5, 10, 15, depths 3-6) and :func:`plot_hidden_symmetries`
draws the fraction of networks proved free of hidden symmetries against the
width, one curve per depth, one panel per input dimension.

Examples
--------
>>> r = hidden_symmetries("relu 2-6-6-1", seed=0)
>>> r.as_dict()["bound"], r.as_dict()["no_hidden_symmetries"] in (True, None)
(55, True)
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError

__all__ = ["hidden_symmetries", "hidden_symmetry_specs", "glr_specs", "hidden_symmetry_fractions", "hidden_symmetry_gaps",
           "plot_hidden_symmetries"]


def _kaiming(net, seed):
    """He-normal weights N(0, 2 / fan_in) and biases N(0, 0.1^2), rounded to multiples of 2^-16 (exact rationals)."""
    from fractions import Fraction

    rng = np.random.default_rng(seed)
    out = []
    for (name, shape) in net.param_shapes:
        if len(shape) == 2:
            v = rng.normal(0, np.sqrt(2 / shape[1]), shape).ravel()
        else:
            v = rng.normal(0, 0.1, shape).ravel()
        out += [Fraction(int(round(x * 2**16)), 2**16) for x in v]
    th = np.empty(len(out), dtype=object)
    th[:] = out
    return th


def hidden_symmetries(net, seed=None, batch_factor: int = 2, exact: str = "never", method: str = "batch",
                      max_regions: int = 200_000, init: str = "kaiming", inputs: str = "scales"):
    """Whether random rational weights (from ``seed``) have hidden symmetries.

    ``method='batch'`` (the experiments' protocol): ``no_hidden_symmetries`` is True when the batch FD at
    |Z| = batch_factor D' random inputs reaches D' (proved), None otherwise (undecided). ``inputs='normal'``
    draws Z i.i.d. standard normal (rounded to multiples of 2^-16), as in Grigsby-Lindsey-Rolnick's experiments;
    ``'scales'`` (default) draws grid points at three scales, |z| up to 2, 32 and 512.
    ``method='decisive'`` (input dimension <= 2): the exact functional dimension from the exact partition of
    the whole input space, so the answer is True or False, proved either way.

    Examples
    --------
    Generic one-hidden-layer networks have no hidden symmetries (their functional dimension is
    D' = (n0 + 1) n1 + 1, Grigsby-Lindsey-Meyerhoff-Wu); the exact decisive-set method proves it:

    >>> r = hidden_symmetries("relu 2-3-1", seed=0, method="decisive")
    >>> r["batch_fd"], r["bound"], r["no_hidden_symmetries"], r.evidence.certified
    (10, 10, True, True)
    """
    from algnet.architectures.spec import parse_spec
    from algnet.relu.catalog import ReluResult, _arch, _relu, _seed
    from algnet.relu.functional import batch_functional_dimension

    net, seed = _relu(parse_spec(net)), _seed(seed)
    if int(batch_factor) < 1:
        raise ParameterError(f"batch_factor={batch_factor}", hint="|Z| = batch_factor D', at least 1")
    if init not in ("kaiming", "grid"):
        raise ParameterError(f"init={init!r}", hint="'kaiming' (He-normal, as in training) or 'grid' (algnet's m/1024)")
    theta = _kaiming(net, seed) if init == "kaiming" else net.random_params(seed=seed)
    if method not in ("batch", "decisive"):
        raise ParameterError(f"method={method!r}", hint="'batch' or 'decisive'")
    if method == "decisive":
        from algnet.relu.functional import functional_dimension

        if net.widths[0] > 2:
            raise ParameterError("method='decisive' needs input dimension <= 2", hint="use method='batch'")
        fd = functional_dimension(net, theta, max_regions=max_regions, exact="auto", float_check=False)
        out = _arch(net)
        free = fd.functional_dimension == net.dimension_bound
        out.update(input_dim=net.widths[0], batch_fd=fd.functional_dimension, points=fd.batch.n_points,
                   no_hidden_symmetries=free if fd.certified else (True if free else None),
                   gap=net.dimension_bound - fd.functional_dimension, method=fd.batch.method, regions=fd.regions)
        return ReluResult(out, fd.evidence.with_(seed=seed))
    if inputs not in ("scales", "normal"):
        raise ParameterError(f"inputs={inputs!r}", hint="'scales' (grid points at three scales) or 'normal'")
    K = int(batch_factor) * net.dimension_bound
    if inputs == "normal":
        from fractions import Fraction

        g = np.rint(np.random.default_rng(seed + 1).standard_normal((K, net.widths[0])) * 2**16).astype(np.int64)
        Z = np.empty(g.shape, dtype=object)
        Z[...] = [[Fraction(int(v), 2**16) for v in row] for row in g]
    else:
        # inputs at three scales (|z| up to 2, 32 and 512): bends of random weights lie anywhere in the input space
        Z = np.concatenate([net.random_inputs(K - 2 * (K // 3), seed=seed + 1),
                            net.random_inputs(K // 3, seed=seed + 2, bound=2**14),
                            net.random_inputs(K // 3, seed=seed + 3, bound=2**18)])
    b = batch_functional_dimension(net, theta, Z, on_nonsmooth="drop", exact=exact, float_check=False)
    proved = b.rank == net.dimension_bound
    out = _arch(net)
    out.update(input_dim=net.widths[0], batch_fd=b.rank, points=b.n_points, no_hidden_symmetries=True if proved else None,
               gap=net.dimension_bound - b.rank, method=b.method)
    ev = b.evidence.with_(certified=proved, seed=seed,
                          proves="no hidden symmetries (batch FD reaches D')" if proved
                          else f"functional dimension >= {b.rank} (hidden symmetries not excluded)")
    return ReluResult(out, ev)


def hidden_symmetry_specs(input_dims=(2, 3, 4), widths=(5, 10, 15), depths=(3, 4, 5, 6), outputs: int = 1) -> list:
    """The specs ``relu n0-w-...-w-outputs`` (depth = number of hidden layers).

    Examples
    --------
    >>> hidden_symmetry_specs((2,), (5,), (3,))
    ['relu 2-5-5-5-1']
    """
    return [f"relu {n0}-" + "-".join([str(w)] * d) + f"-{outputs}" for n0 in input_dims for w in widths for d in depths]


def glr_specs(widths=(5, 10, 15), depths=(4, 5, 6)) -> list:
    """Grigsby-Lindsey-Rolnick's architectures: input and hidden widths n, depth d (d - 1 hidden layers), 1 output.

    Examples
    --------
    >>> glr_specs((5,), (4,))
    ['relu 5-5-5-5-1']
    """
    return [f"relu {n}-" + "-".join([str(n)] * (d - 1)) + "-1" for n in widths for d in depths]


def hidden_symmetry_fractions(rows) -> dict:
    """{(input_dim, width, depth): (fraction proved free, networks)} from result rows (dicts).

    Examples
    --------
    >>> rows = [{"input_dim": 2, "width": 5, "depth": 3, "no_hidden_symmetries": v} for v in (True, None, True, True)]
    >>> hidden_symmetry_fractions(rows)                  # 3 of 4 proved free
    {(2, 5, 3): (0.75, 4)}
    """
    acc = {}
    for r in rows:
        k = (r["input_dim"] if "input_dim" in r else r["widths"][0], r["width"], r["depth"])
        a = acc.setdefault(k, [0, 0])
        a[0] += bool(r.get("no_hidden_symmetries"))
        a[1] += 1
    return {k: (v[0] / v[1], v[1]) for k, v in acc.items()}


def hidden_symmetry_gaps(rows) -> dict:
    """{(input_dim, width, depth): mean of (D' - batch FD) / D'} from result rows: how far below the bound.

    Examples
    --------
    >>> hidden_symmetry_gaps([{"input_dim": 2, "width": 5, "depth": 3, "batch_fd": 60, "bound": 66},
    ...                       {"input_dim": 2, "width": 5, "depth": 3, "batch_fd": 66, "bound": 66}])
    {(2, 5, 3): 0.045454545454545456}
    """
    acc = {}
    for r in rows:
        k = (r["input_dim"] if "input_dim" in r else r["widths"][0], r["width"], r["depth"])
        acc.setdefault(k, []).append((r["bound"] - r["batch_fd"]) / r["bound"])
    return {k: float(np.mean(v)) for k, v in acc.items()}


def _load_rows(rows_or_db):
    if isinstance(rows_or_db, str) or hasattr(rows_or_db, "__fspath__"):
        from algnet.sweep import load_results

        return [r for r in load_results(rows_or_db) if r.get("analysis", "hidden_symmetries") == "hidden_symmetries"]
    return rows_or_db


def plot_hidden_symmetries(rows_or_db, path=None):
    """Fraction of networks proved free of hidden symmetries (top) and mean relative gap (D' - batch FD) / D'
    (bottom) against the width, one curve per number of hidden layers, one column per input dimension (a single
    column when the input dimension equals the width, as in Grigsby-Lindsey-Rolnick's protocol).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> rows = [{"input_dim": 2, "width": w, "depth": 3, "batch_fd": fd, "bound": 66, "no_hidden_symmetries": fd == 66}
    ...         for w, fd in ((5, 66), (5, 60), (10, 66))]
    >>> fig = plot_hidden_symmetries(rows)
    >>> [len(ax.lines[0].get_xdata()) for ax in fig.axes]      # widths 5 and 10, in both panels
    [2, 2]
    >>> fig.axes[0].lines[0].get_ydata().tolist()             # 1 of 2 proved free at width 5, 1 of 1 at 10
    [0.5, 1.0]
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    rows = _load_rows(rows_or_db)
    fr = hidden_symmetry_fractions(rows)
    if not fr:
        raise ParameterError("no hidden-symmetry results", hint="algnet sweep hidden_symmetries --spec ... --db FILE")
    gaps = hidden_symmetry_gaps(rows)
    tied = all(k[0] == k[1] for k in fr)                       # input dimension = width
    dims = [None] if tied else sorted({k[0] for k in fr})
    fig, axes = plt.subplots(2, len(dims), figsize=(4.2 * len(dims), 6.4), squeeze=False, sharex=True)
    for j, n0 in enumerate(dims):
        keys = [k for k in fr if tied or k[0] == n0]
        for d in sorted({k[2] for k in keys}):
            ks = sorted((k for k in keys if k[2] == d), key=lambda k: k[1])
            n = min(fr[k][1] for k in ks)
            ws = [k[1] for k in ks]
            axes[0][j].plot(ws, [fr[k][0] for k in ks], "o-", label=f"{d} hidden layers (>= {n} nets)")
            axes[1][j].plot(ws, [gaps[k] for k in ks], "o-", label=f"{d} hidden layers")
        axes[0][j].set_title("input dimension = width" if tied else f"input dimension {n0}", fontsize=9)
        axes[0][j].set_ylim(-0.02, 1.02)
        axes[0][j].legend(fontsize=7)
        axes[1][j].set_ylim(bottom=0)
        axes[1][j].set_xlabel("width")
    axes[0][0].set_ylabel("fraction proved without hidden symmetries")
    axes[1][0].set_ylabel("mean (D' - batch FD) / D'")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
