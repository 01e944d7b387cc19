"""Exact regions of a trained piecewise-linear model (:class:`~algnet.relu.model.PLModel`) on a 2-D slice.

Every node's value on a region is an exact affine function of the slice
coordinates (u, v): an integer matrix of shape (3, n) (coefficients of u, v
and the constant) over the node's common denominator. Affine nodes,
combinations and gathers transform these maps without cutting; an
activation node cuts each region by the zero lines of its pre-activations
(as in :mod:`algnet.relu.regions`); a max-pool node cuts each region into
the cells where each window's argmax is constant (lines a_i = a_j), so its
argmax pattern refines the partition. Every sign is decided exactly (float
filter with a proved error bound, integer arithmetic otherwise).

Patterns: one block per activation node (0/1 per neuron) and per max-pool
node (the argmax position in each window, one base-36 digit), '|'-separated.

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1])])   # relu(x) + relu(y) - 1
>>> part = model_regions(m, box=(-1, 1, -1, 1))
>>> part.count, sorted(r.pattern for r in part.regions)
(4, ['00', '01', '10', '11'])
"""

from __future__ import annotations

import time

import numpy as np

from algnet.errors import ParameterError
from algnet.relu.geometry import box_polygon, halfplane_polygon, polygon_signs, split_polygon
from algnet.relu.model import Activation, Affine, MaxPool, int_op
from algnet.relu.partition import Region, RegionPartition, region_time_cap, stopped_text
from algnet.relu.slices import Slice
from algnet.relu.workers import StopEnumeration, active_watch, memory_watch, refuse_beyond

__all__ = ["model_regions", "depth_first", "WATCH_PART_REGIONS"]

#: Regions finished between two memory checks of :func:`depth_first` (inside a
#: :func:`~algnet.relu.workers.memory_watch`): the part whose double must still fit in the memory left.
WATCH_PART_REGIONS = 64

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _cut(P, g):
    """(part of P where g >= 0, part where g <= 0), each None when it has no interior; P None = the plane."""
    a, b, c = g
    if a == 0 and b == 0:
        return (P, None) if c > 0 else (None, P) if c < 0 else (P, None)
    if P is None:
        return halfplane_polygon(g), halfplane_polygon((-a, -b, -c))
    s = polygon_signs(P, g)
    hi, lo = max(s), min(s)
    if hi > 0 and lo < 0:
        return split_polygon(P, g, s)
    return (P, None) if hi > 0 else (None, P)


def _argmax_cells(P, rows):
    """[(cell, i)]: the cells of P (None = plane) where rows[i] is the first maximal row (ties: lowest index)."""
    k = len(rows)
    out = []
    for i in range(k):
        cell, ok = P, True
        for j in range(k):
            if j == i:
                continue
            g = (rows[i][0] - rows[j][0], rows[i][1] - rows[j][1], rows[i][2] - rows[j][2])
            if g[0] == 0 and g[1] == 0:
                if g[2] < 0 or (g[2] == 0 and j < i):
                    ok = False
                    break
                continue
            plus, _ = _cut(cell, g)
            if plus is None:
                ok = False
                break
            cell = plus
        if ok:
            out.append((cell, i))
    return out


def _activation_pieces(poly, N):
    """Cut poly by the zero lines of the rows of N (n x 3 ints): [(piece, active bool array)]."""
    from algnet.relu.regions import _as_float, _process

    return _process(poly, N, _as_float(N))


def _decided_windows(poly, H, windows):
    """Float filter: for each window, the argmax position when one entry exceeds every other at every vertex of
    poly by more than the proved rounding bound (then it is the argmax on all of poly), else -1."""
    from algnet.relu.geometry import FILTER_EPS
    from algnet.relu.regions import _as_float

    out = np.full(len(windows), -1, dtype=np.int64)
    if poly is None:
        return out
    fv = np.array(poly.fv, dtype=float)                               # (k, 3)
    Hf = _as_float(H)                                                 # (3, n)
    with np.errstate(invalid="ignore", over="ignore"):
        vals = fv @ Hf                                                # (k, n)
        bnd = (np.abs(fv) @ np.abs(Hf)) * FILTER_EPS
    V, B = vals[:, windows], bnd[:, windows]                          # (k, n_out, kk)
    cand = np.argmax(V[0], axis=1)                                    # (n_out,)
    idx = np.arange(len(windows))
    vc = V[:, idx, cand][..., None]
    bc = B[:, idx, cand][..., None]
    same = windows == windows[idx, cand][:, None]                     # duplicates of the candidate (padding)
    with np.errstate(invalid="ignore"):
        ok = ((vc - V) > (bc + B)) | same[None]
    fin = np.isfinite(V).all(axis=(0, 2))
    good = ok.all(axis=(0, 2)) & fin
    out[good] = cand[good]
    # entries whose exact map equals the candidate's (e.g. several inactive ReLU outputs: all zero) tie with it;
    # the first one wins, so the candidate is decided when the others are dominated or identical and later
    for o in np.nonzero(~good & fin)[0].tolist():
        c = int(cand[o])
        col = H[:, windows[o, c]].tolist()
        if all(ok[:, o, j].all() or (j > c and H[:, windows[o, j]].tolist() == col) for j in range(windows.shape[1])):
            out[o] = c
    return out


