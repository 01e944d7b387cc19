"""Closed-form answers from the literature, each with its source (algnet.formulas).

These are the *predictions* that ``algnet verify`` compares with what the
toolkit computes by its own methods. Nothing in the analyses calls these
to produce an answer.

Examples
--------
>>> determinantal_dimension(3, 4, 2)
10
>>> determinantal_degree(3, 4, 2)
6
>>> conv_degree([2, 2], 2)          # stride 1, r > 1 (the theorem's hypotheses)
4
"""

from __future__ import annotations

from math import comb, factorial, prod

from algnet.errors import NotApplicableError

__all__ = [
    "determinantal_dimension",
    "determinantal_degree",
    "determinantal_minors_count",
    "eckart_young_ed_degree",
    "dense_expected_dimension",
    "dense_bound_pieces",
    "dense_ambient_dimension",
    "dense_bottleneck_dimension",
    "dense_dimension_bound",
    "dense_output_rank",
    "attention_dimension_widths",
    "gconv_dimension",
    "alexander_hirschowitz_defective",
    "veronese_secant_dimension",
    "conv_dimension",
    "conv_degree",
    "conv_input_length",
    "conv_effective_strides",
    "conv_output_lengths",
    "attention_dimension",
    "relu_parameter_count",
    "relu_dimension_bound",
    "zaslavsky_regions",
    "montufar_lower_bound",
]


def determinantal_dimension(m: int, n: int, r: int) -> int:
    """Dimension r(m+n-r) of the m x n matrices of rank <= r.

    Source: Bruns–Vetter, *Determinantal Rings*, Prop. 1.1.

    Examples
    --------
    >>> determinantal_dimension(2, 2, 1)
    3
    """
    r = min(r, m, n)
    return r * (m + n - r)


def determinantal_degree(m: int, n: int, r: int) -> int:
    """Degree of the variety of m x n matrices of rank <= r.

    prod_{i=0}^{n-r-1} (m+i)! i! / ((r+i)! (m-r+i)!)  (symmetric in m, n);
    1 when r >= min(m, n).  Source: Harris, *Algebraic Geometry*, Ex. 19.10.

    Examples
    --------
    >>> [determinantal_degree(2, 2, 1), determinantal_degree(3, 3, 1), determinantal_degree(4, 4, 2)]
    [2, 6, 20]
    """
    if r >= min(m, n):
        return 1
    num = 1
    den = 1
    for i in range(n - r):
        num *= factorial(m + i) * factorial(i)
        den *= factorial(r + i) * factorial(m - r + i)
    return num // den


def determinantal_minors_count(m: int, n: int, r: int) -> int:
    """Number of (r+1)-minors of an m x n matrix, the minimal generators of
    the determinantal ideal (Bruns–Vetter, Thm. 2.10 and Cor. 5.17).

    Examples
    --------
    >>> determinantal_minors_count(3, 4, 2)
    4
    """
    return comb(m, r + 1) * comb(n, r + 1)


def eckart_young_ed_degree(m: int, n: int, r: int) -> int:
    """Euclidean distance degree binom(min(m,n), r) of rank <= r matrices.

    Source: Draisma–Horobeț–Ottaviani–Sturmfels–Thomas (2016), Ex. 2.3.

    Examples
    --------
    >>> eckart_young_ed_degree(3, 3, 1)
    3
    """
    return comb(min(m, n), r)


def _degrees(widths, r) -> list[int]:
    """One activation degree per hidden layer (an int is repeated)."""
    hidden = len(widths) - 2
    if isinstance(r, int):
        return [r] * hidden
    r = [int(x) for x in r]
    if len(r) != hidden:
        raise NotApplicableError(f"{len(r)} activation degrees for {hidden} hidden layers",
                                 hint="give one degree per hidden layer")
    return r


