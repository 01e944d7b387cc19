"""The gauge slice of a diagonal torus: which coordinates to pin, and how many points of one orbit it holds.

When the known continuous symmetries act by rescaling the coordinates, theta_j -> lambda^(w_j) theta_j (the
torus of a polynomial map: weights orthogonal to every exponent; the rescaled hidden neurons of a dense
network), pinning the coordinates G = {j_1, ..., j_k} meets an orbit of a point with nonzero coordinates in

    |det B_G| / g    points,

where the rows of the integer matrix B span the weights over QQ and g is the gcd of its k x k minors (the
order of the kernel of lambda -> lambda^B, the torus' stabilizer of such a point; |det B_G| is the order of the
subgroup that fixes the pinned coordinates). With a weight 1 pinned that is one point; for the map x*y^2
(weights (-2, 1)) pinning x leaves the two points y and -y of one orbit. :func:`torus_gauge` picks the pins
with the fewest points per orbit and returns that number, so a count of the slice can be divided into a count
of orbits.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> torus_gauge(parametrization(["x*y^2"]), [3, 5], (0,))      # pin y instead: one point per orbit
((1,), 1)
>>> torus_gauge(parametrization(["x^3*y^2"]), [3, 5], (0,))    # weights (2, -3): no pin is one point per orbit
((0,), 2)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

__all__ = ["torus_gauge"]

#: The pins are searched among at most this many sets of coordinates (else the given pivots are kept).
MAX_PIN_SETS = 5000


def torus_gauge(net, theta0, gauge) -> tuple[tuple, int]:
    """``(pins, points per orbit)``: the coordinates to pin and how many points of one orbit of the known
    symmetries the slice through ``theta0`` holds (module doc), for a polynomial map (its torus has arbitrary
    weights), and for a network with a Product of two branches (a unit scaled by s in a branch ending in a square
    is seen as s^2 by the product: a pivot of weight 2), also beside GL or other symmetries that are not diagonal
    (:func:`_mixed_gauge`; there ``(gauge, 0)`` when the points per orbit are not known). For the other network
    families, and when the symmetries are not of these forms, ``(gauge, 1)``: their pivots are moved linearly and
    freely (a rescaled neuron's first incoming weight has weight 1; GL actions).

    Parameters
    ----------
    net : Network
    theta0 : sequence of int
        A point with nonzero integer coordinates.
    gauge : tuple of int
        The pivot coordinates of the symmetry tangents
        (:func:`~algnet.analyses.fibers.gauge_coordinates`), kept when they are already one point per orbit.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> torus_gauge(parametrization(["x^2*z^2", "y^2*z^2"]), [1, 2, 3], (0,))      # weights (1, 1, -1)
    ((0,), 1)
    """
    if getattr(net, "family", None) != "map" and not _product_torus(net):
        return tuple(gauge), 1
    B = _weights(net, theta0)
    if B is None and _product_torus(net):     # the Product's torus beside GL or other non-diagonal symmetries
        return _mixed_gauge(net, theta0, gauge)
    if B is None or not B:
        return tuple(gauge), 1
    pins, per = _fewest_points(B, tuple(gauge))
    return (tuple(gauge), 1) if pins is None else (pins, per)


def _fewest_points(B, start) -> tuple:
    """``(pins, points per orbit)`` of the weight rows B (module doc), trying ``start`` first; (None, 1) when no
    k columns of B have a nonzero minor divisible by the gcd of the k x k minors."""
    from algnet.core.matrix import integer_det, smith_diagonal

    k, n = len(B), len(B[0])

    def det(pins):
        return abs(integer_det([[B[i][j] for j in pins] for i in range(k)]))

    best, size = start, det(start) if len(start) == k else 0
    if size == 1:           # g divides every k x k minor: one point per orbit (the networks' rescalings)
        return best, 1
    g = abs(math.prod(smith_diagonal(B)[:k]))
    if size != g and math.comb(n, k) <= MAX_PIN_SETS:
        for pins in itertools.combinations(range(n), k):
            d = det(pins)
            if d and (not size or d < size):
                best, size = pins, d
            if size == g:
                break
    if not size or size % g:
        return None, 1
    return tuple(int(j) for j in best), size // g


def _mixed_gauge(net, theta0, gauge) -> tuple[tuple, int]:
    """The pins of a network whose torus T of weights above 1 (diagonal, weights B: a Product's rescalings, or
    those of the units before a block ending in a power) sits beside symmetries H that are not diagonal (GL
    between linear layers, translations, ...): H's pivots among the coordinates T does not move, then T's pins
    chosen by :func:`_fewest_points` on B among the others. An element (h, t) keeping the pins has h fixed by
    H's pivots (moved linearly and freely, as in every other family; t leaves them alone: h = 1), so t is in the
    kernel K of t -> t^(B_pins): the slice holds the |K| / g = |det B_pins| / g points t theta_0 of the orbit (g
    the order of the kernel of t -> t^B). ``(gauge, 0)`` (not known) when H's pivots do not fit among those
    coordinates: T may meet the slice several times (a weight 2 on every coordinate H leaves alone)."""
    from algnet.core.linalg import to_fmpq_mat

    th0 = [int(t) for t in theta0]
    th1 = [2 * t + 1 for t in th0]
    if any(t == 0 for t in th0):
        return tuple(gauge), 0
    (O0, D0), (O1, D1) = _split_tangents(net, th0), _split_tangents(net, th1)
    diag = [all(Fraction(str(r1[j])) * th0[j] == Fraction(str(r0[j])) * th1[j] for j in range(len(th0)))
            for r0, r1 in zip(D0, D1)]          # a torus junction's translations etc. join the others
    O0, O1 = O0 + [r for r, d in zip(D0, diag) if not d], O1 + [r for r, d in zip(D1, diag) if not d]
    D0, D1 = [r for r, d in zip(D0, diag) if d], [r for r, d in zip(D1, diag) if d]
    B = _diagonal_weights(D0, D1, th0, th1)
    if not B or not O0:
        return tuple(gauge), 1 if B is not None and not B else 0
    still = [j for j in range(len(th0)) if all(row[j] == 0 for row in B)]
    O = to_fmpq_mat(np.array(O0, dtype=object))
    R, r = to_fmpq_mat(np.array([[row[j] for j in still] for row in O0], dtype=object)).rref() if still else (O, 0)
    if r != O.rank():
        return tuple(gauge), 0
    piv = []
    for j in range(R.ncols() if still else 0):
        if len(piv) < r and R[len(piv), j] != 0:
            piv.append(still[j])
    rest = [j for j in range(len(th0)) if j not in piv]
    pins, per = _fewest_points([[row[j] for j in rest] for row in B], ())
    if pins is None:
        return tuple(gauge), 0
    out = tuple(sorted(piv + [rest[i] for i in pins]))
    return (out, per) if len(out) == len(gauge) else (tuple(gauge), 0)


def _split_tangents(net, theta) -> tuple[list, list]:
    """``(others, torus)``: the rows of the known symmetry tangents at ``theta`` (exact) apart from those of the
    junctions with weighted pivots (a Product's rescalings between its branches, ...), and those."""
    from algnet.core.backends import Exact

    B = Exact()
    prm = {k: B.asarray(v) for k, v in net.unflatten(np.array(theta, dtype=object)).items()}
    others, torus = [], []
    for lay in net._all_layers():
        for t in lay.internal_tangents({local: prm[g] for local, g in lay._names.items()}, B):
            others.append(list(net._flat({lay._names[a]: v for a, v in t.items()}, B)))
    for j in net._junctions:
        rows = torus if getattr(j, "weighted_pivots", False) else others
        rows += [list(net._flat(t, B)) for t in j.tangents(prm, B)]
    return others, torus


def _product_torus(net) -> bool:
    """Whether a network's known symmetries include a torus with weights above 1: the rescalings of a Product's
    units between its branches, or of the units before a Residual block ending in a power."""
    return any(getattr(j, "weighted_pivots", False) for j in getattr(net, "_junctions", ()))


def _weights(net, theta0):
    """Integer rows spanning the weights w of a diagonal action theta_j -> lambda^(w_j) theta_j with the
    tangents of the known symmetries, or None when the tangents are not of that form (checked at a second
    point)."""
    from algnet.core.backends import Exact

    th0 = [int(t) for t in theta0]
    if any(t == 0 for t in th0):
        return None
    th1 = [2 * t + 1 for t in th0]
    T0, T1 = (net.symmetry_tangents(np.array(th, dtype=object), backend=Exact()) for th in (th0, th1))
    return _diagonal_weights(T0, T1, th0, th1)


def _diagonal_weights(T0, T1, th0, th1):
    """Integer rows spanning the weights of the tangent rows T0 at th0 and T1 at th1 (the same symmetries), or
    None when they are not T[i, j] = w_ij theta_j at both points; [] without rows."""
    from algnet.core.linalg import to_fmpq_mat

    T0, T1 = np.asarray(T0, dtype=object), np.asarray(T1, dtype=object)
    if T0.size == 0:
        return []
    W = [[Fraction(str(T0[i, j])) / th0[j] for j in range(len(th0))] for i in range(T0.shape[0])]
    if any(Fraction(str(T1[i, j])) != W[i][j] * th1[j] for i in range(len(W)) for j in range(len(th1))):
        return None
    R, r = to_fmpq_mat(np.array(W, dtype=object)).rref()
    rows = []
    for i in range(r):
        row = [Fraction(str(R[i, j])) for j in range(R.ncols())]
        den = math.lcm(*[x.denominator for x in row])
        ints = [int(x * den) for x in row]
        g = math.gcd(*ints)
        rows.append([x // g for x in ints])
    return rows
