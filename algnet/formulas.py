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
>>> conv_degree([2, 2], 2)
4
"""

from __future__ import annotations

from math import comb, factorial, floor, prod

from algnet.errors import NotApplicableError

__all__ = [
    "determinantal_dimension",
    "determinantal_degree",
    "determinantal_minors_count",
    "eckart_young_ed_degree",
    "dense_expected_dimension",
    "dense_ambient_dimension",
    "dense_bottleneck_dimension",
    "attention_dimension_widths",
    "gconv_dimension",
    "alexander_hirschowitz_defective",
    "veronese_secant_dimension",
    "conv_dimension",
    "conv_degree",
    "conv_input_length",
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
    """The expected dimension of an x^r network bounded by its narrow layers.

    A hidden layer l that has width one or is narrower than its successor
    factors the network as g o h, h the network d_0..d_l (last layer linear)
    and g the tail y -> W_L s(... s(W_(l+1) s(y))). Rescaling the d_l
    neurons, (h, g) -> (D h, g o D^-1), leaves g o h unchanged, so

        dim <= E(d_0..d_l) + min(tail parameters - tail hidden widths,
                                 d_L * binom(d_l + R - 1, R)) - d_l,

    R the tail's degree, E this same bound for the head (recursively). The
    result is the minimum of that and :func:`dense_expected_dimension`; it
    equals the Kileel–Trager–Bruna count when no layer is narrow.

    Examples
    --------
    >>> dense_expected_dimension([2, 1, 2, 1], 2), dense_bottleneck_dimension([2, 1, 2, 1], 2)
    (3, 2)
    >>> dense_bottleneck_dimension([3, 3, 2], 2) == dense_expected_dimension([3, 3, 2], 2)
    True
    """
    widths = [int(w) for w in widths]
    degs = _degrees(widths, r)
    best = dense_expected_dimension(widths, degs)
    for l in range(1, len(widths) - 1):
        if not (widths[l] == 1 or widths[l] < widths[l + 1]):
            continue
        head = widths[:l + 1]
        if len(head) > 2:
            e_head = dense_bottleneck_dimension(head, degs[:l - 1])
        else:  # a single linear layer: all linear maps
            e_head = head[0] * head[1]
        tail = widths[l:]
        deg = prod(degs[l - 1:])
        t_params = sum(tail[i] * tail[i + 1] for i in range(len(tail) - 1)) - sum(tail[1:-1])
        t_amb = tail[-1] * comb(tail[0] + deg - 1, deg)
        best = min(best, e_head + min(t_params, t_amb) - widths[l])
    return best


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


def conv_input_length(kernel_sizes, strides=None) -> int:
    """Input length forced by single-output valid convolutions.

    d_(l-1) = s_l (d_l - 1) + k_l with d_L = 1 (layer 1 at the input).

    Examples
    --------
    >>> conv_input_length([2, 3])
    4
    >>> conv_input_length([2, 2], [2, 1])
    4
    """
    ks = list(kernel_sizes)
    ss = list(strides) if strides is not None else [1] * len(ks)
    d = 1
    for k, s in zip(reversed(ks), reversed(ss)):
        d = s * (d - 1) + k
    return d


def conv_dimension(kernel_sizes) -> int:
    """|k| - L + 1 for polynomial convolutional networks, r > 1.

    Source: Shahverdi–Marchetti–Kohn (2025), arXiv:2410.00722, Thm. 2.4.

    Examples
    --------
    >>> conv_dimension([2, 2])
    3
    """
    ks = list(kernel_sizes)
    return sum(ks) - len(ks) + 1


def conv_degree(kernel_sizes, r: int) -> int:
    """(|k|-L)! prod_j r^((L-j)(k_j-1)) / (k_j-1)! (stride 1, r > 1).

    Source: Shahverdi–Marchetti–Kohn (2025), arXiv:2410.00722, Thm. 2.8.

    Examples
    --------
    >>> conv_degree([2, 2], 2), conv_degree([3, 3], 2)
    (4, 24)
    """
    if r <= 1:
        raise NotApplicableError("the convolutional degree formula needs r > 1",
                                 hint="for r = 1 the parametrization is not birational")
    ks = list(kernel_sizes)
    L = len(ks)
    num = factorial(sum(ks) - L)
    den = 1
    for j, k in enumerate(ks, start=1):
        num *= r ** ((L - j) * (k - 1))
        den *= factorial(k - 1)
    return num // den


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
    with varying widths). Outside its assumptions the count can be wrong.

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


def relu_parameter_count(widths) -> int:
    """D = sum n_l (n_(l-1) + 1) for a ReLU network with biases.

    Examples
    --------
    >>> relu_parameter_count([2, 5, 3, 3])
    45
    """
    w = list(widths)
    return sum(w[i + 1] * (w[i] + 1) for i in range(len(w) - 1))


def relu_dimension_bound(widths) -> int:
    """D' = D - sum of hidden widths (Grigsby–Lindsey–Meyerhoff–Wu 2022,
    arXiv:2209.04036, Thm. 7.1).

    Examples
    --------
    >>> relu_dimension_bound([2, 5, 3, 3])
    37
    """
    w = list(widths)
    return relu_parameter_count(w) - sum(w[1:-1])


def zaslavsky_regions(n_hyperplanes: int, dim: int) -> int:
    """Regions of a generic arrangement: sum_{j<=dim} binom(n, j) (Zaslavsky 1975).

    Examples
    --------
    >>> zaslavsky_regions(3, 2)
    7
    """
    return sum(comb(n_hyperplanes, j) for j in range(dim + 1))


def montufar_lower_bound(widths) -> int:
    """(prod_{i<L} floor(n_i/n_0)^n_0) * sum_{j<=n_0} binom(n_L, j), with
    n_L the last hidden width (Montúfar–Pascanu–Cho–Bengio 2014, Thm. 4).

    ``widths`` are (n_0, n_1, ..., n_L) input and hidden widths (no output).

    Examples
    --------
    >>> montufar_lower_bound([1, 2, 2])
    6
    """
    w = list(widths)
    n0 = w[0]
    hidden = w[1:]
    factor = prod(floor(n / n0) ** n0 for n in hidden[:-1])
    return factor * zaslavsky_regions(hidden[-1], n0)
