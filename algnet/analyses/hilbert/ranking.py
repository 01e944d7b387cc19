"""Ranks of the graded pieces of a Hilbert function run: modulo two primes, over QQ only when that can change
the answer.

Why this is enough. Let h be the rank over QQ of a graded piece's evaluation matrix at generic points of M (its
share of H(e)). An equation of M with integer coefficients vanishes on M modulo every prime, so the rank r_p of
the matrix modulo p at any points of M is at most h: every modular rank is a proved lower bound, and so is every
rank over QQ at integer points of M (:class:`~algnet.analyses.hilbert.exact.ExactRanks`). r_p < h happens in
two ways only:

* an unlucky draw of the points: probability at most h e deg / p when p is a good prime for the piece
  (Schwartz-Zippel on a maximal minor, of degree h e deg in the sampled parameters);
* p is a bad prime for the piece: it divides every maximal minor as a polynomial in the parameters, and the rank
  is low at every point. No probability covers this: the primes are not random.

A piece below full rank that is small enough (:class:`~algnet.analyses.hilbert.exact.ExactRanks`: its size and
the run's budget of exact work) is ranked over QQ at integer points of M: no prime can lower that rank (a map
whose coefficients make both default primes bad, ``(s + c t)^2`` with c = 1 modulo both, is ranked right). A
larger one is ranked modulo the first two primes p and q. Equal ranks are accepted without a rank over QQ: they are
wrong only if both primes are bad for the piece (or the draw is unlucky at a good one, which the probability
bound over min(p, q) covers), and the result says which pieces rest on that. The piece is ranked over QQ too when
the answer can still change:

* the two ranks differ (one of the primes is bad for the piece, or unlucky), or
* the rank is below a proved lower bound of the piece's rank: a coordinate x_i that is not zero on M (a point of
  M where it is not 0 modulo p proves it) is not a zero divisor of the coordinate ring of M (a domain: M is the
  image of an irreducible parameter space), so multiplying by it embeds the piece of weight w - wt(x_i) and
  degree e - 1 in the piece of weight w and degree e; in the affine case the piece of weight w and degree
  <= e - 1 lies in that of degree <= e too. Their ranks (proved lower bounds) bound the piece's rank from below.

Either event shows a bad prime (or an unlucky draw). From then on the run is *suspect*, as it is from the start
when the screening dropped a prime at which the Jacobian lost rank, when the grading found modulo the primes
failed its check over QQ, or when a linear piece (degree 1, always ranked over QQ when small) was raised over
QQ: every piece below full rank is then ranked over QQ as well (within the exact ranks' budget), the pieces
accepted on agreement before are ranked again, and a piece left without a rank over QQ makes the whole list a
lower bound with no probability.
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.hilbert.exact import ExactRanks

__all__ = ["PieceRanks"]


class PieceRanks:
    """The ranks of a run's graded pieces (proved lower bounds of their share of H), degree by degree.

    ``suspect`` (text): why every piece below full rank is ranked over QQ from the start ('' when no bad prime
    has shown). ``sums[e]`` is H(e) as computed so far.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.hilbert.engine import GradedEngine
    >>> net = parse_spec("linear 2-1-2")                     # 2x2 matrices of rank <= 1: one quadric, det
    >>> eng = GradedEngine(net, seed=0)
    >>> pr = PieceRanks(eng, ExactRanks(net, seed=0, pdeg=2))
    >>> eng.set_linear(pr.linear())
    >>> sorted((pc.size, pr.rank(pc, 2)) for pc in eng.level(2).values())[-1]   # a11 a22, a12 a21: det = 0
    (2, 1)
    >>> pr.sums, pr.agreed_count, pr.exact.checked                 # a small piece: ranked over QQ, not mod q
    ({1: 4, 2: 9}, 0, 1)
    """

    def __init__(self, engine, exact: ExactRanks, suspect: str = ""):
        self.engine, self.exact, self.suspect = engine, exact, suspect
        self.p, self.q = engine.primes[0], engine.primes[1]
        self.ranks: dict = {}       # (e, key) -> rank
        self.sums: dict = {}        # e -> H(e) so far
        self.agreed: list = []      # (e, piece, rank) accepted on the two primes' agreement, not ranked over QQ
        self.agreed_count = 0
        self.linear_agreed = 0      # linear pieces too large over QQ, accepted on the two primes' equal ranks
        self.bad = False            # a piece showed a bad prime (ranks differ, a rank below its floor or over QQ)
        self.below = 0              # pieces below full rank at the first prime (full rank there is proved)
        self._nonzero = None

    def _record(self, e: int, piece, r: int) -> int:
        old = self.ranks.get((e, piece.key), 0)
        self.ranks[(e, piece.key)] = r
        self.sums[e] = self.sums.get(e, 0) + r - old
        return r

    def _exact(self, piece, e: int, r: int) -> int:
        """The larger of ``r`` and the rank over QQ, or (too large over QQ) the rank modulo ``q``: lower bounds."""
        rx = self.exact.rank(piece, e)
        if rx is None:      # lower bounds all: the two primes' ranks and (degree >= 2) the proved floor
            return max(r, self.engine.piece_rank(piece, self.q), self.floor(piece, e) if e >= 2 else 0)
        return self.over_qq(r, rx, f"a graded piece of degree {e}")

    def over_qq(self, r: int, rx: int, what: str) -> int:
        """The larger of a piece's rank ``r`` modulo ``p`` and its rank ``rx`` over QQ (both lower bounds of its
        share of H). A higher rank over QQ shows a bad prime (or an unlucky draw): it is counted
        (``exact.raised``) and the run is marked suspect (:meth:`shown`: "``what`` has a higher rank over QQ than
        modulo p").

        Examples
        --------
        [[1, 1], [1, 1 + p]] has rank 2 over QQ (determinant p) and rank 1 modulo p:

        >>> from algnet import parse_spec
        >>> from algnet.analyses.hilbert.engine import GradedEngine
        >>> net = parse_spec("linear 2-1-2")
        >>> pr = PieceRanks(GradedEngine(net, seed=0), ExactRanks(net, seed=0, pdeg=2))
        >>> pr.over_qq(1, 2, "a graded piece of degree 2"), pr.exact.raised, pr.bad
        (2, 1, True)
        >>> pr.suspect == f"a graded piece of degree 2 has a higher rank over QQ than modulo {pr.p}"
        True
        """
        if rx > r:
            self.exact.raised += 1
            self.shown(f"{what} has a higher rank over QQ than modulo {self.p}")
        return max(r, rx)

    def shown(self, why: str) -> None:
        """A piece showed a bad prime (or an unlucky draw): rank the pieces accepted on agreement over QQ too, and
        every later piece below full rank."""
        self.bad = True
        if self.suspect:
            return
        self.suspect = why
        agreed, self.agreed = self.agreed, []
        for e, piece, r in agreed:
            self._record(e, piece, self._exact(piece, e, r))

    def linear(self) -> list:
        """Leading coordinates of the linear equations of M, degree 1 piece by piece (each piece below full rank
        ranked over QQ when small, else modulo ``q`` too: the higher rank is taken and a difference shows a bad
        prime), at ``p`` or, for a piece whose rank over QQ is higher, at another of the engine's primes that
        reaches it: a linear equation found only modulo a bad prime is no equation of M, and
        taking its leading coordinate out of the higher degrees would make them wrong. When no prime reaches it,
        the piece's coordinates all stay (H(1) counts its exact rank)."""
        eng, lead = self.engine, []
        for piece in eng.level(1).values():
            free, _ = eng.piece_kernel(piece, self.p)
            r = piece.size - len(free)
            if len(free):
                self.below += 1
                rx = self.exact.rank(piece, 1)
                if rx is None:      # too large over QQ: the second prime instead (equal ranks: see the module doc)
                    free2, _ = eng.piece_kernel(piece, self.q)
                    if len(free2) == len(free):
                        self.linear_agreed += 1
                    else:
                        self.shown(f"a linear piece has ranks {r} modulo {self.p}, {piece.size - len(free2)} "
                                   f"modulo {self.q}")
                        if len(free2) < len(free):
                            free, r = free2, piece.size - len(free2)
                elif rx > r:
                    r = self.over_qq(r, rx, "a linear piece")
                    for q in eng.primes:
                        free, _ = eng.piece_kernel(piece, q)
                        if piece.size - len(free) >= rx:
                            break
                    else:
                        free = ()
            self._record(1, piece, r)
            lead += [int(piece.idx[f, 0]) for f in free]
        return lead

    def rank(self, piece, e: int) -> int:
        """The rank of ``piece`` (degree ``e`` >= 2): modulo ``p``; when below full rank over QQ too if the piece is
        small enough (:meth:`ExactRanks.rank`), else modulo ``q``, and over QQ when the two differ, when it is
        below :meth:`floor`, or when the run is suspect."""
        eng = self.engine
        r = eng.piece_rank(piece, self.p)
        if r < piece.size:
            self.below += 1
            if not self.suspect:
                rx = self.exact.rank(piece, e)      # small enough over QQ: no prime can lower that rank
                if rx is not None:
                    return self._record(e, piece, self.over_qq(r, rx, f"a graded piece of degree {e}"))
                # r + 4 points of M modulo q suffice to compare with r (a higher rank shows with r + 1 of them);
                # the full n + 4 cost up to (n + 4) / (r + 4) times more when the kernel is large
                r2 = eng.piece_rank(piece, self.q, rows=r + 4)
                if r2 == r and r >= self.floor(piece, e):
                    self.agreed.append((e, piece, r))
                    self.agreed_count += 1
                    return self._record(e, piece, r)
                self.shown(f"a graded piece of degree {e} has ranks {r} modulo {self.p}, {r2} modulo {self.q}"
                           if r2 != r else f"a graded piece of degree {e} has a rank modulo {self.p} below a "
                                           f"proved lower bound")
                r = max(r, r2, self.floor(piece, e))     # each a proved lower bound
            r = self._exact(piece, e, r)
        return self._record(e, piece, r)

    def floor(self, piece, e: int) -> int:
        """A proved lower bound of the rank of ``piece`` (degree ``e`` >= 2) from the ranks of degree e - 1: the
        piece of weight w - wt(x_i) for each coordinate x_i proved nonzero on M, and (affine) the piece of weight
        w itself."""
        eng = self.engine
        if self._nonzero is None:
            pt = eng.sampler(self.p).points(1)[0]
            self._nonzero = [i for i in eng.active if pt[i] % self.p]
        key = piece.key
        best = 0 if eng.homogeneous else self.ranks.get((e - 1, key), 0)
        W = eng.grading.weights
        if W.shape[0] == 0:         # one piece a degree: x_i times it lies in the next one
            return max(best, self.ranks.get((e - 1, ()), 0)) if self._nonzero else best
        for row in (np.asarray(key, dtype=np.int64)[:, None] - W[:, self._nonzero]).T.tolist():
            best = max(best, self.ranks.get((e - 1, tuple(row)), 0))
        return best

    def describe(self, primes: tuple) -> str:
        """What the checks of the run cover, for the result's text.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> from algnet.analyses.hilbert.engine import GradedEngine
        >>> net = parse_spec("linear 2-1-2")
        >>> pr = PieceRanks(GradedEngine(net, seed=0), ExactRanks(net, seed=0, pdeg=2))
        >>> pr.agreed = [None] * 3                  # three pieces accepted on the two primes' equal ranks
        >>> pr.describe((268435399, 268435367))                             # doctest: +NORMALIZE_WHITESPACE
        'the 3 graded pieces of degree >= 2 below full rank ranked modulo 268435399 and 268435367 with equal ranks
        and at least the proved lower bound from degree e - 1, not over QQ (wrong only if both primes are bad
        ones for the piece, which no probability covers)'
        """
        if not (self.suspect or self.below or self.agreed or self.exact.checked or self.exact.skipped):
            return "every graded piece has full rank or independent coordinates (proved)"
        parts = []
        if self.suspect:
            parts.append(f"pieces below full rank ranked over QQ too: {self.suspect} (a bad prime)")
        if self.linear_agreed:
            parts.append(f"the {self.linear_agreed} linear graded pieces below full rank too large to rank over QQ "
                         f"ranked modulo {primes[0]} and {primes[1]} with equal ranks (wrong only if both primes are "
                         f"bad ones for the piece, which no probability covers)")
        left = len(self.agreed)
        if left:
            parts.append(f"the {left} graded pieces of degree >= 2 below full rank ranked modulo {primes[0]} and "
                         f"{primes[1]} with equal ranks and at least the proved lower bound from degree e - 1, not "
                         f"over QQ (wrong only if both primes are bad ones for the piece, which no probability "
                         f"covers)")
        if self.exact.checked or self.exact.skipped:
            text = self.exact.describe((primes[0],), shown=self.bad, described=self.linear_agreed)
            if text:
                parts.append(text)
        return "; ".join(parts)
