"""Is y = mu(theta) a smooth point of M? Its multiplicity, by a witness homotopy on the slice.

Full rank of d mu at theta makes the image of a neighbourhood of theta a smooth germ of M at y, but M can
have other branches through y: the nodal cubic t -> (t^2 - 1, t^3 - t) passes through the origin at t = 1
and t = -1 with the tangents (2, 2) and (-2, 2). The test here decides smoothness for any parametrization
and any dimension by the multiplicity e(M, y): y is a smooth point of the variety M exactly when
e(M, y) = 1 (a point of multiplicity one of a variety is regular: Nagata; the local ring of a variety is
formally equidimensional), and e(M, y) is the number of points of M on a generic linear space L of
complementary dimension that converge to y when L moves to a generic linear space through y.

On the gauge slice theta = c0 + N phi of the critical points (dim M unknowns, transversal to the fibers):

1. the witness set: all solutions phi of R y(phi) = p' (R a random complex dim M x m matrix, p' generic):
   the points of M on the linear space {R c = p'}, each with the d points of the slice's generic fiber
   (deg M * d solutions), by monodromy in p' with a trace test (:func:`witness_set`); d is read off as the
   number of solutions per image (equal for every image of a complete set);
2. for each image y to judge, one parameter homotopy p' -> R y (a straight segment from a random complex p':
   it avoids the discriminant with probability one); the paths whose images tend to y are those of the
   e(M, y) points of M converging to y, each with its d preimages: N_y = e(M, y) * d of them (a path whose
   parameters run off to infinity while its image tends to y counts too; only paths that end at a finite point,
   regular or singular, are counted, so N_y is a lower bound unless every other path ends at a regular point).

The verdict (:func:`judge`): *singular* when N_y > d (then e(M, y) >= 2) or when two preimages of full rank
have different tangent spaces (the images of d mu; two smooth branches: this holds whatever the witness set
missed); *smooth* when the witness set passed its trace test, N_y = d and every other path ended at a
regular point away from y (then e(M, y) = 1); otherwise undecided. Both verdicts are numerical and hold with
probability one over the random slice, R and p' (not certified: no ball arithmetic bounds the endpoints).

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> from algnet.analyses.critical.system import example_family
>>> import numpy as np
>>> fam = example_family(parametrization(["t^2 - 1", "t^3 - t"]), target=[1.0, -1.0])
>>> ws = witness_set(fam, 1, np.random.default_rng(0))
>>> ws.solutions.shape[0], ws.fiber                     # a plane cubic, met once per point
(3, 1)
>>> judge(ws, np.array([0.0, 0.0])).smooth, judge(ws, np.array([3.0, 6.0])).smooth     # the node; mu(2)
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.homotopy.systems import OffsetFamily, System

__all__ = ["WitnessSet", "Smoothness", "SmoothnessJudge", "witness_set", "judge", "preimages", "GENERIC_TARGET",
           "TANGENT_TOLERANCE", "IMAGE_TOLERANCE", "JUDGE_MAX_STEPS"]

#: How a full-rank critical point's image is taken for smooth without a test, at a target drawn at random: the
#: targets u for which a critical point theta of full rank has its image on Sing(M) satisfy
#: u in mu(theta) + (normal space), theta in mu^-1(Sing M): pairs of dimension at most (dim M - 1 + f) + (m - dim M)
#: with f the fiber dimension, and each such u comes with an f-dimensional family of theta, so those u fill at
#: most m - 1 dimensions: a proper subvariety, which a random target misses with probability one.
GENERIC_TARGET = ("pure: d mu has full rank, and at a target drawn at random no full-rank critical point maps to "
                  "the singular locus of M (those targets fill a proper subvariety; probability one)")

#: Sine of the largest principal angle between two tangent spaces above which they are called different. The
#: tangent spaces at regular endpoints are accurate to rounding (about 1e-12 on the tests' cases); two branches
#: of a node are at an angle of order one.
TANGENT_TOLERANCE = 1e-6

#: Relative distance of an endpoint's image to y below which it is a preimage of y (endpoints at a regular
#: preimage are accurate to 1e-12, at a singular one to about 1e-6; the other points of M on the linear space
#: through y are at distances of order one).
IMAGE_TOLERANCE = 1e-4


class _SliceImage(System):
    """G(phi) = R y(c0 + N phi): dim M random combinations of the loss coordinates along the slice."""

    def __init__(self, fam, R):
        self.fam, self.R = fam, R
        self.n_vars = fam.n_vars

    def evaluate(self, X, P=None):
        y, Jf = self.fam.first_order(np.atleast_2d(np.asarray(X, dtype=np.complex128)))
        return y @ self.R.T, np.einsum("am,nmk->nak", self.R, Jf)

    def trace(self, x, p=()):
        """R y(c0 + N phi) over tracer values: the compiled tracker instead of numpy evaluations (about 10x less
        CPU for the witness set: linear 3-2-3 Frobenius at a given target about 0.1 s, conv k=2,2 r=2 generic
        0.015-0.018 s)."""
        from algnet.analyses.critical.system import _obj_matvec
        from algnet.homotopy.tape import TracerBackend

        fam = self.fam
        x = list(x)
        B = TracerBackend(x[0].b)
        X = np.empty(len(x), dtype=object)
        X[:] = x
        th = fam.c0.astype(object) + _obj_matvec(fam.N, X)
        if getattr(fam, "_E", None) is not None:          # a network on a subspace of its parent's parameters
            th = _obj_matvec(fam._E, th)
        Z = np.asarray(fam.values.Z)
        Zt = np.empty(Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in Z.reshape(-1)]
        V = np.asarray(fam.values.net.evaluate(th, Zt, backend=B), dtype=object).reshape(-1)
        return list(_obj_matvec(self.R, _obj_matvec(fam.T, V)))


@dataclass(frozen=True, eq=False)
class WitnessSet:
    """The solutions of R y(phi) = p on the slice of ``family`` (:func:`witness_set`).

    Attributes
    ----------
    family : OffsetFamily
        phi -> R y(phi) - p.
    solutions : ndarray (W, dim M)
        Slice points at ``parameters``: deg M * ``fiber`` of them when complete.
    parameters : ndarray (dim M,)
    fiber : int or None
        Points of the slice's generic fiber (solutions per image); None when the images are not met equally often.
    complete : bool
        The trace test passed and every image has ``fiber`` preimages.
    note : str
    paths : int
        Paths tracked so far (the monodromy, its trace test and every :func:`judge`).

    Examples
    --------
    The nodal cubic t -> (t^2 - 1, t^3 - t): degree 3, one preimage a point of the curve:

    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family(parametrization(["t^2 - 1", "t^3 - t"]), target=[1.0, -1.0])
    >>> ws = witness_set(fam, 1, np.random.default_rng(0))
    >>> ws.solutions.shape[0], ws.fiber, ws.complete
    (3, 1, True)
    """

    family: OffsetFamily
    image: object
    solutions: np.ndarray
    parameters: np.ndarray
    fiber: int | None
    complete: bool
    note: str
    paths: list


@dataclass(frozen=True)
class Smoothness:
    """The verdict of :func:`judge` on a point y of M.

    Attributes
    ----------
    smooth : bool or None
        True: e(M, y) = 1; False: singular; None: undecided (``note`` says why).
    preimages : int
        Paths of the witness homotopy that ended on a preimage of y (N_y).
    fiber : int or None
        Points of the slice's generic fiber (d).
    note : str
        The method and what it proves.

    Examples
    --------
    The node of the nodal cubic (t = 1 and t = -1 both map to the origin): two preimages where the generic
    fiber has one, so the origin is singular:

    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family(parametrization(["t^2 - 1", "t^3 - t"]), target=[1.0, -1.0])
    >>> v = judge(witness_set(fam, 1, np.random.default_rng(0)), [0.0, 0.0])
    >>> v.smooth, v.preimages, v.fiber
    (False, 2, 1)
    """

    smooth: bool | None
    preimages: int
    fiber: int | None
    note: str


def _classes(Y, tol=1e-6):
    """Sizes of the classes of equal rows of Y (relative tolerance)."""
    sizes, reps = [], []
    for y in Y:
        for k, r in enumerate(reps):
            if np.max(np.abs(y - r)) <= tol * (1.0 + np.max(np.abs(r))):
                sizes[k] += 1
                break
        else:
            reps.append(y)
            sizes.append(1)
    return sizes


def witness_set(fam, dim: int, rng, show_progress: bool = False) -> WitnessSet:
    """All solutions of R y(phi) = p' on the slice of the gradient family ``fam`` (module doc, step 1).

    R and p' (and the monodromy's seed) are drawn from ``rng``.

    Examples
    --------
    2 x 2 matrices of rank <= 1, a quadric: on a random slice of C^4 (3 unknowns) each matrix is met twice
    ((a, b) and (c, d) -> (a s, b s) and (c / s, d / s) with the slice's other intersection):

    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> ws = witness_set(example_family("linear 2-1-2"), 3, np.random.default_rng(0))
    >>> ws.solutions.shape[0], ws.fiber, ws.complete
    (4, 2, True)
    """
    from algnet.homotopy.monodromy import monodromy_solve

    m, k = fam.loss.m, fam.n_vars
    R = (rng.normal(size=(k, m)) + 1j * rng.normal(size=(k, m))) / np.sqrt(2 * m)
    ofam = OffsetFamily(_SliceImage(fam, R))
    x0 = rng.normal(size=k) + 1j * rng.normal(size=k)
    p0 = ofam.start_parameters(x0)[0]
    w = rng.normal(size=m) + 1j * rng.normal(size=m)
    v = (rng.normal(size=k) + 1j * rng.normal(size=k)) * (0.5 + float(np.abs(p0).mean()))
    scale = 1.0 + float(np.abs(x0).max())

    def sampler(r, n):
        return scale * (r.normal(size=(n, k)) + 1j * r.normal(size=(n, k))) / np.sqrt(2)

    res = monodromy_solve(ofam, x0, p0, seed=int(rng.integers(2**31)), trace_direction=v,
                          trace_functional=lambda X: fam.image(X) @ w, sampler=sampler, show_progress=show_progress)
    S = res.solutions
    sizes = _classes(fam.image(S)) if S.shape[0] else []
    fiber = sizes[0] if sizes and len(set(sizes)) == 1 else None
    passed = res.trace is not None and res.trace.passed and not res.partial
    complete = bool(passed and fiber is not None)
    note = (f"witness set of M on a random linear space along the slice: {S.shape[0]} points, "
            f"{len(sizes)} images, {fiber if fiber is not None else 'unequal numbers of'} preimages each; trace test "
            f"{'passed' if passed else 'NOT passed'}")
    return WitnessSet(ofam, fam.image, S, p0, fiber, complete, note, [int(res.paths)])


def _plane(J, rank):
    U, s, _ = np.linalg.svd(J, full_matrices=False)
    if s.size < rank or s[0] == 0 or s[rank - 1] <= 1e-7 * s[0]:
        return None
    return U[:, :rank]


def judge(ws: WitnessSet, y, rank: int | None = None, routes: int = 3) -> Smoothness:
    """Smooth or singular: the multiplicity of M at the point y (loss coordinates) by the witness homotopy from
    ``ws`` to the linear space through y (module doc, step 2 and the verdict). ``rank``: dim M (default: the
    number of unknowns of the slice). While undecided because some path failed, all paths again along another
    route (through a random complex point: a path can stall where its slice representative meets the slice's
    rank-drop locus; conv k=2,2 r=2, a given target, seed 2: one path of 12 ran 4,633 steps), up to ``routes``.

    Examples
    --------
    On 2 x 2 matrices of rank <= 1 (a quadric cone) the matrix e1 e1^T is a smooth point; the vertex has
    multiplicity 2: all 4 paths end on its (positive-dimensional) fiber, twice the 2 of a generic fiber:

    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> ws = witness_set(example_family("linear 2-1-2"), 3, np.random.default_rng(0))
    >>> vertex = judge(ws, np.zeros(4))
    >>> vertex.smooth, vertex.preimages, judge(ws, [1.0, 0.0, 0.0, 0.0]).smooth
    (False, 4, True)
    """
    verdict = None
    for r in range(routes):
        verdict = _judge_once(ws, y, rank, r > 0)
        if verdict.smooth is not None or "failed" not in verdict.note:
            break
    return verdict


#: Steps allowed to a path of :func:`judge` (they take 4-30 on the tests' cases; a stalled one is retried on
#: another route instead of running to the tracker's default 5,000).
JUDGE_MAX_STEPS = 400


def _route(ws, target, detour):
    """(statuses, endpoints) of the witness paths from ``ws.parameters`` to ``target``, straight or through a
    random complex point."""
    from algnet.homotopy.monodromy import track_parameters
    from algnet.homotopy.tracker import whole
    from algnet.homotopy.tracker_options import TrackerOptions

    opt = TrackerOptions(max_steps=JUDGE_MAX_STEPS)
    p0 = ws.parameters
    stops = [p0, target]
    if detour:
        rng = np.random.default_rng(ws.paths[0])
        k = p0.shape[0]
        stops.insert(1, 0.5 * (p0 + target) + (rng.normal(size=k) + 1j * rng.normal(size=k)) * (
            0.5 * float(np.abs(target - p0).max())))
    X = ws.solutions
    status = np.full(X.shape[0], "success", dtype=object)
    for a, b in zip(stops[:-1], stops[1:]):
        tk = whole(track_parameters(ws.family, X, a, b, options=opt))
        ws.paths[0] += int(X.shape[0])
        st = np.asarray(tk.status, dtype=object)
        status = np.where(status == "success", st, status)
        X = tk.x
    return status, X


def _judge_once(ws, y, rank, detour):
    y = np.asarray(y, dtype=np.complex128).reshape(-1)
    fam = ws.family
    k = fam.n_vars
    rank = k if rank is None else int(rank)
    target = fam.G.R @ y
    status, X = _route(ws, target, detour)
    ended = ((status == "success") | (status == "singular")) & np.isfinite(X).all(axis=1)
    at = np.zeros(X.shape[0], dtype=bool)
    if ended.any():
        Y = ws.image(X[ended])
        at[np.nonzero(ended)[0]] = np.abs(Y - y).max(axis=1) <= IMAGE_TOLERANCE * (1.0 + np.abs(y).max())
    # every path that does not end on y must end at a regular point: a singular or unfinished one may be a path
    # whose image tends to y while its parameters run off to infinity (then it belongs to N_y)
    ok = at | (status == "success") & np.isfinite(X).all(axis=1)
    n_y, d, failed = int(at.sum()), ws.fiber, int((~ok).sum())
    planes = []
    if at.any():
        _, Jf = fam.G.fam.first_order(X[at])
        planes = [P for P in (_plane(J, rank) for J in Jf) if P is not None]
    for i in range(1, len(planes)):
        if float(np.linalg.norm(planes[i] - planes[0] @ (planes[0].conj().T @ planes[i]), 2)) > TANGENT_TOLERANCE:
            return Smoothness(False, n_y, d, (
                "singular: two preimages of full rank with different tangent spaces (two branches of M through the "
                "point; witness homotopy on the slice, numerical)"))
    if d is not None and n_y > d:
        return Smoothness(False, n_y, d, (
            f"singular: {n_y} witness paths end on preimages of the point, more than the {d} of a generic fiber "
            f"(multiplicity >= 2; witness homotopy on the slice, numerical, probability one)"))
    if ws.complete and not failed and n_y == d:      # every other path ended at a regular point away from y
        return Smoothness(True, n_y, d, (
            f"smooth: multiplicity 1 ({n_y} witness paths end on preimages of the point, as many as a generic fiber "
            f"has; {ws.note}; numerical, probability one over the random slice and linear spaces)"))
    why = ("the witness set is incomplete" if not ws.complete else
           f"{failed} witness path(s) away from the point ended singular, diverged or failed" if failed else
           f"{n_y} witness paths end on preimages, fewer than the {d} of a generic fiber")
    return Smoothness(None, n_y, d, f"smoothness undecided: {why} ({ws.note})")


class SmoothnessJudge:
    """Smoothness of M at images of critical points on the slice of ``fam``: one witness set (built on the first
    call, from a generator seeded by the slice, so the caller's generator is not advanced) and one verdict per
    distinct image.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.system import example_family
    >>> j = SmoothnessJudge(example_family(parametrization(["t^2 - 1", "t^3 - t"]), target=[1.0, -1.0]), 1)
    >>> j([0.0, 0.0]).smooth, j([3.0, 6.0]).smooth, j.paths > 0
    (False, True, True)
    """

    def __init__(self, fam, dim: int):
        self.fam, self.dim = fam, int(dim)
        self._ws = None
        self._seen: list = []

    @property
    def paths(self) -> int:
        return 0 if self._ws is None else int(self._ws.paths[0])

    def __call__(self, y) -> Smoothness:
        import zlib

        y = np.asarray(y, dtype=np.complex128).reshape(-1)
        for z, verdict in self._seen:
            if np.max(np.abs(y - z)) <= 1e-8 * (1.0 + np.max(np.abs(z))):
                return verdict
        if self._ws is None:
            fam = self.fam
            rng = np.random.default_rng(zlib.crc32(np.ascontiguousarray(fam.c0).tobytes() + fam.N.tobytes()) + 1)
            self._ws = witness_set(fam, self.dim, rng)
        verdict = judge(self._ws, y, self.dim)
        self._seen.append((y, verdict))
        return verdict


def preimages(ws: WitnessSet, y) -> np.ndarray:
    """Regular preimages (slice points) of the point y of M: the ends of the witness homotopy from ``ws`` to the
    linear space through y (:func:`judge`'s paths) whose images are y; an empty array when none ends there.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.architectures.polymap import parametrization
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family(parametrization(["t^2 - 1", "t^3 - t"]), target=[1.0, -1.0])
    >>> X = preimages(witness_set(fam, 1, np.random.default_rng(0)), [3.0, 6.0])
    >>> np.round(fam.theta(X).real, 8).tolist()                          # mu(2) = (3, 6)
    [[2.0]]
    """
    y = np.asarray(y, dtype=np.complex128).reshape(-1)
    status, X = _route(ws, ws.family.G.R @ y, False)
    X = X[(status == "success") & np.isfinite(X).all(axis=1)]
    if not X.shape[0]:
        return X
    return X[np.abs(ws.image(X) - y).max(axis=1) <= 1e-8 * (1.0 + np.abs(y).max())]
