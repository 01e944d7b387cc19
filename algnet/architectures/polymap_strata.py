"""Where a polynomial map's Jacobian drops rank on linear subspaces: exact, from its minors.

Let mu : C^n -> C^m be a polynomial map, J its Jacobian and d its generic rank (the dimension of the image).
Its rank-drop locus D = {theta : rank J(theta) < d} is the common zero set of the d x d minors of J. When the
minors say so, D is a union of linear subspaces theta = B phi (B an integer basis), found by splitting
(:func:`vanishing_subspaces`) in the coordinates phi of the subspace at hand:

* a nonzero constant among the minors leaves no point of D there; when every minor vanishes, the whole
  subspace lies in D;
* the greatest common divisor g of the minors splits their zero set as V(g) and V(minors / g): a factor of g
  that is a linear form gives a whole hyperplane of D (any other factor: not a union of linear subspaces);
* linear forms among the minors confine D to their common kernel;
* a minor that is a product of linear forms (a monomial: coordinate hyperplanes; 4 x y, or 2 (s - t)(s + t))
  puts D inside the union of their hyperplanes, each split again.

On such a subspace the map restricted (mu(B phi), its "sub-map") is again a polynomial map, whose critical
points the critical-points search finds where the sub-map has its own full rank; where it drops rank, its own
locus is split the same way (:func:`rank_drop_cover`), down to the origin. A sub-map that is constant maps its
subspace to mu(0): L is critical at the origin when mu has no linear terms (J(0) = 0), which the search takes;
otherwise a critical point of L on that subspace away from the origin is not searched.

Where a piece of the locus is no union of linear subspaces through the origin but finite (a cusp of a curve at
t = 1: d mu = (t - 1) (2, 3 (t - 1)); the points t = +-sqrt(2) of (t^3 - 6 t, t^4 - 4 t^2)), a Groebner basis over
QQ proves it finite and gives its points exactly (:mod:`.polymap_points`, under :data:`MAX_POINT_VARS`,
:data:`MAX_POINT_DEGREE`, :data:`MAX_POINT_POLYS`): they are point strata (:attr:`RankDropCover.points`), each a
candidate critical point of L, and close the cover like the subspaces. Where the minors leave a curve or larger
(a circle x^2 + y^2 = 1 of rank drop, an irreducible quadric, an affine line y = 1), or the map is
too large to take its minors (:data:`MAX_MINORS`, :data:`MAX_SUBSPACES`, :data:`MAX_FACTORED`), the cover is
not proved and its note says why. The generic rank d: the rank of J at a random integer point in exact
arithmetic is a lower bound (the larger of two points is taken); it is proved to be the generic rank when it is
the number of outputs or parameters, or when every (d+1) x (d+1) minor of J is the zero polynomial (under
:data:`MAX_MINORS` of them; a nonzero one raises d). Above that the rank of the points is kept and the note gives
the Schwartz-Zippel bound on the probability that it is too small.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> c = rank_drop_cover(parametrization(["x^2", "y^2"]).terms, 2, ["x", "y"])      # det J = 4 x y
>>> c.labels, c.covered
(('x = 0', 'y = 0'), True)
>>> rank_drop_cover(parametrization(["x^2 + y^2", "x*y"]).terms, 2, ["x", "y"]).labels    # 2 (x - y)(x + y)
('x + y = 0', 'x - y = 0')
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from algnet.errors import NotApplicableError, TooLargeError

__all__ = ["RankDropCover", "rank_drop_cover", "vanishing_subspaces", "MAX_MINORS", "MAX_SUBSPACES", "MAX_FACTORED",
           "MAX_POINT_VARS", "MAX_POINT_DEGREE", "MAX_POINT_POLYS", "SPREAD"]

#: Most d x d minors taken for one map or sub-map (above it the cover is not computed).
MAX_MINORS = 2000
#: Most subspaces visited by the splitting of one map (above it the cover is not computed).
MAX_SUBSPACES = 512
#: Most minors factored in search of a product of linear forms, the smallest first (then: not proved).
MAX_FACTORED = 32


#: Most variables of a piece of the rank-drop locus tested exactly for finiteness (a Groebner basis over QQ).
MAX_POINT_VARS = 4
#: Largest total degree of the polynomials of such a piece (above it, or above MAX_POINT_VARS: not tested).
MAX_POINT_DEGREE = 12
#: Most polynomials (minors) of such a piece tested.
MAX_POINT_POLYS = 64


class _TooLarge(Exception):
    pass


class _NotLinear(Exception):
    pass


@dataclass(frozen=True)
class RankDropCover:
    """The linear subspaces on which a polynomial map drops rank, as far as they cover its rank-drop locus.

    Attributes
    ----------
    bases : tuple of tuple of tuple of int
        The subspaces to search, each an integer basis B (n rows, one column per coordinate of the subspace:
        theta = B phi): every subspace on which the map (or the sub-map of a larger one) drops rank and is not
        constant, larger subspaces first.
    labels : tuple of str
        Their equations in the parameters' names.
    covered : bool or None
        Whether these subspaces and the origin hold every point where the map drops rank, recursively (module
        doc): False when the minors show a part of the locus that is not a linear subspace (or a constant
        sub-map where the map has linear terms), None when the map was too large to split.
    note : str
        Why (or why not) in words.
    points : tuple of tuple
        The isolated points where the map (or a sub-map) drops rank off the subspaces and the origin, each the
        parameters' exact values (sympy algebraic numbers: rational, radicals or ``CRootOf``).
    point_labels : tuple of str
        Their coordinates in words.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> c = rank_drop_cover(parametrization(["s^3", "s^2*t", "s*t^2", "t^3"]).terms, 2)   # twisted cubic cone
    >>> c.bases, c.covered, c.note
    ((), True, 'd mu drops rank at the origin only')
    """

    bases: tuple
    labels: tuple
    covered: object
    note: str
    points: tuple = ()
    point_labels: tuple = ()


def _ring(k: int):
    from algnet.core.numbers import fmpq_mpoly_ctx

    return fmpq_mpoly_ctx.get(tuple(f"p{j}" for j in range(k)), "lex")


def _poly(ctx, terms: dict):
    from algnet.core.numbers import fmpq

    return ctx.from_dict({k: fmpq(c.numerator, c.denominator) for k, c in terms.items()})


def _on(polys, K):
    """The polynomials on the subspace phi = K psi (K: a list of integer rows, one per variable of ``polys``)."""
    k = len(K[0]) if K else 0
    ctx = _ring(k)
    psi = ctx.gens()
    lin = [sum((int(c) * psi[j] for j, c in enumerate(row) if c), ctx.from_dict({})) for row in K]
    return [f.compose(*lin, ctx=ctx) if lin else f for f in polys]


def _times(A, K):
    """The integer product A K of two matrices given as lists of rows (A has len(K) columns)."""
    cols = len(K[0]) if K else 0
    return [[sum(a * K[i][j] for i, a in enumerate(row)) for j in range(cols)] for row in A]


def _kernel(rows, m):
    """An integer basis of {phi in Q^m : a . phi = 0 for every row a}, as the columns of m rows."""
    from algnet.core.numbers import fmpq_mat

    if not rows:
        return [[int(i == j) for j in range(m)] for i in range(m)]
    R, rank = fmpq_mat(len(rows), m, [c for r in rows for c in r]).rref()
    pivots = [next(j for j in range(m) if R[i, j] != 0) for i in range(rank)]
    vecs = []
    for f in (j for j in range(m) if j not in pivots):
        v = [0] * m
        v[f] = 1
        for i, p in enumerate(pivots):
            v[p] = -R[i, f]
        den = math.lcm(*[int(x.q) if hasattr(x, "q") else 1 for x in v])
        v = [int(x * den) for x in v]
        g = math.gcd(*v)
        vecs.append([x // g for x in v])
    return [[v[i] for v in vecs] for i in range(m)]


def _linear_row(f):
    """The coefficient row of f when f is a linear form (every term of degree 1), else None."""
    d = f.to_dict()
    if not d or any(sum(k) != 1 for k in d):
        return None
    m = f.context().nvars()
    return [d.get(tuple(int(i == j) for i in range(m)), 0) for j in range(m)]


#: the random integer points of :func:`_generic_rank` have coordinates in [-SPREAD, SPREAD]
SPREAD = 2**20


def _generic_rank(J, rng, unproved=None) -> int:
    """The generic rank of the polynomial matrix J (rows): the larger rank at two random integer points (exact
    arithmetic: a lower bound), proved equal when it is the number of rows or columns or when every minor one size
    larger is the zero polynomial, else raised by one while a larger minor is nonzero. Where those minors are more
    than :data:`MAX_MINORS`, the rank at the points is kept and ``unproved`` (a list) gets the Schwartz-Zippel
    bound on the probability that it is too small."""
    from algnet.core.numbers import fmpq, fmpq_mat

    if not J or not J[0]:
        return 0
    k = J[0][0].context().nvars()
    best = 0
    for _ in range(2):
        pt = [fmpq(rng.randint(-SPREAD, SPREAD)) for _ in range(k)]
        best = max(best, fmpq_mat(len(J), len(J[0]), [f(*pt) for row in J for f in row]).rank())
    while best < min(len(J), len(J[0])):
        try:
            if not _any_minor(J, best + 1):
                return best         # every larger minor vanishes identically: the generic rank, proved
        except _TooLarge:
            if unproved is not None:
                # a nonzero minor of size best + 1 (degree <= (best + 1) max deg J) vanishes at a uniform random
                # integer point of the box with probability <= its degree / (2 SPREAD + 1), at both points the square
                deg = (best + 1) * max(int(f.total_degree()) for row in J for f in row if f != 0)
                unproved.append((deg / (2 * SPREAD + 1)) ** 2)
            return best
        best += 1                   # a nonzero minor of size best + 1 (both points were special)
    return best


def _any_minor(J, c) -> bool:
    """Whether some c x c minor of J is a nonzero polynomial (:exc:`_TooLarge` above :data:`MAX_MINORS` minors)."""
    rows = [i for i in range(len(J)) if any(f != 0 for f in J[i])]
    cols = [j for j in range(len(J[0])) if any(J[i][j] != 0 for i in rows)]
    if len(rows) < c or len(cols) < c:
        return False
    if math.comb(len(rows), c) * math.comb(len(cols), c) > MAX_MINORS:
        raise _TooLarge(f"more than {MAX_MINORS} minors of size {c}")
    return any(_det([[J[i][j] for j in C] for i in R]) != 0
               for R in itertools.combinations(rows, c) for C in itertools.combinations(cols, c))


def _det(M):
    """Determinant of a small square matrix of polynomials (expansion along the first row, minors memoized)."""
    k = len(M)
    memo: dict = {}

    def sub(row, cols):
        if row == k:
            return 1
        hit = memo.get((row, cols))
        if hit is None:
            hit = 0
            for s, c in enumerate(cols):
                if M[row][c] != 0:
                    hit = hit + (-1) ** s * M[row][c] * sub(row + 1, cols[:s] + cols[s + 1:])
            memo[(row, cols)] = hit
        return hit

    return sub(0, tuple(range(k)))


def _minors(J, d) -> list:
    """The nonzero d x d minors of J."""
    rows = [i for i in range(len(J)) if any(f != 0 for f in J[i])]
    cols = [j for j in range(len(J[0])) if any(J[i][j] != 0 for i in rows)]
    if math.comb(len(rows), d) * math.comb(len(cols), d) > MAX_MINORS:
        raise _TooLarge(f"more than {MAX_MINORS} minors of size {d}")
    out = []
    for R in itertools.combinations(rows, d):
        for C in itertools.combinations(cols, d):
            m = _det([[J[i][j] for j in C] for i in R])
            if m != 0:
                out.append(m)
    return out


def vanishing_subspaces(F, budget=None) -> list:
    """Integer bases (lists of rows, one per variable) of the maximal linear subspaces whose union is the common
    zero set of the polynomials F (module doc); raises NotApplicableError when the splitting cannot show it is
    such a union, TooLargeError above :data:`MAX_SUBSPACES` subspaces.

    Examples
    --------
    >>> from algnet.core.numbers import fmpq_mpoly_ctx
    >>> x, y = fmpq_mpoly_ctx.get(("x", "y"), "lex").gens()
    >>> vanishing_subspaces([x * y])                             # the axes: x = 0 (basis (0, 1)), y = 0
    [[[0], [1]], [[1], [0]]]
    >>> vanishing_subspaces([x * (x + y), x * (x - y)]), vanishing_subspaces([x * y - 1, y])   # x = 0; none
    ([[[0], [1]]], [])
    >>> vanishing_subspaces([x**2 + y**2 - 1])                   # a circle
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: the minors have the common factor x^2 + y^2 - 1
      hint: the zero set is not a union of linear subspaces
    """
    budget = [MAX_SUBSPACES] if budget is None else budget
    try:
        return sorted(_maximal(_split(list(F), budget)), key=_key)
    except _NotLinear as e:
        raise NotApplicableError(str(e), hint="the zero set is not a union of linear subspaces") from None
    except _TooLarge as e:
        raise TooLargeError(str(e), hint="fewer polynomials or variables") from None


def _split(F, budget, seen=None, at=None, points=None) -> list:
    """Bases (rows: the variables of F) of linear subspaces whose union is the zero set of F. ``at``: the basis of
    the subspace F lives on, in the variables of the first call; a subspace met before (in ``seen``) adds
    nothing new to the union. ``points`` (a list, optional): where a piece is no union of linear subspaces but
    finite, its points (exact, in the variables of the first call) are appended instead of giving up."""
    m = F[0].context().nvars() if F else 0
    whole = [[int(i == j) for j in range(m)] for i in range(m)]
    seen = set() if seen is None else seen
    at = whole if at is None else at
    key = _key(at)
    if key in seen:
        return []
    seen.add(key)
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge(f"more than {MAX_SUBSPACES} subspaces")
    G = [f for f in F if f != 0]
    if not G:
        return [whole]
    if any(f.total_degree() == 0 for f in G):
        return []                                           # a nonzero constant: no point here
    g = G[0]
    for h in G[1:]:
        g = g.gcd(h)
    if m == 1 and g.total_degree() == 0:
        return []                           # one variable: the zero set is the roots of the gcd, here none
    if g.total_degree() > 0:                # V(G) = V(g) u V(G / g)
        out = []
        for p, _ in g.factor()[1]:
            row = _linear_row(p)
            if row is None and m > 1:        # a hypersurface of rank drop: not finite
                raise _NotLinear(f"the minors have the common factor {_short(p)}" + ("" if points is None else
                                 ": the zero set is not finite (a curve or larger)"))
            if row is None:
                return _points_or_raise(G, at, points, f"the minors have the common factor {_short(p)}")
            out.append(_kernel([row], m))
        seen.discard(key)                   # the same subspace, other polynomials
        return out + _split([h / g for h in G], budget, seen, at, points)
    rows = [r for r in (_linear_row(h) for h in G) if r is not None]
    if rows:                                # V(G) lies in the common kernel of its linear forms
        K = _kernel(rows, m)
        if not K[0]:                        # only the origin: a point of V(G) when no polynomial has a constant
            return [[[] for _ in range(m)]] if all(f.to_dict().get((0,) * m, 0) == 0 for f in G) else []
        return [_times(K, S) for S in _split(_on(G, K), budget, seen, _times(at, K), points)]
    for h in sorted(G, key=lambda h: (h.total_degree(), len(h)))[:MAX_FACTORED]:
        factors = [p for p, _ in h.factor()[1]]
        if all(_linear_row(p) is not None for p in factors):   # a product of linear forms: branch on each
            out = []
            for p in factors:
                K = _kernel([_linear_row(p)], m)
                out += [_times(K, S) for S in _split(_on(G, K), budget, seen, _times(at, K), points)]
            return out
    return _points_or_raise(G, at, points, "no minor is a product of linear forms there (one is "
                            f"{_short(min(G, key=len))})")


def _points_or_raise(G, at, points, why) -> list:
    """No subspace: the points of V(G) appended to ``points`` (in the variables of the first call of
    :func:`_split`, through ``at``) when they are finitely many and found exactly (:func:`.polymap_points.
    finite_zeros`); else _NotLinear with ``why`` and the reason."""
    if points is None:
        raise _NotLinear(why)
    m = G[0].context().nvars()
    if m > MAX_POINT_VARS or len(G) > MAX_POINT_POLYS or max(f.total_degree() for f in G) > MAX_POINT_DEGREE:
        raise _NotLinear(f"{why}: too large for the exact test of a finite zero set (more than {MAX_POINT_VARS} "
                         f"variables, {MAX_POINT_POLYS} polynomials or degree {MAX_POINT_DEGREE})")
    import sympy

    from algnet.architectures.polymap_points import finite_zeros

    xs = sympy.symbols(f"q0:{m}")
    F = [sum(sympy.Rational(int(c.p), int(c.q)) * sympy.Mul(*(x**e for x, e in zip(xs, k)))
             for k, c in f.to_dict().items()) for f in G]
    z = finite_zeros(F, xs, MAX_POINT_VARS, MAX_POINT_DEGREE)
    if z.points is None:
        raise _NotLinear(f"{why}: {z.note}")
    points += [tuple(sympy.Add(*(a * p for a, p in zip(row, pt))) for row in at) for pt in z.points]
    return []


def _short(p, width: int = 60) -> str:
    text = str(p)
    return text if len(text) <= width else text[:width] + " ..."


def _rank(B) -> int:
    from algnet.core.numbers import fmpq_mat

    if not B or not B[0]:
        return 0
    return fmpq_mat(len(B), len(B[0]), [c for r in B for c in r]).rank()


def _inside(A, B) -> bool:
    """Whether the column span of A lies in that of B."""
    return _rank([a + b for a, b in zip(A, B)]) == _rank(B)


def _maximal(subspaces: list) -> list:
    """The subspaces not inside another, each once (in the order first met)."""
    out: list = []
    for S in subspaces:
        if any(_inside(S, T) for T in out):
            continue
        out = [T for T in out if not _inside(T, S)] + [S]
    return out


def _key(B) -> tuple:
    """A canonical form of the column span of B (the reduced row echelon form of its transpose)."""
    from algnet.core.numbers import fmpq_mat

    if not B or not B[0]:
        return ()
    R, r = fmpq_mat(len(B[0]), len(B), [B[i][j] for j in range(len(B[0])) for i in range(len(B))]).rref()
    return tuple(tuple(str(R[i, j]) for j in range(len(B))) for i in range(r))


def _label(B, names) -> str:
    """The equations of the subspace spanned by the columns of B, in the parameters' names."""
    n = len(B)
    eqs = _kernel([[B[i][j] for i in range(n)] for j in range(len(B[0]))], n) if B and B[0] else \
        [[int(i == j) for j in range(n)] for i in range(n)]
    rows = [[eqs[i][j] for i in range(n)] for j in range(len(eqs[0]) if eqs else 0)]
    if all(sum(1 for c in r if c) == 1 for r in rows):
        return " = ".join(names[i] for i in sorted(next(i for i, c in enumerate(r) if c) for r in rows)) + " = 0"
    return ", ".join(_form(r, names) + " = 0" for r in rows)


