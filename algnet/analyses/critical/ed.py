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
  Ottaviani's count again (:meth:`~algnet.Network.rank_one_tensors`; deeper ones, and the Frobenius metric with
  r > 1, are isometric to those tensors only up to weights: no formula claimed);
* dense n-s-1 with t^2 (bias-free): the quadrics sum_i a_i (w_i . x)^2 are the symmetric n x n matrices S of rank
  <= s, and the Bombieri-Weyl norm of x^T S x is the Frobenius norm of S: the symmetric Eckart-Young count
  binom(n, s); generic metric, s = n - 1 (the determinant hypersurface): its dual is the Veronese v_2(P^{n-1}),
  the Chern-class formula (:meth:`~algnet.Network.symmetric_matrices`);
* a layer that multiplies by one scalar (a filter of size 1, a ``Linear(1, 1)``) whose scale a neighbour's weights
  absorb: the count runs on the smaller network with the same neuromanifold
  (:func:`~algnet.architectures.scalar_layers.without_scalar_layers`; ``reduction`` says which), e.g.
  conv k=2,1,2 r=2 on conv k=2,2 r=4 ((c y^2)^2 = c^2 y^4): about 2.2x less CPU with the Frobenius and
  Bombieri-Weyl metrics, a little less with the generic one (count 30 in all);
* generic metric, linear networks with biases: M = M_0 x C^m, the generic ED degree of the bias-free M_0 (the
  biases minimized first leave the Schur complement of Q on M_0: :meth:`~algnet.Network.bias_free_factor`);
* a map of P^1 by forms of one degree (``map s^3; s^2*t; s*t^2; t^3``): 3d + 2g - 2 for its image curve when the
  map is proved an injective immersion (a smooth rational curve, g = 0, d the forms' degree), for the Frobenius
  metric only when the curve meets the isotropic quadric transversally (:mod:`.curve_ed`, which says which
  hypothesis failed otherwise);
* a map of P^2 by forms of one degree d (``map x^2; y^2; z^2; x*y; x*z; y*z``): 7 d^2 - 9 d + 3 for its image
  surface when the map is proved an embedding, for the Frobenius metric only when the surface meets the isotropic
  quadric transversally (:mod:`.surface_ed`); a map of P^1 x P^1 by forms of bidegree (a, b) that span all such
  forms: 14ab - 6(a + b) + 4 (:func:`~.surface_ed.product_formula`).

The maps' hypotheses are proved by exact computation (Groebner bases, 0.1 s to seconds): :func:`ed_formula` runs
that proof only with ``prove=True``, which :func:`ed_degree` passes after its count; the size estimate and the
count's guides read the bound 3d - 2 of a curve (:func:`~.curve_ed.curve_bound`) or nothing.

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
from algnet.analyses.critical.curve_ed import curve_formula, form_degree, product_degrees, proved_later
from algnet.analyses.critical.estimate import guarded
from algnet.analyses.critical.results import EDDegreeResult
from algnet.analyses.critical.solve import critical_points
from algnet.analyses.critical.small import remembered_network
from algnet.errors import ParameterError

__all__ = ["ed_degree", "ed_formula", "METRICS", "formula_field", "formula_known"]

METRICS = ("frobenius", "generic", "bombieri")


def ed_formula(net, metric: str, prove: bool = False):
    """(value, source) of a closed form for the ED degree of ``net``, or (None, reason).

    ``prove``: run the exact proof that a map of P^1 or P^2 by forms (:func:`~.curve_ed.proved_later`) needs before
    its formula is claimed (Groebner bases over QQ, 0.1 s to seconds; :func:`ed_degree` asks for it after its
    count); without it such a map gets ``(None, reason)`` saying so (the size estimate, the count's guides).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ed_formula(parse_spec("linear 4-2-3"), "frobenius")[0]
    3
    >>> ed_formula(parse_spec("conv k=2,2,2 r=2"), "generic")[0]
    404
    >>> ed_formula(parse_spec("map s^3; s^2*t; s*t^2; t^3"), "generic", prove=True)[0]      # twisted cubic: 3d - 2
    7
    >>> ed_formula(parse_spec("map s^3; s^2*t; s*t^2; t^3"), "generic")[0] is None           # not proved here
    True
    """
    if not prove and proved_later(net, metric):
        return None, _LATER
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

#: the reason of :func:`ed_formula` without ``prove`` for a map whose formula needs a proof
_LATER = ("the closed form of a map of P^1 or P^2 by forms is claimed only after an exact proof of its hypotheses, "
          "which runs when the second method is reported (ed_degree; ed_formula(..., prove=True))")


def formula_field(net, metric: str):
    """``[value, source]`` of :func:`ed_formula` for a stored structure's record (:mod:`.structure_store`), or None
    (no network, a network on a subspace of another's parameters, or no closed form that applies).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> formula_field(parse_spec("linear 2-1-2"), "generic")[0]          # the Chern-class formula
    6
    """
    if net is None or (hasattr(net, "basis") and hasattr(net, "parent")):
        return None
    try:
        value, src = ed_formula(net, metric)
        if src is _LATER:       # a map's formula, not proved in a count (its record has none: decided when reported)
            return None
    except Exception:       # noqa: BLE001 -- no field (a loading process evaluates the formula itself): never a
        return None         # failed write of a solved structure
    return [None if value is None else int(value), str(src)]


def formula_known(net, metric: str, field) -> bool:
    """Take :func:`ed_formula` of ``net`` and ``metric`` from a stored structure's record (``field``:
    :func:`formula_field`'s, read back), unless this process has it; whether it was taken. The record's key names
    the network structure, the loss kind (``metric``) and a hash of the sources that include this module, the
    closed forms' (``chern.py``) and the network's class modules (:func:`.structure_store.source_hash`;
    tests/test_structure_formula.py checks that every module a closed form runs is among them): a value computed by
    other code is never read. A field of another shape is not taken (the formula is then computed). (A new process's
    first count of a stored structure: 0.04-0.05 ms.)

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 5-1-5")
    >>> formula_known(net, "generic", [True, "x"]), formula_known(net, "generic", "6")       # not a field: refused
    (False, False)
    """
    # the record's JSON value (not a network): a list [count or None, source text]
    if not (field.__class__ is list and len(field) == 2 and field[1].__class__ is str
            and (field[0] is None or (field[0].__class__ is int and field[0] >= 0))):
        return False
    if hasattr(net, "basis") and hasattr(net, "parent"):
        return False
    key = (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params), metric)
    if key in _FORMULAS:
        return False
    if len(_FORMULAS) > 256:
        _FORMULAS.clear()
    _FORMULAS[key] = (field[0], field[1])
    return True


