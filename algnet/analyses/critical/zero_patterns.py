"""Critical points on the zero patterns of a network whose symmetries are rescalings, including where the image is
one point.

When the known continuous symmetries are rescalings (a torus acting with integer weights,
:func:`~.symmetry_class.torus_weights`), the parameters fall into *blocks* (those scaled alike: a layer's weights,
a filter) and d mu drops rank on the coordinate subspaces where some blocks vanish. On such a subspace S (n_S
parameters, torus orbits of dimension o_S at its generic points) the image mu(S) can be lower-dimensional than
S modulo the orbits, down to one point (linear 1-1-1-1, a b c: on a = b = 0 the image is 0); the critical points
of L there are not the critical points of l on mu(S) at a generic point of the fiber (which the strata's own solves
find) but the points of S where the whole gradient J^T Q (mu - u) of L vanishes, a condition on the point of the
fiber. They form sets of dimension d modulo the rescalings, 0 <= d <= k_S = n_S - o_S. Every set of dimension d
meets a random affine slice of S of dimension m = k_S - d in isolated points, and those are the isolated
non-singular solutions of m random combinations of the gradient's n equations on the slice (a set of larger
dimension meets it in a curve or more: singular solutions, left out). So for m = 0, ..., k_S one total-degree
homotopy with the gamma trick (degree 2 D - 1, D the degree of mu in the parameters; (2 D - 1)^m paths) finds a
point of every set of dimension k_S - m (m = 0: one random point of S, critical or not). A point found on S whose
parameters have more zero blocks lies on that smaller subspace and is left to it (searched on its own), so each set
is counted once, under the zero blocks its points have; a point that lies on a larger critical set (its parameters'
local dimension, :func:`parameter_dimension`, exceeds the set's) is left to that set when a searched subspace holds
the larger set's generic points; when none does (their zero blocks are no searched pattern and d mu drops rank there)
the larger set is kept here, with its dimension modulo the symmetries measured in the parameters. Those are the sets
where two neurons merge (proportional incoming weights: the smaller network's critical points are sets of dimension
at least 1 of the larger one, Fukumizu-Amari 2000), met where one of the two has w_j = 0: dense 2-2-1 r=2 has four
(w1 || w2, Macaulay2's decomposition of the critical ideal). The subspaces searched are those where d mu drops rank
at the generic point, and those where it has full rank but mu is one point (dense 2-3-1 r=2 at a = 0: d mu drops
rank where two l_i are parallel, off the coordinate subspaces); the others are the main solve's where d mu has full
rank; their rank-drop points are not searched: the result names those patterns, and the counts are lower bounds
unless an argument shows them reached elsewhere (:mod:`.zero_pattern_skips`: one hidden layer with one or two inputs
and r = 2, where they lie on the sets of merged neurons; an output bias; a linear network; dense 3-3-1 r=2 on a1 = 0
holds a set of dimension 2 whose generic points lie on no searched pattern).

Where the symmetries are GL of hidden layers (linear networks of width >= 2) the blocks are the weight matrices and
the orbits' dimension on a subspace is the rank of the symmetry tangents there: linear 2-2-2-2 has the critical
orbits (I, 0, 0), (0, I, 0), (0, 0, I) of image 0. Their other rank-drop sets (a weight matrix of lower rank, not
zero) are no coordinate subspace and are not searched here: with two hidden layers or more they can hold critical sets
no zero pattern reaches (linear 2-2-2-2: W2 = 0, W1 = x p^T, W3 = q y^T, q^T U p = 0, by hand), so the search says so
and the counts are lower bounds. So do slices above :data:`ZERO_PATTERN_PATHS` paths and networks of more than
:data:`MAX_BLOCKS` blocks: a count is complete only when every part of the search ran.

By hand, linear 1-1-1-1 at the target 2 (L = (a b c - 2)^2): the critical points are a b c = 2 and the three
axes; modulo the rescalings the axes (1, 0, 0), (0, 1, 0), (0, 0, 1) are three points (their subspaces: two of
the three blocks zero, n_S = o_S = 1, m = 0) besides the origin. Linear 2-1-1-2 (Y = b c a^T) at a generic
target U: {b = 0, c^T U a = 0} is a critical set of dimension 3 - 2 = 1 modulo the rescalings (m = 1 on b = 0),
(0, 1, 0) a point.

Examples
--------
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.system import GradientFamily
>>> net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0])
>>> full = GradientFamily(net, L, (), [], rng)
>>> found = zero_pattern_points(full, L.u, rng)
>>> sorted((tuple(int(abs(t) > 1e-9) for t in th), d) for _, th, d in found)
[((0, 0, 1), 0), ((0, 1, 0), 0), ((1, 0, 0), 0)]
"""