def _form(row, names) -> str:
    """The linear form of the integer row, its first coefficient positive."""
    if next(c for c in row if c) < 0:
        row = [-c for c in row]
    text = ""
    for c, v in ((c, v) for c, v in zip(row, names) if c):
        sign = "-" if c < 0 else "+"
        term = v if abs(c) == 1 else f"{abs(c)}*{v}"
        text = (("-" if c < 0 else "") + term) if not text else f"{text} {sign} {term}"
    return text


def rank_drop_cover(terms, n: int, names=None) -> RankDropCover:
    """The linear subspaces where the polynomial map of ``terms`` (one dict exponent tuple -> coefficient per
    output, ``n`` parameters) drops rank, recursively through its sub-maps (module doc).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> c = rank_drop_cover(parametrization(["x*y", "y"]).terms, 2, ["x", "y"])       # constant on y = 0
    >>> c.covered, c.note
    (False, 'the map is constant on y = 0 and has linear terms: L may be critical there away from the origin')
    >>> rank_drop_cover(parametrization(["t^2 - 1", "t^3 - t"]).terms, 1).note       # a node: J never vanishes
    'd mu has full rank everywhere'
    >>> c = rank_drop_cover(parametrization(["t^3 - 6*t", "t^4 - 4*t^2"]).terms, 1, ["t"])   # (t^2 - 2) (3, 4 t)
    >>> c.covered, c.points, c.point_labels
    (True, ((-sqrt(2),), (sqrt(2),)), ('t = -sqrt(2)', 't = sqrt(2)'))
    """
    names = list(names) if names is not None else [f"theta{j}" for j in range(n)]
    unproved: list = []         # probability bounds of the generic ranks not proved (:func:`_generic_rank`)
    cover = _cover(terms, n, names, unproved)
    if unproved and cover.covered is not None:
        import dataclasses

        cover = dataclasses.replace(cover, note=f"{cover.note}; a generic rank of d mu taken from two random integer "
                                    f"points, not proved (too small with probability at most {sum(unproved):.1e})")
    return cover


