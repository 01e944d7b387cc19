"""The layerwise region algorithm in float64 only (for speed comparisons; not exact).

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("relu 2-3-1")
>>> linear_regions_float(net, net.random_params(seed=0)).exact
False
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from algnet.architectures.spec import parse_spec
from algnet.relu.float_check import MARGIN_THRESHOLD, verdict_of
from algnet.relu.float_margins import mlp_exact_lines, note_decisions, recheck_decisions, vertex_margin
from algnet.relu.float_polygons import EPS, box_polygon, coordinates, on_own_edges, split_polygon
from algnet.relu.geometry import cut_by_lines
from algnet.relu.partition import domain_json, region_time_cap, stopped_text
from algnet.relu.partition import pattern_str as _pattern_str
from algnet.relu.slices import Slice
from algnet.time_caps import check_time_limit

__all__ = ["FloatPartition", "linear_regions_float", "float_region_bytes", "float_region_estimate",
           "float_rows_estimate", "check_float_rows", "check_float_regions", "FLOAT_FIRST_PER_EXACT",
           "FLOAT_LATER_PER_EXACT"]

@dataclass(frozen=True)
class FloatPartition:
    """Result of the float64 engines (:func:`linear_regions_float`,
    :func:`~algnet.relu.model_regions_float.model_regions_float`): float64 polygons and
    patterns, NOT exact (signs decided by the sign of a rounded value, vertices rounded).

    ``outputs[i]`` (when recorded) is the (3, n_out) float map of the outputs on region i
    (rows: coefficients of u, v and the constant); ``partial`` is True when Ctrl-C or the time limit stopped
    the enumeration (the regions finished so far are kept; ``stopped`` names the time limit when it was that).

    What the count proves (:mod:`algnet.relu.float_check`): ``lower_bound`` regions (distinct patterns) were
    checked in exact arithmetic, so the exact count is at least that; ``margin`` is the rounding margin of the
    signs decided. ``verdict``: 'proved lower bound' (every region checked, margin comfortable: the count is a
    proved lower bound and the float64 estimate of the count), 'possibly wrong' (a region failed its check, or
    a sign was decided at the level of the rounding errors: only ``lower_bound`` is proved), 'not verified'.

    Examples
    --------
    The axes cut [-1, 1]^2 into 4 squares; the float64 count agrees here, and proves it is at least 4:

    >>> from algnet import parse_spec
    >>> fp = linear_regions_float(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0], box=(-1, 1, -1, 1))
    >>> fp.count, fp.exact, fp.evidence.certified, fp.as_dict()["regions"], fp.lower_bound, fp.verdict
    (4, False, False, 4, 4, 'proved lower bound')
    """

    spec: str
    polygons: tuple
    patterns: tuple
    seconds: float
    exact: bool = False
    outputs: tuple | None = None
    box: tuple | None = None
    slice: Slice | None = None
    partial: bool = False
    method: str = "layerwise polygon splitting in float64 (not exact)"
    stopped: str = ""
    lower_bound: int | None = None
    margin: float | None = None

    @property
    def count(self) -> int:
        return len(self.polygons)

    @property
    def verdict(self) -> str:
        """'proved lower bound', 'possibly wrong' or 'not verified' (see the class doc)."""
        return verdict_of(self.count, self.lower_bound, self.margin)

    @property
    def evidence(self):
        """Not certified: a float64 count, of which the regions checked in exact arithmetic are a proved
        lower bound."""
        from algnet.evidence import Evidence

        why = f"stopped at {self.stopped}" if self.stopped else "interrupted"
        what = f"{why}: the regions finished so far, " if self.partial else ""
        if self.lower_bound is None:
            proves = f"nothing ({what}float64 count {self.count}, not proved)"
        else:
            proves = (f"regions >= {self.lower_bound} ({what}{self.lower_bound} distinct activation patterns "
                      "checked in exact arithmetic at a point strictly inside the box and their region); float64 "
                      f"count {self.count}: {self.verdict_text()}")
        return Evidence(method=self.method, certified=False, proves=proves, seconds=self.seconds,
                        partial=self.partial)

    def verdict_text(self) -> str:
        """One phrase for people: what the count is (see :attr:`verdict`)."""
        if self.verdict == "not verified":
            return "not verified"
        m = ("no sign decided near a hyperplane" if not np.isfinite(self.margin) else
             f"the closest sign decision was {self.margin:.3g} times its float64 rounding error")
        if self.verdict == "proved lower bound":
            return f"a proved lower bound, not proved exact ({m})"
        why = (f"{m}, below {MARGIN_THRESHOLD:.3g}: signs decided at the level of the rounding errors"
               if self.margin < MARGIN_THRESHOLD else
               f"{self.count - self.lower_bound} region(s) failed the exact check")
        return (f"NOT CERTIFIED, POSSIBLY WRONG ({why}); proved: regions >= {self.lower_bound}; the exact engine "
                "(without --float) gives the count")

    def as_dict(self) -> dict:
        """JSON-ready summary (count, exact=False, evidence fields)."""
        ev = self.evidence.as_dict()
        return {"spec": self.spec, "regions": self.count, **domain_json("box", self.box, self.slice),
                "slice": None if self.slice is None else self.slice.as_dict(), "exact": False,
                "method": self.method, "seconds": round(self.seconds, 3), "certified": False,
                "proves": ev["proves"], "seed": None, "partial": self.partial, "verdict": self.verdict,
                "lower_bound": self.lower_bound,
                "rounding_margin": None if self.margin is None or self.margin == np.inf else self.margin,
                **({"partial_reason": f"stopped at {self.stopped}" if self.stopped else "interrupted"}
                   if self.partial else {})}

    def plot(self, ax=None, seed: int = 0, edgecolor="k", linewidth=0.3):
        """Draw the float64 polygons (random colours); returns the matplotlib Axes."""
        import matplotlib.pyplot as plt
        from matplotlib.collections import PolyCollection

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 5))
        rng = np.random.default_rng(seed)
        ax.add_collection(PolyCollection([np.asarray(P) for P in self.polygons], facecolors=rng.random((self.count, 3)),
                                         edgecolors=edgecolor, linewidths=linewidth))
        if self.box is not None:
            ax.set_xlim(float(self.box[0]), float(self.box[1]))
            ax.set_ylim(float(self.box[2]), float(self.box[3]))
        else:
            ax.autoscale_view()
        labels = self.slice.labels if self.slice is not None else ("u", "v")
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(f"{self.count} regions (float64, not exact" + (", partial" if self.partial else "")
                     + (", possibly wrong)" if self.verdict == "possibly wrong" else ")"))
        ax.set_aspect("equal")
        return ax

    def __repr__(self):
        p = f", partial ({'stopped at ' + self.stopped if self.stopped else 'interrupted'})" if self.partial else ""
        v = ", possibly wrong" if self.verdict == "possibly wrong" else ""
        return f"FloatPartition({self.spec!r}: {self.count} regions, float64 (not exact{v}){p}, {self.seconds:.2f} s)"


_FEW = 16     # as in the filtered exact engine: few crossing lines are applied one after the other


def _fcut(V, N, mg, layer=None):
    """Cut the float polygon V (:mod:`algnet.relu.float_polygons`) by the zero lines of the rows of N: [(piece,
    act)]. The same splitting order as the filtered exact engine (a piece is tested only against the lines that
    crossed its parent). ``mg`` = [rounding margin so far, [hidden layer, low-margin decisions recorded],
    first-layer lines through corners (:func:`_corner_zeros`)]: the margin is lowered to the smallest |value|
    decided, in units of its line's 2^-52 (s (|a| + |b|) + |c|) at the vertex (s: the vertex's scale)
    (:mod:`algnet.relu.float_check`), or to a lower bound of it when that is above
    :data:`~algnet.relu.float_check.MARGIN_THRESHOLD` (measured against the largest unit of the rows at the piece's
    largest vertex scale). Below the threshold, when ``layer`` = (W, H, b) gives
    N = W H + b, the values are taken again through the previous layer (:func:`_through_layer`), then the decisions
    still below it are recorded for the exact re-check (:func:`_margin`)."""
    m = N.shape[0]
    Nt = np.ascontiguousarray(N[:, :2].T)
    c = N[:, 2]
    mx = np.abs(N).max(axis=0).tolist()                  # |a| + |b| and |c| of every row at most these
    lines = (mx[0] + mx[1], mx[2])
    out = []
    stack = [(V, np.arange(m), np.zeros(m, dtype=bool))]
    while stack:
        P, cand, act = stack.pop()
        vals = P.xy @ Nt[:, cand] + c[cand]
        umax = EPS * (P.scale * lines[0] + lines[1]) or np.inf     # every row zero: no line
        r = np.abs(vals).min() / umax
        if r < MARGIN_THRESHOLD:                       # at each vertex's scale; then through the previous layer
            r, vals = _margin(P, vals, N, cand, mg, layer)
        if r < mg[0]:
            mg[0] = r
        anypos = (vals > 0).any(axis=0)
        cross = anypos & (vals < 0).any(axis=0)
        keep = ~cross
        act[cand[keep]] = anypos[keep]
        ci = np.nonzero(cross)[0]
        if not len(ci):
            out.append((P, act))
        elif len(ci) <= _FEW:
            _fsequential(P, cand[ci].tolist(), act, N, out, (mg, layer))
        else:
            j = int(cand[ci[0]])
            Pp, Pm = split_polygon(P, vals[:, ci[0]], N[j], (mg[1][0], j, -1))
            rest = cand[ci[1:]]
            a1 = act.copy()
            a1[j] = True
            act[j] = False
            stack.append((Pm, rest, act))
            stack.append((Pp, rest, a1))
    return out


def _fsequential(V, lines, act, N, out, margin):
    mg, layer = margin

    def cut(P, j):
        v = P.xy @ N[j, :2] + N[j, 2]
        lo, hi = v.min(), v.max()
        low = np.abs(v).min() if lo < 0 < hi else lo if lo > 0 else -hi
        x, y, c = N[j].tolist()
        ab, ac = abs(x) + abs(y), abs(c)
        r = low / (EPS * (P.scale * ab + ac))
        if not r >= MARGIN_THRESHOLD:              # NaN too; at each vertex's scale, then through the previous layer
            r, v = _margin(P, v[:, None], N, [j], mg, layer)
            v = v[:, 0]
            lo, hi = v.min(), v.max()
        if not r >= mg[0]:
            mg[0] = r
        if lo < 0 < hi:
            return split_polygon(P, v, N[j], (mg[1][0], j, -1))
        return (P, None) if hi > 0 else (None, P)

    out.extend(cut_by_lines([(V, {})], lines, cut, act))


def _through_layer(P, layer, cols):
    """(values, units) (k x len(cols)) of the lines ``cols`` of N = W H + b at the vertices of P, taken through the
    previous layer: its values H [x, y, 1] at each vertex, exactly 0 for a unit whose zero line is an edge at that
    vertex (:func:`~algnet.relu.float_polygons.on_own_edges`), then W and b. A line of N parallel to such an edge
    (a unit of this layer where only that unit of the previous one is on) then keeps the same value along it:
    computed from the composed N, its value at a vertex as far away as the box carries N's rounding times the
    vertex's coordinates, and a sign there can be the sign of an error."""
    W, H, b = layer
    z = P.xy @ H[:, :2].T + H[:, 2]                                        # (k, n_prev)
    own = on_own_edges(P, H)
    z[own] = 0.0
    aH = np.abs(H)
    e = np.where(own, 0.0, P.scales()[:, None] * (aH[:, 0] + aH[:, 1]) + aH[:, 2])
    Wc, bc = W[cols], b[cols]
    aW = np.abs(Wc).T
    return z @ Wc.T + bc, EPS * ((e + np.abs(z)) @ aW + np.abs(bc))


