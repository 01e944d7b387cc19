"""Real or not, decided on a finite fiber that is known completely.

A real critical image y = mu(theta) found with a complex theta is reached by real weights when some point of the
fiber mu^{-1}(y) is real. When the generic fiber of mu is finite (no continuous symmetry), the fiber over y can be
known completely without solving it again:

* the orbit of theta under the known finite symmetries (``net.finite_actions()``) lies in the fiber;
* every point of that orbit where d mu has full rank n is an isolated point of the fiber;
* the generic fiber has d points (d: the fiber count of :func:`~algnet.analyses.fibers.identifiability`, only when
  that count is exact), and over a normal point of the Zariski closure of M -- every smooth point is normal -- a
  fiber has at most d isolated points (Zariski's main theorem: the points isolated in their fibers form an open set
  on which mu is quasi-finite, hence factors as an open embedding into a finite map, whose fibers over a normal
  point have at most deg = d points; Mumford, *The Red Book*, III.9, or Hartshorne III.11.4 and Ex. II.3.22).

So when the orbit has d distinct isolated points and y is a smooth point of M, the orbit is every isolated point of
the fiber, and the fiber has real points among its isolated ones iff some orbit point is real. A fiber can still
have positive-dimensional components over y; their points are rank-drop points of mu (the component's tangent lies
in the kernel of d mu), and they are the candidates of the rank-drop search, not of this one: for a random target
the critical image avoids the critical values of mu (a proper closed subset by generic smoothness) with probability
one. Where nothing proves completeness (continuous symmetries, an orbit smaller than d, a fiber count that is not
exact, a point where d mu drops rank), the decision is ``None``: the caller keeps "unknown".

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.realfiber import full_family
>>> net, L, rng = network_and_loss(parse_spec("dense 2-1-1 act=0,1,0,1"))
>>> full = full_family(net, L, rng)
>>> th = np.array([0.5j, 0.3j, -2.0j])                      # purely imaginary: its fiber is {th, -th}
>>> y = full.image(th[None, :])[0]
>>> bool(np.max(np.abs(y.imag)) < 1e-12)                      # a real image
True
>>> r = decide_finite_fiber(net, full, y, th)
>>> r.status, r.note.split(":")[0]
(False, 'no real point in the finite fiber')
"""

from __future__ import annotations

import numpy as np

__all__ = ["decide_finite_fiber", "fiber_orbit", "exact_fiber_count", "finite_fiber_decision"]

#: Relative size of Im theta below which a fiber point is called real (as in :mod:`~.realfiber`).
REAL_TOL = 1e-8
#: Relative size of Im theta above which a Newton-refined fiber point is called non-real: far above the accuracy
#: of the refined point (its last Newton step and its residual are checked to be below ``1e-3`` of it).
NONREAL_TOL = 1e-5
#: Largest orbit of the known finite symmetries enumerated (a larger group: no decision).
ORBIT_LIMIT = 720
#: Wall-clock seconds of the fiber count (:func:`exact_fiber_count`), once per network.
COUNT_SECONDS = 20.0

_COUNTS: dict = {}


def exact_fiber_count(net, seed: int = 0):
    """``(d, how)``: the number of points of a generic fiber of mu when it is known exactly, else ``(None, why)``.

    Only an exact count is used (the count of :func:`~algnet.analyses.fibers.identifiability`, route "auto",
    within :data:`COUNT_SECONDS`): a Groebner basis over QQ of the fiber equations at a random point, or Groebner
    bases over two primes that agree with the monodromy count; for networks without continuous symmetries. Cached per
    network (its spec, size and zero pattern).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> exact_fiber_count(parse_spec("dense 2-1-1 act=0,1,0,1"))[0]     # (a, w) and (-a, -w)
    2
    """
    spec = getattr(net, "spec", None)
    key = None if spec is None else (type(net).__name__, spec, net.n_params, getattr(net, "zero", None),
                                      getattr(getattr(net, "parent", None), "spec", None))
    if key is not None and key in _COUNTS:
        return _COUNTS[key]
    from algnet.analyses.fibers import identifiability
    from algnet.errors import AlgnetError

    try:
        r = identifiability(net, seed=seed, method="auto", max_seconds=COUNT_SECONDS)
    except AlgnetError as e:
        out = (None, f"the generic fiber was not counted exactly ({e})")
    else:
        ok = not getattr(r, "partial", False) and r.fiber_dimension == 0 and r.symmetry_dimension == 0
        modular = (r.modular_count is not None and r.modular_count == r.fiber_count and len(r.modular_primes) >= 2)
        if ok and r.fiber_count is not None and (r.count_certified or modular):
            how = ("a Groebner basis over QQ" if r.count_certified else
                   f"Groebner bases over GF(p) for the primes {', '.join(map(str, r.modular_primes))}, exact unless "
                   "every prime is unlucky")
            out = (int(r.fiber_count), f"generic fiber of {r.fiber_count} points ({how}, at a random point: generic "
                                       "with probability one)")
        else:
            out = (None, f"the generic fiber count is not exact ({r.count_method})")
    if key is not None:
        _COUNTS[key] = out
    return out


