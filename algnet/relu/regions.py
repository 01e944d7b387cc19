"""Exact linear regions of a ReLU network on a 2-D input space or a 2-D slice.

The input-space partition of F_theta (the cells on which the activation
pattern is constant) is computed layer by layer: every region of the
partition by layers 1..l-1 carries the exact affine map of the layer-l
pre-activations, and is cut by those of their zero lines that cross it.
Polygons have rational vertices in integer homogeneous coordinates (see
:mod:`algnet.relu.geometry`); unbounded regions of the whole plane have
vertices at infinity. Signs are decided by a float64 filter with a proved
error bound and exact integer arithmetic when the filter cannot decide, so
the partition is exact (vertices, patterns, affine maps, count).

A slice is an affine map (u, v) -> z = origin + u d_1 + v d_2 into the input
space R^(n_0) (for n_0 = 2 the identity by default; for n_0 = 1 the map
(u, v) -> u, whose regions are vertical strips).

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("relu 2-3-1")
>>> theta = [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]   # lines x = 0, y = 0, x + y = -1
>>> part = linear_regions(net, theta, plane=True)
>>> part.count, part.n_bounded                        # 3 generic lines: 1 + 3 + 3 regions
(7, 1)
"""

from __future__ import annotations

import time
from math import gcd

import numpy as np

from algnet.architectures.relu import ReluNetwork
from algnet.architectures.spec import parse_spec
from algnet.errors import NotApplicableError, ParameterError, TooLargeError
from algnet.time_caps import check_time_limit
from algnet.relu.geometry import (FILTER_EPS, Polygon, box_polygon, cut_by_lines, halfplane_polygon, polygon_signs,
                                   split_polygon)
from algnet.relu.partition import DecisionBoundary, Region, RegionPartition, region_time_cap, stopped_text
from algnet.relu.partition import pattern_str as _pattern_str
from algnet.relu.regions_float import FloatPartition, linear_regions_float
from algnet.relu.slices import Slice
from algnet.relu.workers import refuse_beyond

__all__ = ["Slice", "Region", "RegionPartition", "DecisionBoundary", "linear_regions", "enumerate_regions",
           "FloatPartition", "linear_regions_float", "parse_box"]


# ------------------------------------------------------------------ engine
def _initial_map(net, sl: Slice):
    """H0 (n0 x 3) integers and S0 with z(u, v) = H0 (u, v, 1) / S0."""
    n0 = net if isinstance(net, int) else net.widths[0]
    vals = []
    for i in range(n0):
        vals += [sl.directions[0][i], sl.directions[1][i], sl.origin[i]]
    S0 = 1
    for v in vals:
        S0 = S0 * v.denominator // gcd(S0, v.denominator)
    H0 = np.array([int(v * S0) for v in vals], dtype=object).reshape(n0, 3)
    from algnet.architectures.relu import shrink_to_int64

    return shrink_to_int64(H0), S0


class _Layers:
    """Integer layers with the bias columns c_l * S_(l-1) precomputed."""

    def __init__(self, net, theta, sl):
        from algnet.architectures.relu import integer_abs_max, shrink_to_int64

        self.H0, S = _initial_map(net, sl)
        self.A, self.cS, self.amax, self.cmax, self.Aobj = [], [], [], [], []
        for A, c, q in net.integer_layers(theta):
            self.A.append(A)
            self.Aobj.append(A.astype(object))
            cS = shrink_to_int64(np.asarray(c, dtype=object) * S)
            self.cS.append(cS)
            self.amax.append(integer_abs_max(A) if A.dtype != object else None)
            self.cmax.append(integer_abs_max(cS) if cS.dtype != object else None)
            S = S * q
        self.S_out = S
        self.depth = len(self.A)
        self._fmpz = {}

    def fmpz(self, l):
        """Layer l's integer matrix as a flint fmpz_mat (cached; for large exact products)."""
        if l not in self._fmpz:
            from algnet.core.numbers import fmpz_mat

            self._fmpz[l] = fmpz_mat(self.Aobj[l].tolist())
        return self._fmpz[l]

    def __getstate__(self):
        d = dict(self.__dict__)
        d["_fmpz"] = {}
        return d


