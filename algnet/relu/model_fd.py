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
from algnet.relu.model import Activation, Affine, Combine, MaxPool, fractions_array
from algnet.relu.model_estimates import estimate_model_fd  # noqa: F401  (its home before; one code path)

__all__ = ["ModelBatchFD", "model_batch_fd", "estimate_model_fd", "trainable_nodes", "dead_and_stable",
           "model_functional_dimension", "BATCH_ROUTE_HINT", "EXACT_QQ_OPS"]

_PRIME_BOUND = 2**26


def trainable_nodes(model) -> list:
    """Indices of the affine nodes whose weights are parameters (not average pools, nor BatchNorms without
    affine parameters).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> trainable_nodes(PLModel.from_layers([([[1]], [0]), ([[1]], [0])]))
    [1, 3]
    """
    return [i for i, n in enumerate(model.nodes) if isinstance(n.op, Affine) and n.op.trainable]


@dataclass(frozen=True)
class ModelBatchFD:
    """Rank of the batch Jacobian of a PL model.

    ``rank`` (mod p, a proved lower bound of the rank over QQ; exact when
    ``certified``), ``float_rank`` (float64 SVD, for comparison), ``shared`` (tied
    weights: which, and how they are counted; None without), ``bound``
    (D' = D minus the rank of the known symmetries: rescalings of hidden units and conv channels, joint ones of
    branches, channel mixings, moves cancelled before the kinks; see :mod:`algnet.relu.symmetries`),
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
        d.update({k: v for k, v in self.evidence.as_dict().items() if k != "depends_on"})
        return d


def _exact_patterns(model, Z):
    """Exact activation signs / argmaxes at Z; rows where an exactly-zero pre-activation may break differentiability
    (:func:`~algnet.relu.kinks.nonsmooth_rows`), or with a max tie, are flagged."""
    _, pre = model.forward(Z, exact=True, preactivations=True)
    idx = [i for i, n in enumerate(model.nodes) if isinstance(n.op, (Activation, MaxPool))]
    pats, bad, ties = {}, np.zeros(len(Z), dtype=bool), {}
    from algnet.relu.kinks import nonsmooth_rows, used_coordinates

    used = used_coordinates(model)       # a zero pre-activation at an unused coordinate (pruned unit) is harmless
    kinked = np.zeros(len(Z), dtype=bool)
    for i, P in zip(idx, pre):
        op = model.nodes[i].op
        if isinstance(op, Activation):
            u = used[i]
            kinked |= np.array([any(v == 0 and ok for v, ok in zip(row, u)) for row in P.tolist()], dtype=bool)
            pats[i] = np.array([[v > 0 for v in row] for row in P.tolist()], dtype=bool).reshape(P.shape)
        else:
            am = []
            for b, row in enumerate(P.tolist()):
                a = []
                for w in op.windows:
                    vals = [row[t] for t in w]
                    mx = max(vals)
                    tied = [t for t in dict.fromkeys(w.tolist()) if row[t] == mx]
                    if len(tied) > 1:
                        ties.setdefault(i, []).append((b, len(a), tied))
                    a.append(vals.index(mx))
                am.append(a)
            pats[i] = np.array(am, dtype=np.int64).reshape(len(Z), -1)
    if kinked.any():                     # ... and so is one whose derivative vanishes (a bias-free unit at 0 inputs)
        rows = np.nonzero(kinked)[0]
        bad[rows] = nonsmooth_rows(model, Z[rows], {i: P[rows] for i, P in pats.items()}, used)
    return pats, bad, ties


def _nums(fracs, arith, p):
    """Exact numbers (Fractions) in the arithmetic: float64, residues mod p (int64) or the Fractions ("qq")."""
    fl = list(fracs)
    if arith == "float":
        return np.array([float(f) for f in fl], dtype=float)
    if arith == "qq":
        return np.array(fl, dtype=object)
    return np.array([(f.numerator % p) * pow(f.denominator % p, -1, p) % p for f in fl], dtype=np.int64)


def _red(Y, arith, p):
    return Y % p if arith == "modp" else Y


def _weights(op, arith, p):
    """(W, b) of an affine op in the arithmetic."""
    return (op.W, op.b) if arith == "qq" else op.arrays(arith, p)


def _linear(op, X, W, arith, p):
    """The linear part of an affine op on the rows of X; over QQ by object matmuls of the patches (small
    Jacobians only: the exact certificate of :func:`model_batch_fd`)."""
    if arith != "qq":
        return op.linear(X, W, p)
    Xp = np.concatenate([X, np.zeros((X.shape[0], 1), dtype=object)], axis=1)
    return np.concatenate([np.swapaxes(Xp[:, op.idx[g]] @ W[g].T, 1, 2) for g in range(op.idx.shape[0])],
                          axis=1).reshape(X.shape[0], -1)


def _apply(model, i, ins, pats, arith, p):
    """Node i on arrays with a leading tangent axis folded into the batch: values (B, n) or tangents (T, B, n)."""
    n = model.nodes[i]
    op = n.op
    lead = ins[0].shape[:-1]
    if isinstance(op, Affine):
        W, _ = _weights(op, arith, p)
        X = ins[0].reshape(-1, ins[0].shape[-1])
        return _linear(op, X, W, arith, p).reshape(*lead, -1)
    if isinstance(op, Activation):
        pos = pats[i]                                                    # (B, n)
        return _red(np.where(pos, ins[0], ins[0] * _nums(op.slopes.tolist(), arith, p)), arith, p)
    if isinstance(op, MaxPool):
        am = pats[i]                                                     # (B, n_out)
        sel = op.windows[np.arange(op.windows.shape[0])[None, :], am]    # (B, n_out)
        X = ins[0]
        return np.take_along_axis(X, np.broadcast_to(sel, X.shape[:-1] + (sel.shape[-1],)) if X.ndim == 2
                                  else np.broadcast_to(sel[None], X.shape[:-2] + sel.shape), axis=-1)
    if isinstance(op, Combine):
        out = None
        for c, x in zip(_nums(op.coeffs, arith, p).tolist(), ins):
            t = _red(x * c, arith, p)
            out = t if out is None else _red(out + t, arith, p)
        return out
    return np.concatenate(ins, axis=-1)[..., op.perm]


def _param_tangent(op, X, arith, p):
    """d(node output)/d(params of the affine op) at inputs X (B, n_in): shape (P, B, n_out)."""
    B = X.shape[0]
    G, L, K = op.idx.shape
    Og = op.W.shape[1]
    O = G * Og
    zero = np.zeros((B, 1), dtype=X.dtype)
    Xp = np.concatenate([X, zero], axis=1)
    PW = G * Og * K
    nb = O if op.has_bias else 0                                         # bias=False: no bias parameters
    T = np.zeros((PW + nb, B, O, L), dtype=X.dtype)
    for g in range(G):
        Pg = np.transpose(Xp[:, op.idx[g]], (2, 0, 1))                   # (K, B, L)
        for o in range(Og):
            s = (g * Og + o) * K
            T[s:s + K, :, g * Og + o, :] = Pg
    for c in range(nb):
        T[PW + c, :, c, :] = 1
    return T.reshape(PW + nb, B, O * L)


def _jacobian(model, Z, pats, arith, p=None, ties=None, broken=None):
    """The batch Jacobian (B * n_out, P) in float64, mod p or over QQ (``arith`` "float", "modp", "qq").

    ``ties``: max-pool ties {node: [(sample, window, tied input positions)]}; a tie is harmless
    when the tied entries have the same derivative in every parameter block (then the
    maximum is differentiable there); samples with a harmful tie are added to ``broken``."""
    nodes = model.nodes
    vals = {0: _nums(Z.ravel().tolist(), arith, p).reshape(Z.shape)}
    for i, n in enumerate(nodes[1:], start=1):
        ins = [vals[j] for j in n.inputs]
        Y = _apply(model, i, ins, pats, arith, p)
        if isinstance(n.op, Affine):
            _, b = _weights(n.op, arith, p)
            Y = _red(Y + n.op.bias_vector(b), arith, p)
        vals[i] = Y
    blocks = []
    for k in trainable_nodes(model):
        blocks.append(_push(model, k, _param_tangent(nodes[k].op, vals[nodes[k].inputs[0]], arith, p), pats, arith,
                            p, ties, broken))
    for a in model.activation_nodes():          # trained slopes (PReLU): d/ds of s x is x where x <= 0
        op = nodes[a].op
        if op.n_params():
            X = vals[nodes[a].inputs[0]]
            T = np.zeros((op.n_params(),) + X.shape, dtype=X.dtype)
            for s in range(op.n_params()):
                T[s] = np.where(~pats[a] & (op.slope_index == s)[None, :], X, 0)
            blocks.append(_push(model, a, T, pats, arith, p, ties, broken))
    blocks = [B for B in blocks if B is not None]
    J = np.concatenate(blocks, axis=1) if blocks else np.zeros((len(Z) * model.output_size, 0))
    if model.shared:                            # tied weights: the columns of the uses of one parameter summed
        from algnet.relu.model_params import sum_tied_columns

        J = sum_tied_columns(J, model, p if arith == "modp" else None)
    return J


def _push(model, k, Tk, pats, arith, p, ties, broken):
    """Forward-mode: the tangent ``Tk`` (P_k, B, n_k) of node k pushed to the output; (B * n_out, P_k) or None."""
    nodes = model.nodes
    out = len(nodes) - 1
    T = {k: Tk}
    for i in range(k + 1, len(nodes)):
        n = nodes[i]
        if not any(j in T for j in n.inputs):
            continue
        ins = [T[j] if j in T else np.zeros(T[next(jj for jj in n.inputs if jj in T)].shape[:-1]
                                             + (nodes[j].size,), dtype=Tk.dtype) for j in n.inputs]
        if ties and i in ties and broken is not None:
            Tin = ins[0]
            for b, _, tied in ties[i]:
                ref = Tin[:, b, tied[0]]
                if any(not np.array_equal(Tin[:, b, t], ref) for t in tied[1:]):
                    broken.add(b)
        T[i] = _apply(model, i, ins, pats, arith, p)
    To = T.get(out)
    if To is None:
        return None
    return To.reshape(To.shape[0], -1).T                                  # (B * n_out, P_k)


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
                            b.float_rank, net.dimension_bound, tuple(b.dropped), time.perf_counter() - t0)
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
    Jf = _jacobian(model, Zr, pats, "float", None, ties, broken) if (float_check or ties) else None
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
    fr = float_rank(Jf[rows_keep])[0] if float_check else None
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
                        time.perf_counter() - t0, sharing_note(model))


BATCH_ROUTE_HINT = ("the batch functional dimension at sampled inputs, a proved lower bound of the functional "
                    "dimension: model_batch_fd(model, X) or model_best_batch(model) (CLI: algnet fd --torch MODEL "
                    "--data X.npz, or --batch N)")


def model_functional_dimension(model, *, slice=None, primes=None, max_regions: int = 200_000, workers: int = 1,
                               force: bool = False, exact: str = "auto", time_limit=None):
    """The functional dimension of a piecewise-linear model (any layers the torch importer translates, with or
    without shared weights), from a decisive set.

    The model's linear regions are enumerated exactly (1-D and 2-D inputs, or a 2-D ``slice``): for a Linear/ReLU
    chain as those of the untied network of its layers (the same function), for any other model (convolutions,
    pooling, BatchNorm, LeakyReLU / PReLU, layers without bias, ...) by :func:`~.model_regions.model_regions`
    (activation patterns and max-pool argmax cells). On each region F is affine in x, hence every Jacobian row
    there (also in a PReLU slope) is an affine combination of the rows at n_0 + 1 affinely independent points of
    it, also after the columns of a shared parameter's uses are summed (an untied model is the case where every
    parameter has one use). The rank of the Jacobian at those points (mod p: a proved lower bound) is the
    functional dimension when it meets D' (then ``certified``).

    Before the enumeration its cost (a lower estimate of the regions from the first nonlinear node,
    :func:`~algnet.relu.model_estimates.model_region_estimate`) and that of the Jacobian at the decisive set
    (n_0 + 1 points per estimated region, :func:`estimate_model_fd`) are checked; above the limits the work is
    refused (TooLargeError) with the estimate and the cheaper route, the batch functional dimension at sampled
    inputs (a lower bound), unless ``force``: the memory limit, and the CPU time of that Jacobian against
    ``time_limit`` CPU seconds when given (which ``force`` does not lift), else the default budget of
    :data:`~algnet.guards.DEFAULT_BUDGET`. ``time_limit`` also stops the enumeration after that many CPU seconds:
    the rank at the decisive set of the regions finished by then is a lower bound of the functional dimension
    (``partial`` True, ``stopped`` the reason, the scope and the evidence say so), exact only when it reaches D'.
    ``exact``: as in :func:`model_batch_fd` ('always' is 'auto' here).

    Examples
    --------
    One Linear(1, 1) applied twice, F = w relu(w relu(x) + b) + b with w = 2, b = 1/2: the constant w b + b for
    x < 0 and w^2 x + w b + b for x > 0, so by hand FD = 2 = D:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[2]], ["1/2"]), ([[2]], ["1/2"])])
    >>> m.nodes[1].op.keys = m.nodes[3].op.keys = ("w", "b")
    >>> fd = model_functional_dimension(m)
    >>> fd.functional_dimension, fd.parameters, fd.certified
    (2, 2, True)

    Untied and without a bias in the hidden layer, relu(x) - relu(-x) (= x): one region per half-line; the
    two hidden weights and the output weights move F only through the slopes on the two half-lines and the
    output bias, FD = 3 (D = 5, D' = 3):

    >>> m = PLModel.from_layers([([[1], [-1]], [0, 0]), ([[1, -1]], [0])])
    >>> m.nodes[1].op.has_bias = False
    >>> fd = model_functional_dimension(m)
    >>> fd.functional_dimension, fd.parameters, fd.certified, fd.regions
    (3, 5, True, 2)
    """
    from algnet.errors import NotApplicableError
    from algnet.relu.functional import FunctionalDimension, partial_decisive_set, partial_scope
    from algnet.relu.regions import Slice, linear_regions
    from algnet.relu.symmetries import symmetry_bound

    t0 = time.perf_counter()
    n0 = model.input_size
    if slice is None and n0 > 2:
        raise NotApplicableError(f"{model.spec}: the regions of R^{n0} cannot be enumerated here (only 1-D and "
                                 "2-D inputs)", hint="pass slice=Slice(...) (a lower bound from a 2-D slice), or "
                                 + BATCH_ROUTE_HINT)
    sl = Slice.coerce(slice, n0) if slice is not None else Slice.standard(n0)    # a dict slice had crashed below
    _check_decisive_set(model, sl, force, time_limit)
    if model.mlp_widths() is not None:
        from algnet.errors import TooLargeError

        net, theta = model.to_relu_network()      # the same function (so the same regions); untied parameters
        try:
            part = linear_regions(net, theta, plane=True, slice=sl, max_regions=max_regions, workers=workers,
                                  force=force, time_limit=time_limit)
        except TooLargeError as e:                # the same refusal, naming the model's cheaper route too
            raise TooLargeError(e.message, hint=(f"{e.hint}; or " if e.hint else "") + BATCH_ROUTE_HINT,
                                **e.info) from None
    else:
        from algnet.relu.model_regions import model_regions

        part = model_regions(model, plane=True, slice=sl, max_regions=max_regions, force=force,
                             hint=BATCH_ROUTE_HINT, time_limit=time_limit)
    Z = partial_decisive_set(model.spec, part, n0)
    b = model_batch_fd(model, Z, primes=primes, route="modular", on_nonsmooth="raise", force=force,
                       exact="never" if exact == "never" else "auto", time_limit=time_limit)
    bound = symmetry_bound(model, force=force, time_limit=time_limit)
    whole = slice is None
    scope = ((f"whole input space R^{n0} (decisive set)" if n0 > 1 else "whole input line R (decisive set)")
             if whole else "2-D slice (lower bound of the functional dimension; exact when it reaches D')")
    from algnet.relu.model_params import fixed_entries, shared_parameters

    if shared_parameters(model):
        scope += "; shared weights counted once (the Jacobian columns of their uses summed)"
    if fixed_entries(model):
        scope += f"; {fixed_entries(model)} fixed entries (pruned or frozen) are no parameters"
    cert = b.certified if whole else b.certified and b.rank == bound    # a decisive set's rank is the FD
    scope, cert = partial_scope(part, scope, cert, b.certified and b.rank == bound)
    return FunctionalDimension(model.spec, b.rank, b.parameters, bound, cert, scope,
                               part.count, b, sl.describe(), time.perf_counter() - t0, part.partial, part.stopped)


#: The name of :func:`model_functional_dimension` when it served tied models only (kept importable; one code path).
tied_functional_dimension = model_functional_dimension


def _check_decisive_set(model, sl, force, time_limit=None):
    """Before any region is enumerated: the Jacobian at the decisive set (n_0 + 1 points per region of the lower
    estimate of :func:`~algnet.relu.model_estimates.model_region_estimate` on the whole slice plane) checked
    against the memory limit and the time (``time_limit``, else the default budget) by
    :func:`~algnet.relu.model_estimates.check_model_fd`; the enumeration checks its own estimate."""
    from algnet.relu.model_estimates import check_model_fd, model_region_estimate

    est = model_region_estimate(model, slice=sl)
    points = (min(model.input_size, 2) + 1) * est["regions"]
    check_model_fd(model, points, float_check=True, force=force, time_limit=time_limit, hint=BATCH_ROUTE_HINT,
                   what=f"{model.spec}: the Jacobian at a decisive set of at least {points:,} points (n_0 + 1 in "
                        f"each of at least {est['regions']:,} regions)")


def dead_and_stable(model, X) -> dict:
    """Fractions of activation neurons that are dead (never positive at the rows of X, and zero below: a ReLU's, not
    a leaky ReLU's or abs, which stay linear there) and stable (one sign at all rows).

    A clamp unit (Hardtanh, ReLU6: the activation nodes ``name:min`` and ``name:max``) is one neuron: dead when it
    never rises above its lower bound, stable when it stays on one of its three pieces (its upper kink had counted
    as a neuron of its own, dead whenever the bound was never reached).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1], [-1]], [0, -5]), ([[1, 1]], [0])])
    >>> dead_and_stable(m, [[1], [2]])
    {'dead': 0.5, 'stable': 1.0, 'neurons': 2}
    """
    _, pre = model.forward(np.asarray(X, dtype=float).reshape(len(X), -1), preactivations=True)
    acts = [(i, P) for i, P in zip([i for i, n in enumerate(model.nodes) if isinstance(n.op, (Activation, MaxPool))],
                                   pre) if isinstance(model.nodes[i].op, Activation)]
    if not acts:
        return {"dead": 0.0, "stable": 0.0, "neurons": 0}
    units = {}                      # a clamp's two nodes: one unit (their pre-activations differ by a constant)
    for i, P in acts:
        nd = model.nodes[i]
        clamp = nd.op.name in ("clamp_min", "clamp_max")
        key = ("clamp", (nd.name or "").rsplit(":", 1)[0]) if clamp else ("node", i)
        units.setdefault(key, {})[nd.op.name if clamp else "relu"] = P
        if not clamp or nd.op.name == "clamp_min":
            units[key]["flat"] = np.array([v == 0 for v in nd.op.slopes.ravel().tolist()], dtype=bool)
    dead, unstable, n = 0, 0, 0
    for parts in units.values():
        flat = parts.pop("flat", None)                    # zero slope below the kink (None: clamp(max=) only)
        lead = parts.get("relu", parts.get("clamp_min"))
        flips = [((P > 0).any(axis=0) & (P <= 0).any(axis=0)) for P in parts.values()]
        k = next(iter(parts.values())).shape[1]
        n += k
        dead += int((~(lead > 0).any(axis=0) & flat).sum()) if lead is not None else 0
        unstable += int(np.logical_or.reduce(flips).sum())
    return {"dead": float(dead / n), "stable": float((n - unstable) / n), "neurons": int(n)}
