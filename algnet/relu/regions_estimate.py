"""The estimate made before an exact region enumeration (:func:`algnet.relu.regions.linear_regions`).

The first hidden layer's lines cut the box (or the plane) into about R_1 regions (Zaslavsky's count,
:mod:`algnet.relu.estimates`); the later layers only refine them. The work is at least: the first layer's
cuts, then, for each of the R_1 regions, each later layer's pre-activation map (two float64 products
(n_l x n_(l-1)) @ (n_(l-1) x 3) on the box, the map and its error bound) and the cut by its n_l lines. The
products run in one thread (:mod:`algnet.relu.float_products`), so their cost is a fixed rate
(:func:`product_seconds`, measured once: :data:`PRODUCT_SECONDS_PER_MAC`), not timed at each call: a timing
inside the estimate, with two BLAS threads on a loaded machine, took 5-8 ms of CPU for a 512 x 512 product
instead of 0.15 ms, and the estimate of relu 784-512-512-10 moved between processes (705 s and 43 s of later
layers for the same shapes). Estimating the first layer only is not enough: relu 784-512-512-10 on [-1, 1]^2
would be estimated at 12 s of CPU and runs for more than 5 minutes of CPU (1.5 GB).

Memory: every first-layer region waits (depth first below it) with its maps: on the box, the float map
and its bound (2 x 3 x n float64) with its vertices and pattern; on the plane, the exact 3 x n integers; and
the regions found are kept (:data:`RESULT_REGION_BYTES` each, for the estimate of all layers' regions), plus a
fixed :data:`REGIONS_FIXED_BYTES` (measured peaks 0.42-0.86 of the estimate from relu 784-8-8-10 to 784-256-256-10).

The CLI reads a random network's first layer from the integers of its weights
(:meth:`~algnet.architectures.relu.ReluNetwork.random_numerators`) and refuses before any exact weight is
built (:func:`check_random_regions`): relu 2-100000-1 built its 400,001 exact weights (1.4 s) before.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.slices import Slice
>>> net = parse_spec("relu 2-3-1")
>>> theta = [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]        # lines x = 0, y = 0, x + y = -1
>>> first_layer_rows(net, theta, Slice.standard(2), exact=True).tolist()
[[1, 0, 0], [0, 1, 0], [1, 1, 1]]
"""

from __future__ import annotations

from math import gcd

import numpy as np

__all__ = ["first_layer_rows", "waiting_region_bytes", "product_seconds", "regions_after", "later_layers_seconds",
           "region_work_estimate",
           "check_regions", "check_random_regions", "CUT_SECONDS_PER_LINE", "BOX_REGION_BYTES", "RESULT_REGION_BYTES",
           "EXACT_WEIGHT_BYTES", "COMPILED_LOOP_BYTES", "PRODUCT_SECONDS_PER_MAC", "PRODUCT_CALL_SECONDS",
           "REGIONS_FIXED_BYTES"]