def dense_ambient_dimension(widths, r) -> int:
    """d_L * binom(d_0 + D - 1, D): forms of degree D = r^(L-1) (or the
    product of the per-layer degrees when ``r`` is a sequence).

    Examples
    --------
    >>> dense_ambient_dimension([2, 2, 3], 2)
    9
    >>> dense_ambient_dimension([2, 2, 2, 1], [2, 3])   # forms of degree 6 in 2 variables
    7
    """
    widths = list(widths)
    deg = prod(_degrees(widths, r))
    return widths[-1] * comb(widths[0] + deg - 1, deg)


def dense_expected_dimension(widths, r) -> int:
    """min(sum d_l d_(l-1) - sum hidden, ambient) for x^r networks
    (``r`` an int or one degree per hidden layer).

    Source: Kileel–Trager–Bruna (2019), arXiv:1905.12207, Sect. 3; per-layer
    degrees: Massarenti–Mella, arXiv:2511.19703.

    Examples
    --------
    >>> dense_expected_dimension([2, 2, 3], 2)
    8
    """
    widths = list(widths)
    params = sum(widths[i] * widths[i + 1] for i in range(len(widths) - 1))
    return min(params - sum(widths[1:-1]), dense_ambient_dimension(widths, r))


def dense_bottleneck_dimension(widths, r) -> int:
    """The expected dimension of an x^r network, bounded by its narrow layers.

    The value of :func:`dense_dimension_bound` with ``rescalings_only=True``
    (the factorizations at narrow layers with the neuron rescalings, see there
    for the derivation); it equals the Kileel–Trager–Bruna count
    :func:`dense_expected_dimension` when no layer bounds the network.
    Defects of secant varieties (Alexander–Hirschowitz, sums of squares) are
    not part of it: they are *explanations* of a dimension below this value.

    Examples
    --------
    >>> dense_expected_dimension([2, 1, 2, 1], 2), dense_bottleneck_dimension([2, 1, 2, 1], 2)
    (3, 2)
    >>> dense_bottleneck_dimension([3, 3, 2], 2) == dense_expected_dimension([3, 3, 2], 2)
    True
    >>> dense_expected_dimension([2, 2, 3, 1], 3), dense_bottleneck_dimension([2, 2, 3, 1], 3)
    (8, 6)
    """
    return dense_dimension_bound(widths, r, rescalings_only=True)[0]


