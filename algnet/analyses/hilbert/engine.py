"""Graded pieces of monomials and the engine shared by the Hilbert function and implicitization
(samplers per prime, the grading, the levels, size checks, kernels and ranks of evaluation matrices)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb

import numpy as np

from algnet.analyses.hilbert.grading import _detect_grading, _Grading
from algnet.analyses.hilbert.linalg import _kernel_rref, _rank
from algnet.analyses.hilbert.piece_counts import piece_sizes, ranked_piece_sizes
from algnet.analyses.hilbert.sampler import _Sampler
from algnet.core.primes import check_primes
from algnet.errors import NotApplicableError, ParameterError, TooLargeError

#: default limits (measured on a 2-core machine: a 3000 x 3000 nmod_mat rref
#: with conversions takes ~10 s; 3 million monomials need ~1 GB of indices)
MAX_MONOMIALS = 3_000_000
MAX_PIECE = 4000
#: Peak bytes per entry of one evaluation matrix's echelon form (int64 matrix, its residues as Python
#: ints, flint's fmpz_mat/nmod_mat and the nmod entries read back): measured 80 at n = 800 and 1600.
RREF_BYTES_PER_ENTRY = 80
#: CPU seconds per entry of the conversions (numpy residues to flint's nmod_mat and back: most of the set-up)
#: and per entry x column of flint's rref (measured, loaded machine: 1.2 s CPU for a 1604 x 1600 kernel;
#: ~1 s for the 936-column rrefs of the grading of dense 12-12-12 r=2, whose conversions took 5.8 s).
#: 3.5e-7 puts the set-up ladder of bench/bench_guards.py (126 to 1470 coordinates, five runs)
#: at estimate / measured CPU 0.84-1.29 (5e-7 gave 1.2-1.7; a single 1600 x 1000
#: matrix measured 5.5e-7).
CONVERT_SECONDS = 3.5e-7
RREF_RATE = 5e9
#: Peak bytes per entry of the set-up's largest residue matrix (:func:`estimate_setup`), an upper bound: the
#: set-up holds more than one echelon form's copies (the Jacobian, its transposed echelon form and the stacked
#: weight conditions). With RREF_BYTES_PER_ENTRY (80) the estimate was 0.65-0.79 of the measured peak on 15
#: networks from 126 to 1820 coordinates (dense, four-layer dense, conv; linear 0.83-1.18; dense 16-16-16 r=2 0.77):
#: below it, not above
#: (bench/bench_guards.py's set-up child, peak resident set above the warmed-up process; the table
#: in :func:`estimate_setup`). 144 puts the ladder (19 networks) at 1.2-1.54 x the measured peak.
SETUP_BYTES_PER_ENTRY = 144

#: CPU seconds of one graded piece of n monomials (its (n + 4) x n evaluation matrix: sampling, the
#: conversions and the echelon form): PIECE_SECONDS + (n + 4) n PIECE_ENTRY_SECONDS + (n + 4) n^2 / PIECE_RREF_RATE.
#: Fitted (relative least squares) to the Hilbert function's pieces of linear 4-2-4 up to 6 and 7, dense 3-3-1 r=3
#: up to 8 and 9, dense 3-3-3 r=2 up to 6 (1 to 24 CPU s): estimate / measured CPU
#: 0.95-1.06 (the set-up's constants gave 0.37-3.4: per-piece overhead too high, the echelon form 15x too fast);
#: bench/bench_guards.py --pieces reruns the ladder.
PIECE_SECONDS = 4.5e-5
PIECE_ENTRY_SECONDS = 4.5e-7
PIECE_RREF_RATE = 4.4e8
#: The implicitization's seconds per piece (kernels lifted over several primes, products of lower generators,
#: exact checks) instead of PIECE_SECONDS: the same ladder (linear 4-2-4 up to 6, dense 3-3-1 r=3 up to 7 and 8,
#: dense 3-3-3 r=2 up to 5; 1.2-6.1 CPU s) at estimate / measured CPU 0.77-1.39 (with
#: PIECE_SECONDS: 0.28 on linear 4-2-4's 11,917 small pieces).
IMPLICIT_PIECE_SECONDS = 3e-4
#: CPU seconds of a piece in algebraically independent coordinates, which is not ranked (its coordinates' rank
#: looked up, or taken once for a new set of them): measured 0.4-16 microseconds a piece (wall clock, loaded
#: 2-core machine) on linear 3-2-3 up to degree 5 (756 such pieces of 802), linear 4-2-4 up to 4 (1540 of 1725),
#: dense 3-2-1 r=2 up to 6 (195 of 245); formerly each was estimated as a ranked piece (PIECE_SECONDS and its
#: matrix): linear 3-2-3 up to 6 and linear 4-2-4 up to 5 were estimated at 6.5x and 4.2x the CPU their pieces
#: took (now 1.6x)
SKIPPED_PIECE_SECONDS = 1.5e-5


#: ModP integer matrix products (multiply-adds per second, measured 1.4e9 on this machine).
MATMUL_RATE = 1.4e9
#: Default budget (seconds) of the set-up (samplers, grading detection) when no time limit is given.
SETUP_SECONDS = 60.0
#: Default budget (CPU seconds) of the graded pieces when no time limit is given (as the singular strata and
#: the critical points: 10 min); with a time limit, the pieces stop at the limit (a partial result) instead.
PIECES_BUDGET = 600.0
#: Points per prime the grading detection typically samples (until two more leave the weights unchanged).
GRADING_POINTS = 5


def estimate_setup(net, grading: str = "auto") -> dict:
    """Estimated peak memory (bytes) and CPU seconds of the set-up before the first graded piece.

    Each sampler (two primes) inverts the m x m Vandermonde matrix of the
    output monomials; detecting the grading takes, at :data:`GRADING_POINTS`
    points per prime, the Jacobian (coordinates Nc x parameters P; m^2 P
    multiply-adds per output), the echelon form of its transpose (P x Nc), and
    the echelon form of the weight conditions found so far stacked with the
    point's new ones: up to Nc + codim rows of Nc columns, codim = Nc - dim M
    >= Nc - P. Every echelon form converts its residues to flint and back
    (:data:`CONVERT_SECONDS` per entry, 3.5-5.5e-7 s CPU per entry for a 1600 x
    1000 residue matrix), which is most of the set-up. The memory is
    :data:`SETUP_BYTES_PER_ENTRY` per entry of the largest matrix, an upper
    bound of the measured peak (no floor is needed: five networks of 16 to 45
    coordinates peaked at 0.17-0.57 of their estimates of 46-437 KiB; only
    conv k=2,2 r=2, 12 KiB measured against 7.5 KiB, is under, by the 4 KiB
    pages of the resident set). From counts only: nothing is built. Seconds
    are CPU seconds; on a shared machine the wall clock is longer
    (:func:`algnet.guards.load_factor`).

    Estimate / measured peak (resident set above the warmed-up process;
    the estimate at 80 bytes an entry in parentheses):

    ====================  ======  =========  ==========  ===========
    spec                  coords  meas. MiB  est. MiB    est./meas.
    ====================  ======  =========  ==========  ===========
    dense 6-6-6 r=2       126     2.7        3.4 (2.0)   1.26 (0.76)
    dense 10-10-10 r=2    550     55.4       71.3 (41.1) 1.29 (0.74)
    dense 14-14-14 r=2    1470    434        532 (303)   1.23 (0.70)
    dense 16-16-16 r=2    2176    870        1182 (672)  1.36 (0.77)
    dense 5-5-5-5 r=2     350     25.6       30.8 (17.5) 1.20 (0.68)
    dense 7-7-7-7 r=2     1470    450        570         1.27
    linear 10-5-10        100     1.1        1.7 (1.1)   1.54 (0.95)
    linear 14-7-14        196     5.0        6.5 (4.1)   1.29 (0.83)
    linear 26-13-26       676     58.5       76.8        1.31
    conv k=3,3,3 r=2      210     8.9        11.9 (6.6)  1.34 (0.75)
    conv k=5,5,5 r=2      1820    637        907 (504)   1.42 (0.79)
    ====================  ======  =========  ==========  ===========

    So ``dense 30-30-30 r=2`` (13950 coordinates) needs about 39 GiB by the
    measured 114 bytes an entry (estimated 49.6 GiB): above this 23 GiB machine,
    refused even under ``force``, as before (when the estimate said 27.9 GiB).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> small, big = estimate_setup(parse_spec("linear 3-1-3")), estimate_setup(parse_spec("dense 30-30-30 r=2"))
    >>> small["seconds"] < 1 < SETUP_SECONDS < big["seconds"]
    True
    """
    m, P = net.monomial_count(), net.n_params
    Nc = m * net.n_outputs
    r = min(Nc, P)
    codim = max(Nc - P, 1)
    vander = SETUP_BYTES_PER_ENTRY * m * m, 2 * m * m * CONVERT_SECONDS + m ** 3 / RREF_RATE
    if grading == "none":
        memory, seconds = vander[0], 2 * vander[1]
    else:
        rows = min(Nc + codim, 2 * Nc)          # the weight conditions stacked with one point's new ones
        point = (net.n_outputs * m * m * P / MATMUL_RATE + (Nc * P + rows * Nc) * CONVERT_SECONDS
                 + (r * r * max(Nc, P) + rows * Nc * Nc / 2) / RREF_RATE)
        memory = max(vander[0], SETUP_BYTES_PER_ENTRY * Nc * max(P, rows) + 8 * 4 * Nc * P)
        seconds = 2 * vander[1] + 2 * GRADING_POINTS * point
    return {"monomials": m, "coordinates": Nc, "memory": memory, "seconds": seconds}


def check_setup(net, grading: str, force: bool, time_limit, what: str) -> None:
    """Refuse (TooLargeError with the estimate) a set-up above the machine's memory, or longer than
    ``time_limit`` (default :data:`SETUP_SECONDS`) of wall clock (the CPU estimate times
    :func:`algnet.guards.load_factor`), unless ``force``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_setup(parse_spec("linear 3-1-3"), "auto", False, None, "Hilbert function")    # small: passes
    >>> check_setup(parse_spec("dense 30-30-30 r=2"), "auto", False, None, "Hilbert function")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 30-30-30 r=2: the Hilbert function works in 13950 coordinates ...
    """
    from algnet.analyses.routes_estimate import cheaper_routes
    from algnet.guards import check_resources, format_bytes, format_seconds, load_factor

    # force lifts the size limits and the default budget, not a time limit given, nor a memory estimate above the
    # whole machine (check_resources: conv k=20,20,20 r=2 --force allocated its 521,855^2 monomial matrix, 1.98 TiB)
    est = estimate_setup(net, grading)
    f = load_factor(1)          # the set-up runs in one thread
    wall = est["seconds"] * f
    busy = f" of CPU, {format_seconds(wall)} at this machine's load" if f > 1.5 else ""
    check_resources(
        f"{net.spec}: the {what} works in {est['coordinates']} coordinates ({est['monomials']} monomials per "
        f"output); its set-up (sampling points of M, detecting the grading; estimated "
        f"{format_bytes(est['memory'])}, {format_seconds(est['seconds'])}{busy})",
        memory=est["memory"], seconds=wall,
        time_limit=None if force and time_limit is None else SETUP_SECONDS if time_limit is None else time_limit,
        force=force,
        stops_at_time_limit=time_limit is None,      # a time limit given holds under force (the set-up cannot stop)
        hint=lambda: cheaper_routes(net, memory=est["memory"], seconds=wall, time_limit=f"a time_limit= above "
                                    f"the estimate (default budget {format_seconds(SETUP_SECONDS)})"),
        coordinates=est["coordinates"])


@dataclass
class _Piece:
    key: tuple
    idx: np.ndarray  # (n, e) variable indices, sorted, padded with N (the constant 1)
    codes: np.ndarray = None  # sorted integer codes of the rows, for lookup
    order: np.ndarray = None  # codes order -> column
    vars: tuple = ()

    @property
    def size(self) -> int:
        return self.idx.shape[0]


def encode_rows(idx: np.ndarray, base: int) -> np.ndarray:
    """One integer per row of ``idx`` (entries < ``base``): the row read as digits in base ``base``.

    Rows of sorted variable indices are monomials; equal codes mean equal monomials, and sorting
    the codes sorts the monomials lexicographically. Python ints when int64 could overflow.

    Examples
    --------
    >>> import numpy as np
    >>> encode_rows(np.array([[0, 2], [1, 1]]), 3).tolist()      # 0*3 + 2, 1*3 + 1
    [2, 4]
    """
    code = np.zeros(idx.shape[0], dtype=object if base ** max(idx.shape[1], 1) >= 2**62 else np.int64)
    for k in range(idx.shape[1]):
        code = code * base + idx[:, k].astype(code.dtype)
    return code


def level_count(N: int, e: int, homogeneous: bool) -> int:
    """Number of monomials at level e: degree e (homogeneous) or <= e.

    Examples
    --------
    >>> level_count(3, 2, True), level_count(3, 2, False)      # x^2, xy, ...: 6; with 1, x, y, z: 10
    (6, 10)
    """
    return comb(N + e - 1, e) if homogeneous else comb(N + e, e)


def _level_pieces(N: int, e: int, grading: _Grading, active=None) -> dict:
    """Monomials of degree e (homogeneous) or <= e in the ``active`` coordinates
    (default all N), grouped by torus weight.

    Inside a piece: higher degree first, then lexicographic (c0 > c1 > ...).
    """
    active = list(range(N)) if active is None else list(active)
    degs = [e] if grading.homogeneous else list(range(e, -1, -1))
    blocks = []
    for d in degs:
        if d == 0:
            blocks.append(np.full((1, e), N, dtype=np.int64))
            continue
        combos = np.array(list(itertools.combinations_with_replacement(active, d)), dtype=np.int64).reshape(-1, d)
        if e > d:
            combos = np.hstack([combos, np.full((combos.shape[0], e - d), N, dtype=np.int64)])
        blocks.append(combos)
    idx = np.vstack(blocks) if blocks else np.zeros((1, 0), dtype=np.int64)
    W = grading.weights
    k = W.shape[0]
    if k == 0 or e == 0:
        uniq, inv = [()], np.zeros(idx.shape[0], dtype=np.int64)
    else:
        Wext = np.hstack([W, np.zeros((k, 1), dtype=np.int64)]).T  # (N+1, k)
        keys = Wext[idx].sum(axis=1)
        # the distinct weights in lexicographic order (np.unique(axis=0) sorts structured rows: ~10x slower)
        perm = np.lexsort(keys.T[::-1])
        sk = keys[perm]
        new = np.ones(len(sk), dtype=bool)
        new[1:] = np.any(sk[1:] != sk[:-1], axis=1)
        inv = np.empty(len(sk), dtype=np.int64)
        inv[perm] = np.cumsum(new) - 1
        uniq = [tuple(row) for row in sk[new].tolist()]
    return _split_pieces(idx, inv, uniq, N)


def _split_pieces(idx: np.ndarray, inv: np.ndarray, keys: list, N: int) -> dict:
    """The pieces of the rows of ``idx`` grouped by ``inv`` (group g has weight ``keys[g]``), rows in their
    order; codes, their sort order and the variables computed for all groups at once (a torus of large
    dimension gives ~10^5 pieces: one numpy call per piece took 25 s for dense 12-12-12 r=2 at degree 2)."""
    G = len(keys)
    order = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[order], np.arange(G + 1))
    codes = encode_rows(idx, N + 1)
    pieces = {}
    if codes.dtype == object or G == 1:     # few pieces, or codes beyond int64: one piece at a time
        for g in range(G):
            rows = order[bounds[g]:bounds[g + 1]]
            pidx, pc = idx[rows], codes[rows]
            o = np.argsort(pc, kind="stable")
            vs = np.unique(pidx)
            pieces[keys[g]] = _Piece(keys[g], pidx, pc[o], o, tuple(int(v) for v in vs if v < N))
        return pieces
    pos = np.empty(idx.shape[0], dtype=np.int64)     # column of each row inside its piece
    pos[order] = np.arange(idx.shape[0]) - bounds[inv[order]]
    by_code = np.lexsort((codes, inv))               # rows sorted by (piece, code)
    e = idx.shape[1]
    flat_g, flat_v = np.repeat(inv, e), idx.ravel()
    real = flat_v < N
    pairs = np.unique(flat_g[real] * (N + 1) + flat_v[real])   # (piece, variable), sorted
    vg, vv = pairs // (N + 1), pairs % (N + 1)
    vb = np.searchsorted(vg, np.arange(G + 1))
    for g in range(G):
        b0, b1 = bounds[g], bounds[g + 1]
        srt = by_code[b0:b1]
        pieces[keys[g]] = _Piece(keys[g], idx[order[b0:b1]], codes[srt], pos[srt],
                                 tuple(vv[vb[g]:vb[g + 1]].tolist()))
    return pieces


def _piece_matrix(piece: _Piece, C: np.ndarray, p: int) -> np.ndarray:
    """Evaluation matrix: rows = points (C, with a constant column appended), columns = monomials."""
    S = C.shape[0]
    Cx = np.hstack([C, np.ones((S, 1), dtype=np.int64)])
    e = piece.idx.shape[1]
    E = np.ones((S, piece.size), dtype=np.int64)
    for k in range(e):
        E = np.mod(E * Cx[:, piece.idx[:, k]], p)
    return E


class GradedEngine:
    """Shared state of a sampling computation: samplers per prime, grading, levels.

    The set-up common to :func:`~algnet.analyses.hilbert.hilbert_function` and
    :func:`~algnet.analyses.implicit.implicitize`: points of M mod two primes, the grading of the
    ideal of M detected from them, the graded pieces of monomials of each degree, and the ranks
    and kernels of their evaluation matrices at points of M.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> eng = GradedEngine(parse_spec("linear 2-1-2"), seed=0)      # 2x2 matrices of rank <= 1
    >>> eng.N, eng.jacobian_rank(), eng.homogeneous
    (4, 3, True)
    >>> sum(eng.piece_rank(pc, eng.primes[0]) for pc in eng.level(2).values())   # 10 quadrics, 1 vanishes (det)
    9
    """

    def __init__(self, net, seed=None, primes=None, grading: str = "auto"):
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
        implicitization's lifting and checks take :data:`IMPLICIT_PIECE_SECONDS`).

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
        for e in range(first, max_degree + 1):
            for n, count in self.level_sizes(e).items():        # counted, not listed
                index += 8 * n * count * max(e, 1) * 3     # indices, codes, order
            ranked, skipped = self.level_work(e)     # a piece in independent coordinates is not ranked: no matrix
            seconds += skipped * SKIPPED_PIECE_SECONDS
            for n, count in ranked.items():
                big = max(big, n)
                seconds += count * (per_piece + (n + 4) * n * PIECE_ENTRY_SECONDS
                                    + (n + 4) * n * n / PIECE_RREF_RATE)
            by_degree[e] = seconds
        memory = RREF_BYTES_PER_ENTRY * (big + 4) * big + 8 * (big + 4) * self.N + index
        return {"largest_piece": big, "memory": memory, "seconds": seconds, "by_degree": by_degree}

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

    def piece_rank(self, piece: _Piece, p: int, margin: int = 4, offset: int = 0) -> int:
        if self.dominant(piece.vars, p):
            return piece.size
        C = self.sampler(p).points(piece.size + margin, offset)
        return _rank(_piece_matrix(piece, C, p), p)