#: CPU seconds per line of a later layer cut into a region entering it (signs at its vertices, the split), beyond
#: its products; measured on 2 cores (200 first-layer regions finished through the
#: later layers): relu 784-128-128-10 1.1e-6, relu 784-256-256-10 2.0e-6, relu 2-200-200-1 1.0e-6.
CUT_SECONDS_PER_LINE = 1.0e-6
#: Bytes a region entering the second hidden layer holds on the box besides its 2 x 3 x n float64 maps (vertices,
#: edges, pattern, the node); measured on relu 784-512-512-10: 42,834 first-layer regions, 1.15 GB:
#: 27 KB each, 24.6 KB of them the maps).
BOX_REGION_BYTES = 2560
#: Bytes a finished region of the result holds (vertices, pattern, the node of its exact map); measured
#: on [-1, 1]^2 from the peak memory beyond the waiting regions: relu 784-256-256-10 (43,283 regions)
#: 5.4 KB, relu 2-200-200-1 1.8 KB, relu 20-100-100-100-1 1.9 KB, relu 784-512-512-10 (171,205) 3.4 KB.
RESULT_REGION_BYTES = 6000
#: Bytes per exact weight held during the enumeration (a Fraction with its list slot, and its conversions), and
#: the resident memory of the compiled one-thread product loop (numba and its compiled kernels, loaded when a
#: row of a product is above :data:`~algnet.relu.float_products.ONE_THREAD_ENTRIES`); measured as peak RSS
#: (resource.getrusage): relu 784-128-128-10's 118,282 random weights 13.1 MB (100-111 bytes each;
#: tracemalloc of relu 100-60-60-1's: 170 bytes each), the loop's first call 130.8 MiB (twice). Without these
#: terms relu 784-128-128-10 on [-0.05, 0.05]^2 would be estimated at 0.4 MB and takes 158-171 MB beyond the
#: imports (168 MB estimated with them); relu 784-256-256-10 on [-0.02, 0.02]^2 0.7 MB, 185 MB taken (196).
EXACT_WEIGHT_BYTES = 180
COMPILED_LOOP_BYTES = 140 * 2**20
#: Bytes an enumeration takes whatever its size (the engine's modules imported at its first call, the allocator's
#: first arenas): the peak RSS beyond the imports (resource.getrusage) of 13 enumerations on [-1, 1]^2 and the
#: plane (relu 784-8-8-10 to 784-256-256-10, 784-64-64-64-10, 200-64-64-10, 2-16-16-1 to 2-64-64-1) exceeded
#: the other terms by up to 8.3 MB on the narrow networks (784-8-8-10: 9.9 MB taken, 1.6 MB estimated; 784-16-16-10
#: 3.4x its estimate). With it the estimate is 1.2-2.4x the peak on all 13 (bench/bench_relu_regions_memory.py).
REGIONS_FIXED_BYTES = 10 * 2**20
#: CPU seconds per multiply-add of a one-thread product (m x n) @ (n x 3) (:mod:`algnet.relu.float_products`)
#: and per call; measured on 2 cores, best of 3: 0.20-0.29 ns per multiply-add from
#: 10 x 512 to 2048 x 1024 (512 x 512: 158 us), 1.4 us for 16 x 16; the constants are the upper end.
PRODUCT_SECONDS_PER_MAC = 3.0e-10
PRODUCT_CALL_SECONDS = 1.5e-6


def _integer_rows(A, c, sl) -> np.ndarray:
    """Integer rows A H0 + c S0 (int64 when they fit, else Python integers) of lines in slice coordinates."""
    from algnet.architectures.relu import shrink_to_int64
    from algnet.relu.regions import _initial_map

    H0, S0 = _initial_map(A.shape[1], sl)
    A, H0 = np.asarray(A), np.asarray(H0)
    bound = int(np.abs(A).max(initial=0)) * int(np.abs(H0).max(initial=0)) * max(A.shape[1], 1)
    if A.dtype != object and H0.dtype != object and bound + int(np.abs(c).max(initial=0)) * S0 < 2**62:
        N = A @ H0
        N[:, 2] += np.asarray(c, dtype=np.int64) * S0
        return N
    N = A.astype(object) @ H0.astype(object)
    N[:, 2] = N[:, 2] + np.asarray(c, dtype=object) * S0
    return shrink_to_int64(N)


