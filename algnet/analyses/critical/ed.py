"""Euclidean distance degrees: the homotopy count, checked against closed forms.

The ED degree of M is the number of complex critical points of l on the
smooth part of M for a generic target: here the number of distinct images
of the pure critical points found by :func:`~.solve.critical_points`
(monodromy, trace test, Krawczyk certification). A closed form, where one is
known, is computed independently as the second method and compared; it is
never returned as the count:

* Frobenius metric, linear networks: Eckart-Young, binom(min(m, n), r);
* generic metric, networks whose neuromanifold is (a linear image of) a
  Segre-Veronese variety: the Chern-class formula (:mod:`.chern`);
* Bombieri-Weyl metric, a Veronese variety (dense d-1-1, powers of one linear form) or the Segre-Veronese
  variety of a vector times a power of a linear form (dense n-1-m, first hidden width one): Friedland-
  Ottaviani's count of eigenvectors of a generic (partially) symmetric tensor (:func:`.chern.eigenvector_count`);
* convolutions whose windows do not overlap (every stride >= its filter size where the layer has more than one
  output): linear ones (r = 1) have the rank-one tensors w_1 (x) ... (x) w_L as coefficients (Frobenius and
  Bombieri-Weyl), two layers with t^r the partially symmetric w_1^r (x) w_2 (Bombieri-Weyl only): Friedland-
  Ottaviani's count again (:func:`non_overlapping_conv`; deeper ones, and the Frobenius metric with r > 1, are
  isometric to those tensors only up to weights: no formula claimed);
* dense n-s-1 with t^2 (bias-free): the quadrics sum_i a_i (w_i . x)^2 are the symmetric n x n matrices S of rank
  <= s, and the Bombieri-Weyl norm of x^T S x is the Frobenius norm of S: the symmetric Eckart-Young count
  binom(n, s); generic metric, s = n - 1 (the determinant hypersurface): its dual is the Veronese v_2(P^{n-1}),
  the Chern-class formula (:func:`sums_of_squares`);
* generic metric, linear networks with biases: M = M_0 x C^m, the generic ED degree of the bias-free M_0 (the
  biases minimized first leave the Schur complement of Q on M_0: ``_without_bias``).

Examples
--------
>>> r = ed_degree("linear 3-1-2", metric="frobenius", seed=0)
>>> r.ed_degree, r.formula, r.agrees
(2, 2, True)
"""

from __future__ import annotations

import math
import time

from algnet.analyses.critical.chern import eigenvector_count, segre_veronese_ged, segre_veronese_of
from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.results import EDDegreeResult
from algnet.analyses.critical.solve import critical_points
from algnet.analyses.critical.small import remembered_network
from algnet.errors import ParameterError

__all__ = ["ed_degree", "ed_formula", "METRICS", "non_overlapping_conv", "sums_of_squares"]

METRICS = ("frobenius", "generic", "bombieri")


def ed_formula(net, metric: str):
    """(value, source) of a closed form for the ED degree of ``net``, or (None, reason).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ed_formula(parse_spec("linear 4-2-3"), "frobenius")[0]
    3
    >>> ed_formula(parse_spec("conv k=2,2,2 r=2"), "generic")[0]
    404
    """
    # a closed form depends on the network structure only: remembered per spec (about 0.2 ms a count otherwise)
    own = not (hasattr(net, "basis") and hasattr(net, "parent"))
    key = (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params), metric)
    if own and key in _FORMULAS:
        return _FORMULAS[key]
    out = _ed_formula(net, metric)
    if own:
        if len(_FORMULAS) > 256:
            _FORMULAS.clear()
        _FORMULAS[key] = out
    return out


_FORMULAS: dict = {}

#: Largest ring (the product of (dim + 1) over the Segre-Veronese factors) in which the Chern-class formula is
#: evaluated: its CPU grows with that product (2026-12-04, load ~2: P^300 x P^300, 90,601 monomials, 4.4 s;
#: (P^6)^8, 5.8 million, 87 s; P^999 x P^999 ran past 25 s inside the size estimate of a count).
CHERN_TERMS = 100_000


