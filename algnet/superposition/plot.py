"""Pictures of feature configurations (matplotlib, front-end layer).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from algnet.superposition.polytopes import regular_polygon
>>> fig = plot_features(regular_polygon(5))
>>> len(fig.axes)
1
>>> import matplotlib.pyplot as plt
>>> plt.close(fig)
"""

from __future__ import annotations

import numpy as np

from algnet.superposition.geometry import as_weight_matrix, direct_sum_decomposition

__all__ = ["plot_features", "plot_trajectory", "animate_trajectory", "check_figure_path"]

#: file endings matplotlib writes pictures to (checked before any computation)
PICTURE_TYPES = (".png", ".pdf", ".svg", ".jpg", ".jpeg")
#: file endings of animations
ANIMATION_TYPES = (".gif", ".mp4")


def check_figure_path(path, kinds=PICTURE_TYPES, option: str = "--plot") -> str:
    """Check, before computing, that ``path`` has a known ending and a writable existing directory.

    Raises :class:`~algnet.errors.ParameterError` with a CLI hint otherwise.

    Examples
    --------
    >>> check_figure_path("x.png")
    'x.png'
    >>> check_figure_path("x.xyz")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: cannot write 'x.xyz': unknown file type '.xyz'
      hint: --plot FILE with FILE ending in .png, .pdf, .svg, .jpg, .jpeg
    """
    import os

    from algnet.errors import ParameterError

    ext = os.path.splitext(str(path))[1].lower()
    if ext not in kinds:
        raise ParameterError(f"cannot write {str(path)!r}: unknown file type {ext!r}",
                             hint=f"{option} FILE with FILE ending in " + ", ".join(kinds))
    d = os.path.dirname(os.path.abspath(str(path)))
    if not os.path.isdir(d) or not os.access(d, os.W_OK):
        raise ParameterError(f"cannot write {str(path)!r}: directory {d!r} does not exist or is not writable",
                             hint=f"{option} FILE in an existing writable directory")
    return str(path)


def _equal_3d(ax, lim):
    """Equal scales on the three axes of a 3-D plot (cube of half-width ``lim``)."""
    ax.set_xlim(-lim, lim), ax.set_ylim(-lim, lim), ax.set_zlim(-lim, lim)
    ax.set_box_aspect((1, 1, 1))


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
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
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
        _equal_3d(ax, max(np.abs(A).max(), 1e-9) * 1.2)
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


def _trajectory_coordinates(traj):
    """(T, d, n) coordinates with d = min(m, 3): for m > 3 the projection onto the final W's top 3 directions."""
    Ws = np.asarray(traj.W, float)
    if Ws.shape[1] <= 3:
        return Ws
    U = np.linalg.svd(Ws[-1], full_matrices=False)[0][:, :3]
    return np.einsum("pd,tpn->tdn", U, Ws)


def _colours(traj):
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10")
    lab = np.asarray(traj.group_labels)
    return [cmap(int(g) % 10) if g >= 0 else (0.45, 0.45, 0.45, 1.0) for g in lab]


def _legend(ax, traj, colours):
    from matplotlib.lines import Line2D

    seen = {}
    for i, g in enumerate(traj.group_labels):
        if g >= 0 and g not in seen:
            seen[g] = Line2D([], [], color=colours[i], lw=2,
                             label=f"{traj.group_kinds[g] if g < len(traj.group_kinds) else 'group'} set {g}")
    if seen:
        ax.legend(handles=list(seen.values()), loc="upper right", fontsize=8)


def _top_view(W, labels):
    """Orthogonal 3 x 3 matrix whose last row is the viewing axis (mean of group 0's final vectors)."""
    idx = np.flatnonzero(labels == 0)
    axis = W[:, idx].sum(axis=1) if idx.size else np.zeros(3)
    if np.linalg.norm(axis) < 1e-9 * max(np.abs(W).max(), 1e-300):
        return np.eye(3)
    axis = axis / np.linalg.norm(axis)
    B = np.linalg.qr(np.column_stack([axis, np.eye(3)]))[0]
    T = np.vstack([B[:, 1], B[:, 2], axis])
    return T if np.linalg.det(T) > 0 else np.vstack([B[:, 2], B[:, 1], axis])


