"""2-D affine slices of an input space: z(u, v) = origin + u d_1 + v d_2 (exact rationals).

A slice is given by an origin and two directions, by three data points
(origin p_0, directions p_1 - p_0 and p_2 - p_0: the points sit at (0, 0),
(1, 0) and (0, 1) in slice coordinates), or as a JSON object. Bad slices
(missing keys, wrong sizes, dependent directions, non-numbers) raise
:class:`~algnet.errors.ParameterError` with a hint.

Examples
--------
>>> s = Slice.through_points([0, 0, 0], [2, 0, 0], [0, 1, 1])
>>> s.point(Fraction(1, 2), Fraction(1))
(Fraction(1, 1), Fraction(1, 1), Fraction(1, 1))
>>> [m[1] for m in s.marks]
['p0', 'p1', 'p2']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from algnet.architectures.relu import to_fraction
from algnet.errors import AlgnetError, ParameterError
from algnet.numtext import str_fraction, str_int

__all__ = ["Slice"]

_HINT = 'e.g. {"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, "1/2"]]} or {"points": [p0, p1, p2]}'


def _json_number(text: str):
    """A JSON decimal: its float64 (as the weights files read it), or the exact rational beyond float64's range."""
    f = float(text)
    return str_fraction(text) if f in (float("inf"), float("-inf")) else f


def _vector(x, n0, what):
    if isinstance(x, (str, bytes, dict)) or not hasattr(x, "__len__"):
        raise ParameterError(f"slice {what} must be a list of {n0} numbers, got {x!r}"[:200], hint=_HINT)
    items = x.ravel().tolist() if hasattr(x, "ravel") else list(x)
    for t in items:
        if isinstance(t, float) and t != t or t in (float("inf"), float("-inf")):
            raise ParameterError(f"slice {what} holds {t}, not a finite number: {x!r}"[:200],
                                 hint="finite numbers (integers, decimals of any size, or 'p/q' strings); " + _HINT)
    try:
        v = tuple(to_fraction(t) for t in items)
    except AlgnetError:
        raise ParameterError(f"slice {what} holds a non-number: {x!r}"[:200], hint=_HINT) from None
    if len(v) != n0:
        raise ParameterError(f"slice {what} has {len(v)} entries, the input space has dimension {n0}", hint=_HINT)
    return v


