"""The finite symmetries that a coordinatewise polynomial activation gives a unit: the affine maps of the unit's
input, t -> v + zeta (t - v) with zeta a root of unity, that the activation turns into an affine map of its output.

Write sigma(v + s) = k0 + sum_j g_j s^j around its center v = -c_(D-1) / (D c_D) (c the coefficients of sigma,
D its degree). Then sigma(v + zeta s) = sum_j g_j zeta^j s^j + k0, and:

* at the end of the network, where nothing takes the unit's output back, the map must keep sigma: zeta^j = 1 for
  every j >= 1 with g_j != 0, i.e. zeta is an m-th root of unity with m the gcd of those degrees (t^2: the sign of
  the unit's weights, t^3: a cube root of unity, t + t^2 = (t + 1/2)^2 - 1/4: the reflection about -1/2 when the
  unit has a bias). The center is the only one possible: a finite group of affine maps of C fixes a point, and
  zeta != 1 with zeta^D = 1 cannot have zeta^(D - 1) = 1, so g_(D-1) = 0;
* between two linear layers, the next layer can take back sigma(v + zeta s) = alpha sigma(v + s) + (1 - alpha) k0
  (its column divided by alpha, its bias corrected) when zeta^j = alpha for every such j: zeta^m = 1 with m the
  gcd of the differences of those degrees. Only m = 2 is used there (a reflection: zeta = -1, alpha = (-1)^D =
  eps, and sigma(2 v - t) = eps sigma(t) + k with k = (1 - eps) k0); t^j alone (v = 0, k0 = 0: homogeneous) has
  its rescalings instead, part of the continuous symmetries.

A chain of activations is one polynomial (composed; a Product of two chains multiplies them).

Examples
--------
>>> from algnet.architectures.layers import Polynomial, Power
>>> output_roots([Power(2)]), output_roots([Polynomial(0, 1, 1)]), output_roots([Polynomial(0, 1, 0, 1)])
((Fraction(0, 1), 2), (Fraction(-1, 2), 2), None)
>>> reflection([Polynomial(0, 1, 0, 1)])                  # t + t^3 is odd: about 0, eps = -1, k = 0
(Fraction(0, 1), -1, Fraction(0, 1))
"""

from __future__ import annotations

from fractions import Fraction
from math import comb, gcd

import numpy as np

from algnet.architectures.layers.base import unit_slice

__all__ = ["chain_polynomial", "output_roots", "reflection", "unit_roots", "MAX_CHAIN_DEGREE"]

#: Chains of activations of a higher composite degree are not expanded (their roots of unity are not derived).
MAX_CHAIN_DEGREE = 64


def _compose(outer, inner) -> list:
    """The coefficients of outer(inner(t)) (lowest first)."""
    out, power = [Fraction(0)], [Fraction(1)]
    for c in outer:
        out = _add(out, [c * p for p in power])
        power = _times(power, inner)
    return out


def _add(a, b):
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0) for i in range(n)]


def _times(a, b):
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def chain_polynomial(acts):
    """The coefficients (lowest first, Fractions) of the composite of a chain of coordinatewise activations (a
    Product of two chains is their product), or None when one is not a polynomial or the degree exceeds
    :data:`MAX_CHAIN_DEGREE`.

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power, Product
    >>> [int(c) for c in chain_polynomial([Polynomial(0, 1, 1), Power(2)])]       # (t + t^2)^2
    [0, 0, 1, 2, 1]
    >>> [int(c) for c in chain_polynomial([Product(Power(1), Power(2))])]         # t * t^2
    [0, 0, 0, 1]
    """
    key = tuple((type(a).__name__, repr(a)) for a in acts)     # the repr of an activation names it whole
    if key not in _CHAINS:
        if len(_CHAINS) > 4096:
            _CHAINS.clear()
        _CHAINS[key] = _chain_polynomial(acts)
    out = _CHAINS[key]
    return None if out is None else list(out)


_CHAINS: dict = {}


