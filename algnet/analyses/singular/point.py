"""The equation-free tests at one point p = mu(theta): fiber tangent spaces, limits of
tangent planes, nodes, and the boundary witness."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod

import numpy as np

from algnet.analyses.shared import check_seed
from algnet.analyses.singular.moves import fiber_moves
from algnet.analyses.singular.preimages import _snap, levenberg_marquardt
from algnet.analyses.singular.primitives import (_clear_rank, _exact_jac, _num_jac, _num_rank, _num_values, _offsets,
                                                 _q, exact_values, sample_inputs)
from algnet.analyses.singular.tangent import _even_curve, limit_tangent_plane
from algnet.architectures.spec import parse_spec
from algnet.core.backends import Exact
from algnet.core.linalg import kernel_qq
from algnet.errors import NumericalError, ParameterError

__all__ = ["PointAnalysis", "analyze_point"]


@dataclass(frozen=True)
class PointAnalysis:
    """What the equation-free tests found at p = mu(theta).

    Attributes
    ----------
    rank : int
        Rank of the Jacobian of mu at theta (exact).
    dimension : int
        dim M.
    rank_drop : bool
        rank < dimension.
    fiber_exact, fiber_numerical : int
        Fiber points used: verified exactly over QQ / only numerically.
    branch_planes : int
        Distinct tangent planes of dimension n among the fiber points.
    span_dimension : int
        Dimension of the sum of the tangent planes d mu(R^N) over the fiber points.
    span_certified : bool
        The span dimension comes from exact fiber points and exact ranks.
    intersections : tuple of int
        dim(T_i cap T_j) for pairs of branch planes.
    limit_planes_differ : bool or None
        Result of the tangent-plane-limit test (None when not run).
    singular, nodal, boundary : bool or None
        None = not decided.
    status : str
        'smooth', 'singular' or 'boundary' (boundary takes precedence).
    decided_by : str
    proves : str
    certified : bool
        The singular/smooth verdict is a proof (exact).
    seed : int

    Examples
    --------
    >>> from algnet import parse_spec
    >>> a = analyze_point(parse_spec("linear 2-1-2"), [1, 0, 1, 0], dimension=3, seed=0)   # a rank-one matrix
    >>> isinstance(a, PointAnalysis), a.rank, a.rank_drop
    (True, 3, False)
    """

    rank: int
    dimension: int
    rank_drop: bool
    fiber_exact: int
    fiber_numerical: int
    branch_planes: int
    span_dimension: int
    span_certified: bool
    intersections: tuple
    limit_planes_differ: bool | None
    singular: bool | None
    nodal: bool | None
    boundary: bool | None
    status: str
    decided_by: str
    proves: str
    certified: bool
    seed: int

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record (``method`` is the test that decided)."""
        from algnet.evidence import Evidence

        return Evidence(method=self.decided_by, certified=self.certified, proves=self.proves, seed=self.seed)

    def __repr__(self):
        nod = "" if self.nodal is None else (", nodal" if self.nodal else ", not nodal")
        return (f"PointAnalysis({self.status}{nod}; rank {self.rank}/{self.dimension}, "
                f"{self.branch_planes} branch plane(s), span {self.span_dimension}; decided by {self.decided_by}; "
                f"{certainty_text(self.singular, self.certified, self.boundary)})")


def _rank(A) -> int:
    """Exact rank over QQ (:func:`algnet.analyses.span.exact_rank`: a rank mod p, checked exactly below full)."""
    from algnet.analyses.span import exact_rank

    A = np.asarray(A, dtype=object)
    return 0 if A.size == 0 else exact_rank(A.tolist())


def _finite(*arrays) -> bool:
    """True when every value is a finite float (an overflow in a float evaluation gives inf or nan)."""
    return all(bool(np.all(np.isfinite(np.asarray(a, dtype=np.complex128)))) for a in arrays)


def certainty_text(singular, certified: bool, boundary) -> str:
    """What a verdict's ``certified`` flag covers, for a repr: the singular/smooth verdict is certified or
    not; a boundary verdict is always numerical (a numerical search found no real preimage), whatever
    the flag says about the singularity.

    Examples
    --------
    >>> certainty_text(True, True, None)
    'singularity certified'
    >>> certainty_text(True, True, True)
    'singularity certified; boundary numerical (no real preimage found by a numerical search)'
    """
    what = {True: "singularity", False: "smoothness", None: "verdict"}[singular]
    text = f"{what} {'certified' if certified else 'not certified'}"
    if boundary:
        text += "; boundary numerical (no real preimage found by a numerical search)"
    return text