def linear_regions_float(net, theta, *, box=(-1, 1, -1, 1), slice: Slice | None = None,
                         time_limit=None, max_regions: int | None = 5_000_000, force: bool = False,
                         show_progress: bool = False) -> FloatPartition:
    """The same layerwise algorithm in float64 only (no exact arithmetic), on a box.

    Offered to compare speed and results with :func:`linear_regions`; its
    count can differ from the exact one when regions are thin or lines
    nearly concurrent (a new vertex is the intersection of the two lines that meet there,
    :mod:`algnet.relu.float_polygons`, so its error follows its own coordinates, not the box's; but a deeper
    layer's line, rounded, is evaluated at vertices as far away as the box: on a box of side 1e20 around regions
    of size 1 a sign can still be decided at the rounding level: such a decision at a vertex is re-checked in exact
    rationals from the network's weights, :mod:`algnet.relu.float_margins`, and the result says so when exact
    arithmetic does not confirm it). Below the first
    hidden layer regions are finished depth first: after Ctrl-C, or after ``time_limit`` CPU seconds, the
    regions finished so far are returned,
    with ``partial=True``. A box the float64 arithmetic cannot represent (a coordinate beyond
    :data:`~algnet.relu.geometry.FLOAT_BOX_LIMIT`, or a side below its inverse) is refused (ParameterError).

    Before any work the regions, memory and CPU time are estimated from the first hidden layer's lines
    (:func:`check_float_regions`) and the run is refused (TooLargeError, with the estimate and a cheaper route)
    above ``max_regions``, the memory limit, or the CPU budget (:data:`~algnet.guards.DEFAULT_BUDGET`; no budget
    with a ``time_limit``, at which the run stops anyway), unless ``force`` (which lifts the budget and the
    memory limit, not ``max_regions`` nor a memory estimate above the whole machine). ``show_progress``: a bar (on
    stderr) over the parts of the first hidden layer's regions finished through the later layers, with the regions
    found so far.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3-1")
    >>> th = net.random_params(seed=0)
    >>> from algnet.relu.regions import linear_regions
    >>> linear_regions_float(net, th, box=(-5, 5, -5, 5)).count == linear_regions(net, th, box=(-5, 5, -5, 5)).count
    True
    """
    import gc

    net = parse_spec(net)
    time_limit = check_time_limit(time_limit)
    if len(net.widths) > 2:         # the estimate from the first layer's lines, before anything is built
        from algnet.relu.geometry import check_float_box

        check_float_box(box)
        check_float_regions(net, theta, box, slice, max_regions=max_regions, force=force, time_limit=time_limit)
    was = gc.isenabled()
    gc.disable()          # many small containers and no cycles (as in the exact engines)
    try:
        from algnet.relu.workers import memory_watch

        # the watch stops before the memory is exhausted: numpy allocates a ufunc's iteration buffers with the
        # interpreter lock released (loops of more than 500 elements, e.g. a region's map of 200 units x 3) and a
        # failed allocation there is a segmentation fault, not a MemoryError
        from algnet.relu.float_check import CHECK_CHUNK_BYTES
        from algnet.relu.workers import MEMORY_RESERVE_BYTES

        per_region, after = float_region_bytes(net.widths)      # and the check's chunk, kept with the reserve
        with region_time_cap(time_limit) as cap, memory_watch(per_region, after_bytes=after,
                                                              reserve=MEMORY_RESERVE_BYTES + CHECK_CHUNK_BYTES) \
                as watch:
            try:
                part = _linear_regions_float(net, theta, box, slice, show_progress)
            except KeyboardInterrupt:
                if not cap.expired:
                    raise
                part = FloatPartition(net.spec, (), (), 0.0, box=tuple(box), slice=slice, partial=True)
        return replace(part, stopped=stopped_text(cap) or watch.stopped) if part.partial else part
    finally:
        if was:
            gc.enable()


