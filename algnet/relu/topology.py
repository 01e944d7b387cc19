"""Topology of the polyhedral complex of a ReLU model and PL Morse theory of its output.

The regions of a box (a 2-D :class:`~algnet.relu.partition.RegionPartition` of a
box, or a certified :class:`~algnet.relu.polyhedral.PolyhedralComplex` in input
dimension 1, 2 or 3) are glued into a cell complex K: its cells are the regions
and all their faces, each identified by the set of exact vertices of the complex
that lie on it (a vertex of a neighbouring region lying on an edge subdivides that
edge). The output F is affine on every cell, so

* a **sublevel set** {F <= t} of the box deformation-retracts onto the subcomplex
  K_(<=t) of the cells whose vertices all have F <= t (and a superlevel set onto
  the cells with all F >= t); its Betti numbers are computed from K_(<=t);
* order the vertices by (F, index) (index breaking ties: "simulation of
  simplicity"). The **lower star** of a vertex v is the set of cells whose last
  vertex is v; passing v attaches it, and H_k(K_(<=v), K_(<v)) = reduced
  H_(k-1) of the lower link of v. v is a **PL Morse critical point** of index k
  when that group is nonzero (the PL Morse theory of Grunert-Kuhnel-Rote that
  Grigsby, Lindsey and Masden apply to ReLU networks, arXiv:2204.06062: a vertex
  whose lower link is not contractible); its dimension is the multiplicity. A
  minimum has an empty lower link (index 0).

Homology is computed over GF(2) (sparse elimination on bit rows). For a
subcomplex of R^n with n <= 3 homology has no torsion, so these are the rational
Betti numbers. Checks that need no Morse theory come with every result: the
Euler characteristic sum_k (-1)^k (number of k-cells) of the box must be 1 and
its Betti numbers (1, 0, ..., 0) (a complete, face-to-face complex), and
sum_k (-1)^k m_k = 1 for the Morse numbers m_k.

When F takes the same value at the two ends of an edge (a flat or level piece,
e.g. a region where every neuron is dead), the critical points depend on the
tie-break while the Betti numbers of sublevel sets do not; ``ties`` says so.

Examples
--------
>>> from algnet.relu.model import PLModel
>>> from algnet.relu.regions import linear_regions
>>> m = PLModel.from_layers([([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4), ([[1, 1, 1, 1]], [0])])   # |x| + |y|
>>> top = complex_topology(linear_regions(m, box=(-1, 1, -1, 1)))
>>> top.euler_characteristic, top.betti, top.morse_numbers
(1, (1, 0, 0), (1, 0, 0))
>>> top.sublevel_betti(0.5), top.superlevel_betti(0.5)
((1, 0, 0), (1, 1, 0))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.evidence import Evidence

__all__ = ["CellComplex", "ComplexTopology", "complex_topology", "gf2_rank"]


def gf2_rank(rows) -> int:
    """Rank over GF(2) of the rows given as Python ints (bit j = column j).

    Examples
    --------
    >>> gf2_rank([0b011, 0b110, 0b101])          # the boundary of a triangle: rank 2
    2
    """
    pivots = {}
    r = 0
    for row in rows:
        while row:
            low = row & -row
            p = pivots.get(low)
            if p is None:
                pivots[low] = row
                r += 1
                break
            row ^= p
    return r


# ------------------------------------------------------------------ the cell complex
@dataclass(eq=False)
class CellComplex:
    """Cells of the box complex: ``cells[k]`` lists k-cells as frozensets of vertex ids, ``faces[k][i]`` the
    (k-1)-cells on the boundary of k-cell i; ``points`` exact vertex coordinates, ``values`` exact F there.

    Examples
    --------
    A triangle: its boundary is a circle (b_0 = b_1 = 1), the filled triangle is contractible:

    >>> K = CellComplex(points=[(0, 0), (1, 0), (0, 1)], values=[0, 0, 0], cells=[[], [], []], faces=[[], [], []])
    >>> v = [K.add(0, frozenset({i})) for i in range(3)]
    >>> e = [K.add(1, frozenset({i, j}), (v[i], v[j])) for i, j in ((0, 1), (1, 2), (0, 2))]
    >>> K.add(2, frozenset({0, 1, 2}), e), K.add(1, frozenset({0, 1})), K.f_vector(), K.dim
    (0, 0, (3, 3, 1), 2)
    >>> K.homology(lambda k, i: k < 2), K.homology(lambda k, i: True)
    ((1, 1, 0), (1, 0, 0))
    """

    points: list
    values: list
    cells: list
    faces: list
    _index: dict = field(default_factory=dict, repr=False)

    @property
    def dim(self) -> int:
        return len(self.cells) - 1

    def f_vector(self) -> tuple:
        return tuple(len(c) for c in self.cells)

    def add(self, k: int, key: frozenset, faces=()) -> int:
        d = self._index.setdefault(k, {})
        if key in d:
            return d[key]
        d[key] = len(self.cells[k])
        self.cells[k].append(key)
        self.faces[k].append(tuple(faces))
        return d[key]

    def homology(self, keep) -> tuple:
        """GF(2) Betti numbers of the subcomplex of the cells c with keep(k, i) true (closed under faces)."""
        sub = [[i for i in range(len(self.cells[k])) if keep(k, i)] for k in range(self.dim + 1)]
        return _betti(self, sub)


def _betti(K, sub, relative=None) -> tuple:
    """Betti numbers of the chain complex on the cells ``sub[k]``, faces outside ``sub`` dropped (relative)."""
    n = len(sub)
    pos = [{c: j for j, c in enumerate(s)} for s in sub]
    ranks = [0] * (n + 1)
    for k in range(1, n):
        rows = []
        for c in sub[k]:
            bits = 0
            for f in K.faces[k][c]:
                j = pos[k - 1].get(f)
                if j is not None:
                    bits ^= 1 << j
            rows.append(bits)
        ranks[k] = gf2_rank(rows)
    return tuple(len(sub[k]) - ranks[k] - ranks[k + 1] for k in range(n))


def _order_cycle(pts, normal=None):
    """Indices of coplanar exact points in convex position, in cyclic order (exact angle comparisons about the
    centroid; in 3-D after dropping the coordinate where the plane's normal is largest)."""
    from functools import cmp_to_key

    if normal is not None:
        drop = max(range(3), key=lambda i: abs(normal[i]))
        pts = [tuple(t for i, t in enumerate(p) if i != drop) for p in pts]
    n = len(pts)
    cx = sum(p[0] for p in pts) / n
    cy = sum(p[1] for p in pts) / n
    d = [(p[0] - cx, p[1] - cy) for p in pts]

    def half(v):                                   # 0: angle in [0, pi), 1: [pi, 2 pi)
        return 0 if v[1] > 0 or (v[1] == 0 and v[0] > 0) else 1

    def cmp(i, j):
        hi, hj = half(d[i]), half(d[j])
        if hi != hj:
            return hi - hj
        cr = d[i][0] * d[j][1] - d[i][1] * d[j][0]
        return -1 if cr > 0 else (1 if cr < 0 else 0)

    return sorted(range(n), key=cmp_to_key(cmp))


class _Points:
    """Global exact vertices with a float copy for filtering."""

    def __init__(self):
        self.pts, self.vals, self.index = [], [], {}
        self._float = None

    def add(self, p, val):
        i = self.index.get(p)
        if i is None:
            i = self.index[p] = len(self.pts)
            self.pts.append(p)
            self.vals.append(val)
        elif self.vals[i] != val:
            raise NotApplicableError(f"the output is not continuous at {p} ({self.vals[i]} != {val})",
                                     hint="the regions do not come from one continuous model")
        return i

    def on_boundary(self, H):
        """Ids of the points in the closed polytope {H z >= 0} tight on some row, with their tight row sets."""
        if self._float is None or len(self._float) != len(self.pts):
            self._float = np.array([[float(t) for t in p] + [1.0] for p in self.pts])
        P = self._float
        Hf = H.astype(float)
        S = P @ Hf.T
        tol = 1e-9 * (np.abs(P) @ np.abs(Hf).T + 1)     # float64 error of these sums is below 1e-15 of the scale
        cand = np.nonzero((S >= -tol).all(axis=1) & (np.abs(S) <= tol).any(axis=1))[0]
        out = []
        rows = H.tolist()
        for i in cand.tolist():
            p = self.pts[i]
            near = np.nonzero(np.abs(S[i]) <= tol[i])[0].tolist()    # the others are > tol: positive
            ev = {j: sum(a * t for a, t in zip(rows[j][:-1], p)) + rows[j][-1] for j in near}
            if all(e >= 0 for e in ev.values()):
                tight = frozenset(j for j, e in ev.items() if e == 0)
                if tight:
                    out.append((i, tight))
        return out


def _affine_value(p, coeffs, den):
    return (sum(a * t for a, t in zip(coeffs[:-1], p)) + coeffs[-1]) / den


def _from_partition(part, output):
    from algnet.relu.geometry import vertex_point

    if part.domain != "box":
        raise NotApplicableError("the partition is of the whole plane", hint="compute it on a box: box=(a, b, c, d)")
    G = _Points()
    polys = []
    for R in part.regions:
        a, b, c = R.out_num[output]
        pts = [vertex_point(v) for v in R.verts]
        for p in pts:
            G.add(p, _affine_value(p, (a, b, c), R.out_den))
        H = np.array([list(l) for l in R.lines], dtype=object)
        polys.append(H)
    return G, polys


def _from_polyhedral(cx, output):
    from algnet.relu.polyhedral import region_vertices, with_box

    if cx.dim > 3:
        raise NotApplicableError(f"input dimension {cx.dim}: exact vertices are computed for dimension <= 3",
                                 hint="use a 2-D slice (linear_regions) or a model with <= 3 inputs")
    if not cx.certified:
        raise NotApplicableError("the polyhedral complex is not certified complete",
                                 hint="polyhedral_complex(..., certify=True) on a box small enough to finish")
    G = _Points()
    polys = []
    for R in cx.regions:
        V = region_vertices(R, cx.box, cx.dim)
        col = [int(R.out_map[i, output]) for i in range(cx.dim + 1)]
        for v in V:
            G.add(v, _affine_value(v, col, R.out_den))
        polys.append(with_box(R.halfspaces, cx.box, cx.dim))
    return G, polys


def _build(G, polys, n) -> CellComplex:
    K = CellComplex(G.pts, G.vals, [[] for _ in range(n + 1)], [[] for _ in range(n + 1)])
    for i in range(len(G.pts)):
        K.add(0, frozenset((i,)))
    zero = {i: K._index[0][frozenset((i,))] for i in range(len(G.pts))}

    def polygon(ids, normal=None):
        """Add a convex polygon through the cyclically ordered ids; returns its cell and edges."""
        order = _order_cycle([G.pts[i] for i in ids], normal)
        cyc = [ids[j] for j in order]
        edges = []
        for a, b in zip(cyc, cyc[1:] + cyc[:1]):
            edges.append(K.add(1, frozenset((a, b)), (zero[a], zero[b])))
        return K.add(2, frozenset(cyc), edges)

    for H in polys:
        on = G.on_boundary(H)
        ids = [i for i, _ in on]
        if n == 1:
            lo, hi = min(ids, key=lambda i: G.pts[i]), max(ids, key=lambda i: G.pts[i])
            K.add(1, frozenset((lo, hi)), (zero[lo], zero[hi]))
        elif n == 2:
            polygon(ids)
        else:
            rows = H.tolist()
            facets = []
            for j, row in enumerate(rows):
                on_j = [i for i, t in on if j in t and len(t) > 1]
                if len(on_j) < 3 or _rank3([G.pts[i] for i in on_j]) < 2:
                    continue
                facets.append(polygon(on_j, row[:3]))
            K.add(3, frozenset(ids), sorted(set(facets)))
    return K


def _rank3(pts) -> int:
    """Affine rank (0..2) of coplanar exact 3-D points."""
    p0 = pts[0]
    vs = [tuple(a - b for a, b in zip(p, p0)) for p in pts[1:]]
    vs = [v for v in vs if any(v)]
    if not vs:
        return 0
    v0 = vs[0]
    for v in vs[1:]:
        if any((v0[i] * v[j] - v0[j] * v[i]) != 0 for i, j in ((0, 1), (0, 2), (1, 2))):
            return 2
    return 1


# ------------------------------------------------------------------ the result
@dataclass(frozen=True, eq=False)
class ComplexTopology:
    """Topology of the box complex and the PL Morse critical points of one output (see the module doc).

    ``critical``: tuples (vertex (exact point), value (exact), index, multiplicity), by value;
    ``morse_numbers``: m_k = number of critical points of index k (with multiplicity);
    ``betti``: GF(2) Betti numbers of the whole box (1, 0, ..., 0 for a complete face-to-face complex);
    ``ties``: some edge has equal values at its ends (critical points then depend on the tie-break).

    Examples
    --------
    F = |x| - |y| on [-1, 1]^2 (by hand): minima at (0, 1) and (0, -1), a saddle at the origin;
    {F <= -1/2} has two components, {F <= 0} = {|x| <= |y|} is connected through the origin:

    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.regions import linear_regions
    >>> m = PLModel.from_layers([([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4), ([[1, 1, -1, -1]], [0])])
    >>> top = complex_topology(linear_regions(m, box=(-1, 1, -1, 1)))
    >>> top.f_vector, top.morse_numbers, top.ties
    ((9, 12, 4), (2, 1, 0), False)
    >>> sorted((tuple(map(int, p)), int(val), k) for p, val, k, _ in top.critical)
    [((0, -1), -1, 0), ((0, 0), 0, 1), ((0, 1), -1, 0)]
    >>> top.sublevel_betti("-1/2"), top.sublevel_betti(0), top.morse_numbers_below("-1/2")
    ((2, 0, 0), (1, 0, 0), (2, 0, 0))
    >>> top.critical_values()
    [Fraction(-1, 1), Fraction(0, 1)]
    """

    complex: CellComplex
    output: int
    critical: tuple
    morse_numbers: tuple
    betti: tuple
    euler_characteristic: int
    ties: bool
    certified: bool
    seconds: float
    _rank: dict = field(default_factory=dict, repr=False)

    @property
    def dim(self) -> int:
        return self.complex.dim

    @property
    def f_vector(self) -> tuple:
        return self.complex.f_vector()

    def sublevel_betti(self, t) -> tuple:
        """Betti numbers (b_0, ..., b_n) of {z in box : F(z) <= t}."""
        t = _exact(t)
        V = self.complex.values
        return self.complex.homology(lambda k, i: all(V[v] <= t for v in self.complex.cells[k][i]))

    def superlevel_betti(self, t) -> tuple:
        """Betti numbers of {z in box : F(z) >= t}."""
        t = _exact(t)
        V = self.complex.values
        return self.complex.homology(lambda k, i: all(V[v] >= t for v in self.complex.cells[k][i]))

    def morse_numbers_below(self, t) -> tuple:
        """m_k counted over the critical points with value <= t."""
        t = _exact(t)
        m = [0] * (self.dim + 1)
        for _, val, k, mult in self.critical:
            if val <= t:
                m[k] += mult
        return tuple(m)

    def critical_values(self) -> list:
        return sorted({c[1] for c in self.critical})

    @property
    def evidence(self) -> Evidence:
        return Evidence(method="cell complex of the exact regions; GF(2) homology of sublevel subcomplexes and of "
                               "lower stars (PL Morse theory, ties broken by vertex index)",
                        certified=self.certified,
                        proves=(f"box Euler characteristic {self.euler_characteristic}, Betti {self.betti}; "
                                f"Morse numbers {self.morse_numbers}"), seconds=self.seconds)

    def as_dict(self) -> dict:
        d = {"dim": self.dim, "output": self.output, "f_vector": list(self.f_vector),
             "euler_characteristic": self.euler_characteristic, "betti": list(self.betti),
             "morse_numbers": list(self.morse_numbers), "ties": self.ties,
             "critical_points": [{"point": [str(t) for t in p], "value": str(v), "index": k, "multiplicity": m}
                                 for p, v, k, m in self.critical]}
        ev = self.evidence.as_dict()
        d.update({k: ev[k] for k in ("certified", "method", "seed", "seconds", "partial")})
        return d

    def __repr__(self):
        return (f"ComplexTopology(R^{self.dim}, cells {self.f_vector}, chi {self.euler_characteristic}, Betti "
                f"{self.betti}; Morse numbers {self.morse_numbers} ({len(self.critical)} critical vertices)"
                f"{'; ties broken by index' if self.ties else ''})")


def _exact(t):
    try:
        return Fraction(t)
    except (TypeError, ValueError):
        raise ParameterError(f"level {t!r} is not a number", hint="a rational or float level t") from None


def complex_topology(regions, output: int = 0) -> ComplexTopology:
    """Cell complex, Betti numbers and PL Morse critical points of output ``output`` on a box.

    Parameters
    ----------
    regions : RegionPartition (2-D, of a box) or certified PolyhedralComplex (input dimension 1, 2 or 3)
    output : which output of the model is the Morse function

    Returns
    -------
    ComplexTopology

    Raises
    ------
    NotApplicableError
        For a whole-plane or partial (interrupted) partition, an uncertified complex, input dimension > 3,
        or when the regions
        do not glue to a complex whose box has Euler characteristic 1 and the homology of a point
        (degenerate weights whose regions do not meet face to face).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> from algnet.relu.polyhedral import polyhedral_complex
    >>> m = PLModel.from_layers([([[1], [-1]], [0, 0]), ([[1, 1]], [-1])])       # |x| - 1 on [-2, 2]
    >>> top = complex_topology(polyhedral_complex(m, box=(-2, 2)))
    >>> top.critical[0][:3], top.sublevel_betti(0)        # one minimum; {|x| <= 1} is an interval
    (((Fraction(0, 1),), Fraction(-1, 1), 0), (1, 0))
    >>> top.superlevel_betti(0)                            # {|x| >= 1} in [-2, 2]: two intervals
    (2, 0)
    """
    from algnet.relu.partition import RegionPartition

    t0 = time.perf_counter()
    if getattr(regions, "partial", False):
        raise NotApplicableError("the partition is partial (interrupted): Betti numbers and Morse points of part "
                                 "of a box say nothing about the box",
                                 hint="enumerate the regions of the box to the end, then compute the topology")
    if isinstance(regions, RegionPartition):
        n_out = len(regions.regions[0].out_num) if regions.regions else 1
        n = 2
    elif hasattr(regions, "regions") and hasattr(regions, "box") and hasattr(regions, "dim"):
        n_out = regions.regions[0].out_map.shape[1] if regions.regions else 1
        n = regions.dim
    else:
        raise ParameterError(f"{type(regions).__name__} is not a partition or polyhedral complex",
                             hint="linear_regions(..., box=...) or polyhedral_complex(model, box=...)")
    if isinstance(output, (bool, np.bool_)) or not isinstance(output, (int, np.integer)) or not 0 <= output < n_out:
        raise ParameterError(f"output {output!r} of a model with {n_out} outputs",
                             hint=f"an integer index, 0 <= output < {n_out}")
    output = int(output)
    G, polys = (_from_partition(regions, output) if n == 2 and isinstance(regions, RegionPartition)
                else _from_polyhedral(regions, output))
    K = _build(G, polys, n)
    f = K.f_vector()
    chi = sum((-1) ** k * c for k, c in enumerate(f))
    betti = K.homology(lambda k, i: True)
    if chi != 1 or betti != (1,) + (0,) * n:
        raise NotApplicableError(f"the regions glue to a complex with Euler characteristic {chi} and Betti numbers "
                                 f"{betti}, not a box's (1, {(0,) * n})", f_vector=f,
                                 hint="the regions do not meet face to face (degenerate weights): perturb them")
    critical, morse, ties = _morse(K)
    if sum((-1) ** k * m for k, m in enumerate(morse)) != chi:
        raise NotApplicableError("Morse numbers do not add up to the Euler characteristic", hint="report this")
    return ComplexTopology(K, int(output), critical, morse, betti, chi, ties, True, time.perf_counter() - t0)


def _morse(K):
    """Critical vertices of F with the order (F, index): lower stars with nonzero relative homology."""
    n = K.dim
    V = K.values
    key = [(V[i], i) for i in range(len(V))]
    stars = [[[] for _ in range(n + 1)] for _ in range(len(V))]
    ties = False
    for k in range(n + 1):
        for c, verts in enumerate(K.cells[k]):
            top = max(verts, key=lambda v: key[v])
            stars[top][k].append(c)
            if k == 1:
                a, b = tuple(verts)
                ties |= V[a] == V[b]
    critical, morse = [], [0] * (n + 1)
    for v in sorted(range(len(V)), key=lambda i: key[i]):
        h = _betti(K, stars[v])
        for k, m in enumerate(h):
            if m:
                critical.append((K.points[v], V[v], k, m))
                morse[k] += m
    return tuple(critical), tuple(morse), ties
