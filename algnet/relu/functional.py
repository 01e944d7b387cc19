"""Exact functional dimension of ReLU networks.

The batch functional dimension at theta for inputs Z is the rank of the
Jacobian of E_Z : theta -> (F_theta(z))_(z in Z) (weights and biases). On a fixed
activation region F is polynomial in theta, so at rational theta and z the
Jacobian is a rational matrix; its rank modulo a prime p (denominators
invertible mod p) is a **proved lower bound** of its rank over QQ, because
every nonzero minor mod p lifts to a nonzero rational minor. It is an
equality when it meets an upper bound: D' = D - (number of hidden neurons)
(Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036, Thm. 7.1) or the number of
Jacobian rows; otherwise, for small matrices, the rank is computed exactly
over QQ (flint). If neither applies the result says "lower bound".

The functional dimension is the batch functional dimension of a *decisive*
set: n_0 + 1 affinely independent points in every full-dimensional
activation region (GLMW, Lemma 3.10). When the regions can be enumerated
exactly (input dimension 1 or 2), :func:`functional_dimension` builds that
set from the exact partition of the whole input space; on a 2-D affine slice
of a larger input space it gives the batch functional dimension of points of
every region of the slice, a lower bound (exact when it reaches D').

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("relu 1-2-1")
>>> fd = functional_dimension(net, [1, -1, 0, 1, 1, 1, 0])     # ReLU(x) + ReLU(1 - x)
>>> fd.functional_dimension, fd.bound, fd.certified
(5, 5, True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from math import ceil

import numpy as np

from algnet.architectures.relu import ReluNetwork
from algnet.architectures.spec import parse_spec
from algnet.core.primes import check_primes, default_primes
from algnet.errors import NonSmoothPointError, NotApplicableError, NumericalError, ParameterError
from algnet.relu.fd_estimate import _check_size, estimate_batch_fd  # noqa: F401  (re-exported)
from algnet.relu.decisive import decisive_set, partial_decisive_set, partial_scope  # noqa: F401  (re-exported)
from algnet.relu.kinks import smooth_forward, undefined_fd_error

__all__ = ["BatchFunctionalDimension", "FunctionalDimension", "batch_functional_dimension",
           "functional_dimension", "decisive_set", "float_rank", "estimate_batch_fd"]

EXACT_QQ_LIMIT = 200_000  # rows x columns below which the exact QQ rank is computed when mod-p is inconclusive
# (fraction-free flint fmpz_mat.rank of the integer-scaled Jacobian: ~0.5 s at 410 x 205, measured)


def _rank_qq(net, theta, Z, fp) -> int:
    from algnet.core.matrix import Matrix

    return Matrix(net.integer_jacobian(theta, Z, forward=fp), "QQ").rank()


FLOAT_AUTO_LIMIT = 400_000  # rows x columns below which the float64 SVD comparison runs by default


def _rank_mod_p(J: np.ndarray, p: int) -> int:
    """Rank of an int64 matrix of residues modulo p (the matrix layer: flint or BLAS by size)."""
    from algnet.core.matrix import Matrix

    return Matrix(J, p).rank()


@dataclass(frozen=True)
class BatchFunctionalDimension:
    """Rank of the Jacobian of E_Z at theta.

    ``rank`` is exact when ``certified``; ``lower``/``upper`` are the proved
    bounds; ``method`` says how the rank was certified. ``float_rank`` is the
    numpy SVD rank of the float64 Jacobian with threshold ``float_tol``
    (sigma_max * max(m, n) * eps), shown for comparison only. ``dropped``: inputs where theta -> F_theta(z) is
    not differentiable (with ``on_nonsmooth='drop'``); ``unused_zero_neurons``: inputs where a pre-activation is
    exactly 0 at a neuron whose output F does not see (e.g. a pruned neuron): kept, F is differentiable there
    and the neuron's columns vanish (:mod:`algnet.relu.kinks`).

    Examples
    --------
    F(x) = ReLU(x) + ReLU(1 - x) has breakpoints 0 and 1. One input gives one Jacobian row
    (rank 1); two inputs in each of the three pieces reach D' = 7 - 2 = 5:

    >>> from algnet import parse_spec
    >>> net, theta = parse_spec("relu 1-2-1"), [1, -1, 0, 1, 1, 1, 0]
    >>> one = batch_functional_dimension(net, theta, [[2]])
    >>> one.rank, one.upper, one.certified, one.gap
    (1, 1, True, 4)
    >>> b = batch_functional_dimension(net, theta, [[-1], [-2], ["1/2"], ["1/3"], [2], [3]])
    >>> b.rank, b.bound, b.gap, b.certified, b.float_agrees, b.as_dict()["points"]
    (5, 5, 0, True, True, 6)
    """

    spec: str
    rank: int
    parameters: int
    bound: int
    n_points: int
    n_rows: int
    certified: bool
    method: str
    lower: int
    upper: int
    primes: tuple
    seed: int | None
    dropped: tuple = ()
    float_rank: int | None = None
    float_tol: float | None = None
    seconds: float = 0.0
    reduced_points: int | None = None
    unused_zero_neurons: tuple = ()
    float_note: str = ""

    @property
    def gap(self) -> int:
        """D' - rank."""
        return self.bound - self.rank

    @property
    def evidence(self):
        from algnet.evidence import Evidence

        proves = (f"batch functional dimension = {self.rank}" if self.certified
                  else f"batch functional dimension >= {self.rank} (rank mod p)")
        return Evidence(method=self.method, certified=self.certified, proves=proves, primes=self.primes,
                        seed=self.seed, seconds=self.seconds)

    @property
    def float_agrees(self) -> bool | None:
        return None if self.float_rank is None else self.float_rank == self.rank

    def as_dict(self) -> dict:
        return {"spec": self.spec, "batch_functional_dimension": self.rank, "parameters": self.parameters,
                "bound": self.bound, "gap": self.gap, "points": self.n_points, "rows": self.n_rows,
                "exact": self.certified, "certified": self.certified, "method": self.method,
                "reduced_points": self.reduced_points, "lower": self.lower, "upper": self.upper, "primes": list(self.primes), "seed": self.seed,
                "dropped_nonsmooth": list(self.dropped), "unused_zero_neurons": list(self.unused_zero_neurons),
                "float64_rank": self.float_rank,
                "float64_tol": self.float_tol, **({"float64_note": self.float_note} if self.float_note else {}),
                "seconds": round(self.seconds, 3)}

    def __repr__(self):
        cert = "certified" if self.certified else f"lower bound only (upper bound {self.upper})"
        fl = "" if self.float_rank is None else f"; float64 SVD rank {self.float_rank}"
        return (f"BatchFunctionalDimension({self.spec!r}: rank {self.rank} of D={self.parameters}, D'={self.bound}, "
                f"gap {self.gap}; |Z|={self.n_points}; {cert} by {self.method}; primes {list(self.primes)}{fl})")


