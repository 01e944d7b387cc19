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

import json
import os
import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

import numpy as np

from algnet.architectures.relu import ReluNetwork, exact_matmul, to_fraction
from algnet.architectures.spec import parse_spec
from algnet.errors import NotApplicableError, ParameterError, TooLargeError
from algnet.relu.geometry import (
    FILTER_EPS,
    Polygon,
    box_polygon,
    clip_to_box,
    halfplane_polygon,
    interior_points,
    polygon_signs,
    split_polygon,
    vertex_point,
)

__all__ = ["Slice", "Region", "RegionPartition", "DecisionBoundary", "linear_regions", "enumerate_regions",
           "FloatPartition", "linear_regions_float"]


# ------------------------------------------------------------------ slices
@dataclass(frozen=True)
class Slice:
    """The affine plane z = origin + u * directions[0] + v * directions[1] of R^(n_0).

    Examples
    --------
    >>> s = Slice.standard(3)
    >>> s.point(Fraction(1), Fraction(2))
    (Fraction(1, 1), Fraction(2, 1), Fraction(0, 1))
    >>> s.describe()
    'coordinate plane (x0, x1), other inputs 0'
    """

    origin: tuple
    directions: tuple
    labels: tuple = ("u", "v")
    note: str = ""

    @classmethod
    def standard(cls, n0: int) -> "Slice":
        """Identity for n_0 = 2; (u, v) -> u for n_0 = 1; the (x0, x1) plane otherwise."""
        F0, F1 = Fraction(0), Fraction(1)
        if n0 == 1:
            return cls((F0,), ((F1,), (F0,)), ("x0", "(unused)"), "the input line R (regions are strips)")
        if n0 == 2:
            return cls((F0, F0), ((F1, F0), (F0, F1)), ("x0", "x1"), "the whole input plane R^2")
        o = tuple([F0] * n0)
        e0 = tuple(F1 if i == 0 else F0 for i in range(n0))
        e1 = tuple(F1 if i == 1 else F0 for i in range(n0))
        return cls(o, (e0, e1), ("x0", "x1"), "coordinate plane (x0, x1), other inputs 0")

    @classmethod
    def from_dict(cls, d: dict, n0: int) -> "Slice":
        """From ``{"origin": [...], "directions": [[...], [...]], "labels": [..]}`` (rationals as numbers or 'p/q')."""
        try:
            o = tuple(to_fraction(x) for x in d["origin"])
            dirs = tuple(tuple(to_fraction(x) for x in r) for r in d["directions"])
        except (KeyError, TypeError):
            raise ParameterError("a slice needs 'origin' (n_0 numbers) and 'directions' (two lists of n_0 numbers)",
                                 hint='e.g. {"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, "1/2"]]}') from None
        if len(o) != n0 or len(dirs) != 2 or any(len(r) != n0 for r in dirs):
            raise ParameterError(f"slice dimensions do not match the input dimension {n0}",
                                 hint="origin has n_0 entries, directions are two vectors of n_0 entries")
        if n0 >= 2:
            from algnet.core.linalg import rank_qq

            if rank_qq([list(r) for r in dirs]) < 2:
                raise ParameterError("the two slice directions are linearly dependent", hint="give independent directions")
        labels = tuple(d.get("labels", ("u", "v")))
        return cls(o, dirs, labels, d.get("note", "given 2-D affine slice"))

    @classmethod
    def from_file(cls, path: str, n0: int) -> "Slice":
        """Read :meth:`from_dict` JSON from a file."""
        try:
            with open(path) as fh:
                d = json.load(fh)
        except (OSError, ValueError) as e:
            raise ParameterError(f"cannot read slice file {path}: {e}", hint="a JSON object with origin and directions") from None
        return cls.from_dict(d, n0)

    def point(self, u, v) -> tuple:
        """The input z(u, v) (exact)."""
        return tuple(o + u * a + v * b for o, a, b in zip(self.origin, self.directions[0], self.directions[1]))

    def describe(self) -> str:
        return self.note or f"slice origin {list(map(str, self.origin))}, directions {[list(map(str, d)) for d in self.directions]}"

    def as_dict(self) -> dict:
        return {"origin": [str(x) for x in self.origin], "directions": [[str(x) for x in d] for d in self.directions],
                "labels": list(self.labels), "note": self.describe()}


