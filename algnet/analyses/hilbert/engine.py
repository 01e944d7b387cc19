"""The engine shared by the Hilbert function and implicitization: samplers per prime, the grading, the levels
of graded pieces, size checks, kernels and ranks of evaluation matrices. The cost model is in
:mod:`~algnet.analyses.hilbert.costs`, the pieces of monomials in :mod:`~algnet.analyses.hilbert.pieces`."""

from __future__ import annotations

import numpy as np

from algnet.analyses.hilbert import exact as _exact
from algnet.analyses.hilbert.costs import (CONVERT_SECONDS, EXACT_UNIT_SECONDS, GRADING_POINTS, IMPLICIT_PIECE_SECONDS,
                                           MATMUL_RATE, MAX_MONOMIALS, MAX_PIECE, PIECE_ENTRY_SECONDS, PIECE_RREF_RATE,
                                           PIECE_SECONDS, PIECES_BUDGET, RREF_BYTES_PER_ENTRY, RREF_RATE,
                                           SETUP_BYTES_PER_ENTRY, SETUP_SECONDS, SKIPPED_PIECE_SECONDS, check_setup,
                                           estimate_setup)
from algnet.analyses.hilbert.grading import _detect_grading
from algnet.analyses.hilbert.linalg import _kernel_rref, _rank
from algnet.analyses.hilbert.piece_counts import piece_sizes, ranked_piece_sizes
from algnet.analyses.hilbert.pieces import (_level_pieces, _Piece, _piece_matrix, _split_pieces,
                                            encode_rows, level_count)
from algnet.analyses.hilbert.sampler import _Sampler
from algnet.core.primes import check_primes
from algnet.errors import NotApplicableError, ParameterError, TooLargeError

# the names this module had before its cost model and pieces moved out, kept importable from here
__all__ = ["CONVERT_SECONDS", "GRADING_POINTS", "IMPLICIT_PIECE_SECONDS", "MATMUL_RATE", "MAX_MONOMIALS", "MAX_PIECE",
           "PIECE_ENTRY_SECONDS", "PIECE_RREF_RATE", "PIECE_SECONDS", "PIECES_BUDGET", "RREF_BYTES_PER_ENTRY",
           "RREF_RATE", "SETUP_BYTES_PER_ENTRY", "SETUP_SECONDS", "SKIPPED_PIECE_SECONDS", "GradedEngine",
           "check_setup", "encode_rows", "estimate_setup", "level_count", "_level_pieces", "_piece_matrix",
           "_split_pieces", "_Piece"]