@dataclass(frozen=True)
class FunctionalDimension:
    """Functional dimension at theta from a decisive set (or a slice's points).

    Examples
    --------
    With output weights (1, 1), F = ReLU(x) + ReLU(1 - x) attains D' = 5. With output weights
    (1, 0) the second neuron's weight and bias no longer change F: the functional dimension
    drops by one (by hand: 2 for neuron 1 up to rescaling, 1 for its output weight 0, 1 for the output bias):

    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 1-2-1")
    >>> fd = functional_dimension(net, [1, -1, 0, 1, 1, 1, 0])
    >>> fd.functional_dimension, fd.attains_bound, fd.regions, fd.evidence.certified
    (5, True, 3, True)
    >>> low = functional_dimension(net, [1, -1, 0, 1, 1, 0, 0])
    >>> low.functional_dimension, low.gap, low.certified
    (4, 1, True)
    """

    spec: str
    functional_dimension: int
    parameters: int
    bound: int
    certified: bool
    scope: str
    regions: int
    batch: BatchFunctionalDimension
    slice_note: str = ""
    seconds: float = 0.0
    partial: bool = False       # the regions were cut short (time limit): a lower bound unless it reaches D'
    stopped: str = ""           # what cut them short, e.g. 'the time limit of 5 s of CPU'

    @property
    def gap(self) -> int:
        return self.bound - self.functional_dimension

    @property
    def attains_bound(self) -> bool:
        return self.functional_dimension == self.bound

    @property
    def evidence(self):
        from algnet.evidence import Evidence

        proves = (f"functional dimension = {self.functional_dimension} ({self.scope})" if self.certified
                  else f"functional dimension >= {self.functional_dimension} ({self.scope})")
        return Evidence(method=self.batch.method, certified=self.certified, proves=proves, primes=self.batch.primes,
                        seed=self.batch.seed, seconds=self.seconds, partial=self.partial and not self.certified)

    def as_dict(self) -> dict:
        d = {"spec": self.spec, "functional_dimension": self.functional_dimension, "parameters": self.parameters,
             "bound": self.bound, "gap": self.gap, "exact": self.certified, "scope": self.scope,
             "regions": self.regions, "slice": self.slice_note, "seconds": round(self.seconds, 3),
             "partial": self.partial, "partial_reason": f"stopped at {self.stopped}" if self.partial else None}
        d["batch"] = self.batch.as_dict()
        return d

    def __repr__(self):
        return (f"FunctionalDimension({self.spec!r}: {self.functional_dimension} (D={self.parameters}, D'={self.bound}); "
                f"{'exact' if self.certified else 'lower bound'}; {self.scope}; {self.regions} regions, "
                f"{self.batch.n_points} points; {self.batch.method})")