from __future__ import annotations

import itertools

import numpy as np

from algnet.homotopy.systems import System

__all__ = ["zero_pattern_points", "parameter_blocks", "parameter_dimension", "quotient_dimension", "is_zero_pattern",
           "is_through_pattern",
           "ZERO_PATTERN_PATHS", "MAX_BLOCKS", "ZERO_PATTERN_TOTAL_PATHS", "ZERO_PATTERN_POINTS"]

#: Most paths of one homotopy of the zero-pattern search (tracked in python, ~20-40 ms a path; above it that slice
#: dimension and the larger ones are skipped, and said)
ZERO_PATTERN_PATHS = 256
#: Most parameter blocks whose zero patterns are searched (2^blocks - 2 subspaces)
MAX_BLOCKS = 8
#: Most paths of the whole zero-pattern search (its slices together; ~1-2 min at most): the slices past it are
#: not searched, and said (the counts are then lower bounds)
ZERO_PATTERN_TOTAL_PATHS = 3000
#: Most critical points of the whole zero-pattern search whose local dimension is measured (the costly step, ~0.1-0.5
#: s each), after the cheap tests (zero blocks, image): the points past it are not examined, and said
ZERO_PATTERN_POINTS = 120
_LABEL = "zero pattern: parameters {} zero"
#: the label of a critical set off the coordinate subspaces found through a zero pattern (:func:`through_pattern`)
_THROUGH = _LABEL + ", on a critical set through it off the coordinate subspaces"


def is_zero_pattern(source: str) -> bool:
    """Whether a point's ``source`` is a zero pattern of this search.

    Examples
    --------
    >>> is_zero_pattern("zero pattern: parameters [0, 1] zero"), is_zero_pattern("origin")
    (True, False)
    """
    return str(source).startswith(_LABEL.split("{")[0])


def is_through_pattern(source: str) -> bool:
    """Whether a point's ``source`` is a critical set off the coordinate subspaces met by this search on a zero pattern
    (:func:`~.merged_sets.larger_set_off_patterns`): its points have one image, and an isolated spurious point over
    that image is a point of it (:func:`~.classify.merge_components`).

    Examples
    --------
    >>> is_through_pattern(_THROUGH.format([0, 1])), is_through_pattern(_LABEL.format([0, 1]))
    (True, False)
    """
    return is_zero_pattern(source) and str(source).endswith(_THROUGH.split("}")[-1])


def parameter_blocks(W) -> list:
    """The parameters grouped by their column of torus weights W (those rescaled alike), in order of first index.

    Examples
    --------
    >>> parameter_blocks(np.array([[1, 1, -1, -1, 0, 0], [0, 0, 1, 1, -1, -1]]))
    [[0, 1], [2, 3], [4, 5]]
    """
    W = np.asarray(W)
    groups: dict = {}
    for j in range(W.shape[1]):
        groups.setdefault(tuple(W[:, j].tolist()), []).append(j)
    return sorted(groups.values())


class _RandomizedGradient(System):
    """m random combinations R grad L(theta) on the affine slice theta = c0 + N phi (phi in C^m), at the target u."""

    def __init__(self, full, u, c0, N, R):
        self.full, self.u = full, np.asarray(u, dtype=np.complex128)
        self.c0, self.N, self.R = c0, N, R
        self.n_vars = N.shape[1]

    def evaluate(self, X, P=None):
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        theta = self.c0[None, :] + X @ self.N.T
        G, H = self.full.evaluate(theta, np.broadcast_to(self.u, (X.shape[0], self.u.shape[0])))
        return G @ self.R.T, np.einsum("ai,nij,jb->nab", self.R, H, self.N)


