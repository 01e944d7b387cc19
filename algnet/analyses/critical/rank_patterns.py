"""Critical points of a linear network on its rank patterns: where weight matrices have lower rank without being zero.

For a linear network Y = W_L ... W_1 (W_i of size d_i x d_(i-1)) and a quadratic loss l with gradient G at the image
W, the gradient of L = l o mu along W_i is W_(>i)^T G W_(<i)^T (W_(>i) = W_L ... W_(i+1), W_(<i) = W_(i-1) ... W_1).
Trager-Kohn-Bruna (ICLR 2020): at a critical point the image W, of rank rho, is a critical point of l on the
matrices of rank exactly rho (W^T G = 0 and G W^T = 0), a finite set for a generic target (Eckart-Young for the
Frobenius loss: the sums of rho of the target's singular terms). What is left is the fiber: the parameters over such
a W where every W_(>i)^T G W_(<i)^T vanishes, conditions on the column spaces of the W_(>i) and the row spaces of the
W_(<i) only, which no coordinate subspace of the parameters describes (linear 3-2-2-3: ranks (1, 2, 1) over a
rank-one image is one orbit of the symmetries; ranks (2, 1, 2) over it a set of dimension one: the column space of
W_3 and the row space of W_1 are planes through those of W on which G vanishes).

The search here: for every *rank pattern* r = (r_1, ..., r_L) below the full ranks (r_i <= min(d_i, d_(i-1))) and
every critical image W of a rank the pattern allows (Sylvester's bound to min r), the factors W_i = A_i B_i (A_i of
size d_i x r_i) are moved by Gauss-Newton with minimum-norm steps onto {mu = W, grad L = 0} from random starts (half
real), with random normalizations det(R_i W_i S_i) = c_i that keep every factor of rank r_i (without them the runs
drift to lower ranks). A point reached whose weights have the ranks r is a point of the critical set over W with that
pattern; the tangent space of that set there (the kernel of the Newton Jacobian, mapped to the weights; the least
over the runs: a run can end on a special point) gives its dimension in the weights, less the dimension of the orbit
of the hidden layers' GL (the rank of the symmetry tangents) its dimension d modulo the symmetries. Isolated orbits
(d = 0) over one W are told apart by the column spaces of the W_(>i) and row spaces of the W_(<i).

A set can lie in the closure of a larger one (linear 2-2-2-2 at the image 0: ranks (1, 0, 1) and (0, 1, 0) in the
closure of the set of ranks (1, 1, 1)). Only a set of larger ranks (entrywise) over the same image can contain it, so
it is tested only when such a set of larger dimension was found: at the image 0 an orbit is on such a closure when a
point of the larger set with the factors that vanish in the orbit set to 0 lies on it (the conditions are then
products of the factors: t W_i stays critical); otherwise when the whole critical set of L is larger there than the
set (:func:`~.zero_patterns.parameter_dimension`, the larger of two measures). Such a set is left out.

It is a local search: a set over W that no start reaches is missed, so it does not prove the counts complete
(:data:`RANK_PATTERN_NOTE` says so in the report). Checked against Macaulay2's minimal primes of the critical ideal
(Frobenius loss, targets diag(3, 1) and diag(3, 2, 1); tests/test_critical_rank_patterns.py): the same components
(ranks, image rank, dimension in the weights) on linear 2-1-1-2, 1-2-1, 2-2-2, 2-2-2-2 and, over each image, 3-2-2-3.

Examples
--------
linear 2-1-1-2 (y = c b a^T) at U = diag(3, 1): the rank pattern (1, 0, 1) holds the set b = 0, c^T U a = 0 of
dimension 3 in the weights, 1 modulo the rescalings; (0, 1, 0) the orbit a = c = 0 (Macaulay2: both components):

>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.system import GradientFamily
>>> net, L, rng = network_and_loss("linear 2-1-1-2", target=[3.0, 0, 0, 1])
>>> found = rank_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng)
>>> sorted((label, d) for label, _, d in found)
[('rank pattern: weight ranks (0, 1, 0)', 0), ('rank pattern: weight ranks (1, 0, 1)', 1)]
"""

from __future__ import annotations

import itertools

import numpy as np

from algnet.errors import NotApplicableError

