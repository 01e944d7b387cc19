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
    is seen as s^2 by the product: a pivot of weight 2). For the other network families, and when the symmetries
    are not a diagonal torus, ``(gauge, 1)``: their pivots are moved linearly and freely (a rescaled neuron's first
    incoming weight has weight 1; GL actions).

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
    from algnet.core.matrix import integer_det, smith_diagonal

    if getattr(net, "family", None) != "map" and not _product_torus(net):
        return tuple(gauge), 1
    B = _weights(net, theta0)
    if B is None or not B:
        return tuple(gauge), 1
    k, n = len(B), len(B[0])

    def det(pins):
        return abs(integer_det([[B[i][j] for j in pins] for i in range(k)]))

    best, size = tuple(gauge), det(gauge) if len(gauge) == k else 0
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
        return tuple(gauge), 1
    return tuple(int(j) for j in best), size // g


def _product_torus(net) -> bool:
    """Whether a network's known symmetries include the rescalings of a Product's units between its branches."""
    return any(getattr(j, "weighted_pivots", False) for j in getattr(net, "_junctions", ()))


def _weights(net, theta0):
    """Integer rows spanning the weights w of a diagonal action theta_j -> lambda^(w_j) theta_j with the
    tangents of the known symmetries, or None when the tangents are not of that form (checked at a second
    point)."""
    from algnet.core.backends import Exact
    from algnet.core.linalg import to_fmpq_mat

    th0 = [int(t) for t in theta0]
    if any(t == 0 for t in th0):
        return None
    T0 = np.asarray(net.symmetry_tangents(np.array(th0, dtype=object), backend=Exact()), dtype=object)
    if T0.size == 0:
        return []
    W = [[Fraction(str(T0[i, j])) / th0[j] for j in range(len(th0))] for i in range(T0.shape[0])]
    th1 = [2 * t + 1 for t in th0]
    T1 = np.asarray(net.symmetry_tangents(np.array(th1, dtype=object), backend=Exact()), dtype=object)
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
