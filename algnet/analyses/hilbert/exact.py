"""Ranks of graded pieces over QQ at integer points of M: what a rank modulo a prime cannot show.

A rank modulo p of an evaluation matrix is a proved lower bound of H, and it equals H with the Schwartz-Zippel
probability over the random points -- unless p divides every maximal minor as a polynomial in the parameters
(a bad prime: ``map s + t; s + c*t; (s + t)^2`` with c = 1 modulo p), where it is low at every point. The rank
over QQ of the same piece at integer points of M needs no prime: it is a proved lower bound too (the exact
rank of that matrix, :func:`algnet.analyses.span.exact_rank`), equal to H with probability at least
1 - h e deg / 2^28 (Schwartz-Zippel over the integers, parameters drawn from [0, 2^28)). A piece below full rank
is checked this way when that can change the answer (:mod:`~algnet.analyses.hilbert.ranking`), it is small
(:data:`EXACT_PIECE_ENTRIES`, :data:`EXACT_PIECE_DEGREE`) and the run's exact checks stay within
:data:`EXACT_BUDGET` (a count, not a clock: the same seed checks the same pieces at any load); the others are
counted, and the result says so.
"""

from __future__ import annotations

from math import comb, gcd

import numpy as np

from algnet.errors import TooLargeError

#: Largest evaluation matrix (entries: (n + 4) x n for a piece of n monomials) whose rank is also taken over QQ.
EXACT_PIECE_ENTRIES = 4000
#: Largest degree of its entries in the parameters (degree e times the coordinates' degree): about 28 bits each.
EXACT_PIECE_DEGREE = 40
#: Work of the exact ranks of one run, in entries x degree (n (n + 4) e deg per piece of n monomials at degree e:
#: measured 0.5-7.7e-7 CPU s a unit on linear 3-2-3 and 4-2-4, dense 3-2-1 r=2, 3-3-3 r=2 and 3-3-1 r=3, so at
#: most about 0.4 s); the pieces of degree >= 2 after that are counted as not checked (degree 1, whose equations
#: every higher degree uses, is checked whenever the piece is small enough).
EXACT_BUDGET = 500_000
#: Range of the parameters of the integer points: [0, 2^28), at least every default prime, so the
#: Schwartz-Zippel bound of the modular ranks covers the exact ones too.
EXACT_RANGE = 2**28


class ExactRanks:
    """Exact ranks over QQ of the graded pieces' evaluation matrices at integer points of M (one set of
    points for the run), and the count of the pieces below full rank checked and not checked.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.hilbert.engine import GradedEngine
    >>> net = parse_spec("linear 2-1-2")                    # 2x2 matrices of rank <= 1: one quadric, det
    >>> eng, ex = GradedEngine(net, seed=0), ExactRanks(net, seed=0, pdeg=2)
    >>> sorted((pc.size, ex.rank(pc, 2)) for pc in eng.level(2).values())[-1]   # a11 a22, a12 a21: det = 0
    (2, 1)
    >>> ex.checked, ex.skipped
    (9, 0)
    """

    def __init__(self, net, seed, pdeg: int, budget: int | None = None):
        self.net, self.pdeg, self.budget = net, int(pdeg), EXACT_BUDGET if budget is None else budget
        self.rng = np.random.default_rng(np.random.SeedSequence([int(np.random.SeedSequence(seed).entropy), 9191]))
        self.points: list = []
        self.checked = self.skipped = 0
        self.raised = 0         # pieces whose rank over QQ was above the modular one: the prime is a bad one
        self.spent = 0

    def _points(self, count: int) -> list:
        while len(self.points) < count:
            theta = np.array([int(v) for v in self.rng.integers(0, EXACT_RANGE, size=self.net.n_params)], dtype=object)
            self.points.append([c for out in self.net.coefficients(theta) for c in out] + [1])   # [N]: the 1
        return self.points[:count]

    def rank(self, piece, e: int) -> int | None:
        """The exact rank over QQ of ``piece`` (of degree ``e``) at ``piece.size + 4`` integer points of M, or
        None (counted in ``skipped``) when it is too large or the run's budget is spent."""
        n = piece.size
        work = n * (n + 4) * max(e, 1) * self.pdeg
        if (n * (n + 4) > EXACT_PIECE_ENTRIES or max(e, 1) * self.pdeg > EXACT_PIECE_DEGREE
                or (e > 1 and self.spent + work > self.budget)):
            self.skipped += 1
            return None
        from algnet.analyses.span import exact_rank

        self.spent += work
        rows = []
        for pt in self._points(n + 4):
            row = []
            for mono in piece.idx.tolist():
                v = 1
                for k in mono:
                    v = v * pt[k]
                row.append(v)
            rows.append(row)
        try:
            r = exact_rank(rows)
        except TooLargeError:
            r = None
        if r is None:
            self.skipped += 1
        else:
            self.checked += 1
        return r

    def describe(self, primes, shown: bool = False, described: int = 0) -> str:
        """What the exact checks cover, for the result's text (``shown``: a bad prime showed without a rank over QQ
        above a modular one; ``described``: that many of the pieces not ranked over QQ are said elsewhere, the
        linear pieces ranked at two primes with equal ranks: '' when no other piece is left to describe).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ex = ExactRanks(parse_spec("linear 2-1-2"), seed=0, pdeg=2)
        >>> ex.checked, ex.skipped = 3, 1
        >>> ex.describe([268435399])                                         # doctest: +NORMALIZE_WHITESPACE
        'the 3 graded pieces below full rank also ranked over QQ at random integer points of M (a bad prime
        cannot lower those); 1 graded pieces below full rank not ranked over QQ (too large or past the budget):
        their ranks mod 268435399 are lower bounds, exact unless that prime is a bad one'
        """
        if not self.checked and not self.skipped:
            return "every graded piece has full rank or independent coordinates (proved)"
        skipped_n = self.skipped - described
        if not self.checked and not skipped_n:
            return ""
        done = (f"the {self.checked} graded pieces below full rank also ranked over QQ at random integer "
                f"points of M (a bad prime cannot lower those)" if self.checked else "")
        if not skipped_n:
            return done
        mods = ", ".join(str(p) for p in primes)
        skipped = f"{skipped_n} graded pieces below full rank not ranked over QQ (too large or past the budget)"
        if self.raised:
            return (f"{done}; modulo {mods} {self.raised} of them had a lower rank (a bad prime), so the {skipped} "
                    f"are lower bounds only")
        if shown:           # a bad prime showed otherwise (two primes' ranks differed, a rank below its floor)
            return "; ".join(t for t in (done, f"a bad prime showed, so the {skipped} are lower bounds only") if t)
        left = f"{skipped}: their ranks mod {mods} are lower bounds, exact unless that prime is a bad one"
        return f"{done}; {left}" if done else left