#: Largest ring (the product of (dim + 1) over the Segre-Veronese factors) in which the Chern-class formula is
#: evaluated: its CPU grows with that product (P^300 x P^300, 90,601 monomials, 4.4 s;
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
        if net.output_degree() <= 1:      # from the architecture: no list of its monomials
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
        if sv is not None and net.segre_veronese_isometric():
            (n, m), (d, _) = sv[0], sv[1]
            return eigenvector_count([n + 1, m + 1], [d, 1]), (
                f"eigenvector pairs of a generic partially symmetric tensor in S^{d}(C^{n + 1}) x C^{m + 1} "
                f"(Friedland-Ottaviani 2014, Thm. 12; DHOST 2016, Sec. 8): P^{n} x P^{m} embedded by O({d}, 1), "
                f"isometric in Bombieri-Weyl coordinates; {sv[2]}")
    if metric == "generic":
        free = net.bias_free_factor()
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
            terms = 1
            for d in dims:
                terms *= d + 1
            if terms > CHERN_TERMS:
                return None, (f"the Chern-class formula's ring has {terms:,} monomials (above {CHERN_TERMS:,}): "
                              f"not evaluated")
            return segre_veronese_ged(dims, degs), (
                f"Chern-class formula (DHOST 2016, Thm. 5.8) for {' x '.join(map('P^{}'.format, dims))} "
                f"embedded by O{tuple(degs)}; {src}{via}")
    curve = curve_formula(net, metric)       # a map of P^1 onto a curve: 3d + 2g - 2 when it is proved smooth
    if curve is not None:
        return curve
    if form_degree(net, 3) is not None:     # a map of P^2 onto a surface: 7d^2 - 9d + 3 when it is proved an embedding
        from algnet.analyses.critical.surface_ed import surface_formula

        surface = surface_formula(net, metric)
        if surface is not None:
            return surface
    if product_degrees(net) is not None:        # a map of P^1 x P^1: the Segre-Veronese formula when proved embedded
        from algnet.analyses.critical.surface_ed import product_formula

        product = product_formula(net, metric)
        if product is not None:
            return product
    sv = segre_veronese_of(net) if metric != "generic" else None
    if sv is not None:
        dims, degs = sv[0], sv[1]
        return None, (f"M is (an image of) {' x '.join(f'P^{d}' for d in dims)} embedded by O{tuple(degs)} ({sv[2]}), "
                      f"but the {metric} metric is not known to algnet to be the Frobenius norm of those tensors: "
                      f"Friedland-Ottaviani's count not claimed (metric='generic': the Chern-class formula)")
    return None, "no closed form known to algnet for this network and metric"


