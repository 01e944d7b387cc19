"""Batch functional dimension of a piecewise-linear model (any :class:`~algnet.relu.model.PLModel`).

The rank of the Jacobian of theta -> (F_theta(z))_(z in Z) with respect to
the weights and biases of the model's affine nodes (Linear, Conv, folded
BatchNorm; average pools are fixed maps) and the trained slopes of PReLUs; a
parameter used by several nodes (tied weights) is one parameter, its column the
sum of its uses' (:mod:`algnet.relu.model_params`). On the
activation region of each z (patterns decided exactly) F is polynomial in
theta, so the Jacobian at rational theta and z is rational. It is computed
by forward-mode differentiation (one block of parameters at a time) in two
arithmetics: modulo a prime p < 2^26 (its rank is a **proved lower bound**
of the rank over QQ) and in float64 (numpy's SVD rank, shown beside). The
rank is certified when it meets min(rows, parameters) or D', or else by the
exact rank over QQ of the same Jacobian in Fractions when that is small
(:data:`EXACT_QQ_OPS`); plain MLPs take the exact route of
:func:`algnet.relu.batch_functional_dimension`.

The forward-mode Jacobian itself is :mod:`algnet.relu.model_jacobian`, the functional dimension from a decisive set
:mod:`algnet.relu.model_decisive`, the dead / stable units :mod:`algnet.relu.model_activity` (their names are
importable from here too).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, -1]], [0]), ([[2]], ["1/2"])])
>>> r = model_batch_fd(m, [[1, 0], [2, 1], [3, 0], [0, 1]], route="modular")
>>> r.rank, r.parameters, r.float_rank       # the bound D' = 5 - 1 is reached
(4, 5, 4)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from algnet.errors import NonSmoothPointError, ParameterError
from algnet.evidence import Evidence
from algnet.relu.model import fractions_array
from algnet.relu.model_activity import dead_and_stable  # noqa: F401  (its home before)
from algnet.relu.model_decisive import (BATCH_ROUTE_HINT, model_functional_dimension,  # noqa: F401
                                        tied_functional_dimension)
from algnet.relu.model_estimates import estimate_model_fd  # noqa: F401  (its home before; one code path)
from algnet.relu.model_jacobian import _exact_patterns, _jacobian, trainable_nodes  # noqa: F401  (split by concern)

__all__ = ["ModelBatchFD", "model_batch_fd", "estimate_model_fd", "trainable_nodes", "dead_and_stable",
           "model_functional_dimension", "tied_functional_dimension", "BATCH_ROUTE_HINT", "EXACT_QQ_OPS"]

_PRIME_BOUND = 2**26


@dataclass(frozen=True)
class ModelBatchFD:
    """Rank of the batch Jacobian of a PL model.

    ``rank`` (mod p, a proved lower bound of the rank over QQ; exact when
    ``certified``), ``float_rank`` (float64 SVD, for comparison), ``shared`` (tied
    weights: which, and how they are counted; None without), ``bound``
    (D' = D minus the rank of the known symmetries: rescalings of hidden units and conv channels, joint ones of
    branches, channel mixings, moves cancelled before the kinks, moves of PReLU slopes, first-order moves of the
    whole model as one linear system; an upper bound of the functional dimension, see
    :mod:`algnet.relu.symmetries`),
    ``hidden_symmetries``: False when the
    rank reaches D' (proved: no hidden symmetries at theta), None when undecided.

    Examples
    --------
    ReLU(x) + ReLU(y): three independent points in each quadrant reach D' = 9 - 2 (one positive
    rescaling per hidden neuron), so there are no hidden symmetries; points of one quadrant only
    see the affine map there (2 slopes and 1 offset):

    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.model_fd import model_batch_fd
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> Z = [[a * x, b * y] for a in (1, -1) for b in (1, -1) for x, y in ((1, 2), (2, 1), (3, 3))]
    >>> r = model_batch_fd(m, Z, route="modular")
    >>> r.rank, r.bound, r.hidden_symmetries
    (7, 7, False)
    >>> model_batch_fd(m, Z[:3], route="modular").rank       # one affine piece: 3 coefficients
    3
    """

    spec: str
    rank: int
    parameters: int
    n_points: int
    n_rows: int
    certified: bool
    method: str
    primes: tuple
    float_rank: int | None
    bound: int | None
    dropped: tuple
    seconds: float
    shared: str | None = None       # which parameters are shared by several nodes (tied weights), and how counted
    float_note: str = ""            # why float_rank is None although asked (the float64 Jacobian overflowed)

    @property
    def seed(self):
        """None: the inputs were given, nothing was drawn here."""
        return None

    @property
    def hidden_symmetries(self):
        if self.bound is not None and self.rank == self.bound:
            return False
        return None

    @property
    def evidence(self) -> Evidence:
        return Evidence(method=self.method, certified=self.certified,
                        proves=(f"batch functional dimension = {self.rank}" if self.certified
                                else f"batch functional dimension >= {self.rank} (rank mod p)"),
                        probability_bound=None, primes=self.primes, seconds=self.seconds)

    def as_dict(self) -> dict:
        d = {"spec": self.spec, "batch_functional_dimension": self.rank, "parameters": self.parameters,
             "points": self.n_points, "rows": self.n_rows, "float64_rank": self.float_rank, "bound": self.bound,
             "hidden_symmetries": self.hidden_symmetries, "dropped_nonsmooth": list(self.dropped),
             "shared_weights": self.shared}
        if self.float_note:
            d["float64_note"] = self.float_note
        d.update({k: v for k, v in self.evidence.as_dict().items() if k != "depends_on"})
        return d


#: Fraction operations (forward-mode tangents: parameters x rows x multiply-adds of a pass, plus the rank's
#: rows x columns x min) below which :func:`model_batch_fd` certifies a rank that meets no bound by the exact rank
#: over QQ: about 1.3 CPU seconds. Measured on 2 cores, float32-trained torch
#: CNNs Conv1d(1, c, 2, padding=1)-ReLU-MaxPool1d(2)-Linear(c, h)-ReLU-Linear(h, 1) on R^2 at D inputs: c, h = 4, 3
#: (D = 31): 6.7e4 operations, 0.028 s; 8, 6: 1.4e6, 0.53 s; 16, 8: 1.6e7, 7.1 s; 24, 12: 1.2e8, 31.7 s
#: (0.26-0.45 microseconds each).
EXACT_QQ_OPS = 3_000_000


def _exact_ops(model, rows: int, P: int) -> int:
    """Fraction operations of the exact Jacobian and its rank (an upper estimate; see :data:`EXACT_QQ_OPS`).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> _exact_ops(PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]), 12, 9)   # 9*12*6 + 12*9*9
    1620
    """
    from algnet.relu.model_estimates import model_size

    return P * rows * max(1, model_size(model)["macs"]) + rows * P * min(rows, P)


def model_batch_fd(model, Z, *, primes=None, route: str = "auto", on_nonsmooth: str = "drop",
                   float_check: bool = True, force: bool = False, exact: str = "auto",
                   time_limit=None) -> ModelBatchFD:
    """Batch functional dimension of a PL model at the inputs Z (see the module doc).

    Parameters
    ----------
    model : PLModel
    Z : inputs (rows), rationals or floats (converted exactly)
    primes : primes < 2^26 for the modular rank (default: one large prime)
    route : 'auto' (the exact MLP route for plain MLPs, else modular), 'modular'
    on_nonsmooth : 'drop' inputs with an exactly-zero pre-activation or a max-pool tie, or 'raise'
    float_check : also compute the float64 SVD rank
    force : run even when the estimate (:func:`estimate_model_fd`) exceeds the memory limit or the default budget
        of :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds (not a ``time_limit`` given)
    exact : str
        'auto' (default): when the rank mod p meets no upper bound and the Jacobian is small (``EXACT_QQ_OPS``
        Fraction operations), its exact rank over QQ (the same forward-mode Jacobian in Fractions) certifies the
        result; 'never': the rank mod p only
    time_limit : CPU seconds; refused before any work when the estimate is longer (instead of the default budget)

    Returns
    -------
    ModelBatchFD

    Raises
    ------
    TooLargeError
        Before any work, when the estimated memory exceeds :func:`algnet.guards.memory_limit` or the estimated
        CPU time the budget, unless ``force`` (:func:`~algnet.relu.model_estimates.check_model_fd`).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> Z = [[a * x, b * y] for a in (1, -1) for b in (1, -1) for x, y in ((1, 2), (2, 1), (3, 3))]
    >>> model_batch_fd(m, Z, route="modular").rank      # 3 independent points per quadrant: D' = 9 - 2
    7
    """
    from algnet.core.primes import default_primes
    from algnet.relu.functional import _rank_mod_p, float_rank
    from algnet.relu.model_estimates import check_model_fd

    t0 = time.perf_counter()
    if route not in ("auto", "modular"):
        raise ParameterError(f"route={route!r}", hint="'auto' or 'modular'")
    if exact not in ("auto", "never"):
        raise ParameterError(f"exact={exact!r}", hint="'auto' or 'never'")
    if len(Z) == 0:
        raise ParameterError(f"{model.spec}: no inputs given (Z is empty)", hint="at least one data point")
    # the exact MLP route has biases in every layer: a model with a bias-free layer takes the modular route
    # (tied weights too: that route's parameters are one per use)
    mlp = route == "auto" and model.mlp_widths() is not None and model.all_biases and not model.shared
    if not mlp:  # a plain MLP takes the exact route below, which is guarded by its own estimate (check_fd):
        # the forward-mode tangents estimated here are never built there (relu 2-300-300-1 at 50 inputs was
        # refused at "40.4 GiB" and ran in 5 CPU s and 445 MB with force=True)
        check_model_fd(model, len(Z), float_check=float_check, force=force, time_limit=time_limit)
    Zr = fractions_array(np.asarray(Z, dtype=object).reshape(len(Z), -1))
    if mlp:
        from algnet.relu.functional import batch_functional_dimension

        net, theta = model.to_relu_network()
        b = batch_functional_dimension(net, theta, Zr, on_nonsmooth=on_nonsmooth, float_check=float_check,
                                       force=force, time_limit=time_limit)
        return ModelBatchFD(net.spec, b.rank, net.n_params, b.n_points, b.n_rows, b.certified, b.method, b.primes,
                            b.float_rank, net.dimension_bound, tuple(b.dropped), time.perf_counter() - t0,
                            float_note=getattr(b, "float_note", ""))
    pats, bad, ties = _exact_patterns(model, Zr)
    dens = {v.denominator for v in Zr.ravel().tolist()}
    for i in trainable_nodes(model):
        dens.add(model.nodes[i].op.q)
    ps = tuple(primes) if primes is not None else tuple(
        q for q in default_primes(8, bound=_PRIME_BOUND) if all(d % q for d in dens))[:1]
    if not ps or any(q >= _PRIME_BOUND or q < 2 for q in ps):
        raise ParameterError(f"primes {ps} must be below 2^26", hint="leave primes unset")
    broken = set()
    Js = [(q, _jacobian(model, Zr, pats, "modp", q, ties, broken)) for q in ps]
    fbroken = set()
    with np.errstate(over="ignore", invalid="ignore"):      # an overflow is checked below, never a warning
        Jf = _jacobian(model, Zr, pats, "float", None, ties, fbroken) if (float_check or ties) else None
    float_note = ""
    if Jf is not None and not np.all(np.isfinite(Jf)):      # weights/inputs too large for float64: no float answer
        Jf, float_note = None, ("not computed: the float64 Jacobian overflows (entries beyond 1.8e308); the rank "
                                "above uses no floats")
    else:
        broken |= fbroken
    bad[list(broken)] = True
    dropped = tuple(int(i) for i in np.nonzero(bad)[0])
    if dropped and on_nonsmooth == "raise":
        raise NonSmoothPointError(f"inputs {list(dropped)[:10]} lie on a region boundary (zero pre-activation or "
                                  "max-pool tie)", hint="move them, or on_nonsmooth='drop'")
    no = model.output_size
    rows_keep = np.repeat(~bad, no)
    rank = 0
    for q, J in Js:
        rank = max(rank, _rank_mod_p(J[rows_keep], q))
    P = Js[0][1].shape[1]
    rows = int(rows_keep.sum())
    keep = ~bad
    fr = float_rank(Jf[rows_keep])[0] if float_check and Jf is not None else None
    from algnet.relu.symmetries import symmetry_bound

    # D - (rank of the known symmetries) >= FD
    bound = symmetry_bound(model, force=force, time_limit=time_limit)
    upper = min(rows, bound)
    cert = rank == upper
    what = "D'" if upper == bound else "the number of rows"
    if not cert and rank < bound:                      # pruned / dead units: their columns vanish everywhere
        zb = symmetry_bound(model, zero_columns=True, force=force, time_limit=time_limit)
        if rank == min(rows, zb) < upper:
            cert, what = True, (f"the bound {zb}: D' = {bound} lowered by the pruned/dead units' zero columns"
                                if rank == zb else what)
    method = f"forward-mode Jacobian mod p (rank mod p <= rank over QQ){'; meets ' + what if cert else ''}"
    if not cert and exact == "auto" and _exact_ops(model, rows, P) <= EXACT_QQ_OPS:
        from algnet.core.matrix import Matrix

        Jq = _jacobian(model, Zr, pats, "qq")[rows_keep]
        rank, cert = Matrix(Jq.tolist(), "QQ").rank(), True
        method = "forward-mode Jacobian over QQ (Fractions), exact rank (flint)"
    from algnet.relu.model_params import sharing_note

    return ModelBatchFD(model.spec, rank, P, int(keep.sum()), rows, cert, method, ps, fr, bound, dropped,
                        time.perf_counter() - t0, sharing_note(model), float_note)
