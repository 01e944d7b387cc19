"""Estimates of the exact work on a piecewise-linear model (:class:`~algnet.relu.model.PLModel`), made before it
starts: its regions on a 2-D slice (exact or float64 engine), the exact local complexity and the local regions.

Regions. The first nonlinear node's pre-activations are affine on the slice (nothing before it cuts), so its
zero lines are found from three float forward passes; the m lines meeting the box cut it into 1 + m + (crossings
inside) regions (:func:`algnet.relu.estimates.box_region_estimate`), a lower bound on the partition (later nodes
only refine it). The engines finish regions depth first, and each piece still to be finished carries the exact
affine maps (3 x n Python integers) of the nodes still to be read: memory and CPU seconds are this lower bound of
regions times the per-region costs below (so the estimates are lower estimates too). Above the memory limit, above
``max_regions`` or above the budget of :data:`algnet.guards.DEFAULT_BUDGET` CPU seconds the work is refused with
the estimate and a cheaper route, unless ``force`` (which lifts the budget and the memory check, not
``max_regions``).

Exact local complexity: each point costs 2k exact forward passes; each costs
:data:`LC_EXACT_SECONDS_PER_VALUE` per input coordinate and neuron (their conversion to and from rationals
dominates) and :data:`LC_EXACT_SECONDS_PER_MAC` per multiply-add (flint's fmpz_mat products).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0], [0, 1], [1, 1]], [0, 0, "-1/2"]), ([[1, 1, 1]], [0])])
>>> est = model_region_estimate(m, box=(-1, 1, -1, 1))
>>> est["lines"], est["crossings"], est["regions"]      # x = 0, y = 0, x + y = 1/2: 1 + 3 + 3 regions
(3, 3.0, 7)
"""

from __future__ import annotations

import numpy as np

from algnet.guards import DEFAULT_BUDGET
from algnet.relu.fd_estimate import RANK_OPS_PER_SECOND

__all__ = ["MODEL_REGION_SECONDS", "MODEL_REGION_SECONDS_PER_MAC", "MODEL_REGION_SECONDS_PER_NEURON",
           "MODEL_REGION_BYTES_PER_VALUE", "LC_EXACT_SECONDS_PER_VALUE", "LC_EXACT_SECONDS_PER_MAC", "model_size",
           "first_lines", "model_region_estimate", "check_model_regions", "local_regions_estimate",
           "exact_local_complexity_estimate", "estimate_model_fd", "check_model_fd",
           "TANGENT_MODP_OPS_PER_SECOND", "TANGENT_FLOAT_OPS_PER_SECOND", "SVD_OPS_PER_SECOND",
           "PATTERN_OPS_PER_SECOND", "estimate_model_float_jacobian", "check_model_float_jacobian"]

#: CPU seconds per region of the exact nodewise engine (:func:`~algnet.relu.model_regions.model_regions`): a
#: constant, per multiply-add of one pass of a region's 3 x n maps and per neuron; measured on 2 cores (random
#: rational weights, squares of half-side r around Gaussian points):
#: relu 4-8-8-1 r=1 1.2e-4 s per region, 20-50-50-1 r=1 and 3 1.95e-4 and 1.6e-4, 100-200-200-10 r=1 9.6e-4,
#: 784-100-10 r=2 8.9e-4 (fit 1.2e-4 + 1.1e-8 per multiply-add + 5e-7 per neuron: 1.2e-4, 2.1e-4, 1.0e-3,
#: 1.05e-3).
MODEL_REGION_SECONDS = 1.2e-4
MODEL_REGION_SECONDS_PER_MAC = 1.1e-8
MODEL_REGION_SECONDS_PER_NEURON = 5e-7
#: Bytes per entry of the exact 3 x n maps a piece carries (Python integers in object arrays), measured with
#: tracemalloc: relu 2-3000-1 on squares of half-side 1/100 and 1/50, 127 and 567 regions,
#: peaks 24.8 and 107.4 MiB: 197 KB per further region, 22 bytes per entry of the 3 x 3000 map (the first layer's
#: pieces wait on the depth-first stack with their maps).
MODEL_REGION_BYTES_PER_VALUE = 24
#: The float64 engine (:func:`~algnet.relu.model_regions_float.model_regions_float`): 8 bytes per entry, and its
#: CPU seconds per region taken as a fifth of the exact engine's (float polygons, no integer products).
FLOAT_REGION_FACTOR = 0.2
#: Exact local complexity, CPU seconds per cross-polytope vertex: per input coordinate and neuron, and per
#: multiply-add; measured on 2 cores (random rational weights, Gaussian points,
#: k = 16): relu 784-10-1 3.4e-3 s per vertex, 10-1000-1 4.1e-3, 10-300-300-1 2.1e-3, 784-100-10 3.4e-3,
#: 100-1000-1000-10 9.8e-3, 50-500-500-500-1 6.4e-3, 4-8-8-1 6.8e-5 (fit: 3.7e-6 per value + 2e-9 per
#: multiply-add: 3.0e-3, 3.7e-3, 2.4e-3, 3.5e-3, 1.0e-2, 6.8e-3, 7.8e-5).
LC_EXACT_SECONDS_PER_VALUE = 3.7e-6
LC_EXACT_SECONDS_PER_MAC = 2e-9