def plot_trajectory(traj, title: str | None = None):
    """Trajectories of the feature vectors' tips during training, with the final vectors as arrows.

    m = 2: one planar panel; m >= 3: a top view and a 3-D perspective with
    equal axes (for m > 3, coordinates are the projection onto the top three
    singular directions of the final W). The top view looks along the mean
    final direction of the first feature group when there is one (for two
    correlated triples forming an antiprism: along its 3-fold axis, where the
    two triangles show as a hexagram), else along the third coordinate.
    Features are coloured by their correlated / anti-correlated group.

    Parameters
    ----------
    traj : Trajectory
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from algnet.superposition import train_toy_model
    >>> t = train_toy_model(4, 3, sparsity=0.8, steps=40, seed=0, record=10).trajectory
    >>> fig = plot_trajectory(t)
    >>> len(fig.axes)
    2
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    P = _trajectory_coordinates(traj)
    T, d, n = P.shape
    col = _colours(traj)
    lim = max(np.abs(P).max(), 1e-9) * 1.15
    if d <= 2:
        fig, ax = plt.subplots(figsize=(5, 5))
        Q = P if d == 2 else np.concatenate([P, np.zeros((T, 1, n))], axis=1)
        for i in range(n):
            ax.plot(Q[:, 0, i], Q[:, 1, i], color=col[i], lw=1, alpha=0.7)
            ax.annotate("", xy=(Q[-1, 0, i], Q[-1, 1, i]), xytext=(0, 0),
                        arrowprops=dict(arrowstyle="->", color=col[i], lw=2))
            ax.text(*(Q[-1, :2, i] * 1.08), str(i), ha="center", va="center")
        ax.set_xlim(-lim, lim), ax.set_ylim(-lim, lim), ax.set_aspect("equal")
        axes = [ax]
    else:
        fig = plt.figure(figsize=(10, 5))
        ax = fig.add_subplot(1, 2, 1)
        ax3 = fig.add_subplot(1, 2, 2, projection="3d")
        T = _top_view(P[-1], np.asarray(traj.group_labels))
        Q = np.einsum("pd,tdn->tpn", T, P)
        for i in range(n):
            ax.plot(Q[:, 0, i], Q[:, 1, i], color=col[i], lw=1, alpha=0.7)
            ax.annotate("", xy=(Q[-1, 0, i], Q[-1, 1, i]), xytext=(0, 0),
                        arrowprops=dict(arrowstyle="->", color=col[i], lw=2))
            ax.text(*(Q[-1, :2, i] * 1.08), str(i), ha="center", va="center")
            ax3.plot(P[:, 0, i], P[:, 1, i], P[:, 2, i], color=col[i], lw=1, alpha=0.7)
            ax3.quiver(0, 0, 0, *P[-1, :, i], color=col[i], arrow_length_ratio=0.1)
        ax.set_xlim(-lim, lim), ax.set_ylim(-lim, lim), ax.set_aspect("equal")
        ax.set_title("top view" + (" (along the first group's mean direction)"
                                   if not np.allclose(T, np.eye(3)) else ""))
        _equal_3d(ax3, lim)
        ax3.set_title("3-D perspective")
        axes = [ax, ax3]
    _legend(axes[0], traj, col)
    fig.suptitle(title or f"feature trajectories, steps {int(traj.steps[0])}-{int(traj.steps[-1])}")
    return fig


def animate_trajectory(traj, path: str, fps: int = 8):
    """Write an animation of the feature vectors over the recorded steps (``.gif`` with Pillow, ``.mp4`` with ffmpeg).

    Parameters
    ----------
    traj : Trajectory
    path : str
        Output file, ending in .gif or .mp4 (checked before drawing).
    fps : int
        Frames (recorded steps) per second.

    Returns
    -------
    str
        The path written.

    Examples
    --------
    >>> import matplotlib, os, tempfile
    >>> matplotlib.use("Agg")
    >>> from algnet.superposition import train_toy_model
    >>> t = train_toy_model(3, 2, sparsity=0.5, steps=20, seed=1, record=10).trajectory
    >>> f = animate_trajectory(t, os.path.join(tempfile.mkdtemp(), "t.gif"))
    >>> os.path.getsize(f) > 0
    True
    """
    import matplotlib.pyplot as plt
    from matplotlib import animation

    from algnet.errors import ParameterError

    check_figure_path(path, ANIMATION_TYPES, option="--trajectory")
    if str(path).lower().endswith(".mp4"):
        if not animation.FFMpegWriter.isAvailable():
            raise ParameterError("writing .mp4 needs ffmpeg, which is not installed",
                                 hint="write a .gif instead (--trajectory FILE.gif) or install ffmpeg")
        writer = animation.FFMpegWriter(fps=fps)
    else:
        writer = animation.PillowWriter(fps=fps)
    P = _trajectory_coordinates(traj)
    T, d, n = P.shape
    col = _colours(traj)
    lim = max(np.abs(P).max(), 1e-9) * 1.15
    fig = plt.figure(figsize=(5, 5))
    ax = fig.add_subplot(projection="3d") if d == 3 else fig.add_subplot()

    def frame(k):
        ax.cla()
        if d == 3:
            for i in range(n):
                ax.plot(P[:k + 1, 0, i], P[:k + 1, 1, i], P[:k + 1, 2, i], color=col[i], lw=0.8, alpha=0.6)
                ax.quiver(0, 0, 0, *P[k, :, i], color=col[i], arrow_length_ratio=0.1)
            _equal_3d(ax, lim)
        else:
            Q = P if d == 2 else np.concatenate([P, np.zeros((T, 1, n))], axis=1)
            for i in range(n):
                ax.plot(Q[:k + 1, 0, i], Q[:k + 1, 1, i], color=col[i], lw=0.8, alpha=0.6)
                ax.annotate("", xy=(Q[k, 0, i], Q[k, 1, i]), xytext=(0, 0),
                            arrowprops=dict(arrowstyle="->", color=col[i], lw=2))
            ax.set_xlim(-lim, lim), ax.set_ylim(-lim, lim), ax.set_aspect("equal")
        ax.set_title(f"step {int(traj.steps[k])}")

    anim = animation.FuncAnimation(fig, frame, frames=T)
    anim.save(str(path), writer=writer)
    plt.close(fig)
    return str(path)