def _ed_formula(net, metric):
    if metric == "frobenius":
        got = net.expected_ed_degree()
        if got is not None:
            return got
    special = _tensor_formula(net, metric)
    if special is not None:
        return special
    if metric == "bombieri":
        if max((sum(a) for a in net.output_monomials()), default=0) <= 1:
            value, src = _ed_formula(net, "frobenius")
            return value, (src if value is None else f"{src} (linear outputs: the Bombieri-Weyl metric is Frobenius's)")
        sv = segre_veronese_of(net)
        if sv is not None and len(sv[0]) == 1:
            # one factor: the coefficients of a (w . x)^d are binom(d, alpha) a w^alpha, the Veronese cone in the
            # coordinates where the Bombieri-Weyl metric is the invariant one (a product of factors, a conv
            # network, is a linear image of the Segre-Veronese variety that need not be an isometry)
            (n,), (d,) = sv[0], sv[1]
            return eigenvector_count([n + 1], [d]), (
                f"eigenvectors of a generic symmetric tensor (Friedland-Ottaviani 2014, Thm. 12; DHOST 2016, "
                f"Sec. 8): Veronese v_{d}(P^{n}), ((d-1)^N - 1)/(d - 2) for N = {n + 1} variables; {sv[2]}")
        if sv is not None and _vector_times_power(net, sv):
            (n, m), (d, _) = sv[0], sv[1]
            return eigenvector_count([n + 1, m + 1], [d, 1]), (
                f"eigenvector pairs of a generic partially symmetric tensor in S^{d}(C^{n + 1}) x C^{m + 1} "
                f"(Friedland-Ottaviani 2014, Thm. 12; DHOST 2016, Sec. 8): P^{n} x P^{m} embedded by O({d}, 1), "
                f"isometric in Bombieri-Weyl coordinates; {sv[2]}")
    if metric == "generic":
        free = _without_bias(net)
        if free is not None:
            value, src = _ed_formula(free, metric)
            return value, (src if value is None else
                           f"{src}; with biases M = M_0 x C^m: minimizing over the biases first leaves the Schur "
                           f"complement of Q (generic for generic Q) on M_0 = '{free.spec}'")
        sv, via = segre_veronese_of(net), ""
        if sv is None:      # the dual variety's count: one generic ED degree for both
            sv = net.dual_segre_veronese()
            via = "; a variety and its dual have one generic ED degree (DHOST 2016, Thm. 5.2)"
        if sv is not None:
            dims, degs, src = sv
            terms = math.prod(d + 1 for d in dims)
            if terms > CHERN_TERMS:
                return None, (f"the Chern-class formula's ring has {terms:,} monomials (above {CHERN_TERMS:,}): "
                              f"not evaluated")
            return segre_veronese_ged(dims, degs), (
                f"Chern-class formula (DHOST 2016, Thm. 5.8) for {' x '.join(f'P^{d}' for d in dims)} "
                f"embedded by O{tuple(degs)}; {src}{via}")
    sv = segre_veronese_of(net) if metric != "generic" else None
    if sv is not None:
        dims, degs = sv[0], sv[1]
        return None, (f"M is (an image of) {' x '.join(f'P^{d}' for d in dims)} embedded by O{tuple(degs)} ({sv[2]}), "
                      f"but the {metric} metric is not known to algnet to be the Frobenius norm of those tensors: "
                      f"Friedland-Ottaviani's count not claimed (metric='generic': the Chern-class formula)")
    return None, "no closed form known to algnet for this network and metric"


