"""A start system equivariant under the roots of unity of a layer's degree: one path per orbit.

The coefficients of a network without biases are homogeneous of degree d_k in layer k's weights
(:func:`~.multihom.layer_degrees`), so theta_k -> zeta theta_k with zeta^d_k = 1 leaves the network's function,
hence the loss and its critical images, unchanged: the gauge group of a power activation x^r (d_k = r for the
layer feeding it) met on a slice. On a layered slice that leaves layer k uncut (theta_k = z_k, the slice's
c_k = 0 and N_k = I) the group acts on the homotopy's unknowns by (z_k0, z_k) -> (z_k0, zeta z_k), and the
homogenized gradient system G^h is equivariant: an equation of layer k's block (degree 2 d_k - 1 in group k) is
multiplied by zeta^(d_k - 1), the others (degree 2 d_k) are invariant. A linear-product start system with the
same property: each equation's group-k factors are floor(deg / d_k) orbits {l(z_k0, zeta^m z_k) : m < d_k} of one
random form l (their product invariant) and deg mod d_k random forms without z_k0 (each multiplied by zeta).
Then H = (1 - t) gamma S + t G^h is equivariant for every t, the path from the start point zeta . z is
zeta applied to the path from z, and the endpoints of one orbit have one critical image: one path per orbit is
tracked (:func:`~.multihom.multihomogeneous_solve`), and the small route keeps one point per image anyway.

Completeness (applied only where layer k is the only group with unknowns, n_l = 0 for l != k): every equation of
S and of G^h vanishes to order d_k - 1 at the fixed point z_k = 0 (G^h: J_k^T Q (y - u pad) with J_k homogeneous of
degree d_k - 1 in theta_k), so z_k = 0 is a root of H_t of multiplicity at least (d_k - 1)^n_k for every t; at
t = 0 it has exactly that multiplicity (one choice of the pure factors per equation) and the other
B - (d_k - 1)^n_k start points (B the Bezout number) are non-singular, in free orbits of size d_k. For a generic
gamma these multiplicities hold on all of [0, 1) (the exceptions are finitely many t in C), so the tracked orbits
are all roots of H_t but z_k = 0, and every isolated non-singular root of G^h other than z_k = 0 (where d mu
has rank 0: never a counted critical point) ends a path of one of them (Morgan and Sommese 1987; the symmetric
construction as in Verschelde and Cools, J. Comput. Appl. Math. 50, 1994). The caller checks the complete set as
before: by its trace test, or where each tracked path ends at a point of its own by the path count
(:func:`~.small.every_path_counted`). Where other groups have unknowns the fixed points z_k = 0 can be
positive-dimensional solutions of G^h and the multiplicity count does not hold: no symmetry is used there.

Measured (dense 2-1-1 r=3, cut (0, 1): 25 paths -> 7, one per critical image): bench/bench_critical.py.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.critical.multihom import layered_plan
>>> acting_layer(layered_plan(parse_spec("dense 2-1-1 r=3"), 2))      # layer 0, cube roots of unity
(0, 3)
>>> acting_layer(layered_plan(parse_spec("linear 2-1-2"), 3)) is None  # degree 1: no finite group
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["acting_layer", "tracked_paths", "equivariant_forms", "orbit_representatives"]


def acting_layer(plan):
    """``(k, d)``: the layer whose weights the d-th roots of unity act on along the slice of ``plan`` (uncut, of
    degree d >= 2, the only group with unknowns: module doc), or None.

    Examples
    --------
    >>> from algnet.analyses.critical.multihom import LayeredPlan
    >>> acting_layer(LayeredPlan((0, 1), (2, 0), (3, 1), ((5, 2), (5, 2)), 25))
    (0, 3)
    >>> acting_layer(LayeredPlan((1, 0), (1, 1), (4, 1), ((7, 2), (8, 1)), 23)) is None    # layer 0 cut
    True
    """
    free = [k for k, n in enumerate(plan.dims) if n > 0]
    if len(free) != 1:
        return None
    k = free[0]
    d = int(plan.layer_degrees[k])
    if plan.cut[k] != 0 or d < 2:
        return None
    return k, d


def tracked_paths(plan) -> int:
    """The paths the multihomogeneous homotopy of ``plan`` tracks: its Bezout number B, or (B - (d - 1)^n) / d
    where the d-th roots of unity act on its only group with unknowns (n of them; module doc).

    Examples
    --------
    >>> from algnet.analyses.critical.multihom import LayeredPlan
    >>> tracked_paths(LayeredPlan((0, 1), (2, 0), (3, 1), ((5, 2), (5, 2)), 25))       # dense 2-1-1 r=3
    7
    >>> tracked_paths(LayeredPlan((0, 1), (2, 0), (4, 1), ((7, 2), (7, 2)), 49))       # r=4: 10, not 49
    10
    >>> tracked_paths(LayeredPlan((1, 0), (1, 1), (4, 1), ((7, 2), (8, 1)), 23))       # its other cut
    23
    """
    acting = acting_layer(plan)
    if acting is None:
        return int(plan.paths)
    k, d = acting
    return (int(plan.paths) - (d - 1) ** int(plan.dims[k])) // d


def equivariant_forms(forms, plan, k: int, d: int) -> tuple:
    """The start system's random linear forms ``forms[i][g]`` (arrays (deg_ig, n_g + 1), coordinates (z_g0, z_g))
    made equivariant in group ``k`` (module doc): per equation, its group-k rows in orbits of d, each orbit
    (a, zeta^m b) from the orbit's first drawn row (a, b), then deg mod d rows (0, b).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.multihom import LayeredPlan
    >>> plan = LayeredPlan((0, 1), (2, 0), (3, 1), ((5, 2), (5, 2)), 25)
    >>> F = equivariant_forms(((np.ones((5, 3)), np.ones((2, 1))),) * 2, plan, 0, 3)
    >>> np.round(F[0][0], 3).tolist()[:2], F[0][0][3:, 0].tolist()
    ([[(1+0j), (1+0j), (1+0j)], [(1+0j), (-0.5+0.866j), (-0.5+0.866j)]], [0j, 0j])
    """
    zeta = np.exp(2j * np.pi / d)
    out = []
    for row in forms:
        F = np.array(row[k], dtype=np.complex128)
        q = F.shape[0] // d
        for t in range(q):
            base = F[t * d].copy()
            for m in range(d):
                F[t * d + m, 0] = base[0]
                F[t * d + m, 1:] = zeta ** m * base[1:]
        F[q * d:, 0] = 0.0
        out.append(tuple(F if g == k else f for g, f in enumerate(row)))
    return tuple(out)


def orbit_representatives(choices, plan, k: int, d: int):
    """Of the linear-product choices (per equation a (group, factor) pair), one per free orbit of the group in
    ``k`` and the number of choices at the fixed point z_k = 0 (every group-k factor chosen a form without
    z_k0). Acting by zeta shifts every chosen orbit member of group k by one: the representative's first such
    member is 0.

    Examples
    --------
    >>> from algnet.analyses.critical.multihom import LayeredPlan
    >>> plan = LayeredPlan((0, 1), (2, 0), (3, 1), ((5, 2), (5, 2)), 25)
    >>> choices = [[(0, i), (0, j)] for i in range(5) for j in range(5)]
    >>> reps, fixed = orbit_representatives(choices, plan, 0, 3)
    >>> len(reps), fixed                     # 25 = 3 * 7 + 4
    (7, 4)
    """
    reps, fixed = [], 0
    for chosen in choices:
        members = [j % d for e, (g, j) in enumerate(chosen)
                   if g == k and j < (int(plan.degrees[e][k]) // d) * d]
        if not members:
            fixed += 1
        elif members[0] == 0:
            reps.append(chosen)
    return reps, fixed