class GradedEngine:
    """Shared state of a sampling computation: samplers per prime, grading, levels.

    The set-up common to :func:`~algnet.analyses.hilbert.hilbert_function` and
    :func:`~algnet.analyses.implicit.implicitize`: points of M mod two primes, the grading of the
    ideal of M detected from them, the graded pieces of monomials of each degree, and the ranks
    and kernels of their evaluation matrices at points of M. ``rank`` (a proved lower bound of dim M): skip the
    primes at which the map's Jacobian has a lower rank (:meth:`_good_primes`) before anything is sampled.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> eng = GradedEngine(parse_spec("linear 2-1-2"), seed=0)      # 2x2 matrices of rank <= 1
    >>> eng.N, eng.jacobian_rank(), eng.homogeneous
    (4, 3, True)
    >>> sum(eng.piece_rank(pc, eng.primes[0]) for pc in eng.level(2).values())   # 10 quadrics, 1 vanishes (det)
    9
    """

    def __init__(self, net, seed=None, primes=None, grading: str = "auto", rank: int | None = None):
        if not getattr(net, "polynomial", True):
            raise NotApplicableError(
                f"{net.spec}: the neuromanifold of a non-polynomial network is not an algebraic variety",
                hint="use the functional dimension and linear regions instead (algnet fd, algnet regions)")
        if grading not in ("auto", "total", "none"):
            raise ParameterError(f"grading={grading!r} is not one of 'auto', 'total', 'none'", hint="use 'auto'")
        self.net = net
        self.seed = seed
        self.entropy = int(np.random.SeedSequence(seed).entropy)
        # modulo a prime dividing a constant of the spec the map is another map: the default primes skip those
        from algnet.analyses.shared import network_primes
        self.primes = tuple(check_primes(primes) or network_primes(net, 8))
        if len(self.primes) < 2:
            raise ParameterError("need at least two primes", hint="give two or more, or none for the default list")
        self.samplers = {}
        self.N = net.ambient_dimension
        if self.N > MAX_MONOMIALS:  # the coordinates alone cannot be listed (checked before sampling)
            from algnet.errors import TooLargeError

            raise TooLargeError(f"{net.spec}: the function space has {self.N} coordinates (limit {MAX_MONOMIALS})",
                                coordinates=self.N, hint="use the dimension (algnet dim) or a smaller network")
        self.rank = rank
        self.screened = ()      # primes dropped by the screening (the Jacobian lost rank there): bad primes exist
        #: looks a ranked piece may take: 2 for the Hilbert function, which ranks a piece below full rank a second
        #: time (:mod:`~algnet.analyses.hilbert.ranking`: over QQ when small, else at the second prime), and whose
        #: estimate charges that second look (:meth:`estimate`); 1 for the implicitization
        self.rank_passes = 1
        self._pdeg = None
        if rank is not None:
            self.primes = self._good_primes(rank, user=bool(check_primes(primes)))
        s1, s2 = self.sampler(self.primes[0]), self.sampler(self.primes[1])
        self.grading = _detect_grading(s1, s2, grading)
        self.levels = {}
        self._dominant = {}
        self.active = tuple(range(self.N))
        self.linear_leading = ()

    def set_linear(self, leading):
        """Coordinates that are leading terms of the linear equations: from degree 2
        on, work in the remaining coordinates only (M lies in the linear span
        cut out by the linear equations, which expresses the leading coordinates
        in the others, so I(M) = (linear equations) + (equations in the others))."""
        self.linear_leading = tuple(sorted(int(v) for v in leading))
        self.active = tuple(v for v in range(self.N) if v not in set(self.linear_leading))
        self.levels = {e: pcs for e, pcs in self.levels.items() if isinstance(e, int) and e <= 1}

    def _good_primes(self, rank: int, user: bool) -> tuple:
        """The primes in order, without those at which the Jacobian of the map has rank below ``rank`` (a proved
        lower bound of dim M) or below another prime's, at a random point: modulo such a prime the map is
        another map, whose image is smaller (``map s + t; s + c*t`` with c = 1 modulo p is a line), and every
        rank of an evaluation matrix there can be low at every point. Sets ``self.rank`` to the largest rank
        seen; stops at two good primes. Refuses (ParameterError) the user's primes when fewer than two are good;
        with the default list, more primes are tried (up to 24).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> c = 268435399 * 268435367 + 1        # 1 modulo the two largest default primes
        >>> eng = GradedEngine(parse_spec(f"map s + t; s + {c}*t; (s + t)^2"), seed=0, rank=2)
        >>> eng.primes[:2], eng.rank
        ((268435361, 268435337), 2)
        """
        from algnet.analyses.shared import network_primes
        from algnet.errors import NumericalError

        ranks, candidates = {}, list(self.primes)
        while True:
            for p in candidates:
                if p in ranks:
                    continue
                rng = np.random.default_rng(np.random.SeedSequence([self.entropy, 5555, p]))
                J = self.sampler(p).point_and_jacobian(rng.integers(0, p, size=self.net.n_params, dtype=np.int64))[1]
                ranks[p] = _rank(J, p)
                self.rank = max([rank] + list(ranks.values()))
                good = [q for q in ranks if ranks[q] >= self.rank]
                if len(good) >= 2:
                    self.screened = tuple(q for q in ranks if ranks[q] < self.rank)
                    return tuple(good) + tuple(q for q in self.primes if q not in ranks)
            if user or len(candidates) >= 24:
                break
            candidates = network_primes(self.net, 24)
        bad = ", ".join(f"{q} (rank {r})" for q, r in ranks.items() if r < self.rank)
        msg = (f"{self.net.spec}: modulo the primes {bad} the Jacobian of the map has rank below "
               f"{self.rank} = a proved lower bound of dim M: the map modulo them is another map (bad primes)")
        if user:
            raise ParameterError(msg, hint="give other primes (two or more at which the map keeps its rank), "
                                           "or none for the default list")
        raise NumericalError(msg + f"; fewer than two good primes among {len(ranks)} tried",
                             hint="give primes= (two or more at which the map keeps its rank)")

    def sampler(self, p: int) -> _Sampler:
        if p not in self.samplers:
            i = self.primes.index(p) if p in self.primes else 1000 + len(self.samplers)
            rng = np.random.default_rng(np.random.SeedSequence([self.entropy, i]))
            self.samplers[p] = _Sampler(self.net, p, rng)
        return self.samplers[p]

    @property
    def homogeneous(self) -> bool:
        return self.grading.homogeneous

    def level(self, e: int) -> dict:
        if e not in self.levels:
            self.levels[e] = _level_pieces(self.N, e, self.grading, None if e <= 1 else self.active)
        return self.levels[e]

    def mono_level(self, d: int) -> dict:
        """Monomials of degree d (<= d if affine) in the active coordinates, by weight (for products)."""
        key = ("mono", d, self.active)
        if key not in self.levels:
            self.levels[key] = _level_pieces(self.N, d, self.grading, self.active)
        return self.levels[key]

    def level_sizes(self, e: int) -> dict:
        """{piece size: number of pieces} of level ``e`` (the pieces :meth:`level` lists), counted without
        listing a monomial (:func:`algnet.analyses.hilbert.piece_counts.piece_sizes`).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> eng = GradedEngine(parse_spec("linear 3-1-3"), seed=0)
        >>> eng.level_sizes(3) == {n: sum(pc.size == n for pc in eng.level(3).values())
        ...                        for n in {pc.size for pc in eng.level(3).values()}}
        True
        """
        key = ("sizes", e, self.active if e > 1 else None)
        if key not in self.levels:
            if e in self.levels:        # listed already: read off
                sizes: dict = {}
                for pc in self.levels[e].values():
                    sizes[pc.size] = sizes.get(pc.size, 0) + 1
            else:
                sizes = piece_sizes(self.grading.weights, e, self.homogeneous, None if e <= 1 else self.active)
            self.levels[key] = sizes
        return self.levels[key]

    def level_work(self, e: int) -> tuple:
        """({piece size: number of pieces} of the pieces of level ``e`` a run ranks, number of pieces it skips,
        being in independent coordinates: :meth:`piece_rank`), counted without listing a monomial
        (:func:`algnet.analyses.hilbert.piece_counts.ranked_piece_sizes`; the independence asked at the first
        prime's sample, as the run does).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> eng = GradedEngine(parse_spec("linear 3-1-3"), seed=0)
        >>> ranked, skipped = eng.level_work(2)
        >>> listed = eng.level(2).values()
        >>> skipped == sum(eng.dominant(pc.vars, eng.primes[0]) for pc in listed)
        True
        """
        key = ("work", e, self.active if e > 1 else None)
        if key not in self.levels:
            p = self.primes[0]
            self.levels[key] = ranked_piece_sizes(self.grading.weights, e, self.homogeneous,
                                                  lambda vs: self.dominant(vs, p), None if e <= 1 else self.active)
        return self.levels[key]

    def level_count(self, e: int) -> int:
        n = self.N if e <= 1 else len(self.active)
        return level_count(n, e, self.homogeneous)

    def dominant(self, vars_: tuple, p: int) -> bool:
        """The coordinates ``vars_`` are algebraically independent on M (proved: full rank mod p)."""
        key = (vars_, p)
        if key not in self._dominant:
            J = self.sampler(p).J
            self._dominant[key] = _rank(J[list(vars_)], p) == len(vars_) if vars_ else True
        return self._dominant[key]

    def jacobian_rank(self, p=None) -> int:
        p = p or self.primes[0]
        return _rank(self.sampler(p).J, p)

    def largest_level_bytes(self, max_degree: int) -> int:
        """The largest :meth:`level_bytes` of the levels 0..``max_degree``, without visiting them all.

        From level 2 on (monomials in the same active coordinates) a level not yet listed costs more than every
        lower one (its monomial count and its bytes per monomial both grow with the level), so the largest is
        that of the highest level >= 2 not yet listed (at most ``len(self.levels)`` steps below ``max_degree``),
        or of level 0 or 1 (in all N coordinates). ``implicit -d 10**12`` looped over every level up to 10^12
        to phrase its refusal.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> eng = GradedEngine(parse_spec("linear 3-1-2"), seed=0)
        >>> eng.largest_level_bytes(10**12) == eng.level_bytes(10**12) > 0
        True
        """
        e = max_degree
        while e >= 2 and e in self.levels:
            e -= 1
        return max((self.level_bytes(d) for d in {e, 0, 1} if 0 <= d <= max_degree), default=0)

    def level_bytes(self, e: int) -> int:
        """Estimated peak bytes of listing the monomials of level ``e`` and grouping them by weight (before
        anything is built): per monomial, the larger of the listing (a Python tuple of e variables and its
        copies as indices: 56 + 24 e bytes) and the grouping (its e x k gathered weights under the k-dimensional
        torus, the k sums sorted, the indices: 8 e k + 24 k + 16 e). Measured (tracemalloc):
        estimate / peak 0.99-1.12 on linear 3-2-3 degree 10, linear 4-2-4 degree 5, dense 3-3-3 r=2 degree 5;
        a torus of dimension 243 on 336 coordinates made degree 3's 6.4 million monomials need 35 GiB.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> GradedEngine(parse_spec("linear 3-1-3"), seed=0).level_bytes(2) < 2**20
        True
        """
        if e in self.levels:
            return 0
        k = int(self.grading.weights.shape[0])
        return self.level_count(e) * max(56 + 24 * e, 8 * e * k + 24 * k + 16 * e)

    def check_size(self, max_degree: int, max_monomials: int, max_piece: int, force: bool,
                   what: str = "computation", budget: float | None = None, time_limit: float | None = None) -> int:
        """Largest feasible level <= max_degree; raise TooLargeError if it is smaller and not forced.

        ``budget`` (CPU seconds): also refuse when the estimated time of the graded pieces
        (:meth:`estimate`) is above it (the callers pass :data:`PIECES_BUDGET` when the user gave no time
        limit; with one, the pieces stop at the limit instead). ``time_limit``: the run's own time limit, at which
        it stops (a long run is then not announced as if nothing stopped it,
        :func:`algnet.guards.check_resources`)."""
        from algnet.analyses.routes_estimate import cheaper_routes
        from algnet.guards import check_resources, format_bytes, machine_memory

        option = "up_to" if what == "Hilbert function" else "max_degree"   # the caller's degree option, in hints
        lower = (lambda e: (f"lower {option}={e - 1}",) if e >= 2 else ())   # degree 1 is checked with no budget
        total = 0
        for e in range(max_degree + 1):
            total += self.level_count(e)
            if total > max_monomials and not force:
                # force lifts the count, not a listing above the whole machine (check_resources below)
                can = self.largest_level_bytes(max_degree) <= machine_memory()
                raise TooLargeError(
                    f"{self.net.spec}: the {what} up to degree {max_degree} needs more than {max_monomials} "
                    f"monomials in {self.N} coordinates ({total} up to degree {e} already)", monomials=total,
                    degree=e,
                    hint=cheaper_routes(self.net, first=lower(e), time_limit=None)
                    + ("; force=True runs it anyway" if can else ""))
            listing = self.level_bytes(e)
            check_resources(
                f"{self.net.spec}: listing the {self.level_count(e)} monomials of degree {e} by their weight "
                f"(a torus of dimension {self.grading.weights.shape[0]}; estimated {format_bytes(listing)})",
                memory=listing, force=force, degree=e,
                hint=lambda: cheaper_routes(self.net, first=lower(e) + ("grading='total' (one weight per "
                                                                        "monomial)",), time_limit=None))
        for e in range(max_degree + 1):
            big = max(self.level_sizes(e), default=0)       # counted: nothing listed before the checks pass
            if big > max_piece and not force:
                raise TooLargeError(
                    f"{self.net.spec}: degree {e} has a graded piece with {big} monomials "
                    f"(an evaluation matrix of about {big}x{big}, limit {max_piece})",
                    piece=big, degree=e,
                    hint=cheaper_routes(self.net, first=lower(e), time_limit=None)
                    + ("; force=True runs it anyway"      # unless its matrices are above the whole machine
                       if self.estimate(max_degree)["memory"] <= machine_memory() else ""))
        self.check_machine(max_degree, force, what, budget=budget, time_limit=time_limit)
        return max_degree

    def estimate(self, max_degree: int, first: int = 0, per_piece: float = PIECE_SECONDS) -> dict:
        """Estimated peak memory (bytes) and CPU seconds of the graded pieces of degrees ``first..max_degree``.

        From the sizes of the pieces (:meth:`level_sizes`, counted without listing a monomial: an estimate
        must cost little next to the work it estimates): only the pieces the run ranks (:meth:`level_work`; one in
        independent coordinates costs :data:`SKIPPED_PIECE_SECONDS` and no matrix). The peak is the largest ranked
        piece's (n + 4) x n evaluation matrix in echelon form (:data:`RREF_BYTES_PER_ENTRY`), its n + 4 sample points
        of M and the monomial indices of the levels; the time sums the echelon forms of the ranked pieces
        (``by_degree``: the
        seconds up to each degree, cumulative), plus ``per_piece`` seconds each (:data:`PIECE_SECONDS`; the
        implicitization's lifting and checks take :data:`IMPLICIT_PIECE_SECONDS`). With :attr:`rank_passes` 2 (the
        Hilbert function) each ranked piece also gets the second look the run gives a piece below full rank
        (:meth:`_second_look`: over QQ while small and within the exact ranks' budget, else at the second prime);
        an upper bound, as a piece at full rank gets none.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> est = GradedEngine(parse_spec("linear 3-1-3"), seed=0).estimate(2)
        >>> est["largest_piece"] > 0 and est["memory"] > 0 and est["seconds"] > 0
        True
        >>> sorted(est["by_degree"]) == [0, 1, 2] and est["by_degree"][2] == est["seconds"]
        True
        """
        big, seconds, index, by_degree = 0, 0.0, 0, {}
        left = _exact.EXACT_BUDGET          # the exact ranks' budget (from degree ``first`` on)
        for e in range(first, max_degree + 1):
            for n, count in self.level_sizes(e).items():        # counted, not listed
                index += 8 * n * count * max(e, 1) * 3     # indices, codes, order
            ranked, skipped = self.level_work(e)     # a piece in independent coordinates is not ranked: no matrix
            seconds += skipped * SKIPPED_PIECE_SECONDS
            for n, count in ranked.items():
                big = max(big, n)
                one = per_piece + (n + 4) * n * PIECE_ENTRY_SECONDS + (n + 4) * n * n / PIECE_RREF_RATE
                seconds += count * one
                if self.rank_passes > 1:
                    more, left = self._second_look(e, n, count, one, left)
                    seconds += more
            by_degree[e] = seconds
        memory = RREF_BYTES_PER_ENTRY * (big + 4) * big + 8 * (big + 4) * self.N + index
        return {"largest_piece": big, "memory": memory, "seconds": seconds, "by_degree": by_degree}

    def _second_look(self, e: int, n: int, count: int, one: float, left: int) -> tuple:
        """(CPU seconds, exact budget left) of the second look the Hilbert function gives ``count`` pieces of ``n``
        monomials at degree ``e`` when they are below full rank (:meth:`PieceRanks.rank
        <algnet.analyses.hilbert.ranking.PieceRanks.rank>`): the rank over QQ
        (:meth:`~algnet.analyses.hilbert.exact.ExactRanks.rank`: a piece small enough, while the budget ``left`` of
        the degrees >= 2 lasts; :data:`EXACT_UNIT_SECONDS` a unit), else the rank at the second prime (``one``: the
        seconds of the first, at n + 4 points, an upper bound of its r + 4).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> eng = GradedEngine(parse_spec("linear 3-1-3"), seed=0)      # the coordinates have degree 2 in theta
        >>> eng._second_look(2, 10, 3, 1.0, 10**6) == (3 * 560 * EXACT_UNIT_SECONDS, 10**6 - 3 * 560)   # 10 14 2 2
        True
        >>> eng._second_look(2, 100, 3, 1.0, 10**6)                   # 100 x 104 entries: too large over QQ
        (3.0, 1000000)
        """
        if self._pdeg is None:
            from algnet.analyses.hilbert.compute import parameter_degree

            self._pdeg = parameter_degree(self.net, seed=0)        # as the run's ExactRanks
        work = n * (n + 4) * max(e, 1) * self._pdeg
        small = n * (n + 4) <= _exact.EXACT_PIECE_ENTRIES and max(e, 1) * self._pdeg <= _exact.EXACT_PIECE_DEGREE
        over_qq = 0 if not small else count if e <= 1 else min(count, left // work)
        if e > 1:
            left -= over_qq * work
        return over_qq * work * EXACT_UNIT_SECONDS + (count - over_qq) * one, left

    def check_machine(self, max_degree: int, force: bool, what: str = "computation", first: int = 0,
                      budget: float | None = None, time_limit: float | None = None) -> None:
        """Refuse (TooLargeError with the estimate) when the pieces up to ``max_degree`` need more memory
        than :func:`algnet.guards.memory_limit`, or (with ``budget``, CPU seconds) more time, unless ``force``.
        The hint names the largest degree within the budget; ``time_limit``: see :meth:`check_size`."""
        from algnet.analyses.routes_estimate import cheaper_routes
        from algnet.guards import check_resources, format_bytes, format_seconds, memory_limit

        per_piece = IMPLICIT_PIECE_SECONDS if what == "implicitization" else PIECE_SECONDS
        est = self.estimate(max_degree, first, per_piece)
        b = est["largest_piece"]
        flag = "up_to" if what == "Hilbert function" else "max_degree"
        over = budget is not None and est["seconds"] > budget
        limit = memory_limit()
        # the largest lower degree whose own estimate passes (memory, and the budget when one applies); none
        # when even degree 1 does not (then lowering is not offered); found only for a refusal
        lower = next((e for e in range(max_degree - 1, 0, -1)      # implicitize budgets degrees 2 and up only
                      if (budget is None or est["by_degree"].get(e, 0.0) <= budget
                          or (e == 1 and what == "implicitization"))
                      and self.estimate(e, first, per_piece)["memory"] <= limit), None) \
            if over or est["memory"] > limit else None
        which = ((f"; degrees up to {lower}: {format_seconds(est['by_degree'].get(lower, 0.0))}" if lower else "")
                 + f" (without a time limit: the default budget of {format_seconds(budget)} of CPU)" if over else "")
        check_resources(
            f"{self.net.spec}: the {what} up to degree {max_degree}: graded pieces of up to {b} monomials (an "
            f"evaluation matrix of {b + 4} x {b}); estimated {format_bytes(est['memory'])}, "
            f"{format_seconds(est['seconds'])} of CPU{which}:",
            memory=est["memory"], seconds=est["seconds"], time_limit=budget, force=force, degree=max_degree,
            piece=b, seconds_estimate=est["seconds"], run_time_limit=time_limit,
            hint=lambda: cheaper_routes(self.net, first=(f"lower {flag}={lower}",) if lower else (),
                                        time_limit="a time_limit= (the degrees finished by then, marked partial)"
                                        if est["memory"] <= limit else None))

    def piece_kernel(self, piece: _Piece, p: int, margin: int = 4, offset: int = 0):
        """(free, K): the kernel of the piece's evaluation matrix mod p in rref (free = leading columns)."""
        if self.dominant(piece.vars, p):
            return np.zeros(0, dtype=np.int64), np.zeros((0, piece.size), dtype=np.int64)
        C = self.sampler(p).points(piece.size + margin, offset)
        return _kernel_rref(_piece_matrix(piece, C, p), p)

    def linear_leading_vars(self, p: int):
        """Leading coordinates of the linear equations (degree-1 kernel mod p)."""
        lead = []
        for piece in self.level(1).values():
            free, _ = self.piece_kernel(piece, p)
            lead += [int(piece.idx[f, 0]) for f in free]
        return lead

    def piece_rank(self, piece: _Piece, p: int, margin: int = 4, offset: int = 0, rows: int | None = None) -> int:
        """Rank mod p of the piece's evaluation matrix at ``piece.size + margin`` points of M (a proved lower bound
        of its share of H), or at ``rows`` points when fewer: enough to compare with a rank r known at another prime
        (``rows = r + margin``: a rank above r shows with r + 1 rows), at a fraction of the work when the kernel is
        large (the echelon form's cost grows with the rows).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> eng = GradedEngine(parse_spec("linear 2-1-2"), seed=0)
        >>> pc = max(eng.level(2).values(), key=lambda pc: pc.size)      # a11 a22, a12 a21: det = 0
        >>> eng.piece_rank(pc, eng.primes[0]), eng.piece_rank(pc, eng.primes[1], rows=1 + 4)
        (1, 1)
        """
        if self.dominant(piece.vars, p):
            return piece.size
        count = piece.size + margin if rows is None else min(piece.size + margin, rows)
        C = self.sampler(p).points(count, offset)
        E = _piece_matrix(piece, C, p)
        # the same rank; the echelon forms (flint's, fastla's) are faster on a tall matrix than on a wide one
        return _rank(np.ascontiguousarray(E.T) if E.shape[0] < E.shape[1] else E, p)