__all__ = ["rank_pattern_points", "spurious_hook", "searches", "rank_patterns", "eckart_young_images",
           "weight_matrices", "lower_rank_matrices", "RANK_PATTERN_STARTS", "RANK_PATTERN_RUNS", "RANK_PATTERN_NOTE"]

#: Random starts of the Newton search per (rank pattern, critical image): half real, half complex
RANK_PATTERN_STARTS = 8
#: Most Newton runs of one call (patterns times images times starts; ~20-100 ms each): past it the rest is not
#: searched, and said (linear 3-2-2-3, Frobenius: 344 runs, ~21 CPU s)
RANK_PATTERN_RUNS = 3000
#: What the report says of the search (a local search proves no completeness)
RANK_PATTERN_NOTE = ("weight matrices of lower rank (rank patterns) searched by Newton from {} random starts per "
                     "pattern and critical image: a local search, critical sets it does not reach are not counted")
_LABEL = "rank pattern: weight ranks {}"


def weight_matrices(net, theta) -> list:
    """The weight matrices W_1, ..., W_L of a linear network without biases at the parameters theta
    (:func:`~.symmetry_class.linear_chain`, complex), or a :class:`~algnet.errors.NotApplicableError` for another
    network.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [W.shape for W in weight_matrices(parse_spec("linear 3-2-2-3"), np.arange(16.0))]
    [(2, 3), (2, 2), (3, 2)]
    """
    from algnet.analyses.critical.symmetry_class import linear_chain

    chain = linear_chain(net, theta)
    if chain is None:
        raise NotApplicableError("the rank-pattern search is for linear networks without biases (a chain of weight "
                                 "matrices); use the zero-pattern search of the other networks")
    return chain


def lower_rank_matrices(net) -> bool:
    """Whether ``net`` has two hidden layers or more and a weight matrix (an array of two axes) of two rows and two
    columns or more: where a weight matrix can have a rank that is neither full nor 0 (else every rank pattern is a
    zero pattern).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [lower_rank_matrices(parse_spec(s)) for s in ("linear 2-2-2-2", "linear 2-1-1-2", "linear 3-2-3")]
    [True, False, False]
    """
    shapes = [tuple(int(k) for k in shape) for _, shape in getattr(net, "param_shapes", ()) if len(shape) >= 2]
    return len(shapes) >= 3 and any(min(shape) >= 2 for shape in shapes)


def rank_patterns(widths) -> list:
    """The rank patterns (r_1, ..., r_L), 0 <= r_i <= min(d_(i-1), d_i), of a linear network of widths (d_0, ...,
    d_L), all but the full ranks and the zero weights (the origin), largest total rank first.

    Examples
    --------
    >>> rank_patterns([2, 1, 1, 2])
    [(1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 0, 0), (0, 1, 0), (0, 0, 1)]
    """
    top = tuple(min(widths[i], widths[i + 1]) for i in range(len(widths) - 1))
    out = [r for r in itertools.product(*(range(t, -1, -1) for t in top)) if r != top and any(r)]
    return sorted(out, key=lambda r: -sum(r))


def eckart_young_images(U, rank: int) -> list:
    """The critical points of the Frobenius distance to U on the matrices of rank exactly ``rank`` (Eckart-Young:
    the sums of ``rank`` of the singular terms sigma_k u_k v_k^T of U; U with distinct nonzero singular values).

    Examples
    --------
    >>> [np.round(W, 9).tolist() for W in eckart_young_images(np.diag([3.0, 1.0]), 1)]
    [[[3.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 1.0]]]
    """
    P, s, Vt = np.linalg.svd(np.asarray(U, dtype=float))
    return [sum((s[k] * np.outer(P[:, k], Vt[k]) for k in S), np.zeros(np.shape(U)))
            for S in itertools.combinations(range(len(s)), rank)]