def _solve_slice(full, u, support, m, degree, rng):
    """(critical parameter points, paths failed) of the m-dimensional random affine slice of the coordinate subspace
    ``support``: the isolated non-singular solutions of m random combinations of grad L there (affine total-degree
    homotopy from phi_i^degree = 1 with the gamma trick) where L is critical."""
    from algnet.analyses.critical.rankdrop import _Powers
    from algnet.analyses.critical.spurious import _critical
    from algnet.homotopy.homotopies import StraightLineHomotopy, random_gamma
    from algnet.homotopy.tracker import TrackerOptions, track, whole

    n = full.net.n_params
    c0 = np.zeros(n, dtype=np.complex128)
    c0[support] = rng.normal(size=len(support)) + 1j * rng.normal(size=len(support))
    if m == 0:
        return ([c0] if _critical(full, c0, u) else []), 0
    N = np.zeros((n, m), dtype=np.complex128)
    N[support] = rng.normal(size=(len(support), m)) + 1j * rng.normal(size=(len(support), m))
    R = rng.normal(size=(m, n)) + 1j * rng.normal(size=(m, n))
    target = _RandomizedGradient(full, u, c0, N, R)
    roots = np.exp(2j * np.pi * np.arange(degree) / degree)
    X0 = np.array(np.meshgrid(*([roots] * m), indexing="ij")).reshape(m, -1).T
    tk = whole(track(StraightLineHomotopy(_Powers(m, degree), target, random_gamma(rng)), X0,
                     TrackerOptions(divergence_norm=1e8)))
    status, finite = np.asarray(tk.status), np.all(np.isfinite(tk.x), axis=1)
    # a path that reached t = 1 without its end converging is examined like a success: its end is a singular
    # solution (not counted: only non-singular ones are), else it is judged below; paths stopped before t = 1 failed
    ended = np.isclose(np.asarray(tk.t, dtype=float), 1.0, rtol=0, atol=1e-12) & finite
    unsettled = ~np.isin(status, ("success", "diverged", "singular"))
    failed = int((unsettled & ~ended).sum())
    out, take = [], ((status == "success") & finite) | (unsettled & ended)
    for x, success in zip(tk.x[take], status[take] == "success"):
        for _ in range(4):                                  # Newton on the square system sharpens the endpoint
            F, J = target.evaluate(x[None, :])
            try:
                x = x - np.linalg.solve(J[0], F[0])
            except np.linalg.LinAlgError:
                break
        J = target.evaluate(x[None, :])[1][0]
        sv = np.linalg.svd(J, compute_uv=False)
        theta = c0 + N @ x
        if sv[-1] > 1e-8 * max(sv[0], 1e-300):
            if _critical(full, theta, u):
                out.append(theta)
            elif not success:
                failed += 1                                 # a non-singular end that is no solution: a failure
    return out, failed


def parameter_dimension(full, theta, u, eps: float = 1e-3, samples: int = 2, rng=None, blocks=None,
                        above=None) -> int:
    """The local dimension of the critical set {grad L = 0} at theta in parameter space: critical points at a pinned
    distance eps (1 + |theta|) along kernel directions of the Hessian (:func:`~.posdim.pinned_project`), the rank of
    their displacements (singular values above a twentieth of that distance). ``blocks`` (groups of parameter
    indices, :func:`parameter_blocks`): the kernel directions restricted to each block are tried too, so that a branch
    of the set along a coordinate subspace is reached where several branches meet at theta (skipped when the random
    kernel directions already gave more than ``above``: enough for a test "larger than ``above``").

    A local, probabilistic measure: at a smooth point of one set it is that set's dimension; where several branches
    meet it counts the displacements along every branch a projection reached (at least the largest branch's
    dimension when that one is reached, possibly more), and it falls short of a branch no projection reached (no
    bound either way there). dense 3-2-1 r=2 at l1 = 0, a1 = a2 = 0, <l2^2, u> = 0 (the vertex of the cone
    <l1^2, u> = 0 of the set a1 = a2 = 0, <l1^2, u> = <l2^2, u> = 0 of dimension 4): random kernel directions gave
    2, the block directions give at least 4.

    Examples
    --------
    L = (a b c - 2)^2: the c-axis (0, 0, c) is a line of critical points; a b c = 2 is a surface:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 1-1-1-1", target=[2.0])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> parameter_dimension(full, np.array([0, 0, 1.0]), L.u), parameter_dimension(full, np.array([1, 1, 2.0]), L.u)
    (1, 2)
    """
    return _nearby_critical(full, theta, u, eps, samples, rng, blocks, above)[0]