def dense_dimension_bound(widths, r, known=None, rescalings_only: bool = False) -> tuple:
    """(bound, reasons): an upper bound on the dimension of the x^r network
    d_0 - ... - d_L (no biases), and the facts that give it.

    Derivation (each step an upper bound; the minimum is returned):

    * *Count.* The Kileel–Trager–Bruna count min(#params - #hidden, ambient)
      (arXiv:1905.12207, Sect. 3): the neuron rescalings act on the fibers.
    * *Last layer (Alexander–Hirschowitz).* d_0 - k - 1 computes the sums of
      k r-th powers of linear forms: the affine secant variety of the
      Veronese variety, whose dimension is the Alexander–Hirschowitz value
      (:func:`veronese_secant_dimension`; r = 2: quadrics of rank <= k).
    * *Last layer (Strassen).* d_0 - k - m with squares, m >= 3, d_0 even and
      d_0 < k <= (3 d_0 - 2)/2: three output quadrics satisfy Strassen's
      commutator equation, a hypersurface (``_strassen_applies``): dim <= ambient - 1.
    * *First layer's relations.* d_0 - (d_0 + 1) - ... with a tail that fills its
      ambient space: the first layer's outputs lie on a hypersurface, whose
      equation's multiples can be added to the tail's outputs
      (``_first_layer_relations``).
    * *Factorization at a hidden layer l (width k = d_l).* f = g o s o h, h the
      head d_0..d_l (last layer linear), s the activation, g the tail
      network d_l..d_L. The rescalings (h, g) -> (D h, g o D^-r) keep f, so
      dim <= B(head) + B(tail) - k. The head's image is closed under every
      invertible k x k matrix A (its last layer is linear), so also
      f = G o h with G = (g o s o A^-1) in the network k - k - d_(l+1)..d_L and
      dim <= B(head) + B(k, k, d_(l+1), .., d_L) - k^2, valid when the head's k
      outputs are linearly independent (then GL_k acts with finite stabilizers;
      checked by a lower bound on the span of the outputs, see
      :func:`dense_output_rank`). This second form is where narrow layers
      with a quadratic activation after them (sums of k squares of the head's
      outputs), or a small space of polynomial maps G in k variables, bound
      the network.

    B is this bound, applied recursively to the pieces (a single linear layer
    a x b has dimension ab). With ``rescalings_only=True`` only the count and
    the first factorization (rescalings) are used: the bound then comes from
    narrow layers only, and secant defects stay visible as defects. ``known`` maps pieces ``(widths, degrees)`` (tuples)
    to dimensions found otherwise (e.g. computed), used in place of their
    bound, except for the network itself. The reasons name the steps used: ``"count"``,
    ``"bottleneck at layer l"`` (rescalings), ``"function of the outputs of
    layer l"`` (GL_k), ``"quadratic form in the outputs of layer l"`` (GL_k,
    one output after a square), ``"sums of squares (last layer)"`` and
    ``"Alexander-Hirschowitz (last layer)"`` (a defective secant piece of
    degree 2, or of higher degree), ``"Strassen's equation (three quadratic
    outputs)"`` (a two-layer piece n-k-m, squares, m >= 3, n even,
    n < k <= (3n - 2)/2: a hypersurface, see ``_strassen_applies``),
    ``"relations among the first layer's outputs"`` (see there),
    ``"defective piece SPEC"`` (from ``known``).

    Examples
    --------
    >>> dense_dimension_bound([2, 1, 2, 1], 2)      # width-one bottleneck
    (2, ('bottleneck at layer 1',))
    >>> dense_dimension_bound([3, 2, 1], 2)          # ternary quadrics of rank <= 2
    (5, ('sums of squares (last layer)',))
    >>> dense_dimension_bound([3, 4, 2, 1], 2)[0]    # q1^2 + q2^2 = (q1 + i q2)(q1 - i q2)
    11
    >>> dense_dimension_bound([4, 5, 3], 2)          # three quaternary quadrics, one 5-term decomposition
    (29, ("Strassen's equation (three quadratic outputs)",))
    """
    widths = tuple(int(w) for w in widths)
    degs = tuple(_degrees(list(widths), r))
    if known:
        known = {k: v for k, v in known.items() if k != (widths, degs)}
    return _bound(widths, degs, known, not rescalings_only)


def dense_bound_pieces(widths, r) -> list:
    """The smaller networks ``(widths, degrees)`` whose bounds enter :func:`dense_dimension_bound`
    (heads, tails and the GL_k tails of every factorization, recursively; single linear layers left out),
    smallest first: a certified dimension of any of them, passed as ``known``, can only lower the bound.

    Examples
    --------
    >>> dense_bound_pieces([3, 5, 2, 1], 3)
    [((2, 2, 1), (3,)), ((5, 2, 1), (3,)), ((3, 5, 2), (3,))]
    """
    widths = tuple(int(w) for w in widths)
    degs = tuple(_degrees(list(widths), r))
    seen = {}

    def rec(w, d):
        if (w, d) not in seen:
            seen[(w, d)] = _bound_step(w, d, rec, None, True)
        return seen[(w, d)]

    rec(widths, degs)
    pieces = [k for k in seen if k != (widths, degs) and len(k[0]) > 2]
    return sorted(pieces, key=lambda k: (sum(a * b for a, b in zip(k[0], k[0][1:])), k))