def _maxpool_pieces(poly, H, windows):
    """Cut poly by the argmax of every window; H is (3, n) (columns = input coordinates)."""
    decided = _decided_windows(poly, H, windows)
    pieces = [(poly, [])]
    cols = None
    for o, w in enumerate(windows):
        if decided[o] >= 0:
            pieces = [(P, arg + [int(decided[o])]) for P, arg in pieces]
            continue
        if cols is None:
            cols = H.T.tolist()
        uniq = list(dict.fromkeys(int(t) for t in w))
        rows = [cols[t] for t in uniq]
        pos = {}
        for k, t in enumerate(w.tolist()):
            pos.setdefault(t, k)
        new = []
        for P, arg in pieces:
            for cell, i in (_argmax_cells(P, rows) if len(rows) > 1 else [(P, 0)]):
                new.append((cell, arg + [pos[uniq[i]] if len(rows) > 1 else 0]))
        pieces = new
    return pieces


def model_regions(model, *, box=None, plane: bool = False, slice=None, max_regions: int | None = 1_000_000,
                  show_progress: bool = False, force: bool = False, hint: str = "", time_limit=None) -> RegionPartition:
    """Exact partition of a 2-D slice of a PLModel's input space (see the module doc).

    Parameters
    ----------
    model : PLModel
    box : (xmin, xmax, ymin, ymax) in slice coordinates (default [-1, 1]^2 unless ``plane``)
    plane : bool
        The whole slice plane (unbounded regions have vertices at infinity).
    slice : Slice or dict, optional
        Default: :meth:`Slice.standard` of the flattened input dimension.
    max_regions : int
        Refuse (TooLargeError) beyond this many regions.
    force : bool
        Run even when the first layer's regions (a lower bound), their memory or their CPU seconds
        (:func:`algnet.relu.model_estimates.model_region_estimate`) are estimated above the memory limit or
        the budget of :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds (``max_regions`` still holds).
    hint : str
        The cheaper route named when the enumeration is refused (default: a smaller box, the float engine, a
        smaller model).
    time_limit : float, optional
        Stop after this many CPU seconds of the enumeration: the regions finished so far, ``partial=True`` (a
        lower bound of the count, never the answer), ``stopped`` naming the limit.

    Returns
    -------
    RegionPartition
        Regions with exact vertices, patterns (incl. max-pool argmax) and the
        exact affine map of the outputs. Regions are finished one at a time
        (depth first): after Ctrl-C the regions finished so far are returned,
        with ``partial=True`` (their count is a lower bound).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [1, 1]], [0, -1]), ([[1, -1]], [0])])
    >>> model_regions(m, plane=True).count          # two generic lines: 4 regions
    4
    """
    from algnet.relu.regions import _initial_map, parse_box
    from algnet.time_caps import check_time_limit

    time_limit = check_time_limit(time_limit)
    n0 = model.input_size
    sl = Slice.coerce(slice, n0)
    if plane and box is not None:
        raise ParameterError("give either box= or plane=True", hint="plane=True partitions the whole plane")
    if not plane:
        line = model.input_size == 1 and slice is None
        box = parse_box(box if box is not None else (-1, 1, -1, 1),   # one input: box=(a, b) is [a, b]
                        line="given" if line and box is not None else line)
    from algnet.relu.model_estimates import check_model_regions, model_region_estimate

    domain = "the whole plane" if plane else f"the box {_box_text(box)}"
    est = model_region_estimate(model, box=box, slice=sl)
    check_model_regions(f"{model.spec} on {domain} of the slice", est,
                        max_regions=max_regions, force=force,
                        hint=hint or "a smaller box, the float engine (--float, not exact), or a smaller model")
    t0 = time.perf_counter()
    H0, S0 = _initial_map(n0, sl)
    S = model.scales(S0)
    last = model.last_use()
    init = None if plane else box_polygon(*box)
    nodes = model.nodes
    with region_time_cap(time_limit) as cap, memory_watch(2 * est["bytes_per_region"]) as watch:
        try:
            done, partial = depth_first((init, [], {0: np.asarray(H0, dtype=object).T.copy()}), len(nodes),
                                        lambda i, poly, pats, env: _node_step(nodes[i], i, poly, pats, env, S, last),
                                        max_regions, "regions finished" if show_progress else None)
        except KeyboardInterrupt:
            if not cap.expired:
                raise
            done, partial = [], True                  # the cap landed outside the depth-first loop
    from algnet.relu.partition import pattern_str
    from algnet.relu.regions import _whole_plane_polygon

    out = len(nodes) - 1
    regions = []
    done.reverse()
    while done:             # each finished region's maps released as its Region is built: the memory stays level
        poly, pats, env = done.pop()
        P = poly if poly is not None else _whole_plane_polygon()
        Y = env[out]
        out_num = tuple(tuple(int(Y[r, k]) for r in range(3)) for k in range(Y.shape[1]))
        regions.append(Region(tuple(P.verts), tuple(P.lines), pattern_str(pats), out_num, S[out]))
    part = RegionPartition(model.spec, tuple(regions), "plane" if plane else "box", None if plane else box, sl,
                           time.perf_counter() - t0, 1,
                           method="nodewise exact polygon splitting of a PL model (float filter + integer arithmetic)",
                           partial=partial, stopped=(stopped_text(cap) or watch.stopped) if partial else "")
    return part