def _tensor_formula(net, metric):
    """(value, source) from the network's :meth:`~algnet.Network.rank_one_tensors` or
    :meth:`~algnet.Network.symmetric_matrices`; (None, reason) where the
    identification with tensors holds only up to weights for ``metric``; None where neither applies."""
    conv = net.rank_one_tensors()
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
    sym = net.symmetric_matrices()
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


#: Largest symbolic expansion (terms, :meth:`~algnet.Network.estimate_terms`) for the exact support of the outputs
SUPPORT_TERMS = 20_000


def _on_support(net):
    """(view of ``net`` whose coordinates are only the monomials its outputs can have, why) when those are at most
    half of :meth:`~algnet.Network.output_monomials` (exact symbolic expansion, at most :data:`SUPPORT_TERMS`
    terms); None otherwise.

    M lies in the coordinate subspace V of those monomials. The Frobenius and Bombieri-Weyl metrics are diagonal in
    the monomial coordinates, so for c in V, |c - u|^2 = |c - u_V|^2 + |u - u_V|^2: the critical points for a
    generic u are those for its projection u_V, a generic target of V. For a generic positive-definite Q,
    minimizing over the complement leaves the Schur complement, a generic form on V. So the ED degree is the same
    in V. Where the time goes without it: ``conv k=2,2,2 s=2,2,1 r=2`` has 330 monomials of degree 4 in 8 inputs
    but its outputs only 38; the gradient system interpolates the coefficients from values at one sample input per
    monomial, and 87% of a run's CPU was the path kernel evaluating it (Bombieri: 21 points found in 63 CPU s, then
    stopped). With this view, 78 CPU s found 64 points (still partial); 405 CPU s failed the trace test at 64 and
    was stopped in a second slice: the count is still open (the generic ED degree 404 bounds it). On conv k=2,2
    s=2,1 r=3 and conv k=2,3 s=2,1 r=2 (Bombieri) the view takes 2.5-2.7x less CPU, with the same counts (6, 4:
    Friedland-Ottaviani's).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> view, why = _on_support(parse_spec("conv k=2,2,2 s=2,2,1 r=2"))
    >>> view.monomial_count(), len(view.output_monomials()), parse_spec("conv k=2,2,2 s=2,2,1 r=2").monomial_count()
    (38, 38, 330)
    >>> _on_support(parse_spec("conv k=2,2 r=2")) is None         # 5 of 6 monomials: not worth it
    True
    """
    if not getattr(net, "polynomial", False) or hasattr(net, "basis") and hasattr(net, "parent"):
        return None
    # remembered per network structure (the expansion is 1-8 ms; a warm count of linear 2-1-2 is about 2 ms), and
    # "no view" also taken from a stored structure's record (:func:`full_support_known`)
    key = _support_key(net)
    if key not in _SUPPORTS:
        if len(_SUPPORTS) > 256:
            _SUPPORTS.clear()
        _SUPPORTS[key] = _support_view(net)
    return _SUPPORTS[key]


_SUPPORTS: dict = {}


def _support_key(net):
    return (type(net).__module__, type(net).__name__, str(net.spec), int(net.n_params))


def full_support_known(net, known: bool | None = None) -> bool:
    """Whether this process knows that :func:`_on_support` gives no view of ``net`` (its outputs have more than half
    the monomials, or no expansion); ``known=True`` records that (from a structure record of
    :mod:`.structure_store`, which notes it when the count that solved the structure had found it, so a later process
    that loads the structure skips the exact expansion: 0.4-0.5 ms of its first count). A wrong note
    could only cost time: the count is the same in either coordinates (:func:`_on_support`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")
    >>> _on_support(net) is None, full_support_known(net)
    (True, True)
    """
    key = _support_key(net)
    if known:
        if len(_SUPPORTS) > 256:
            _SUPPORTS.clear()
        _SUPPORTS.setdefault(key, None)
    return key in _SUPPORTS and _SUPPORTS[key] is None


