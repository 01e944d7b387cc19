"""The rounding rules of float64 disc arithmetic and of the Krawczyk test on discs, written once.

Each rule is an elementwise formula that numpy evaluates on arrays (:mod:`algnet.homotopy.discs`,
:func:`algnet.homotopy.certify.krawczyk_batch`, :func:`algnet.homotopy.certify.distinct_count`,
:func:`algnet.analyses.critical.warm_views.slice_rank_ok`) and that numba compiles for scalars in the kernels
(:mod:`algnet.analyses.critical.disc_kernel`, :mod:`algnet.analyses.critical.rank_kernel`): the same operations in
the same order, so both arithmetics round alike and every allowance is argued here and in :mod:`.discs` only.

The allowances (u = 2^-53, round-to-nearest; the argument of :mod:`algnet.homotopy.discs`):

* :func:`sum_radius`, :func:`product_radius`, :func:`scale_radius`: the radius of a sum, a product, an exact
  constant times a disc -- the error of the computed midpoint (2u |m|, 3u |m1| |m2|, 3u |m|) added to the
  propagated radii, the whole raised by 1 + 32u (at most 8 roundings on the formula's path, the three of a modulus
  sqrt(x^2 + y^2) included) and 2^-996 (underflow);
* :func:`inner_radius`: an inner product of length n, 2 (n + 3) u |a|^T |b| for the midpoint's error, raised by
  1 + (2n + 32) u and 2^-996 (n + 8 roundings on a path);
* the Krawczyk inclusion K(X) - x~ = -Y G(x~) + (I - Y G'(X)) (X - x~) inside the open polydisc of radius rho:
  :func:`row_bound` bounds |(I - Y G'(X))_il| by |fl(I - m)| + r + 2u |fl(I - m)| (the subtraction's rounding);
  :func:`inclusion_radius` bounds the radius of row i, (sum_l row_il) rho + the radius of (Y G(x~))_i: on a path
  of its computation at most n + 12 roundings of non-negative numbers (a modulus's three, the subtraction, the
  row's n sums, the product with rho, the sum, the factor), each of relative error at most u, so the factor
  1 + (2n + 40) u, above (1 - u)^-(n + 20), and 2^-996 (underflow) make it an upper bound; :func:`inclusion_mid`
  raises the computed modulus of (Y G(x~))_i's midpoint (hypot: within one unit of rounding) by 1 + 4u, which also
  covers the rounding of the comparison's sum in
  :func:`inside`; :func:`box_fits`: the radius is positive and at most 1e-2 of the point's size;
* :func:`apart`: two discs at distance d (computed) with radii r1, r2 are disjoint when d > 1.01 (r1 + r2) +
  1e-300 (1% and 1e-300 far above the rounding of d and of the sum);
* :func:`rank_floor`, :func:`rank_kept`: the numerical rank rule of a slice Jacobian's singular values (not a
  proof: singular values above ``rel`` times the largest, the largest above 1e-10 (1 + |theta|)^2).

The kernels compile these functions from this file through
:func:`~algnet.homotopy.kernel_cache.kernel_njit`, whose cache directory is keyed on the source of this file among
the kernel sources (:data:`~algnet.homotopy.kernel_cache.KERNEL_SOURCES`): a change of a rule is never served by
machine code compiled from the old one.

Examples
--------
>>> import numpy as np
>>> m = np.array([0.1 + 0.2j]) + np.array([0.3])
>>> bool(sum_radius(np.abs(m), 0.0, 0.0)[0] >= 2 * U * abs(m[0]))
True
>>> bool(sum_radius(0.5, 1e-9, 1e-9) == sum_radius(np.array([0.5]), 1e-9, 1e-9)[0])   # scalars, arrays alike
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["U", "ETA", "sum_radius", "product_radius", "scale_radius", "inner_radius", "row_bound",
           "inclusion_radius", "inclusion_mid", "inside", "box_fits", "apart", "rank_floor", "rank_kept"]

U = 2.0 ** -53
ETA = 2.0 ** -996


def sum_radius(a, ar, br):
    """The radius of the sum of the discs (ma, ar) and (mb, br) whose computed midpoint has modulus ``a``.

    >>> float(sum_radius(1.0, 0.0, 0.0)) == (2 * U) * (1 + 32 * U) + ETA
    True
    """
    return (ar + br + 2 * U * a) * (1.0 + 32 * U) + ETA


def product_radius(a1, ar, a2, br):
    """The radius of the product of the discs (m1, ar) and (m2, br) with |m1| = ``a1`` and |m2| = ``a2``:
    |m1| br + ar |m2| + ar br (the spread) and 3u |m1| |m2| (the complex product's rounding).

    >>> bool(product_radius(2.0, 0.5, 1.0, 0.0) >= 0.5)          # (1 + d) 2, |d| <= 1/2 ... and rounding
    True
    """
    return (a1 * (br + 3 * U * a2) + ar * (a2 + br)) * (1.0 + 32 * U) + ETA


def scale_radius(c, ar, a):
    """The radius of c times the disc (m, ar), for an exact constant of modulus ``c``, the computed product having
    modulus ``a``.

    >>> bool(scale_radius(3.0, 1e-9, 1.0) >= 3e-9)
    True
    """
    return (c * ar + 3 * U * a) * (1.0 + 32 * U) + ETA


def inner_radius(a, b, n):
    """The radius of an inner product of length ``n`` of exact entries with discs (or of discs with discs): ``a`` the
    propagated radii (sum |A_ij| r_j, and the other spreads), ``b`` = sum |A_ij| |m_j| (for the midpoint's rounding,
    any summation order).

    >>> bool(inner_radius(0.0, 1.0, 2) >= 10 * U)
    True
    """
    return (a + 2 * (n + 3) * U * b) * (1.0 + (2 * n + 32) * U) + ETA


def row_bound(aim, rr):
    """An upper bound of |z| for z in the disc of (I - Y G'(X))_il, from the modulus ``aim`` of the computed
    midpoint 1 - m (or -m) and the radius ``rr`` of Y G'(X)'s disc (its midpoint m).

    >>> bool(row_bound(1.0, 0.5) > 1.5)
    True
    """
    return aim + rr + 2 * U * aim


def inclusion_radius(row, rho, yr, n):
    """The radius of row i of K(X) - x~ (``row``: the sum over l of :func:`row_bound`, ``rho`` the polydisc's radius,
    ``yr`` the radius of (Y G(x~))_i, ``n`` the dimension).

    >>> bool(inclusion_radius(0.5, 1e-6, 0.0, 3) > 5e-7)
    True
    """
    return (row * rho + yr) * (1 + (2 * n + 40) * U) + ETA


def inclusion_mid(a):
    """The bound of |(Y G(x~))_i|'s midpoint from its computed modulus ``a`` (one rounding, hypot).

    >>> bool(inclusion_mid(1.0) > 1.0)
    True
    """
    return a * (1 + 4 * U)


def inside(kmid, krad, rho):
    """Row i of K(X) - x~ lies in the open disc of radius ``rho``: ``kmid + krad < rho`` with a finite ``krad``.

    >>> bool(inside(0.2, 0.3, 1.0)), bool(inside(0.2, np.inf, 1.0)), bool(inside(0.5, 0.5, 1.0))
    (True, False, False)
    """
    return (kmid + krad < rho) & np.isfinite(krad)


def box_fits(rho, scale):
    """A polydisc radius the test accepts: positive and at most 1e-2 of ``scale`` (1 + the point's size).

    >>> bool(box_fits(1e-9, 2.0)), bool(box_fits(0.0, 2.0)), bool(box_fits(0.1, 2.0))
    (True, False, False)
    """
    return (rho > 0) & (rho <= 1e-2 * scale)


def apart(d, r1, r2):
    """Two discs whose midpoints are at computed distance ``d``, of radii ``r1`` and ``r2``, are disjoint.

    >>> bool(apart(1.0, 0.4, 0.4)), bool(apart(1.0, 0.5, 0.5))
    (True, False)
    """
    return d > 1.01 * (r1 + r2) + 1e-300


def rank_floor(big):
    """The floor the largest singular value of a slice Jacobian must exceed, at a point whose largest parameter
    modulus is ``big``.

    >>> float(rank_floor(0.0))
    1e-10
    """
    return 1e-10 * (1.0 + big) ** 2


def rank_kept(s, s0, rel):
    """A singular value ``s`` counts towards the numerical rank when above ``rel`` times the largest, ``s0``.

    >>> bool(rank_kept(1e-6, 1.0, 1e-7)), bool(rank_kept(1e-8, 1.0, 1e-7))
    (True, False)
    """
    return s > rel * s0