def _nearby_critical(full, theta, u, eps, samples, rng, blocks=None, above=None):
    """(local dimension of the critical set at theta, the critical points found near it): :func:`parameter_dimension`
    and its samples."""
    from algnet.analyses.critical.posdim import hessian_corank, hessian_floor

    rng = rng if rng is not None else np.random.default_rng(0)
    x = np.asarray(theta, dtype=np.complex128)
    corank, K = hessian_corank(full.evaluate(x[None, :], u)[1][0], floor=hessian_floor(full, x, u))
    if corank == 0:
        return 0, []
    s = eps * (1.0 + float(np.max(np.abs(x))))
    P = _displacements(full, x, u, s, [K @ (rng.normal(size=corank) + 1j * rng.normal(size=corank))
                                       for _ in range(corank + samples)])
    rank = _rank(P, s)
    if above is not None and rank > above:
        return rank, [x + z for z in P]
    for b in blocks or ():
        Kb = np.zeros_like(K)
        Kb[b] = K[b]
        if np.linalg.norm(Kb) > 1e-8 * np.linalg.norm(K):
            P += _displacements(full, x, u, s, [Kb @ (rng.normal(size=corank) + 1j * rng.normal(size=corank))
                                                for _ in range(min(len(b), corank))])
    return _rank(P, s), [x + z for z in P]


def _displacements(full, x, u, s, directions) -> list:
    """z - x for the critical points z pinned at distance s from x along each direction (those found)."""
    from algnet.analyses.critical.posdim import pinned_project

    out = []
    for d in directions:
        z = pinned_project(full, x, s * d / np.linalg.norm(d), u)
        if z is not None:
            out.append(z - x)
    return out


def _rank(P, s) -> int:
    """The number of singular values of the displacements P above a twentieth of their length s (0 for none)."""
    return int(np.sum(np.linalg.svd(np.array(P), compute_uv=False) > 0.05 * s)) if P else 0


def quotient_dimension(full, theta, u, eps: float = 1e-3, samples: int = 2, rng=None) -> int:
    """The dimension modulo the symmetries of the critical set through theta: its local dimension in the parameters
    (:func:`parameter_dimension`) less the largest dimension of the symmetry orbits at theta and at the critical points
    found near it (the orbits at theta can be smaller than those of the set's generic points, which theta is in the
    closure of). Local and probabilistic, as :func:`parameter_dimension`.

    Examples
    --------
    linear 3-2-2-3, Frobenius, target diag(3, 2, 1): W1 = e1 e1^T, W2 = 3 e1 e1^T, W3 = [e1, w] (ranks 1, 1, 2, image
    3 e1 e1^T) is critical for every w (by hand: with R = -diag(0, 2, 1), R W1^T = 0, R^T W3 W2 = 0). The column space
    of W3, a plane through e1, is invariant under GL and moves with w: a set of dimension 1 modulo the symmetries (in
    a set of dimension 9 in the parameters whose generic orbits have dimension 8), not an isolated point:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 3-2-2-3", target=[3.0, 0, 0, 0, 2, 0, 0, 0, 1])
    >>> th = np.r_[[1.0, 0, 0, 0, 0, 0], [1.0, 0, 0, 0], [1.0, 0, 0, 1, 0, 0]] * np.r_[[1.0] * 6, [3.0] * 4, [1.0] * 6]
    >>> quotient_dimension(GradientFamily(net, L, (), [], rng), th, L.u)
    1
    """
    from algnet.analyses.critical.spurious import _sym_tangents

    pdim, Z = _nearby_critical(full, theta, u, eps, samples, rng)
    if not pdim:
        return 0

    def orbit(z):
        T = _sym_tangents(full.net, z)
        return int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size \
            else 0

    return max(0, pdim - max(orbit(np.asarray(z, dtype=np.complex128)) for z in [theta] + list(Z)))


