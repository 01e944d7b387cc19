"""Pictures of a partition: regions coloured, the decision boundary, data points of the slice.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> part = linear_regions(parse_spec("relu 2-3-1"), parse_spec("relu 2-3-1").random_params(seed=0), plane=True)
>>> ax = part.plot()
>>> "whole plane" in ax.get_title()
True
>>> import matplotlib.pyplot as plt
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.relu.geometry import clip_to_box

__all__ = ["plot_partition", "default_view"]

def default_view(part):
    """The box; for the whole plane a window around the central 90% of the vertices
    (far-away crossings of nearly parallel lines would otherwise shrink every bounded region to a dot),
    or of half-width 1 around the only vertex.

    Examples
    --------
    The lines x = 0, y = 0 and x + y = 2 cross at (0, 0), (2, 0) and (0, 2): the window is
    their bounding square [0, 2]^2 widened by 30% about its centre (1, 1):

    >>> from algnet.relu.constructions import arrangement_network
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(*arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, -2)]), plane=True)
    >>> [round(float(x), 6) for x in default_view(part)]
    [-0.3, 2.3, -0.3, 2.3]
    >>> default_view(linear_regions(*arrangement_network([(1, 0, 0)]), box=(0, 1, 0, 2)))
    (0.0, 1.0, 0.0, 2.0)

    Three lines through (2, 2) have no other vertex: a window of half-width 1 around it:

    >>> default_view(linear_regions(*arrangement_network([(1, 1, -4), (1, -1, 0), (1, 0, -2)]), plane=True))
    (1.0, 3.0, 1.0, 3.0)

    Parallel lines x = 5 and x = 7 have no vertex: the window is around the points the regions keep on them:

    >>> [round(float(x), 6) for x in default_view(linear_regions(*arrangement_network([(1, 0, -5), (1, 0, -7)]),
    ...                                                          plane=True))]
    [4.7, 7.3, -1.3, 1.3]
    """
    if part.box is not None:
        return tuple(float(x) for x in part.box)
    # no vertex (parallel lines): the finite points of the regions' outlines, which lie on the lines
    verts = part.distinct_vertices() or {v for r in part.regions for v in r.verts if v[2] != 0}
    pts = np.array([(float(Fraction(v[0], v[2])), float(Fraction(v[1], v[2]))) for v in verts])
    if pts.size == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    lo = np.quantile(pts, 0.05, axis=0) if len(pts) > 20 else pts.min(axis=0)
    hi = np.quantile(pts, 0.95, axis=0) if len(pts) > 20 else pts.max(axis=0)
    w = float((hi - lo).max())
    c = (hi + lo) / 2
    # one point (every line through one vertex, or a single line): a window of half-width 1 around it
    h = 0.5 * w * 1.3 if w > 0 else 1.0
    return (float(c[0] - h), float(c[0] + h), float(c[1] - h), float(c[1] + h))


def _colours(part, polys_idx, color_by, seed):
    rng = np.random.default_rng(seed)
    if color_by == "class":
        import matplotlib

        cmap = matplotlib.colormaps["tab10"]
        out = []
        for i in polys_idx:
            r = part.regions[i]
            P = r.interior_points(1)[0]
            vals = [(a * P[0] + b * P[1] + c) for a, b, c in r.out_num]
            k = (int(vals[0] > 0) if len(vals) == 1 else int(np.argmax([float(v) for v in vals])))
            base = np.array(cmap(k % 10)[:3])
            out.append(0.55 * base + 0.45 * rng.uniform(0.6, 1.0, 3))
        return np.array(out).reshape(-1, 3)
    return rng.uniform(0.35, 0.95, size=(len(polys_idx), 3))


def plot_partition(part, ax=None, view=None, boundary=True, seed=0, edgecolor="k", linewidth=0.3, points=None,
                   color_by="random"):
    """Draw a :class:`~algnet.relu.partition.RegionPartition` (see its ``plot`` method).

    Examples
    --------
    relu(x) + relu(y) - 1 on [-2, 2]^2: one polygon per region, its zero set drawn as 3 segments:

    >>> import matplotlib.pyplot as plt
    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, -1], box=(-2, 2, -2, 2))
    >>> ax = plot_partition(part)
    >>> len(ax.collections[0].get_paths()), len(ax.lines), ax.get_title()
    (4, 3, 'relu 2-2-1: 4 regions on the box [-2, 2] x [-2, 2]')
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    if color_by not in ("random", "class"):
        from algnet.errors import ParameterError

        raise ParameterError(f"color_by={color_by!r}", hint="'random' or 'class'")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    view = tuple(float(x) for x in (view or default_view(part)))
    fview = tuple(Fraction(x) for x in view)
    polys, idx = [], []
    for i, r in enumerate(part.regions):
        P = r.polygon()
        if not r.bounded or part.box is None:
            P = clip_to_box(P, fview)
            if P is None:
                continue
        polys.append([(float(Fraction(v[0], v[2])), float(Fraction(v[1], v[2]))) for v in P.verts])
        idx.append(i)
    cols = _colours(part, idx, color_by, seed)
    ax.add_collection(PolyCollection(polys, facecolors=cols, edgecolors=edgecolor, linewidths=linewidth))
    if boundary and part.regions:
        db = part.decision_boundary()
        big = 10 * max(abs(x) for x in view) + 10
        for (p, q), _ in db.segments:
            xy = []
            for a, b in ((p, q), (q, p)):
                if a[0] == "inf":
                    d = np.array(a[1], dtype=float)
                    d /= np.abs(d).max()
                    xy.append(np.array([float(b[0]), float(b[1])]) + big * d if b[0] != "inf" else big * d)
                else:
                    xy.append(np.array([float(a[0]), float(a[1])]))
            ax.plot([xy[0][0], xy[1][0]], [xy[0][1], xy[1][1]], color="k", lw=2)
    marks = [((float(u), float(v)), lab) for (u, v), lab in part.slice.marks]
    marks += [((float(u), float(v)), "") for u, v in (points if points is not None else [])]
    if marks:
        ax.scatter([m[0][0] for m in marks], [m[0][1] for m in marks], s=30, c="red", edgecolors="white", zorder=5)
        for (u, v), lab in marks:
            if lab:
                ax.annotate(lab, (u, v), textcoords="offset points", xytext=(4, 4), fontsize=8, color="darkred")
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(part.slice.labels[0])
    ax.set_ylabel(part.slice.labels[1])
    where = "" if part.slice.describe() == "input plane (x0, x1)" else f"\nof the {part.slice.describe()}"
    ax.set_title(f"{part.spec}: {part.count} regions on the {part.domain_text()}{where}", fontsize=9)
    return ax