def model_size(model) -> dict:
    """Multiply-adds of one forward pass, neurons (activation and max-pool outputs), the widest node.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> model_size(PLModel.from_layers([([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, 1]], [0])]))
    {'macs': 9, 'neurons': 3, 'widest': 3}
    """
    from algnet.relu.model import Activation, Affine, MaxPool

    macs = sum(int(n.op.W.size) * int(n.op.idx.shape[1]) for n in model.nodes if isinstance(n.op, Affine))
    neurons = sum(int(n.size) for n in model.nodes if isinstance(n.op, (Activation, MaxPool)))
    return {"macs": macs, "neurons": neurons, "widest": max(int(n.size) for n in model.nodes)}


def first_lines(model, origins, d1, d2):
    """The zero lines (rows a u + b v + c, float) of the first nonlinear node's pre-activations on the slices
    origin + u d1 + v d2 (arrays of shape (B, n0)): an array (B, m, 3), or None when that node is a max-pool.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 2]], [0, 1]), ([[1, 1]], [0])])
    >>> first_lines(m, np.zeros((1, 2)), np.array([[1.0, 0]]), np.array([[0, 1.0]])).tolist()
    [[[1.0, 0.0, 0.0], [0.0, 2.0, 1.0]]]
    """
    from algnet.relu.model import Activation, MaxPool

    first = next((n for n in model.nodes if isinstance(n.op, (Activation, MaxPool))), None)
    if first is None or isinstance(first.op, MaxPool):
        return None
    B = len(origins)
    pts = np.concatenate([origins, origins + d1, origins + d2])
    _, pre = model.forward(pts, preactivations=True)
    P0 = np.asarray(pre[0], dtype=float).reshape(3 * B, -1)
    c, a, b = P0[:B], P0[B:2 * B] - P0[:B], P0[2 * B:] - P0[:B]
    return np.stack([a, b, c], axis=2)


def _region_costs(model, exact: bool = True) -> tuple:
    """(CPU seconds, bytes) per region of the nodewise engine on ``model``."""
    size = model_size(model)
    sec = (MODEL_REGION_SECONDS + MODEL_REGION_SECONDS_PER_MAC * size["macs"]
           + MODEL_REGION_SECONDS_PER_NEURON * size["neurons"])
    per_value = MODEL_REGION_BYTES_PER_VALUE if exact else 8
    return (sec if exact else FLOAT_REGION_FACTOR * sec), 3 * per_value * size["widest"] + size["neurons"] + 2048