def _affine(L: _Layers, l: int, H):
    """Pre-activation map of layer l (0-based) from the previous hidden map H (exact)."""
    A, cS, am, cm = L.A[l], L.cS[l], L.amax[l], L.cmax[l]
    if am is not None and cm is not None and H.dtype != object:
        hm = int(np.abs(H).max()) if H.size else 0
        if am * hm * max(A.shape[1], 1) + cm < 2**62:
            N = A @ H
            N[:, 2] += cS
            return N
    if A.shape[1] and A.shape[0] * A.shape[1] * 3 >= 4096:      # large: flint's fmpz_mat product (C)
        from algnet.core.numbers import fmpz_mat

        P = L.fmpz(l) * fmpz_mat(H.tolist())
        N = np.array([int(v) for v in P.entries()], dtype=object).reshape(A.shape[0], 3)
    elif A.shape[1]:
        N = L.Aobj[l] @ H.astype(object)
    else:
        N = np.zeros((A.shape[0], 3), dtype=object)
    N[:, 2] = N[:, 2] + cS.astype(object)
    return _shrink_fast(N)


def _shrink_fast(N):
    """N as int64 when every entry is below 2^62 in absolute value (C-speed test), else unchanged."""
    if N.dtype != object:
        return N
    try:
        M = N.astype(np.int64)
    except OverflowError:
        return N
    if M.size and int(np.abs(M).max()) >= 2**62:
        return N
    return M


def _as_float(N):
    if N.dtype == object:
        try:
            return N.astype(float)
        except OverflowError:  # beyond float range: NaN sends those signs to exact arithmetic
            from algnet.relu.geometry import _f

            return np.array([[_f(x) for x in row] for row in N.tolist()], dtype=float).reshape(N.shape)
    return N.astype(float)


def _process(poly, N, Nf):
    """Cut one polygon by the zero lines of the rows of N; returns [(piece, active bool array)]."""
    if poly is None:
        lin = (N[:, 0] != 0) | (N[:, 1] != 0)
        const_sign = np.array([(int(x) > 0) for x in N[:, 2]], dtype=bool)
        base = const_sign & ~lin
        cutting = np.nonzero(lin)[0].tolist()
        if not cutting:
            return [(None, base)]
        j0 = cutting[0]
        f = tuple(int(x) for x in N[j0])
        nf = (-f[0], -f[1], -f[2])
        pieces = [(halfplane_polygon(f), {j0: True}), (halfplane_polygon(nf), {j0: False})]
        rest = cutting[1:]
    else:
        fv = np.array(poly.fv)
        with np.errstate(over="ignore", invalid="ignore"):     # inf / nan (weights near 1e307): decided exactly
            vals = fv @ Nf.T
            bnd = (np.abs(fv) @ np.abs(Nf).T) * FILTER_EPS
            pos = vals > bnd
            neg = vals < -bnd
        unsure = ~(pos | neg)
        if unsure.any() or not np.isfinite(vals).all():
            unsure |= ~np.isfinite(vals)
            for i, j in zip(*np.nonzero(unsure)):
                X, Y, W = poly.verts[i]
                a, b, c = (int(x) for x in N[j])
                e = a * X + b * Y + c * W
                pos[i, j] = e > 0
                neg[i, j] = e < 0
        anypos = pos.any(axis=0)
        anyneg = neg.any(axis=0)
        cut = anypos & anyneg
        base = anypos & ~anyneg
        if not cut.any():
            return [(poly, base)]
        pieces = [(poly, {})]
        rest = np.nonzero(cut)[0].tolist()
    lines = {j: (tuple(int(x) for x in N[j].tolist()), tuple(Nf[j].tolist())) for j in rest}

    def cut(P, j):
        f, ff = lines[j]
        s = polygon_signs(P, f, ff)
        hi, lo = max(s), min(s)
        if hi > 0 and lo < 0:
            return split_polygon(P, f, s)
        return (P, None) if hi > 0 else (None, P)

    return cut_by_lines(pieces, rest, cut, base)


def _hidden_layers(L: _Layers, items, start: int, stop: int, max_regions=None, progress=None):
    """items [(poly, patterns list, H)] entering hidden layer ``start`` (0-based), run through the hidden
    layers start..stop-1: the items entering layer ``stop``."""
    for l in range(start, stop):
        new = []
        for poly, pats, H in items:
            N = _affine(L, l, H)
            Nf = _as_float(N)
            for P, act in _process(poly, N, Nf):
                new.append((P, pats + [act], N * act[:, None]))
            refuse_beyond(len(new), max_regions, f" after hidden layer {l + 1}")
        items = new
        if progress is not None:
            progress(l + 1, len(items))
    return items