def _chain_polynomial(acts):
    from algnet.architectures.junction_maps import _as_activation

    poly = [Fraction(0), Fraction(1)]
    for lay in acts:
        act = _as_activation(lay) if not hasattr(lay, "P") else lay
        if act is None:
            return None
        if hasattr(act, "P"):           # a Product of two chains of activations
            left, right = chain_polynomial(act.P.left), chain_polynomial(act.P.right)
            if left is None or right is None:
                return None
            if len(left) + len(right) - 2 > MAX_CHAIN_DEGREE:
                return None
            p = _times(left, right)
        elif getattr(act, "identity", False):
            continue
        elif hasattr(act, "coeffs"):
            p = [Fraction(c) for c in act.coeffs]
        else:
            return None
        if (len(p) - 1) * (len(poly) - 1) > MAX_CHAIN_DEGREE:
            return None
        # (the chain so far the identity t: p itself, without composing -- the common chain of one activation)
        poly = list(p) if poly == _IDENTITY else _compose(p, poly)
    while len(poly) > 1 and poly[-1] == 0:
        poly.pop()
    return poly


_IDENTITY = [Fraction(0), Fraction(1)]


def _centered(c):
    """(v, g): the center v = -c_(D-1) / (D c_D) and the coefficients g of sigma(v + s) (module doc); remembered per
    coefficient tuple (a pure function of them: the network's first evaluation asks for each of its activation
    chains more than once)."""
    c = tuple(c)
    key = (c, tuple(map(type, c)))          # (1 == Fraction(1): the kinds of number too)
    got = _CENTERED.get(key)
    if got is None:
        if len(_CENTERED) > 4096:
            _CENTERED.clear()
        got = _CENTERED[key] = _centered_new(c)
    return got[0], list(got[1])


_CENTERED: dict = {}


def _centered_new(c):
    D = len(c) - 1
    v = -c[D - 1] / (D * c[D])
    g = [Fraction(0)] * (D + 1)
    for k, ck in enumerate(c):
        if not ck:          # (no terms: the sum below adds zeros)
            continue
        if not v:           # (only j = k: v^0 = 1)
            g[k] += ck
            continue
        for j in range(k + 1):
            g[j] += ck * comb(k, j) * v ** (k - j)
    return v, tuple(g)


def unit_roots(acts, taken_back: bool = False):
    """``(v, m, j)`` when the m-th roots of unity zeta (m >= 2) move a unit's input about the center v of the
    activation chain sigma: sigma(v + zeta s) = zeta^j (sigma(v + s) - k0) + k0 (module doc), else None.

    Without ``taken_back`` (nothing reads the unit: the end of the network) zeta^j = 1: m is the gcd of the degrees
    of sigma(v + s) - k0. With it, m is the gcd of their differences (j the lowest degree); a single power (t - v)^j
    (+ k0) gives m = j, j = 0 (its other rescalings need the reader's bias), and t^j alone None (its rescalings are
    continuous).

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power
    >>> unit_roots([Power(3)]), unit_roots([Polynomial(5, 0, 1, 0, 1)]), unit_roots([Polynomial(0, 1)])
    ((Fraction(0, 1), 3, 0), (Fraction(0, 1), 2, 0), None)
    >>> unit_roots([Polynomial(0, 1, 0, 0, 1)], taken_back=True)       # t + t^4: (w t) + (w t)^4 = w (t + t^4)
    (Fraction(0, 1), 3, 1)
    """
    c = chain_polynomial(acts)
    if c is None or len(c) < 3:
        return None
    key = (tuple(c), bool(taken_back))       # (chain_polynomial's coefficients are Fractions)
    if key not in _UNIT_ROOTS:       # a pure function of the chain's polynomial, remembered
        if len(_UNIT_ROOTS) > 4096:
            _UNIT_ROOTS.clear()
        _UNIT_ROOTS[key] = _unit_roots(c, taken_back)
    return _UNIT_ROOTS[key]