#: CPU seconds of the float64 engine per CPU second of the exact engine's box estimate
#: (:func:`algnet.relu.regions_estimate.region_work_estimate`), for the first hidden layer's cuts and for the later
#: layers: measured on 2 cores on [-1, 1]^2 (float engine, in process), first layer 0.41 (relu 2-300-1) and 0.23
#: (2-600-1); later layers 0.9-1.05 (2-200-200-1, 2-64-64-64-64-1, 10-100-100-100-1), 2.2-3.7 (784-256-256-10,
#: 784-128-128-10: the slice's 784 inputs). With 0.5 and 3.0 the estimate is 0.83-2.9x the measured CPU on these.
FLOAT_FIRST_PER_EXACT = 0.5
FLOAT_LATER_PER_EXACT = 3.0


def float_region_estimate(net, theta, box, slice=None) -> dict:
    """The estimate of the float64 engine on ``box`` (:func:`linear_regions_float`) from the first hidden layer's
    lines alone (float64, nothing else of ``theta`` read): the regions of the first layer (a lower bound up to
    concurrent lines), of all layers (``regions_estimate``, an estimate, at most the proved ``upper_bound``), the
    CPU seconds (the exact engine's box estimate, its first layer times :data:`FLOAT_FIRST_PER_EXACT`, its later
    layers times :data:`FLOAT_LATER_PER_EXACT`) and the memory (every region estimated, with
    :func:`float_region_bytes` each).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3-1")
    >>> est = float_region_estimate(net, [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0], (-1, 1, -1, 1))
    >>> est["estimate"], est["upper_bound"]     # x = 0, y = 0 cross in the box; x + y = -1 cuts off a corner
    (5, 7)
    """
    from algnet.relu.regions_estimate import first_layer_rows

    sl = slice if slice is not None else Slice.standard(net.widths[0])
    return float_rows_estimate(net, first_layer_rows(net, theta, sl, exact=False), box)