def _primes_for(dens, count: int, primes=None) -> tuple:
    if primes is not None:    # any prime serves: a rank mod p is a lower bound of the rank over QQ
        ps = tuple(check_primes(primes, minimum=2))
        for p in ps:
            for d in dens:
                if d % p == 0:
                    raise ParameterError(f"the prime {p} divides a denominator of theta or Z", hint="choose other primes")
        return ps
    out = []
    for p in default_primes(count + 8):
        if all(d % p for d in dens):
            out.append(p)
        if len(out) == count:
            break
    return tuple(out)


def _sub(fp, keep):
    from algnet.architectures.relu import ForwardPass

    return ForwardPass(fp.outputs[keep], tuple(P[keep] for P in fp.patterns), ())


def _affine_reduction(Z, fp) -> list[int]:
    """Indices of a subset of Z with the same Jacobian rank: per activation
    pattern, a maximal affinely independent set of its inputs.

    On one activation region the Jacobian row of E_z is an affine function
    of z, so the row of any input is an affine combination of the rows of
    affinely independent inputs of the same region spanning its affine hull.
    """
    from algnet.core.linalg import rank_qq

    n0 = Z.shape[1]
    groups = {}
    for i, pat in enumerate(fp.pattern_strings()):
        groups.setdefault(pat, []).append(i)
    keep = []
    for idx in groups.values():
        chosen = [idx[0]]
        base = Z[idx[0]]
        for i in idx[1:]:
            if len(chosen) == n0 + 1:
                break
            M = [[a - b for a, b in zip(Z[j], base)] for j in chosen[1:] + [i]]
            if rank_qq(M) == len(M):
                chosen.append(i)
        keep += chosen
    return sorted(keep)


def float_rank(J) -> tuple[int, float]:
    """numpy's SVD rank of a float64 matrix and the threshold it used.

    Examples
    --------
    >>> float_rank(np.array([[1.0, 1.0], [1.0, 1.0 + 1e-17]]))[0]
    1
    """
    from algnet.core.matrix import Matrix

    return Matrix(np.asarray(J, dtype=float), "RR").numerical_rank()