_UNIT_ROOTS: dict = {}


def _unit_roots(c, taken_back):
    v, g = _centered(c)
    degs = [j for j in range(1, len(g)) if g[j] != 0]
    if not taken_back or len(degs) == 1:
        if taken_back and not v and not g[0]:
            return None
        m, j = 0, 0
        for d in degs:
            m = gcd(m, d)
    else:
        m, j = 0, degs[0]
        for d in degs[1:]:
            m = gcd(m, d - j)
        j %= m
    return (v, m, j) if m > 1 else None


def output_roots(acts):
    """``(v, m)``: :func:`unit_roots` at the end of the network (sigma(v + zeta (t - v)) = sigma(t)), else None.

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power
    >>> output_roots([Power(3)]), output_roots([Polynomial(5, 0, 1, 0, 1)]), output_roots([Polynomial(0, 1)])
    ((Fraction(0, 1), 3), (Fraction(0, 1), 2), None)
    """
    r = unit_roots(acts)
    return None if r is None else r[:2]


def reflection(acts):
    """``(v, eps, k)`` with sigma(2 v - t) = eps sigma(t) + k for the activation chain sigma when :func:`unit_roots`
    (taken back) has an even m, so that zeta = -1 is one of its roots; else None.

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power, Product
    >>> reflection([Polynomial(0, 1, 1)])                 # t + t^2 = (t + 1/2)^2 - 1/4: about -1/2
    (Fraction(-1, 2), 1, Fraction(0, 1))
    >>> reflection([Polynomial(0, 1, 1, 0, 1)]), reflection([Power(2)])
    (None, None)
    >>> reflection([Product(Polynomial(0, 1, 0, 1), Power(1))])     # t^2 + t^4 (a Product of chains)
    (Fraction(0, 1), 1, Fraction(0, 1))
    """
    r = unit_roots(acts, taken_back=True)
    if r is None or r[1] % 2:
        return None
    v, _, j = r
    eps = (-1) ** j
    return v, eps, (1 - eps) * _centered(chain_polynomial(acts))[1][0]


def shifted_power(acts):
    """``(v, j, k0)`` when the activation chain is sigma = c (t - v)^j + k0 with j >= 2 and v or k0 nonzero (a
    power moved off the origin), else None. Between a layer A (with a bias when v != 0) and a linear layer C (with
    a bias when k0 != 0) each unit's input t -> v + s (t - v) is a rescaling: sigma -> s^j (sigma - k0) + k0, C's
    column times s^-j and its bias plus (1 - s^-j) k0 times the column (:func:`shifted_rows`).

    Examples
    --------
    >>> from algnet.architectures.layers import Polynomial, Power
    >>> shifted_power([Polynomial(1, 2, 1)]), shifted_power([Polynomial(1, 0, 1)]), shifted_power([Power(2)])
    ((Fraction(-1, 1), 2, Fraction(0, 1)), (Fraction(0, 1), 2, Fraction(1, 1)), None)
    """
    c = chain_polynomial(acts)
    if c is None or len(c) < 3:
        return None
    v, g = _centered(c)
    if any(g[1:-1]) or not (v or g[0]):
        return None
    return v, len(g) - 1, g[0]


def shifted_rows(A, C, prm, B, units, v, j, k0) -> list:
    """The tangents (s = 1) of the rescalings of :func:`shifted_power`, one per unit: {global name: array}."""
    from algnet.architectures.junction_maps import _merge, in_mix, out_mix

    rows = []
    for i in range(units):
        row = out_mix(A, prm, B, i, i)
        if v:
            gb = A._names[A.bias_param]
            row[gb][i] = B.add(row[gb][i], B.const(-number(v) if isinstance(number(v), int) else -v))
        row = _merge(row, in_mix(C, prm, B, i, i, j), B)
        if k0:
            gw, gc = C._names["W"], C._names[C.bias_param]
            dc = B.zeros(np.shape(prm[gc]))
            for o in range(np.shape(prm[gw])[0]):
                dc[o] = B.mul(prm[gw][o, i], B.const(j * number(k0) if isinstance(number(k0), int) else j * k0))
            row = _merge(row, {gc: dc}, B)
        rows.append(row)
    return rows