def _real_point_of_set(full, theta, support, u, iterations: int = 40):
    """A real critical point with theta's zero pattern and image near the complex point theta of a critical set (Newton
    with minimum-norm steps on grad L = 0 over the real parameters of ``support``, from the real part of theta), or
    theta itself when none is found (a local search)."""
    from algnet.analyses.critical.spurious import _critical, seen_image

    x = np.zeros(full.net.n_params)
    x[support] = np.asarray(theta, dtype=np.complex128)[support].real
    for _ in range(iterations):
        G, H = full.evaluate(x[None, :].astype(np.complex128), u)[:2]
        step = np.linalg.lstsq(H[0].real[:, support], G[0].real, rcond=1e-10)[0]
        x[support] -= step
        if not np.all(np.isfinite(x)):
            return theta
        if np.linalg.norm(step) <= 1e-13 * (1 + np.linalg.norm(x)):
            break
    z = x.astype(np.complex128)
    if (np.min(np.abs(x[support])) > 0 and _critical(full, z, u)
            and seen_image(full.image(z[None, :])[0], [full.image(np.asarray(theta)[None, :])[0]])):
        return z
    return theta


def _array_blocks(net) -> list:
    """The parameter arrays of a network whose symmetries are not rescalings (a linear network's weight matrices,
    acted on by GL of the hidden layers) as blocks, when it has known continuous symmetries; else []."""
    from algnet.analyses.critical.spurious import _sym_tangents

    probe = np.random.default_rng(11).normal(size=net.n_params) + 0j
    if not _sym_tangents(net, probe).shape[0] or not hasattr(net, "param_shapes"):
        return []
    out, i = [], 0
    for _, shape in net.param_shapes:
        k = int(np.prod(shape))
        out.append(list(range(i, i + k)))
        i += k
    return out if len(out) > 1 else []


def _orbit_dimension(net, W, support, probe) -> int:
    """The dimension of the symmetry orbits at a generic point of the coordinate subspace ``support`` (``probe`` a
    random point of it): the rank of the torus weights there, or of the symmetry tangents at ``probe``."""
    if W is not None:
        return int(np.linalg.matrix_rank(np.asarray(W, dtype=float)[:, support])) if W.shape[0] else 0
    from algnet.analyses.critical.spurious import _sym_tangents

    T = _sym_tangents(net, probe)
    return int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size else 0