def batch_functional_dimension(net, theta=None, Z=None, *, batch: int | None = None, seed=None, primes=None,
                               on_nonsmooth: str = "raise", exact: str = "auto", float_check: bool | None = None,
                               force: bool = False, time_limit: float | None = None) -> BatchFunctionalDimension:
    """Exact rank of the Jacobian of E_Z at theta (weights and biases).

    Parameters
    ----------
    net : ReluNetwork or spec; or an imported model (PLModel, torch module) with ``theta`` None: a Linear/ReLU MLP
        by its network, any other by :func:`~algnet.relu.model_fd.model_batch_fd` (a ``ModelBatchFD``; its
        ``exact`` 'always' is 'auto' there; ``float_check`` None is True)
    theta : rational parameters (floats are converted exactly)
    Z : inputs (rows), optional
        Default: ``batch`` random rational inputs from ``seed`` (the grid of
        step 2^-9 in [-2, 2]^n_0); ``batch`` defaults to 2 ceil(D / n_out).
    primes : primes for the modular ranks (default: one prime < 2^28 not
        dividing any denominator; more primes can only raise the lower bound)
    on_nonsmooth : 'raise' (NonSmoothPointError) or 'drop' (leave such inputs
        out and list them in ``dropped``)
    exact : 'auto' (exact QQ rank of small matrices when the modular rank
        does not meet an upper bound), 'always', or 'never'
    float_check : also compute numpy's float64 SVD rank for comparison
        (default: when the Jacobian has at most 400 000 entries)
    force : run even when the estimate (:func:`algnet.guards_fd.estimate_fd`) exceeds the memory limit or
        the default budget of CPU seconds (not a ``time_limit`` given: the rank cannot stop midway)
    time_limit : CPU seconds; refuse when the estimated time is larger, forced or not (default: the
        budget :data:`algnet.guards.DEFAULT_BUDGET`, which ``force`` lifts)

    Returns
    -------
    BatchFunctionalDimension

    Raises
    ------
    TooLargeError
        Before any work, when the estimated memory exceeds :func:`algnet.guards.memory_limit` or the
        estimated CPU time the default budget, unless ``force``; or the estimated time ``time_limit``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3-1")
    >>> r = batch_functional_dimension(net, net.random_params(seed=1), seed=2)
    >>> r.rank <= r.bound == 10, r.certified
    (True, True)
    >>> batch_functional_dimension(net, [1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0], [[0, 1]])
    Traceback (most recent call last):
    ...
    algnet.errors.NonSmoothPointError: relu 2-3-1: theta -> F_theta(z) is not differentiable at 1 input(s) (first: sample 0, where neuron 1 of hidden layer 1 has pre-activation exactly 0 and its output reaches F)
      hint: ...
    """
    t0 = time.perf_counter()
    if theta is None:           # an imported model carries its weights (a PLModel was 'expected a spec string')
        net = _imported(net)
        if _needs_model_route(net):
            from algnet.relu.model_fd import model_batch_fd

            if Z is None:
                Z = net.random_inputs(batch or 2 * ceil(net.n_params / net.output_size),
                                      seed=int(np.random.SeedSequence().entropy % 2**32) if seed is None else seed)
            return model_batch_fd(net, Z, primes=primes, on_nonsmooth=on_nonsmooth, force=force,
                                  float_check=float_check is not False, time_limit=time_limit,
                                  exact="never" if exact == "never" else "auto")
        net, theta = _model_network(net)
    net = parse_spec(net)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: the functional dimension here is for ReLU networks",
                                 hint="for polynomial networks use algnet.dimension(net)")
    if on_nonsmooth not in ("raise", "drop"):
        raise ParameterError(f"on_nonsmooth={on_nonsmooth!r}", hint="'raise' or 'drop'")
    if exact not in ("auto", "always", "never"):
        raise ParameterError(f"exact={exact!r} is not one of 'auto', 'always', 'never'",
                             hint="exact='always' certifies by an exact rank over QQ (CLI: --exact always)")
    from algnet.guards import check_time_limit

    time_limit = check_time_limit(time_limit)
    D, Dp, nout = net.n_params, net.dimension_bound, net.widths[-1]
    if batch is not None and (isinstance(batch, bool) or int(batch) != batch or batch < 1):
        raise ParameterError(f"batch={batch!r}", hint="a positive number of inputs")
    if Z is not None and len(Z) == 0:
        # never a batch of 0 for the guards ("batch=0 must be a positive integer" named an option nobody gave)
        raise ParameterError(f"{net.spec}: no inputs given (Z is empty)",
                             hint="at least one input z, or Z=None for batch= random inputs")
    K = (batch if batch is not None else 2 * ceil(D / nout)) if Z is None else len(Z)
    _check_size(net, K, force, time_limit)
    theta = net.rational_params(theta)
    if Z is None:
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % 2**32)
        Z = net.random_inputs(K, seed=seed)
    from algnet.relu.data import check_finite_points

    check_finite_points(Z, "input", width=net.widths[0])     # named as inputs (the exact reader says "weight")
    Zr = net._rational_inputs(Z)
    fp = net.forward_exact(theta, Zr)
    dropped = ()
    unused = fp.nonsmooth      # a zero pre-activation at a neuron the output does not see: differentiable there
    fp, kinks = smooth_forward(net, theta, fp)
    unused = tuple(i for i in unused if i not in kinks)
    if fp.nonsmooth:
        if on_nonsmooth == "raise":
            s0 = fp.nonsmooth[0]
            l0, k0 = kinks[s0][0]
            raise NonSmoothPointError(
                f"{net.spec}: theta -> F_theta(z) is not differentiable at {len(fp.nonsmooth)} input(s) (first: "
                f"sample {s0}, where neuron {k0 + 1} of hidden layer {l0} has pre-activation exactly 0 and its "
                "output reaches F)", samples=fp.nonsmooth,
                hint="move the inputs off the bent hyperplanes, or pass on_nonsmooth='drop'")
        dropped = fp.nonsmooth
        keep = [i for i in range(Zr.shape[0]) if i not in set(dropped)]
        Zr = Zr[keep]
        fp = _sub(fp, keep)
    n_given = Zr.shape[0]
    Zfull = Zr
    keep = _affine_reduction(Zr, fp)
    if len(keep) < Zr.shape[0]:
        Zr = Zr[keep]
        fp = _sub(fp, keep)
    nrows = Zr.shape[0] * nout
    dens = [t.denominator for t in theta] + [v.denominator for v in Zr.ravel()]
    ps = _primes_for(dens, 1, primes)
    upper = min(Dp, nrows, D)
    lower, Dp_note = 0, False
    used = []
    for p in (ps if exact != "always" else ()):
        lower = max(lower, _rank_mod_p(net.jacobian(theta, Zr, p=p, forward=fp), p) if nrows else 0)
        used.append(p)
        if lower == upper:
            break
    if exact != "always" and lower < upper:     # pruned / dead units lower the bound (their columns vanish)
        from algnet.relu.kinks import pruned_bound

        if lower == min(pruned_bound(net, theta, fp), nrows, D) < upper:   # units dead at these inputs too
            upper, Dp_note = lower, True
    if exact == "always":
        rank = _rank_qq(net, theta, Zr, fp) if nrows else 0
        certified, method = True, "exact rank over QQ (flint fmpz_mat, integer-scaled rows)"
        lower = upper = rank
    elif lower == upper:
        certified, method = True, ("rank mod p = D' (upper bound)" if upper == Dp else
                                   "rank mod p = number of rows" if upper == nrows else
                                   f"rank mod p = {lower} = this batch's upper bound (D' = {Dp} lowered by the "
                                   "zero columns of units pruned or inactive at every batch input; FD may be larger)"
                                   if Dp_note else "rank mod p = D")
        rank = lower
    elif exact == "auto" and nrows * D <= EXACT_QQ_LIMIT:
        rank = _rank_qq(net, theta, Zr, fp)
        certified, method = True, "exact rank over QQ (flint fmpz_mat, integer-scaled rows)"
        lower = upper = rank
    else:
        rank, certified, method = lower, False, "rank mod p (proved lower bound; no upper certificate)"
    fr = ft = None
    float_note = ""
    if float_check is None:
        float_check = Zfull.shape[0] * nout * D <= FLOAT_AUTO_LIMIT
    if float_check and Zfull.shape[0]:
        from algnet.core.backends import Complex

        try:
            with np.errstate(over="ignore", invalid="ignore"):
                Jf = net.jacobian(theta, Zfull, backend=Complex())
        except (OverflowError, NumericalError):   # a weight or input beyond float64's range, or an overflow
            Jf = None
        if Jf is not None and np.all(np.isfinite(Jf)):
            fr, ft = float_rank(Jf)
        else:       # the comparison only: the exact rank above never used floats (was: an error, no answer)
            float_note = ("not computed: the float64 Jacobian overflows (entries beyond 1.8e308); the exact rank "
                          "above uses no floats")
    return BatchFunctionalDimension(net.spec, int(rank), D, Dp, int(n_given), nrows, certified, method,
                                    int(lower), int(upper), tuple(used), seed, tuple(dropped), fr, ft,
                                    time.perf_counter() - t0, int(Zr.shape[0]),
                                    tuple(sorted(set(unused) - set(dropped))), float_note)


