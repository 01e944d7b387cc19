"""A failed path of a metric homotopy tried again in another chart; paths at infinity judged in function space.

The gradient system lives on a slice theta = c0 + N phi of parameter space, a chart of the fibers of mu. Along a
parameter homotopy the critical point moves in function space, and its slice representative can run into a
part of the slice where the slice meets the fiber badly: on dense 3-1-1-1 r=2 (y = w3 w2^2 (a . x)^4) a path of
the metric homotopy to the Bombieri-Weyl metric kept |y| ~ 10^3 while its representative drifted to w3 -> 0
(a ~ 17, w2 ~ 9: the fiber met the slice near its rank-drop locus {w3 = 0}), d mu along the slice fell to rank 1
and the tracker failed at interior t; smaller steps failed the same way (4 of 79 paths, seed 0). The image path
does not depend on the chart, so tracking the same start *image* along the same metric path on another random
slice (:func:`other_chart`, a slice through the start point) ends where the first chart would have: the
accounting of the coefficient-parameter theorem (one path per start, all along one parameter path) is kept.
An endpoint found there is carried back to the first slice by the witness homotopy of :mod:`.multiplicity`
(:func:`_carried_back`). The same rescue serves the paths to a real target (:func:`_target_rescue`, called by
:func:`~.paths._to_target` for paths lost on their own chart after the detours through random targets): on dense
3-1-1-1 r=2 (generic metric, seed 2) one of 79 points could be lost on the way to the target on each of three
slices (paths "singular" at t = 1 or "failed" at t ~ 0.994 with |phi| up to 118 while the image stayed below 13).

Where a path does not end, it is *at infinity* when its image, not its representative, diverges
(:func:`at_infinity`): a representative can diverge while the image stays finite.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> g = chart_through(fam, fam.theta(np.ones((1, 3)))[0], np.random.default_rng(0))
>>> bool(np.allclose(g.image(np.zeros((1, 3))), fam.image(np.ones((1, 3)))))     # phi = 0 is the start point
True
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.tracker import whole

__all__ = ["chart_through", "low_degree_family", "at_infinity", "other_chart", "INFINITY_DECADES", "GROWTH"]

#: t = 1 - 10^-k, k = 2..INFINITY_DECADES, at which a path that did not end is looked at (:func:`at_infinity`).
#: Slow divergence needs the deep decades: on dense 3-1-1-1 r=2 (Bombieri-Weyl) the representatives' norms grew
#: with per-decade log-slopes 0.50, 0.23, 0.17, 0.16 (the Puiseux exponent, about 1/6, only from 1e-4 on).
INFINITY_DECADES = 8

#: Least ratio of successive steps |y(t_k+1) - y(t_k)| of the image, one decade apart, for a diverging path: a
#: converging Puiseux branch of winding number c has ratios near 10^(-1/c) < 1, a diverging one near 10^a > 1.
GROWTH = 1.1


def chart_through(fam, theta, rng):
    """A :class:`~.system.GradientFamily` like ``fam`` on another random slice through the parameter point
    ``theta`` (phi = 0 is theta); its random draws come from ``rng``.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2")
    >>> g = chart_through(fam, np.array([1.0, 2.0, 3.0, 4.0]), np.random.default_rng(1))
    >>> np.round(g.theta(np.zeros((1, g.n_vars))).real, 12).tolist(), g.n_vars == fam.n_vars
    ([[1.0, 2.0, 3.0, 4.0]], True)
    """
    from algnet.analyses.critical.system import GradientFamily, random_slice

    N, _ = random_slice(fam.net.n_params, fam.n_vars, rng)
    g = GradientFamily(fam.net, fam.loss, (), (), rng, N=N, c0=np.asarray(theta, dtype=np.complex128))
    g.gauge_note, g.dimension = getattr(fam, "gauge_note", ""), getattr(fam, "dimension", fam.n_vars)
    return g


def low_degree_gauge(net, dim: int, rng):
    """The coordinates to pin for a slice of the fibers of ``net``'s map (``n_params - dim`` of them), those of least
    degree in the outputs first (:func:`~.system.coordinate_degrees`; ties in random order), each taken when the
    fiber directions (the kernel of d mu at a random point) still project onto the pinned coordinates with full
    rank, so the slice meets the generic fibers transversally; None when d mu's rank there is not ``dim`` or
    nothing is to be pinned.

    Why the least degree: a neuron's rescaling multiplies its outgoing weights by t^-d where its incoming ones are
    multiplied by t; with an outgoing weight pinned, the representative's incoming weights are determined up to
    a root of degree d, and the representatives stay balanced. Pinning incoming weights (or cutting by a random
    slice) leaves points far out along the orbits, near the rank-drop locus: on layers Linear(2,2), Power(2),
    Linear(2,2), Power(3), Linear(2,1) (generic loss, seed 1, 197 critical points) the random slice's
    representatives had Hessian condition numbers up to 4e9 (median 3e3) and norms up to 71, and 5% of the paths
    between two targets ran to 300 steps; pinned the least-degree coordinates (the two output weights and two of
    the middle layer) the norms stay below 39 and one monodromy run on it passed its trace test.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 2-1-1 r=3")           # y = w (a x0 + b x1)^3: the weight w, of degree 1, is pinned
    >>> low_degree_gauge(net, 2, np.random.default_rng(0))
    (2,)
    """
    from algnet.analyses.critical.system import coordinate_degrees
    from algnet.core.backends import Complex

    n = net.n_params
    e = n - dim
    if e <= 0:
        return None
    deg = np.asarray(coordinate_degrees(net))
    Zc = rng.normal(size=(net.monomial_count() + 2,) + tuple(net.input_shape))
    th = rng.normal(size=n) + 1j * rng.normal(size=n)
    J = net.jacobian(th, Zc, backend=Complex())
    _, sv, Vh = np.linalg.svd(J, full_matrices=J.shape[0] < n)
    if sv.shape[0] < dim or sv[dim - 1] <= 1e-8 * sv[0] or (sv.shape[0] > dim and sv[dim] > 1e-8 * sv[0]):
        return None
    K = Vh[n - e:].conj().T          # (n, e): the fiber directions
    pinned: list = []
    for i in np.lexsort((rng.random(n), deg)):
        s = np.linalg.svd(K[pinned + [int(i)]], compute_uv=False)
        if s[-1] > 1e-6 * s[0]:
            pinned.append(int(i))
            if len(pinned) == e:
                return tuple(sorted(pinned))
    return None


def low_degree_family(net, loss, rng, dim: int):
    """The :class:`~.system.GradientFamily` of ``net`` and ``loss`` on the slice that pins the coordinates of
    :func:`low_degree_gauge` to random real values of modulus at least 1/2 (as :func:`~.system.gradient_family`'s
    pinned slice draws them); None where that gauge is None.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=3")
    >>> fam = low_degree_family(net, L, rng, 2)
    >>> fam.gauge, fam.n_vars
    ((2,), 2)
    """
    from algnet.analyses.critical.system import GradientFamily

    gauge = low_degree_gauge(net, dim, rng)
    if gauge is None:
        return None
    pins = rng.normal(size=len(gauge))
    while np.any(np.abs(pins) < 0.5):
        small = np.abs(pins) < 0.5
        pins[small] = rng.normal(size=int(small.sum()))
    fam = GradientFamily(net, loss, gauge, pins, rng)
    fam.gauge_note = (f"{len(gauge)} coordinate(s) of least degree in the outputs pinned (the slice meets each generic "
                      "fiber in finitely many points; one representative per image is kept)")
    fam.dimension = dim
    return fam


def at_infinity(MG, fam, x0, P0, P1) -> bool:
    """Whether the path of ``x0`` (a point of ``MG`` over P0) from P0 to P1 has its image mu diverging as t -> 1:
    tracked to t = 1 - 10^-k, k = 2..:data:`INFINITY_DECADES` (until the tracker stops), the last three image
    norms grow and the last two ratios of successive steps are at least :data:`GROWTH` (module doc).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import gradient_family
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> from algnet.analyses.critical.special import special_metric_solve
    >>> net, L, rng = network_and_loss("dense 2-1-1 r=3", "bombieri", seed=0)
    >>> fam = gradient_family(net, L, rng, 2)
    >>> MG = MetricGradient(fam)
    >>> P = MG.parameters(fam.Q, fam.loss.u)
    >>> at_infinity(MG, fam, special_metric_solve(fam, rng)[0].solutions[0], P, P)      # a path that stays
    False
    """
    from algnet.homotopy.monodromy import track_parameters

    Y, x, prev = [], np.asarray(x0, dtype=np.complex128)[None, :], P0
    for k in range(2, INFINITY_DECADES + 1):
        pt = P1 + 10.0 ** -k * (P0 - P1)
        tk = whole(track_parameters(MG, x, prev, pt))
        if tk.status[0] != "success":
            break
        x, prev = tk.x, pt
        Y.append(fam.image(x)[0])
    if len(Y) < 4:
        return False
    Y = np.array(Y)
    norms = np.abs(Y).max(axis=1)
    steps = np.abs(np.diff(Y, axis=0)).max(axis=1)
    grow = steps[-2:] / np.maximum(steps[-3:-1], 1e-300)
    return bool(norms[-1] > norms[-2] > norms[-3] and grow.min() >= GROWTH)


def other_chart(fam, famg, x, legs, target, rng, tol: float = 1e-6):
    """The end of the path of the start point ``x`` (a slice point of ``famg``, the generic metric's family on
    the same slice as ``fam``) along the parameter path ``legs`` (P0, P1, ...) of :class:`~.warm.MetricGradient`
    (whose target is ``target``), tracked on another random slice through it (module doc): ``("finite", image)``,
    ``("infinity", None)`` or ``("failed", None)``.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> x = np.ones(3) + 0.5j
    >>> P0 = MetricGradient(fam).parameters(fam.Q, fam.image(x[None, :])[0])    # x is critical: u = mu(x)
    >>> P1 = MetricGradient(fam).parameters(fam.Q, fam.image(x[None, :])[0] * 1.1)
    >>> kind, y = other_chart(fam, fam, x, (P0, P1), P1[16:], np.random.default_rng(0))
    >>> kind, bool(np.allclose(y, fam.image(x[None, :])[0] * 1.1))              # on a cone: the point scaled
    ('finite', True)
    """
    from algnet.analyses.critical.posdim import residuals
    from algnet.analyses.critical.warm import MetricGradient
    from algnet.homotopy.monodromy import track_parameters

    g = chart_through(fam, famg.theta(np.asarray(x)[None, :])[0], rng)
    MG = MetricGradient(g)
    z = np.zeros((1, g.n_vars), dtype=np.complex128)
    for i in range(len(legs) - 1):
        tk = whole(track_parameters(MG, z, legs[i], legs[i + 1]))
        if tk.status[0] != "success":
            last = i == len(legs) - 2
            return ("infinity", None) if last and at_infinity(MG, g, z[0], legs[i], legs[i + 1]) else ("failed", None)
        z = tk.x
    if residuals(g, z, target)[0] > tol:
        return "failed", None
    return "finite", g.image(z)[0]


def _carried_back(fam, Xs, images, rng):
    """``(Xs with a slice point of fam for each image, images not carried back)``: the endpoints found on
    another chart brought to ``fam``'s slice by the witness homotopy (:func:`~.multiplicity.preimages`).

    The witness set depends on the slice only (not on the target): it is built once per family (drawn from the
    ``rng`` of the first call) and kept on ``fam`` for later calls (one a target of a
    :class:`~.nearest.NearestPointSolver` whose paths needed the rescue): on dense 3-1-1-1 r=2, generic, seed 1, two
    images a call, the second and third calls take about 0.01 s instead of 0.06-0.11 s, all carried back. In
    critical_points runs each call is usually on another family (0-2 calls, 0.1-0.3 s each): no saving there."""
    from algnet.analyses.critical.multiplicity import preimages, witness_set

    ws = getattr(fam, "_carry_witness", None)
    if ws is None or not ws.complete:
        ws = witness_set(fam, fam.n_vars, rng)
        fam._carry_witness = ws
    rows, lost = [Xs], 0
    for y in images:
        pts = preimages(ws, y)
        if pts.shape[0]:
            rows.append(pts[:1])
        else:
            lost += 1
    return np.concatenate(rows, axis=0), lost


def _target_rescue(fam, X, p0, u, rng, tol: float = 1e-6, charts: int = 3):
    """``(slice points of fam at the target u, starts still lost, paths)`` for the start points X (critical points
    of ``fam`` at the complex target p0) whose paths to u failed on ``fam``'s own chart: each tracked along p0 ->
    pm -> u (pm a random complex target) on another chart through it (:func:`other_chart`), its endpoint carried
    back to ``fam``'s slice (:func:`_carried_back`) and kept when it solves the gradient system at u there. (One
    intermediate target per chart, tried: it does not recover linear 4-2-2-5's lost point, Frobenius,
    seed 3015909246, and on linear 2-1-2 at diag(3, 1) one rescued path then jumped onto the other's endpoint. That
    point's path stalls because its representative runs out along the fiber as the image shrinks, on every chart
    through the start; :func:`~.rechart.rechart_track`, tried before this rescue, recovers it.)"""
    from algnet.analyses.critical.posdim import residuals
    from algnet.analyses.critical.warm import MetricGradient

    MG = MetricGradient(fam)
    scale = float(np.sqrt(np.mean(np.abs(p0) ** 2))) or 1.0
    pm = p0 + scale * (rng.normal(size=p0.shape) + 1j * rng.normal(size=p0.shape))
    legs = tuple(MG.parameters(fam.Q, p) for p in (p0, pm, u))
    found, keep = [], np.ones(X.shape[0], dtype=bool)
    paths = 0
    for i in range(X.shape[0]):
        for _ in range(charts):
            kind, y = other_chart(fam, fam, X[i], legs, u, rng, tol)
            paths += 2
            if kind == "finite":
                found.append((i, y))
                break
    empty = np.zeros((0, fam.n_vars), dtype=np.complex128)
    if not found:
        return empty, X, paths
    Z, _ = _carried_back(fam, empty, [y for _, y in found], rng)
    # _carried_back keeps the order of the images it carried back; match each back to its image
    Y = fam.image(Z) if Z.shape[0] else np.zeros((0, fam.loss.m), dtype=np.complex128)
    rows = []
    for i, y in found:
        hit = np.nonzero(np.abs(Y - y[None, :]).max(axis=1) <= 1e-8 * (1.0 + np.abs(y).max()))[0] if Y.shape[0] else []
        if len(hit) and residuals(fam, Z[hit[:1]], u)[0] <= tol:
            rows.append(Z[hit[0]])
            keep[i] = False
    return (np.array(rows) if rows else empty), X[keep], paths