def zero_pattern_points(full, u, rng, report=None, max_paths: int = ZERO_PATTERN_PATHS,
                        show_progress: bool | None = None) -> list:
    """(label, theta, d): a point of every critical set of L of dimension d modulo the rescalings found on a zero
    pattern of the parameter blocks (module doc), one per (pattern, d, image) for d > 0. Where the symmetries are not
    rescalings (GL of a linear network's hidden layers) the blocks are the parameter arrays and the orbits' dimension
    is the rank of the symmetry tangents; [] when there are no known continuous symmetries or more than
    :data:`MAX_BLOCKS` blocks. ``show_progress`` (default: ``full.show_progress`` when set): a bar of the paths
    tracked, against the total of :func:`~.zero_pattern_cost.zero_pattern_plan` (an upper bound). What was not
    searched (those blocks, slices above ``max_paths`` paths, failed paths, the rank patterns of a network with two
    GL hidden layers or more) goes to ``report`` (a dict) as an "uncovered" entry: the counts are then lower bounds.
    The origin (every block zero) is not searched here.

    Examples
    --------
    dense 1-1-1 r=2: y = w2 w1^2, L = (w2 w1^2 - u)^2; on w1 = 0 every point is critical (one orbit modulo the
    rescaling (w1, w2) -> (t w1, w2 / t^2)), on w2 = 0 none:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 1-1-1 r=2", target=[1.0])
    >>> [(label, d) for label, _, d in zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng)]
    [('zero pattern: parameters [0] zero', 0)]
    """
    from algnet.analyses.critical.symmetry_class import torus_weights

    net = full.net
    W = getattr(full, "_torus_weights", False)
    if W is False:
        W = full._torus_weights = torus_weights(net)
    blocks = parameter_blocks(W) if W is not None else _array_blocks(net)
    if W is not None and not np.asarray(W).shape[0]:
        from algnet.analyses.critical.zero_pattern_skips import unrescaled_patterns_note

        note = unrescaled_patterns_note(net)        # no rescalings: no blocks, said where neurons can die
        _say_unsearched(report, [note] if note else [], 0)
        return []
    if not blocks:
        return []
    from algnet.analyses.critical.rank_patterns import searches

    unsearched = [] if W is not None or searches(net) else _rank_patterns_unsearched(net)
    if len(blocks) > MAX_BLOCKS:
        unsearched.append(f"{len(blocks)} parameter blocks (more than {MAX_BLOCKS}): the zero patterns of the "
                          "parameters were not searched (critical points where whole blocks vanish and the image "
                          "is one point are not counted)")
        _say_unsearched(report, unsearched, 0)
        return []
    bar = _bar(net, max_paths, getattr(full, "show_progress", False) if show_progress is None else show_progress)
    try:
        raw, complete, why, full_rank = _search(full, u, W, blocks, rng, max_paths, bar)
    finally:
        if bar is not None:
            bar.close()
    found, more = _keep(full, u, blocks, raw, complete)
    from algnet.analyses.critical.zero_pattern_skips import skipped_notes

    bad, covered = skipped_notes(net, blocks, full_rank)
    _say_unsearched(report, unsearched + why + more + ([bad] if bad else []),
                    sum(f for f in complete.values() if f is not True), covered)
    return found


def _bar(net, max_paths, show):
    """A tqdm bar over the paths of the search's plan (None unless ``show``)."""
    if not show:
        return None
    from tqdm.auto import tqdm

    from algnet.analyses.critical.zero_pattern_cost import zero_pattern_plan

    return tqdm(total=int(zero_pattern_plan(net, max_paths)[1]), desc="zero patterns", unit="path", leave=False)


def _search(full, u, W, blocks, rng, max_paths, bar=None):
    """The slices of every zero pattern where d mu drops rank (module doc), within the path limits: (raw, complete,
    notes), raw the (zero blocks, support, orbit dimension, slice dimension m, critical points) of each slice solved,
    complete[zero] True when every slice of that pattern was solved without a failed path (else its failed paths, an
    int), notes what was not searched."""
    from algnet.analyses.critical.paths import _jacobian_ranks
    from algnet.analyses.network_input import network_dimension

    net = full.net
    degree = max(1, 2 * int(net.parameter_degree()) - 1)
    dim = network_dimension(net, int(rng.integers(2**31)))
    raw, complete, skipped, tracked, over, full_rank = [], {}, 0, 0, 0, []
    for k in range(1, len(blocks)):
        for zero in itertools.combinations(range(len(blocks)), k):
            support = sorted(j for i, b in enumerate(blocks) if i not in zero for j in b)
            probe = np.zeros(net.n_params, dtype=np.complex128)
            probe[support] = rng.normal(size=len(support)) + 1j * rng.normal(size=len(support))
            if int(_jacobian_ranks(full, probe[None, :])[0][0]) >= dim:
                if _image_rank_on(full, probe, support):
                    full_rank.append(zero)      # full rank on S: its critical points are the main solve's where d mu
                    continue                    # has full rank; where it drops rank in S: said, and a lower bound
                    #                             unless an argument shows them reached elsewhere (.zero_pattern_skips)
                #                                 (d mu has full rank at S's generic point but mu(S) is one point: d mu
                #                                 can drop rank off the coordinate subspaces in S, dense 2-3-1 r=2 at
                #                                 a = 0 where two l_i are parallel: searched too)
            o = _orbit_dimension(net, W, support, probe)
            kS, failed = len(support) - o, 0
            for m in range(kS + 1):
                if degree ** m > max_paths:
                    skipped += kS + 1 - m
                    failed = failed or -1
                    break
                if tracked + degree ** m > ZERO_PATTERN_TOTAL_PATHS:
                    over += kS + 1 - m
                    failed = failed or -1
                    break
                tracked += degree ** m
                pts, f = _solve_slice(full, u, support, m, degree, rng)
                if bar is not None:
                    bar.update(degree ** m)
                failed += f
                raw.append((zero, support, o, m, pts))
            complete[zero] = True if not failed else max(failed, 0)
    why = []
    if skipped:
        why.append(f"{skipped} slice(s) of zero patterns not searched (more than {max_paths} paths each): "
                   "critical sets of those dimensions there are not searched")
    if over:
        why.append(f"{over} slice(s) of zero patterns not searched (the search's total of "
                   f"{ZERO_PATTERN_TOTAL_PATHS} paths was reached): critical sets there are not searched")
    return raw, complete, why, full_rank