def _support_view(net):
    import copy

    try:
        # (expand refuses above SUPPORT_TERMS with TooLargeError: its own bound, not computed twice, 0.1-0.2 ms)
        _, polys = net.expand(max_terms=SUPPORT_TERMS)
        full = net.output_monomials()
    except Exception:       # noqa: BLE001 -- no expansion for this network: its full coordinates serve
        return None
    P = int(net.n_params)
    used = {tuple(int(e) for e in exps[P:]) for f in polys for exps in f.to_dict()}
    keep = [m for m in full if tuple(int(e) for e in m) in used]
    if not keep or 2 * len(keep) > len(full) or len(used) != len(keep):
        return None
    view = copy.copy(net)
    view.output_monomials = lambda: list(keep)
    view.monomial_count = lambda: len(keep)
    view.spec = f"{net.spec} [{len(keep)} of {len(full)} monomials]"
    return view, (f"solved in the span of the {len(keep)} of {len(full)} monomials the outputs have (exact "
                  f"expansion): M lies in that coordinate subspace, and the Frobenius and Bombieri-Weyl metrics are "
                  f"diagonal in the monomials (a generic one restricts to a generic one): the same ED degree")


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
    named = hasattr(metric, "lower")        # a name (a matrix given as the metric: no numpy truth test below)
    if not named or metric not in METRICS:
        raise ParameterError(f"unknown metric {metric!r}" if named else
                             f"metric must be one of {', '.join(METRICS)} (got a {type(metric).__name__})",
                             hint="--metric frobenius|generic|bombieri; a quadratic form of your own is a loss: "
                                  "critical_points(net, loss=Q)")
    net = remembered_network(net)
    # the same neuromanifold from fewer layers (algnet.architectures.scalar_layers has the proof); a network that is
    # not a composition of layers (a polynomial map) has no such method
    reduce = getattr(type(net), "without_scalar_layers", None)
    small = reduce(net) if reduce is not None else None
    run = net if small is None else small[0]
    support = _on_support(run)      # M in the span of fewer monomials: the same count in fewer coordinates
    if support is not None:
        run = support[0]

    # the count inside this call's guard: critical_points itself, not its guard again (a nested guarded call is
    # neither checked nor capped, :mod:`.guarded_run`)
    count_points = getattr(critical_points, "__wrapped__", critical_points)

    def solved():
        return count_points(run, loss=metric, seed=seed, certify=certify, spurious=False, strata=False,
                            show_progress=show_progress, options=options, classify=False, method=method)

    if cache is None:       # the store as it is set
        res = solved()
    else:
        with _store().caching(cache):
            res = solved()
    count = res.generic_pure_images      # distinct images of the pure points at the generic target
    # a map's proof runs here, after the count; not after a count stopped by Ctrl-C or its time limit (seconds of
    # Groebner bases past the limit, where the guard interrupts again and the partial count would be lost)
    prove = not res._cut_short()
    value, src = ed_formula(net, metric, prove=prove)
    if src is _LATER:
        src = ("the closed form of this map needs an exact proof (Groebner bases), not run after a count that was "
               "stopped")
    if value is None and small is not None:
        got = ed_formula(run, metric, prove=prove)
        if got[0] is not None:
            value, src = got[0], f"{got[1]} (of '{run.spec}', the same neuromanifold)"
    if value is None:
        value, src = _linear_space(run, res.dimension, (value, src))
    agrees = None if value is None else (value == count)
    reduction = "; ".join(([] if small is None else [f"counted on '{small[0].spec}', the same neuromanifold in the "
                                                     f"same coordinates: {small[1]}"])
                          + ([] if support is None else [support[1]]))
    return EDDegreeResult(net.spec, metric, int(count), value, src, agrees, res, res.seed,
                          time.perf_counter() - t0, reduction)


def _store():
    """The module :mod:`.structure_store` (imported by the first count, not with this module; its functions read as
    its attributes at each call)."""
    got = _LATE.get("store")
    if got is None:
        from algnet.analyses.critical import structure_store as got

        _LATE["store"] = got
    return got


#: modules imported by the first call that needs them (:func:`_store`)
_LATE: dict = {}