def float_rows_estimate(net, rows, box) -> dict:
    """:func:`float_region_estimate` from the first hidden layer's lines a u + b v + c = 0 (rows (a, b, c), in
    slice coordinates; any common scale), e.g. read from the integers of random weights before any weight is built
    (:func:`algnet.relu.regions_estimate.check_random_regions`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> float_rows_estimate(parse_spec("relu 2-2-1"), [(1, 0, 0), (0, 1, 0)], (-1, 1, -1, 1))["estimate"]
    4
    """
    from algnet.relu.float_check import CHECK_CHUNK_BYTES
    from algnet.relu.float_products import uses_compiled_loop
    from algnet.relu.regions_estimate import (COMPILED_LOOP_BYTES, EXACT_WEIGHT_BYTES, REGIONS_FIXED_BYTES,
                                              region_work_estimate)

    est = region_work_estimate(net, np.asarray(rows, dtype=float), tuple(float(v) for v in box), plane=False)
    per_region, after = float_region_bytes(net.widths)
    est["first_layer_cpu_seconds"] *= FLOAT_FIRST_PER_EXACT
    est["later_cpu_seconds"] *= FLOAT_LATER_PER_EXACT
    est["cpu_seconds"] = est["first_layer_cpu_seconds"] + est["later_cpu_seconds"]
    # the regions found (waiting, then kept), the check's chunk, the exact weights (the re-checks read them) and
    # the compiled product loop when a layer is wide enough to use it
    compiled = any(uses_compiled_loop(a) for a in net.widths[:-1])
    est["memory"] = (est["regions_estimate"] * (per_region + after) + REGIONS_FIXED_BYTES + CHECK_CHUNK_BYTES
                     + EXACT_WEIGHT_BYTES * int(net.n_params) + (COMPILED_LOOP_BYTES if compiled else 0))
    return est