def _image_rank_on(full, probe, support) -> int:
    """The rank of d mu along the coordinates ``support`` at ``probe`` (singular values above 1e-7 times the largest
    of the whole d mu): the dimension of mu(S) near mu(probe), S the coordinate subspace.

    Examples
    --------
    dense 2-3-1 r=2 (y = sum a_i <l_i, x>^2): on a = 0 d mu has full rank 3 (the forms l_i^2 span), mu(S) is 0:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-3-1 r=2", loss="frobenius", seed=0)
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> probe = np.zeros(9, dtype=complex); probe[:6] = rng.normal(size=6)
    >>> _image_rank_on(full, probe, list(range(6))), _image_rank_on(full, probe, list(range(9)))
    (0, 3)
    """
    TJ = np.matmul(full.T, full._vj(np.asarray(probe, dtype=np.complex128)[None, :])[1])[0]
    top = float(np.linalg.svd(TJ, compute_uv=False)[0]) if TJ.size else 0.0
    s = np.linalg.svd(TJ[:, support], compute_uv=False) if len(support) else np.zeros(0)
    return int(np.sum(s > 1e-7 * max(top, 1e-300)))


def _zero_blocks(theta, blocks, tol: float = 1e-8) -> tuple:
    """The indices of the blocks where theta vanishes (entries below tol times theta's largest, at least tol).

    Examples
    --------
    >>> _zero_blocks(np.array([0, 1e-13, 2.0, 0, 0]), [[0, 1], [2], [3, 4]])
    (0, 2)
    """
    x = np.abs(np.asarray(theta, dtype=np.complex128))
    scale = tol * max(1.0, float(np.max(x, initial=0.0)))
    return tuple(i for i, b in enumerate(blocks) if float(np.max(x[b])) <= scale)


