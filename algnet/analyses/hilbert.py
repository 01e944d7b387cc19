"""Hilbert function of a neuromanifold's coordinate ring, by sampling.

The degree-e part of the ideal I(M) of the neuromanifold's closure is the
kernel of the *evaluation matrix* whose rows are points of M and whose
columns are the monomials of degree e in the function-space coordinates;
the Hilbert function is its rank, H(e) = #monomials - dim I(M)_e. Points of
M are sampled over GF(p) by evaluating the network at random parameters (no
Groebner bases, no symbolic expansion).

Gradings keep the matrices small. If a torus acting diagonally on the
coordinates maps M to itself (for example: scaling the rows of a bias-free
last layer scales each output separately; scaling the inputs is absorbed by
a bias-free first layer), I(M) is graded by the torus' characters and every
graded piece is a separate, much smaller, evaluation matrix. The grading is
found, not assumed: a diagonal vector field c -> diag(w) c is tangent to M at
a random point of M exactly for the w in the Lie algebra of the largest
such torus (computed modulo two primes, reconstructed over QQ).

What is proved. H(e) computed modulo p from finitely many samples is a
lower bound of the true value (more samples or another prime can only raise
a rank); it is the true value with probability at least 1 - h e deg / p per
graded piece of rank h (Schwartz-Zippel on the maximal minors, deg = degree
of the coordinates in the parameters) unless p is one of finitely many bad
primes. :func:`algnet.analyses.implicit.implicitize` turns these values into
proved ones by exhibiting verified equations that fill the kernel.

The Hilbert polynomial. Writing the Hilbert series as Q(t)/(1-t)^k, the
numerator Q is computed exactly from H(0..D) for each k; the smallest k for
which Q looks like a polynomial (its coefficients vanish on the last
``evidence`` computed degrees) is the Krull dimension, Q(1) the degree. That
H has "become polynomial" is a heuristic judgement on finitely many values
(no regularity bound is used); the result states the evidence and checks the
dimension against the Jacobian rank of the network.

Examples
--------
>>> from algnet import parse_spec
>>> h = hilbert_function(parse_spec("linear 3-1-3"), up_to=4, seed=0)   # 3x3 rank <= 1
>>> h.values
(1, 9, 36, 100, 225)
>>> h.dimension, h.degree, h.stabilized
(5, 6, True)
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb, gcd

import flint
import numpy as np

from algnet.core.backends import FlintExact, ModP
from algnet.core.monomials import evaluate_monomials
from algnet.core.primes import check_prime, default_primes
from algnet.errors import NotApplicableError, NumericalError, ParameterError, TooLargeError

__all__ = ["HilbertResult", "hilbert_function", "hilbert_numerator", "hilbert_polynomial_from_values"]

#: default limits (measured on a 2-core machine: a 3000 x 3000 nmod_mat rref
#: with conversions takes ~10 s; 3 million monomials need ~1 GB of indices)
MAX_MONOMIALS = 3_000_000
MAX_PIECE = 4000


# --------------------------------------------------------------- flint glue
def _to_nmod(A: np.ndarray, p: int) -> flint.nmod_mat:
    m, n = A.shape
    if m == 0 or n == 0:
        return flint.nmod_mat(m, n, p)
    # building through fmpz_mat is ~2x faster than from a Python list directly
    return flint.nmod_mat(flint.fmpz_mat(m, n, np.asarray(A, dtype=np.int64).ravel().tolist()), p)


def _from_nmod(M: flint.nmod_mat) -> np.ndarray:
    m, n = M.nrows(), M.ncols()
    if m == 0 or n == 0:
        return np.zeros((m, n), dtype=np.int64)
    return np.fromiter(map(int, M.entries()), dtype=np.int64, count=m * n).reshape(m, n)


def _rref(A: np.ndarray, p: int):
    """(R[:rank], pivots) of an int64 residue matrix."""
    if A.shape[0] == 0 or A.shape[1] == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R, r = _to_nmod(A, p).rref()
    r = int(r)
    if r == 0:
        return np.zeros((0, A.shape[1]), dtype=np.int64), np.zeros(0, dtype=np.int64)
    R = _from_nmod(R)[:r]
    piv = np.argmax(R != 0, axis=1)
    return R, piv


def _rank(A: np.ndarray, p: int) -> int:
    if A.shape[0] == 0 or A.shape[1] == 0:
        return 0
    return int(_to_nmod(A, p).rank())


def _kernel_rref(E: np.ndarray, p: int):
    """Right kernel of E in reduced row echelon form.

    Returns (free, K): K[t] has a 1 at column free[t], zeros at the other
    free columns, and its first nonzero entry at free[t] (so K is the rref of
    the kernel). Computed from one rref of E with its columns reversed.
    """
    n = E.shape[1]
    R, piv_rev = _rref(E[:, ::-1], p)
    piv = (n - 1 - piv_rev).astype(np.int64)
    is_piv = np.zeros(n, dtype=bool)
    is_piv[piv] = True
    free = np.flatnonzero(~is_piv)
    K = np.zeros((len(free), n), dtype=np.int64)
    if len(free):
        K[np.arange(len(free)), free] = 1
        if len(piv):
            K[:, piv] = np.mod(-R[:, n - 1 - free].T, p)
    return free, K


# ------------------------------------------------------------- the sampler
class _Sampler:
    """Points of M over GF(p): coefficient vectors of f_theta for random theta.

    One fixed set of unisolvent inputs per prime; the network is evaluated
    there for each theta and the values are turned into coefficients by one
    product with the inverse monomial evaluation matrix for the whole batch.
    """

    def __init__(self, net, p: int, rng):
        self.net = net
        self.p = check_prime(p)
        self.B = ModP(self.p)
        self.rng = rng
        monos = net.output_monomials()
        self.m = len(monos)
        self.n_out = net.n_outputs
        self.N = self.m * self.n_out
        for _ in range(50):
            pts = rng.integers(-10**6, 10**6 + 1, size=(self.m, net.n_inputs), dtype=np.int64)
            V = evaluate_monomials(pts, monos, self.B)
            Vm = _to_nmod(V, self.p)
            if Vm.rank() == self.m:
                break
        else:  # pragma: no cover - probability ~ m^2 deg / p
            raise NumericalError("could not find unisolvent sample inputs", hint="use a larger prime")
        self.Vinv = _from_nmod(Vm.inv())
        self.pts = pts.reshape((self.m,) + tuple(net.input_shape))
        self.pool = np.zeros((0, self.N), dtype=np.int64)
        self._J = None

    def random_theta(self):
        return self.rng.integers(0, self.p, size=self.net.n_params, dtype=np.int64)

    def sample(self, count: int) -> np.ndarray:
        if count <= 0:
            return np.zeros((0, self.N), dtype=np.int64)
        Y = np.stack([self.net.evaluate(self.random_theta(), self.pts, p=self.p) for _ in range(count)])
        Yt = Y.transpose(0, 2, 1).reshape(-1, self.m)  # (count * n_out, m)
        C = self.B.matmul(Yt, self.Vinv.T)
        return C.reshape(count, self.N)

    def points(self, count: int, offset: int = 0) -> np.ndarray:
        need = offset + count
        if self.pool.shape[0] < need:
            self.pool = np.vstack([self.pool, self.sample(need - self.pool.shape[0])])
        return self.pool[offset:need]

    def point_and_jacobian(self):
        """(c, J): a random point of M and the Jacobian of theta -> c there (N x params)."""
        theta = self.random_theta()
        vals = self.net.evaluate(theta, self.pts, p=self.p)
        c = self.B.matmul(self.Vinv, vals).T.reshape(-1)
        Jv = self.net.jacobian(theta, self.pts, p=self.p).reshape(self.m, self.n_out, self.net.n_params)
        J = np.concatenate([self.B.matmul(self.Vinv, Jv[:, j, :]) for j in range(self.n_out)], axis=0)
        return c, J

    @property
    def J(self):
        if self._J is None:
            self._J = self.point_and_jacobian()[1]
        return self._J


# ----------------------------------------------------------------- grading
@dataclass(frozen=True)
class _Grading:
    weights: np.ndarray  # (k, N) integers; rows = characters of the torus
    homogeneous: bool  # the Euler vector field is tangent: M is a cone, I(M) homogeneous
    description: str


def _tangent_weights(sampler: _Sampler):
    """rref of {w : diag(w) c in T_c M for the sampled points c} (mod p).

    One point gives codim(M) linear conditions on w; points are added until
    two more leave the solution space unchanged.
    """
    p = sampler.p
    N = sampler.N
    rows = np.zeros((0, N), dtype=np.int64)
    rank, stable = 0, 0
    while stable < 2 and rank < N:
        c, J = sampler.point_and_jacobian()
        _, Q = _kernel_rref(J.T, p)  # normals: left kernel of J
        if Q.shape[0] == 0:
            return np.eye(N, dtype=np.int64), np.arange(N)
        rows, piv = _rref(np.vstack([rows, sampler.B.mul(Q, c[None, :])]), p)
        stable = stable + 1 if len(piv) == rank else 0
        rank = len(piv)
    _, W = _kernel_rref(rows, p)
    return _rref(W, p)


def _reconstruct_small(x: int, p: int):
    from algnet.core.crt import rational_reconstruction

    return rational_reconstruction(int(x), p)


def _detect_grading(s1: _Sampler, s2: _Sampler, mode: str = "auto") -> _Grading:
    N = s1.N
    ones = np.ones((1, N), dtype=np.int64)
    if mode == "none":
        return _Grading(np.zeros((0, N), dtype=np.int64), False, "no grading (degree <= e filtration)")
    R1, piv1 = _tangent_weights(s1)
    euler = _rank(np.vstack([R1, ones]), s1.p) == R1.shape[0] if R1.shape[0] else False
    if mode == "total":
        if not euler:
            raise ParameterError("grading='total' but M is not a cone (the Euler field is not tangent)",
                                 hint="use grading='auto' or 'none'")
        return _Grading(ones, True, "total degree")
    R2, piv2 = _tangent_weights(s2)
    ok = R1.shape == R2.shape and np.array_equal(piv1, piv2)
    rows = []
    if ok:
        try:
            for i in range(R1.shape[0]):
                fr = [_reconstruct_small(x, s1.p) for x in R1[i]]
                if any((f.numerator - int(y) * f.denominator) % s2.p for f, y in zip(fr, R2[i])):
                    ok = False
                    break
                den = 1
                for f in fr:
                    den = den * f.denominator // gcd(den, f.denominator)
                rows.append([int(f * den) for f in fr])
        except Exception:  # reconstruction failed: fall back below
            ok = False
    if ok and rows:
        W = np.array(rows, dtype=np.int64)
        desc = f"torus of dimension {W.shape[0]} found by tangency at random points mod {s1.p}, {s2.p}"
        return _Grading(W, euler, desc)
    if euler:
        return _Grading(ones, True, "total degree (finer torus not reconstructed)")
    return _Grading(np.zeros((0, N), dtype=np.int64), False, "no grading found (degree <= e filtration)")


# ------------------------------------------------------------------ pieces
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


def _encode(idx: np.ndarray, base: int) -> np.ndarray:
    code = np.zeros(idx.shape[0], dtype=object if base ** max(idx.shape[1], 1) >= 2**62 else np.int64)
    for k in range(idx.shape[1]):
        code = code * base + idx[:, k].astype(code.dtype)
    return code


def level_count(N: int, e: int, homogeneous: bool) -> int:
    """Number of monomials at level e: degree e (homogeneous) or <= e."""
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
    pieces = {}
    if k == 0 or e == 0:
        groups = [((), np.arange(idx.shape[0]))]
    else:
        Wext = np.hstack([W, np.zeros((k, 1), dtype=np.int64)]).T  # (N+1, k)
        keys = Wext[idx].sum(axis=1)
        uniq, inv = np.unique(keys, axis=0, return_inverse=True)
        inv = inv.ravel()
        order = np.argsort(inv, kind="stable")
        bounds = np.searchsorted(inv[order], np.arange(len(uniq) + 1))
        groups = [(tuple(int(v) for v in uniq[g]), order[bounds[g]:bounds[g + 1]]) for g in range(len(uniq))]
    for key, rows in groups:
        pidx = idx[rows]
        pc = _encode(pidx, N + 1)
        o = np.argsort(pc, kind="stable")
        vs = np.unique(pidx)
        pieces[key] = _Piece(key, pidx, pc[o], o, tuple(int(v) for v in vs if v < N))
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


class _Engine:
    """Shared state of a sampling computation: samplers per prime, grading, levels."""

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
        self.primes = tuple(check_prime(q) for q in (primes or default_primes(8)))
        if len(self.primes) < 2:
            raise ParameterError("need at least two primes", hint="primes=None uses the default list")
        self.samplers = {}
        self.N = net.ambient_dimension
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

    def check_size(self, max_degree: int, max_monomials: int, max_piece: int, force: bool,
                   what: str = "computation") -> int:
        """Largest feasible level <= max_degree; raise TooLargeError if it is smaller and not forced."""
        total = 0
        for e in range(max_degree + 1):
            total += self.level_count(e)
            if total > max_monomials and not force:
                raise TooLargeError(
                    f"{self.net.spec}: the {what} up to degree {max_degree} needs {total} monomials in "
                    f"{self.N} coordinates (limit {max_monomials})", monomials=total, degree=e,
                    hint="lower max_degree, use dimension() for the dimension or degree(method='homotopy') "
                         "for the degree, or pass force=True")
        for e in range(max_degree + 1):
            big = max((pc.size for pc in self.level(e).values()), default=0)
            if big > max_piece and not force:
                raise TooLargeError(
                    f"{self.net.spec}: degree {e} has a graded piece with {big} monomials "
                    f"(an evaluation matrix of about {big}x{big}, limit {max_piece})",
                    piece=big, degree=e,
                    hint=f"use max_degree={e - 1}, a time_limit=, dimension() / degree(method='homotopy'), "
                         "or force=True")
        return max_degree

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


# ----------------------------------------------------------- Hilbert series
def hilbert_numerator(values, k: int) -> list[int]:
    """Coefficients of Q(t) = (1-t)^k * sum_e H(e) t^e, truncated to the computed degrees.

    Examples
    --------
    >>> hilbert_numerator([1, 3, 6, 10, 15], 3)    # polynomial ring in 3 variables
    [1, 0, 0, 0, 0]
    """
    vals = list(values)
    return [sum((-1) ** j * comb(k, j) * vals[i - j] for j in range(min(i, k) + 1)) for i in range(len(vals))]


def _poly_mul(a, b):
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def _binomial_poly(shift: int, k: int):
    """Coefficients (constant first) of e -> binom(e + shift, k) as a polynomial in e."""
    poly = [Fraction(1)]
    for j in range(1, k + 1):
        poly = _poly_mul(poly, [Fraction(shift - k + j, j), Fraction(1, j)])
    return poly


def hilbert_polynomial_from_values(values, min_evidence: int = 2, max_k: int = 400):
    """Fit the Hilbert series Q(t)/(1-t)^k to H(0..D) (heuristic, see module notes).

    Returns ``(k, Q, polynomial, trailing)`` for the smallest k whose numerator
    has at least ``min_evidence`` vanishing coefficients at the end of the
    computed range and Q(1) > 0, or None. ``polynomial`` lists the rational
    coefficients of the Hilbert polynomial in e (constant first);
    ``trailing`` counts the vanishing coefficients (the evidence).

    Examples
    --------
    Segre P^2 x P^2 (3x3 matrices of rank <= 1): H(e) = binom(e+2, 2)^2.

    >>> k, Q, P, ev = hilbert_polynomial_from_values([1, 9, 36, 100, 225])
    >>> k, Q, [str(c) for c in P], ev       # ((e+1)(e+2)/2)^2
    (5, [1, 4, 1], ['1', '3', '13/4', '3/2', '1/4'], 2)
    """
    vals = list(values)
    D = len(vals) - 1
    for k in range(0, max_k + 1):
        Q = hilbert_numerator(vals, k)
        nz = [i for i, q in enumerate(Q) if q != 0]
        if not nz:
            return None
        s = nz[-1]
        trailing = D - s
        if trailing >= min_evidence and sum(Q) > 0:
            Q = Q[:s + 1]
            if k == 0:
                return k, Q, [Fraction(0)], trailing
            poly = [Fraction(0)] * k
            for i, q in enumerate(Q):
                for j, c in enumerate(_binomial_poly(k - 1 - i, k - 1)):
                    poly[j] += q * c
            while len(poly) > 1 and poly[-1] == 0:
                poly.pop()
            return k, Q, poly, trailing
    return None


# ------------------------------------------------------------------- result
@dataclass(frozen=True)
class HilbertResult:
    """Hilbert function H(0..D) of the coordinate ring of M (homogeneous
    coordinate ring for cones, the degree-filtered affine ring otherwise).

    Attributes
    ----------
    values : tuple[int]
        H(0), ..., H(D).
    stabilized : bool
        The numerator of the Hilbert series visibly became a polynomial
        (``evidence`` vanishing coefficients) and the dimension it gives agrees
        with the Jacobian rank of the network. A heuristic judgement.
    dimension, degree : int or None
        Dimension of M (affine cone dimension for cones) and degree of its
        (projective closure), from the Hilbert polynomial when stabilized.
    polynomial : tuple[Fraction]
        Hilbert polynomial coefficients in e, constant first (empty if not stabilized).
    numerator : tuple[int]
        Q(t) with H(t) = Q(t)/(1-t)^k.
    """

    spec: str
    values: tuple
    homogeneous: bool
    stabilized: bool
    dimension: int | None
    degree: int | None
    polynomial: tuple
    numerator: tuple
    evidence: str
    jacobian_dimension: int
    ambient: int
    grading: str
    pieces: tuple
    method: str
    primes: tuple
    seed: int | None
    probability_bound: float
    partial: bool = False
    seconds: float = field(default=0.0, compare=False)

    @property
    def up_to(self) -> int:
        return len(self.values) - 1

    def polynomial_string(self, var: str = "e") -> str:
        """The Hilbert polynomial as text, e.g. ``'1/12*e^4 + 7/12*e^3 + ...'``."""
        if not self.polynomial:
            return "(not determined)"
        terms = []
        for j in range(len(self.polynomial) - 1, -1, -1):
            c = self.polynomial[j]
            if c == 0:
                continue
            mon = "" if j == 0 else (var if j == 1 else f"{var}^{j}")
            cs = str(abs(c))
            body = cs if not mon else (mon if abs(c) == 1 else f"{cs}*{mon}")
            terms.append(("- " if c < 0 else "+ ") + body)
        s = " ".join(terms)
        return s[2:] if s.startswith("+ ") else "-" + s[2:]

    def as_dict(self) -> dict:
        return {
            "spec": self.spec, "values": list(self.values), "homogeneous": self.homogeneous,
            "stabilized": self.stabilized, "dimension": self.dimension, "degree": self.degree,
            "polynomial": [str(c) for c in self.polynomial], "numerator": list(self.numerator),
            "evidence": self.evidence, "jacobian_dimension": self.jacobian_dimension, "ambient": self.ambient,
            "grading": self.grading, "method": self.method, "primes": list(self.primes), "seed": self.seed,
            "probability_bound": self.probability_bound, "partial": self.partial,
        }

    def __repr__(self):
        head = f"HilbertResult({self.spec!r}: H = {list(self.values)}"
        if self.stabilized:
            head += f"; Hilbert polynomial {self.polynomial_string()}, dim {self.dimension}, degree {self.degree}"
        else:
            head += "; Hilbert polynomial not determined"
        return (head + f"; {self.evidence}; ranks mod p (lower bounds, exact with probability >= "
                f"1 - {self.probability_bound:.1e}), primes {list(self.primes)}, seed {self.seed}"
                + (", PARTIAL" if self.partial else "") + ")")


def _network_dimension(net, engine, seed):
    try:
        from algnet.analyses.dimension import dimension

        return int(dimension(net, seed=seed).dimension)
    except ImportError:  # pragma: no cover - the lead's module exists in the package
        return engine.jacobian_rank()


def parameter_degree(net, seed=0) -> int:
    """Degree of the coordinates of f_theta as polynomials in theta (along a random line).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> parameter_degree(parse_spec("dense 2-2-2-1 r=2"))     # 1 + 2 + 4
    7
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(-50, 51, size=net.n_params)
    b = rng.integers(-50, 51, size=net.n_params)
    th = np.empty(net.n_params, dtype=object)
    for i in range(net.n_params):
        th[i] = flint.fmpq_poly([int(a[i]), int(b[i])])
    X = net.random_inputs(1, seed=seed, bound=50)
    out = net.evaluate(th, X, backend=FlintExact())
    return max(int(v.degree()) if isinstance(v, (flint.fmpz_poly, flint.fmpq_poly)) else 0 for v in np.ravel(out))