def _critical_images(full, u, widths, images):
    """{rank: [image matrices]}: the given images (vectors of the loss coordinates, grouped by rank) or, for the
    Frobenius loss, Eckart-Young's; 0 always."""
    dL, d0 = widths[-1], widths[0]
    top = min(widths)
    out = {0: [np.zeros((dL, d0))]}
    L = full.loss
    if images is None:
        if L.kind != "frobenius" or not np.allclose(L.Q, np.eye(L.Q.shape[0])):
            raise NotApplicableError("the critical images of lower rank are needed for this loss (pass images=): "
                                     "only the Frobenius loss has them in closed form (Eckart-Young)")
        U = np.asarray(u, dtype=float).reshape(dL, d0)
        for rho in range(1, top):
            out[rho] = eckart_young_images(U, rho)
        return out
    for y in images:
        W = np.asarray(y, dtype=np.complex128).reshape(dL, d0)
        s = np.linalg.svd(W, compute_uv=False)
        rho = int(np.sum(s > 1e-7 * max(1.0, float(s[0]) if s.size else 1.0)))
        if 0 < rho < top and not any(np.max(np.abs(W - V)) <= 1e-6 * (1 + np.max(np.abs(W))) for V in out.get(rho, [])):
            out.setdefault(rho, []).append(W)
    return out


class _Pattern:
    """The weights of rank pattern r as factors W_i = A_i B_i (phi: the entries of every A_i then B_i)."""

    def __init__(self, widths, r):
        self.widths, self.r = list(widths), tuple(r)
        self.shapes = []
        for i, k in enumerate(self.r):
            self.shapes += [(widths[i + 1], k), (k, widths[i])]
        self.size = sum(a * b for a, b in self.shapes)

    def factors(self, phi):
        out, j = [], 0
        for a, b in self.shapes:
            out.append(phi[j:j + a * b].reshape(a, b))
            j += a * b
        return out

    def theta(self, phi):
        F = self.factors(phi)
        return np.concatenate([(F[2 * i] @ F[2 * i + 1]).ravel() for i in range(len(self.r))])

    def dtheta(self, phi):
        """d theta / d phi (n_params x size)."""
        F = self.factors(phi)
        col = 0
        n = sum(self.widths[i + 1] * self.widths[i] for i in range(len(self.r)))
        D = np.zeros((n, self.size), dtype=np.complex128)
        row = 0
        for i in range(len(self.r)):
            A, B = F[2 * i], F[2 * i + 1]
            a, b = A.shape[0], B.shape[1]
            # d(A B) = dA B + A dB, row-major vec: d(AB)[p, q] = sum_k dA[p, k] B[k, q] + A[p, k] dB[k, q]
            for p, k in itertools.product(range(a), range(A.shape[1])):
                D[row + p * b: row + (p + 1) * b, col + p * A.shape[1] + k] = B[k]
            col += A.size
            for k, q in itertools.product(range(B.shape[0]), range(b)):
                D[row + q: row + a * b: b, col + k * b + q] = A[:, k]
            col += B.size
            row += a * b
        return D


def _image_jacobian(Ws):
    """d vec(W_L ... W_1) / d theta (row-major vecs)."""
    L = len(Ws)
    cols = []
    for i in range(L):
        left = np.eye(Ws[-1].shape[0], dtype=np.complex128)
        for W in Ws[:i:-1]:
            left = left @ W
        right = np.eye(Ws[0].shape[1], dtype=np.complex128)
        for W in Ws[:i]:
            right = W @ right
        cols.append(np.kron(left, right.T))      # vec_r(left X right) = (left kron right^T) vec_r(X)
    return np.concatenate(cols, axis=1)


def _normalizations(pat, rng, free=()):
    """Random normalizations det(R_i W_i S_i) = c_i of the nonzero factors but those in ``free`` (R_i of size r_i x
    d_i, S_i of size d_(i-1) x r_i): they keep the factors of full rank r_i along the Newton runs (unconstrained, the
    runs drift to lower ranks: linear 2-2-2-2 at the image 0 reached ranks (1, 0, 1) from every start, never the set
    of ranks (1, 1, 1)). Each cuts the pattern's set once (the hidden layers' rescalings move it), so the set is
    still reached; its dimension is measured without them."""
    out = []
    for i, k in enumerate(pat.r):
        if k and i not in free:
            R = rng.normal(size=(k, pat.widths[i + 1])) + 1j * rng.normal(size=(k, pat.widths[i + 1]))
            S = rng.normal(size=(pat.widths[i], k)) + 1j * rng.normal(size=(pat.widths[i], k))
            out.append((i, R, S, np.exp(2j * np.pi * rng.random())))
    return out


