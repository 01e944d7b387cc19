"""Pictures of sweep results: a defect map for dimension sweeps, histograms in panels for
functional-dimension sweeps, and the main value per architecture for any other analysis.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> fig = plot_values([{"spec": "dense 2-1-1 r=2", "analysis": "degree", "degree": 2, "seed": 0}], "degree")
>>> len(fig.axes)
1
>>> import matplotlib.pyplot as plt
>>> plt.close(fig)
"""

from __future__ import annotations

from collections import defaultdict

from algnet.errors import ParameterError

__all__ = ["plot_sweep", "plot_fd", "plot_defects", "plot_values", "plot_rows"]


def _shape_and_rest(spec: str):
    """'dense 3-2-1 r=2' -> ('dense', '3-2-1', 'r=2'): the family, its first token and the options."""
    parts = spec.split()
    return parts[0], (parts[1] if len(parts) > 1 else ""), " ".join(parts[2:])


def plot_defects(summary, path: str | None = None):
    """Defect map of a dimension sweep: one panel per family and depth, the architectures
    (widths or first spec token) across, the remaining spec options (activation degrees,
    bias, ...) down; the colour and the number are the defect (expected − dimension,
    ``?`` where no expected value is known), a dot marks results that are not certified.

    Examples
    --------
    Two families of depth 2 make two panels (plus the colour bar); the numbers written are the defects.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> summary = [{"spec": "linear 2-1-2", "dimension": [3], "defect": 0, "certified": True},
    ...            {"spec": "linear 3-1-3", "dimension": [5], "defect": 0, "certified": True},
    ...            {"spec": "dense 2-2-1 r=2", "dimension": [5], "defect": 1, "certified": False}]
    >>> fig = plot_defects(summary)
    >>> len(fig.axes), sorted(t.get_text() for ax in fig.axes[:2] for t in ax.texts)
    (3, ['0', '0', '1'])
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import numpy as np

    rows = [s for s in summary if s.get("dimension")]
    if not rows:
        raise ParameterError("no dimension rows to plot", hint="run algnet sweep dimension first")
    from algnet.grids import spec_fields

    panels = defaultdict(list)
    for s in rows:
        fam, shape, rest = _shape_and_rest(s["spec"])
        panels[(fam, spec_fields(s["spec"], ["depth"])["depth"] or 0)].append((shape, rest, s))
    keys = sorted(panels)
    nx = max(len({p[0] for p in panels[k]}) for k in keys)
    heights = [1.4 + 0.3 * len({p[1] for p in panels[k]}) for k in keys]
    fig, axes = plt.subplots(len(keys), 1, figsize=(max(6.0, 0.3 * nx + 3), sum(heights) + 0.5), squeeze=False,
                             gridspec_kw={"height_ratios": heights}, layout="constrained")
    vmax = max([s["defect"] for s in rows if s.get("defect") is not None] + [1])
    for ax, key in zip(axes[:, 0], keys):
        items = panels[key]
        xs = sorted({p[0] for p in items}, key=lambda t: [int(v) if v.isdigit() else v for v in
                                                          t.replace("=", "-").replace(",", "-").split("-")])
        ys = sorted({p[1] for p in items})
        M = np.full((len(ys), len(xs)), np.nan)
        for shape, rest, s in items:
            i, j = ys.index(rest), xs.index(shape)
            d = s.get("defect")
            M[i, j] = np.nan if d is None else d
            ax.text(j, i, "?" if d is None else str(d), ha="center", va="center", fontsize=7,
                    color="white" if d is not None and d > vmax / 2 else "black")
            if not s.get("certified"):
                ax.plot(j + 0.32, i - 0.3, marker=".", color="tab:blue", markersize=4)
        cmap = plt.get_cmap("Reds").with_extremes(bad="lightgrey")
        im = ax.imshow(np.ma.masked_invalid(M), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(len(xs)), xs, rotation=90, fontsize=7)
        ax.set_yticks(range(len(ys)), [y or "(none)" for y in ys], fontsize=7)
        ax.set_title(f"{key[0]}, depth {key[1]}: defect = expected − dimension (dot: not certified)", fontsize=9)
    fig.colorbar(im, ax=list(axes[:, 0]), label="defect", shrink=0.8)
    if path:
        fig.savefig(path, dpi=130)
    return fig


def plot_fd(rows, path: str | None = None):
    """Functional-dimension sweeps: one histogram of the gap D' − FD per (depth, hidden width),
    depth down and width across (separate panels, never overlaid).

    Examples
    --------
    Depths 1, 2 by widths 2, 3: a 2 x 2 grid; the panel of depth 1 and width 2 counts two networks,
    one with gap 0 and one with gap 1; depth 2, width 3 has none and is blank.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> rows = [{"fd": 5, "bound": 5, "depth": 1, "width": 2}, {"fd": 4, "bound": 5, "depth": 1, "width": 2},
    ...         {"fd": 7, "bound": 7, "depth": 1, "width": 3}, {"fd": 9, "bound": 9, "depth": 2, "width": 2}]
    >>> fig = plot_fd(rows)
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes]
    (4, ['depth 1, width 2 (2 nets)', 'depth 1, width 3 (1 nets)', 'depth 2, width 2 (1 nets)', ''])
    >>> [int(p.get_height()) for p in fig.axes[0].patches]
    [1, 1]
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    rows = [r for r in rows if "fd" in r and "bound" in r]
    if not rows:
        raise ParameterError("no functional-dimension rows to plot", hint="run algnet sweep fd first")
    depths = sorted({r.get("depth") for r in rows})
    widths = sorted({r.get("width") for r in rows})
    fig, axes = plt.subplots(len(depths), len(widths), figsize=(2.6 * len(widths) + 1, 2.2 * len(depths) + 0.6),
                             squeeze=False, sharex=True)
    maxgap = max(r["bound"] - r["fd"] for r in rows)
    bins = [b - 0.5 for b in range(0, maxgap + 2)]
    for i, d in enumerate(depths):
        for j, w in enumerate(widths):
            ax = axes[i, j]
            gaps = [r["bound"] - r["fd"] for r in rows if r.get("depth") == d and r.get("width") == w]
            if gaps:
                ax.hist(gaps, bins=bins, color="tab:blue")
                ax.set_title(f"depth {d}, width {w} ({len(gaps)} nets)", fontsize=8)
            else:
                ax.set_axis_off()
            if i == len(depths) - 1:
                ax.set_xlabel("D' − FD")
            if j == 0:
                ax.set_ylabel("count")
    fig.suptitle("gap between the functional-dimension bound D' and the functional dimension", fontsize=10)
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=130)
    return fig