def _plane_crossings(P) -> tuple:
    """(lines, crossing pairs) of float rows (a, b, c) on the whole plane (parallel: directions equal to 1e-9)."""
    ab = P[:, :2]
    norm = np.hypot(ab[:, 0], ab[:, 1])
    keep = norm > 0
    d = ab[keep] / norm[keep, None]
    d = np.where((d[:, :1] < 0) | ((d[:, :1] == 0) & (d[:, 1:] < 0)), -d, d)
    m = int(d.shape[0])
    _, counts = np.unique(np.round(d, 9), axis=0, return_counts=True) if m else (None, np.array([], dtype=np.int64))
    return m, float(m * (m - 1) // 2 - int((counts * (counts - 1) // 2).sum()))


def model_region_estimate(model, *, box=None, slice=None, exact: bool = True) -> dict:
    """Lower estimate of the regions of ``model`` on a box (None: the whole plane) of a 2-D slice, from the first
    nonlinear node alone, and of the memory and CPU seconds of the nodewise engine (see the module doc).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> est = model_region_estimate(m)                   # the whole plane: two crossing lines
    >>> est["regions"], est["cpu_seconds"] < 1, est["memory"] < 2**20
    (4, True, True)
    """
    from algnet.relu.estimates import box_region_estimate
    from algnet.relu.slices import Slice

    sl = Slice.coerce(slice, model.input_size)
    o, d1, d2 = (np.array([[float(t) for t in v]]) for v in (sl.origin, sl.directions[0], sl.directions[1]))
    P = first_lines(model, o, d1, d2)
    if P is None:
        est = {"lines": 0, "crossings": 0.0, "estimate": 1}
    elif box is None:
        m, crossings = _plane_crossings(P[0])
        est = {"lines": m, "crossings": crossings, "estimate": int(1 + m + crossings)}
    else:
        est = box_region_estimate(P[0], box)
    sec, nbytes = _region_costs(model, exact)
    regions = int(est["estimate"])
    return {"lines": int(est["lines"]), "crossings": float(est["crossings"]), "regions": regions,
            "seconds_per_region": sec, "bytes_per_region": nbytes, "cpu_seconds": regions * sec,
            "memory": regions * nbytes}


def local_regions_estimate(model, Xf, D, radius) -> dict:
    """The same for :func:`~algnet.relu.local_complexity.local_region_count`: the squares of half-side
    ``radius`` in the slices through the rows of ``Xf`` along the direction pairs ``D`` (B, n0, 2), summed over
    the points; the memory is the largest square's (each is finished before the next).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> D = np.array([np.eye(2), np.eye(2)])
    >>> est = local_regions_estimate(m, np.array([[0.0, 0.0], [5.0, 5.0]]), D, 1)
    >>> est["regions"], est["largest"]                  # both axes cross the first square, none the second
    (5, 4)
    """
    from algnet.relu.estimates import box_region_estimate

    r = float(radius)
    P = first_lines(model, Xf, D[:, :, 0], D[:, :, 1])
    counts = [1] * len(Xf) if P is None else [box_region_estimate(p, (-r, r, -r, r), pairs=2000)["estimate"]
                                                for p in P]
    sec, nbytes = _region_costs(model)
    regions = int(sum(counts))
    return {"points": int(len(Xf)), "regions": regions, "largest": int(max(counts, default=0)),
            "seconds_per_region": sec, "cpu_seconds": regions * sec, "memory": max(counts, default=0) * nbytes,
            "bytes_per_region": nbytes}


def exact_local_complexity_estimate(model, points: int, directions: int) -> dict:
    """CPU seconds of the exact local complexity: 2k exact forward passes per point (see the module doc).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> est = exact_local_complexity_estimate(m, 10**9, 2)
    >>> est["cpu_seconds"] > DEFAULT_BUDGET
    True
    """
    size = model_size(model)
    per_vertex = LC_EXACT_SECONDS_PER_VALUE * (model.input_size + size["neurons"]) \
        + LC_EXACT_SECONDS_PER_MAC * size["macs"]
    per_point = 2 * int(directions) * per_vertex
    return {"points": int(points), "macs_per_vertex": size["macs"], "seconds_per_point": per_point,
            "cpu_seconds": per_point * int(points), "exact": True}


def check_model_regions(what: str, est: dict, *, max_regions=None, force: bool = False,
                        budget: float | None = None, hint: str = "") -> dict:
    """Refuse (TooLargeError) region work whose lower estimate ``est`` (:func:`model_region_estimate`,
    :func:`local_regions_estimate`) is above ``max_regions`` (even with ``force``), the memory limit or the
    budget of CPU seconds (:data:`~algnet.guards.DEFAULT_BUDGET` when None), unless ``force``. Returns ``est``.

    Examples
    --------
    >>> est = {"regions": 10**6, "lines": 2000, "crossings": 998000.0, "cpu_seconds": 3000.0, "memory": 2**20}
    >>> check_model_regions("model 784 -> 10 on [-1, 1]^2", est, hint="a smaller box")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: model 784 -> 10 on [-1, 1]^2: at least 1,000,000 regions (2,000 lines of the first layer, about 998,000 crossings; later layers only add regions); the exact regions ...
    >>> check_model_regions("the same", est, force=True)["regions"]
    1000000
    """
    from algnet.errors import TooLargeError
    from algnet.guards import check_resources, format_seconds

    regions = int(est["regions"])
    lines = f"{est['lines']:,} lines of the first layer, about {int(est['crossings']):,} crossings; " \
        if "lines" in est else ""
    text = f"{what}: at least {regions:,} regions ({lines}later layers only add regions)"
    if max_regions is not None and regions > max_regions:
        raise TooLargeError(f"{text}, above max_regions={max_regions:,}", regions_estimate=regions,
                            hint=(hint + ", or " if hint else "") + "a larger --max-regions")
    limit = DEFAULT_BUDGET if budget is None else float(budget)
    check_resources(f"{text}; the exact regions (CPU time, a lower estimate, against a budget of "
                    f"{format_seconds(limit)} of CPU)", memory=est["memory"], seconds=est["cpu_seconds"],
                    time_limit=limit, force=force, hint=hint, regions_estimate=regions,
                    cpu_seconds=est["cpu_seconds"])
    return est


#: Cost model of :func:`~algnet.relu.model_fd.model_batch_fd` (fixed constants, measured once on 2 cores, CPU
#: seconds of the process, random inputs 2 ceil(D / n_out) of torch models): the
#: forward-mode tangents cost :data:`TANGENT_MODP_OPS_PER_SECOND` (int64 mod p) and
#: :data:`TANGENT_FLOAT_OPS_PER_SECOND` (float64) multiply-adds per second, the float64 SVD rank
#: :data:`SVD_OPS_PER_SECOND` (rows x columns x least of them) per second. Measured phases: ReLU MLP 2-40-40-1
#: with a bias-free hidden layer at 3522 inputs: tangents mod p 17.2 s, float 8.1 s (9.2e8 multiply-adds), rank
#: mod p 2.8 s, SVD 14.5 s (1.1e10); CNN Conv2d(1,6,3)-ReLU-MaxPool2d(2)-Conv2d(6,6,3)-ReLU-Linear(216,4) on
#: 12 x 12 at 630 inputs: patterns 3.5 s, tangents 6.1 s and 3.3 s, ranks 1.3 s and 2.3 s.
TANGENT_MODP_OPS_PER_SECOND = 5.4e7
TANGENT_FLOAT_OPS_PER_SECOND = 1.1e8
SVD_OPS_PER_SECOND = 7.6e8
#: exact operations per second of the exact patterns (a Fraction forward pass and its sign tests)
PATTERN_OPS_PER_SECOND = 3.6e6
#: Bytes per coordinate of the inputs held for the whole batch (the float and exact arrays, their denominators, the
#: patterns): relu 2-2-1 at 30,000 inputs, tracemalloc peak 28.7 MB of which 8.6 MB the Jacobians: 335 bytes.
INPUT_COORD_BYTES = 340


def _tangent_ops(model, n_points: int) -> int:
    """Multiply-adds of the forward-mode tangents: each trainable node's P_k tangents through the affine nodes
    from it on (per input)."""
    from algnet.relu.model import Affine
    from algnet.relu.model_fd import trainable_nodes

    macs = {i: int(n.op.W.size) * int(n.op.idx.shape[1]) for i, n in enumerate(model.nodes) if isinstance(n.op, Affine)}
    ops = 0
    for k in trainable_nodes(model):
        after = sum(v for i, v in macs.items() if i > k)
        ops += model.nodes[k].op.n_params() * (after + int(model.nodes[k].size))
    return ops * int(n_points)


def estimate_model_fd(model, n_points: int, float_check: bool = True) -> dict:
    """Peak memory (bytes) and CPU seconds of :func:`~algnet.relu.model_fd.model_batch_fd` at ``n_points``
    inputs, before any work (from the layer sizes; the rates above).

    Memory: the Jacobian modulo p (int64) and in float64 with ``float_check``, each held twice (the rows kept and
    the copy its rank works on), the exact inputs, and one chunk of inputs' forward-mode tangents and exact forward
    pass twice (with the temporaries of a step; :func:`~algnet.relu.model_jacobian.chunk_rows`: at most
    :data:`~algnet.relu.model_jacobian.CHUNK_BYTES`; the Jacobian is built a chunk at a time). Measured (tracemalloc
    peak, chunks of 64 MiB): relu 2-40-1 as a torch model at 4,000 inputs 127 MiB, at 17,103 inputs (a 17,103 x
    161 Jacobian, 22 MB in float64) 162 MiB, where the tangents of all inputs at once had been estimated at
    2.6 GiB.
    Seconds: the exact patterns, the tangents mod p (and in float64 with ``float_check``), the rank mod p (rows x
    columns x their least) and the float64 SVD rank; the exact rank over QQ that may follow is bounded by
    :data:`~algnet.relu.model_fd.EXACT_QQ_OPS` (about a second) and not counted.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> e = estimate_model_fd(m, 10**9)
    >>> e["memory"] > 2 * 72 * 10**9, e["rows"], e["columns"], e["seconds"] > DEFAULT_BUDGET     # 72 GB in float64
    (True, 1000000000, 9, True)
    >>> estimate_model_fd(m, 1000)["memory"] < 3 * 10**6   # 4 x 72 KB of Jacobian, 2 x 1000 x 940 B of tangents
    True
    """
    from algnet.relu.model_jacobian import EXACT_ENTRY_BYTES, chunk_rows, tangent_entries
    from algnet.relu.model_params import tied_columns

    K = int(n_points)
    uses = len(tied_columns(model)[0])          # the Jacobian is built with a column per use of a shared parameter
    rows = K * int(model.output_size)
    est = {"rows": rows, "columns": uses}
    chunk = min(K, chunk_rows(model))
    per_input = 8 * tangent_entries(model) + EXACT_ENTRY_BYTES * sum(int(n.size) for n in model.nodes)
    est["memory"] = (rows * uses * 8 * 2 * (2 if float_check else 1) + K * model.input_size * INPUT_COORD_BYTES
                     + 2 * chunk * per_input)
    rows, P = est["rows"], est["columns"]
    ops = _tangent_ops(model, K)
    rank_ops = rows * P * min(rows, P)
    est["seconds"] = (K * max(1, model_size(model)["macs"]) / PATTERN_OPS_PER_SECOND
                      + ops / TANGENT_MODP_OPS_PER_SECOND + rank_ops / RANK_OPS_PER_SECOND
                      + ((ops / TANGENT_FLOAT_OPS_PER_SECOND + rank_ops / SVD_OPS_PER_SECOND) if float_check else 0))
    est["inputs"] = K
    return est


def check_model_fd(model, n_points: int, *, float_check: bool = True, force: bool = False, time_limit=None,
                   what: str | None = None, hint: str | None = None) -> dict:
    """Refuse (TooLargeError, before any work) a batch functional dimension of ``model`` at ``n_points`` inputs
    whose estimate (:func:`estimate_model_fd`) is above the memory limit or the time: ``time_limit`` CPU seconds
    when given, else :data:`~algnet.guards.DEFAULT_BUDGET`. ``force`` lifts the memory limit and the default
    budget, not a ``time_limit`` given (the rank cannot stop midway). Returns the estimate.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> check_model_fd(m, 18)["rows"]
    18
    >>> check_model_fd(m, 10**8, force=True, time_limit=60)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-2-1: the batch functional dimension at 100000000 inputs ... above the ...
      hint: a larger time_limit= (force=True lifts the size limits, not a time limit given explicitly)
    >>> check_model_fd(m, 10**6, time_limit=1)          # not forced: the cheaper route is offered
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-2-1: the batch functional dimension at 1000000 inputs ... above the time ...
      hint: a smaller batch= (batch=9 inputs give as many rows as parameters; ...), or a smaller model; a larger ...
    """
    from math import ceil

    from algnet.guards import check_time_limit, format_seconds
    from algnet.guards_fd import check_batch_fd

    time_limit = check_time_limit(time_limit)
    est = estimate_model_fd(model, n_points, float_check)
    if hint is None:
        k = max(1, ceil(model.n_params / model.output_size))
        hint = (f"a smaller batch= (batch={k} inputs give as many rows as parameters; "
                f"about {format_seconds(estimate_model_fd(model, k, float_check)['seconds'])} of CPU), "
                "or a smaller model" if k < n_points else "a smaller model")
    check_batch_fd(what or f"{model.spec}: the batch functional dimension at {int(n_points)} inputs", est,
                   "by forward-mode differentiation", force=force, time_limit=time_limit, hint=hint)
    return est


def estimate_model_float_jacobian(model, n_points: int) -> dict:
    """Peak memory (bytes) and CPU seconds of the float64 batch Jacobian of ``model`` by forward-mode tangents at
    ``n_points`` inputs and its SVD rank (:func:`algnet.relu.training.record_model` with a float rank only), before
    any work: the exact patterns, the float64 tangents and the SVD at the rates of :func:`estimate_model_fd` (no
    modular Jacobian, no rank mod p).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> e = estimate_model_float_jacobian(m, 10**6)
    >>> e["rows"], e["columns"], e["seconds"] < estimate_model_fd(m, 10**6)["seconds"]
    (1000000, 9, True)
    """
    est = estimate_model_fd(model, n_points, False)
    K, rows, P = int(n_points), est["rows"], est["columns"]
    est["seconds"] = (K * max(1, model_size(model)["macs"]) / PATTERN_OPS_PER_SECOND
                      + _tangent_ops(model, K) / TANGENT_FLOAT_OPS_PER_SECOND
                      + rows * P * min(rows, P) / SVD_OPS_PER_SECOND)
    return est


def check_model_float_jacobian(model, n_points: int, *, force: bool = False, time_limit=None) -> dict:
    """Refuse (TooLargeError, before any work) the float64 batch Jacobian and SVD rank of ``model`` at ``n_points``
    inputs whose estimate (:func:`estimate_model_float_jacobian`) is above the memory limit or the time:
    ``time_limit`` CPU seconds when given, else :data:`~algnet.guards.DEFAULT_BUDGET`; ``force`` lifts the memory
    limit and the default budget, not a ``time_limit`` given. Returns the estimate.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> check_model_float_jacobian(m, 4)["rows"]
    4
    >>> check_model_float_jacobian(m, 10**6, time_limit=1)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-2-1: float64 batch Jacobian at 1000000 inputs ... above the time limit ...
      hint: fewer fd_points (9 give as many rows as parameters; ...), or a smaller model; ...
    """
    from math import ceil

    from algnet.guards import check_resources, check_time_limit, format_bytes, format_seconds

    time_limit = check_time_limit(time_limit)
    est = estimate_model_float_jacobian(model, n_points)
    budget = DEFAULT_BUDGET if time_limit is None else time_limit
    k = max(1, ceil(model.n_params / model.output_size))
    hint = (f"fewer fd_points ({k} give as many rows as parameters; about "
            f"{format_seconds(estimate_model_float_jacobian(model, k)['seconds'])} of CPU), or a smaller model"
            if k < n_points else "a smaller model")
    check_resources(
        f"{model.spec}: float64 batch Jacobian at {int(n_points)} inputs and its SVD rank (a {est['rows']} x "
        f"{est['columns']} Jacobian by forward-mode tangents; estimated {format_bytes(est['memory'])}, "
        f"{format_seconds(est['seconds'])} of CPU"
        + (f" against the default budget of {format_seconds(budget)} of CPU" if time_limit is None else "") + ")",
        memory=est["memory"], seconds=est["seconds"], time_limit=budget, force=force,
        stops_at_time_limit=time_limit is None, rows=est["rows"], columns=est["columns"], hint=hint)
    return est