def _residual(full, u, pat, W, phi, norms):
    """(F, J): the Newton system of a pattern at phi (module doc), the normalizations appended."""
    net, w = full.net, np.asarray(W, dtype=np.complex128).ravel()
    th = pat.theta(phi)
    Ws = weight_matrices(net, th)
    img = Ws[-1]
    for M in Ws[-2::-1]:
        img = img @ M
    G, H = full.evaluate(th[None, :], u)
    F = [img.ravel() - w, G[0]]
    J = [_image_jacobian(Ws), H[0]]
    offsets = np.cumsum([0] + [M.size for M in Ws])
    for i, R, S, c in norms:
        M = R @ Ws[i] @ S
        row = np.zeros(net.n_params, dtype=np.complex128)
        try:
            row[offsets[i]:offsets[i + 1]] = (R.T @ (np.linalg.det(M) * np.linalg.inv(M)).T @ S.T).ravel()
        except np.linalg.LinAlgError:
            pass
        F.append(np.array([np.linalg.det(M) - c]))
        J.append(row[None, :])
    return np.concatenate(F), np.concatenate(J) @ pat.dtheta(phi)


def _newton(full, u, pat, W, phi, norms=(), iterations: int = 80, max_step=None):
    """Gauss-Newton with minimum-norm steps on (mu(theta(phi)) - W, grad L(theta(phi)), normalizations) = 0:
    (phi, converged). ``max_step``: the steps cut to that length (a local run)."""
    scale = 1 + float(np.max(np.abs(W), initial=0.0))
    for _ in range(iterations):
        F, J = _residual(full, u, pat, W, phi, norms)
        step = np.linalg.lstsq(J, F, rcond=1e-12)[0]
        if max_step is not None and np.linalg.norm(step) > max_step:
            step *= max_step / np.linalg.norm(step)
        phi = phi - step
        if not np.all(np.isfinite(phi)) or np.max(np.abs(phi), initial=0.0) > 1e6:
            return phi, False
        if np.linalg.norm(step) <= 1e-12 * (1 + np.linalg.norm(phi)):
            break
    return phi, bool(np.linalg.norm(_residual(full, u, pat, W, phi, ())[0]) <= 1e-9 * scale)


def _ranks(Ws, tol: float = 1e-7) -> tuple:
    """The numerical ranks of the matrices: :func:`~.symmetry_class.chain_ranks`'s rule (singular values above tol
    times the matrix's largest entry, at least 1), so that a pattern's ranks and the orbit invariants
    (:func:`~.symmetry_class.same_chain_invariants`) are read alike.

    Examples
    --------
    >>> _ranks([np.eye(2), np.diag([1.0, 1e-12]), np.zeros((2, 2))])
    (2, 1, 0)
    """
    from algnet.analyses.critical.symmetry_class import _rank

    return tuple(_rank(np.asarray(W), tol) for W in Ws)


def _tangent_dimension(full, u, pat, W, phi):
    """The dimension in the weights of the set {mu = W, grad L = 0} of the pattern at theta(phi): the kernel of the
    Newton Jacobian mapped to the weights (the gauge of the factorization is lost in the map); None where a rank is
    not clear (no gap of 10^3 between the singular values kept and those dropped: a badly scaled point, whose
    tangent space came out too small: linear 3-1-2-2 at |theta| ~ 20)."""
    D = pat.dtheta(phi)
    J = _residual(full, u, pat, W, phi, ())[1]
    _, s, vh = np.linalg.svd(J)
    k = _gap_rank(s, 1e-8)
    if k is None:
        return None
    K = vh[k:].conj().T
    if not K.shape[1]:
        return 0
    return _gap_rank(np.linalg.svd(D @ K, compute_uv=False), 1e-7)


def _balanced(pat, Ws):
    """phi of the point of the hidden layers' rescalings orbit of (W_1, ..., W_L) whose nonzero factors have one norm
    (scalings t_i W_i with prod t_i = 1, or any where a factor is 0: symmetries), each factored A_i B_i by its
    singular value decomposition with the singular values split evenly (a well scaled point for the tangent space).

    Examples
    --------
    >>> pat = _Pattern([1, 1, 1], (1, 1))
    >>> np.round(pat.theta(_balanced(pat, [np.array([[100.0]]), np.array([[0.01]])])).real, 9).tolist()
    [1.0, 1.0]
    """
    norms = [float(np.linalg.norm(M)) for M in Ws]
    live = [n for n in norms if n > 0]
    g = float(np.exp(np.mean(np.log(live)))) if live else 1.0
    parts = []
    for M, k, n in zip(Ws, pat.r, norms):
        M = M * (g / n) if n > 0 else M
        P, sv, Vh = np.linalg.svd(M)
        root = np.sqrt(sv[:k]).astype(np.complex128)
        parts += [(P[:, :k] * root[None, :]).ravel(), (root[:, None] * Vh[:k]).ravel()]
    return np.concatenate(parts).astype(np.complex128)