def dense_output_rank(widths, r) -> tuple:
    """Lower bounds (span, independent) for the outputs of a generic x^r
    network d_0..d_L with a linear last layer: the dimension of the span of
    its d_L output polynomials, and how many of them are algebraically
    independent.

    Derivation: generic rank only drops under specialization. Layer 1 gives
    min(d_1, d_0) independent linear forms. If a layer's outputs contain a
    algebraically independent forms u_1..u_a, specializing the next layer's
    inputs into span(u) makes their r-th powers the image of r-th powers of
    linear forms in a variables (an injective substitution): they span
    min(width, binom(a + r - 1, r)) dimensions, and u_1^r, .., u_a^r stay
    independent. Generic linear combinations keep both counts (up to the width).

    Examples
    --------
    >>> dense_output_rank([3, 4, 2], 2)     # two quadrics from four squares of ternary linear forms
    (2, 2)
    >>> dense_output_rank([3, 1, 2], 2)     # both outputs are multiples of one square
    (1, 1)
    """
    widths = [int(w) for w in widths]
    degs = _degrees(widths, r) if len(widths) > 2 else []
    span = indep = min(widths[0], widths[1])
    for l in range(2, len(widths)):
        prev, rr = widths[l - 1], degs[l - 2]
        span = min(widths[l], prev, comb(indep + rr - 1, rr))
        indep = min(widths[l], indep)
    return span, indep


def _bound(w, d, known=None, secants=True):
    if not known:
        return _bound_cached(w, d, secants)
    memo = {}

    def rec(w, d):
        if (w, d) not in memo:
            memo[(w, d)] = _bound_step(w, d, rec, known, secants)
        return memo[(w, d)]

    return rec(w, d)


def _cache(fn):
    from functools import lru_cache

    return lru_cache(maxsize=4096)(fn)


@_cache
def _bound_cached(w, d, secants):
    return _bound_step(w, d, lambda w2, d2: _bound_cached(w2, d2, secants), None, secants)


def _spec_text(w, d) -> str:
    return f"dense {'-'.join(map(str, w))}" + (f" r={','.join(map(str, d))}" if d else "")


def _bound_step(w, d, rec, known, secants):
    """One step of the recursion of :func:`dense_dimension_bound` (``rec`` bounds the pieces)."""
    if known and (w, d) in known:
        v = known[(w, d)]
        if v < _bound_step(w, d, rec, None, secants)[0]:
            return v, (f"defective piece {_spec_text(w, d)}",)
    if len(w) == 2:
        return w[0] * w[1], ("count",)
    if len(w) == 3 and secants and _strassen_applies(w, d):
        v = dense_ambient_dimension(list(w), list(d)) - 1
        if v < dense_expected_dimension(list(w), list(d)):
            return v, ("Strassen's equation (three quadratic outputs)",)
    if len(w) == 3 and w[2] == 1 and secants:
        v = veronese_secant_dimension(w[0], d[0], w[1])
        if v < dense_expected_dimension(list(w), list(d)):
            return v, ("sums of squares (last layer)" if d[0] == 2 else "Alexander-Hirschowitz (last layer)",)
        return v, ("count",)
    best = (dense_expected_dimension(list(w), list(d)), ("count",))
    for l in range(1, len(w) - 1):
        k = w[l]
        head = rec(w[:l + 1], d[:l - 1])
        tail = rec(w[l:], d[l:])
        v = head[0] + tail[0] - k
        if v < best[0]:
            best = (v, _merge(head[1], tail[1], f"bottleneck at layer {l}"))
        if secants and l == 1:
            v = _first_layer_relations(w, d, tail[0])
            if v is not None and v < best[0]:
                best = (v, _merge(head[1], tail[1], "relations among the first layer's outputs"))
        if secants and (k,) + w[l:] != w and dense_output_rank(w[:l + 1], d[:l - 1])[0] == k:
            square = rec((k,) + w[l:], d[l - 1:])
            v = head[0] + square[0] - k * k
            if v < best[0]:
                why = f"function of the outputs of layer {l}"
                if l == len(w) - 2 and w[-1] == 1 and d[-1] == 2:
                    why = f"quadratic form in the outputs of layer {l}"
                best = (v, _merge(head[1], tuple(x for x in square[1] if not x.startswith("sums of squares")), why))
    return best