def _summarize(net, engine, values, jac_dim, min_evidence):
    hom = engine.homogeneous
    # K[c]/I(M) has Hilbert series Q(t)/(1-t)^n with n the number of variables: no larger k is needed
    fit = hilbert_polynomial_from_values(values, min_evidence, max_k=engine.N + 1)
    dim = deg = None
    poly, num = (), ()
    if fit is None:
        evidence = f"no numerator Q(t) with {min_evidence} vanishing trailing coefficients up to degree {len(values) - 1}"
        stab = False
    else:
        k, Q, P, trailing = fit
        dim_fit = k if hom else k - 1
        num = tuple(Q)
        if dim_fit == jac_dim:
            stab = True
            dim, deg, poly = dim_fit, int(sum(Q)), tuple(P)
            evidence = (f"Hilbert series Q(t)/(1-t)^{k} with Q = {list(Q)}: the last {trailing} computed "
                        f"coefficients of Q vanish (heuristic: no regularity bound used); dimension {dim_fit} "
                        f"agrees with the Jacobian rank")
        else:
            stab = False
            evidence = (f"apparent numerator Q = {list(Q)} over (1-t)^{k} gives dimension {dim_fit}, but the "
                        f"Jacobian rank gives {jac_dim}: H has not become polynomial yet (compute more degrees)")
    return stab, dim, deg, poly, num, evidence