def _dead_families(net, theta, X, p_exact, rng) -> list:
    """Three exact fiber points for each dead-parameter set of theta (those parameters set to random
    nonzero integers)."""
    out = []
    for D in _dead_sets(net, theta, X, p_exact, rng):
        for _ in range(3):
            t2 = list(theta)
            for j in D:
                t2[j] = int(rng.integers(1, 9)) * int(rng.choice([-1, 1]))
            out.append(t2)
    return out


def _dead_sets(net, theta, X, p_exact, rng):
    """Maximal sets of zero parameters that can be changed freely without changing f (greedy, two orders)."""
    zero_idx = [i for i, t in enumerate(theta) if t == 0]
    found = []
    for order in (zero_idx, zero_idx[::-1]):
        D = []
        for i in order:
            trial = list(theta)
            for j in D + [i]:
                trial[j] = int(rng.integers(1, 6)) * int(rng.choice([-1, 1]))
            if all(a == b for a, b in zip(exact_values(net, trial, X), p_exact)):
                D.append(i)
        if D and sorted(D) not in found:
            found.append(sorted(D))
    return found


def _planes_distinct_exact(J1, J2, n):
    return _rank(np.concatenate([J1, J2], axis=1)) > n


def analyze_point(net, theta, dimension: int | None = None, stratum_dimension: int | None = None,
                  search_spaces=None, starts: int = 6, seed: int = 0, boundary_test: bool = True,
                  X=None, Xn=None) -> PointAnalysis:
    """Equation-free singularity, node and boundary tests at p = mu(theta).

    Parameters
    ----------
    net : Network
    theta : sequence of int or Fraction
        An exact preimage of the point.
    dimension : int, optional
        dim M (computed when omitted).
    stratum_dimension : int, optional
        Dimension of the stratum through p. Nodes are called nodal only when
        every rank drop found lies on a full-rank branch, there are >= 2
        branch planes, and (when this is given) the planes meet pairwise
        exactly in a space of this dimension.
    search_spaces : list of Network, optional
        Parameter spaces (SlicedNetworks of ``net``) in which to search for
        further fiber points; the full parameter space is always searched.
    starts : int
        Random starts per search space.
    seed : int

    Returns
    -------
    PointAnalysis

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")          # rank <= 1 matrices; the origin is singular
    >>> a = analyze_point(net, [0, 0, 0, 0], dimension=3, seed=0)
    >>> a.singular, a.certified, a.nodal
    (True, True, False)
    """
    net = parse_spec(net)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    theta = [_q(t) for t in np.asarray(theta, dtype=object).ravel()]
    if len(theta) != net.n_params:
        raise ParameterError(f"{net.spec}: expected {net.n_params} parameters, got {len(theta)}",
                             hint="pass a flat vector in the order of net.param_shapes")
    if dimension is None:
        from algnet.analyses.dimension import dimension as _dim

        dimension = _dim(net, seed=seed).dimension
    n = dimension
    if X is None or Xn is None:
        X, Xn = sample_inputs(net, seed)
    exact_pts, num_pts = _fiber_points(net, theta, X, Xn, [net] + list(search_spaces or []), starts, rng)
    tp = _tangent_planes(net, exact_pts, num_pts, X, n)
    if tp["span_ex"] <= n < net.ambient_dimension and (tp["rank0"] < n or tp["span_num"] > n):
        # a rank drop or a numerical-only proof: exact moves along lines inside the fiber (moves.py) may
        # reach fiber points whose tangent planes prove it exactly (none can when M fills its ambient space)
        more = fiber_moves(net, exact_pts, X, exact_values(net, theta, X), seed=rng, target=n)
        if more:
            exact_pts = exact_pts + more
            tp = _tangent_planes(net, exact_pts, num_pts, X, n)
    singular, nodal, decided, proves, certified, limit_differ = _decide(net, exact_pts, tp, X, n,
                                                                         stratum_dimension, rng)
    # ---- boundary witness at unresolved rank drops
    boundary = None
    if boundary_test and tp["rank0"] < n and tp["unresolved"]:
        boundary = _boundary_witness(net, theta, tp["ex_J"][0], X, Xn, rng)
        if boundary:
            proves += ("; boundary: real points q(s) = mu(theta + i s e) of the Zariski closure tend to p "
                       "(exact realness) and the numerical search found no real preimage of them")
    status = "boundary" if boundary else ("singular" if singular else "smooth")
    span_ex, span_num = tp["span_ex"], tp["span_num"]
    return PointAnalysis(
        rank=tp["rank0"], dimension=n, rank_drop=tp["rank0"] < n, fiber_exact=len(exact_pts),
        fiber_numerical=tp["n_numerical"], branch_planes=tp["n_planes"], span_dimension=max(span_ex, span_num),
        span_certified=span_ex >= span_num, intersections=tuple(tp["inter"]), limit_planes_differ=limit_differ,
        singular=singular, nodal=nodal, boundary=boundary, status=status, decided_by=decided, proves=proves,
        certified=certified, seed=seed)