def first_layer_rows(net, theta, sl, exact: bool = False) -> np.ndarray:
    """Rows (a, b, c) of the first hidden layer's lines a u + b v + c = 0 in the coordinates of slice ``sl``.

    ``exact``: integers (the plane's estimate tells parallel lines apart exactly), else float64 (the box's
    estimate). Only the first layer's weights are read; nothing else of ``theta`` is converted.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.slices import Slice
    >>> first_layer_rows(parse_spec("relu 2-1-1"), ["1/2", "1/3", 1, 1, 0], Slice.standard(2), exact=True).tolist()
    [[3, 2, 6]]
    >>> first_layer_rows(parse_spec("relu 2-1-1"), ["1/2", "1/3", 1, 1, 0], Slice.standard(2)).tolist()
    [[0.5, 0.3333333333333333, 1.0]]
    """
    n0, n1 = int(net.widths[0]), int(net.widths[1])
    flat = np.asarray(theta, dtype=object).ravel()
    if flat.shape[0] != net.n_params:
        net.rational_params(theta)                     # the usual ParameterError
    W, b = flat[:n0 * n1].reshape(n1, n0), flat[n0 * n1:n0 * n1 + n1]
    from algnet.architectures.relu import to_fraction

    if not exact and max(abs(t) for t in (*sl.origin, *sl.directions[0], *sl.directions[1])) > 1e300:
        # a slice beyond float64 (origin 1e400): the exact lines, each scaled by its largest entry (same line)
        return _unit_rows(first_layer_rows(net, theta, sl, exact=True))
    if not exact:
        D = np.array([[float(sl.directions[0][i]), float(sl.directions[1][i]), float(sl.origin[i])]
                      for i in range(n0)]).reshape(n0, 3)
        try:
            f = [float(to_fraction(v)) if isinstance(v, str) else float(v) for v in list(W.ravel()) + list(b)]
            Wf, bf = np.array(f[:n0 * n1]).reshape(n1, n0), np.array(f[n0 * n1:])
        except OverflowError:       # a weight beyond float64: each neuron scaled by its largest entry (same line)
            Wf, bf = _scaled_rows(W, b, to_fraction)
        R = Wf @ D
        R[:, 2] += bf
        return R

    fr = [to_fraction(v) for v in list(W.ravel()) + list(b)]
    q = 1
    for v in fr:
        q = q * v.denominator // gcd(q, v.denominator)
    ints = [int(v * q) for v in fr]
    A = np.array(ints[:n0 * n1], dtype=object).reshape(n1, n0)
    return _integer_rows(A, np.array(ints[n0 * n1:], dtype=object), sl)


def _unit_rows(N) -> np.ndarray:
    """float64 rows of the integer rows N, each divided exactly by its largest absolute entry first."""
    from fractions import Fraction

    out = []
    for row in np.asarray(N, dtype=object).tolist():
        m = max(abs(int(v)) for v in row) or 1
        out.append([float(Fraction(int(v), m)) for v in row])
    return np.array(out, dtype=float).reshape(len(out), 3)


def _scaled_rows(W, b, to_fraction):
    """float64 rows (W_i, b_i) / max |(W_i, b_i)| from exact values: a neuron's line is the same after a positive
    scaling, and the scaled entries are at most 1 in size (tiny ones may round to 0: an estimate's input)."""
    Wf, bf = np.zeros(W.shape), np.zeros(len(b))
    for i in range(W.shape[0]):
        row = [to_fraction(v) for v in list(W[i]) + [b[i]]]
        m = max(abs(v) for v in row)
        if m:
            Wf[i], bf[i] = [float(v / m) for v in row[:-1]], float(row[-1] / m)
    return Wf, bf


def product_seconds(m: int, n: int) -> float:
    """CPU seconds of one float64 product (m x n) @ (n x 3) in one thread: :data:`PRODUCT_CALL_SECONDS` plus
    3 m n multiply-adds at :data:`PRODUCT_SECONDS_PER_MAC` (measured rates, nothing timed here).

    Examples
    --------
    >>> round(product_seconds(512, 512) * 1e6)                 # microseconds
    237
    """
    return PRODUCT_CALL_SECONDS + 3.0 * float(m) * float(n) * PRODUCT_SECONDS_PER_MAC