def _gap_rank(s, tol):
    """The number of singular values s (descending) above tol times the largest, or None when the first one dropped
    is not below 10^-3 times the last one kept."""
    if not s.size or s[0] == 0:
        return 0
    k = int(np.sum(s > tol * s[0]))
    return k if k == s.size or s[k] <= 1e-3 * s[k - 1] else None


def _same_orbit(chain1, chain2) -> bool:
    """Whether two weight chains agree in every invariant of the hidden layers' GL that
    :func:`~.symmetry_class.same_chain_invariants` reads: the ranks of all partial products W_j ... W_i (also those
    that neither start at the input nor end at the output), the row spaces of the W_(<i) and the column spaces of the
    W_(>i). (The column and row spaces alone left out the inner products' ranks: linear 2-2-2-2-2 with W_2 W_1 = 0 and
    W_4 W_3 = 0, where W_3 W_2 of rank 1 or 0 has the same spaces at the ends.)

    Examples
    --------
    >>> e1, e2 = np.array([1.0, 0]), np.array([0, 1.0])
    >>> A = [np.outer(e1, e1), np.outer(e1, e2), np.outer(e1, e1), np.outer(e1, e2)]     # W_3 W_2 != 0
    >>> B = [np.outer(e1, e1), np.outer(e1, e2), np.outer(e1, e2), np.outer(e1, e2)]     # W_3 W_2 = 0
    >>> _same_orbit(A, B), _same_orbit(A, [2 * W for W in A])
    (False, True)
    """
    from algnet.analyses.critical.symmetry_class import same_chain_invariants

    return same_chain_invariants(list(chain1), list(chain2))


