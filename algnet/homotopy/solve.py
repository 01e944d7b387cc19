"""Total-degree homotopy in projective coordinates.

For a square polynomial system F of degrees d_1..d_n, the start system
x_i^{d_i} - x_0^{d_i} = 0 has prod d_i solutions (roots of unity); the
homotopy (1 - t) gamma G + t F is tracked on a random affine chart of
P^n, so paths that go to infinity in C^n end at finite chart points with
x_0 = 0 and are reported as ``at_infinity`` (never dropped).

Examples
--------
>>> from algnet.homotopy.systems import random_dense_system
>>> res = total_degree_solve(random_dense_system((2, 2), seed=1), seed=0)
>>> res.bezout_number, len(res.solutions), res.counts.get("at_infinity", 0)
(4, 4, 0)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from math import prod

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.homotopies import ChartedSystem, StraightLineHomotopy, random_gamma
from algnet.homotopy.systems import PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, TrackResult, track

__all__ = ["SolveResult", "total_degree_solve", "distinct_points"]


@dataclass(frozen=True, eq=False)
class SolveResult:
    """Finite nonsingular solutions and the fate of every other path.

    ``solutions`` (k, n): distinct finite nonsingular solutions;
    ``counts``: per outcome (``finite``, ``singular``, ``at_infinity``,
    ``failed``, ...), summing to ``paths`` = the Bezout number;
    ``track``: the raw :class:`TrackResult` in projective chart coordinates.
    """

    solutions: np.ndarray
    counts: dict
    bezout_number: int
    seed: int | None
    gamma: complex
    track: TrackResult = field(repr=False)
    seconds: float = 0.0
    partial: bool = False

    @property
    def paths(self) -> int:
        return len(self.track.status)

    def __repr__(self):
        return (f"SolveResult(solutions={len(self.solutions)}, counts={self.counts}, "
                f"paths={self.paths}, seed={self.seed}, seconds={self.seconds:.2f}"
                f"{', partial' if self.partial else ''})")


def distinct_points(X, tol: float = 1e-6) -> np.ndarray:
    """Indices of a maximal subset of rows of X that are pairwise farther
    apart than ``tol * (1 + |x|)`` (max-norm), in order of first appearance.

    Examples
    --------
    >>> distinct_points([[0.0], [1e-9], [1.0]]).tolist()
    [0, 2]
    """
    X = np.asarray(X, dtype=np.complex128)
    if X.ndim == 1:
        X = X[:, None]
    keep: list[int] = []
    K = np.empty((0, X.shape[1]), dtype=np.complex128)
    for i in range(X.shape[0]):
        x = X[i]
        if K.shape[0]:
            d = np.max(np.abs(K - x), axis=1)
            if np.any(d <= tol * (1 + np.max(np.abs(x)))):
                continue
        keep.append(i)
        K = np.vstack([K, x[None, :]])
    return np.array(keep, dtype=np.int64)


def _affine_check(F, X, cond_limit):
    from algnet.homotopy.tracker import batched_solve

    X = X.copy()
    dn = np.full(X.shape[0], np.inf)
    for _ in range(4):
        f, J = F.evaluate(X)
        dx = batched_solve(J, -f)
        fin = np.all(np.isfinite(dx), axis=1)
        X[fin] += dx[fin]
        dn = np.where(fin, np.max(np.abs(np.where(np.isfinite(dx), dx, 0)), axis=1), np.inf)
    f, J = F.evaluate(X)
    with np.errstate(all="ignore"):
        rs = np.max(np.abs(J), axis=2, keepdims=True)
        c = np.linalg.cond(J / np.where(rs > 0, rs, 1))
    return (dn <= 1e-10 * (1 + np.max(np.abs(X), axis=1))) & np.isfinite(c) & (c < cond_limit)


def total_degree_solve(F: PolynomialSystem, seed=None, options: TrackerOptions | None = None,
                       show_progress: bool = False, infinity_tolerance: float = 1e-8) -> SolveResult:
    """All isolated nonsingular solutions of a square polynomial system.

    Parameters
    ----------
    F : PolynomialSystem
    seed : int, optional
        Seeds gamma and the chart; stored in the result.
    options : TrackerOptions, optional
    show_progress : bool
    infinity_tolerance : float
        An endpoint with |x_0| below this times its norm is at infinity.

    Returns
    -------
    SolveResult

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 0): 1, (0, 1): 1, (0, 0): -3}])
    >>> r = total_degree_solve(S, seed=3)
    >>> len(r.solutions), r.counts
    (2, {'finite': 2})
    """
    if not isinstance(F, PolynomialSystem):
        raise ParameterError("total_degree_solve needs an explicit PolynomialSystem",
                             hint="for systems given as programs use monodromy_solve with a start pair")
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    n = F.n_vars
    degs = F.degrees
    if any(d < 1 for d in degs):
        raise ParameterError("a constant equation", hint="remove constant equations")
    Fh = F.homogenize()
    # start system x_i^d_i - x_0^d_i
    Gpolys = []
    for i, d in enumerate(degs):
        e1 = [0] * (n + 1)
        e1[i + 1] = d
        e0 = [0] * (n + 1)
        e0[0] = d
        Gpolys.append({tuple(e1): 1, tuple(e0): -1})
    Gh = PolynomialSystem.__new__(PolynomialSystem)
    Gh.eqs = tuple((np.array(list(p.keys()), dtype=np.int64), np.array(list(p.values()), dtype=np.complex128))
                   for p in Gpolys)
    Gh.n_vars = n + 1
    Gh.names = ("x_h",) + F.names
    Gh.real = True
    a = rng.normal(size=n + 1) + 1j * rng.normal(size=n + 1)
    gamma = random_gamma(rng)
    start = ChartedSystem(Gh, a)
    target = ChartedSystem(Fh, a)
    grids = np.meshgrid(*[np.exp(2j * np.pi * np.arange(d) / d) for d in degs], indexing="ij")
    S = np.stack([g.ravel() for g in grids], axis=1) if n else np.zeros((1, 0))
    S = np.concatenate([np.ones((S.shape[0], 1)), S], axis=1)
    S = S / (S @ a)[:, None]
    H = StraightLineHomotopy(start, target, gamma)
    tr = track(H, S, options, show_progress=show_progress, desc="total degree")
    counts: dict = {}
    finite = []
    for k, st in enumerate(tr.status):
        X = tr.x[k]
        if st in ("success", "singular"):
            x0 = X[0]
            if abs(x0) <= infinity_tolerance * np.max(np.abs(X)):
                key = "at_infinity"
            elif st == "singular":
                key = "singular"
            else:
                key = "finite"
                finite.append(X[1:] / x0)
        else:
            key = st
        counts[key] = counts.get(key, 0) + 1
    sols = np.array(finite, dtype=np.complex128).reshape(-1, n)
    if sols.shape[0]:
        # a finite solution must also Newton-converge on the affine system with a
        # well-conditioned Jacobian (slowly converging paths to singular points at
        # infinity can look finite in the chart)
        good = _affine_check(F, sols, (options or TrackerOptions()).singular_condition)
        nbad = int((~good).sum())
        if nbad:
            counts["finite"] -= nbad
            counts["singular"] = counts.get("singular", 0) + nbad
        sols = sols[good]
    if sols.shape[0]:
        idx = distinct_points(sols)
        if len(idx) < sols.shape[0]:
            counts["duplicate"] = sols.shape[0] - len(idx)
            counts["finite"] -= counts["duplicate"]
        sols = sols[idx]
    assert sum(counts.values()) == prod(degs)
    return SolveResult(sols, counts, prod(degs), seed, gamma, tr, time.perf_counter() - t0, tr.partial)