def _first_layer_relations(w, d, tail_bound):
    """The bound of a network d_0 - (d_0 + 1) - ... whose tail fills its ambient space, or None.

    The first layer's outputs u_i = l_i^r (i = 1..d_0 + 1, r = d[0]) are d_0 + 1 powers of linear forms in d_0
    variables: their image is a hypersurface, of degree e <= r^(d_0 - 1) (the image of P^(d_0 - 1) under forms
    of degree r; degree of the image times degree of the map = r^(d_0 - 1)). The tail's outputs are forms of
    degree D = prod(d[1:]) in u; when D >= e, adding to an output any multiple of the hypersurface's equation
    (binom(D - e + d_0, d_0) independent ones, a space no smaller for a smaller e) does not change the network,
    and these directions move no head parameter, so they are independent of the d_0 + 1 rescalings. When the
    tail's neuromanifold is its whole ambient space these moves stay in it, and
    dim <= d_0 (d_0 + 1) + (tail's ambient) - d_L binom(D - e + d_0, d_0) - (d_0 + 1).
    Example: dense 2-3-5-5-2 r=4,2,2 (three binary quartics on a plane quartic; pairs of ternary quartics):
    6 + 30 - 2 - 3 = 31.
    """
    d0, k = w[0], w[1]
    if k != d0 + 1 or len(w) < 4:
        return None
    D, e = prod(d[1:]), d[0] ** (d0 - 1)
    amb = dense_ambient_dimension(list(w[1:]), list(d[1:]))
    if D < e or tail_bound != amb:
        return None
    return d0 * k + amb - w[-1] * comb(D - e + d0, d0) - k


def _strassen_applies(w, d) -> bool:
    """n-k-m with squares, m >= 3 outputs, n even and n < k <= (3n - 2)/2: Strassen's equation cuts M.

    The first three outputs are three quadratic forms sum_i c_ji l_i^2 (j = 1, 2, 3): a tensor of rank <= k
    in C^3 x C^n x C^n with symmetric slices A_1, A_2, A_3. By Strassen's theorem (V. Strassen, Rank and optimal
    computation of generic tensors, Linear Algebra Appl. 52/53 (1983); J. M. Landsberg, Tensors: Geometry and
    Applications, Sect. 3.8) a tensor of border rank <= k has rank(A_1 A_2^-1 A_3 - A_3 A_2^-1 A_1) <= 2(k - n).
    For symmetric slices that matrix is skew-symmetric, so when 2(k - n) <= n - 2 its Pfaffian (times a power of
    det A_2) vanishes on M. It does not vanish on all triples (A_2 = I, A_1 = diag(a) with distinct a_i, A_3
    generic give the skew matrix ((a_i - a_j) b_ij), whose entries are independent), so M lies in a
    hypersurface of the ambient space: dim M <= ambient - 1.
    """
    n, k, m = w
    return d[0] == 2 and m >= 3 and n % 2 == 0 and n < k and 2 * (k - n) <= n - 2


def _merge(a, b, why):
    out = [x for x in a + b + (why,) if x != "count"]
    return tuple(dict.fromkeys(out))


# (number of variables n+1, degree d, rank k) for the exceptions (n, d, k) = (2, 4, 5), (3, 4, 9),
# (4, 4, 14), (4, 3, 7) of the Alexander-Hirschowitz theorem
_AH_SPORADIC = {(3, 4, 5), (4, 4, 9), (5, 4, 14), (5, 3, 7)}


def veronese_secant_dimension(nvars: int, degree: int, rank: int) -> int:
    """Affine dimension of the rank-th secant of the degree-th Veronese of
    P^(nvars-1) (sums of ``rank`` powers of linear forms), by the
    Alexander–Hirschowitz theorem.

    Source: Alexander–Hirschowitz, *J. Algebraic Geom.* 4 (1995); the
    statement as in Brambilla–Ottaviani, arXiv:math/0701409.

    Examples
    --------
    >>> veronese_secant_dimension(3, 2, 2)   # rank <= 2 symmetric 3x3: 5
    5
    >>> veronese_secant_dimension(3, 4, 5)   # sporadic defective case
    14
    """
    amb = comb(nvars + degree - 1, degree)
    if degree == 1:
        return min(nvars, amb) if rank >= 1 else 0
    if degree == 2:
        k = min(rank, nvars)
        return k * nvars - k * (k - 1) // 2
    expected = min(rank * nvars, amb)
    if (nvars, degree, rank) in _AH_SPORADIC:
        return expected - 1
    return expected