def plot_values(rows, field: str, path: str | None = None):
    """Any analysis: the values of ``field`` per architecture (a dot per seed).

    Examples
    --------
    Three rows, one dot each, at the heights of their degrees:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> rows = [{"spec": "linear 2-1-2", "analysis": "degree", "degree": 2, "seed": s} for s in (0, 1)]
    >>> rows.append({"spec": "linear 3-1-3", "analysis": "degree", "degree": 6, "seed": 0})
    >>> fig = plot_values(rows, "degree")
    >>> fig.axes[0].collections[0].get_offsets()[:, 1].tolist(), fig.axes[0].get_title()
    ([2.0, 2.0, 6.0], 'degree: degree by architecture')
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    pts = [(r["spec"], r[field]) for r in rows if isinstance(r.get(field), (int, float))
           and not isinstance(r.get(field), bool)]
    if not pts:
        raise ParameterError(f"no numeric {field!r} values to plot", hint="pick a field with --field")
    specs = sorted({p[0] for p in pts})
    fig, ax = plt.subplots(figsize=(max(5, 0.4 * len(specs) + 2), 3.6))
    ax.scatter([specs.index(s) for s, _ in pts], [v for _, v in pts], color="tab:blue", alpha=0.7)
    ax.set_xticks(range(len(specs)), specs, rotation=90, fontsize=7)
    ax.set_ylabel(field)
    ax.set_title(f"{rows[0].get('analysis', '')}: {field} by architecture", fontsize=10)
    fig.tight_layout()
    if path:
        fig.savefig(path, dpi=130)
    return fig


def _main_field(rows):
    from algnet.sweep.summary import _MAIN_KEYS

    for k in _MAIN_KEYS:
        if any(isinstance(r.get(k), (int, float)) and not isinstance(r.get(k), bool) for r in rows):
            return k
    for k, v in rows[0].items():
        if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("seed", "seconds"):
            return k
    return None


def plot_rows(db, analysis: str, path: str | None = None, field: str | None = None):
    """The picture of one analysis of a store (defect map, fd panels, or values per architecture).

    Examples
    --------
    A dimension sweep is drawn as a defect map: 2x2 matrices of rank <= 1 have the expected
    dimension 3 (defect 0).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import os, tempfile
    >>> from algnet.sweep import run_sweep
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_sweep("dimension", ["linear 2-1-2"], [0], db, show_progress=False)
    >>> fig = plot_rows(db, "dim")
    >>> [t.get_text() for t in fig.axes[0].texts], fig.axes[0].get_title().startswith("linear, depth 2")
    (['0'], True)
    >>> plt.close(fig)
    """
    from algnet.sweep.summary import load_results, summarize
    from algnet.sweep.tasks import resolve

    name = resolve(analysis).name
    rows = load_results(db, analysis=name)
    if not rows:
        raise ParameterError(f"no successful {name!r} rows in {db}", hint=f"run algnet sweep {name} first")
    if field is None and name == "dimension":
        return plot_defects(summarize(db, analysis=name), path)
    if field is None and any("fd" in r and "bound" in r for r in rows):
        return plot_fd(rows, path)
    field = field or _main_field(rows)
    if field is None:
        raise ParameterError(f"the {name!r} rows have no numeric field to plot", hint="pick one with --field")
    return plot_values(rows, field, path)


def plot_sweep(rows, path: str | None = None):
    """Functional-dimension rows as panels of histograms (kept for earlier callers; see :func:`plot_fd`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> rows = [{"fd": 5, "bound": 5, "depth": 1, "width": 2}, {"fd": 4, "bound": 5, "depth": 1, "width": 2},
    ...         {"fd": 7, "bound": 7, "depth": 1, "width": 3}, {"fd": 9, "bound": 9, "depth": 2, "width": 2}]
    >>> fig = plot_sweep(rows)
    >>> len(fig.axes), fig.axes[0].get_title()
    (4, 'depth 1, width 2 (2 nets)')
    >>> plt.close(fig)
    """
    return plot_fd(rows, path)