@dataclass(frozen=True)
class Slice:
    """The affine plane z = origin + u * directions[0] + v * directions[1] of R^(n_0).

    ``marks`` are points of the slice to draw ((u, v), label), e.g. the data
    points a slice was built through.

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
    marks: tuple = ()

    @classmethod
    def standard(cls, n0: int) -> "Slice":
        """Identity for n_0 = 2; (u, v) -> u for n_0 = 1; the (x0, x1) plane otherwise."""
        F0, F1 = Fraction(0), Fraction(1)
        if n0 == 1:
            return cls((F0,), ((F1,), (F0,)), ("x0", "(unused)"), "input line R")
        if n0 == 2:
            return cls((F0, F0), ((F1, F0), (F0, F1)), ("x0", "x1"), "input plane (x0, x1)")
        o = tuple([F0] * n0)
        e0 = tuple(F1 if i == 0 else F0 for i in range(n0))
        e1 = tuple(F1 if i == 1 else F0 for i in range(n0))
        return cls(o, (e0, e1), ("x0", "x1"), "coordinate plane (x0, x1), other inputs 0")

    @classmethod
    def coerce(cls, s, n0: int) -> "Slice":
        """A Slice from None (standard), a Slice, or a dict (see :meth:`from_dict`), checked against n_0."""
        if s is None:
            return cls.standard(n0)
        if isinstance(s, dict):
            return cls.from_dict(s, n0)
        if not isinstance(s, Slice):
            raise ParameterError(f"slice must be a Slice or a dict, got {type(s).__name__}", hint=_HINT)
        if not hasattr(s.origin, "__len__") or len(s.origin) != n0:
            n = len(s.origin) if hasattr(s.origin, "__len__") else "?"
            raise ParameterError(f"slice lives in R^{n}, the network's input is R^{n0}",
                                 hint="give a slice with n_0 coordinates")
        if not hasattr(s.directions, "__len__") or len(s.directions) != 2:
            raise ParameterError("a slice has two directions", hint=_HINT)
        # converted exactly and checked like from_origin's: a Slice built directly may hold floats, numpy numbers,
        # vectors of the wrong length or dependent directions (a line, whose "regions" are intervals)
        exact = cls._exact(s.origin, *s.directions, n0, s.labels, s.note, s.marks, plane=n0 > 1)
        if all(type(t) is Fraction for t in (*s.origin, *s.directions[0], *s.directions[1])):
            return s        # exact already (the standard slice of R^1 has an unused second direction)
        return exact

    @classmethod
    def _exact(cls, origin, d1, d2, n0: int, labels, note: str, marks=(), plane: bool = True) -> "Slice":
        """The slice with each vector converted exactly and checked (n0 numbers); directions independent when
        ``plane`` (a slice of R^1 has an unused second direction)."""
        o = _vector(origin, n0, "origin")
        dirs = (_vector(d1, n0, "direction 1"), _vector(d2, n0, "direction 2"))
        if plane:
            _check_independent(dirs, n0)
        return cls(o, dirs, tuple(labels), note, tuple(marks))

    @classmethod
    def from_origin(cls, origin, d1, d2, labels=("u", "v"), note: str = "") -> "Slice":
        """The slice origin + u d1 + v d2 (d1, d2 linearly independent).

        Examples
        --------
        >>> Slice.from_origin([1, 1], [1, 0], [0, 2]).point(1, 1)
        (Fraction(2, 1), Fraction(3, 1))
        """
        n0 = len(origin) if hasattr(origin, "__len__") else 0
        return cls._exact(origin, d1, d2, n0, labels, note or "given 2-D affine slice", ((((0, 0)), "origin"),))

    @classmethod
    def through_points(cls, *points, labels=None, seed: int = 0) -> "Slice":
        """The plane through one, two or three data points.

        Three points: origin p0, directions p1 - p0 and p2 - p0 (the points are at (0, 0), (1, 0), (0, 1) in
        slice coordinates). Two points: origin p0, direction p1 - p0 and a random direction orthogonal to it of
        the same length (seeded). One point: origin p0 and two random orthonormal directions (seeded). Random
        directions are float64 vectors converted exactly to rationals.

        Examples
        --------
        >>> Slice.through_points([0, 0], [1, 1], [1, 1])
        Traceback (most recent call last):
        ...
        algnet.errors.ParameterError: the two slice directions are linearly dependent
          hint: three points not on a line (or an origin and two independent directions)
        >>> [m[0] for m in Slice.through_points([0, 0, 1], [2, 0, 1]).marks]
        [(0, 0), (1, 0)]
        """
        import numpy as np

        if not 1 <= len(points) <= 3:
            raise ParameterError(f"a slice goes through 1, 2 or 3 points, not {len(points)}", hint=_HINT)
        n0 = len(points[0]) if hasattr(points[0], "__len__") else 0
        pts = [_vector(p, n0, f"point {i}") for i, p in enumerate(points)]
        labels = tuple(labels) if labels is not None else tuple(f"p{i}" for i in range(len(pts)))
        a = pts[0]
        rng = np.random.default_rng(seed)
        if len(pts) == 3:
            dirs = (tuple(x - y for x, y in zip(pts[1], a)), tuple(x - y for x, y in zip(pts[2], a)))
        elif len(pts) == 2:
            d1 = tuple(x - y for x, y in zip(pts[1], a))
            v = np.array([float(t) for t in d1])
            g = rng.standard_normal(n0)
            g -= (g @ v) / max(v @ v, 1e-300) * v
            g *= np.linalg.norm(v) / max(np.linalg.norm(g), 1e-300)
            dirs = (d1, tuple(Fraction(float(t)) for t in g))
        else:
            Q, _ = np.linalg.qr(rng.standard_normal((n0, 2)))
            dirs = (tuple(Fraction(float(t)) for t in Q[:, 0]), tuple(Fraction(float(t)) for t in Q[:, 1]))
        _check_independent(dirs, n0)
        marks = tuple(zip(((0, 0), (1, 0), (0, 1))[:len(pts)], labels))
        what = {1: "random plane through the data point", 2: "plane through the data points",
                3: "plane through the data points"}[len(pts)]
        return cls(a, dirs, ("u", "v"), f"{what} {', '.join(labels)}", marks)

    @classmethod
    def from_dict(cls, d: dict, n0: int) -> "Slice":
        """From ``{"origin": [...], "directions": [[...], [...]], "labels": [..]}`` or
        ``{"points": [p0, p1, p2]}`` (rationals as numbers or 'p/q').

        Examples
        --------
        >>> Slice.from_dict({"origin": [0, 0]}, 2)
        Traceback (most recent call last):
        ...
        algnet.errors.ParameterError: a slice needs 'origin' and 'directions' (two vectors), or 'points' (three)
          hint: e.g. {"origin": [0, 0, 0], "directions": [[1, 0, 0], [0, 1, "1/2"]]} or {"points": [p0, p1, p2]}
        """
        if not isinstance(d, dict):
            raise ParameterError(f"a slice must be a dict, got {type(d).__name__}", hint=_HINT)
        if "points" in d:
            pts = d["points"]
            if not isinstance(pts, (list, tuple)) or not 1 <= len(pts) <= 3:
                raise ParameterError("slice 'points' must be one, two or three points", hint=_HINT)
            for i, p in enumerate(pts):
                _vector(p, n0, f"point {i}")
            return cls.through_points(*pts, labels=d.get("labels"), seed=int(d.get("seed", 0)))
        if "origin" not in d or "directions" not in d:
            raise ParameterError("a slice needs 'origin' and 'directions' (two vectors), or 'points' (three)", hint=_HINT)
        dirs = d["directions"]
        if not isinstance(dirs, (list, tuple)) or len(dirs) != 2:
            raise ParameterError("slice 'directions' must be two vectors", hint=_HINT)
        o = _vector(d["origin"], n0, "origin")
        dv = (_vector(dirs[0], n0, "direction 1"), _vector(dirs[1], n0, "direction 2"))
        if n0 >= 2:
            _check_independent(dv, n0)
        labels = d.get("labels", ("u", "v"))
        if not isinstance(labels, (list, tuple)) or len(labels) != 2:
            raise ParameterError("slice 'labels' must be two names", hint='e.g. "labels": ["u", "v"]')
        return cls(o, dv, tuple(map(str, labels)), str(d.get("note", "given 2-D affine slice")))

    @classmethod
    def from_file(cls, path: str, n0: int) -> "Slice":
        """Read :meth:`from_dict` JSON from a file."""
        try:
            with open(path) as fh:      # a number beyond float64's range (1e400) is read exactly, not as inf
                d = json.load(fh, parse_int=str_int, parse_float=_json_number)
        except (OSError, ValueError, ZeroDivisionError) as e:
            raise ParameterError(f"cannot read slice file {path}: {e}", hint="a JSON object with origin and directions") from None
        return cls.from_dict(d, n0)

    def point(self, u, v) -> tuple:
        """The input z(u, v) (exact)."""
        u, v = to_fraction(u), to_fraction(v)
        return tuple(o + u * a + v * b for o, a, b in zip(self.origin, self.directions[0], self.directions[1]))

    def describe(self) -> str:
        return self.note or f"slice origin {list(map(str, self.origin))}, directions {[list(map(str, d)) for d in self.directions]}"

    def as_dict(self) -> dict:
        return {"origin": [str(x) for x in self.origin], "directions": [[str(x) for x in d] for d in self.directions],
                "labels": list(self.labels), "note": self.describe()}


def _check_independent(dirs, n0):
    from algnet.core.linalg import rank_qq

    if n0 < 2 or rank_qq([list(r) for r in dirs]) < 2:
        raise ParameterError("the two slice directions are linearly dependent",
                             hint="three points not on a line (or an origin and two independent directions)")