def _run_layers(L: _Layers, items, start: int, max_regions=None, progress=None):
    """items: [(poly, patterns list, H)] entering hidden layer ``start`` (0-based); the finished regions
    (vertices, edge lines, pattern string, integer output map)."""
    items = _hidden_layers(L, items, start, L.depth - 1, max_regions, progress)
    out = []
    for poly, pats, H in items:
        N = _affine(L, L.depth - 1, H)
        if poly is None:  # no neuron ever cut the plane
            poly = _whole_plane_polygon()
        out.append((tuple(poly.verts), tuple(poly.lines), _pattern_str(pats),
                    tuple(tuple(int(x) for x in row) for row in N.tolist())))
    return out


def _exact_regions(L: _Layers, items, workers, max_regions, progress):
    """The layerwise exact engine: the first hidden layer here, then each of its regions finished below it
    (depth first; in worker processes when asked). Returns (region tuples, processes used, interrupted):
    after Ctrl-C the regions finished so far."""
    from functools import partial as bind

    from algnet.relu.workers import finish_chunks, size_limit

    try:
        first = _hidden_layers(L, items, 0, 1)
    except KeyboardInterrupt:
        return [], 1, True
    progress(1, len(first))
    parts, used, partial = finish_chunks(bind(_run_layers, L, start=1), first, workers,
                                         on_result=size_limit(max_regions, len))
    return [r for part in parts for r in part], used, partial


def parse_box(box, line: bool = False):
    """(xmin, xmax, ymin, ymax) as Fractions from a sequence or 'a,b,c,d'; ParameterError otherwise.

    ``line=True`` (a network with one input, standard slice): 'a,b' is the interval [a, b] of the input line
    (returned with the unused second coordinate in [0, 1]); ``line="given"``: the same for a box the user gave,
    where four numbers are refused unless the second range is [0, 1] or [-1, 1], the unused coordinate's ranges the
    package uses (any other second range would be ignored).

    Examples
    --------
    >>> [str(x) for x in parse_box("-1/2,1,0,2")]
    ['-1/2', '1', '0', '2']
    >>> [str(x) for x in parse_box("0,1/2", line=True)]
    ['0', '1/2', '0', '1']
    >>> parse_box((1, 0, 0, 1))
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: bad box [1, 0, 0, 1]: need xmin < xmax and ymin < ymax
      hint: e.g. box=(-1, 1, -1, 1) (CLI: --box=-1,1,-1,1)
    """
    from algnet.architectures.relu import to_fraction

    hint = "e.g. box=(-1, 1, -1, 1) (CLI: --box=-1,1,-1,1)"
    parts = box.split(",") if isinstance(box, str) else box
    if (line == "given" and hasattr(parts, "__len__") and len(parts) == 4
            and _second_range(parts) not in (None, (0, 1), (-1, 1))):
        raise ParameterError(f"box {box!r}: the network has one input, so its input space is a line and the box is an "
                             "interval (a, b); the second range of (xmin, xmax, ymin, ymax) would be ignored",
                             hint="box=(a, b), e.g. box=(-3, 3) (CLI: --box=-3,3)")
    try:
        vals = tuple(to_fraction(x) for x in parts)
    except (TypeError, ParameterError):
        raise ParameterError(f"bad box {box!r}: need four rational numbers XMIN,XMAX,YMIN,YMAX", hint=hint) from None
    if line and len(vals) == 2:
        vals = vals + (to_fraction(0), to_fraction(1))
    if len(vals) != 4:
        raise ParameterError(f"bad box {box!r}: need four numbers XMIN,XMAX,YMIN,YMAX, got {len(vals)}", hint=hint)
    if not (vals[0] < vals[1] and vals[2] < vals[3]):
        from algnet.relu.geometry import number_text

        raise ParameterError(f"bad box [{', '.join(number_text(v) for v in vals)}]: "
                             "need xmin < xmax and ymin < ymax", hint=hint)
    return vals


def _second_range(parts):
    """The second range of a box as exact numbers, None when they are not numbers (the usual error follows)."""
    from algnet.architectures.relu import to_fraction

    try:
        return tuple(to_fraction(x) for x in parts[2:])
    except (TypeError, ParameterError):
        return None


