"""Total-degree homotopy in projective coordinates.

For a square polynomial system F of degrees d_1..d_n, the start system
x_i^{d_i} - x_0^{d_i} = 0 has prod d_i solutions (roots of unity); the
homotopy (1 - t) gamma G + t F is tracked on a random affine chart of
P^n, so paths that go to infinity in C^n end at finite chart points with
x_0 = 0 and are reported as ``at_infinity`` (never dropped).

Paths that end at singular solutions (tracker status ``singular``, finite
endpoints failing the affine Newton check, several paths at one "nonsingular"
endpoint, paths that failed inside the endgame zone) are re-tracked from
their start points to t = 1 - r and refined by the Cauchy endgame
(:mod:`algnet.homotopy.endgame`): ``singular_solutions`` lists their distinct
finite endpoints with multiplicity estimates (the number of paths converging
to each, which for a total-degree homotopy with the gamma trick is the
multiplicity of an isolated solution) and the paths' winding numbers.

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
from algnet.homotopy.endgame import EndgameOptions, EndgameResult, track_with_endgame
from algnet.homotopy.homotopies import ChartedSystem, StraightLineHomotopy, random_gamma
from algnet.homotopy.systems import PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, TrackResult, track
from algnet.interrupts import ctrl_c_safe

__all__ = ["SolveResult", "total_degree_solve", "distinct_points"]


@dataclass(frozen=True, eq=False)
class SolveResult:
    """Finite nonsingular solutions and the fate of every other path.

    ``solutions`` (k, n): distinct finite nonsingular solutions;
    ``counts``: per outcome (``finite``, ``singular``, ``at_infinity``,
    ``failed``, ...), summing to ``paths`` = the Bezout number;
    ``track``: the raw :class:`TrackResult` in projective chart coordinates.

    Singular solutions (from the Cauchy endgame; empty when it is off):
    ``singular_solutions`` (m, n) distinct finite endpoints of converged
    endgame paths; per singular solution ``multiplicities`` (number of
    converged paths ending there: the multiplicity estimate, a lower bound
    if some singular paths did not converge), ``winding_numbers`` (one per
    such path), ``singular_paths`` (the path indices) and
    ``singular_accuracy`` (error estimate, max-norm in affine coordinates);
    ``endgame``: the raw :class:`~algnet.homotopy.endgame.EndgameResult`
    (chart coordinates, ``endgame.paths`` = path indices) or None.

    Examples
    --------
    x y = 1, x = 2 has Bezout number 2 but one solution (2, 1/2); the other path goes to infinity:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> from algnet.homotopy.solve import total_degree_solve
    >>> S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 0): 1, (0, 0): -2}])
    >>> r = total_degree_solve(S, seed=0)
    >>> r.paths, r.counts, bool(np.allclose(r.solutions, [[2, 0.5]]))
    (2, {'finite': 1, 'at_infinity': 1}, True)
    """

    solutions: np.ndarray
    counts: dict
    bezout_number: int
    seed: int | None
    gamma: complex
    track: TrackResult = field(repr=False)
    seconds: float = 0.0
    partial: bool = False
    singular_solutions: np.ndarray = field(default_factory=lambda: np.empty((0, 0), dtype=np.complex128))
    multiplicities: tuple = ()
    winding_numbers: tuple = ()
    singular_paths: tuple = ()
    singular_accuracy: np.ndarray = field(default_factory=lambda: np.empty(0))
    endgame: EndgameResult | None = field(default=None, repr=False)

    @property
    def paths(self) -> int:
        return len(self.track.status)

    def __repr__(self):
        sing = (f"singular_solutions={len(self.singular_solutions)}, multiplicities={list(self.multiplicities)}, "
                if len(self.singular_solutions) else "")
        return (f"SolveResult(solutions={len(self.solutions)}, {sing}counts={self.counts}, "
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


def _affine_condition(F, Y):
    """Condition numbers of the affine Jacobian at the rows of Y, each row scaled by
    the Jacobian row of the polynomial with absolute-value coefficients at |y|
    (unlike equilibrating by the row itself, this sees a row that vanishes, as
    d/dx (x - 1)^2 does at x = 1)."""
    from algnet.homotopy.systems import eval_terms

    _, J = F.evaluate(Y)
    _, JA = eval_terms(tuple((E, np.abs(c).astype(np.complex128)) for E, c in F.eqs),
                       np.abs(np.asarray(Y, dtype=np.complex128)).astype(np.complex128))
    with np.errstate(all="ignore"):
        rs = np.max(np.abs(JA), axis=2, keepdims=True)
        c = np.linalg.cond(J / np.where(rs > 0, rs, 1))
    return np.where(np.isfinite(c), c, np.inf)


def _merge_endgames(a: EndgameResult | None, b: EndgameResult) -> EndgameResult:
    if a is None:
        return b
    cat = np.concatenate
    return EndgameResult(cat([a.x, b.x]), cat([a.accuracy, b.accuracy]), cat([a.winding, b.winding]),
                         cat([a.converged, b.converged]), a.status + b.status, cat([a.radius, b.radius]),
                         cat([a.loops, b.loops]), cat([a.previous, b.previous]), cat([a.paths, b.paths]),
                         a.seconds + b.seconds, a.options)


def _move_count(counts: dict, old: str, new: str):
    counts[old] -= 1
    if counts[old] == 0:
        del counts[old]
    counts[new] = counts.get(new, 0) + 1


def _singular_endgame(F, H, S, tr, counts, sols, sol_paths, keys, dup_of, eg_opt, options, infinity_tolerance):
    """Run the Cauchy endgame on the paths that may end at singular points and regroup them.

    ``keys[k]`` is the outcome of path k as counted so far (``finite`` for the
    path kept in ``sols``, ``duplicate``, ``singular``, ...); ``sol_paths`` the
    path of every row of ``sols``; ``dup_of[k]`` the path whose row a
    duplicate path repeats. Updates ``counts`` and ``keys`` in place; returns
    the remaining nonsingular solutions, their paths, the endgame result, the
    singular-solution fields and ``counts``.
    """
    N, n = len(keys), F.n_vars
    r0 = eg_opt.start_radius
    dup_groups: dict = {}
    for k, j in dup_of.items():
        dup_groups.setdefault(j, {j}).add(k)
    cand = {k for k in range(N) if keys[k] == "singular"}
    cand |= {k for g in dup_groups.values() for k in g}
    cand |= {k for k in range(N) if keys[k] in ("failed", "max_steps") and tr.t[k] >= 1 - r0}
    empty = (np.empty((0, n), dtype=np.complex128), (), (), (), np.empty(0))
    if not cand:
        return sols, sol_paths, None, empty, counts

    def run(paths):
        paths = np.array(sorted(paths), dtype=np.int64)
        return track_with_endgame(H, S[paths], eg_opt, options, paths=paths)

    def affine(eg):
        """Affine estimates and accuracies of converged finite endpoints: {path: (y, acc, winding)}."""
        out, at_inf = {}, []
        for j, k in enumerate(eg.paths):
            if not eg.converged[j]:
                continue
            X, P = eg.x[j], eg.previous[j]
            if abs(X[0]) <= infinity_tolerance * np.max(np.abs(X)):
                at_inf.append(int(k))
                continue
            y = X[1:] / X[0]
            acc = float(np.max(np.abs(y - P[1:] / P[0]), initial=0.0)) if np.all(np.isfinite(P)) else np.inf
            out[int(k)] = (y, acc, int(eg.winding[j]))
        return out, at_inf

    tol = eg_opt.cluster_tolerance

    def near(y, z):
        return np.max(np.abs(y - z), initial=0.0) <= tol * (1 + np.max(np.abs(y), initial=0.0))

    eg = run(cand)
    est, at_inf = affine(eg)
    # second pass: nonsingular solutions at a point where a singular path converged
    sing_est = [v[0] for k, v in est.items() if keys[k] != "finite" and keys[k] != "duplicate"]
    extra = {int(p) for y, p in zip(sols, sol_paths) if p not in cand and any(near(z, y) for z in sing_est)}
    if extra:
        eg2 = run(extra)
        eg = _merge_endgames(eg, eg2)
        e2, a2 = affine(eg2)
        est.update(e2)
        at_inf += a2
    # converged endpoints at infinity
    for k in at_inf:
        if keys[k] in ("singular", "failed", "max_steps"):
            _move_count(counts, keys[k], "at_infinity")
            keys[k] = "at_infinity"
    # group the finite estimates, most accurate first
    order = sorted(est, key=lambda k: (est[k][1], k))
    clusters: list[list[int]] = []
    for k in order:
        for c in clusters:
            if near(est[c[0]][0], est[k][0]):
                c.append(k)
                break
        else:
            clusters.append([k])
    singular_clusters = []
    for c in clusters:
        rep_y, rep_acc, _ = est[c[0]]
        sing = any(keys[k] not in ("finite", "duplicate") for k in c) or max(est[k][2] for k in c) >= 2
        if not sing and len(c) >= 2:
            # several paths at one endpoint: singular unless the Jacobian there is
            # well conditioned at the estimate's accuracy (then paths jumped)
            cond = float(_affine_condition(F, rep_y[None, :])[0])
            rel = max(rep_acc / (1 + np.max(np.abs(rep_y))), 1e-15)
            sing = cond * rel > 1e-2
        if sing:
            singular_clusters.append((est[c[0]][0], sorted(c)))  # (most accurate estimate, paths)
    # move the paths of singular clusters (and the nonsingular rows they absorb) to "singular"
    moved = set()
    for _, c in singular_clusters:
        moved |= set(c)
    rows_out = set()
    for i, (y, p) in enumerate(zip(sols, sol_paths)):
        if p in moved or any(near(z, y) for z, _ in singular_clusters):
            rows_out.add(i)
            moved.add(int(p))
            moved |= dup_groups.get(int(p), set())
    for k in sorted(moved):
        if keys[k] != "singular":
            _move_count(counts, keys[k], "singular")
            keys[k] = "singular"
    keep = np.array([i not in rows_out for i in range(len(sols))], dtype=bool)
    sols, sol_paths = sols[keep], sol_paths[keep]
    singular_clusters.sort(key=lambda zc: zc[1][0])
    pts = np.array([z for z, _ in singular_clusters], dtype=np.complex128).reshape(-1, n)
    mult = tuple(len(c) for _, c in singular_clusters)
    wind = tuple(tuple(est[k][2] for k in c) for _, c in singular_clusters)
    spaths = tuple(tuple(c) for _, c in singular_clusters)
    # error estimate: the worst member's, or the spread of the members if larger
    acc = np.array([max(max(est[k][1] for k in c), max(float(np.max(np.abs(est[k][0] - z))) for k in c))
                    for z, c in singular_clusters])
    return sols, sol_paths, eg, (pts, mult, wind, spaths, acc), counts


@ctrl_c_safe
def total_degree_solve(F: PolynomialSystem, seed=None, options: TrackerOptions | None = None,
                       show_progress: bool = False, infinity_tolerance: float = 1e-8,
                       endgame: EndgameOptions | bool = True) -> SolveResult:
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
    endgame : EndgameOptions or bool
        The Cauchy endgame for paths to singular points (True: default
        :class:`~algnet.homotopy.endgame.EndgameOptions`; False: off, the
        singular paths are only counted).

    Returns
    -------
    SolveResult

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 0): 1, (0, 1): 1, (0, 0): -3}])
    >>> r = total_degree_solve(S, seed=3)
    >>> len(r.solutions), r.counts
    (2, {'finite': 2})

    x^2 = 0, y = 1: a double root, reached by both paths (one cycle of winding number 2):

    >>> D = PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 1): 1, (0, 0): -1}])
    >>> r = total_degree_solve(D, seed=0)
    >>> bool(np.abs(r.singular_solutions - [0, 1]).max() < 1e-8), r.multiplicities, r.winding_numbers, r.counts
    (True, (2,), ((2, 2),), {'singular': 2})
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
    keys = []
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
        keys.append(key)
        counts[key] = counts.get(key, 0) + 1
    sols = np.array(finite, dtype=np.complex128).reshape(-1, n)
    sol_paths = np.array([k for k, key in enumerate(keys) if key == "finite"], dtype=np.int64)
    dup_of: dict = {}
    if sols.shape[0]:
        # a finite solution must also Newton-converge on the affine system with a
        # well-conditioned Jacobian (slowly converging paths to singular points at
        # infinity can look finite in the chart)
        good = _affine_check(F, sols, (options or TrackerOptions()).singular_condition)
        for k in sol_paths[~good]:
            _move_count(counts, "finite", "singular")       # (no zero counts left behind)
            keys[k] = "singular"
        sols, sol_paths = sols[good], sol_paths[good]
    if sols.shape[0]:
        idx = distinct_points(sols)
        if len(idx) < sols.shape[0]:
            for _ in range(sols.shape[0] - len(idx)):
                _move_count(counts, "finite", "duplicate")
            kept = set(idx.tolist())
            for i in range(sols.shape[0]):
                if i in kept:
                    continue
                # the first kept row it repeats (the rule of distinct_points)
                x = sols[i]
                for j in idx:
                    if j < i and np.max(np.abs(sols[j] - x)) <= 1e-6 * (1 + np.max(np.abs(x))):
                        dup_of[int(sol_paths[i])] = int(sol_paths[j])
                        break
                keys[sol_paths[i]] = "duplicate"
        sols, sol_paths = sols[idx], sol_paths[idx]
    eg_opt = EndgameOptions() if endgame is True else (endgame or None)
    eg = None
    sing = (np.empty((0, n), dtype=np.complex128), (), (), (), np.empty(0))
    partial = tr.partial
    if eg_opt is not None and not partial:
        try:
            sols, sol_paths, eg, sing, counts = _singular_endgame(
                F, H, S, tr, dict(counts), sols, sol_paths, list(keys), dup_of, eg_opt, options,
                infinity_tolerance)
        except KeyboardInterrupt:
            partial = True  # Ctrl-C in the endgame: the result without it
    assert sum(counts.values()) == prod(degs)
    return SolveResult(sols, counts, prod(degs), seed, gamma, tr, time.perf_counter() - t0, partial,
                       *sing, eg)