def _box_text(box) -> str:
    from algnet.relu.geometry import box_text

    return box_text(box)


def depth_first(root, n_nodes, step, max_regions=None, progress=None):
    """Run regions through the nodes 1..n_nodes-1 of a model depth first; returns (finished, partial).

    ``root`` = (piece, patterns, env) entering node 1; ``step(i, piece, patterns, env)`` -> the list of
    (piece, patterns, env) leaving node i (several when it cuts). A region runs through every node before
    the next one starts, so Ctrl-C returns every region finished so far (``partial`` True); beyond
    ``max_regions`` finished regions, TooLargeError. ``progress``: the description of a progress bar
    (regions finished), or None. Inside a :func:`~algnet.relu.workers.memory_watch` the memory left is
    checked every :data:`WATCH_PART_REGIONS` finished regions, and an allocation refused (MemoryError) stops
    the walk too: the regions finished so far are returned, ``partial`` True, the watch saying why.

    Examples
    --------
    >>> halve = lambda i, iv, pats, env: [((iv[0], sum(iv) / 2), pats + [0], env), ((sum(iv) / 2, iv[1]), pats + [1], env)]
    >>> depth_first(((0, 1), [], None), 3, halve)[0][:2]         # two halvings: four quarters, finished in order
    [((0, 0.25), [0, 0], None), ((0.25, 0.5), [0, 1], None)]
    """
    done, partial = [], False
    pbar = None
    if progress:
        from tqdm.auto import tqdm

        pbar = tqdm(desc=progress, unit="region")
    watch = active_watch()
    stack = [(1,) + tuple(root)]
    try:
        while stack:
            i, piece, pats, env = stack.pop()
            if i == n_nodes:
                done.append((piece, pats, env))
                if pbar is not None:
                    pbar.update(1)
                refuse_beyond(len(done), max_regions)
                if watch is not None and len(done) % WATCH_PART_REGIONS == 0:
                    watch.check(len(done), WATCH_PART_REGIONS)
                continue
            stack.extend((i + 1,) + c for c in reversed(step(i, piece, pats, env)))
    except (KeyboardInterrupt, StopEnumeration):
        partial = True
    except MemoryError:
        stack.clear()               # the pieces under way: room for what follows
        if watch is None:
            raise
        watch.allocation_failed(len(done), unit="regions")
        partial = True
    finally:
        if pbar is not None:
            pbar.close()
    return done, partial


def _node_step(n, i, poly, pats, env, S, last):
    """One node on one region: [(piece, patterns, env)] (several pieces for activations and max-pools)."""
    op = n.op
    ins = [env[j] for j in n.inputs]
    new = []
    if isinstance(op, Activation):
        X = ins[0]
        for P, act in _activation_pieces(poly, X.T):
            Y = np.where(act[None, :], X * op.den, X * op.int_slopes()[None, :])
            new.append((P, pats + [act], _store(env, i, Y, last)))
    elif isinstance(op, MaxPool):
        X = ins[0]
        for P, arg in _maxpool_pieces(poly, X, op.windows):
            sel = op.windows[np.arange(len(arg)), arg]
            new.append((P, pats + ["".join(_DIGITS[a % 36] for a in arg)], _store(env, i, X[:, sel], last)))
    else:
        Y = int_op(op, ins, [S[j] for j in n.inputs], S[i], bias_rows=[2] if isinstance(op, Affine) else None)
        new.append((poly, pats, _store(env, i, Y, last)))
    return new


def _store(env, i, Y, last):
    e = {k: v for k, v in env.items() if last.get(k, -1) > i}
    e[i] = Y
    return e