def number(q):
    """A Fraction as an int where it is one."""
    return int(q) if isinstance(q, Fraction) and q.denominator == 1 else q


def affine_unit(out, lay, i, zeta, v=0):
    """Unit i of ``lay``'s output t -> v + zeta (t - v): its weights along the unit times zeta, its bias b ->
    zeta b + (1 - zeta) v (``out``: {global name: array}, changed in place)."""
    for local, axis in lay.out_params:
        g = lay._names[local]
        arr = np.array(out[g], copy=True, dtype=object)
        sl = unit_slice(arr, axis, i)
        arr[sl] = arr[sl] * zeta + (number((1 - zeta) * v) if v and local == lay.bias_param else 0)
        out[g] = arr
    return out


def take_back(out, C, i, alpha, beta=0):
    """The layer C reading unit i whose value became alpha h + beta (h the old value): C's weights on it divided
    by alpha, and C's bias minus beta / alpha times its column (a linear C with a bias when beta != 0)."""
    inv = alpha if alpha in (1, -1) else 1 / alpha
    if beta:
        gw, gb = C._names["W"], C._names[C.bias_param]
        col = np.array(out[gw], dtype=object)[:, i]
        out[gb] = np.array(out[gb], dtype=object) - col * number(beta * inv)
    for local, axis in C.in_params:
        g = C._names[local]
        arr = np.array(out[g], copy=True, dtype=object)
        sl = unit_slice(arr, axis, i)
        arr[sl] = arr[sl] * inv
        out[g] = arr
    return out


class UnitRoots:
    """The roots of unity of :func:`unit_roots` acting on each unit between a layer A and the layers reading its
    units (``readers``): A's unit moved about v by zeta (its weights, its bias), the readers taking back its new
    output alpha h + beta (alpha = zeta^j, beta = (1 - alpha) k0; one linear reader with a bias when beta != 0, else
    only the roots with alpha = 1 are used).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("layers Linear(2, 2), Polynomial(0, 1, 0, 0, 1), Linear(2, 2)")     # t + t^4
    >>> net.finite_symmetry_order()                 # 2 orders x 3^2 cube roots of unity (w t) + (w t)^4 = w sigma
    18
    """

    @classmethod
    def make(cls, acts, A, readers, C):
        r = unit_roots(acts, taken_back=True)
        if r is None:
            return None
        v, m, j = r
        k0 = _centered(chain_polynomial(acts))[1][0]
        from algnet.architectures.layers.linear import Linear
        from algnet.architectures.product_junction import _root_of_unity

        if j and k0 and not (list(readers) == [C] and isinstance(C, Linear) and C.bias_param):
            r = unit_roots(acts)        # the readers cannot take the constant back: the roots keeping sigma
            if r is None:
                return None
            v, m, j = r
        if v and A.bias_param not in [name for name, _ in A.out_params]:
            return None
        alpha = _root_of_unity(j, m)
        return cls(v, m, _root_of_unity(1, m), alpha, (1 - alpha) * k0 if j else 0)

    def __init__(self, v, m, zeta, alpha, beta):
        self.v, self.m, self.zeta, self.alpha, self.beta = v, m, zeta, alpha, beta

    def order(self, units) -> int:
        return self.m ** units

    def description(self, A, acts) -> str:
        u, v = A.unit_name, number(self.v)
        names = ", ".join(repr(a) for a in acts)
        if self.m == 2:
            image = f"{number(2 * self.v)} - t" if v else "-t"
            return f"the reflection of each {u}'s input t -> {image} after {A!r} ({names} is symmetric about {v})"
        image = f"{v} + zeta (t - {v})" if v else "zeta t"
        return (f"each {u}'s input t -> {image} after {A!r}, zeta a root of unity of order {self.m} ({names} "
                "takes it to a multiple of itself)")

    def action(self, A, readers, i):
        def act(prm):
            out = affine_unit(dict(prm), A, i, self.zeta, self.v)
            for R in readers:
                take_back(out, R, i, self.alpha, self.beta)
            return out

        return act


