"""Pictures of feature configurations (matplotlib, front-end layer).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from algnet.superposition.polytopes import regular_polygon
>>> fig = plot_features(regular_polygon(5))
>>> len(fig.axes)
1
"""

from __future__ import annotations

import numpy as np

from algnet.superposition.geometry import as_weight_matrix, direct_sum_decomposition

__all__ = ["plot_features"]


def plot_features(W, decomposition=None, title: str | None = None, ax=None):
    """Draw the feature vectors coloured by direct-sum summand.

    m = 2: arrows in the plane; m = 3: arrows in 3-D; m > 3: the Gram
    matrix WᵀW with features ordered by summand (blocks = summands).

    Parameters
    ----------
    W : array_like or ToyModel
        (m, n) weights, columns = features.
    decomposition : DirectSumDecomposition, optional
        Default: :func:`direct_sum_decomposition` of W.
    title : str, optional
    ax : matplotlib Axes, optional
        Draw into this axes (2-D pictures and Gram matrices only).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = plot_features(np.eye(4)[:, [0, 1, 1, 2, 3]])   # m = 4: Gram matrix picture
    >>> fig.axes[0].get_title()
    '5 features in 4 dimensions'
    """
    import matplotlib.pyplot as plt

    A = np.asarray(as_weight_matrix(W, exact=False))
    dec = decomposition or direct_sum_decomposition(A)
    m, n = A.shape
    colour = {}
    cmap = plt.get_cmap("tab10")
    for k, s in enumerate(dec.summands):
        for i in s:
            colour[i] = cmap(k % 10)
    grey = (0.6, 0.6, 0.6, 1.0)
    if m == 3 and ax is None:
        fig = plt.figure(figsize=(5, 5))
        ax = fig.add_subplot(projection="3d")
        for i in range(n):
            x, y, z = A[:, i]
            ax.quiver(0, 0, 0, x, y, z, color=colour.get(i, grey), arrow_length_ratio=0.1)
            ax.text(x * 1.1, y * 1.1, z * 1.1, str(i))
        lim = max(np.abs(A).max(), 1e-9) * 1.2
        ax.set_xlim(-lim, lim), ax.set_ylim(-lim, lim), ax.set_zlim(-lim, lim)
    else:
        if ax is None:
            fig, ax = plt.subplots(figsize=(5, 5))
        else:
            fig = ax.figure
        if m <= 2:
            P = A if m == 2 else np.vstack([A, np.zeros(n)])
            lim = max(np.abs(P).max(), 1e-9) * 1.25
            for i in range(n):
                ax.annotate("", xy=(P[0, i], P[1, i]), xytext=(0, 0),
                            arrowprops=dict(arrowstyle="->", color=colour.get(i, grey), lw=2))
                ax.text(P[0, i] * 1.1, P[1, i] * 1.1, str(i), ha="center", va="center")
            ax.set_xlim(-lim, lim)
            ax.set_ylim(-lim, lim)
            ax.set_aspect("equal")
            ax.axhline(0, color="0.85", lw=0.5)
            ax.axvline(0, color="0.85", lw=0.5)
        else:
            order = [i for s in dec.summands for i in s] + list(dec.unrepresented)
            G = A[:, order].T @ A[:, order]
            v = max(np.abs(G).max(), 1e-9)
            im = ax.imshow(G, cmap="RdBu_r", vmin=-v, vmax=v)
            ax.set_xticks(range(len(order)), [str(i) for i in order])
            ax.set_yticks(range(len(order)), [str(i) for i in order])
            fig.colorbar(im, ax=ax, shrink=0.8, label="w_i · w_j")
    ax.set_title(title or f"{n} features in {m} dimensions")
    return fig