def _fiber_points(net, theta, X, Xn, spaces, starts, rng):
    """Exact points of the fiber of mu(theta) (theta and its dead-parameter families, numerical points that
    snap to exact ones) and numerical ones (Levenberg-Marquardt from ``starts`` random starts in each space)."""
    p_exact = exact_values(net, theta, X)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            target = _num_values(net, [float(t) for t in theta], Xn)
    except OverflowError:           # a parameter beyond the float range
        target = np.array([np.inf])
    if not _finite(target):
        big = max((abs(int(Fraction(v))) for v in p_exact), default=0)
        raise NumericalError(
            f"the values of the network at theta overflow double precision (exact values of up to "
            f"{len(str(big))} digits), so the "
            "numerical search of the fiber cannot run and no claim about the point would be backed by it",
            hint="try smaller parameters, or a network with a lower activation power (the dimension, algnet dim, "
                 "is exact and needs no floats)")
    exact_pts = [theta] + _dead_families(net, theta, X, p_exact, rng)
    num_pts = []
    scale = max(1.0, float(np.sqrt(np.mean([float(t) ** 2 for t in theta]))))
    for sp in spaces:
        for _ in range(starts):
            u0 = rng.standard_normal(sp.n_params) * scale
            with np.errstate(over="ignore", invalid="ignore"):
                u, res = levenberg_marquardt(sp, target, Xn, u0)
            if not np.isfinite(res) or res > 1e-9:    # not converged (an overflow is a start that diverged)
                continue
            full = sp.embed(u) if hasattr(sp, "embed") else u
            full = np.asarray(full, dtype=np.float64)
            if not _finite(full):
                continue
            ex = _snap(net, full, target, Xn, X, p_exact, hints=theta if sp is not net else ())
            if ex is not None:
                # a fiber point found in another stratum's space has dead parameters of its own (dense 2-2-1
                # r=4: at p = c l^4, reached with W1 of rank one, the point with neuron 2 removed frees its
                # incoming weights; their tangent planes span 5 > 4 dimensions, while theta's own family
                # showed none and the stratum was called smooth)
                exact_pts += [ex] + (_dead_families(net, ex, X, p_exact, rng) if sp is not net else [])
            else:
                num_pts.append(full)
    return exact_pts, num_pts


def _tangent_planes(net, exact_pts, num_pts, X, n) -> dict:
    """The fiber points' tangent planes: exact Jacobians and ranks, numerical ones with a clear rank, the span's
    dimension (exact and numerical), the distinct full-rank planes, their pairwise intersections' dimensions,
    and whether a rank drop lies on no full-rank plane (``unresolved``)."""
    ex_J = [_exact_jac(net, t, X) for t in exact_pts]
    ex_rank = [_rank(J) for J in ex_J]
    nu_J, nu_rank = [], []
    for t in num_pts:  # same exact sample points, float; keep only points with a clear numerical rank
        with np.errstate(over="ignore", invalid="ignore"):
            J = _num_jac(net, t, X)
        r = _clear_rank(J) if _finite(J) else None
        if r is not None:
            nu_J.append(J)
            nu_rank.append(r)
    span_ex = _rank(np.concatenate(ex_J, axis=1))
    span_num = _num_rank(np.concatenate([J.astype(complex) for J in ex_J] + nu_J, axis=1)) if nu_J else span_ex
    planes = []
    for J in (J for J, r in zip(ex_J, ex_rank) if r == n):
        if all(_planes_distinct_exact(J, P, n) for P in planes):
            planes.append(J)
    planes_num = []
    for J, r in zip(nu_J, nu_rank):
        if r != n:
            continue
        same = any(_num_rank(np.concatenate([J, P.astype(complex)], axis=1)) == n for P in planes) or \
            any(_num_rank(np.concatenate([J, P], axis=1)) == n for P in planes_num)
        if not same:
            planes_num.append(J)
    inter = []
    allp = [P.astype(complex) for P in planes] + planes_num
    for i in range(len(allp)):
        for j in range(i + 1, len(allp)):
            if i < len(planes) and j < len(planes):
                inter.append(2 * n - _rank(np.concatenate([planes[i], planes[j]], axis=1)))
            else:
                inter.append(2 * n - _num_rank(np.concatenate([allp[i], allp[j]], axis=1)))
    # rank-deficient planes not contained in a full-rank plane: unresolved rank drops
    unresolved = False
    for J, r in zip(ex_J, ex_rank):
        if r < n and not any(_rank(np.concatenate([J, P], axis=1)) == n for P in planes):
            if not any(_num_rank(np.concatenate([J.astype(complex), P], axis=1)) == n for P in planes_num):
                unresolved = True
    return dict(ex_J=ex_J, ex_rank=ex_rank, rank0=ex_rank[0], n_numerical=len(nu_J), span_ex=span_ex,
                span_num=span_num, n_planes=len(planes) + len(planes_num), inter=inter, unresolved=unresolved)