class BranchRoots:
    """The roots of unity of a Product branch ending in a layer L and a polynomial chain of activations that is not
    homogeneous: L's unit moved about v by zeta (:func:`unit_roots`) multiplies the branch's output by alpha =
    zeta^j (no constant: k0 = 0), which the other branch (``scale``: its last layer, followed by homogeneous
    activations of degree d: its unit times a d-th root of 1 / alpha) or the next layer (``reader``) takes back;
    without either only the roots keeping sigma (alpha = 1). The other branch's own roots (its unit times a d-th
    root of unity) are a second instance (L that branch's layer, v = 0, m = d, alpha = 1).

    Examples
    --------
    >>> from algnet import parse_spec          # t + t^3 in one branch: (-u.x)(-v.x) + ... = sigma(u.x) (v.x)
    >>> net = parse_spec("layers Product([Linear(2, 1), Polynomial(0, 1, 0, 1)], Linear(2, 1))")
    >>> net.finite_symmetry_order()
    2
    """

    @classmethod
    def make(cls, acts, L, scale=None, reader=None, d=1):
        from algnet.architectures.product_junction import _root_of_unity

        c = chain_polynomial(acts)
        if c is None or len(c) < 3:
            return None
        k0 = _centered(c)[1][0]
        r = unit_roots(acts, taken_back=True) if scale is not None or reader is not None else None
        if r is None or (r[2] and k0):
            r = unit_roots(acts)
        if r is None or (r[0] and L.bias_param not in [name for name, _ in L.out_params]):
            return None
        v, m, j = r
        out = cls(L, v, m, _root_of_unity(1, m), _root_of_unity(j, m), scale, reader)
        if d > 1:                   # a d-th root of 1 / alpha
            out.back = _root_of_unity(-j, m * d)
        return out

    def __init__(self, L, v, m, zeta, alpha, scale, reader, mirror=None):
        self.L, self.v, self.m, self.zeta, self.alpha, self.scale, self.reader = L, v, m, zeta, alpha, scale, reader
        self.mirror = mirror        # (O, w): the other branch's odd activation about w, reflected with this one
        self.back = alpha if alpha in (1, -1) else 1 / alpha     # the scale's factor (its degree 1)
        self.own = False            # the roots of a branch ending in homogeneous activations of degree m
        self.beta, self.unit_of = 0, None       # the product's unit moved (P), its activations' constant beta

    @classmethod
    def pair(cls, left, right):
        """The joint reflection of two branches ending in L, R and activations odd about v, w (sigma(2 v - t) =
        -sigma(t), :func:`reflection` with eps = -1 and k = 0): both factors change sign. ``left``, ``right``:
        (layer, activations); None when either is not odd about a point or its layer lacks the bias it needs."""
        refs = [reflection(acts) for _, acts in (left, right)]
        if any(r is None or r[1] != -1 or r[2] or (r[0] and lay.bias_param not in [n for n, _ in lay.out_params])
               for r, (lay, _) in zip(refs, (left, right))):
            return None
        return cls(left[0], refs[0][0], 2, -1, 1, None, None, mirror=(right[0], refs[1][0]))

    def description(self, P) -> str:
        if self.unit_of is not None:
            back = "" if self.alpha == 1 else f", {self.reader!r} taking the factor back"
            return (f"each unit of {P!r} times a root of unity of order {self.m} (through {self.L!r}; the "
                    f"activations after the product keep it{back})")
        if self.own:
            return (f"each unit of {self.L!r} in {P!r} times a root of unity of order {self.m} (the homogeneous "
                    "activations after it keep it; no torus of the product does)")
        if self.mirror is not None:
            return (f"the reflection of each unit's input in both branches of {P!r} (each activation odd about its "
                    "center: the two factors change sign)")
        back = "" if self.alpha == 1 else (
            f", the other branch's {self.scale!r} taking the factor back" if self.scale is not None
            else f", {self.reader!r} taking the factor back")
        image = f"{number(self.v)} + zeta (t - {number(self.v)})" if self.v else "zeta t"
        return (f"each unit's input t -> {image} after {self.L!r} in {P!r}, zeta a root of unity of order "
                f"{self.m}{back}")

    def action(self, i):
        def act(prm):
            out = affine_unit(dict(prm), self.L, i, self.zeta, self.v)
            if self.mirror is not None:
                return affine_unit(out, self.mirror[0], i, -1, self.mirror[1])
            if self.alpha == 1:
                return out
            if self.scale is not None:
                return affine_unit(out, self.scale, i, self.back)
            return take_back(out, self.reader, i, self.alpha, self.beta)

        return act