def regions_after(widths, lines: int, crossings: float, layers: int) -> float:
    """Estimated regions after the first ``layers`` hidden layers, from the first layer's ``lines`` and
    ``crossings`` in the domain: every neuron of the later layers taken as one more line of the same density,
    1 + m s + c s^2 with s = (n_1 + ... + n_layers) / n_1. An estimate, not a bound: in a 2-D section of a
    random ReLU network the regions grow like the square of the number of neurons, whatever their depth
    (Hanin-Rolnick, "Complexity of linear regions in deep networks", ICML 2019; "Deep ReLU networks have
    surprisingly few activation patterns", NeurIPS 2019); the proved bound is :func:`~algnet.relu.estimates.
    region_upper_bound` (Serra-Tjandraatmadja-Ramalingam 2018), far above it. Compared with the exact counts of
    12 small networks on [-1, 1]^2 (relu 2-3-3-1 to 2-50-50-1, 2-6-6-6-6-1, 2-10-40-1; seeds 0-3): 0.54-4.0x of
    the count (deep narrow networks above it: units dead on the box), where the first layer alone was 1-18x below.

    Examples
    --------
    >>> regions_after((2, 3, 1), 3, 3, 1)                 # the first layer itself: 1 + 3 + 3
    7.0
    >>> regions_after((2, 3, 3, 1), 3, 3, 2)              # twice the neurons: 1 + 6 + 12
    19.0
    """
    w = [int(x) for x in widths]
    s = sum(w[1:1 + int(layers)]) / max(w[1], 1)
    return 1.0 + lines * s + crossings * s * s


def later_layers_seconds(widths, regions: int, lines: int | None = None, crossings: float | None = None) -> float:
    """CPU seconds of taking ``regions`` first-layer regions through the later hidden layers and the output
    layer: each region entering a later layer costs two products (:func:`product_seconds`) and the cut by its
    lines (:data:`CUT_SECONDS_PER_LINE`). With the first layer's ``lines`` and ``crossings``, the regions entering
    layer l are :func:`regions_after` the layers before it (regions split); without, ``regions`` at every layer
    (a lower estimate).

    Examples
    --------
    >>> later_layers_seconds((2, 5, 1), 10) > 0           # the output layer's map
    True
    >>> later_layers_seconds((2, 5, 5, 1), 16, 5, 10) > later_layers_seconds((2, 5, 5, 1), 16)
    True
    """
    w = [int(x) for x in widths]
    total = 0.0
    for l in range(2, len(w)):
        entering = float(regions) if lines is None else max(float(regions), regions_after(w, lines, crossings, l - 1))
        total += entering * (2 * product_seconds(w[l], w[l - 1]) + CUT_SECONDS_PER_LINE * w[l])
    return total


def waiting_region_bytes(widths, plane: bool) -> int:
    """Bytes a region holds while it waits to go through the next hidden layer of the exact engine: on the plane its
    exact 3 x n map (Python integers), on a box the filtered engine's float map and its error bound (2 x 3 x n
    float64), with its vertices and pattern; n the widest hidden layer.

    Examples
    --------
    >>> waiting_region_bytes((2, 3000, 1), plane=False) > 48 * 3000
    True
    """
    hidden = [int(w) for w in widths[1:-1]] or [1]
    if plane:       # exact 3 x n maps (Python integers in object arrays)
        from algnet.relu.model_estimates import MODEL_REGION_BYTES_PER_VALUE

        return 3 * MODEL_REGION_BYTES_PER_VALUE * max(hidden) + sum(hidden) + 2048
    return 48 * max(hidden) + sum(hidden) + BOX_REGION_BYTES          # the float map and its bound