def _decide(net, exact_pts, tp, X, n, stratum_dimension, rng):
    """Singular or smooth at p (and nodal), from the tangent planes ``tp`` and, at a rank drop they leave open,
    exact limits of tangent planes along random lines; (singular, nodal, decided_by, proves, certified,
    limit_planes_differ)."""
    singular = nodal = limit_differ = None
    decided, proves, certified = "none", "", False
    span_ex, span_num, rank0, n_planes = tp["span_ex"], tp["span_num"], tp["rank0"], tp["n_planes"]
    if span_ex > n:
        singular, decided, certified = True, "fiber tangent spaces (exact)", True
        proves = (f"exact fiber points whose tangent planes span {span_ex} > {n} dimensions: the Zariski "
                  f"tangent space of the closure at p has dimension >= {span_ex}, so p is singular")
    elif span_num > n:
        singular, decided = True, "fiber tangent spaces (numerical)"
        proves = (f"fiber points (some only numerical) whose tangent planes span {span_num} > {n} dimensions; "
                  "numerical evidence that p is singular")
    if singular is None and rank0 < n:
        # limits along random lines through several exact fiber points (theta and its dead-parameter family)
        lims = []
        for b in [t for t, r in zip(exact_pts, tp["ex_rank"]) if r < n][:4]:
            for _ in range(2):
                d = [int(v) for v in rng.integers(-5, 6, size=net.n_params)]
                lims.append(limit_tangent_plane(net, b, d, X=X))
        limit_differ = any(_rank(np.concatenate([lims[0], L], axis=1)) > n for L in lims[1:])
        if limit_differ:
            singular, decided, certified = True, "limits of tangent planes (exact)", True
            proves = ("two exact limits of tangent planes along curves into p differ; at a smooth point of the "
                      "closure all limits equal its tangent space, so p is singular")
    if singular is True:
        if not tp["unresolved"] and n_planes >= 2:
            # transversality (pairwise intersections = tangent space of the stratum) checked when its dimension is known
            nodal = stratum_dimension is None or all(d == stratum_dimension for d in tp["inter"])
        else:
            nodal = False
    if singular is None:
        if rank0 == n and n_planes == 1:
            singular, decided = False, "fiber tangent spaces"
            proves = ("mu has full rank at the fiber points found and they share one tangent plane: p is a "
                      "smooth point of the image of a neighbourhood of them (no other branch was found by the "
                      "numerical fiber search; not a proof that none exists)")
        elif not tp["unresolved"] and n_planes == 1:
            singular, decided = False, "fiber tangent spaces"
            proves = ("the rank drops at p's preimage only inside a fiber family that also contains full-rank "
                      "points with one common tangent plane (smooth point reached through a degenerate "
                      "parametrization; no other branch found numerically)")
        else:
            singular, decided = False, "limits of tangent planes"
            proves = ("rank drop, but the exact limits of tangent planes along random curves agree: no "
                      "singularity detected (a smooth point reached through a degenerate parametrization, "
                      "or a singularity these tests do not see)")
    return singular, nodal, decided, proves, certified, limit_differ


#: A start of the real preimage search of :func:`_boundary_witness` that ends below this relative residual (but above
#: the 1e-6 that accepts a preimage) is continued for :data:`POLISH_ITERATIONS` more iterations: near a rank drop
#: Levenberg-Marquardt creeps before it converges. ``dense 2-2-2-1 r=2``'s stratum rank W2 <= 1 (seed 10) was called
#: a boundary with the best starts at 2e-6 and 6e-6 after 200 iterations; 2000 more took them to 1e-12, real
#: preimages of points that are inside the real image (every real binary quartic near c g^2 is Q(u^2, v^2) in real
#: coordinates u, v).
POLISH_BELOW = 1e-3
POLISH_ITERATIONS = 2000