def _keep(full, u, blocks, raw, complete):
    """(label, theta, d) of the critical sets of the raw slice solutions (:func:`_search`), and notes on what was
    not examined. Cheap tests first: a point whose parameters have more zero blocks than its pattern lies on that
    smaller subspace and is left to it when it was searched completely (the origin to the caller), else labelled by
    its own zero blocks; a point of a set already kept (same zero blocks, dimension and image) is dropped; then one
    on a larger critical set (:func:`parameter_dimension` above d plus the orbits' dimension). At most
    :data:`ZERO_PATTERN_POINTS` points reach that test (the rest: said, the counts are then lower bounds)."""
    from algnet.analyses.critical.merged_sets import larger_set_off_patterns
    from algnet.analyses.critical.spurious import seen_image
    from algnet.analyses.critical.symmetry_class import same_class

    found, sets, orbits, through, examined, left = [], [], [], [], 0, 0
    for zero, support, o, m, pts in raw:
        d = len(support) - o - m
        for theta in pts:
            actual = _zero_blocks(theta, blocks)
            if actual != zero and (len(actual) == len(blocks) or complete.get(actual) is True):
                continue                        # on a smaller subspace searched on its own (the origin: the caller's)
            y = full.image(theta[None, :])[0]
            if d and any(z == actual and e == d and seen_image(y, [w]) for z, e, w in sets):
                continue                        # another point of a set already kept
            if not d and any(same_class(full, w, th, y, theta) for w, th in orbits):
                continue                        # a point of an orbit already examined (the slice meets it again)
            if examined >= ZERO_PATTERN_POINTS:
                left += 1
                continue
            examined += 1
            if not d:
                orbits.append((y, theta))
            pdim, near = _nearby_critical(full, theta, u, 1e-3, 2, None, blocks, d + o)
            if pdim > d + o:                    # on a larger critical set: found on its own subspace, if searched
                larger = larger_set_off_patterns(full, u, blocks, theta, pdim, near, complete)
                if larger is None:
                    continue
                # one set an image, of the largest dimension met: the set over an image is the smaller network's
                # critical point there, met again at its points of smaller orbits (dense 2-3-1 r=2: the set of
                # dimension 2 over each critical rank-one quadric was met at w1 = w2 = 0, a1 = 0 too, measured 1)
                same = [k for k, (_, _, w) in enumerate(through) if seen_image(y, [w])]
                if same and found[through[same[0]][1]][2] >= larger[1]:
                    continue
                label = _THROUGH.format([j for i in actual for j in blocks[i]])
                if same:
                    found[through[same[0]][1]] = (label, larger[0], larger[1])
                else:
                    through.append((actual, len(found), y))
                    found.append((label, larger[0], larger[1]))
                continue
            sets.append((actual, d, y))
            label = _LABEL.format([j for i in actual for j in blocks[i]])
            found.append((label, theta if not d else _real_point_of_set(full, theta, support, u), d))
    more = [f"{left} critical point(s) of the zero-pattern search not examined (its limit of {ZERO_PATTERN_POINTS} "
            "points was reached): critical sets there are not counted"] if left else []
    return found, more


def _say_unsearched(report, unsearched: list, failed: int, covered: str = "") -> None:
    """Records in ``report`` what the zero-pattern search did not cover: an "uncovered" entry, which makes the counts
    lower bounds (a count is complete only when every part of the search ran); the patterns it skipped whose critical
    points are shown reached elsewhere (:mod:`.zero_pattern_skips`) go to a "covered" entry (said, not partial)."""
    if report is None or not (unsearched or failed or covered):
        return
    why = list(unsearched) + ([f"{failed} path(s) of the zero-pattern search failed"] if failed else [])
    entry = {"trace_test_passed": None, "lost": 0, "uncovered": "; ".join(why)} if why else \
        {"trace_test_passed": True, "lost": 0}
    if covered:
        entry["covered"] = covered
    report["zero patterns"] = entry


def _rank_patterns_unsearched(net) -> list:
    """What the zero-pattern search leaves out on a network with GL symmetries of its hidden layers: [] when every
    weight array is a vector (a rank pattern is then a zero pattern) or there is one hidden layer; else a note. With
    two hidden layers or more a weight matrix of lower rank, not zero, can hold a critical set the zero patterns miss
    (linear 2-2-2-2 at an invertible target U: W2 = 0, W1 = x p^T, W3 = q y^T with q^T U p = 0, of dimension 1 modulo
    GL, by hand); its dimension modulo the symmetries is not the one of the generic points of its zero pattern.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [bool(_rank_patterns_unsearched(parse_spec(s))) for s in ("linear 2-2-2-2", "linear 3-2-3", "linear 1-2-1",
    ...                                                            "linear 3-2-3 bias")]
    [True, False, False, False]
    """
    from algnet.analyses.critical.rank_patterns import lower_rank_matrices

    if not lower_rank_matrices(net):          # the weight matrices (biases are vectors)
        return []
    return ["weight matrices of lower rank that are not zero (rank patterns) were not searched: with two hidden "
            "layers or more they can hold critical sets that no zero pattern reaches (the critical points there are "
            "not counted, and a set found on a zero pattern can have a larger dimension modulo the symmetries)"]