def _cover(terms, n, names, unproved) -> RankDropCover:
    from algnet.core.numbers import fmpq_mpoly_ctx

    polys = [_poly(fmpq_mpoly_ctx.get(tuple(names), "lex"), t) for t in terms]
    linear = any(sum(k) == 1 for t in terms for k in t)
    rng = random.Random(0x5EED)
    found: dict = {}            # key -> (basis, generic rank of the sub-map)
    points: dict = {}           # exact theta -> None: isolated points of rank drop off the subspaces
    whole = [[int(i == j) for j in range(n)] for i in range(n)]
    try:
        _walk(polys, whole, _generic_rank([[p.derivative(j) for j in range(n)] for p in polys], rng, unproved), rng,
              [MAX_SUBSPACES], found, names, points, unproved)
    except _TooLarge as e:
        return RankDropCover((), (), None, f"the rank-drop locus of d mu was not split ({e})")
    except _NotLinear as e:
        return RankDropCover(*_declared(found, names), False, "the rank-drop locus of d mu was not shown finite or "
                             f"a union of linear subspaces by its minors ({e}); a curve or surface of rank drop is "
                             "not searched", *_points(points, names))
    bases, labels = _declared(found, names)
    pts, plabels = _points(points, names)
    constant = [B for B, d in found.values() if d == 0 and B and B[0]]
    if constant and linear:
        return RankDropCover(bases, labels, False, f"the map is constant on {_label(constant[0], names)} and has "
                             "linear terms: L may be critical there away from the origin", pts, plabels)
    at = f"the points {'; '.join(plabels)} (exact: L's gradient is tested there)" if pts else ""
    if not found and not pts:
        return RankDropCover((), (), True, "d mu has full rank everywhere")
    if not bases:
        return RankDropCover((), (), True, f"d mu drops rank at {at}" + (" and the origin" if found else "")
                             if pts else "d mu drops rank at the origin only" if list(found) == [()] else
                             "d mu drops rank where the map is constant (the image of the origin)", pts, plabels)
    return RankDropCover(bases, labels, True, "d mu drops rank on " + ", ".join(labels) + " (linear subspaces: "
                         "the map restricted there is searched)" + (f" and at {at}" if pts else ""), pts, plabels)