def _tensor_formula(net, metric):
    """(value, source) from :func:`non_overlapping_conv` or :func:`sums_of_squares`; (None, reason) where the
    identification with tensors holds only up to weights for ``metric``; None where neither applies."""
    conv = non_overlapping_conv(net)
    if conv is not None:
        sizes, degrees, isometric = conv
        if metric == "generic":
            return None         # the Chern-class route (a Segre-Veronese variety, :func:`.chern.segre_veronese_of`)
        shape = " x ".join(f"S^{d}(C^{k})" if d > 1 else f"C^{k}" for k, d in zip(sizes, degrees))
        if metric not in isometric:
            return None, (f"non-overlapping convolution: the coefficients are the rank-one tensors of {shape}, but "
                          f"the {metric} metric is their Frobenius norm only up to weights (Friedland-Ottaviani's "
                          f"count not claimed; isometric for {' and '.join(isometric) or 'no metric here'})")
        return eigenvector_count(sizes, degrees), (
            f"eigenvector tuples of a generic tensor in {shape} (Friedland-Ottaviani 2014, Thm. 12; DHOST 2016, "
            f"Sec. 8): non-overlapping windows, the coefficients are the entries of the rank-one tensor, "
            f"isometric for the {metric} metric")
    sym = sums_of_squares(net)
    if sym is not None and sym[1] >= 2:     # s = 1: the Veronese variety, the routes below
        n, s = sym
        if metric == "bombieri":
            return math.comb(n, min(n, s)), (
                f"symmetric Eckart-Young: binom({n}, {min(n, s)}) (the critical points of |S - U|^2 on symmetric "
                f"rank <= {s} keep {min(n, s)} of the {n} eigenvalues of U; DHOST 2016): x^T S x with the "
                f"Bombieri-Weyl norm is S with the Frobenius norm")
        if metric == "frobenius":
            return None, (f"symmetric {n} x {n} matrices of rank <= {s}, but the Frobenius metric of the "
                          f"coefficients weighs the off-diagonal entries 4 times, not 2: symmetric Eckart-Young "
                          f"not claimed (it holds for metric='bombieri')")
        if metric == "generic" and s == n - 1 and n >= 3:
            return segre_veronese_ged([n - 1], [2]), (
                f"Chern-class formula (DHOST 2016, Thm. 5.8) for the Veronese v_2(P^{n - 1}), the dual of the "
                f"symmetric {n} x {n} matrices of rank <= {s} (the determinant); a variety and its dual have one "
                f"generic ED degree (DHOST 2016, Thm. 5.2)")
    return None


def non_overlapping_conv(net):
    """(filter sizes, degrees, metrics) when ``net`` is a bias-free convolution with t^r whose windows do not
    overlap (stride >= filter size in every layer with more than one output) and its coefficients, up to zeros
    and an isometry for the listed metrics, are the rank-one (partially symmetric) tensors; else None.

    Non-overlapping windows make the index of x in the product w_1[j_1] ... w_L[j_L] injective in (j_1..j_L)
    (x_(j_1 + s_1 j_2 + s_1 s_2 j_3 + ...)). For r = 1 the coefficients ARE the entries of w_1 (x) ... (x) w_L
    (linear outputs: Frobenius = Bombieri-Weyl). For two layers and t^r, f = sum_j w_2[j] (w_1 . x_(block j))^r on
    disjoint blocks: the coefficient of x^alpha is w_2[j] multinomial(r; alpha) w_1^alpha, and its Bombieri-Weyl
    norm (weights 1 / multinomial) is ``|w_2|^2 |w_1|^(2r)``, the Frobenius norm of w_1^r (x) w_2 in
    S^r(C^k1) (x) C^k2: an isometry, so Friedland-Ottaviani's count is the ED degree. With three or more layers
    and r > 1 the powers mix the blocks (w_3[j] (w_2[0] y_a^2 + w_2[1] y_b^2)^2 has ``|y_a^2 y_b^2|^2 = |w_1|^8 / 6``
    in Bombieri-Weyl, where the tensor's entry counts 2): no metric listed.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> non_overlapping_conv(parse_spec("conv k=2,2 s=2,1 r=2"))
    ((2, 2), (2, 1), ('bombieri',))
    >>> non_overlapping_conv(parse_spec("conv k=2,2,2 s=2,2,1 r=1"))
    ((2, 2, 2), (1, 1, 1), ('frobenius', 'bombieri'))
    >>> non_overlapping_conv(parse_spec("conv k=2,2,2 s=2,2,1 r=2"))[2]      # isometric for no metric
    ()
    >>> non_overlapping_conv(parse_spec("conv k=2,2 r=2")) is None              # overlapping windows
    True
    """
    from algnet.architectures.conv import ConvNetwork
    from algnet.formulas import conv_output_lengths

    if type(net) is not ConvNetwork or net.act is not None:
        return None
    ks, ss = net.kernel_sizes, net.strides
    if any(s < k for s, k, d in zip(ss, ks, conv_output_lengths(ks, ss)) if d > 1):
        return None
    if net.r == 1 or len(ks) == 1:       # linear outputs
        return ks, (1,) * len(ks), ("frobenius", "bombieri")
    if len(ks) == 2:
        return ks, (net.r, 1), ("bombieri",)
    return ks, tuple(net.r ** (len(ks) - 1 - j) for j in range(len(ks))), ()