def check_float_regions(net, theta, box, slice=None, *, max_regions=5_000_000, force: bool = False,
                        time_limit=None) -> dict:
    """Refuse (TooLargeError with the estimate and a cheaper route) a float64 enumeration whose
    :func:`float_region_estimate` is above ``max_regions`` (its first layer alone), the memory limit or, without a
    ``time_limit``, the CPU budget (:data:`~algnet.guards.DEFAULT_BUDGET`), unless ``force``. Returns the estimate.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3000-1")
    >>> check_float_regions(net, net.random_params(seed=0), (-1, 1, -1, 1))
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-3000-1: the first hidden layer alone cuts the box into about ...
    """
    return check_float_rows(net, float_region_estimate(net, theta, box, slice), max_regions=max_regions,
                            force=force, time_limit=time_limit)


def check_float_rows(net, est: dict, *, max_regions=5_000_000, force: bool = False, time_limit=None) -> dict:
    """The refusal of :func:`check_float_regions` for an estimate made already (:func:`float_rows_estimate`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-2-1")
    >>> check_float_rows(net, float_rows_estimate(net, [(1, 0, 0), (0, 1, 0)], (-1, 1, -1, 1)))["estimate"]
    4
    """
    from algnet.relu.estimates import check_region_work

    return check_region_work(net.spec, est, domain="box", max_regions=max_regions, force=force, plane=False,
                             run_time_limit=time_limit, engine="float64 enumeration")