def _real_preimage_residual(net, q, Xn, theta, e, sval, rng, trials: int) -> float:
    """The least relative residual of a real preimage of ``q`` that Levenberg-Marquardt finds from ``trials``
    starts (the first from theta + sval e, the others random at theta's scale), the best start continued for
    :data:`POLISH_ITERATIONS` more iterations when it ends between 1e-6 and :data:`POLISH_BELOW`; 0 when an
    overflow makes the search prove nothing."""
    N = net.n_params
    best, best_x = np.inf, None
    scale = max(1.0, float(np.sqrt(np.mean([float(t) ** 2 for t in theta]))))
    for st in range(trials):
        x0 = (np.array([float(t) + sval * float(d) for t, d in zip(theta, e)]) if st == 0
              else rng.standard_normal(N) * scale)
        with np.errstate(over="ignore", invalid="ignore"):
            x, res = levenberg_marquardt(net, q, Xn, x0, iters=200)
        if not np.isfinite(res):    # an overflow: this search proves nothing, so no witness
            return 0.0
        if res < best:
            best, best_x = res, x
        if best < 1e-8:
            return best
    if 1e-6 <= best < POLISH_BELOW:
        with np.errstate(over="ignore", invalid="ignore"):
            _, res = levenberg_marquardt(net, q, Xn, best_x, iters=POLISH_ITERATIONS)
        best = 0.0 if not np.isfinite(res) else min(best, res)
    return best


def _boundary_witness(net, theta, J0, X, Xn, rng, trials: int = 30) -> bool:
    """Look for a kernel direction e with mu(theta + s e) even in s whose
    imaginary curve q(s) = mu(theta + i s e) (real) has no real preimage.

    ``trials`` Levenberg-Marquardt starts per point q(s) (one from theta + s e, the others random): with 10,
    ``dense 4-2-1 r=2``'s stratum rank W1 <= 1 was called a boundary in 2 of seeds 0-7 although every real
    quadric of rank <= 2 is c1 l1^2 + c2 l2^2 with real weights (Sylvester); a start whose output weights
    have the wrong signs converges to a local minimum. With 30: 0 of 8, and the rank-one attention boundary
    still found in 8 of 8 (0.5 s more per true boundary)."""
    N = net.n_params
    K = kernel_qq(J0)
    if not K:
        return False
    T = net.symmetry_tangents(theta, backend=Exact())
    T = np.asarray(T, dtype=object).reshape(-1, N)
    off = _offsets(net)
    names = list(off)
    cands = []
    # kernel vectors supported on pairs of parameter arrays, then random combinations
    groups = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]] + [(a,) for a in names]
    for g in groups:
        cols = [j for nm in g for j in range(off[nm][0], off[nm][0] + prod(off[nm][1]))]
        Kg = kernel_qq(J0[:, cols])
        if not Kg:
            continue
        for kv in Kg:
            e = [Fraction(0)] * N
            for t, j in enumerate(cols):
                e[j] = kv[t]
            cands.append(e)
        for _ in range(2):
            c = [int(v) for v in rng.integers(-3, 4, size=len(Kg))]
            e = [Fraction(0)] * N
            for ci, kv in zip(c, Kg):
                for t, j in enumerate(cols):
                    e[j] += ci * kv[t]
            cands.append(e)
    for _ in range(2):
        c = [int(v) for v in rng.integers(-3, 4, size=len(K))]
        cands.append([sum(ci * kv[j] for ci, kv in zip(c, K)) for j in range(N)])
    rT = _rank(T) if T.size else 0
    tried = 0
    for e in cands:
        if all(v == 0 for v in e):
            continue
        if T.size and _rank(np.concatenate([T, np.array([e], dtype=object)], axis=0)) == rT:
            continue  # a symmetry direction
        if not _even_curve(net, theta, e, X):
            continue
        tried += 1
        ok = True
        for sval in (0.5, 0.25):
            th = np.array([float(t) + 1j * sval * float(d) for t, d in zip(theta, e)])
            with np.errstate(over="ignore", invalid="ignore"):
                q = _num_values(net, th, Xn)
            if not _finite(q) or np.max(np.abs(q.imag)) > 1e-8 * max(1.0, np.max(np.abs(q))):
                ok = False
                break
            q = q.real.astype(complex)
            best = _real_preimage_residual(net, q, Xn, theta, e, sval, rng, trials)
            if best < 1e-6:
                ok = False
                break
        if ok:
            return True
        if tried >= 12:
            break
    return False