# ------------------------------------------------------------------ results
@dataclass(frozen=True, eq=False)
class Region:
    """One cell of the partition: a convex polygon with exact vertices, its
    activation pattern and the affine map of the outputs (slice coordinates).

    ``out_num[k] = (a, b, c)`` and ``out_den``: F_k(z(u, v)) = (a u + b v + c) / out_den.
    """

    verts: tuple
    lines: tuple
    pattern: str
    out_num: tuple
    out_den: int

    @property
    def bounded(self) -> bool:
        return all(v[2] != 0 for v in self.verts)

    @property
    def vertices(self) -> list:
        """Exact vertices: (x, y) Fractions, or ('inf', (dx, dy)) for a direction at infinity."""
        return [vertex_point(v) for v in self.verts]

    def polygon(self) -> Polygon:
        return Polygon(list(self.verts), list(self.lines))

    def affine_map(self):
        """(M, t) with F(z(u, v)) = M (u, v) + t, Fractions."""
        M = [(Fraction(a, self.out_den), Fraction(b, self.out_den)) for a, b, _ in self.out_num]
        t = [Fraction(c, self.out_den) for _, _, c in self.out_num]
        return M, t

    def interior_points(self, count: int = 3) -> list:
        """Exact interior points (u, v), the first three affinely independent."""
        return interior_points(self.polygon(), count)

    def area(self):
        """Exact area of a bounded region (None if unbounded)."""
        if not self.bounded:
            return None
        pts = self.vertices
        s = Fraction(0)
        for i in range(len(pts)):
            x0, y0 = pts[i]
            x1, y1 = pts[(i + 1) % len(pts)]
            s += x0 * y1 - x1 * y0
        return abs(s) / 2

    def as_dict(self) -> dict:
        return {"pattern": self.pattern, "bounded": self.bounded,
                "vertices": [[str(p[0]), str(p[1])] if p[0] != "inf" else ["inf", [str(p[1][0]), str(p[1][1])]]
                             for p in self.vertices],
                "affine_map": [[str(Fraction(a, self.out_den)), str(Fraction(b, self.out_den)), str(Fraction(c, self.out_den))]
                               for a, b, c in self.out_num]}


@dataclass(frozen=True)
class DecisionBoundary:
    """Exact decision boundary: segments ((p, q), (i, j)) between classes i < j
    (for a single output: the zero set, classes ('-', '+') as (0, 1)), and the
    same segments joined into polylines (lists of points). A point is (x, y)
    Fractions or ('inf', (dx, dy))."""

    segments: tuple
    polylines: tuple
    kind: str

    def __repr__(self):
        return f"DecisionBoundary({self.kind}: {len(self.segments)} segments, {len(self.polylines)} polylines, exact)"