def rank_pattern_points(full, u, rng, images=None, report=None, starts: int = RANK_PATTERN_STARTS,
                        max_runs: int = RANK_PATTERN_RUNS, detail: bool = False, patterns=None) -> list:
    """(label, theta, d): a point of every critical set of L over a lower-rank image found on a rank pattern of the
    weights (module doc), d its dimension modulo the symmetries; one per (pattern, image, d) and, for d = 0, per orbit
    (the column and row spaces of the partial products told apart); a set in the closure of a set of larger
    ranks over the same image is left to that one. ``images``: the critical images of lower rank
    (loss-coordinate vectors, e.g. those the strata gave), needed unless the loss is Frobenius (Eckart-Young); the
    image 0 is always searched. ``report`` (a dict) receives a "rank patterns" entry saying the search is local.
    ``detail``: (label, theta, d, dimension of the set in the weights) instead. ``patterns``: the rank patterns
    searched (default all below the full ranks; a set is then only compared with those for the closure tests).

    Examples
    --------
    linear 2-2-2, Frobenius, target diag(3, 1): over each Eckart-Young image 3 e1 e1^T, e2 e2^T one orbit of ranks
    (1, 1) (the strata's points too); the search says it is local:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-2-2", target=[3.0, 0, 0, 1])
    >>> report = {}
    >>> found = rank_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, report=report)
    >>> images = [np.round(weight_matrices(net, th)[1] @ weight_matrices(net, th)[0], 6).real + 0.0
    ...           for _, th, _ in found]
    >>> sorted((label, d, M.ravel().tolist()) for (label, _, d), M in zip(found, images))
    ... # doctest: +NORMALIZE_WHITESPACE
    [('rank pattern: weight ranks (1, 1)', 0, [0.0, 0.0, 0.0, 1.0]),
     ('rank pattern: weight ranks (1, 1)', 0, [3.0, 0.0, 0.0, 0.0])]
    >>> report["rank patterns"]["uncovered"].startswith("weight matrices of lower rank")
    True
    """
    net = full.net
    weight_matrices(net, np.zeros(net.n_params))
    widths = [int(s[1]) for _, s in net.param_shapes][:1] + [int(s[0]) for _, s in net.param_shapes]
    by_rank = _critical_images(full, u, widths, images)
    top = tuple(min(widths[i], widths[i + 1]) for i in range(len(widths) - 1))
    chosen = rank_patterns(widths) + [top] if patterns is None else [tuple(int(k) for k in r) for r in patterns]
    pairs = [(r, W) for rho, Ws in sorted(by_rank.items()) for W in Ws for r in chosen
             if _lowest_rank(widths, r) <= rho <= min(r) and (r != top or rho)]
    if len(pairs) * starts > max_runs:
        pairs, skipped = pairs[:max_runs // starts], len(pairs) - max_runs // starts
    else:
        skipped = 0
    reached: dict = {}
    for r, W in pairs:
        reached.setdefault(_key(W), (W, {}))[1][r] = _search(full, u, rng, _Pattern(widths, r), W, starts)
    from algnet.analyses.critical.zero_patterns import parameter_dimension

    blocks = np.split(np.arange(net.n_params), np.cumsum([a * b for _, (a, b) in net.param_shapes])[:-1])
    out = []
    for W, sets in reached.values():
        for r, pts in sets.items():
            if r == top:
                continue                    # the full ranks: the main solve's
            for th, d, dim in pts:
                larger = any(e > dim for s, q in sets.items() if s != r and all(a >= b for a, b in zip(s, r))
                             for _, _, e in q)
                if larger and not np.any(W) and not d and _zero_limit(net, th, r, sets):
                    continue                # an orbit that sets of larger ranks reach when factors shrink to 0
                if larger and max(parameter_dimension(full, th, u, rng=rng, blocks=[list(b) for b in blocks],
                                                      samples=3) for _ in range(2)) > dim:
                    continue                # on the closure of a larger set over this image (of larger ranks)
                out.append((_LABEL.format(r), th, d, dim))
    if report is not None:
        note = RANK_PATTERN_NOTE.format(starts)
        if skipped:
            note += f"; {skipped} (pattern, image) pair(s) not searched (the limit of {max_runs} Newton runs)"
        report["rank patterns"] = {"trace_test_passed": None, "lost": 0, "uncovered": note}
    return out if detail else [(label, th, d) for label, th, d, _ in out]


def _key(W) -> tuple:
    return tuple(np.round(np.asarray(W, dtype=np.complex128).ravel(), 6).tolist())


def _lowest_rank(widths, r) -> int:
    """The least rank of W_L ... W_1 with W_i of rank r_i (Sylvester: rank(A B) >= rank A + rank B - inner width).

    Examples
    --------
    >>> _lowest_rank([3, 2, 2, 3], (2, 2, 2)), _lowest_rank([3, 2, 2, 3], (2, 1, 2)), _lowest_rank([2, 1, 2], (1, 0))
    (2, 1, 0)
    """
    low = r[0]
    for i in range(1, len(r)):
        low = max(0, low + r[i] - widths[i])
    return low


def _search(full, u, rng, pat, W, starts) -> list:
    """(theta, d, dimension in the weights) of the sets of one (pattern, image) the Newton runs reach: the points of
    the least tangent dimension (the generic ones; a run can end on a special point of a set, where the tangent space
    is larger), one per orbit (the column and row spaces of the partial products) when they are isolated modulo the
    symmetries."""
    from algnet.analyses.critical.spurious import _critical, _sym_tangents

    net = full.net
    scale = max(1.0, float(np.max(np.abs(W)))) ** (1.0 / len(pat.r))
    pts = []
    for s in range(starts):
        real = s < (starts + 1) // 2
        phi = scale * rng.normal(size=pat.size) + (0j if real else 1j * scale * rng.normal(size=pat.size))
        norms = _normalizations(pat, rng)
        if real:
            norms = [(i, R.real, S.real, float(np.sign(c.real) or 1.0)) for i, R, S, c in norms]
        phi, ok = _newton(full, u, pat, W, phi.astype(np.complex128), norms)
        if not ok:
            continue
        Ws = weight_matrices(net, pat.theta(phi))
        if _ranks(Ws) != pat.r:
            continue                        # a point of another pattern (searched on its own)
        phi = _balanced(pat, Ws)
        th = pat.theta(phi)
        Ws = weight_matrices(net, th)
        if not _critical(full, th, u):
            continue
        tdim = _tangent_dimension(full, u, pat, W, phi)
        if tdim is None:
            continue                        # a point where the dimension is not clear (badly scaled)
        T = _sym_tangents(net, th)
        o = int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size else 0
        pts.append((tdim, not np.any(np.abs(th.imag) > 1e-9 * (1 + np.max(np.abs(th)))), th, tdim - o, Ws))
    if not pts:
        return []
    low = min(p[0] for p in pts)
    out: list = []
    for _, _, th, d, inv in sorted((p for p in pts if p[0] == low), key=lambda p: not p[1]):
        if not any(e == d and (d or _same_orbit(inv, f)) for _, e, f in out):
            out.append((th, max(d, 0), inv))
    return [(th, d, low) for th, d, _ in out]


def _zero_limit(net, th, r, sets) -> bool:
    """At the image 0 (the gradient conditions are then products of the factors and the constant gradient G of l at
    0, so t W_i stays critical for every t): whether a set of larger ranks reaches the orbit of th when its factors
    that are zero in th shrink to 0: one of its points with those factors set to 0 has th's ranks and the column and
    row spaces of th's partial products (then th's orbit, isolated modulo the symmetries, is on its closure).

    Examples
    --------
    linear 2-2-2-2, Frobenius at diag(3, 1): (0, e1 e2^T, 0) is critical (image 0) and the limit of the critical
    points (t e2 e1^T, e1 e2^T, t (1, -3) e1^T) of ranks (1, 1, 1) (W_3 W_2 = 0, W_2 W_1 = 0, a^T U b = 0):

    >>> z = np.r_[[0, 0, 1.0, 0], [0, 1.0, 0, 0], [1.0, 0, -3.0, 0]]
    >>> th = np.r_[[0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 0, 0]]
    >>> from algnet import parse_spec
    >>> _zero_limit(parse_spec("linear 2-2-2-2"), th, (0, 1, 0), {(1, 1, 1): [(z, 1, 6)]})
    True
    """
    zero = [i for i, k in enumerate(r) if not k]
    inv = weight_matrices(net, np.asarray(th, dtype=np.complex128))
    for s, q in sets.items():
        if s == tuple(r) or not all(a >= b for a, b in zip(s, r)):
            continue
        for z, _, _ in q:
            Ws = [np.zeros_like(M) if i in zero else M
                  for i, M in enumerate(weight_matrices(net, np.asarray(z, dtype=np.complex128)))]
            if _ranks(Ws) == tuple(r) and _same_orbit(Ws, inv):
                return True
    return False


def spurious_hook(full, u, rng, known_images, report=None) -> list:
    """What the spurious search calls: :func:`rank_pattern_points` on a linear network without biases of two hidden
    layers or more (else [], the zero patterns cover the others), the images of lower rank from Eckart-Young for the
    Frobenius loss, else ``known_images`` (those the strata gave: the critical points of l on the matrices of each
    lower rank).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0, 0, 1])
    >>> spurious_hook(GradientFamily(net, L, (), [], rng), L.u, rng, [])
    []
    """
    if not searches(full.net):
        return []
    L = full.loss
    frobenius = L.kind == "frobenius" and np.allclose(L.Q, np.eye(L.Q.shape[0]))
    return rank_pattern_points(full, u, rng, images=None if frobenius else list(known_images), report=report)


def searches(net) -> bool:
    """Whether :func:`spurious_hook` searches the rank patterns of ``net``: a linear network without biases of two
    hidden layers or more (where the zero-pattern search leaves them out, :mod:`.zero_patterns`) with a weight matrix
    of two rows and two columns or more (when every weight matrix is a row or a column, a rank below the full one is
    0: the rank patterns are zero patterns, which that search covers).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [searches(parse_spec(s)) for s in ("linear 2-2-2-2", "linear 3-2-3", "linear 2-2-2-2 bias",
    ...                                    "dense 2-2-2-1 r=2", "linear 2-1-1-2", "linear 1-1-1-1")]
    [True, False, False, False, False, False]
    """
    try:
        weight_matrices(net, np.zeros(net.n_params))
    except NotApplicableError:
        return False
    return lower_rank_matrices(net)