def float_region_bytes(widths) -> tuple:
    """(bytes a region holds while the float64 MLP engine runs, bytes more per region for the work on all regions
    once it ends) for hidden layers of these ``widths`` (input first): a finished region waits with its vertices,
    its pattern (one bool per unit) and its float map (3 float64 per unit of the last hidden layer); then its
    coordinates and pattern string are made (the check of the regions, :func:`~algnet.relu.float_check.
    check_mlp_regions`, works on chunks of at most :data:`~algnet.relu.float_check.CHECK_CHUNK_BYTES`, whatever
    the count). The arguments of :func:`~algnet.relu.workers.memory_watch`.

    Examples
    --------
    >>> per_region, after = float_region_bytes((2, 150, 150, 150, 1))
    >>> per_region > 24 * 150, after > 450
    (True, True)
    """
    from algnet.relu.regions_estimate import BOX_REGION_BYTES

    hidden = [int(w) for w in widths[1:-1]] or [1]
    per_region = 24 * max(hidden) + 2 * sum(hidden) + 112 * len(hidden) + BOX_REGION_BYTES
    after = 4 * sum(hidden) + BOX_REGION_BYTES
    return per_region, after


def _progress_callback(check, parts: int, show: bool):
    """(on_result for :func:`~algnet.relu.workers.finish_chunks`: ``check`` and a bar's step, the bar or None)."""
    if not show:
        return check, None
    from tqdm.auto import tqdm

    bar = tqdm(total=parts, desc="regions (float64): parts of the first layer's regions finished", unit="part")
    found = [0]

    def step(result):
        if check is not None:
            check(result)
        found[0] += len(result)
        bar.update(1)
        bar.set_postfix(regions=found[0])
    return step, bar


def _linear_regions_float(net, theta, box, slice, show_progress: bool = False):
    t0 = time.perf_counter()
    sl = slice if slice is not None else Slice.standard(net.widths[0])
    H0 = np.array([[float(sl.directions[0][i]), float(sl.directions[1][i]), float(sl.origin[i])]
                   for i in range(net.widths[0])])
    from algnet.relu.workers import finish_chunks

    exact = net.layers(theta)
    layers = [(W.astype(float), b.astype(float)) for W, b in exact]
    from algnet.relu.geometry import check_float_box

    check_float_box(box)
    x0, x1, y0, y1 = (float(v) for v in box)
    items = [(box_polygon(x0, x1, y0, y1), [], H0)]
    mg = [np.inf, [1, []], _corner_zeros(exact[0], sl, box, layers[0]) if len(layers) > 1 else {}]
    # the first hidden layer, then depth first below each of its regions: Ctrl-C keeps the regions finished
    try:
        first = _float_layers(items, layers[:min(1, len(layers) - 1)], mg)
    except KeyboardInterrupt:
        first = None
    mg = [mg[0], mg[1], {}]
    if first is None:
        parts, partial = [], True
    else:
        from algnet.relu.workers import size_limit

        step, bar = _progress_callback(size_limit(None, len), min(len(first), 128), show_progress)
        try:
            parts, _, partial = finish_chunks(lambda chunk: _float_layers(chunk, layers[1:-1], mg, 2), first, 1,
                                              on_result=step, per_worker=128)
        finally:
            if bar is not None:
                bar.close()
    items = [it for part in parts for it in part]
    polygons, patterns = tuple(coordinates(V) for V, _, _ in items), tuple(_pattern_str(p) for _, p, _ in items)
    from algnet.relu.float_check import check_mlp_regions

    lower = check_mlp_regions(net, theta, sl, box, polygons, patterns, layers)
    suspects = mg[1][1]                 # the low-margin vertex decisions, re-checked in exact rationals
    if suspects and mg[0] >= MARGIN_THRESHOLD:
        mg[0] = min(mg[0], recheck_decisions(suspects, mlp_exact_lines(exact, sl, box)))
    elif suspects:
        mg[0] = min(mg[0], min(r[-1] for r in suspects))
    return FloatPartition(net.spec, polygons, patterns, time.perf_counter() - t0, box=tuple(box), slice=sl,
                          partial=partial, lower_bound=lower, margin=float(mg[0]))


