"""Filtered exact region enumeration on a box: float64 arithmetic with proved error bounds, exact on demand.

The layerwise algorithm of :mod:`algnet.relu.regions` (cut every region by the zero lines of the
next layer's pre-activations) run on float64 numbers that carry a rigorous bound on their distance
to the exact value, the way CGAL's filtered predicates work:

* pre-activation maps ``N_l = A_l (act * N_(l-1)) + c_l`` are computed in float64 together with a
  componentwise bound ``E_l`` on their error (standard bound gamma_n |A| |H| for an n-term dot
  product, plus the propagated error of the previous layer and of non-representable weights);
* every polygon vertex is the intersection of two lines and carries a bound on the error of its
  float coordinates (from the errors of the two lines and the rounding of the cross product);
* the sign of a line at a vertex is decided in float64 when the computed value exceeds the bound;
  otherwise (near-degenerate cases: concurrent lines, offsets at the rounding level) the line and
  the vertex are recomputed in exact integer arithmetic and the sign is exact.

Every sign that shapes the partition is thus proved, so regions, activation patterns and counts
are exact. The exact integer data of a region (vertices, edge lines, output affine map) is a
function of its activation pattern and is computed on first access (see
:class:`~algnet.relu.partition.Region`).

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> net = parse_spec("relu 2-3-1")
>>> theta = [1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0]      # x = 0, y = 0, x + y = -1
>>> linear_regions(net, theta, box=(-2, 2, -2, 2)).count   # the filtered engine is the default on boxes
7

The float layers and their error bounds are in :mod:`algnet.relu.filtered_layers`, the cuts in
:mod:`algnet.relu.filtered_cuts`, the per-region records in :mod:`algnet.relu.filtered_records` and what their
float hints prove in :mod:`algnet.relu.filtered_hints`; this module runs them.
"""

from __future__ import annotations

import numpy as np

from algnet.relu.filtered_cuts import _Node, _process, box_start
from algnet.relu.filtered_hints import boundary_free
from algnet.relu.filtered_layers import _TINY, U, FloatLayers, _gamma
from algnet.relu.filtered_records import COMPACT_BLOCK_BYTES, Materializer, compact, compact_block

# the engine's steps (run_filtered, box_start, compact, Materializer) are importable here but not public
__all__ = ["filtered_regions", "FloatLayers", "boundary_free", "compact_block", "COMPACT_BLOCK_BYTES"]

# names read from here by other modules (the float64 engines' check takes the filter's rounding constants)
_REEXPORTED = (U, _TINY, _gamma)


def run_filtered(F: FloatLayers, ctx, items, start: int, max_regions=None, progress=None, stop=None):
    """Run hidden layers start..stop-1 on items [(node, verts, edges, H, EH, pats)].

    Returns (the items entering layer ``stop`` (default: the output layer), stop).
    """
    from algnet.relu.workers import refuse_beyond

    stop = F.depth - 1 if stop is None else stop
    for l in range(start, stop):
        new = []
        for node, verts, edges, H, EH, pats in items:
            N, E = F.affine(l, H, EH)
            for (pv, pe), act in _process(node, ctx, verts, edges, N, E):
                m = act[:, None]
                new.append((_Node(node, act, l + 1), pv, pe, N * m, E * m, pats + [act]))
            refuse_beyond(len(new), max_regions, f" after hidden layer {l + 1}")
        items = new
        if progress is not None:
            progress(l + 1, len(items))
    return items, stop


def _below(F, ctx, chunk):
    """Finish the regions of ``chunk`` (items entering hidden layer 2): compact records and the exact sign
    evaluations this took."""
    before = ctx.exact_calls
    items, _ = run_filtered(F, ctx, chunk, 1)
    return compact(items, F), ctx.exact_calls - before


def filtered_regions(net, theta, L, sl, box, workers=1, max_regions=None, progress=None):
    """Exact regions of a box of a slice by the filtered engine.

    Parameters
    ----------
    net, theta : a ReluNetwork and its rational parameters
    L : the exact integer layers (:class:`algnet.relu.regions._Layers`) used by the exact fallbacks
    sl : Slice
    box : (xmin, xmax, ymin, ymax) rationals
    workers, max_regions, progress : as in :func:`algnet.relu.regions.linear_regions`

    Returns
    -------
    (regions, workers used, stats): lazy :class:`~algnet.relu.partition.Region` objects, and
    ``stats["exact_sign_evaluations"]``, the number of signs the float filter left to exact arithmetic.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import _Layers
    >>> from algnet.relu.slices import Slice
    >>> net = parse_spec("relu 2-2-1")
    >>> th = net.rational_params([1, 0, 0, 1, 0, 0, 1, 1, 0])
    >>> sl = Slice.standard(2)
    >>> regs, _, stats = filtered_regions(net, th, _Layers(net, th, sl), sl, (-1, 1, -1, 1))
    >>> sorted(r.pattern for r in regs), stats["exact_sign_evaluations"]   # x = 0 and y = 0 cut the box in four
    (['00', '01', '10', '11'], 0)
    """
    import gc

    was = gc.isenabled()
    gc.disable()          # millions of small containers, no cycles: the collector would rescan them all
    try:
        # float64 overflow (weights or boxes near 1e308) gives inf or nan, which decide no sign (the exact
        # fallback does): not the user's concern, so numpy's warnings about it are not shown
        with np.errstate(over="ignore", invalid="ignore"):
            return _filtered_regions(net, theta, L, sl, box, workers, max_regions, progress)
    finally:
        if was:
            gc.enable()


def _filtered_regions(net, theta, L, sl, box, workers, max_regions, progress):
    from functools import partial as bind

    from algnet.relu.partition import Region
    from algnet.relu.workers import finish_chunks, size_limit

    F = FloatLayers(net, theta, sl)
    root, verts, edges, ctx = box_start(box, L)
    items = [(root, verts, edges, F.H0, F.EH0, [])]
    # the first hidden layer here, then depth first below each of its regions (in worker processes when
    # asked): Ctrl-C keeps the regions finished so far
    try:
        items, _ = run_filtered(F, ctx, items, 0, max_regions, stop=min(1, F.depth - 1))
    except KeyboardInterrupt:
        items = None
    if items is None:
        parts, used, partial = [], 1, True
    else:
        if progress is not None:
            progress(1, len(items))
        parts, used, partial = finish_chunks(bind(_below, F, ctx), items, workers if F.depth > 2 else 1,
                                             on_result=size_limit(max_regions, lambda r: len(r[0])))
    records = [r for p, _ in parts for r in p]
    if progress is not None:
        for l in range(2, F.depth):
            progress(l, len(records))
    calls = ctx.exact_calls + (sum(c for _, c in parts) if used > 1 else 0)
    mat = Materializer(L, ctx.box_lines, records)
    regions = [Region.lazy(rec[0], bind(mat, i), L.S_out, hint=rec[3]) for i, rec in enumerate(records)]
    return regions, used, {"exact_sign_evaluations": calls, "partial": partial}
