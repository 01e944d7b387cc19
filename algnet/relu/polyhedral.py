"""Regions in any input dimension: the region around a point, and the polyhedral complex of small models.

:func:`region_at` returns the activation region of a point exactly, in any
input dimension: its halfspaces a.z + c >= 0 (integers, one per neuron that
bounds it and one per max-pool comparison), the exact affine map of the
outputs on it, and -- by a float64 linear programme -- its Chebyshev centre
and inradius (the centre is then checked exactly to lie inside).

:func:`polyhedral_complex` enumerates the regions of a box by a
breadth-first walk across facets (neighbours are found by float64 LPs;
every pattern is decided exactly at a rational point). In input dimension
<= 3 every region's vertices are computed exactly and the result is
**certified complete** when the exact volumes of the regions add up to the
volume of the box (regions with different patterns have disjoint
interiors, so nothing is missing). :func:`zero_set_mesh` turns the complex
of a 3-input, 1-output network into the exact triangle mesh of its zero set
(the "implicit surface" of an implicit neural representation). The exact vertices, faces and volumes of
the regions are computed in :mod:`algnet.relu.polyhedral_geometry`.

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]), ([[1, 1, 1]], [-1])])
>>> r = region_at(m, [1, 2, 3])
>>> r.pattern, r.halfspaces.tolist()
('111', [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
>>> cx = polyhedral_complex(m, box=(-1, 1))
>>> cx.count, cx.certified
(8, True)
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from algnet.errors import NonSmoothPointError, NotApplicableError, ParameterError, TooLargeError
from algnet.evidence import Evidence
from algnet.relu.model import Activation, Affine, MaxPool, fractions_array, int_op
from algnet.relu.polyhedral_geometry import (_box_key, _faces, _norm_row, _order_polygon, _volume, region_vertices,
                                             with_box)

__all__ = ["PolyRegion", "region_at", "PolyhedralComplex", "polyhedral_complex", "zero_set_mesh", "with_box",
           "region_vertices"]


def _scipy():
    try:
        import scipy.optimize
        import scipy.spatial  # noqa: F401
    except ImportError:  # pragma: no cover
        raise NotApplicableError("this needs scipy", hint="pip install scipy (it comes with the torch extra)") from None
    return scipy


@dataclass(frozen=True, eq=False)
class PolyRegion:
    """An activation region {z : halfspaces[:, :-1] z + halfspaces[:, -1] >= 0} (exact integers).

    ``out_map`` (n0 + 1, n_out) integers over ``out_den``: F(z) = (z, 1) out_map / out_den on the region.

    Examples
    --------
    F = relu(x) + relu(y) + relu(z) - 1: the region of (1, 2, 3) is the positive octant, where
    F = x + y + z - 1; inside [-1, 1]^3 it is the unit cube, whose largest ball has radius 1/2:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]), ([[1, 1, 1]], [-1])])
    >>> r = region_at(m, [1, 2, 3])
    >>> r.dim, r.pattern, [[int(a) for a in row] for row in r.affine_map()[0]], r.affine_map()[1]
    (3, '111', [[1, 1, 1]], [Fraction(-1, 1)])
    >>> r.contains([0, 5, 1]), r.contains([0, 5, 1], strict=True), r.contains([-1, 0, 0])
    (True, False, False)
    >>> centre, radius = r.chebyshev(box=(-1, 1))
    >>> [round(float(c), 6) for c in centre], round(radius, 6)
    ([0.5, 0.5, 0.5], 0.5)
    """

    pattern: str
    halfspaces: np.ndarray
    out_map: np.ndarray
    out_den: int
    point: tuple
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def dim(self) -> int:
        return self.halfspaces.shape[1] - 1

    def contains(self, z, strict: bool = False) -> bool:
        """Exact membership of the rational point z."""
        z = [Fraction(v) for v in z]
        for row in self.halfspaces.tolist():
            e = sum(a * v for a, v in zip(row[:-1], z)) + row[-1]
            if e < 0 or (strict and e == 0):
                return False
        return True

    def affine_map(self):
        """(M, t) with F(z) = M z + t on the region (Fractions)."""
        M = [[Fraction(int(self.out_map[i, k]), self.out_den) for i in range(self.dim)] for k in range(self.out_map.shape[1])]
        t = [Fraction(int(self.out_map[self.dim, k]), self.out_den) for k in range(self.out_map.shape[1])]
        return M, t

    def chebyshev(self, box=None):
        """(centre, inradius): the largest ball inside the region (and the box), by a float64 LP.

        The centre is checked exactly to lie in the region; inradius is inf for regions containing arbitrarily
        large balls.
        """
        key = ("cheb", _box_key(box))
        if key not in self._cache:
            H = with_box(self.halfspaces, box, self.dim)
            self._cache[key] = _chebyshev(H.astype(float))
        return self._cache[key]

    def as_dict(self) -> dict:
        c, r = self.chebyshev()
        M, t = self.affine_map()
        return {"pattern": self.pattern, "halfspaces": [[int(v) for v in row] for row in self.halfspaces.tolist()],
                "affine_map": [[str(v) for v in row] + [str(tt)] for row, tt in zip(M, t)],
                "chebyshev_centre": None if c is None else [float(v) for v in c], "inradius": r}

    def __repr__(self):
        return f"PolyRegion(pattern {self.pattern!r}, {len(self.halfspaces)} halfspaces in R^{self.dim})"


def _chebyshev(Hf, eq=None):
    """max r s.t. A z + c >= r |A_i| (and A_eq z + c_eq = 0); returns (z, r) or (None, 0.0)."""
    sp = _scipy()
    A, c = Hf[:, :-1], Hf[:, -1]
    n = A.shape[1]
    nrm = np.linalg.norm(A, axis=1)
    A_ub = np.c_[-A, nrm]
    kw = {}
    if eq is not None:
        kw = dict(A_eq=np.c_[eq[None, :-1], [[0.0]]], b_eq=[-eq[-1]])
    res = sp.optimize.linprog(np.r_[np.zeros(n), -1.0], A_ub=A_ub, b_ub=c, bounds=[(None, None)] * n + [(0, 1e9)],
                              method="highs", **kw)
    if res.status != 0:
        return None, 0.0
    r = float(res.x[-1])
    return res.x[:n], (float("inf") if r >= 1e9 * 0.999 else r)


def region_at(model, x, theta=None) -> PolyRegion:
    """The exact activation region of the point x (any input dimension).

    Parameters
    ----------
    model : PLModel, torch module, or ReLU spec/network with ``theta``
    x : the point (rationals or floats, converted exactly)

    Raises
    ------
    NonSmoothPointError
        When x lies on a region boundary (a pre-activation is exactly 0, or a max-pool tie).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> r = region_at(PLModel.from_layers([([[1, 1]], [-1]), ([[2]], [0])]), [1, 1])
    >>> r.halfspaces.tolist(), r.affine_map()
    ([[1, 1, -1]], ([[Fraction(2, 1), Fraction(2, 1)]], [Fraction(-2, 1)]))
    """
    from algnet.relu.local_complexity import as_model

    m = as_model(model, theta)
    n0 = m.input_size
    try:
        xr = fractions_array(np.asarray(x, dtype=object).reshape(-1))
    except ParameterError:                # (its message speaks of weights)
        raise ParameterError(f"the point {x!r} is not a vector of finite rational numbers",
                             hint="one finite number per input, e.g. [1, 2, '1/3']") from None
    if xr.size != n0:
        raise ParameterError(f"the point has {xr.size} coordinates, the model takes {n0}", hint="a flattened input")
    _, pre = m.forward([xr], exact=True, preactivations=True)
    pre_at = iter(pre)
    S = m.scales(1)
    H = {0: np.vstack([np.eye(n0, dtype=np.int64).astype(object), np.zeros((1, n0), dtype=object)])}
    rows, pats = [], []
    for i, nd in enumerate(m.nodes[1:], start=1):
        op = nd.op
        X = H[nd.inputs[0]]
        if isinstance(op, Activation):
            p = next(pre_at)[0]
            # a zero pre-activation whose affine function vanishes identically here (a pruned neuron: zero weights
            # and bias) bends nothing: no boundary, output 0 either way (it made every point "on a zero set")
            if any(v == 0 and any(c != 0 for c in X[:, j].tolist()) for j, v in enumerate(p.tolist())):
                raise NonSmoothPointError(f"the point lies on the zero set of a neuron of {nd.name}",
                                          hint="move the point slightly")
            act = np.array([v > 0 for v in p.tolist()], dtype=bool)
            for j in range(X.shape[1]):
                col = X[:, j] if act[j] else -X[:, j]
                rows.append(col)
            pats.append("".join("1" if a else "0" for a in act))
            H[i] = np.where(act[None, :], X * op.den, X * op.int_slopes()[None, :])
        elif isinstance(op, MaxPool):
            p = next(pre_at)[0].tolist()
            arg = []
            for w in op.windows:
                vals = [p[t] for t in w]
                a = vals.index(max(vals))
                for t in dict.fromkeys(w.tolist()):
                    if t == w[a]:
                        continue
                    d = X[:, w[a]] - X[:, t]
                    if all(v == 0 for v in d.tolist()):
                        continue
                    if p[t] == p[w[a]]:
                        raise NonSmoothPointError(f"max-pool tie at the point ({nd.name})", hint="move the point slightly")
                    rows.append(d)
                arg.append(a)
            pats.append("".join("0123456789abcdefghijklmnopqrstuvwxyz"[a % 36] for a in arg))
            H[i] = X[:, op.windows[np.arange(len(arg)), arg]]
        else:
            H[i] = int_op(op, [H[j] for j in nd.inputs], [S[j] for j in nd.inputs], S[i],
                          bias_rows=[n0] if isinstance(op, Affine) else None)
    seen, hs = set(), []
    for r in rows:
        t = _norm_row([int(v) for v in r.tolist()])
        if all(v == 0 for v in t[:-1]) or t in seen:
            continue
        seen.add(t)
        hs.append(t)
    Hs = np.array(hs, dtype=object).reshape(-1, n0 + 1)
    out = H[len(m.nodes) - 1]
    return PolyRegion("|".join(pats), Hs, out, S[-1], tuple(xr.tolist()))


# ------------------------------------------------------------------ the complex of a box
@dataclass(frozen=True, eq=False)
class PolyhedralComplex:
    """Regions of a box [lo, hi]^n0 found by a walk across facets (see the module doc).

    ``certified``: the exact volumes add up to the box's (n0 <= 3), so the list is complete.

    Examples
    --------
    The three coordinate planes cut [-1, 1]^3 into its 8 unit octant cubes:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]), ([[1, 1, 1]], [-1])])
    >>> cx = polyhedral_complex(m, box=(-1, 1))
    >>> cx.count, cx.certified, cx.volume_covered, sorted({s["volume"] for s in cx.statistics()})
    (8, True, Fraction(8, 1), [Fraction(1, 1)])
    >>> cx.as_dict()["regions"], cx.evidence.proves
    (8, 'exactly 8 regions in the box (exact volumes add up)')
    """

    regions: tuple
    box: tuple
    dim: int
    certified: bool
    volume_covered: Fraction | None
    seconds: float
    partial: bool = False

    @property
    def count(self) -> int:
        return len(self.regions)

    @property
    def evidence(self) -> Evidence:
        proves = (f"exactly {self.count} regions in the box (exact volumes add up)" if self.certified
                  else f"at least {self.count} regions in the box")
        return Evidence(method="walk across facets (float64 LPs), exact patterns; completeness by exact volumes",
                        certified=self.certified, proves=proves, seconds=self.seconds, partial=self.partial)

    def as_dict(self) -> dict:
        d = {"regions": self.count, "dim": self.dim, "box": [str(v) for v in self.box],
             "volume_covered": None if self.volume_covered is None else str(self.volume_covered)}
        d.update({k: v for k, v in self.evidence.as_dict().items() if k != "depends_on"})
        return d

    def statistics(self):
        """Per region: exact volume (n0 <= 3), inradius and eccentricity (float: circumradius about the
        Chebyshev centre over inradius), number of facets."""
        out = []
        for r in self.regions:
            c, rad = r.chebyshev(self.box)
            key = _box_key(self.box)
            V = r._cache.get(("verts", key))
            far = max(float(np.linalg.norm(np.array([float(t) for t in v]) - c)) for v in V) if V and c is not None else None
            out.append({"pattern": r.pattern, "volume": r._cache.get(("volume", key)), "inradius": rad,
                        "eccentricity": None if far is None or not rad else far / rad,
                        "facets": len(r._cache.get(("faces", key), ()))})
        return out

    def __repr__(self):
        return (f"PolyhedralComplex({self.count} regions of [{self.box[0]}, {self.box[1]}]^{self.dim}; "
                f"{'certified complete' if self.certified else 'not certified'}; {self.seconds:.2f} s)")


def _facet_points(region, box, n):
    """For each region halfspace that is a facet inside the box: (index, point on the facet, its inradius)."""
    H = with_box(region.halfspaces, box, n).astype(float)
    k = len(region.halfspaces)
    out = []
    for i in range(k):
        others = np.delete(H, i, axis=0)
        c, r = _chebyshev(others, eq=H[i])
        if c is not None and r > 1e-12:
            out.append((i, c, r))
    return out


def _exact_point(v):
    return [Fraction(float(t)) for t in v]


def polyhedral_complex(model, *, box=(-1, 1), theta=None, max_regions: int = 20_000, certify: bool = True,
                       start=None) -> PolyhedralComplex:
    """All regions of the box [lo, hi]^n0 of a small model (see the module doc).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 3-4-1")
    >>> cx = polyhedral_complex(net, theta=net.random_params(seed=0), box=(-2, 2))
    >>> cx.certified, cx.count <= 1 + 4 + 6 + 4     # at most sum_k C(4, k), k <= 3 (Zaslavsky)
    (True, True)
    """
    from algnet.relu.local_complexity import as_model

    from algnet.guards import check_flag

    t0 = time.perf_counter()
    lo, hi = _box_bounds(box)
    certify = check_flag(certify, "certify")
    if isinstance(max_regions, bool) or not isinstance(max_regions, (int, np.integer)) or max_regions < 1:
        raise ParameterError(f"max_regions={max_regions!r} must be a positive integer", hint="e.g. max_regions=20000")
    m = as_model(model, theta)
    n = m.input_size
    rng = np.random.default_rng(0)
    p0 = start if start is not None else [(lo + hi) / 2 + Fraction(int(rng.integers(-999, 999)), 10**6) for _ in range(n)]
    if start is not None:
        _check_start(start, lo, hi, n)
    first = _region_near(m, p0, rng)
    regions, seen = [first], {first.pattern}
    queue = deque([first])
    partial = False
    try:
        while queue:
            R = queue.popleft()
            for i, c, r in _facet_points(R, (lo, hi), n):
                a = np.array([float(v) for v in R.halfspaces[i, :-1]])
                step = min(r, 1e-3 * float(hi - lo)) / 2
                q = c - step * a / np.linalg.norm(a)
                if np.any(q <= float(lo)) or np.any(q >= float(hi)):
                    continue
                try:
                    S = region_at(m, _exact_point(q))
                except NonSmoothPointError:
                    S = _region_near(m, _exact_point(q), rng, scale=step / 10)
                if S.pattern not in seen:
                    seen.add(S.pattern)
                    regions.append(S)
                    queue.append(S)
                    if len(regions) > max_regions:
                        raise TooLargeError(f"more than {max_regions} regions", regions=len(regions),
                                            hint="use a smaller box or raise max_regions")
    except KeyboardInterrupt:
        partial = True
    covered, cert = None, False
    if certify and n <= 3 and not partial:
        covered = sum((_volume(R, (lo, hi), n) for R in regions), Fraction(0))
        cert = covered == (hi - lo) ** n
    return PolyhedralComplex(tuple(regions), (lo, hi), n, cert, covered, time.perf_counter() - t0, partial)


def _box_bounds(box):
    """(lo, hi) of the cube [lo, hi]^n0 as exact rationals, checked: two finite numbers, lo < hi.

    Examples
    --------
    >>> _box_bounds(("-1/2", 1))
    (Fraction(-1, 2), Fraction(1, 1))
    """
    from algnet.architectures.relu_exact import to_fraction

    hint = "box=(lo, hi) with lo < hi, the cube [lo, hi]^n0 (one pair for every coordinate), e.g. box=(-1, 1)"
    try:
        if isinstance(box, (str, bytes)) or len(box) != 2:
            raise ParameterError(f"bad box {box!r}: need two numbers (lo, hi)", hint=hint)
        lo, hi = to_fraction(box[0]), to_fraction(box[1])
    except (TypeError, ParameterError) as e:
        if isinstance(e, ParameterError) and str(e).startswith("bad box"):
            raise
        raise ParameterError(f"bad box {box!r}: need two finite rational numbers (lo, hi)", hint=hint) from None
    if not lo < hi:
        raise ParameterError(f"bad box ({box[0]}, {box[1]}): need lo < hi", hint=hint)
    return lo, hi


def _check_start(start, lo, hi, n):
    """Refuse a start point with the wrong number of coordinates or outside the open box (lo, hi)^n."""
    from algnet.architectures.relu_exact import to_fraction

    pt = [to_fraction(v) for v in np.asarray(start, dtype=object).ravel()]
    if len(pt) != n:
        raise ParameterError(f"the start point has {len(pt)} coordinates, the model takes {n}",
                             hint="a point inside the box, one coordinate per input")
    if not all(lo < v < hi for v in pt):
        raise ParameterError(f"the start point {[str(v) for v in pt]} is not inside the box ({lo}, {hi})^{n}",
                             hint="a point strictly inside the box, or leave start out (the box's centre)")


def _region_near(m, p, rng, scale=1e-6, tries=20):
    for _ in range(tries):
        try:
            return region_at(m, p)
        except NonSmoothPointError:
            p = [Fraction(float(v) + scale * float(rng.standard_normal())) for v in p]
    raise NonSmoothPointError("could not find a point off the region boundaries", hint="move the box")


def zero_set_mesh(complex_, model=None, output: int = 0):
    """The exact zero set of output ``output`` of a 3-input model over the complex, as a triangle mesh.

    Returns (vertices, triangles): exact rational vertices (tuples of Fractions) and index triples. On each
    region the output is affine, so its zero set is a convex polygon (cut out exactly from the region's
    exact vertices and edges) that is fanned into triangles.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], [0] * 6),
    ...                          ([[1] * 6], ["-1/2"])])          # |x| + |y| + |z| = 1/2: an octahedron
    >>> V, T = zero_set_mesh(polyhedral_complex(m, box=(-1, 1)))
    >>> len(T), sorted(set(abs(c) for v in V for c in v))
    (8, [Fraction(0, 1), Fraction(1, 2)])
    """
    if complex_.dim != 3:
        raise NotApplicableError(f"the input space has dimension {complex_.dim}", hint="zero_set_mesh is for 3 inputs")
    verts, index, tris = [], {}, []

    def vid(p):
        if p not in index:
            index[p] = len(verts)
            verts.append(p)
        return index[p]

    for R in complex_.regions:
        k = int(output)
        f = [int(R.out_map[i, k]) for i in range(4)]
        if f[:3] == [0, 0, 0]:
            continue
        V = region_vertices(R, complex_.box, 3)
        val = [sum(a * t for a, t in zip(f[:3], v)) + f[3] for v in V]
        if not V or max(val) <= 0 or min(val) >= 0:
            if not (V and (max(val) == 0 or min(val) == 0) and any(x == 0 for x in val)):
                continue
        faces = _faces(R, complex_.box, 3)
        pts = set(v for v, x in zip(V, val) if x == 0)
        fl = list(faces.values())
        for a in range(len(V)):
            for b in range(a + 1, len(V)):
                if (val[a] > 0 > val[b]) or (val[a] < 0 < val[b]):
                    if sum(1 for F in fl if V[a] in F and V[b] in F) >= 2:          # an edge of the region
                        t = val[a] / (val[a] - val[b])
                        pts.add(tuple(x + t * (y - x) for x, y in zip(V[a], V[b])))
        if len(pts) < 3:
            continue
        poly = _order_polygon(sorted(pts), f[:3])
        ids = [vid(p) for p in poly]
        for p, q in zip(ids[1:-1], ids[2:]):
            tris.append((ids[0], p, q))
    return verts, tris