def region_work_estimate(net, rows, box, plane: bool) -> dict:
    """The estimate of an exact enumeration whose first hidden layer has the lines ``rows`` (integers for the
    plane, floats or integers for a box): the first layer's regions (a lower bound of the count, up to concurrent
    lines), ``regions_estimate`` for all layers (:func:`regions_after`, an estimate and not a bound, at most
    ``upper_bound``), ``upper_bound`` (proved, Serra-Tjandraatmadja-Ramalingam), CPU seconds
    (``first_layer_cpu_seconds`` + ``later_cpu_seconds``, with the regions that split) and the memory of the
    waiting regions.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = region_work_estimate(parse_spec("relu 2-3-4-1"), [(1, 0, 0), (0, 1, 0), (1, 1, 1)], None, plane=True)
    >>> est["first_layer_regions"], est["regions_estimate"], est["upper_bound"], est["later_cpu_seconds"] > 0
    (7, 24, 59, True)
    """
    from algnet.relu.estimates import (BOX_SECONDS_PER_UNIT, _units, box_region_estimate, plane_region_estimate,
                                       region_upper_bound)

    widths = tuple(int(x) for x in net.widths)
    if plane:
        est = plane_region_estimate(widths, rows)
    else:
        est = dict(box_region_estimate(rows, box))     # exact rows: scaled exactly into float range
        est["cpu_seconds"] = BOX_SECONDS_PER_UNIT * _units(est["lines"], est["crossings"])
        est["upper_bound"] = region_upper_bound(widths[1:-1], n0=min(2, widths[0]))
    regions = int(est.get("first_layer_regions", est.get("estimate", 0)))
    est["regions_estimate"] = int(round(min(max(regions, regions_after(widths, est["lines"], est["crossings"],
                                                                       len(widths) - 2)), est["upper_bound"])))
    est["first_layer_cpu_seconds"] = est["cpu_seconds"]
    est["later_cpu_seconds"] = later_layers_seconds(widths, regions, est["lines"], est["crossings"])
    est["cpu_seconds"] = est["first_layer_cpu_seconds"] + est["later_cpu_seconds"]
    per_region = waiting_region_bytes(widths, plane)
    # and the regions found, kept for the result (their vertices, pattern and exact map), the exact weights and
    # the compiled product loop when a product is above numpy's one-thread size
    from algnet.relu.float_products import uses_compiled_loop

    compiled = any(uses_compiled_loop(a) for a in widths[:-1])       # a layer's weights have a columns
    est["memory"] = (regions * per_region + est["regions_estimate"] * RESULT_REGION_BYTES + REGIONS_FIXED_BYTES
                     + EXACT_WEIGHT_BYTES * int(net.n_params) + (COMPILED_LOOP_BYTES if compiled else 0))
    return est


def check_regions(net, rows, box, plane: bool, max_regions, force: bool) -> dict:
    """Refuse (TooLargeError, :func:`algnet.relu.estimates.check_region_work`) an exact enumeration whose estimate
    (:func:`region_work_estimate`) is above ``max_regions``, the CPU budget or the memory limit. Returns it.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_regions(parse_spec("relu 2-3-1"), [(1, 0, 0), (0, 1, 0)], (-1, 1, -1, 1), False, 100, False)["estimate"]
    4
    """
    from algnet.relu.estimates import check_region_work

    est = region_work_estimate(net, rows, box, plane)
    return check_region_work(net.spec, est, domain="whole plane" if plane else "box", max_regions=max_regions,
                             force=force, plane=plane)


def check_random_regions(net, seed, *, box=None, plane: bool = False, slice=None, max_regions=5_000_000,
                         force: bool = False, bound: int = 2**10, float_engine: bool = False, time_limit=None):
    """Refuse, before any exact weight is built, the exact regions of ``net`` with the random weights of ``seed``
    (:meth:`~algnet.architectures.relu.ReluNetwork.random_params`, numerators in [-bound, bound]) when
    :func:`check_regions` would refuse them (``float_engine``: when the float64 engine's check would,
    :func:`algnet.relu.regions_float.check_float_rows`, with its ``time_limit``): the first layer's lines are read
    from the integers of the weights (the denominator scales every line alike). Returns the estimate, or None for a
    network of one layer.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_random_regions(parse_spec("relu 2-100000-1"), 0)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-100000-1: the first hidden layer alone cuts the box into about ...
    """
    from algnet.relu.regions import parse_box
    from algnet.relu.slices import Slice

    if len(net.widths) < 3:
        return None
    n0, n1 = int(net.widths[0]), int(net.widths[1])
    m = net.random_numerators(seed, bound, count=n0 * n1 + n1)      # the first layer's only
    sl = Slice.coerce(slice, n0)
    if not plane:
        box = parse_box(box if box is not None else (-1, 1, -1, 1), line=n0 == 1 and slice is None)
    A, c = m[:n0 * n1].reshape(n1, n0), m[n0 * n1:]
    rows = _integer_rows(A, c, sl)
    if float_engine:
        from algnet.relu.regions_float import check_float_rows, float_rows_estimate

        return check_float_rows(net, float_rows_estimate(net, rows, box), max_regions=max_regions, force=force,
                                time_limit=time_limit)
    return check_regions(net, rows, box, plane, max_regions, force)