def alexander_hirschowitz_defective(nvars: int, degree: int, rank: int) -> bool:
    """True when sums of ``rank`` degree-th powers in ``nvars`` variables
    are defective (Alexander–Hirschowitz).

    Examples
    --------
    >>> alexander_hirschowitz_defective(3, 2, 2), alexander_hirschowitz_defective(3, 3, 2)
    (True, False)
    """
    amb = comb(nvars + degree - 1, degree)
    return veronese_secant_dimension(nvars, degree, rank) < min(rank * nvars, amb)


def attention_dimension(d: int, a: int, dout: int | None = None, layers: int = 1) -> int:
    """Dimension of lightning self-attention neuromanifolds.

    Single layer (a <= d, t >= 2): 2ad + d d' - a^2 - 1.  Deep (all widths
    d): l(a(2d-a) + d^2) - (l-1) d^2 - l.
    Source: Henry–Marchetti–Kohn (2025), arXiv:2408.17221, Thms. 3.3, 4.2.

    Examples
    --------
    >>> attention_dimension(2, 2, 1)
    5
    """
    if layers == 1:
        dout = d if dout is None else dout
        return 2 * a * d + d * dout - a * a - 1
    return layers * (a * (2 * d - a) + d * d) - (layers - 1) * d * d - layers


def attention_dimension_widths(widths, a) -> int:
    """Deep lightning self-attention with widths d_0, ..., d_l and attention
    ranks a_1, ..., a_l (a_i <= d_(i-1)), under the paper's bottleneck
    assumptions: sum_i [a_i (2 d_(i-1) - a_i) + d_i d_(i-1)] - sum_(i=1)^(l-1) d_i^2 - l.

    Source: Henry–Marchetti–Kohn (2025), arXiv:2408.17221 (deep networks
    with varying widths). Outside its assumptions the count can be wrong:
    a widening hidden layer (d_i > d_(i-1), 0 < i < l), or a rank-one layer
    followed by a higher rank (see
    :meth:`algnet.architectures.attention.AttentionNetwork.expected_dimension`,
    which applies it only where it holds).

    Examples
    --------
    >>> attention_dimension_widths([2, 2, 2], [2, 2]) == attention_dimension(2, 2, 2, 2)
    True
    """
    d = [int(w) for w in widths]
    a = [int(x) for x in a]
    if len(a) != len(d) - 1:
        raise NotApplicableError(f"{len(a)} attention ranks for {len(d) - 1} layers", hint="one rank per layer")
    l = len(a)
    total = sum(a[i] * (2 * d[i] - a[i]) + d[i + 1] * d[i] for i in range(l))
    return total - sum(w * w for w in d[1:-1]) - l


def gconv_dimension(order: int, layers: int) -> int:
    """Group-convolutional networks over a finite group of the given order,
    L layers, monomial activation: L(|G| - 1) + 1.

    Source: Hendi–Persson–Larfors, arXiv:2603.29566.

    Examples
    --------
    >>> gconv_dimension(5, 2)
    9
    """
    return layers * (order - 1) + 1


# The convolutional and ReLU formulas live in their own modules (one concern per module); importable from here
# as before.
from algnet.formulas_conv import (  # noqa: E402
    conv_degree,
    conv_dimension,
    conv_effective_strides,
    conv_input_length,
    conv_output_lengths,
)
from algnet.formulas_relu import (  # noqa: E402
    montufar_lower_bound,
    relu_dimension_bound,
    relu_parameter_count,
    zaslavsky_regions,
)