def sums_of_squares(net):
    """(n, s) when ``net`` is the bias-free dense n-s-1 with t^2: f = sum_i a_i (w_i . x)^2 = x^T S x, S = W^T diag(a)
    W the symmetric n x n matrices of rank <= s. The coefficient of x_i^2 is S_ii (Bombieri-Weyl weight 1), of
    x_i x_j (i < j) 2 S_ij (weight 1/2): the Bombieri-Weyl norm is sum_i S_ii^2 + 2 sum_(i<j) S_ij^2 = ``|S|_F^2``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sums_of_squares(parse_spec("dense 4-2-1 r=2")), sums_of_squares(parse_spec("dense 4-2-1 r=3"))
    ((4, 2), None)
    """
    from algnet.architectures.dense import DenseNetwork

    if (type(net) is not DenseNetwork or net.bias or net.act is not None or len(net.widths) != 3
            or net.widths[2] != 1 or tuple(net.hidden_degrees()) != (2,)):
        return None
    return int(net.widths[0]), int(net.widths[1])


def _without_bias(net):
    """The bias-free linear network of the same widths when ``net`` is a linear network with biases, else None.

    x -> W x + b with W = W_L ... W_1 of rank <= r and b free (b_L is): M = M_0 x C^m. For l(c) = (c - u)^T Q (c - u)
    the biases enter linearly: d l / d b = 0 gives b as an affine function of W, and substituting it leaves
    (W - u_W)^T S (W - u_W) + const with S the Schur complement of the biases' block of Q. Critical points on
    M_0 x C^m and on M_0 (form S, target u_W) correspond one to one, smooth points to smooth points; S is generic
    when Q is, so the generic ED degree is M_0's.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _without_bias(parse_spec("linear 3-1-3 bias")).spec, _without_bias(parse_spec("linear 3-1-3"))
    ('linear 3-1-3', None)
    """
    from algnet.architectures.dense import LinearNetwork

    if type(net) is not LinearNetwork or not net.bias:
        return None
    return LinearNetwork(net.widths)


def _vector_times_power(net, sv) -> bool:
    """True when ``net`` is a bias-free dense network whose first hidden layer has width one (its
    :meth:`~algnet.architectures.dense.DenseNetwork.segre_veronese`): output j is v_j (a . x)^D, its coefficient
    of x^alpha is v_j multinomial(D; alpha) a^alpha, and the Bombieri-Weyl norm (weights 1 / multinomial, the same
    for every output) is |v|^2 |a|^(2D), the Frobenius norm of the tensor a^(x D) (x) v. The coefficient space is
    then isometric to the partially symmetric tensors, M to their rank-one cone, and the Bombieri-Weyl ED degree
    is Friedland-Ottaviani's count. A conv network has a Segre-Veronese of the same shape only as a linear image
    (the filters' product), not an isometric one: False there.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> n, c = parse_spec("dense 3-1-2 r=2"), parse_spec("conv k=2,2 r=2")
    >>> _vector_times_power(n, n.segre_veronese()), _vector_times_power(c, c.segre_veronese())
    (True, False)
    """
    from algnet.architectures.dense import DenseNetwork

    dims, degs = sv[0], sv[1]
    return (type(net) is DenseNetwork and len(dims) == 2 and degs[1] == 1 and degs[0] >= 2
            and not net.bias and net.act is None and net.widths[1] == 1)