def functional_dimension(net, theta=None, *, slice=None, primes=None, max_regions: int = 200_000,
                         exact: str = "auto", float_check: bool | None = None, workers: int = 1,
                         force: bool = False, time_limit=None) -> FunctionalDimension:
    """The functional dimension at theta, from a decisive set.

    For input dimension 1 or 2 the whole input space is partitioned exactly
    and the decisive set (n_0 + 1 affinely independent points in every
    region) gives the true functional dimension (the rank there is refused before it starts above the
    memory limit or ``time_limit`` CPU seconds, as in :func:`batch_functional_dimension`). For larger inputs pass a
    2-D :class:`~algnet.relu.regions.Slice`: the result is then the batch
    functional dimension of 3 points in every region of the slice, a lower
    bound of the functional dimension (exact when it reaches D'), and
    ``scope`` says so. ``time_limit`` also stops the region enumeration after that many CPU seconds: the rank at
    the regions finished by then is a lower bound (``partial`` True, ``stopped`` the reason; the scope and the
    evidence say so), exact only when it reaches D'.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-2-1")
    >>> fd = functional_dimension(net, net.random_params(seed=0))
    >>> fd.functional_dimension <= fd.bound == 7, fd.scope
    (True, 'whole input space R^2 (decisive set)')

    An imported model needs no theta (``functional_dimension(model)``): a Linear/ReLU MLP with biases (and no
    shared weights) takes the route above; any other model the torch importer translates (convolutions,
    pooling, PReLU / LeakyReLU, layers without bias, shared weights, ...) is handled by
    :func:`~algnet.relu.model_fd.model_functional_dimension` (its own regions, the same decisive-set argument).
    """
    from algnet.relu.regions import Slice, linear_regions

    t0 = time.perf_counter()
    if theta is None:       # an imported model (from_torch_model, load_torch_model) carries its weights
        net = _imported(net)
        if _needs_model_route(net):     # not a plain MLP: the model's own Jacobian at its decisive set
            from algnet.relu.model_fd import model_functional_dimension

            return model_functional_dimension(net, slice=slice, primes=primes, max_regions=max_regions,
                                              workers=workers, force=force, exact=exact, time_limit=time_limit)
        net, theta = _model_network(net)
    net = parse_spec(net)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: functional dimension is defined here for ReLU networks",
                                 hint="use a spec like 'relu 2-5-1'")
    n0 = net.widths[0]
    if slice is None and n0 > 2:
        raise NotApplicableError(
            f"{net.spec}: the regions of R^{n0} cannot be enumerated here (only 1-D and 2-D inputs)",
            hint="pass slice=Slice(...) for a lower bound from a 2-D slice, or use batch_functional_dimension")
    whole = slice is None
    sl = slice if slice is not None else Slice.standard(n0)
    part = linear_regions(net, theta, plane=True, slice=sl, max_regions=max_regions, workers=workers,
                          time_limit=time_limit)
    Z = partial_decisive_set(net.spec, part, n0)
    try:
        b = batch_functional_dimension(net, theta, Z, primes=primes, exact=exact, float_check=float_check,
                                       force=force, time_limit=time_limit)
    except NonSmoothPointError as e:
        raise undefined_fd_error(net, theta, Z, e.info.get("samples") or ()) from None
    if whole:
        scope = f"whole input space R^{n0} (decisive set)" if n0 > 1 else "whole input line R (decisive set)"
        certified = b.certified and not part.partial
    else:
        scope = "2-D slice (lower bound of the functional dimension; exact when it reaches D')"
        certified = b.certified and b.rank == b.bound
    scope, certified = partial_scope(part, scope, certified, b.certified and b.rank == b.bound)
    return FunctionalDimension(net.spec, b.rank, b.parameters, b.bound, certified, scope, part.count, b,
                               sl.describe(), time.perf_counter() - t0, part.partial, part.stopped)