def first_layer_region_estimate(L: "_Layers", box, pairs: int = 20000, seed: int = 0) -> dict:
    """Estimated regions cut from ``box`` by the first hidden layer alone: a lower bound for the partition.

    For m lines in general position meeting a convex region, the region is cut into
    1 + m + (crossings inside) pieces; later layers only refine the partition, so this is a lower
    bound on the final count. The lines meeting the box are counted (float signs at the corners);
    the crossings inside are counted over every pair when there are at most ``pairs`` pairs, else
    estimated from ``pairs`` random pairs (statistical).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-2-1")
    >>> L = _Layers(net, net.rational_params([1, 0, 0, 1, 0, 0, 1, 1, 0]), Slice.coerce(None, 2))
    >>> first_layer_region_estimate(L, parse_box((-1, 1, -1, 1)))["estimate"]     # the axes: 4 quadrants
    4
    """
    from algnet.relu.estimates import box_region_estimate

    return box_region_estimate(_affine(L, 0, L.H0), box, pairs=pairs, seed=seed)    # exact rows, scaled exactly


def enumerate_regions(net, theta, *, box=None, plane: bool = False, slice: Slice | None = None,
                      workers: int = 1, max_regions: int | None = 5_000_000, show_progress: bool = False,
                      time_limit=None) -> RegionPartition:
    """Alias of :func:`linear_regions`.

    Examples
    --------
    Three lines in general position cut the plane into 7 regions (1 + 3 + 3, Zaslavsky):

    >>> from algnet.relu.constructions import arrangement_network
    >>> enumerate_regions(*arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, -2)]), plane=True).count
    7
    """
    return linear_regions(net, theta, box=box, plane=plane, slice=slice, workers=workers,
                          max_regions=max_regions, show_progress=show_progress, time_limit=time_limit)