def _points(points: dict, names) -> tuple:
    """(points, labels) of the isolated rank-drop points, exact, sorted by label."""
    labelled = sorted((", ".join(f"{v} = {c}" for v, c in zip(names, p)), p) for p in points)
    return tuple(p for _, p in labelled), tuple(a for a, _ in labelled)


def _declared(found: dict, names) -> tuple:
    """(bases, labels) of the subspaces to search: those where the sub-map is not constant, larger ones first."""
    keep = sorted(((-len(B[0]), _label(B, names), B) for B, d in found.values() if d > 0), key=lambda t: t[:2])
    return tuple(tuple(tuple(r) for r in B) for _, _, B in keep), tuple(a for _, a, _ in keep)


def _walk(polys, B, d, rng, budget, found, names, points, unproved):
    """Record in ``found`` every subspace below span(B) where the sub-map on span(B) (generic rank d) drops rank,
    with its own sub-map's generic rank, and walk on from it."""
    if d == 0 or not B or not B[0]:
        return
    top = len(B[0]) == len(B)               # the whole space: the map's own variables (their names in notes)
    sub = polys if top else _on(polys, B)
    k = len(B[0])
    J = [[f.derivative(j) for j in range(k)] for f in sub]
    local: list = []
    try:
        pieces = _maximal(_split(_minors(J, d), budget, points=local))
    except _NotLinear as e:
        if top:
            raise
        raise _NotLinear(f"{e}, in coordinates p0, p1, ... of {_label(B, names)}") from None
    import sympy

    for pt in local:                        # theta = B phi, exact
        theta = tuple(sympy.Add(*(b * v for b, v in zip(row, pt))) for row in B)
        if any(v != 0 for v in theta):      # the origin is searched in any case
            points.setdefault(theta, None)
    for K in pieces:
        B2 = _times(B, K)
        key = _key(B2)
        if key in found:
            continue
        d2 = (_generic_rank([[f.derivative(j) for j in range(len(K[0]))] for f in _on(sub, K)], rng, unproved)
              if K[0] else 0)
        found[key] = (B2, d2)
        _walk(polys, B2, d2, rng, budget, found, names, points, unproved)