def _newton(full, y, theta, iterations: int = 30):
    """Complex Gauss-Newton (minimum-norm steps) on mu(theta) = y: (point, last step size, residual)."""
    th = np.asarray(theta, dtype=np.complex128).copy()
    step = np.inf
    for _ in range(iterations):
        Y, J = full.first_order(th[None, :])
        d = np.linalg.lstsq(J[0], Y[0] - y, rcond=1e-12)[0]
        th = th - d
        step = float(np.linalg.norm(d))
        if not np.all(np.isfinite(th)) or step <= 1e-15 * (1 + np.linalg.norm(th)):
            break
    res = float(np.max(np.abs(full.image(th[None, :])[0] - y)))
    return th, step, res


def fiber_orbit(net, theta, limit: int = 720):
    """The orbit of ``theta`` (complex, flat) under the group generated by ``net.finite_actions()`` (rows, distinct
    up to a relative 1e-8); ``None`` past ``limit`` points.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> fiber_orbit(parse_spec("dense 2-1-1 act=0,1,0,1"), np.array([1.0, 2.0, 3.0])).real.tolist()
    [[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]]
    """
    acts = net.finite_actions() if hasattr(net, "finite_actions") else []
    pts = [np.asarray(theta, dtype=np.complex128).reshape(-1)]
    scale = 1.0 + float(np.max(np.abs(pts[0])))
    todo = [pts[0]]
    while todo:
        p = todo.pop()
        for g in acts:
            q = np.asarray(g(p[None, :]), dtype=np.complex128)[0]
            if all(np.max(np.abs(q - r)) > 1e-8 * scale for r in pts):
                pts.append(q)
                todo.append(q)
                if len(pts) > limit:
                    return None
    return np.array(pts)