@dataclass(frozen=True)
class RegionPartition:
    """The exact partition of a box or of the whole (slice) plane.

    Attributes: ``regions`` (tuple of :class:`Region`), ``domain`` ('box' or
    'plane'), ``box``, ``slice``, ``spec``, ``seconds``, ``workers``,
    ``exact`` (always True: every sign was decided exactly).
    """

    spec: str
    regions: tuple
    domain: str
    box: tuple | None
    slice: Slice
    seconds: float
    workers: int = 1
    exact: bool = True
    method: str = "layerwise exact polygon splitting (float filter + integer arithmetic)"
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.regions)

    @property
    def n_bounded(self) -> int:
        return sum(r.bounded for r in self.regions)

    def distinct_vertices(self) -> set:
        """The set of distinct finite vertices (exact Fraction pairs)."""
        if "vertices" not in self._cache:
            pts = set()
            for r in self.regions:
                for v in r.verts:
                    if v[2] != 0:
                        g = gcd(gcd(v[0], v[1]), v[2])
                        pts.add((v[0] // g, v[1] // g, v[2] // g))
            self._cache["vertices"] = pts
        return self._cache["vertices"]

    @property
    def n_vertices(self) -> int:
        return len(self.distinct_vertices())

    def adjacency_graph(self):
        """networkx Graph: node i is region i (attributes pattern, bounded);
        an edge joins two regions sharing a boundary segment of positive
        length (attribute ``line``: the shared line (a, b, c), a u + b v + c = 0)."""
        if "graph" not in self._cache:
            self._cache["graph"] = _adjacency(self.regions)
        return self._cache["graph"]

    def linear_region_count(self) -> int:
        """Number of maximal connected unions of adjacent regions with the same
        affine map (the linear regions proper; <= ``count``)."""
        G = self.adjacency_graph()
        import networkx as nx

        H = nx.Graph()
        H.add_nodes_from(G.nodes)
        H.add_edges_from((i, j) for i, j in G.edges if self.regions[i].out_num == self.regions[j].out_num)
        return nx.number_connected_components(H)

    def decision_boundary(self, output: int | None = None) -> DecisionBoundary:
        """The zero set of output ``output`` (default for one output: output 0),
        or, for several outputs and ``output=None``, the boundary between the
        argmax classes; exact segments and polylines."""
        return _decision_boundary(self, output)

    def as_dict(self, with_regions: bool = False) -> dict:
        d = {"spec": self.spec, "regions": self.count, "bounded": self.n_bounded,
             "unbounded": self.count - self.n_bounded, "vertices": self.n_vertices,
             "domain": self.domain, "box": None if self.box is None else [str(x) for x in self.box],
             "slice": self.slice.as_dict(), "exact": self.exact, "method": self.method,
             "seconds": round(self.seconds, 3), "workers": self.workers}
        if with_regions:
            d["region_list"] = [r.as_dict() for r in self.regions]
        return d

    def plot(self, ax=None, view=None, boundary: bool = True, seed: int = 0, edgecolor="k", linewidth=0.3):
        """Draw the regions (random colours), the decision boundary (thick black)
        and label the axes with the slice; returns the matplotlib Axes.
        ``view`` = (xmin, xmax, ymin, ymax) (default: the box, or a box around
        the finite vertices for the whole plane)."""
        return _plot(self, ax, view, boundary, seed, edgecolor, linewidth)

    def __repr__(self):
        dom = f"box {[str(x) for x in self.box]}" if self.domain == "box" else "whole plane"
        return (f"RegionPartition({self.spec!r}: {self.count} regions ({self.n_bounded} bounded) on {dom} "
                f"of {self.slice.describe()}; exact; {self.seconds:.2f} s, {self.workers} worker(s))")


# ------------------------------------------------------------------ engine
def _initial_map(net: ReluNetwork, sl: Slice):
    """H0 (n0 x 3) integers and S0 with z(u, v) = H0 (u, v, 1) / S0."""
    n0 = net.widths[0]
    vals = []
    for i in range(n0):
        vals += [sl.directions[0][i], sl.directions[1][i], sl.origin[i]]
    S0 = 1
    for v in vals:
        S0 = S0 * v.denominator // gcd(S0, v.denominator)
    H0 = np.array([int(v * S0) for v in vals], dtype=object).reshape(n0, 3)
    from algnet.architectures.relu import _shrink

    return _shrink(H0), S0


class _Layers:
    """Integer layers with the bias columns c_l * S_(l-1) precomputed."""

    def __init__(self, net, theta, sl):
        from algnet.architectures.relu import _absmax, _shrink

        self.H0, S = _initial_map(net, sl)
        self.A, self.cS, self.amax, self.cmax, self.Aobj = [], [], [], [], []
        for A, c, q in net.integer_layers(theta):
            self.A.append(A)
            self.Aobj.append(A.astype(object))
            cS = _shrink(np.asarray(c, dtype=object) * S)
            self.cS.append(cS)
            self.amax.append(_absmax(A) if A.dtype != object else None)
            self.cmax.append(_absmax(cS) if cS.dtype != object else None)
            S = S * q
        self.S_out = S
        self.depth = len(self.A)


def _affine(L: _Layers, l: int, H):
    """Pre-activation map of layer l (0-based) from the previous hidden map H (exact)."""
    A, cS, am, cm = L.A[l], L.cS[l], L.amax[l], L.cmax[l]
    if am is not None and cm is not None and H.dtype != object:
        hm = int(np.abs(H).max()) if H.size else 0
        if am * hm * max(A.shape[1], 1) + cm < 2**62:
            N = A @ H
            N[:, 2] += cS
            return N
    N = L.Aobj[l] @ H.astype(object) if A.shape[1] else np.zeros((A.shape[0], 3), dtype=object)
    N[:, 2] = N[:, 2] + cS.astype(object)
    if N.dtype == object:
        from algnet.architectures.relu import _shrink

        N = _shrink(N)
    return N


def _as_float(N):
    if N.dtype == object:
        from algnet.relu.geometry import _f

        return np.array([[_f(x) for x in row] for row in N.tolist()], dtype=float).reshape(N.shape)
    return N.astype(float)


def _process(poly, N, Nf):
    """Cut one polygon by the zero lines of the rows of N; returns [(piece, active bool array)]."""
    n = N.shape[0]
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
    for j in rest:
        f = tuple(int(x) for x in N[j].tolist())
        ff = tuple(Nf[j].tolist())
        new = []
        for P, bits in pieces:
            s = polygon_signs(P, f, ff)
            hi, lo = max(s), min(s)
            if hi > 0 and lo < 0:
                Pp, Pm = split_polygon(P, f, s)
                b1 = dict(bits)
                b1[j] = True
                bits[j] = False
                new.append((Pp, b1))
                new.append((Pm, bits))
            else:
                bits[j] = hi > 0
                new.append((P, bits))
        pieces = new
    out = []
    for P, bits in pieces:
        act = base.copy()
        for j, v in bits.items():
            act[j] = v
        out.append((P, act))
    return out


def _run_layers(L: _Layers, items, start: int, max_regions=None, progress=None):
    """items: [(poly, patterns list, H)] entering hidden layer ``start`` (0-based)."""
    for l in range(start, L.depth - 1):
        new = []
        for poly, pats, H in items:
            N = _affine(L, l, H)
            Nf = _as_float(N)
            for P, act in _process(poly, N, Nf):
                Hn = N * act[:, None]
                new.append((P, pats + [act], Hn))
            if max_regions is not None and len(new) > max_regions:
                raise TooLargeError(f"more than {max_regions} regions after hidden layer {l + 1}",
                                    regions=len(new), hint="use a smaller box, or raise max_regions")
        items = new
        if progress is not None:
            progress(l + 1, len(items))
    out = []
    for poly, pats, H in items:
        N = _affine(L, L.depth - 1, H)
        if poly is None:  # no neuron ever cut the plane
            poly = _whole_plane_polygon()
        out.append((tuple(poly.verts), tuple(poly.lines), _pattern_str(pats),
                    tuple(tuple(int(x) for x in row) for row in N.tolist())))
    return out


_WORK = {}


def _worker(args):
    key, chunk, start = args
    L = _WORK[key]
    return _run_layers(L, chunk, start)


def _pattern_str(pats) -> str:
    return "|".join((act.astype(np.uint8) + 48).tobytes().decode() for act in pats)


def enumerate_regions(net, theta, *, box=None, plane: bool = False, slice: Slice | None = None,
                      workers: int = 1, max_regions: int | None = 5_000_000, show_progress: bool = False
                      ) -> RegionPartition:
    """Alias of :func:`linear_regions`."""
    return linear_regions(net, theta, box=box, plane=plane, slice=slice, workers=workers,
                          max_regions=max_regions, show_progress=show_progress)


def linear_regions(net, theta, *, box=None, plane: bool = False, slice: Slice | None = None,
                   workers: int = 1, max_regions: int | None = 5_000_000, show_progress: bool = False
                   ) -> RegionPartition:
    """Exact partition of a box, or of the whole plane, of a 2-D (slice of the) input space.

    Parameters
    ----------
    net : ReluNetwork or spec string
    theta : parameters (rationals; floats are converted exactly)
    box : (xmin, xmax, ymin, ymax), optional
        Rational bounds in slice coordinates (default [-1, 1]^2 unless ``plane``).
    plane : bool
        Partition the whole plane (unbounded regions have vertices at infinity).
    slice : Slice, optional
        Default :meth:`Slice.standard` (identity for n_0 = 2).
    workers : int
        Processes used after the first hidden layer (fork; 1 = in process).
    max_regions : int
        Refuse (TooLargeError) when the partition exceeds this many regions.

    Returns
    -------
    RegionPartition

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
    net = parse_spec(net)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: linear regions are defined for ReLU networks",
                                 hint="use a spec like 'relu 2-5-3-1'")
    theta = net.rational_params(theta)
    sl = slice if slice is not None else Slice.standard(net.widths[0])
    if len(sl.origin) != net.widths[0]:
        raise ParameterError(f"slice lives in R^{len(sl.origin)}, the network's input is R^{net.widths[0]}",
                             hint="give a slice with n_0 coordinates")
    if plane and box is not None:
        raise ParameterError("give either box= or plane=True", hint="plane=True partitions the whole plane")
    if not plane:
        box = tuple(to_fraction(x) for x in (box if box is not None else (-1, 1, -1, 1)))
        if len(box) != 4 or not (box[0] < box[1] and box[2] < box[3]):
            raise ParameterError(f"bad box {box}", hint="(xmin, xmax, ymin, ymax) with xmin < xmax, ymin < ymax")
    t0 = time.perf_counter()
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

    if L.depth == 1:
        results = _run_layers(L, items, 0)
    elif workers <= 1:
        results = _run_layers(L, items, 0, max_regions, progress)
    else:
        first = _run_layers_hidden_only(L, items, 0, 1)
        progress(1, len(first))
        import multiprocessing as mp

        key = id(L)
        _WORK[key] = L
        try:
            n_chunks = min(len(first), workers * 8)
            chunks = [first[i::n_chunks] for i in range(n_chunks)] if n_chunks else []
            ctx = mp.get_context("fork")
            with ctx.Pool(workers) as pool:
                parts = pool.map(_worker, [(key, c, 1) for c in chunks])
        finally:
            _WORK.pop(key, None)
        results = [r for part in parts for r in part]
        if pbar is not None:
            pbar.update(L.depth - 2)
    if pbar is not None:
        pbar.close()
    regions = [Region(v, li, pat, out, L.S_out) for v, li, pat, out in results]
    if max_regions is not None and len(regions) > max_regions:
        raise TooLargeError(f"{len(regions)} regions (limit {max_regions})", regions=len(regions),
                            hint="use a smaller box, or raise max_regions")
    return RegionPartition(net.spec, tuple(regions), "plane" if plane else "box", None if plane else box, sl,
                           time.perf_counter() - t0, max(1, workers))


def _run_layers_hidden_only(L, items, start, stop):
    for l in range(start, stop):
        new = []
        for poly, pats, H in items:
            N = _affine(L, l, H)
            Nf = _as_float(N)
            for P, act in _process(poly, N, Nf):
                new.append((P, pats + [act], N * act[:, None]))
        items = new
    return items


def _whole_plane_polygon() -> Polygon:
    # four directions; represents R^2 only for bookkeeping (no cut happened)
    inf = (0, 0, 1)
    return Polygon([(1, 0, 0), (0, 1, 0), (-1, 0, 0), (0, -1, 0)], [inf, inf, inf, inf])


# ------------------------------------------------------------------ adjacency
def _canon(L):
    a, b, c = L
    g = gcd(gcd(a, b), c) or 1
    a, b, c = a // g, b // g, c // g
    s = 1 if (a > 0 or (a == 0 and b > 0)) else -1
    return (s * a, s * b, s * c), s


def _param(key, v):
    """Position of vertex v along the canonical line key: t = b x - a y (+-inf for directions)."""
    a, b, _ = key
    X, Y, W = v
    if W == 0:
        d = b * X - a * Y
        return float("inf") if d > 0 else float("-inf")
    return Fraction(b * X - a * Y, W)


def _adjacency(regions):
    import networkx as nx

    G = nx.Graph()
    for i, r in enumerate(regions):
        G.add_node(i, pattern=r.pattern, bounded=r.bounded)
    by_line = {}
    for i, r in enumerate(regions):
        k = len(r.verts)
        for e in range(k):
            Lr = r.lines[e]
            if Lr[0] == 0 and Lr[1] == 0:
                continue  # line at infinity
            key, s = _canon(Lr)
            t0 = _param(key, r.verts[e])
            t1 = _param(key, r.verts[(e + 1) % k])
            lo, hi = (t0, t1) if t0 < t1 else (t1, t0)
            if lo == hi:
                continue
            by_line.setdefault(key, ([], []))[0 if s > 0 else 1].append((lo, hi, i))
    for key, (P, M) in by_line.items():
        if not P or not M:
            continue
        P.sort(key=lambda x: x[0])
        M.sort(key=lambda x: x[0])
        a = b = 0
        while a < len(P) and b < len(M):
            lo = max(P[a][0], M[b][0])
            hi = min(P[a][1], M[b][1])
            if lo < hi:
                G.add_edge(P[a][2], M[b][2], line=key)
            if P[a][1] < M[b][1]:
                a += 1
            else:
                b += 1
    return G


# ------------------------------------------------------------------ decision boundary
def _edges_on(P: Polygon, line):
    out = []
    k = len(P.verts)
    for i in range(k):
        if P.lines[i] is line:
            out.append((P.verts[i], P.verts[(i + 1) % k]))
    return out


def _norm_pt(v):
    X, Y, W = v
    if W == 0:
        g = gcd(X, Y) or 1
        return ("inf", (X // g, Y // g))
    return (Fraction(X, W), Fraction(Y, W))


def _decision_boundary(part: RegionPartition, output):
    segs = []
    nout = len(part.regions[0].out_num) if part.regions else 1
    single = output is not None or nout == 1
    k0 = 0 if output is None else int(output)
    if single and not 0 <= k0 < nout:
        raise ParameterError(f"output {k0} out of range (the network has {nout} outputs)", hint=f"0..{nout - 1}")
    for r in part.regions:
        P = r.polygon()
        if single:
            f = tuple(r.out_num[k0])
            if f[0] == 0 and f[1] == 0:
                continue
            s = polygon_signs(P, f)
            if max(s) > 0 and min(s) < 0:
                Pp, _ = split_polygon(P, f, s)
                for a, b in _edges_on(Pp, f):
                    segs.append(((_norm_pt(a), _norm_pt(b)), (0, 1)))
            elif max(s) > 0:  # the zero set may run along an edge of this region
                kk = len(P.verts)
                for i in range(kk):
                    if s[i] == 0 and s[(i + 1) % kk] == 0 and P.lines[i][:2] != (0, 0):
                        segs.append(((_norm_pt(P.verts[i]), _norm_pt(P.verts[(i + 1) % kk])), (0, 1)))
            continue
        for k in range(nout):
            cell = P
            gs = {}
            for j in range(nout):
                if j == k:
                    continue
                g = tuple(x - y for x, y in zip(r.out_num[k], r.out_num[j]))
                if g[0] == 0 and g[1] == 0:
                    if g[2] < 0 or (g[2] == 0 and j < k):
                        cell = None
                        break
                    continue
                s = polygon_signs(cell, g)
                if max(s) <= 0:
                    cell = None
                    break
                if min(s) < 0:
                    cell = split_polygon(cell, g, s)[0]
                    gs[j] = g
            if cell is None:
                continue
            for j, g in gs.items():
                if j < k:
                    continue
                for i in range(len(cell.verts)):
                    if cell.lines[i] == g:
                        a, b = cell.verts[i], cell.verts[(i + 1) % len(cell.verts)]
                        segs.append(((_norm_pt(a), _norm_pt(b)), (k, j)))
    return DecisionBoundary(tuple(segs), tuple(_join(segs)), "zero set of output %d" % k0 if single else "argmax boundary")


def _join(segs):
    """Join segments sharing endpoints into polylines (exact matching)."""
    from collections import defaultdict

    adj = defaultdict(list)
    for idx, ((p, q), _) in enumerate(segs):
        adj[p].append(idx)
        adj[q].append(idx)
    used = [False] * len(segs)
    lines = []
    for start in range(len(segs)):
        if used[start]:
            continue
        used[start] = True
        p, q = segs[start][0]
        line = [p, q]
        for end in (1, 0):
            while True:
                tip = line[-1] if end else line[0]
                if tip[0] == "inf":
                    break
                nxt = [i for i in adj[tip] if not used[i]]
                if len(nxt) != 1 or len(adj[tip]) != 2:
                    break
                i = nxt[0]
                used[i] = True
                a, b = segs[i][0]
                o = b if a == tip else a
                if end:
                    line.append(o)
                else:
                    line.insert(0, o)
        lines.append(line)
    return lines


# ------------------------------------------------------------------ plotting
def _view(part):
    if part.box is not None:
        return tuple(float(x) for x in part.box)
    pts = [(float(x), float(y)) for x, y in ((Fraction(v[0], v[2]), Fraction(v[1], v[2])) for v in part.distinct_vertices())]
    if not pts:
        return (-1.0, 1.0, -1.0, 1.0)
    xs, ys = zip(*pts)
    w = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    m = 0.25 * w + 1e-9
    return (min(xs) - m, max(xs) + m, min(ys) - m, max(ys) + m)


def _plot(part, ax, view, boundary, seed, edgecolor, linewidth):
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    view = tuple(float(x) for x in (view or _view(part)))
    fview = tuple(Fraction(x) for x in view)
    rng = np.random.default_rng(seed)
    polys = []
    for r in part.regions:
        P = r.polygon()
        if not r.bounded or part.box is None:
            P = clip_to_box(P, fview)
            if P is None:
                continue
        polys.append([(float(Fraction(v[0], v[2])), float(Fraction(v[1], v[2]))) for v in P.verts])
    cols = rng.uniform(0.35, 0.95, size=(len(polys), 3))
    ax.add_collection(PolyCollection(polys, facecolors=cols, edgecolors=edgecolor, linewidths=linewidth))
    if boundary and part.regions:
        db = part.decision_boundary()
        big = 10 * max(abs(x) for x in view) + 10
        for (p, q), _ in db.segments:
            xy = []
            for a, b in ((p, q), (q, p)):
                if a[0] == "inf":
                    d = np.array(a[1], dtype=float)
                    d /= np.abs(d).max()
                    xy.append(np.array([float(b[0]), float(b[1])]) + big * d if b[0] != "inf" else big * d)
                else:
                    xy.append(np.array([float(a[0]), float(a[1])]))
            ax.plot([xy[0][0], xy[1][0]], [xy[0][1], xy[1][1]], color="k", lw=2)
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(part.slice.labels[0])
    ax.set_ylabel(part.slice.labels[1])
    ax.set_title(f"{part.spec}: {part.count} regions ({part.slice.describe()})", fontsize=9)
    return ax


# ------------------------------------------------------------------ float64 comparison path
@dataclass(frozen=True)
class FloatPartition:
    """Result of :func:`linear_regions_float`: float64 polygons and patterns, NOT exact
    (signs decided by the sign of a rounded value, vertices rounded)."""

    spec: str
    polygons: tuple
    patterns: tuple
    seconds: float
    exact: bool = False

    @property
    def count(self) -> int:
        return len(self.polygons)

    def __repr__(self):
        return f"FloatPartition({self.spec!r}: {self.count} regions, float64 (not exact), {self.seconds:.2f} s)"


def _fsplit(V, vals):
    """Clip the float polygon V (k x 2) by vals (values of the line at V): plus and minus parts."""
    k = len(V)
    P, M = [], []
    for i in range(k):
        j = (i + 1) % k
        a, b = vals[i], vals[j]
        if a >= 0:
            P.append(V[i])
        if a <= 0:
            M.append(V[i])
        if (a > 0 and b < 0) or (a < 0 and b > 0):
            t = a / (a - b)
            q = V[i] + t * (V[j] - V[i])
            P.append(q)
            M.append(q)
    return np.array(P), np.array(M)


def linear_regions_float(net, theta, *, box=(-1, 1, -1, 1), slice: Slice | None = None) -> FloatPartition:
    """The same layerwise algorithm in float64 only (no exact arithmetic), on a box.

    Offered to compare speed and results with :func:`linear_regions`; its
    count can differ from the exact one when regions are thin or lines
    nearly concurrent.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-3-1")
    >>> th = net.random_params(seed=0)
    >>> linear_regions_float(net, th, box=(-5, 5, -5, 5)).count == linear_regions(net, th, box=(-5, 5, -5, 5)).count
    True
    """
    net = parse_spec(net)
    t0 = time.perf_counter()
    sl = slice if slice is not None else Slice.standard(net.widths[0])
    H0 = np.array([[float(sl.directions[0][i]), float(sl.directions[1][i]), float(sl.origin[i])]
                   for i in range(net.widths[0])])
    layers = [(W.astype(float), b.astype(float)) for W, b in net.layers(theta)]
    x0, x1, y0, y1 = (float(v) for v in box)
    items = [(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), [], H0)]
    for W, b in layers[:-1]:
        new = []
        for V, pats, H in items:
            N = W @ H
            N[:, 2] += b
            vals = V @ N[:, :2].T + N[:, 2]
            pos = (vals > 0).any(axis=0)
            neg = (vals < 0).any(axis=0)
            base = pos & ~neg
            pieces = [(V, {})]
            for j in np.nonzero(pos & neg)[0].tolist():
                a = N[j]
                nxt = []
                for P, bits in pieces:
                    v = P @ a[:2] + a[2]
                    if (v > 0).any() and (v < 0).any():
                        Pp, Pm = _fsplit(P, v)
                        b1 = dict(bits)
                        b1[j] = True
                        bits[j] = False
                        nxt.append((Pp, b1))
                        nxt.append((Pm, bits))
                    else:
                        bits[j] = bool((v > 0).any())
                        nxt.append((P, bits))
                pieces = nxt
            for P, bits in pieces:
                act = base.copy()
                for j, v in bits.items():
                    act[j] = v
                new.append((P, pats + [act], N * act[:, None]))
        items = new
    return FloatPartition(net.spec, tuple(V for V, _, _ in items), tuple(_pattern_str(p) for _, p, _ in items),
                          time.perf_counter() - t0)