def _imported(net):
    """A torch module as its exact model (:func:`~algnet.relu.torch_import.from_torch_model`); anything else as is."""
    if hasattr(net, "named_modules") and hasattr(net, "forward"):
        from algnet.relu.torch_import import from_torch_model

        return from_torch_model(net)
    return net


def _needs_model_route(model) -> bool:
    """Whether an imported model takes :func:`~algnet.relu.model_fd.model_functional_dimension`: every PLModel
    but a Linear/ReLU MLP with a bias in every layer and no shared weights (whose route, and results, are those of
    its ReLU network)."""
    from algnet.relu.model import PLModel

    return isinstance(model, PLModel) and (model.mlp_widths() is None or not model.all_biases or model.shared)


def _model_network(model):
    """(net, theta) of a PLModel that is a Linear/ReLU MLP with biases; a clear error for anything else."""
    from algnet.relu.model import PLModel

    if not isinstance(model, PLModel):
        raise ParameterError(f"no parameters theta for {getattr(model, 'spec', model)!r}",
                             hint="functional_dimension(net, theta), e.g. theta = net.random_params(seed=0)")
    if model.mlp_widths() is None or not model.all_biases:
        raise NotApplicableError(f"{model.spec}: the decisive-set functional dimension needs a Linear/ReLU MLP "
                                 "with a bias in every layer", hint="the batch functional dimension at inputs X: "
                                 "algnet.relu.model_fd.model_batch_fd(model, X) (algnet fd --torch MODEL --data X.npz)")
    return model.to_relu_network()
