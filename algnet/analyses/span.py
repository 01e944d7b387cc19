"""The linear span of a neuromanifold, exactly, and the linear-space case of its degree.

Writing each output coefficient as c_j(theta) = sum_m A[j, m] theta^m over the parameter monomials m
(the constant monomial included), the values mu(theta) span the column space of A (the monomials are
linearly independent functions), so dim span M = rank A over QQ, read off the symbolic expansion.

M is irreducible (the image of an affine space), so when dim M equals dim span M the closure of M is
its span: a linear space, of degree 1. The Jacobian rank mod p at an integer point is a proved lower
bound on dim M and dim span M an upper bound, so their equality proves both; ``dim M = ambient
dimension`` is the case that needs no expansion (the span cannot be larger than the whole space).

Examples
--------
>>> from algnet import parse_spec
>>> span_dimension(parse_spec("linear 2-1-2"))           # rank <= 1 2 x 2 matrices span all four entries
4
>>> linear_space_reason(parse_spec("dense 2-2-1 r=2"), 3)  # every binary quadratic is a sum of two squares
'dim M = 3 = the ambient dimension (Jacobian rank mod p, a proved lower bound), so M is dense in the coefficient
space: a linear space of degree 1'
"""

from __future__ import annotations

from math import lcm

from algnet.errors import TooLargeError

__all__ = ["MAX_TERMS", "MAX_CHECK_COST", "coefficient_terms", "exact_rank", "span_dimension",
           "linear_space_reason", "linear_space_theorem"]

#: Largest bound on the terms of the symbolic expansion (``Network.estimate_terms``) for which the span
#: is computed (the expansion and one exact rank; linear 3-2-3 has 36 terms).
MAX_TERMS = 20_000


#: Largest cost (the model of :func:`exact_rank`: (m + r) r n multiplications of r b-bit numbers, counted in
#: 64-bit words) of the exact check of a rank below full; above it the check is refused with the estimate.
MAX_CHECK_COST = 10**9


