"""Spherical codes: Thomson-type energy minimisation, Tammes (max-min distance), comparison with features.

Elhage et al. suggest that feature vectors form spherical codes; the seed
talk notes that with I_i = 1, ‖w_i‖ = 1 and b_i = 0 the 1-sparse loss is a
Thomson-type energy, (1/3) Σ_{i≠j} ReLU(w_i·w_j)². This module minimises

* ``coulomb``: Σ_{i<j} 1/‖x_i − x_j‖ (the Thomson problem),
* ``relu2``: (1/3) Σ_{i≠j} ReLU(x_i·x_j)² (L_1 in the Thomson regime),

for n points on S^{m−1} by projected gradient descent with backtracking from
many seeded random starts (best energy reported, with all the energies
found), and approximates the Tammes problem (maximise the minimal distance)
by minimising Σ ‖x_i − x_j‖^{−p} for growing p. These are numerical
optima: the best energy found, not a proof of optimality.

:func:`compare_with_code` normalises a trained configuration and compares it
with a code: energy gap, the matching of features to code points (Hungarian
algorithm, :func:`hungarian`) and the residual after the best orthogonal
alignment (Procrustes), alternating matching and alignment from several
seeded starting rotations.

Examples
--------
>>> c = thomson(4, 3, starts=4, seed=0)
>>> round(c.energy, 6)                 # the regular tetrahedron: 6 / sqrt(8/3)
3.674235
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.superposition.results import EvidenceResult

__all__ = ["SphericalCode", "CodeComparison", "thomson", "tammes", "code_energy", "hungarian",
           "procrustes", "compare_with_code"]

KERNELS = ("coulomb", "relu2")


def code_energy(X, kernel: str = "coulomb") -> float:
    """Energy of the columns of X (points on a sphere) for ``kernel`` (see the module docstring).

    Examples
    --------
    >>> code_energy(np.array([[1.0, -1.0]]))          # two antipodal points: 1/2
    0.5
    >>> round(code_energy(np.eye(2), "relu2"), 12)
    0.0
    """
    X = np.asarray(X, float)
    if kernel == "coulomb":
        D = np.linalg.norm(X[:, :, None] - X[:, None, :], axis=0)
        iu = np.triu_indices(X.shape[1], 1)
        return float((1.0 / D[iu]).sum())
    if kernel == "relu2":
        G = X.T @ X
        np.fill_diagonal(G, 0.0)
        return float((np.maximum(G, 0) ** 2).sum() / 3)
    if kernel.startswith("riesz"):
        p = float(kernel[5:])
        D = np.linalg.norm(X[:, :, None] - X[:, None, :], axis=0)
        iu = np.triu_indices(X.shape[1], 1)
        return float((D[iu] ** -p).sum())
    raise ParameterError(f"unknown energy {kernel!r}", hint="use --energy coulomb or --energy relu2")


def _energy_grad(X, kernel, p=1.0):
    if kernel == "relu2":
        G = X.T @ X
        np.fill_diagonal(G, 0.0)
        R = np.maximum(G, 0)
        return float((R ** 2).sum() / 3), (4.0 / 3) * X @ R
    D = X[:, :, None] - X[:, None, :]
    r = np.linalg.norm(D, axis=0)
    np.fill_diagonal(r, np.inf)
    E = float((r ** -p).sum() / 2)
    coef = -p * r ** (-p - 2)
    return E, np.einsum("dij,ij->di", D, coef)


def _project(X):
    return X / np.linalg.norm(X, axis=0, keepdims=True)


def _descend(X, kernel, p, iters, tol=1e-9):
    E, G = _energy_grad(X, kernel, p)
    step = 0.1
    for _ in range(iters):
        Gt = G - X * (X * G).sum(axis=0, keepdims=True)       # tangential part
        gn = float(np.sqrt((Gt * Gt).sum()))
        if gn < tol * max(1.0, abs(E)):
            break
        while True:
            Y = _project(X - step * Gt)
            E2, G2 = _energy_grad(Y, kernel, p)
            if E2 <= E - 1e-4 * step * gn * gn or step < 1e-14:
                break
            step /= 2
        if E - E2 < 1e-16 * max(1.0, abs(E)) and step < 1e-14:
            break
        X, E, G = Y, E2, G2
        step *= 1.5
    return X, E


@dataclass(frozen=True, eq=False)
class SphericalCode(EvidenceResult):
    """The best of several seeded minimisations: n points on S^{m−1} (columns of ``points``).

    Attributes
    ----------
    points : numpy.ndarray (m, n)
    energy : float
        Best energy found (``coulomb``/``relu2``), or for Tammes the energy of the final smoothing.
    kernel : str
    min_angle : float
        Smallest angle between two points (degrees).
    energies : tuple of float
        Final energy of every start (sorted); for Tammes the minimal angle of every start (largest first).
    starts : int
    seed : int
    evidence : Evidence (numerical: best found, not proved optimal)

    Examples
    --------
    >>> c = thomson(3, 2, starts=1, seed=0)
    >>> round(c.min_angle, 6), c.as_dict()["certified"]
    (120.0, False)
    """

    points: np.ndarray
    energy: float
    kernel: str
    min_angle: float
    energies: tuple
    starts: int
    seed: int
    evidence: Evidence = field(repr=False)

    @property
    def n(self) -> int:
        """Number of points."""
        return self.points.shape[1]

    @property
    def m(self) -> int:
        """Ambient dimension."""
        return self.points.shape[0]

    def _fields(self) -> dict:
        return {"n": self.n, "m": self.m, "kernel": self.kernel, "energy": self.energy,
                "min_angle_degrees": self.min_angle, "energies": list(self.energies), "starts": self.starts,
                "points": self.points.tolist()}

    def __repr__(self) -> str:
        return (f"SphericalCode(n={self.n} on S^{self.m - 1}, {self.kernel} energy {self.energy:.8g}, "
                f"min angle {self.min_angle:.4f} deg, best of {self.starts} starts, seed={self.seed})")


def _min_angle(X) -> float:
    G = np.clip(X.T @ X, -1, 1)
    np.fill_diagonal(G, -1)
    return float(np.degrees(np.arccos(G.max())))


def _proves(found: str, problem, n, m, value) -> str:
    """What a search proves, with the proved optimum beside it where one is known (:mod:`.known_codes`)."""
    from algnet.superposition.known_codes import compare_known

    known = None if problem is None else compare_known(problem, n, m, value)
    return f"{found} (optimality not proved by this search" + ("" if known is None else f"; {known}") + ")"


def _check(n, m, starts):
    for name, v, low in (("n", n, 2), ("m", m, 2), ("starts", starts, 1)):
        if not isinstance(v, (int, np.integer)) or v < low:
            raise ParameterError(f"{name} must be an integer >= {low}, got {v!r}", hint=f"e.g. --{name} 8")


def _seed(seed):
    if seed is None:
        return int(np.random.SeedSequence().entropy % (2 ** 31))
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}", hint="e.g. --seed 0")
    return int(seed)


def _starts(starts, desc, show_progress):
    it = range(starts)
    if show_progress:
        from tqdm.auto import tqdm

        it = tqdm(it, desc=desc, unit="start")
    return it


def _best_of_starts(n, m, starts, seed, desc, show_progress, start, better):
    """Checked ``seed`` (drawn when None), start time, best result, the values of all starts, partial.

    ``start(rng)`` returns (result, value) for one random start, all drawn from one generator seeded
    with ``seed``; a result replaces the best one when ``better(value, best value)``. Ctrl-C keeps
    the starts finished so far (``partial``), or re-raises when none is.
    """
    _check(n, m, starts)
    seed = _seed(seed)
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    best, best_value, values, partial = None, None, [], False
    try:
        for _ in _starts(starts, desc, show_progress):
            result, value = start(rng)
            values.append(value)
            if best is None or better(value, best_value):
                best, best_value = result, value
    except KeyboardInterrupt:
        partial = True
        if best is None:
            raise
    return seed, t0, best, values, partial


def thomson(n: int, m: int = 3, *, kernel: str = "coulomb", starts: int = 20, seed=None,
            iters: int = 3000, show_progress: bool = False, force: bool = False) -> SphericalCode:
    """Minimise a Thomson-type energy of n points on S^{m−1} from ``starts`` seeded random starts.

    Parameters
    ----------
    n, m : int
        Number of points and ambient dimension.
    kernel : {"coulomb", "relu2"}
        Σ 1/‖x_i − x_j‖, or (1/3) Σ_{i≠j} ReLU(x_i·x_j)² (L_1 with unit norms and zero biases).
    starts : int
        Random starts (uniform on the sphere); the best result is kept.
    seed : int, optional
        Drawn and recorded when None.
    iters : int
        Maximal descent steps per start.
    show_progress : bool
        tqdm bar over the starts.
    force : bool
        Run even when the estimate (peak memory, CPU seconds if every start takes ``iters`` steps;
        :func:`~algnet.superposition.estimates.thomson_estimate`) is above the memory limit or the
        budget of :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds.

    Returns
    -------
    SphericalCode
        Ctrl-C returns the best of the starts finished so far, marked partial.

    Examples
    --------
    >>> round(thomson(6, 3, starts=3, seed=1).energy, 6)    # octahedron: 12/sqrt(2) + 3/2
    9.985281
    """
    _check(n, m, starts)
    if kernel not in KERNELS:
        raise ParameterError(f"unknown energy {kernel!r}", hint="--energy coulomb or --energy relu2")
    from algnet.superposition.estimates import check_thomson

    check_thomson(n, m, starts, iters, kernel, force=force)

    def start(rng):
        X, E = _descend(_project(rng.normal(size=(m, n))), kernel, 1.0, iters)
        return (X, E), E

    seed, t0, best, energies, partial = _best_of_starts(
        n, m, starts, seed, f"Thomson n={n} m={m}", show_progress, start, lambda E, best: E < best)
    X, E = best
    ev = Evidence(method=f"projected gradient descent with backtracking, best of {len(energies)} random starts",
                  certified=False, proves=_proves(f"a configuration with {kernel} energy {E:.10g} exists",
                                                  "thomson" if kernel == "coulomb" else None, n, m, E),
                  seed=seed, seconds=time.perf_counter() - t0, partial=partial)
    return SphericalCode(X, float(E), kernel, _min_angle(X), tuple(sorted(energies)), len(energies), seed, ev)


#: polish only codes with at most this many coordinates (m n): SLSQP's dense steps cost O((m n)^3). Measured
#: (CPU s per start): n = 24 on S^2 (72 coordinates) 0.65 s, raising 43.52 to 43.69 degrees;
#: n = 20 on S^4 (100) 2.6 s and n = 60 on S^4 (300) 34 s, neither raising the angle of the continuation
POLISH_MAX_COORDINATES = 75


def _polish(X, rounds: int = 4, margin: float = 0.3):
    """Raise the minimal angle of the code X locally: minimise s subject to x_i . x_j <= s for the pairs
    within ``margin`` of the largest inner product and ||x_i|| = 1 (SLSQP), accepted only when the minimal
    angle grows. The Riesz continuation alone stops short of the max-min code (n = 7 on S^2: 77.55 against
    77.87 degrees; n = 13: 56.10 against 57.14)."""
    from scipy.optimize import minimize

    m, n = X.shape
    for _ in range(rounds):
        iu = np.triu_indices(n, 1)
        c = (X.T @ X)[iu]
        sel = c > c.max() - margin
        I, J = iu[0][sel], iu[1][sel]
        rows, cols_i, cols_j = np.arange(len(I)), np.arange(m)[:, None] * n + I, np.arange(m)[:, None] * n + J

        def ineq(z):
            Y = z[:-1].reshape(m, n)
            return z[-1] - (Y[:, I] * Y[:, J]).sum(0)

        def ineq_jac(z):
            Y = z[:-1].reshape(m, n)
            A = np.zeros((len(I), m * n + 1))
            A[:, -1] = 1
            A[rows[None, :], cols_i] -= Y[:, J]
            A[rows[None, :], cols_j] -= Y[:, I]
            return A

        def eq_jac(z):
            Y = z[:-1].reshape(m, n)
            A = np.zeros((n, m * n + 1))
            A[np.arange(n)[None, :], np.arange(m)[:, None] * n + np.arange(n)] = 2 * Y
            return A

        grad = np.zeros(m * n + 1)
        grad[-1] = 1
        res = minimize(lambda z: z[-1], np.concatenate([X.ravel(), [c.max()]]), jac=lambda z: grad,
                       method="SLSQP", options={"maxiter": 500, "ftol": 1e-15},
                       constraints=[{"type": "ineq", "fun": ineq, "jac": ineq_jac},
                                    {"type": "eq", "fun": lambda z: (z[:-1].reshape(m, n) ** 2).sum(0) - 1,
                                     "jac": eq_jac}])
        Y = _project(res.x[:-1].reshape(m, n))
        if not np.all(np.isfinite(Y)) or _min_angle(Y) <= _min_angle(X) + 1e-12:
            break
        X = Y
    return X


def tammes(n: int, m: int = 3, *, starts: int = 20, seed=None, powers=(6, 12, 24, 48, 96),
           iters: int = 2000, show_progress: bool = False, force: bool = False) -> SphericalCode:
    """Approximate the Tammes problem: n points on S^{m−1} with the largest minimal angle.

    Minimises the Riesz energy Σ ‖x_i − x_j‖^{−p} for the growing powers
    ``powers`` (continuation from one to the next), from seeded random
    starts, then (codes of at most :data:`POLISH_MAX_COORDINATES` coordinates m n) raises the minimal
    angle directly (sequential quadratic programming on the nearest pairs), and also runs that
    programme on every pair straight from the random start (the continuation alone ends in one basin
    for every start: n = 13 at 56.48 and n = 14 at 54.74 degrees, short of the proved optima 57.1367
    and 55.6706 of Musin-Tarasov 2012 and 2015); keeps the configuration with the largest minimal
    angle. ``force``: run even when the estimate (descent and polish,
    :func:`~algnet.superposition.estimates.thomson_estimate`) is above the memory limit or the CPU
    budget (as :func:`thomson`).

    Examples
    --------
    >>> round(tammes(6, 3, starts=1, seed=0).min_angle, 3)   # octahedron: 90 degrees
    90.0
    >>> round(tammes(7, 3, starts=2, seed=0).min_angle, 3)   # Schütte-van der Waerden: 77.87 degrees
    77.87
    """
    _check(n, m, starts)
    from algnet.superposition.estimates import check_thomson

    polish = m * n <= POLISH_MAX_COORDINATES
    check_thomson(n, m, starts, iters * len(powers), "riesz", force=force, what="Tammes", polish=polish)

    def start(rng):
        X0 = X = _project(rng.normal(size=(m, n)))
        for p in powers:
            X, E = _descend(X, "riesz", float(p), iters)
        if polish:
            # the continuation's basin is often not the max-min code's (n = 13: 56.48, n = 14: 54.74 degrees from
            # every start), SLSQP on every pair straight from the random start reaches it (57.14, 55.67)
            X, Y = _polish(X), _polish(X0, margin=np.inf)
            X = Y if _min_angle(Y) > _min_angle(X) else X
            E = code_energy(X, f"riesz{powers[-1]}")
        a = _min_angle(X)
        return (X, a, E), a

    seed, t0, best, angles, partial = _best_of_starts(
        n, m, starts, seed, f"Tammes n={n} m={m}", show_progress, start, lambda a, best: a > best)
    X, a, E = best
    how = (", each polished by SLSQP on the minimal angle, and SLSQP on every pair from the same start" if polish else
           f" (no max-min polish above {POLISH_MAX_COORDINATES} coordinates: the angle may be short of a local "
           "optimum)")
    ev = Evidence(method=f"Riesz energy continuation p={list(powers)}{how}, best of {len(angles)} random starts",
                  certified=False,
                  proves=_proves(f"a code with minimal angle {a:.8g} degrees exists", "tammes", n, m, a),
                  seed=seed, seconds=time.perf_counter() - t0,
                  partial=partial)
    return SphericalCode(X, float(E), f"riesz{powers[-1]}", a, tuple(sorted(angles, reverse=True)), len(angles),
                         seed, ev)


def hungarian(C) -> np.ndarray:
    """Minimum-cost perfect matching of a square cost matrix: ``perm[i]`` = column matched to row i.

    The O(n³) shortest-augmenting-path form of the Hungarian algorithm
    (Kuhn 1955; Munkres 1957) with row and column potentials.

    Examples
    --------
    >>> hungarian(np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]])).tolist()
    [1, 0, 2]
    """
    C = np.asarray(C, float)
    n = C.shape[0]
    if C.ndim != 2 or C.shape[1] != n:
        raise ParameterError(f"the cost matrix must be square, got {C.shape}", hint="as many features as points")
    INF = float("inf")
    u, v = np.zeros(n + 1), np.zeros(n + 1)
    match = np.zeros(n + 1, dtype=int)           # match[j] = row matched to column j (1-based, 0 = none)
    way = np.zeros(n + 1, dtype=int)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv = np.full(n + 1, INF)
        used = np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = match[j0]
            delta, j1 = INF, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = C[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    perm = np.zeros(n, dtype=int)
    for j in range(1, n + 1):
        perm[match[j] - 1] = j - 1
    return perm


def procrustes(X, Y):
    """The orthogonal Q minimising ‖Q Y − X‖_F (columns paired), and the residual.

    Examples
    --------
    >>> Q, r = procrustes(np.array([[0.0, -1.0], [1.0, 0.0]]), np.eye(2))
    >>> np.round(Q, 12).tolist(), round(r, 12)
    ([[0.0, -1.0], [1.0, 0.0]], 0.0)
    """
    U, _, Vt = np.linalg.svd(np.asarray(X, float) @ np.asarray(Y, float).T)
    Q = U @ Vt
    return Q, float(np.linalg.norm(Q @ Y - X))


@dataclass(frozen=True, eq=False)
class CodeComparison(EvidenceResult):
    """A (normalised) configuration against a spherical code.

    Attributes
    ----------
    energy, code_energy, energy_gap : float
        Energies (same kernel) of the normalised features, of the code, and the difference.
    matching : tuple of int
        ``matching[i]`` = code point matched to feature i.
    residual : float
        ‖Q C_matched − X‖_F after the best orthogonal alignment Q.
    max_angle : float
        Largest angle (degrees) between a feature and its matched, aligned code point.
    rotation : numpy.ndarray
    evidence : Evidence

    Examples
    --------
    >>> c = compare_with_code(np.array([[1.0, -1.0]]), np.array([[-1.0, 1.0]]), seed=0)
    >>> c.matching, c.energy_gap
    ((1, 0), 0.0)
    """

    energy: float
    code_energy: float
    energy_gap: float
    matching: tuple
    residual: float
    max_angle: float
    rotation: np.ndarray
    kernel: str
    seed: int
    evidence: Evidence = field(repr=False)

    def _fields(self) -> dict:
        return {"energy": self.energy, "code_energy": self.code_energy, "energy_gap": self.energy_gap,
                "matching": list(self.matching), "residual": self.residual, "max_angle_degrees": self.max_angle,
                "kernel": self.kernel}

    def __repr__(self) -> str:
        return (f"CodeComparison({self.kernel} energy {self.energy:.6g} vs code {self.code_energy:.6g} "
                f"(gap {self.energy_gap:.3g}), residual {self.residual:.3g}, max angle {self.max_angle:.3g} deg)")


def compare_with_code(W, code, *, kernel: str | None = None, rotations: int = 20, seed=None) -> CodeComparison:
    """Compare the normalised columns of W with a spherical code (matching + orthogonal alignment).

    Parameters
    ----------
    W : (m, n) array or ToyModel
        Features (columns); they are normalised to unit length (zero columns are refused).
    code : SphericalCode or (m, n) array
    kernel : str, optional
        Energy for the gap (default: the code's kernel, else coulomb).
    rotations : int
        Seeded random starting rotations of the alternating matching / Procrustes iteration
        (the identity and a reflection are always tried).
    seed : int, optional

    Examples
    --------
    >>> from algnet.superposition.polytopes import regular_polygon
    >>> P = regular_polygon(5)
    >>> c = compare_with_code(P[:, [2, 0, 4, 1, 3]] * 1.3, P, seed=0)
    >>> c.matching, round(c.residual, 9)
    ((2, 0, 4, 1, 3), 0.0)
    """
    t0 = time.perf_counter()
    X = np.asarray(W.W if hasattr(W, "W") and not isinstance(W, np.ndarray) else W, float)
    C = np.asarray(code.points if isinstance(code, SphericalCode) else code, float)
    kernel = kernel or (code.kernel if isinstance(code, SphericalCode) and code.kernel in KERNELS else "coulomb")
    if X.ndim != 2 or X.shape != C.shape:
        raise ParameterError(f"features {X.shape} and code {C.shape} must have the same shape (m, n)",
                             hint="compute the code for the same n and m (algnet superposition thomson --n N --m M)")
    nr = np.linalg.norm(X, axis=0)
    if np.any(nr < 1e-9 * max(nr.max(), 1e-300)):
        raise ParameterError("some features are zero and cannot be normalised",
                             hint="compare only represented features (columns with nonzero norm)")
    X = X / nr
    C = _project(C)
    seed = _seed(seed)
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    refl = np.eye(m)
    refl[-1, -1] = -1
    starts = [np.eye(m), refl] + [np.linalg.qr(rng.normal(size=(m, m)))[0] for _ in range(rotations)]
    best = None
    for Q in starts:
        perm = None
        for _ in range(50):
            new = hungarian(-(X.T @ (Q @ C)))
            if perm is not None and (new == perm).all():
                break
            perm = new
            Q, res = procrustes(X, C[:, perm])
        Q, res = procrustes(X, C[:, perm])
        if best is None or res < best[2] - 1e-12:
            best = (perm, Q, res)
    perm, Q, res = best
    A = Q @ C[:, perm]
    ang = float(np.degrees(np.arccos(np.clip((A * X).sum(axis=0), -1, 1))).max())
    e, ec = code_energy(X, kernel), code_energy(C, kernel)
    ev = Evidence(method="Hungarian matching alternating with orthogonal Procrustes alignment, "
                         f"best of {len(starts)} starting rotations", certified=False,
                  proves="the residual is attained by the reported matching and rotation (an upper bound on "
                         "the best one)", seed=seed, seconds=time.perf_counter() - t0)
    return CodeComparison(e, ec, e - ec, tuple(int(p) for p in perm), res, ang, Q, kernel, seed, ev)

