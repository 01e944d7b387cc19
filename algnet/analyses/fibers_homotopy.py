"""Counting a generic fiber by monodromy (the ``homotopy`` method of :mod:`algnet.analyses.fibers`).

A finite fiber without known symmetries (the twisted cubic's three points
(w s, w t), w^3 = 1) is not the orbit of anything algnet knows; it is counted
by solving the gauge-fixed witness system with the homotopy engine's
monodromy solver, a stopping rule, a trace test of the images and Krawczyk's
test (:func:`homotopy_fiber_count`). The size guards and the choice of this route
(:mod:`algnet.analyses.fibers_route`) estimate the work from deg M.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> homotopy_fiber_count(parametrization(["t^2"]), [3], (), 1, seed=0).count     # +-t
2
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# the route and the size guards, by deg M (their own module; imported from here too)
from algnet.analyses.fibers_route import HOMOTOPY_FORCE_BOUND, HOMOTOPY_MAX_BOUND, ROUTE_PILOT_CPU, homotopy_route

__all__ = ["HomotopyFiberCount", "homotopy_fiber_count", "homotopy_route", "symmetry_fiber_points", "slice_classes",
           "NO_PROGRESS_LOOPS",
           "HOMOTOPY_MAX_BOUND", "HOMOTOPY_FORCE_BOUND", "ROUTE_PILOT_CPU"]


@dataclass(frozen=True)
class HomotopyFiberCount:
    """The gauge-fixed fiber counted by monodromy (:func:`homotopy_fiber_count`).

    Attributes
    ----------
    count : int
        Solutions over f0 = mu(theta_c) (theta_c the random complex start point): the points of the gauge-fixed
        fiber.
    solutions : int
        All solutions of the witness system over the start offsets.
    images : int
        Distinct images among them (points of M cut by the slice: deg M when complete).
    consistent : bool
        Every image has the same number of preimages (a generic fiber's size does not
        depend on the point; a shortfall would show an incomplete search).
    trace_test_passed : bool or None
        The trace test on the images of all solutions (a linear functional of the
        images summed over the solutions is affine along a pencil of offsets when every
        point of M in the slice is found, each as often as the others): completeness
        of the image points. Completeness of each fiber rests on the stopping rule:
        monodromy acts transitively on all solutions and stopped after
        ``NO_PROGRESS_LOOPS`` loops without a new one, 4 x that after a failed trace test
        or one with a single image point, which is not informative (numerical, not a proof).
    trace_test_residual : float or None
    certified : int
        Fiber points certified by Krawczyk's test (each box holds a unique solution of
        the square witness system) whose boxes are pairwise disjoint: a proof that the
        system has at least this many solutions near the fiber points found.
    stop_reason : str
    paths, loops : int
    partial : bool
    warm_up_seconds : float
        CPU seconds of the uncapped warm-up before a count under a CPU budget (the kernels' compilation).
    trace_test_failed_paths : int
        Paths of the trace test that failed (a failed path fails the test whatever the residual).
    slice_classes : tuple of int or None
        With ``components``: the sizes of the classes of the fiber points that loops of the pinned values join
        (:func:`slice_classes`: the points of one component of the fiber, one orbit of the connected symmetries
        when they fill the fiber's dimension); None when not asked or not settled.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> r = homotopy_fiber_count(parametrization(["t^2"]), [3], (), 1, seed=0)     # t and -t
    >>> r.count, r.partial
    (2, False)
    """

    count: int
    solutions: int
    images: int
    consistent: bool
    trace_test_passed: bool | None
    trace_test_residual: float | None
    certified: int
    stop_reason: str
    paths: int
    loops: int
    partial: bool = False
    trace_test_failed_paths: int = 0
    warm_up_seconds: float = field(default=0.0, compare=False)
    slice_classes: tuple | None = None

    def describe(self) -> str:
        tr = ("not run" if self.trace_test_passed is None else
              f"{'passed' if self.trace_test_passed else 'FAILED'} (residual {self.trace_test_residual:.1e}"
              + (f"; {self.trace_test_failed_paths} of its paths failed)" if self.trace_test_failed_paths else ")"))
        if self.trace_test_passed is not None and self.images == 1:   # passed or failed, it says nothing here
            tr += (" but not informative" if self.trace_test_passed else "; not informative either way") + \
                " (one image point: it says nothing about the fiber)"
        return (f"monodromy (algnet.homotopy) on the gauge-fixed witness system: {self.solutions} solutions over "
                f"{self.images} image points, {self.count} over f0 = mu(theta_c)"
                + ("" if self.consistent else " (image classes of unequal sizes: incomplete)")
                + f"; stopping rule: {self.stop_reason}; trace test of the images {tr}; Krawczyk: "
                f"{self.certified} of the fiber points certified and distinct")

    @property
    def complete(self) -> bool:
        """Numerically complete: the trace test passed on two or more image points, the classes agree, not
        interrupted. With one image point (M fills its ambient space, or is a linear space) the trace test of the
        images passes as soon as one solution is found, so it says nothing about the fiber: the count is a lower
        bound (dense 2-4-1 r=7 passed with 6, 12 or 18 of Sylvester's 4! = 24 points, seeds 10, 4, 6)."""
        return bool(self.trace_test_passed) and self.images > 1 and self.consistent and not self.partial


#: Loops without a new solution after which the monodromy fiber count stops (its stopping rule).
NO_PROGRESS_LOOPS = 6


def _column_scaled(V, *more):
    """V (and the rows ``more``) with every column divided by its median modulus over V's rows: the values at
    sample inputs of different sizes differ by orders of magnitude (|z|^7 from |z| = 0.1 to 2), so a tolerance
    relative to the whole row sees only the largest columns (dense 2-3-1 r=7, seed 0: three distinct image points
    agreed to 1e-6 of the row's norm, and 18 points were counted in a fiber of 3! = 6); the median, not the
    largest, so that a far-away solution does not shrink the others' differences."""
    V = np.asarray(V)
    s = np.median(np.abs(V), axis=0) if V.shape[0] else np.ones(V.shape[1:])
    s = np.where(s > 1e-12 * max(float(np.max(s, initial=0.0)), 1e-300), s, 1.0)
    return (V / s,) + tuple(np.asarray(m) / s for m in more)


def _image_classes(V, tol=1e-6):
    """Group rows of V (solutions' images) that agree to ``tol`` (relative, column by column scaled as in
    :func:`_column_scaled`); list of index lists."""
    V = _column_scaled(V)[0]
    classes = []
    for i in range(V.shape[0]):
        for c in classes:
            if np.linalg.norm(V[i] - V[c[0]]) <= tol * (1 + np.linalg.norm(V[c[0]])):
                c.append(i)
                break
        else:
            classes.append([i])
    return classes


#: Random complex points among which :func:`_generic_point` takes the best conditioned.
START_CANDIDATES = 16


def _generic_point(rng, n, family=None, tries: int = START_CANDIDATES):
    """A random complex parameter vector (standard complex normal entries): the point whose fiber monodromy counts;
    with a ``family`` (the witness system), the one of ``tries`` such vectors at which its Jacobian has the smallest
    condition number.

    The integer theta_0 of :func:`algnet.analyses.fibers.identifiability` is generic but real, with small entries
    close to one another, and a fiber over its image is badly conditioned at high activation degree (dense 2-4-1
    r=7: the witness system's Jacobian at theta_0 had condition number 3e17, every path from it failed, and the
    count stopped at theta_0 alone); the generic fiber's size does not depend on the point. A single random complex
    point can be nearly as bad (dense 2-4-1 r=7, seed 3: condition number 1e8, the tracker's steps collapsed on
    every path from it).

    Examples
    --------
    >>> _generic_point(np.random.default_rng(0), 3).shape
    (3,)
    """
    k = 1 if family is None else max(1, int(tries))
    T = (rng.normal(size=(k, n)) + 1j * rng.normal(size=(k, n))) / np.sqrt(2)
    if k == 1:
        return T[0]
    _, J = family.evaluate(T)
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(J)
    return T[int(np.argmin(np.where(np.isfinite(cond), cond, np.inf)))]


def _witness_family(net, gauge, dim, rng, unit_inputs: bool = False):
    """(family, values): the witness system of a fiber -- ``dim`` random complex combinations of the network's
    values at random complex inputs, and the gauge coordinates ``gauge`` pinned -- and those values
    (:class:`~algnet.analyses.witness.NetworkValues`); draws from ``rng`` in a fixed order (the inputs, then the
    combinations). ``unit_inputs``: inputs with entries on the unit circle instead of complex normal ones, whose
    powers spread over orders of magnitude at high degree (dense 2-4-1 r=7, seeds 0-3: 4, 24, 24 and 1 of the 24
    fiber points found on the unit circle, 11, 4, 5 and 1 with normal inputs; but dense 3-3-1 r=3, seeds 0-9: the
    trace test of its four image points had failed paths on 2 seeds on the circle, on none with normal inputs)."""
    from algnet.analyses.degree import NetworkWitnessFamily
    from algnet.analyses.witness import NetworkValues

    K = net.monomial_count()
    shape = (K,) + tuple(net.input_shape)
    if unit_inputs:
        Z = np.exp(2j * np.pi * rng.random(size=shape))
    else:
        Z = (rng.normal(size=shape) + 1j * rng.normal(size=shape)) / 2
    vals = NetworkValues(net, Z, rng)
    q = vals.q
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    A = np.zeros((len(gauge), net.n_params), dtype=np.complex128)
    A[np.arange(len(gauge)), list(gauge)] = 1
    return NetworkWitnessFamily(vals, R, A), vals


def _warm_up(fam, t0, p0, pscale, group_actions, certify):
    """Uncapped: compiles (or loads from the disk cache) the tracker kernels the count uses, by a short search of
    two loops on a fixed seed and Krawczyk's test of its first point, before a count under a CPU budget (the
    default budget of :func:`algnet.analyses.fibers.count_budget`; a wall-clock cap the caller gave covers the
    compilation too). With a fresh kernel cache a first count of dense 2-4-1 r=7 took 89-102 CPU s, most of it
    compiling: more than the default budget. A Ctrl-C reaches the caller."""
    from algnet.homotopy.certify import certify as krawczyk_certify
    from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve

    res = monodromy_solve(fam, t0[None, :], p0, seed=0, options=MonodromyOptions(max_loops=2),
                          parameter_scale=pscale, group_actions=group_actions)
    if res.partial:     # the solver returns partial results on a Ctrl-C: a warm-up has nothing to keep
        raise KeyboardInterrupt
    if certify and len(res.solutions):
        krawczyk_certify(fam, res.solutions[:1], p0)


def homotopy_fiber_count(net, theta0, gauge, dim, seed, max_loops=60, certify: bool = True,
                         max_seconds: float | None = None, group_actions=(), cpu: bool = False,
                         show_progress: bool = False, components: bool = False) -> HomotopyFiberCount:
    """Count the gauge-fixed generic fiber by monodromy, over f0 = mu(theta_c) for a random complex theta_c (the
    best conditioned of :data:`START_CANDIDATES`, :func:`_generic_point`; ``theta0`` gives only the length).

    The witness system F(theta; c, b) = (R v(theta) - c, theta_G - b) (R random,
    v the values at random sample inputs, G the gauge coordinates) is square in
    theta. Over c0 = R v(theta_c), b0 = theta_c[G] its solutions are the
    gauge-fixed fibers over the points of M cut by the affine space R v = c0, one
    of which is f0. The solution set over the offsets is the graph of a map from
    the gauge slice (irreducible), so monodromy in (c, b) reaches every solution;
    the search stops after :data:`NO_PROGRESS_LOOPS` loops without a new solution,
    the trace test checks that every image point was found (and equally often; when
    it fails the search goes on, up to four times as many loops without progress), the
    solutions with the image of theta_c are the fiber, and Krawczyk's test
    certifies them. ``max_seconds`` caps the search, its trace test and the certification (the count is then
    partial): wall-clock seconds, or
    CPU seconds with ``cpu`` (a default budget, :func:`algnet.analyses.fibers.count_budget`).
    ``show_progress``: the monodromy search's bar (points found; no total). ``components``: the fiber points
    are also grouped by loops of the pinned values alone (:func:`slice_classes`), under the same budget.
    ``group_actions`` (maps on (k, N) arrays of parameter vectors, e.g. the
    network's known finite symmetries from
    :func:`algnet.analyses.network_input.finite_actions`) seed the search: the
    images of every solution found are moved back into the gauge slice by a
    parameter homotopy and join the solutions (a permutation of hidden neurons
    gives the other fiber points over the same image at once).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> r = homotopy_fiber_count(parametrization(["s^2", "s*t", "t^2"]), [2, 3], (), 2, seed=0)
    >>> r.count, r.images, r.trace_test_passed, r.certified       # (s, t) and (-s, -t); a conic
    (2, 2, True, 2)
    """
    from algnet.homotopy.certify import certify as krawczyk_certify
    from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve, trace_test

    rng = np.random.default_rng(seed)
    fam, vals = _witness_family(net, gauge, dim, rng, unit_inputs=dim == getattr(net, "ambient_dimension", None))
    q = vals.q
    t0 = _generic_point(rng, len(theta0), fam)
    p0 = fam.start_parameters(t0)[0]
    w = rng.normal(size=q) + 1j * rng.normal(size=q)
    vc = np.zeros(len(p0), dtype=np.complex128)
    vc[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * np.sqrt(np.mean(np.abs(p0[:dim]) ** 2))
    pscale = np.ones(len(p0))
    pscale[:dim] = np.sqrt(np.mean(np.abs(p0[:dim]) ** 2))
    if len(p0) > dim:
        pscale[dim:] = np.sqrt(np.mean(np.abs(p0[dim:]) ** 2))
    # no trace test inside the search: one on the images alone passes as soon as every image point has one
    # preimage; the search runs until loops stop adding solutions, then the images are tested; when the test
    # fails the search goes on from the solutions found with a longer stopping rule (once)
    import time

    from algnet.guards import time_cap

    clock = time.process_time if cpu else time.perf_counter
    t_start = clock()
    if max_seconds is not None and cpu:     # a CPU budget measures the count, not a first compilation of the kernels
        _warm_up(fam, t0, p0, pscale, group_actions, certify)
    warm, t_start = clock() - t_start, clock()
    x0, tr, paths, loops, partial, stop = t0[None, :], None, 0, 0, False, ""
    for patience in (NO_PROGRESS_LOOPS, 4 * NO_PROGRESS_LOOPS):
        opt = MonodromyOptions(max_loops=max_loops, max_loops_no_progress=patience)
        left = None if max_seconds is None else max(0.1, max_seconds - (clock() - t_start))
        with time_cap(left, cpu=cpu) as cap:  # past it the search stops, marked partial (its count a lower bound)
            try:
                res = monodromy_solve(fam, x0, p0, seed=int(rng.integers(2**31)), options=opt,
                                      parameter_scale=pscale, group_actions=group_actions,
                                      show_progress=show_progress)
            except KeyboardInterrupt:   # the cap fired before the search began (e.g. while compiling)
                if not cap.expired:
                    raise
                partial, stop = True, "time cap reached before the search began"
                break
        x0, paths, loops, partial, stop = res.solutions, paths + res.paths, loops + res.loops, res.partial, \
            res.stop_reason
        if not len(x0) or partial:
            break
        left = None if max_seconds is None else max(0.1, max_seconds - (clock() - t_start))
        with time_cap(left, cpu=cpu) as cap:   # the test tracks a path per solution: under the budget too
            try:
                tr = trace_test(fam, x0, p0, direction=vc, functional=lambda T: vals.values(T) @ w,
                                seed=int(rng.integers(2**31)), options=opt)
            except KeyboardInterrupt:
                tr, partial = None, True
                if cap.expired:
                    stop += "; time cap reached during the trace test"
                break
        paths += tr.paths
        if tr.passed and len(_image_classes(vals.values(x0))) > 1:
            break       # with one image point the test is not informative: the longer search runs anyway
        # the retry's test on a fresh pencil: a pencil through a branch point fails on every solution set
        # (dense 3-3-1 r=3, seed 0: residual 1.0 with all 24 solutions found, twice on the same pencil)
        vc[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * pscale[0]
    sols = x0
    vs = vals.values(sols) if len(sols) else np.zeros((0, q))
    classes = _image_classes(vs)
    v0 = vals.values(t0[None, :])[0]
    ws, w0 = _column_scaled(np.vstack([vs, v0[None, :]]), v0)
    same = [i for i in range(len(sols)) if np.linalg.norm(ws[i] - w0) < 1e-6 * np.linalg.norm(w0)]
    consistent = len({len(c) for c in classes}) <= 1
    cert = 0
    if certify and same and not partial:
        left = None if max_seconds is None else max(0.1, max_seconds - (clock() - t_start))
        with time_cap(left, cpu=cpu) as cap:
            try:
                cert = krawczyk_certify(fam, sols[same], p0).distinct
            except KeyboardInterrupt:   # the count is kept, as a lower bound (was: certified 0 and not partial,
                # the Ctrl-C swallowed, and the caller went on as if complete)
                cert, partial = 0, True
                stop += ("; time cap reached during the Krawczyk certification (none certified)" if cap.expired
                         else "; Ctrl-C during the Krawczyk certification (none certified)")
    sizes = None
    if components and len(same) > 1 and not partial:
        left = None if max_seconds is None else max(0.1, max_seconds - (clock() - t_start))
        with time_cap(left, cpu=cpu):
            try:
                sizes = slice_classes(fam, sols[same], p0, dim, rng)
            except KeyboardInterrupt:   # the cap's or the user's: the classes are not known, the count stands
                sizes = None
    return HomotopyFiberCount(len(same), len(sols), len(classes), consistent,
                              None if tr is None else bool(tr.passed), None if tr is None else float(tr.residual),
                              int(cert), stop, int(paths), int(loops), bool(partial),
                              0 if tr is None else int(tr.failed_paths), warm, sizes)


#: Loops of the pinned values in a row that join no two classes after which :func:`slice_classes` stops.
SLICE_LOOPS_STABLE = 10

#: :func:`slice_classes` takes at most this many times ``max_loops`` loops while classes still merge.
SLICE_MAX_LOOPS_FACTOR = 4

#: Scales of the loops of :func:`slice_classes`, in turn (times three times the pinned values' size).
SLICE_RADII = (1.0, 4.0, 16.0)


def slice_classes(fam, X, p0, dim, rng, max_loops: int = 40):
    """The sizes of the classes of the fiber points ``X`` (solutions of the witness system ``fam`` over ``p0``)
    that loops of the pinned values alone join (sorted), or None when a path failed or a loop did not come back
    to the points (not settled).

    The image offsets (the first ``dim`` parameters) stay at p0's, so every point stays in the same fiber; the
    pinned values b move around hexagons through b0 in random complex lines. For each irreducible component Z of the
    fiber, {(theta, b): theta in Z, theta_G = b} is irreducible and finite over the b's, so its monodromy permutes the
    points of Z in the slice transitively and never moves one to another component: the classes are the
    components' points in the slice (numerical irreducible decomposition). When the connected symmetries fill the
    fiber's dimension, each component is the closure of one orbit: a class is one orbit's points in the slice.
    Stops after :data:`SLICE_LOOPS_STABLE` loops in a row without a join, or with one class, or after ``max_loops``
    loops -- a budget that a join lifts to at least :data:`SLICE_LOOPS_STABLE` loops past it, up to
    :data:`SLICE_MAX_LOOPS_FACTOR` x ``max_loops``: the search does not stop while classes still merge (numerical:
    more loops could still join classes, which would only make them larger). The caller's time cap bounds it too.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.fibers_homotopy import _witness_family
    >>> fam, _ = _witness_family(parametrization(["x*y^2"]), (0,), 1, np.random.default_rng(0))
    >>> X = np.array([[1.0, 1.0], [1.0, -1.0]], dtype=complex)     # pinning x: (1, +-1) on one orbit of the torus
    >>> slice_classes(fam, X, fam.start_parameters(X[:1])[0], 1, np.random.default_rng(0))
    [2]
    """
    from networkx.utils import UnionFind

    X = np.asarray(X, dtype=np.complex128)
    n = X.shape[0]
    classes = UnionFind(range(n))
    # each loop: a hexagon on a circle through b0 in a random complex line b0 + lam v, lam = c (1 - exp(2 pi i k / 6)),
    # |c| three times the pinned values' size: close to a half-plane of the line, so it encloses each branch point of
    # the slice about every other time
    size = np.sqrt(np.mean(np.abs(p0[dim:]) ** 2)) if len(p0) > dim else 1.0
    stable, loops, budget = 0, 0, max_loops
    while loops < budget and stable < SLICE_LOOPS_STABLE and len({classes[i] for i in range(n)}) > 1:
        loops += 1
        Y = _slice_loop(fam, X, p0, dim, size * SLICE_RADII[(loops - 1) % len(SLICE_RADII)], rng)
        if Y is None:
            return None
        joined = False
        for i in range(n):
            d = np.linalg.norm(X - Y[i], axis=1)
            j = int(np.argmin(d))
            if d[j] > 1e-6 * (1 + np.linalg.norm(X[j])):
                return None                 # the loop did not come back to a known point
            if classes[i] != classes[j]:
                classes.union(i, j)
                joined = True
        if joined:      # classes still merge: the search is not settled, keep SLICE_LOOPS_STABLE more loops at least
            stable = 0
            budget = min(max(budget, loops + SLICE_LOOPS_STABLE), SLICE_MAX_LOOPS_FACTOR * max_loops)
        else:
            stable += 1
    return sorted(len(c) for c in classes.to_sets())


def _slice_loop(fam, X, p0, dim, size, rng):
    """The end points of the paths from ``X`` around one random hexagon of the pinned values through p0's (the image
    offsets fixed), or None when a path failed."""
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import track, whole

    v = size * (rng.normal(size=len(p0) - dim) + 1j * rng.normal(size=len(p0) - dim)) / np.sqrt(2)
    c = 3 * np.exp(2j * np.pi * rng.random())
    ps = []
    for k in range(7):
        p = p0.copy()
        p[dim:] = p0[dim:] + c * (1 - np.exp(2j * np.pi * k / 6)) * v
        ps.append(p)
    ps[-1] = p0
    Y = X
    for a, b in zip(ps[:-1], ps[1:]):
        r = whole(track(ParameterHomotopy(fam, a, b), Y))
        if not np.all(r.success):
            return None
        Y = r.x
    return Y


def _key(th) -> tuple:
    """An image's entries, complex ones (a root of unity of order > 2 times an integer) rounded: three turns by a
    cube root of unity come back to the start up to rounding."""
    return tuple(complex(round(v.real, 9), round(v.imag, 9)) if isinstance(v, complex) else v for v in th)


def _orbit(theta0, group_actions, limit):
    """The images of the exact vector theta_0 under the group the actions generate (theta_0 excluded), at most
    ``limit``."""
    base = np.asarray([int(t) for t in theta0], dtype=object)
    seen, frontier, out = {_key(base)}, [base], []
    while frontier and len(out) < limit:
        nxt = []
        for th in frontier:
            for g in group_actions:
                im = np.asarray(g(th[None, :]), dtype=object)[0]
                if _key(im) not in seen and len(out) < limit:
                    seen.add(_key(im))
                    nxt.append(im)
                    out.append(im)
        frontier = nxt
    return out


def symmetry_fiber_points(net, theta0, gauge, dim, seed, group_actions, limit: int = 720) -> np.ndarray:
    """The images of theta_0 under the known finite symmetries, moved into the gauge slice: points of the
    gauge-fixed fiber over mu(theta_0) (numerical, complex; theta_0 first).

    An image g theta_0 (integer theta_0: exact) lies in the fiber but off the slice theta_G = theta_0[G]; the
    witness system of :func:`homotopy_fiber_count` (here without rescaling theta_0) carries it back by a
    parameter homotopy in the slice offsets, through a random complex offset (the straight real segment
    between two real offsets can cross a degenerate slice: a gauge coordinate through 0); an image that keeps the
    pinned coordinates (every image when nothing is pinned) is in the slice already and kept as it is. At most ``limit``
    images; paths that fail are left out. No loop is taken: the result is the orbit of the finite
    symmetries, not the whole fiber. Ctrl-C raises KeyboardInterrupt (its callers keep what they found).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.fibers import gauge_coordinates
    >>> from algnet.analyses.network_input import finite_actions
    >>> net = parse_spec("dense 2-2-2 r=2")              # dim M = 6; the two orders of the hidden neurons
    >>> th = [3, -2, 5, 7, 2, -3, 4, 1]
    >>> symmetry_fiber_points(net, th, gauge_coordinates(net, th), 6, 0, finite_actions(net)[0]).shape[0]
    2
    """
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.solve import distinct_points
    from algnet.homotopy.tracker import track, whole

    rng = np.random.default_rng(seed)
    fam, _ = _witness_family(net, gauge, dim, rng)
    t0 = np.asarray([complex(v) for v in theta0], dtype=np.complex128)
    p0 = fam.start_parameters(t0)[0]
    imgs = _orbit(theta0, group_actions, limit)
    if not imgs:
        return t0[None, :]
    X = np.asarray([[complex(v) for v in im] for im in imgs], dtype=np.complex128)
    G = list(gauge)         # an image that keeps the pinned coordinates is in the slice already: no path
    on = (np.all(np.abs(X[:, G] - t0[G]) <= 1e-12 * (1 + np.abs(t0[G])), axis=1) if G
          else np.ones(X.shape[0], dtype=bool))
    kept, X = X[on], X[~on]
    if not X.shape[0]:
        pts = np.concatenate([t0[None, :], kept])
        return pts[distinct_points(pts)]
    P = fam.start_parameters(X)
    pm = p0.copy()
    scale = np.sqrt(np.mean(np.abs(p0[dim:]) ** 2)) if len(p0) > dim else 1.0
    pm[dim:] = p0[dim:] + scale * (rng.normal(size=len(p0) - dim) + 1j * rng.normal(size=len(p0) - dim))
    first = whole(track(ParameterHomotopy(fam, P, pm), X))   # a Ctrl-C raised on (was: fewer points)
    X1 = first.x[first.success]
    if not X1.shape[0]:
        pts = np.concatenate([t0[None, :], kept])
        return pts[distinct_points(pts)]
    second = whole(track(ParameterHomotopy(fam, pm, p0), X1))
    pts = np.concatenate([t0[None, :], kept, second.x[second.success]])
    return pts[distinct_points(pts)]