def _corner_zeros(exact, sl, box, first) -> dict:
    """{unit j of the first hidden layer: [box corners]} where the unit's zero line passes exactly through a corner
    of the box, its float64 line and the corner being exact (a line through a corner, frequent with weights of small
    denominators, is no decision at the rounding level: its value there is exactly 0). ``exact``: the layer's
    rational (W, b); ``first``: its float64 (W, b)."""
    from fractions import Fraction

    corners = [(box[0], box[2]), (box[1], box[2]), (box[1], box[3]), (box[0], box[3])]
    if any(Fraction(float(v)) != Fraction(v) for v in box):
        return {}
    W, b = exact
    n0 = W.shape[1]
    H = [(Fraction(sl.directions[0][i]), Fraction(sl.directions[1][i]), Fraction(sl.origin[i])) for i in range(n0)]
    N = first[0] @ np.array([[float(v) for v in row] for row in H]).reshape(n0, 3)
    N[:, 2] += first[1]
    out = {}
    for j in range(W.shape[0]):
        row = [sum((Fraction(W[j][i]) * H[i][k] for i in range(n0)), Fraction(0)) for k in range(3)]
        row[2] += Fraction(b[j])
        if any(Fraction(float(f)) != e for f, e in zip(N[j], row)):
            continue
        hit = [(float(x), float(y)) for x, y in corners if row[0] * Fraction(x) + row[1] * Fraction(y) + row[2] == 0]
        if hit:
            out[j] = hit
    return out


def _corner_mask(P, lines, zeros):
    """(k, n) bool: the values of the lines ``lines`` through a corner of the box (:func:`_corner_zeros`) at that
    corner, no decision (None when there is none)."""
    out = None
    for k, j in enumerate(lines):
        for x, y in zeros.get(j, ()):
            if out is None:
                out = np.zeros((len(P), len(lines)), dtype=bool)
            out[(P.xy[:, 0] == x) & (P.xy[:, 1] == y), k] = True
    return out


def _margin(P, vals, N, cols, mg, layer):
    """(margin, values) of the lines ``cols`` of N at the vertices of P
    (:func:`~algnet.relu.float_margins.vertex_margin`): a line through a corner of the box is no decision there
    (:func:`_corner_mask`); below the threshold the values are taken again through the previous layer
    (:func:`_through_layer`) when ``layer`` = (W, H, b) gives N = W H + b, and the decisions still below it are
    recorded for the exact re-check (``mg[1]`` = [layer, records],
    :func:`~algnet.relu.float_margins.note_decisions`)."""
    cols = [int(j) for j in cols]
    L = N[cols]
    skip = _corner_mask(P, cols, mg[2]) if mg[2] else None
    again = None if layer is None else (lambda: _through_layer(P, layer, cols))

    def note(ratio, v):
        return note_decisions(P, ratio, L, [(mg[1][0], j, -1) for j in cols], np.sign(v), mg[1])

    return vertex_margin(P, vals, L, skip=skip, again=again, note=note)


def _float_layers(items, layers, mg, first=1):
    """Run the items [(polygon, patterns, float hidden map)] through the hidden layers [(W, b)] (the first of them
    hidden layer ``first``) in float64; ``mg``: the rounding margin so far (:func:`_fcut`)."""
    for i, (W, b) in enumerate(layers):
        mg[1][0] = first + i
        new = []
        for V, pats, H in items:
            N = W @ H
            N[:, 2] += b
            for P, act in _fcut(V, N, mg, (W, H, b)):
                new.append((P, pats + [act], N * act[:, None]))
        items = new
    return items