def linear_regions(net, theta=None, *, box=None, plane: bool = False, slice: Slice | None = None,
                   workers: int = 1, max_regions: int | None = 5_000_000, show_progress: bool = False,
                   filtered: bool = True, force: bool = False, time_limit=None) -> RegionPartition:
    """Exact partition of a box, or of the whole plane, of a 2-D (slice of the) input space.

    Parameters
    ----------
    net : ReluNetwork, spec string, or PLModel (a trained model, see :func:`algnet.relu.from_torch_model`)
    theta : parameters of a ReluNetwork (rationals; floats are converted exactly); None for a PLModel
    box : (xmin, xmax, ymin, ymax), optional
        Rational bounds in slice coordinates (default [-1, 1]^2 unless ``plane``).
    plane : bool
        Partition the whole plane (unbounded regions have vertices at infinity).
    slice : Slice, optional
        Default :meth:`Slice.standard` (identity for n_0 = 2).
    workers : int
        Processes used after the first hidden layer (fork; 1 = in process; capped by the
        work available and the CPUs). A worker that dies raises
        :class:`~algnet.relu.workers.WorkerDiedError`.
    max_regions : int
        Refuse (TooLargeError) when the partition exceeds this many regions.
    filtered : bool
        On a box, decide signs in float64 with proved error bounds and fall back to exact integer
        arithmetic only near degeneracy (:mod:`algnet.relu.filtered`; the default, same exact
        result, several times faster on float weights). False runs every step in exact integers.
    force : bool
        Run even when the estimate (the first hidden layer's regions, the CPU seconds of enumerating
        them, :mod:`algnet.relu.estimates`) is above the budget of
        :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds (``max_regions`` still holds).
    time_limit : float, optional
        Stop after this many CPU seconds of the enumeration (wall-clock seconds with worker processes) and
        return the regions finished so far, ``partial=True`` (their count a lower bound, never the answer) and
        ``stopped`` naming the limit. The memory left is checked as each part of the enumeration (a share
        of the first hidden layer's regions) is finished (:class:`~algnet.relu.workers.MemoryWatch`): when the
        next would not fit, the enumeration stops the same way, ``stopped`` naming the memory left.

    Returns
    -------
    RegionPartition
        Regions are finished depth first below each region of the first hidden layer: Ctrl-C (or the time
        limit) returns the exact regions finished so far with ``partial=True``.

    Notes
    -----
    Work is proportional to the sum over hidden layers of (regions entering
    the layer) x (its width), plus one polygon split per region created.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-2-1")
    >>> part = linear_regions(net, [1, 0, 0, 1, 0, 0, 1, 1, 0], box=(-1, 1, -1, 1))
    >>> part.count, sorted(r.pattern for r in part.regions)
    (4, ['00', '01', '10', '11'])
    >>> r = next(r for r in part.regions if r.pattern == "11")     # x > 0, y > 0
    >>> sorted(r.vertices), r.affine_map()
    ([(Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(1, 1))], ([(Fraction(1, 1), Fraction(1, 1))], [Fraction(0, 1)]))
    """
    from algnet.relu.model import PLModel

    if isinstance(net, PLModel):
        if net.mlp_widths() is None:
            from algnet.relu.model_regions import model_regions

            return model_regions(net, box=box, plane=plane, slice=slice, max_regions=max_regions,
                                 show_progress=show_progress, force=force, time_limit=time_limit)
        net, theta = net.to_relu_network()          # a plain MLP: the layerwise engine (workers, int64 paths)
    net = parse_spec(net)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: linear regions are defined for ReLU networks",
                                 hint="use a spec like 'relu 2-5-3-1', or a model from algnet.relu.from_torch_model")
    if theta is None:
        raise ParameterError("no parameters given", hint="linear_regions(net, theta, ...)")
    theta = net.rational_params(theta)
    sl = Slice.coerce(slice, net.widths[0])
    if plane and box is not None:
        raise ParameterError("give either box= or plane=True", hint="plane=True partitions the whole plane")
    if not plane:
        line = net.widths[0] == 1 and slice is None
        box = parse_box(box if box is not None else (-1, 1, -1, 1),
                        line="given" if line and box is not None else line)
    workers = int(workers)
    if workers < 1:
        raise ParameterError(f"workers={workers}", hint="at least one worker (--workers 1)")
    time_limit = check_time_limit(time_limit)
    t0 = time.perf_counter()
    if len(net.widths) > 2:     # the estimate from the first layer's lines, before the exact layers are built
        from algnet.relu.regions_estimate import check_regions, first_layer_rows

        check_regions(net, first_layer_rows(net, theta, sl, exact=plane), box, plane, max_regions, force)
    L = _Layers(net, theta, sl)
    init = None if plane else box_polygon(*box)
    items = [(init, [], L.H0)]
    pbar = None
    if show_progress:
        from tqdm.auto import tqdm

        pbar = tqdm(total=L.depth - 1, desc="hidden layers", unit="layer")

    def progress(l, n):
        if pbar is not None:
            pbar.set_postfix(regions=n)
            pbar.update(1)

    used = 1
    partial = False
    method = RegionPartition.method
    from algnet.relu.regions_estimate import RESULT_REGION_BYTES, waiting_region_bytes
    from algnet.relu.workers import memory_watch

    # a region of the next part holds its map (float64 on a box, exact on the plane: a 3000-wide layer's is
    # 150 KB, not the 6 KB of a finished region) while it is cut: the watch stops before numpy's element-wise
    # loops run out of memory (an allocation failing there, with the interpreter lock released, ends the process)
    per_region = RESULT_REGION_BYTES + waiting_region_bytes(net.widths, plane)
    with region_time_cap(time_limit, workers) as cap, memory_watch(per_region) as watch:
        try:
            if filtered and not plane and L.depth > 1:
                from algnet.relu.filtered import filtered_regions

                regions, used, stats = filtered_regions(net, theta, L, sl, box, workers, max_regions, progress)
                method = ("layerwise polygon splitting, float64 with proved error bounds, exact integer arithmetic "
                          f"near degeneracy ({stats['exact_sign_evaluations']} exact sign evaluations)")
                results = None
                partial = stats["partial"]
            elif L.depth == 1:
                results = _run_layers(L, items, 0)
            else:
                results, used, partial = _exact_regions(L, items, workers, max_regions, progress)
                if pbar is not None:
                    pbar.update(L.depth - 2)
        except KeyboardInterrupt:
            if not cap.expired:                       # Ctrl-C outside the engines' own handling: the user's
                raise
            results, partial = [], True               # the cap landed between the engine's steps: nothing finished
        finally:
            if pbar is not None:
                pbar.close()
    if results is not None:
        regions = [Region(v, li, pat, out, L.S_out) for v, li, pat, out in results]
    if max_regions is not None and len(regions) > max_regions:
        raise TooLargeError(f"{len(regions)} regions (limit {max_regions})", regions=len(regions),
                            hint="use a smaller box, or raise max_regions")
    return RegionPartition(net.spec, tuple(regions), "plane" if plane else "box", None if plane else box, sl,
                           time.perf_counter() - t0, used, method=method, partial=partial,
                           stopped=(stopped_text(cap) or watch.stopped) if partial else "")


def _whole_plane_polygon() -> Polygon:
    # four directions; represents R^2 only for bookkeeping (no cut happened)
    inf = (0, 0, 1)
    return Polygon([(1, 0, 0), (0, 1, 0), (-1, 0, 0), (0, -1, 0)], [inf, inf, inf, inf])