#: Largest expansion (terms) for the exact span of M when no closed form is known (:func:`_linear_space`)
LINEAR_SPACE_TERMS = 2_000


def _linear_space(net, dim, otherwise):
    """(1, why) when M is proved to be a linear space (a dominant map, or dim M = dim span M:
    :func:`algnet.analyses.span.linear_space_reason`): a positive-definite quadratic loss (every metric here)
    has exactly one critical point on a linear space, its orthogonal projection of the target. Else ``otherwise``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _linear_space(parse_spec("dense 2-2-1 r=2"), 3, (None, "none"))[0]     # every binary quadric
    1
    >>> _linear_space(parse_spec("linear 2-1-2"), 3, (None, "none"))         # the quadric cone xw = yz
    (None, 'none')
    """
    from algnet.analyses.span import linear_space_reason

    why = linear_space_reason(net, int(dim), max_terms=LINEAR_SPACE_TERMS)
    if why is None:
        return otherwise
    return 1, (f"{why}; a positive-definite quadratic loss has one critical point on a linear space (the "
               "projection of the target)")


@guarded("ED degree", classify=False)
def ed_degree(net, metric: str = "frobenius", seed=None, certify: bool = True, show_progress: bool = False,
              options=None, method: str = "auto", cache=None, force: bool = False,
              time_limit: float | None = None) -> EDDegreeResult:
    """ED degree of the neuromanifold of ``net`` for the Frobenius or a generic metric.

    Parameters
    ----------
    net : Network or str
    metric : {"frobenius", "generic", "bombieri"}
        Q = identity on the function-space coefficients, a random positive-definite Q (the generic ED degree),
        or the Bombieri-Weyl metric (weights 1 / multinomial on the monomial coefficients; :mod:`.loss`).
    seed : int, optional
    certify : bool
    show_progress : bool
    options : MonodromyOptions, optional
    method : {"auto", "monodromy", "total degree"}
        How the gradient system is solved (see :func:`~.solve.critical_points`; ``critical.route`` says
        which ran).
    cache : bool, optional
        Read and write the on-disk store of solved network structures (:mod:`.structure_store`; the warm
        route's generic solutions). False: neither read nor written (a structure is solved in the process).
        None: as :func:`~.structure_store.caching` has set it (on by default).
    force, time_limit
        As for :func:`~.solve.critical_points`: the size estimate (:mod:`~algnet.analyses.critical.estimate`) refuses above the memory
        or the time limit unless ``force``; the run is interrupted at ``time_limit`` (a lower bound, partial).

    Returns
    -------
    EDDegreeResult
        ``ed_degree`` (computed), ``formula`` and ``agrees`` (second method, or None).

    Examples
    --------
    >>> ed_degree("dense 2-1-1 r=2", metric="generic", seed=0).ed_degree    # conic: 3d - 2 = 4
    4
    >>> r = ed_degree("dense 2-1-1 r=2", metric="generic", seed=0, method="monodromy")
    >>> r.ed_degree, r.critical.route
    (4, 'monodromy')
    """
    t0 = time.perf_counter()
    if metric not in METRICS:
        raise ParameterError(f"unknown metric {metric!r}", hint="--metric frobenius|generic|bombieri")
    net = remembered_network(net)
    from algnet.analyses.critical.structure_store import caching, enabled

    with caching(enabled() if cache is None else cache):
        res = critical_points(net, loss=metric, seed=seed, certify=certify, spurious=False, strata=False,
                              show_progress=show_progress, options=options, classify=False, method=method)
    count = res.generic_pure_images      # distinct images of the pure points at the generic target
    value, src = ed_formula(net, metric)
    if value is None:
        value, src = _linear_space(net, res.dimension, (value, src))
    agrees = None if value is None else (value == count)
    return EDDegreeResult(net.spec, metric, int(count), value, src, agrees, res, res.seed,
                          time.perf_counter() - t0)