class OutputEnd:
    """The last unit-bearing layer A of the network followed by activations only: each output unit's input may be
    moved by an m-th root of unity about the activation's center v (:func:`output_roots`; A needs a bias when
    v != 0). No continuous symmetry; m^units finite ones.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("layers Linear(2, 2), Power(2)")       # (W x)^2: the sign of each row of W
    >>> net.finite_symmetry_order(), net.finite_symmetry_description()
    (4, "the sign of each output's weights in Linear(2, 2) (Power(2) keeps t -> -t)")
    """

    weighted_pivots = False

    @classmethod
    def make(cls, A, acts, shifted=False):
        roots = output_roots([a for a in acts if not a.identity])
        if roots is None or A.units_out < 1 or (roots[0] and not A.bias_param):
            return None
        return cls(A, acts, *roots, shifted=shifted)

    def __init__(self, A, acts, v, m, shifted=False):
        self.A, self.acts, self.v, self.m = A, [a for a in acts if not a.identity], v, m
        self.units = A.units_out
        self.shifted = shifted      # A is the W of a last block x + W x: the rows of 1 + W move

    def description(self) -> str:
        return ""

    def tangents(self, prm, B) -> list:
        return []

    def finite_order(self) -> int:
        return self.m ** self.units

    def finite_description(self) -> str:
        acts = ", ".join(repr(a) for a in self.acts)
        if self.shifted:
            return (f"each output's row of 1 + W in the last block x + W x ({self.A!r}) times a root of unity of "
                    f"order {self.m} ({acts} keeps t -> zeta t" + (f" about {number(self.v)})" if self.v else ")"))
        if self.v:
            return (f"the reflection of each output's input t -> {number(2 * self.v)} - t after {self.A!r} ({acts} "
                    f"is symmetric about {number(self.v)})") if self.m == 2 else (
                f"each output's input t -> {number(self.v)} + zeta (t - {number(self.v)}) after {self.A!r}, zeta a "
                f"root of unity of order {self.m} ({acts} keeps it)")
        if self.m == 2:
            return f"the sign of each output's weights in {self.A!r} ({acts} keeps t -> -t)"
        return (f"each output's weights in {self.A!r} times a root of unity of order {self.m} ({acts} keeps "
                "t -> zeta t)")

    def finite_actions(self) -> list:
        from algnet.architectures.product_junction import _root_of_unity

        zeta = _root_of_unity(1, self.m)

        def act(prm, i):
            out = affine_unit(dict(prm), self.A, i, zeta, self.v)
            if self.shifted:        # (1 + W)'s row i times zeta: W[i, i] -> zeta W[i, i] + zeta - 1
                g = self.A._names["W"]
                out[g][i, i] = out[g][i, i] + (zeta - 1)
            return out

        return [lambda prm, i=i: act(prm, i) for i in range(self.units)]

    def removable(self) -> bool:
        return False

    def removal(self, net):
        return None