def decide_finite_fiber(net, full, y, theta, smooth_image: bool = True, seed: int = 0):
    """Real points of the fiber of ``y`` decided from the orbit of its point ``theta`` (module doc), or ``None``.

    Parameters
    ----------
    net : Network
    full : GradientFamily on all parameters (:func:`~.realfiber.full_family`)
    y : array
        A real point of M (loss coordinates of ``full``).
    theta : array
        A complex point of its fiber.
    smooth_image : bool
        ``y`` is a smooth point of M: the hypothesis of the bound (False: ``None``). A critical image of the
        distance to a random target is one with probability one (the critical points of the distance on M for a
        generic target avoid any proper closed subset of M, the singular locus included).

    Returns
    -------
    RealSearch or None
        ``status`` True with a real point, False (no real isolated point of the fiber; numerical: the points are
        Newton-refined and far from real), or ``None`` when completeness is not proved.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.realfiber import full_family
    >>> net, L, rng = network_and_loss(parse_spec("dense 2-1-1 act=0,1,0,1"))
    >>> full = full_family(net, L, rng)
    >>> th = np.array([0.5, 0.3, -2.0])
    >>> r = decide_finite_fiber(net, full, full.image(th[None, :])[0], -th)
    >>> r.status, sorted(np.round(np.abs(r.theta), 6).tolist())
    (True, [0.3, 0.5, 2.0])
    """
    from algnet.analyses.critical.realfiber import RealSearch

    if not smooth_image:
        return None
    n = net.n_params
    y = np.asarray(y, dtype=np.complex128).real.astype(np.complex128)
    theta = np.asarray(theta, dtype=np.complex128).reshape(-1)
    if theta.shape != (n,) or not np.all(np.isfinite(theta)):
        return None
    from algnet.core.backends import Complex
    from algnet.errors import AlgnetError

    probe = np.random.default_rng(seed).normal(size=n).astype(np.complex128)
    try:
        tangents = np.asarray(net.symmetry_tangents(probe, backend=Complex()))
    except AlgnetError:         # a family whose symmetries cannot be read at a float point: nothing is proved
        return None
    if tangents.size:
        return None                                   # continuous symmetries: the fiber is not finite
    order = net.finite_symmetry_order() if hasattr(net, "finite_symmetry_order") else None
    if order is not None and order > ORBIT_LIMIT:
        return None                                   # an orbit this large is not enumerated
    orbit = fiber_orbit(net, theta, ORBIT_LIMIT)
    if orbit is None:
        return None
    d, how = exact_fiber_count(net, seed)
    if d is None or orbit.shape[0] != d:
        return None
    refined = []
    for p in orbit:
        q, step, res = _newton(full, y, p)
        J = full.first_order(q[None, :])[1][0]
        sv = np.linalg.svd(J, compute_uv=False)
        if sv.size < n or sv[n - 1] <= 1e-7 * sv[0] or res > 1e-9 * (1 + np.max(np.abs(y))):
            return None                               # not an isolated, regular point of the fiber
        refined.append((q, step, res))
    pts = np.array([q for q, _, _ in refined])
    scale = 1.0 + np.max(np.abs(pts), axis=1)
    if any(np.max(np.abs(a - b)) <= 1e-6 * max(sa, sb) for i, (a, sa) in enumerate(zip(pts, scale))
           for b, sb in zip(pts[i + 1:], scale[i + 1:])):
        return None                                   # refined points merged: not d distinct points
    im = np.max(np.abs(pts.imag), axis=1) / scale
    proof = (f"the orbit of the point under the {len(net.finite_actions())} known finite symmetry generator(s) has "
             f"{d} distinct points where d mu has full rank, and the {how} bounds the isolated points of the fiber "
             "over a smooth point of M (Zariski's main theorem; the image, a critical image of the distance to a "
             "random target, is off the singular locus of M with probability one)")
    for k in np.argsort(im):
        if im[k] <= REAL_TOL:
            from algnet.analyses.critical.realfiber import _real_newton

            th = _real_newton(full, y, pts[k].real)
            if th is not None:
                return RealSearch(True, th, f"a real point in the finite fiber: {proof}")
    accurate = all(step <= 1e-3 * NONREAL_TOL * s and res <= 1e-3 * NONREAL_TOL * s
                   for (_, step, res), s in zip(refined, scale))
    if accurate and np.all(im >= NONREAL_TOL):
        return RealSearch(False, None, f"no real point in the finite fiber: all of its isolated points are known and "
                                       f"none is real; {proof}; the least imaginary part is "
                                       f"{float(im.min()):.3g} of the point's size (numerical: Newton-refined "
                                       "points); a real point on a positive-dimensional part of the fiber would be "
                                       "a rank-drop point of mu, searched as a boundary candidate")
    return None


def finite_fiber_decision(search, y, hint):
    """The decision of :func:`decide_finite_fiber` for a :class:`~.realfiber.RealFiberSearch` ``search`` on a
    network with finite fibers (``search.e == 0``) given a complex preimage ``hint`` of ``y``; else ``None``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.realfiber import RealFiberSearch
    >>> net, L, rng = network_and_loss(parse_spec("dense 2-1-1 act=0,1,0,1"))
    >>> s = RealFiberSearch(net, L, 3, rng)
    >>> th = np.array([0.5j, 0.3j, -2.0j])
    >>> finite_fiber_decision(s, s.full.image(th[None, :])[0], th).status
    False
    """
    if hint is None or getattr(search, "e", None) != 0:
        return None
    return decide_finite_fiber(search.net, search.full, y, hint)
