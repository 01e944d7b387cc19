"""Results of the exact region enumeration: regions, the partition, the decision boundary record.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.relu.regions import linear_regions
>>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0])
>>> part.count, part.adjacency_graph().number_of_edges()
(4, 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

import numpy as np

from algnet.evidence import Evidence
from algnet.relu.geometry import Polygon, interior_points, vertex_point
from algnet.relu.slices import Slice

__all__ = ["Region", "RegionPartition", "DecisionBoundary", "pattern_str", "on_a_line", "domain_json",
           "region_time_cap", "stopped_text"]

#: Bytes per region of ``as_dict(with_regions=True)`` and its JSON text together (the regions' dicts, their
#: rational strings and the text written from them: measured about 7 KB, rounded up)
REGION_LIST_BYTES = 10_000


def region_time_cap(time_limit, workers: int = 1):
    """The cap of a region enumeration given ``time_limit`` seconds (None: no cap): CPU seconds of this process
    with one worker, wall-clock seconds with worker processes (their CPU is not this process's). At the cap the
    enumeration stops as after Ctrl-C: the regions finished so far, marked partial (:func:`stopped_text`).

    Examples
    --------
    >>> with region_time_cap(30) as cap:
    ...     pass
    >>> cap.expired, cap.cpu, region_time_cap(None, workers=2).cpu
    (False, True, False)
    """
    from algnet.time_caps import check_time_limit, time_cap

    return time_cap(check_time_limit(time_limit), cpu=int(workers) <= 1)


def stopped_text(cap) -> str:
    """'the time limit of 2.5 s of CPU' when the cap of :func:`region_time_cap` expired, else ''.

    Examples
    --------
    >>> with region_time_cap(2.5) as cap:
    ...     pass
    >>> stopped_text(cap)
    ''
    >>> cap.expired = True
    >>> stopped_text(cap)
    'the time limit of 2.5 s of CPU'
    """
    if not cap.expired:
        return ""
    return f"the time limit of {cap.seconds:g} s" + (" of CPU" if cap.cpu else " (wall clock)")


def pattern_str(pats) -> str:
    """Activation pattern string: one block of 0/1 per activation layer (argmax digits for max-pools), '|'-separated.

    Examples
    --------
    >>> pattern_str([[True, False, True], [False], [2, 0]])    # two ReLU layers, then a max-pool's argmaxes
    '101|0|20'
    """
    out = []
    for act in pats:
        if isinstance(act, str):
            out.append(act)
        else:
            out.append((np.asarray(act).astype(np.uint8) + 48).tobytes().decode())
    return "|".join(out)

class Region:
    """One cell of the partition: a convex polygon with exact vertices, its
    activation pattern and the affine map of the outputs (slice coordinates).

    ``out_num[k] = (a, b, c)`` and ``out_den``: F_k(z(u, v)) = (a u + b v + c) / out_den.
    ``verts`` and ``lines`` are integer homogeneous vertices and edge lines (see
    :mod:`algnet.relu.geometry`). A region found by the filtered engine computes
    this exact data from its activation pattern on first access.

    Examples
    --------
    For relu(x) on [-1, 1]^2 (hidden neurons x and y, output weights (1, 0)), the region
    containing (1/2, 1/2) is the unit square where both neurons are active and F = x:

    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 0, 0], box=(-1, 1, -1, 1))
    >>> r = part.regions[part.locate("1/2", "1/2")]
    >>> r.pattern, r.area(), sorted(tuple(map(int, p)) for p in r.vertices)
    ('11', Fraction(1, 1), [(0, 0), (0, 1), (1, 0), (1, 1)])
    >>> r.affine_map()                                          # F = 1 u + 0 v + 0
    ([(Fraction(1, 1), Fraction(0, 1))], [Fraction(0, 1)])
    >>> r.contains(1, 1), r.contains(1, 1, strict=True), r.contains(-1, 0)
    (True, False, False)
    """

    __slots__ = ("pattern", "out_den", "_verts", "_lines", "_out_num", "_src", "_bounded", "_hint")

    def __init__(self, verts, lines, pattern, out_num, out_den):
        self._verts, self._lines, self._out_num = verts, lines, out_num
        self.pattern, self.out_den = pattern, out_den
        self._src = None
        self._bounded = None
        self._hint = None

    @classmethod
    def lazy(cls, pattern: str, source, out_den, bounded: bool = True, hint=None) -> "Region":
        """A region whose exact data ``source()`` returns (verts, lines, out_num) when first needed.

        ``hint``: float vertices and output map with proved error bounds (see
        :func:`algnet.relu.filtered.boundary_free`), which spare the exact data where they decide.
        """
        r = cls(None, None, pattern, None, out_den)
        r._src, r._bounded, r._hint = source, bounded, hint
        return r

    def _load(self):
        self._verts, self._lines, self._out_num = self._src()
        self._src = None

    @property
    def verts(self) -> tuple:
        if self._src is not None:
            self._load()
        return self._verts

    @property
    def lines(self) -> tuple:
        if self._src is not None:
            self._load()
        return self._lines

    @property
    def out_num(self) -> tuple:
        if self._src is not None:
            self._load()
        return self._out_num

    def __repr__(self):
        return f"Region(pattern {self.pattern!r})"

    @property
    def bounded(self) -> bool:
        if self._bounded is not None:
            return self._bounded
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

    def contains(self, u, v, strict: bool = False) -> bool:
        """Whether the point (u, v) of the slice lies in the (closed, or open if ``strict``) region (exact)."""
        u, v = Fraction(u), Fraction(v)
        for a, b, c in self.lines:
            e = a * u + b * v + c
            if e < 0 or (strict and e == 0 and (a, b) != (0, 0)):
                return False
        return True

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


def on_a_line(slice) -> bool:
    """True for the standard slice of a 1-D input: its second direction is zero (the plane (u, v) is the input
    line times an unused v).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> on_a_line(SimpleNamespace(directions=[[1.0], [0.0]])), on_a_line(SimpleNamespace(directions=[[1, 0], [0, 1]]))
    (True, False)
    """
    return slice is not None and len(slice.directions) == 2 and not any(slice.directions[1])


def domain_json(domain: str, box, slice) -> dict:
    """The JSON fields ``domain`` and ``box`` of a partition: 'box' with [xmin, xmax, ymin, ymax], 'plane' with
    None; for a 1-D input 'interval' with [xmin, xmax] or 'line' with None (the unused second coordinate of
    its plane is no part of the domain).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from algnet.relu.slices import Slice
    >>> domain_json("box", (F(-2), F(2), F(0), F(1)), Slice.coerce(None, 1))
    {'domain': 'interval', 'box': ['-2', '2']}
    >>> domain_json("box", (F(-1), F(1), F(-1), F(1)), Slice.coerce(None, 2))["box"]
    ['-1', '1', '-1', '1']
    """
    line = on_a_line(slice)
    if box is None:
        return {"domain": "line" if line else domain, "box": None}
    box = [str(x) for x in box]
    return {"domain": "interval", "box": box[:2]} if line else {"domain": domain, "box": box}


@dataclass(frozen=True)
class DecisionBoundary:
    """Exact decision boundary: segments ((p, q), (i, j)) between classes i < j
    (for a single output: the zero set, classes ('-', '+') as (0, 1)), and the
    same segments joined into polylines (lists of points). A point is (x, y)
    Fractions or ('inf', (dx, dy)). Each piece of the boundary is listed once.

    ``zero_regions``: the number of regions on which the output vanishes identically (the segments are then the
    boundary of the zero set, which has area); ``tie_regions``: the number of regions in which the top outputs
    tie identically on a whole cell (the segments are then the boundary of the tie set).

    Examples
    --------
    Two outputs relu(x) and relu(y) on [-1, 1]^2: where both are positive, class 1 wins
    above the diagonal; in the negative quadrant they tie on a whole region, whose two edges
    bound the tie set:

    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.regions import linear_regions
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])
    >>> db = linear_regions(m, box=(-1, 1, -1, 1)).decision_boundary()
    >>> db.kind, db.tie_regions, sorted(sorted(tuple(map(int, p)) for p in seg) for seg, classes in db.segments)
    ('boundary of the argmax tie set', 1, [[(-1, 0), (0, 0)], [(0, -1), (0, 0)], [(0, 0), (1, 1)]])
    """

    segments: tuple
    polylines: tuple
    kind: str
    zero_regions: int = 0
    tie_regions: int = 0

    def __repr__(self):
        return f"DecisionBoundary({self.kind}: {len(self.segments)} segments, {len(self.polylines)} polylines, exact)"


@dataclass(frozen=True)
class RegionPartition:
    """The exact partition of a box or of the whole (slice) plane.

    Attributes: ``regions`` (tuple of :class:`Region`), ``domain`` ('box' or
    'plane'), ``box``, ``slice``, ``spec``, ``seconds``, ``workers``,
    ``exact`` (always True: every sign was decided exactly), ``partial`` (True when Ctrl-C or the time limit
    stopped the enumeration: ``regions`` are the exact regions finished so far, a part of the
    domain, and ``count`` is a lower bound), ``stopped`` (what stopped it when it was the time limit, e.g.
    'the time limit of 2.5 s of CPU'; '' otherwise).

    Examples
    --------
    F = relu(x) with hidden neurons x and y: the lines x = 0 and y = 0 cut [-1, 1]^2 into 4
    regions with the 3 x 3 grid of vertices, but F has only 2 affine pieces (0 and x):

    >>> from algnet import parse_spec
    >>> from algnet.relu.regions import linear_regions
    >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 0, 0], box=(-1, 1, -1, 1))
    >>> part.count, part.n_bounded, part.n_vertices, part.linear_region_count()
    (4, 4, 9, 2)
    >>> part.domain_text(), part.evidence.certified
    ('box [-1, 1] x [-1, 1]', True)
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
    partial: bool = False
    stopped: str = ""
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def count(self) -> int:
        return len(self.regions)

    @property
    def n_bounded(self) -> int:
        """Number of bounded regions. For a 1-D input the regions are strips of the plane (u, v) -> u, and a region
        counts as bounded when its interval of the input line is (it was counted as an unbounded strip).

        Examples
        --------
        Breakpoints x = 0 and x = 1 cut the input line into two rays and one bounded interval:

        >>> from algnet import parse_spec
        >>> from algnet.relu.regions import linear_regions
        >>> part = linear_regions(parse_spec("relu 1-2-1"), [1, 1, 0, -1, 1, 1, 0], plane=True)
        >>> part.count, part.n_bounded
        (3, 1)
        """
        if self._on_a_line:
            return sum(all(v[2] != 0 or v[0] == 0 for v in r.verts) for r in self.regions)
        return sum(r.bounded for r in self.regions)

    @property
    def _on_a_line(self) -> bool:
        """A 1-D input: the slice's second direction is zero, so the plane (u, v) is the input line times v."""
        return on_a_line(self.slice)

    def distinct_vertices(self) -> set:
        """The distinct finite vertices of the partition: the corners of its regions, as reduced integer
        triples (X, Y, W), the point (X/W, Y/W).

        A point where a region's boundary runs straight on (both edges on one line: a point the polygon
        representation inserts on an unbounded edge) is not a vertex.

        Examples
        --------
        Three lines in general position cut the plane at their C(3, 2) = 3 crossings:

        >>> from algnet.relu.constructions import arrangement_network
        >>> from algnet.relu.regions import linear_regions
        >>> net, theta = arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, -1)])      # x = 0, y = 0, x + y = 1
        >>> sorted(linear_regions(net, theta, plane=True).distinct_vertices())
        [(0, 0, 1), (0, 1, 1), (1, 0, 1)]
        """
        if "vertices" not in self._cache:
            pts = set()
            for r in self.regions:
                lines = r.lines
                for i, v in enumerate(r.verts):
                    if v[2] != 0 and _canon(lines[i - 1])[0] != _canon(lines[i])[0]:
                        g = gcd(gcd(v[0], v[1]), v[2])
                        pts.add((v[0] // g, v[1] // g, v[2] // g))
            self._cache["vertices"] = pts
        return self._cache["vertices"]

    @property
    def n_vertices(self) -> int:
        return len(self.distinct_vertices())

    def locate(self, u, v) -> int:
        """Index of a region containing the point (u, v) (exact; -1 if outside the box).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> from algnet.relu.regions import linear_regions
        >>> part = linear_regions(parse_spec("relu 2-2-1"), [1, 0, 0, 1, 0, 0, 1, 1, 0])
        >>> part.regions[part.locate(Fraction(1, 2), Fraction(-1, 3))].pattern
        '10'
        """
        for i, r in enumerate(self.regions):
            if r.contains(u, v):
                return i
        return -1

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
        from algnet.relu.boundary import decision_boundary

        return decision_boundary(self, output)

    def as_dict(self, with_regions: bool = False, vertices: bool = True) -> dict:
        """JSON-ready summary with the evidence fields; ``vertices=False`` leaves the distinct vertex count
        out (None): it needs the exact vertices of every region, the costly part on large partitions.
        ``with_regions``: every region's dict in ``region_list``, or, when that list and its JSON text would not
        fit in the memory left (:data:`REGION_LIST_BYTES` per region), ``region_list_left_out`` saying so."""
        d = {"spec": self.spec, "regions": self.count, "bounded": self.n_bounded,
             "unbounded": self.count - self.n_bounded, "vertices": self.n_vertices if vertices else None,
             **domain_json(self.domain, self.box, self.slice), "slice": self.slice.as_dict(), "exact": self.exact, "method": self.method,
             "seconds": round(self.seconds, 3), "workers": self.workers}
        ev = self.evidence.as_dict()
        d.update(certified=ev["certified"], proves=ev["proves"], seed=None, partial=self.partial)
        if self.partial:
            d["partial_reason"] = f"stopped at {self.stopped}" if self.stopped else "interrupted"
        if with_regions:
            from algnet.guards import available_memory, format_bytes

            need, left = self.count * REGION_LIST_BYTES, available_memory()
            if need > left:     # the count and its evidence stand; the list alone would not fit
                d["region_list_left_out"] = (f"the list of {self.count:,} regions needs about {format_bytes(need)}, "
                                             f"more than the memory left ({format_bytes(left)}): use a smaller box, "
                                             "or read the regions from the Python result (its .regions)")
            else:
                d["region_list"] = [r.as_dict() for r in self.regions]
        return d

    def plot(self, ax=None, view=None, boundary: bool = True, seed: int = 0, edgecolor="k", linewidth=0.3,
             points=None, color_by: str = "random"):
        """Draw the regions, the decision boundary (thick black) and the data points
        of the slice (its ``marks``, plus ``points``: (u, v) pairs); returns the matplotlib Axes.

        ``view`` = (xmin, xmax, ymin, ymax) (default: the box, or for the whole
        plane a window around the bulk of the vertices, so bounded regions stay
        visible); ``color_by`` = 'random' or 'class' (argmax of the outputs).
        """
        from algnet.relu.plotting import plot_partition

        return plot_partition(self, ax, view, boundary, seed, edgecolor, linewidth, points, color_by)

    def domain_text(self) -> str:
        """'box [a, b] x [c, d]' or 'whole plane'; for a 1-D input 'interval [a, b]' or 'whole line' (the
        second coordinate of its plane is not an input: it was printed as a box [a, b] x [c, d]).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> from algnet.relu.regions import linear_regions
        >>> net, theta = parse_spec("relu 1-2-1"), [1, 1, 0, -1, 1, 1, 0]
        >>> linear_regions(net, theta, box=(-2, 2)).domain_text(), linear_regions(net, theta, plane=True).domain_text()
        ('interval [-2, 2]', 'whole line')
        """
        line = self._on_a_line
        if self.domain == "box":
            from algnet.relu.geometry import box_text, number_text

            return f"interval [{number_text(self.box[0])}, {number_text(self.box[1])}]" if line else \
                "box " + box_text(self.box)
        return "whole line" if line else "whole plane"

    @property
    def evidence(self) -> Evidence:
        """Exact: every sign was decided by exact arithmetic (or a proved float filter)."""
        if self.partial:
            why = f"stopped at {self.stopped}" if self.stopped else "interrupted"
            proves = (f"the {self.domain_text()} of {self.slice.describe()} has at least {self.count} activation "
                      f"regions ({why}: the regions listed are exact, the rest of the domain was not covered)")
        elif self.exact:
            proves = f"the {self.domain_text()} of {self.slice.describe()} has exactly {self.count} activation regions"
        else:
            proves = "float64 count (not proved)"
        return Evidence(method=self.method, certified=bool(self.exact) and not self.partial, proves=proves,
                        seconds=self.seconds, partial=self.partial)

    def __repr__(self):
        dom = self.domain_text()
        why = f"stopped at {self.stopped}" if self.stopped else "interrupted"
        what = f"exact; partial ({why}): a lower bound" if self.partial else "exact"
        return (f"RegionPartition({self.spec!r}: {self.count} regions ({self.n_bounded} bounded) on {dom} "
                f"of {self.slice.describe()}; {what}; {self.seconds:.2f} s, {self.workers} worker(s))")


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