#: Largest Jacobian (coordinates x parameters) taken over QQ to check the grading detected modulo the primes.
EXACT_JACOBIAN_ENTRIES = 4000


def _derivative_weights(D: int) -> list:
    """Weights a_0..a_D with f'(0) = sum a_h f(h) for every polynomial f of degree <= D (exact fractions).

    Examples
    --------
    >>> [str(a) for a in _derivative_weights(2)]            # f'(0) = (-3 f(0) + 4 f(1) - f(2)) / 2
    ['-3/2', '2', '-1/2']
    """
    from fractions import Fraction

    # solve sum_h a_h h^j = [j == 1], j = 0..D (a Vandermonde system), by Gauss-Jordan over the fractions
    A = [[Fraction(h ** j) for h in range(D + 1)] + [Fraction(int(j == 1))] for j in range(D + 1)]
    for col in range(D + 1):
        piv = next(i for i in range(col, D + 1) if A[i][col] != 0)
        A[col], A[piv] = A[piv], A[col]
        A[col] = [x / A[col][col] for x in A[col]]
        for i in range(D + 1):
            if i != col and A[i][col] != 0:
                f = A[i][col]
                A[i] = [x - f * y for x, y in zip(A[i], A[col])]
    return [A[h][D + 1] for h in range(D + 1)]


def exact_point_jacobian(net, rng, degree: int):
    """(c, columns): the coordinates c of f_theta at a random integer theta in [0, 2^28) and the Jacobian of
    theta -> c there over QQ, one column (a list of N entries) per parameter, each from ``degree + 1`` exact
    evaluations along that parameter (the coordinates are polynomials of degree <= ``degree`` in it).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> c, cols = exact_point_jacobian(parse_spec("map s^2; s*t"), np.random.default_rng(0), 2)
    >>> s, t = (int(v) for v in np.random.default_rng(0).integers(0, 2**28, size=2))    # the same draw
    >>> c == [s * s, s * t] and cols == [[2 * s, t], [0, s]]           # d/ds (s^2, s t) = (2 s, t); d/dt = (0, s)
    True
    """
    theta = [int(v) for v in rng.integers(0, EXACT_RANGE, size=net.n_params)]

    def coords(th):
        return [x for out in net.coefficients(np.array(th, dtype=object)) for x in out]

    c = coords(theta)
    a = _derivative_weights(degree)
    cols = []
    for i in range(net.n_params):
        col = [a[0] * x for x in c]
        for h in range(1, degree + 1):
            th = list(theta)
            th[i] += h
            col = [u + a[h] * x for u, x in zip(col, coords(th))]
        cols.append(col)
    return c, cols


