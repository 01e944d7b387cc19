"""The dimension of the Voronoi cell of a point x = mu(theta) of the real neuromanifold M.

The cell of x is {u : |u - x| <= |u - y| for every y in M}: an intersection of half-spaces, so convex. Near x
it lies in x + the polar of the tangent cone of M at x. :func:`cell_dimension` decides its dimension by (1) a
Monte Carlo test for a full-dimensional cell, (2) the tangent spaces of the smooth branches through x, (3) at
other points, :func:`_singular_cell`: the polar cone of the tangent-cone directions, whose dimension bounds the
cell from above, and targets x + eps v (v in that polar cone) whose nearest point is x, which bound it from
below (the cell is convex).

Examples
--------
>>> import numpy as np
>>> _polar_dimension(np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]]))[0]   # polar of the upper half-plane: a ray
1
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError
from algnet.homotopy.tracker import whole

__all__ = ["cell_dimension"]


def cell_dimension(solver, theta, rng, probes: int = 40, eps: float = 1e-3):
    """(dimension, reasoning, hit fraction) of the Voronoi cell of x = mu(theta) (module doc).

    Parameters
    ----------
    solver : :class:`~.nearest.NearestPointSolver`
    theta : array
        Real parameters.
    rng : numpy Generator
    probes : int
        Random targets x + eps' v (|v| = 1, eps' = eps (1 + max |x|)) of the full-dimensionality test.
    eps : float

    Examples
    --------
    The quadrant (a^2, b^2) at the axis point (1, 0): the nearest point of the closed quadrant to (1, s) is
    (1, 0) for every s <= 0, and to no target off that ray, so the cell is a half-line:

    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.nearest import NearestPointSolver
    >>> net, L, rng = network_and_loss(parametrization(["a^2", "b^2"]))
    >>> cell_dimension(NearestPointSolver(net, L, rng), [1.0, 0.0], rng)[0]
    1
    """
    L = solver.loss
    th = np.asarray(theta, dtype=float).reshape(-1)
    from algnet.core.backends import Complex

    x = (L.T @ np.asarray(solver.net.evaluate(th, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)).real
    m = x.shape[0]
    scale = eps * (1 + np.max(np.abs(x)))
    V = rng.normal(size=(probes, m))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    near = solver.nearest(x + scale * V)
    valid = [r for r in near if r is not None]
    hits = sum(1 for r in valid if np.max(np.abs(r[2] - x)) <= 1e-3 * scale)
    frac = hits / max(1, len(valid))
    if hits:
        return m, (f"full-dimensional: x is the nearest point for {hits} of {len(valid)} random targets at "
                   f"distance {scale:.1e}"), frac
    # branches through x: critical points of the distance to u = x at distance 0
    tangents = []
    label, famX, X, p0 = solver.pieces[0][:4]
    from algnet.homotopy.monodromy import track_parameters

    tk = whole(track_parameters(famX, X, p0, x)) if X.shape[0] else None
    for z, ok in (zip(tk.x, tk.success) if tk is not None else ()):
        if not ok:
            continue
        y, J = famX.first_order(z[None, :])
        if np.max(np.abs(y[0] - x)) <= 1e-6 * (1 + np.max(np.abs(x))):
            s = np.linalg.svd(J[0], compute_uv=False)
            if s.size and np.sum(s > 1e-7 * s[0]) == solver.dim:
                Jr = _real_branch(solver, famX.theta(z[None, :])[0], x)
                if Jr is not None:
                    tangents.append(Jr)
    if not tangents:
        dim, why = _singular_cell(solver, th, x, rng)
        return dim, why, frac
    span = np.concatenate(tangents, axis=1)
    s = np.linalg.svd(span, compute_uv=False)
    r = int(np.sum(s > 1e-7 * s[0]))
    return m - r, (f"{len(tangents)} branch point(s) of the fiber; the cell lies in the complement of the sum of "
                   f"their tangent spaces (dimension {r})"), frac


def _real_branch(solver, theta, x):
    """d mu (loss coordinates, all parameters) at a real point of the fiber of x next to the complex fiber point
    ``theta`` where d mu has full rank, or None. Only such a branch is a piece of the real neuromanifold through x
    (a smooth branch with non-real parameters only, e.g. at a boundary point of the real image, is not: the cell
    there is larger than the complement of its tangent space)."""
    from algnet.analyses.critical.realfiber import full_family, towards_real

    full = full_family(solver.net, solver.loss, np.random.default_rng(0))
    th = np.asarray(theta, dtype=np.complex128)
    if np.max(np.abs(th.imag)) > 1e-8 * (1 + np.max(np.abs(th))):
        th = towards_real(full, np.asarray(x, dtype=np.complex128), th)
        if th is None:
            return None
    J = full.first_order(np.asarray(th, dtype=np.complex128).real[None, :].astype(np.complex128))[1][0]
    s = np.linalg.svd(J, compute_uv=False)
    return J if s.size and np.sum(s > 1e-7 * s[0]) == solver.dim else None


def _image(net, L, Th):
    """Images (loss coordinates) of the real parameter vectors Th (k, n)."""
    from algnet.core.backends import Complex

    return np.stack([(L.T @ np.asarray(net.evaluate(t, L.Z, backend=Complex()), dtype=np.complex128).reshape(-1)).real
                     for t in np.atleast_2d(Th)])


def _subspace_hull(D) -> bool:
    """Whether the conic hull of the rows of D is a linear subspace: some combination with every coefficient
    >= 1 sums to zero (a linear program; then -d_i is a positive combination of the others for every i).

    Examples
    --------
    >>> import numpy as np
    >>> _subspace_hull(np.array([[1.0, 0.0], [-1.0, 1.0], [0.0, -1.0]])), _subspace_hull(np.eye(2))
    (True, False)
    """
    from scipy.optimize import linprog

    k = D.shape[0]
    r = linprog(np.ones(k), A_eq=D.T, b_eq=np.zeros(D.shape[1]), bounds=[(1.0, None)] * k, method="highs")
    return bool(r.status == 0)


def _polar_dimension(D):
    """(dimension of the polar cone {v : D v <= 0}, basis (rows) of the lineality space of the cone spanned by
    the rows of D). The lineality space is spanned by the rows d_i with -d_i in the cone (one linear program
    each); the polar cone is full-dimensional in its orthogonal complement.

    Examples
    --------
    >>> _polar_dimension(np.eye(2))[0], _polar_dimension(np.array([[1.0, 0.0], [-1.0, 0.0]]))[0]
    (2, 1)
    """
    from scipy.optimize import linprog

    D = np.asarray(D, dtype=float)
    m = D.shape[1]
    lin = []
    for i in range(D.shape[0]):
        r = linprog(np.zeros(D.shape[0]), A_eq=D.T, b_eq=-D[i], bounds=[(0.0, None)] * D.shape[0], method="highs")
        if r.status == 0:
            lin.append(D[i])
    if not lin:
        return m, np.zeros((0, m))
    L = np.array(lin)
    _, s, vt = np.linalg.svd(L)
    r = int(np.sum(s > 1e-9 * s[0])) if s.size and s[0] > 0 else 0
    return m - r, vt[:r]


def _witnessed_polar(solver, D, R, x, rng, count: int = 0, eps: float = 1e-3):
    """(upper, lower, witnesses): the dimension of the polar cone P of the directions D (rows, coordinates R y),
    an upper bound of the cell's dimension when P contains the cell minus x; and the dimension spanned by the
    targets x + eps' v (v in P, eps' = eps (1 + max |x|)) whose nearest point is x, a lower bound (x and those
    targets lie in the convex cell). v is the projection of a random vector on P (Moreau: w minus its
    projection on the cone of the rows of D, by non-negative least squares)."""
    from scipy.optimize import nnls

    upper, _ = _polar_dimension(D)
    m = D.shape[1]
    if upper == 0:
        return 0, 0, 0
    count = count or 2 * m + 4
    V = []
    for _ in range(count):
        w = rng.normal(size=m)
        lam = nnls(D.T, w)[0] if D.shape[0] else np.zeros(0)
        v = w - D.T @ lam
        if np.linalg.norm(v) > 1e-9 * np.linalg.norm(w):
            V.append(v / np.linalg.norm(v))
    if not V:
        return upper, 0, 0
    scale = eps * (1 + np.max(np.abs(x)))
    V = np.array(V)
    U = x[None, :] + scale * np.linalg.solve(R, V.T).T        # back to loss coordinates
    near = solver.nearest(U)
    hits = [v for v, r in zip(V, near) if r is not None and np.max(np.abs(r[2] - x)) <= 1e-3 * scale]
    if not hits:
        return upper, 0, 0
    s = np.linalg.svd(np.array(hits), compute_uv=False)
    return upper, int(np.sum(s > 1e-6 * s[0])), len(hits)


def _homogeneous(net, L, rng) -> bool:
    """Whether mu(t theta) = t^d mu(theta) for one integer d >= 1 at random real theta, t (then the real
    neuromanifold is a cone: closed under positive scaling)."""
    th = rng.normal(size=(3, net.n_params))
    t = 1.7
    y, yt = _image(net, L, th), _image(net, L, t * th)
    scale = np.max(np.abs(y))
    if scale == 0:
        return False
    for d in range(1, 16):
        if np.max(np.abs(yt - t ** d * y)) <= 1e-9 * t ** d * scale:
            return True
    return False


def _tangent_cone_directions(net, L, theta, x, rng, k: int):
    """Directions of the tangent cone of M at x = mu(theta) (rows, loss coordinates): d mu(theta) w for random w
    (exact: derivatives of curves through x, both signs), and the secants mu(theta + delta w) - x for w in the
    kernel of d mu(theta), which tend to the second derivative along w (accurate to O(delta) = 1e-4 relative).
    d mu by central differences (step 1e-6; error ~1e-10 relative for these polynomials)."""
    n = net.n_params
    h = 1e-6 * (1 + np.max(np.abs(theta)))
    E = np.eye(n) * h
    J = (_image(net, L, theta + E) - _image(net, L, theta - E)).T / (2 * h)       # (m, n)
    U, sv, Vt = np.linalg.svd(J)
    rank = int(np.sum(sv > 1e-7 * sv[0])) if sv.size and sv[0] > 0 else 0
    D1 = (J @ rng.normal(size=(n, k))).T
    K = Vt[rank:]                                    # kernel basis of d mu (rows)
    if not K.shape[0]:
        return D1
    delta = 1e-4 * (1 + np.max(np.abs(theta)))
    W = rng.normal(size=(k, K.shape[0])) @ K
    D2 = _image(net, L, theta + delta * W) - x
    return np.concatenate([D1, D2[np.linalg.norm(D2, axis=1) > 1e-13 * (1 + np.max(np.abs(x)))]])


def _singular_cell(solver, theta, x, rng, samples: int = 0):
    """(dimension, reasoning) of the Voronoi cell of a point x = mu(theta) of M through which no smooth branch
    passes and whose cell is not full-dimensional; NotApplicableError when neither argument below decides.

    Distances are in the metric Q = R^T R of the loss; in the coordinates R y they are Euclidean. A target u is in
    the cell iff 2 <u - x, y - x> <= |y - x|^2 for every y in M.

    * **Cone point** (x = 0 and mu homogeneous, so M is closed under positive scaling): with y -> s y, s -> 0,
      the cell is exactly the polar cone {u : <u, y> <= 0 for all y in M}. Random real points y_i of M whose
      conic hull is a linear subspace S (:func:`_subspace_hull`) and whose span is the span of M (random
      samples, more than m of them) make the polar cone the orthogonal complement of S: dimension m - dim S.
      Linear 2-1-2 at the origin: the rank-one 2 x 2 matrices span R^4 and M = -M, so the cell is {0}, as
      Eckart-Young says (the nearest rank-one matrix to U != 0 is its truncation, at distance sigma_2 < |U|).
    * **Other singular points**: near x the cell lies in x + the polar of the tangent cone of M at x (divide
      the inequality by |y - x| and let y -> x). The secant directions (y - x) / |y - x| from the branches
      of the fiber at theta are tangent-cone directions up to O(delta): if their conic hull is a subspace
      spanning all m coordinates, the polar is {0} and the cell is {x} (dimension 0, as x is in its own
      cell). Otherwise the directions give only an upper bound and the function refuses.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2")
    >>> class _S: pass
    >>> s = _S(); s.net, s.loss = net, L
    >>> _singular_cell(s, np.zeros(4), np.zeros(4), rng)[0]
    0

    * **Polar cones with witnesses** (when the hull is not a subspace): the polar cone of the directions
      contains the polar cone of M (or of its tangent cone), so its dimension bounds the cell from above;
      targets x + eps v with v in it whose nearest point is x bound it from below (the cell is convex and
      contains x). Equal bounds decide (:func:`_witnessed_polar`); otherwise the function refuses with both.

    The quadrant (t^2, s^2) at its vertex: the conic hull of M is the quadrant itself, not a subspace; its polar
    cone, the opposite quadrant, is the cell (dimension 2), and targets in it land on the vertex:

    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.nearest import NearestPointSolver
    >>> net, L, rng = network_and_loss(parametrization(["t^2", "s^2"]))
    >>> _singular_cell(NearestPointSolver(net, L, rng), np.zeros(2), np.zeros(2), rng)[0]
    2

    Without a nearest-point solver (no witnesses) the bounds 0 and 2 do not meet:

    >>> s.net, s.loss = net, L
    >>> _singular_cell(s, np.zeros(2), np.zeros(2), rng)
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: ...cannot decide the Voronoi cell dimension at this singular point of M (the
    conic hull of random points of the cone M is not a linear subspace)
      hint: ...
    """
    net, L = solver.net, solver.loss
    m = x.shape[0]
    w, V = np.linalg.eigh(np.asarray(L.Q, dtype=float))
    R = np.sqrt(np.maximum(w, 0.0))[:, None] * V.T      # Q = R^T R
    k = samples or 4 * m + 8
    top = 1 + np.max(np.abs(x))
    if np.max(np.abs(x)) <= 1e-12 * top and _homogeneous(net, L, rng):
        D = _image(net, L, rng.normal(size=(k, net.n_params))) @ R.T
        D /= np.maximum(np.linalg.norm(D, axis=1, keepdims=True), 1e-300)
        if _subspace_hull(D):
            s = np.linalg.svd(D, compute_uv=False)
            r = int(np.sum(s > 1e-9 * s[0])) if s.size and s[0] > 0 else 0
            return m - r, (f"cone point: M is closed under positive scaling (mu homogeneous) and {k} random real "
                           f"points of M have a conic hull that is a linear subspace of dimension {r}, so the cell "
                           "(the polar cone of M) is its orthogonal complement")
        what = "the conic hull of random points of the cone M is not a linear subspace"
    else:
        D = _tangent_cone_directions(net, L, theta, x, rng, k) @ R.T
        D /= np.maximum(np.linalg.norm(D, axis=1, keepdims=True), 1e-300)
        s = np.linalg.svd(D, compute_uv=False) if D.shape[0] else np.zeros(0)
        r = int(np.sum(s > 1e-3 * s[0])) if s.size and s[0] > 0 else 0    # directions accurate to ~1e-4
        if r == m and _subspace_hull(D):
            return 0, (f"singular point: {D.shape[0]} tangent-cone directions of M at x (d mu's image and second-"
                       "order secants along its kernel, at the given parameters) have a conic hull that is all of "
                       "the space, so the polar of the tangent cone, which contains the cell minus x, is {0}")
        what = (f"the tangent-cone directions found at the given parameters span {r} of {m} coordinates"
                + ("" if r < m else " but their conic hull is not a subspace"))
    if hasattr(solver, "nearest"):
        upper, lo, n_w = _witnessed_polar(solver, D, R, x, rng)
        if lo == upper:
            where = "the cone M (the cell is exactly its polar cone)" if what.startswith("the conic hull") else \
                "M at x (the polar of the tangent cone contains the cell minus x)"
            return upper, (f"the polar cone of {D.shape[0]} directions of {where} has dimension {upper}; "
                           f"{n_w} targets x + eps v, v in that polar cone, have x as nearest point and span "
                           f"{lo} dimensions (the cell is convex)")
        what += f"; the cell dimension is between {lo} and {upper}"
    raise NotApplicableError(
        f"{net.spec}: cannot decide the Voronoi cell dimension at this singular point of M ({what})",
        hint="measure a smooth point (point=... with a full-rank Jacobian) or a stratum's generic point "
             "(stratum=...); at a singular point the Monte Carlo estimate of the landing probabilities "
             "(samples=N without point) still applies")


def span_note(solver, rng, dim: int, samples: int | None = None) -> str:
    """A sentence on the linear span of M when it is smaller than the ambient space (else ""): its dimension s,
    the coordinates that vanish on M, and the dimension of the Voronoi cell ``dim`` inside the span. Every target
    u = u' + w with u' in the span and w orthogonal to it (for the loss's metric) has the nearest points of u', so a
    cell is (its part in the span) + (the orthogonal complement): its dimension in the span is dim - (m - s).
    The span is that of the images of random real weights (numerical rank).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.nearest import NearestPointSolver
    >>> net, L, rng = network_and_loss(parametrization(["a*b", "0*a", "a^2"]))
    >>> span_note(NearestPointSolver(net, L, rng), rng, 1)
    'M spans 2 of the 3 dimensions (y1 vanishes on M): in that span the cell has dimension 0'
    """
    L, m = solver.loss, solver.loss.m
    full = solver._full(solver.net)
    k = samples or 2 * m + 4
    Y = full.image(rng.normal(size=(k, solver.net.n_params)).astype(np.complex128)).real
    sv = np.linalg.svd(Y, compute_uv=False)
    s = int(np.sum(sv > 1e-9 * max(float(sv[0]), 1e-300))) if sv.size else 0
    if s >= m:
        return ""
    zero = np.where(np.max(np.abs(Y), axis=0) <= 1e-12 * max(float(np.max(np.abs(Y))), 1e-300))[0]
    names = None
    if L.coordinates == "coefficients":
        try:
            names = solver.net.coordinate_names()
        except (AttributeError, NotImplementedError, TypeError):
            names = None
    if names is None or len(names) != m:
        names = [f"coordinate {j + 1}" for j in range(m)]
    which = ""
    if zero.shape[0]:
        which = " (" + ", ".join(names[j] for j in zero) + (" vanish" if zero.shape[0] > 1 else " vanishes") + \
            " on M)"
    return f"M spans {s} of the {m} dimensions{which}: in that span the cell has dimension {dim - (m - s)}"