def hilbert_function(net, up_to: int = 4, seed=None, primes=None, grading: str = "auto",
                     min_evidence: int = 2, max_monomials: int = MAX_MONOMIALS, max_piece: int = MAX_PIECE,
                     force: bool = False, time_limit: float | None = None, until_stable: bool = False,
                     show_progress: bool = False) -> HilbertResult:
    """Hilbert function of M's coordinate ring up to degree ``up_to``, and the
    Hilbert polynomial (hence dimension and degree) when it has visibly
    become polynomial.

    Parameters
    ----------
    net : Network
        A polynomial network.
    up_to : int
        Largest degree e.
    seed : int, optional
        Seed of the random points (stored in the result).
    primes : sequence of int, optional
        Primes (< 2^28); the first is used for the ranks, the second to
        reconstruct the grading.
    grading : {"auto", "total", "none"}
        "auto" detects the largest diagonal torus preserving M and works
        graded piece by graded piece; "total" uses only the total degree
        (cones); "none" no grading at all.
    min_evidence : int
        Number of vanishing trailing coefficients of the Hilbert-series
        numerator required before the polynomial is declared.
    max_monomials, max_piece, force :
        Refuse (TooLargeError) above these sizes unless ``force=True``.
    time_limit : float, optional
        Seconds; stop after the last complete degree (result marked partial).
    until_stable : bool
        Stop at the first degree where the Hilbert polynomial is determined
        (``up_to`` is then the largest degree tried); a degree beyond the size
        limits ends the computation instead of raising. This is the mode for
        computing a degree (``algnet degree --method hilbert``).
    show_progress : bool
        tqdm progress bar over graded pieces.

    Returns
    -------
    HilbertResult

    Raises
    ------
    TooLargeError
        When the estimated number of monomials or the largest graded piece
        is above the limits (names the estimate and cheaper routes).

    Notes
    -----
    Cost: one rank of a (h + 4) x n matrix modulo p per graded piece of n
    monomials (h its rank), plus one network evaluation per sample point.
    Pieces whose coordinates are algebraically independent on M (full-rank
    Jacobian rows, a proof) are skipped.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> h = hilbert_function(parse_spec("conv k=2,2 r=2"), up_to=5, seed=1)
    >>> h.values, h.dimension, h.degree
    ((1, 5, 14, 27, 44, 65), 3, 4)
    >>> hilbert_function(parse_spec("linear 4-2-3"), up_to=12, until_stable=True, seed=0).values
    (1, 12, 78, 360, 1320)
    """
    t0 = time.perf_counter()
    if not isinstance(up_to, int) or up_to < 0:
        raise ParameterError(f"up_to={up_to!r} must be a non-negative integer", hint="e.g. up_to=4")
    engine = _Engine(net, seed=seed, primes=primes, grading=grading)
    jac_dim = _network_dimension(net, engine, seed)
    N = engine.N
    values = [1]
    partial = False
    p = engine.primes[0]
    if jac_dim == N:
        top = min(up_to, min_evidence) if until_stable else up_to
        values = [engine.level_count(e) if engine.homogeneous else comb(N + e, e) for e in range(top + 1)]
        method = "dominant: the Jacobian has full rank (ideal zero), H(e) counts all monomials"
    else:
        method = "ranks of evaluation matrices at random points of M mod p, graded pieces"
        pbar = None
        if show_progress:
            from tqdm.auto import tqdm

            pbar = tqdm(desc="hilbert pieces", unit="piece")
        try:
            if up_to >= 1:
                lead = engine.linear_leading_vars(p)
                values.append(N - len(lead))
                engine.set_linear(lead)
            if time_limit is None and not until_stable:
                engine.check_size(up_to, max_monomials, max_piece, force, "Hilbert function")
            for e in range(2, up_to + 1):
                if until_stable and _summarize(net, engine, values, jac_dim, min_evidence)[0]:
                    break
                if time_limit is not None or until_stable:
                    try:
                        engine.check_size(e, max_monomials, max_piece, force, "Hilbert function")
                    except TooLargeError:
                        partial = True
                        break
                h = 0
                for piece in engine.level(e).values():
                    h += engine.piece_rank(piece, p)
                    if pbar is not None:
                        pbar.update(1)
                    if time_limit is not None and time.perf_counter() - t0 > time_limit:
                        raise TimeoutError
                values.append(h)
        except (KeyboardInterrupt, TimeoutError):
            partial = True
        finally:
            if pbar is not None:
                pbar.close()
    stab, dim, deg, poly, num, evidence = _summarize(net, engine, values, jac_dim, min_evidence)
    pdeg = parameter_degree(net, seed=0)
    bound = max(values) * max(len(values) - 1, 1) * pdeg / p
    return HilbertResult(
        spec=net.spec, values=tuple(values), homogeneous=engine.homogeneous, stabilized=stab, dimension=dim,
        degree=deg, polynomial=poly, numerator=num, evidence=evidence, jacobian_dimension=jac_dim, ambient=N,
        grading=engine.grading.description,
        pieces=tuple(len(engine.levels[e]) if e in engine.levels else 0 for e in range(len(values))),
        method=method, primes=(p, engine.primes[1]), seed=seed, probability_bound=min(1.0, bound),
        partial=partial, seconds=time.perf_counter() - t0)