def checked_grading(engine, exact: "ExactRanks") -> tuple:
    """(grading, note): the engine's grading when each weight of its torus (and the Euler field, when it says
    M is a cone) is tangent to M over QQ at an integer point of M (``diag(w) c`` in the span of the exact
    Jacobian's columns); else the largest part of that torus that is tangent there (:func:`_tangent_part`: its
    weights, a cone when the Euler field is among them), or no grading when no part is, with the reason. The
    torus found modulo two bad primes can be too large (``map s + t; s + c*t; s*t``, c = 1 modulo both, is the
    plane x = y there, a cone with a 2-torus; over QQ a quadric surface that is not a cone), and its graded
    pieces then split equations of M apart. Not checked (the note says so) above :data:`EXACT_JACOBIAN_ENTRIES`.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.hilbert.engine import GradedEngine
    >>> net = parse_spec("linear 2-1-2")
    >>> g, note = checked_grading(GradedEngine(net, seed=0), ExactRanks(net, seed=0, pdeg=2))
    >>> g.weights.shape[0], g.homogeneous, note
    (3, True, 'the grading checked over QQ at an integer point')
    """
    from algnet.analyses.hilbert.grading import _Grading
    from algnet.analyses.span import exact_rank

    g, net, N = engine.grading, engine.net, engine.N
    if not g.weights.shape[0]:
        return g, ""
    if N * net.n_params > EXACT_JACOBIAN_ENTRIES or exact.pdeg > EXACT_PIECE_DEGREE:
        return g, "the grading not checked over QQ (too large)"
    c, cols = exact_point_jacobian(net, exact.rng, exact.pdeg)
    try:
        r = exact_rank(cols, columns=N)

        def tangent(w) -> bool:
            return exact_rank(cols + [[int(wi) * x for wi, x in zip(w, c)]], columns=N) == r

        euler = g.homogeneous and tangent([1] * N)
        if all(tangent(w) for w in g.weights.tolist()) and (euler or not g.homogeneous):
            return g, "the grading checked over QQ at an integer point"
        W = _tangent_part(cols, c, g.weights.tolist())
    except TooLargeError:
        return g, "the grading not checked over QQ (too large)"
    primes = ", ".join(map(str, engine.primes[:2]))
    k = g.weights.shape[0]
    if W:
        cone = exact_rank(W + [[1] * N], columns=N) == len(W)
        why = (f"the torus of dimension {k} found modulo {primes} is not tangent to M over QQ (bad primes): its "
               f"part of dimension {len(W)} that is, checked at an integer point, is used")
        return _Grading(np.array(W, dtype=np.int64), cone,
                        f"torus of dimension {len(W)} ({why})"), why
    why = (f"the torus of dimension {k} found modulo {primes} is not tangent to M over QQ (bad primes), nor is any "
           f"part of it")
    return _Grading(np.zeros((0, N), dtype=np.int64), False, f"no grading (degree <= e filtration; {why})"), why


def _tangent_part(cols: list, c: list, weights: list) -> list:
    """Integer weights spanning the part of the torus ``weights`` (rows) that is tangent to M at the point ``c``:
    the w = sum_i l_i w_i with diag(w) c in the span of the Jacobian's columns ``cols`` (exact, over QQ: the kernel
    of the matrix whose columns are ``cols`` and the diag(w_i) c), reduced to a basis of integer rows; [] when no
    nonzero w is.

    Examples
    --------
    >>> c = [2, 3, 2 * 3 + 5 * 2 ** 3]       # M = {z = x y + 5 x^3} at (x, y) = (2, 3): weights (1, 2, 3) only
    >>> cols = [[1, 0, 3 + 15 * 4], [0, 1, 2]]                     # d/dx, d/dy of (x, y, x y + 5 x^3)
    >>> _tangent_part(cols, c, [[1, 0, 1], [0, 1, 1]])             # of the 2-torus of z = x y: w1 + w1 + w2
    [[1, 2, 3]]
    """
    from fractions import Fraction
    from math import lcm

    from algnet.core.matrix import Matrix

    k, N = len(weights), len(c)
    A = [[col[i] for col in cols] + [int(w[i]) * c[i] for w in weights] for i in range(N)]
    lam = [v[len(cols):] for v in Matrix(A, "QQ").nullspace()]
    lam = [v for v in lam if any(v)]
    if not lam:
        return []
    R, r = Matrix([[Fraction(x) for x in v] for v in lam], "QQ").rref()
    out = []
    for row in R[:r]:
        den = lcm(*(x.denominator for x in row))
        ints = [int(x * den) for x in row]
        w = [sum(li * int(wt[i]) for li, wt in zip(ints, weights)) for i in range(N)]
        g = 0
        for x in w:
            g = gcd(g, abs(x))
        out.append([x // g for x in w] if g else w)
    return [w for w in out if any(w)] if k else []


def dimension_floor(d: int, e: int, homogeneous: bool) -> int:
    """A proved lower bound of H(e) from a proved lower bound ``d`` of dim M: the polynomials of degree e in d
    linear forms independent on M (a generic projection of M to C^d is dominant) are independent modulo I(M):
    C(d + e, e) (affine, degree <= e), C(d - 1 + e, e) (cone, degree e).

    Examples
    --------
    >>> [dimension_floor(2, e, False) for e in range(5)]      # a surface in C^3: at least C(e + 2, 2)
    [1, 3, 6, 10, 15]
    >>> [dimension_floor(2, e, True) for e in range(4)]       # a cone over a curve: at least e + 1
    [1, 2, 3, 4]
    """
    if d <= 0:
        return 1 if e == 0 or not homogeneous else 0
    return comb(d + e, e) if not homogeneous else comb(d - 1 + e, e)