def _integer_rows(rows):
    """Sparse rows {column: ints, Fractions or flint fmpq} times the lcm of their denominators (same rank)."""
    out = []
    for row in rows:
        pq = {j: (int(x.p), int(x.q)) if hasattr(x, "q") else (int(x.numerator), int(x.denominator))
              for j, x in row.items() if x}
        d = lcm(*(q for _, q in pq.values())) if pq else 1
        out.append({j: a * (d // q) for j, (a, q) in pq.items()})
    return out


def _pivots(M, r):
    """Pivot columns of an nmod_mat of rank r (its reduced row echelon form's leading ones)."""
    R = M.rref()[0].tolist()
    return [next(j for j, x in enumerate(R[i]) if int(x)) for i in range(r)]


def exact_rank(A, primes=None, max_cost: int = MAX_CHECK_COST, force: bool = False, columns=None) -> int:
    """The exact rank over QQ of a matrix of rationals, proved without fraction-free elimination.

    ``A`` is a list of rows: lists, or dicts {column index: entry} with ``columns`` the number of columns.
    The rank r modulo a prime is a proved lower bound. When r = min(rows, columns) it is the rank. Otherwise
    r independent columns P and rows R (pivots modulo p, so independent over QQ) give an exact check: every
    column of A is the combination of the columns P that A[R, P]^-1 A[R, :] gives, checked over QQ on all rows.
    If it holds the rank is r; if not, p was unlucky and the next prime is tried. The check is estimated first
    (``MAX_CHECK_COST``) and refused with :class:`~algnet.errors.TooLargeError` above ``max_cost`` unless
    ``force``.

    Examples
    --------
    >>> exact_rank([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    2
    >>> exact_rank([[268435399, 0], [0, 1]], primes=[268435399])   # the prime divides an entry: still 2
    2
    >>> exact_rank([{0: 1, 5: 2}, {0: 3, 5: 6}], columns=6)
    1
    """
    from algnet.core.numbers import fmpq_mat, fmpz_mat, nmod_mat

    from algnet.core.primes import default_primes

    sparse = [r if isinstance(r, dict) else dict(enumerate(r)) for r in A]
    m = len(sparse)
    n = columns if columns is not None else (len(A[0]) if m else 0)
    if m == 0 or n == 0:
        return 0
    ints = _integer_rows(sparse)
    entries = [(i, j, x) for i, row in enumerate(ints) for j, x in row.items()]
    if not entries:
        return 0
    bits = max(abs(x).bit_length() for _, _, x in entries)

    def dense(rows, cols):
        return fmpz_mat([[ints[i].get(j, 0) for j in cols] for i in rows])

    for p in (primes or default_primes(3)):
        G = nmod_mat(m, n, p)
        for i, j, x in entries:
            G[i, j] = x % p
        r = int(G.rank())
        if r == min(m, n):
            return r
        if r == 0:
            continue
        cost = (m + r) * r * n * max(1, r * bits // 64)
        if cost > max_cost and not force:
            raise TooLargeError(
                f"the exact rank of a {m} x {n} matrix with entries of up to {bits} bits: modulo {p} the rank is "
                f"{r} (a proved lower bound), below full, and proving it exact would take about {cost:.1e} word "
                f"operations (limit {max_cost:.0e})",
                hint="use the rank modulo a prime as a lower bound, or pass force=True to run the exact check",
                rows=m, columns=n, bits=bits, lower_bound=r, cost=cost)
        P, R = _pivots(G, r), _pivots(G.transpose(), r)
        X = dense(R, P).solve(dense(R, range(n)))                      # r x n, over QQ
        if fmpq_mat(dense(range(m), P)) * X == fmpq_mat(dense(range(m), range(n))):
            return r
    return int(dense(range(m), range(n)).rank())  # every prime unlucky (essentially never): fraction-free


def coefficient_terms(net, max_terms: int = MAX_TERMS):
    """{(output, input exponents): {parameter exponents: coefficient}} and the set of parameter degrees.

    Raises :class:`~algnet.errors.TooLargeError` (from ``Network.expand``) above ``max_terms``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> rows, degrees = coefficient_terms(parse_spec("linear 1-1-1"))
    >>> len(rows), degrees
    (1, {2})
    """
    ctx, polys = net.expand(max_terms=max_terms)
    N = net.n_params
    rows, degrees = {}, set()
    for o, poly in enumerate(polys):
        for exps, c in poly.to_dict().items():
            pe, xe = tuple(exps[:N]), tuple(exps[N:])
            degrees.add(sum(pe))
            rows.setdefault((o, xe), {})[pe] = c
    return rows, degrees


def span_dimension(net, max_terms: int = MAX_TERMS, terms=None) -> int:
    """dim of the linear span of M: the exact rank over QQ of the coefficient matrix A (module doc).

    ``terms`` reuses the rows of :func:`coefficient_terms`. Raises
    :class:`~algnet.errors.TooLargeError` when the expansion is refused.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> span_dimension(parse_spec("dense 2-1-1 r=2"))       # c (a x + b y)^2 spans all binary quadratics
    3
    """
    rows = (terms if terms is not None else coefficient_terms(net, max_terms))[0]
    if not rows:
        return 0
    cols = sorted({m for r in rows.values() for m in r})
    index = {m: k for k, m in enumerate(cols)}
    return exact_rank([{index[m]: c for m, c in r.items()} for r in rows.values()], columns=len(cols))


def linear_space_reason(net, dimension: int, max_terms: int = MAX_TERMS):
    """Why M is a linear space (so deg M = 1, exactly), or None when it is not or that is not known.

    ``dimension`` is a proved lower bound on dim M (a Jacobian rank mod p at an integer point, as
    :func:`algnet.analyses.dimension.dimension` reports it). M is a linear space when it meets an
    upper bound: the ambient dimension (no expansion), else the exact dimension of the linear span
    (computed when the expansion has at most ``max_terms`` terms; above that, None).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> linear_space_reason(parse_spec("linear 2-1-2"), 3) is None      # a quadric cone, not linear
    True
    >>> linear_space_reason(parse_spec("linear 2-2-2"), 4).startswith("dim M = 4 = the ambient dimension")
    True
    """
    if not getattr(net, "polynomial", True):
        return None
    amb = int(net.ambient_dimension)
    if dimension >= amb:
        return (f"dim M = {amb} = the ambient dimension (Jacobian rank mod p, a proved lower bound), so M is "
                "dense in the coefficient space: a linear space of degree 1")
    try:
        span = span_dimension(net, max_terms)
    except TooLargeError:
        return None
    if span > dimension:
        return None
    return (f"dim M = {dimension} (Jacobian rank mod p, a proved lower bound) = dim span M = {span} (exact rank "
            "over QQ of the coefficient matrix of the expansion), so the irreducible M is dense in its span: "
            "a linear space of degree 1")


def linear_space_theorem(net, seed, max_params: int, max_values: int):
    """(1, reason) when M is proved to be a linear space (:func:`linear_space_reason`, with the shared
    dimension of :func:`algnet.analyses.shared.dimension_result`), else None; not tried above
    ``max_params`` parameters or ``max_values`` sample values (the dimension and the expansion are not
    free there).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> linear_space_theorem(parse_spec("dense 2-2-1 r=3"), 0, 120, 4000)[0]   # binary cubics: sums of 2 cubes
    1
    """
    from algnet.analyses.shared import dimension_result

    if net.n_params > max_params or net.monomial_count() * net.n_outputs > max_values:
        return None
    try:
        dim = dimension_result(net, seed=seed)
    except TooLargeError:
        return None
    why = linear_space_reason(net, int(dim.dimension))
    return None if why is None else (1, f"M is a linear space: {why}")
