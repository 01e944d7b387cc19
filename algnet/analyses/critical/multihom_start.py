"""The start system of the multihomogeneous homotopy (:mod:`.multihom`) and the coordinates of its charts.

The linear-product start system S_i = prod_k prod_j l_ikj(z_k) of a :class:`~.multihom.LayeredPlan` (deg_ik random
linear forms in group k, a random affine chart a_k . z_k = 1 per group) is drawn once per network structure from
:data:`STRUCTURE_SEED` and its solutions solved once (:func:`start_system`, cached: they do not depend on the target,
the metric or the slice); the homotopy is tracked in coordinates of the charts (:func:`chart_bases`).

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.critical.multihom import layered_plan
>>> net = parse_spec("linear 2-1-2")
>>> start_system(net, layered_plan(net, 3)).points.shape      # the Bezout number 9, on the charts of P^2 x P^1
(9, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.analyses.critical.equivariant import acting_layer, equivariant_forms, orbit_representatives
from algnet.analyses.critical.total_degree import _CACHE, _network_key

__all__ = ["STRUCTURE_SEED", "StartSystem", "start_system", "chart_bases"]


def chart_bases(charts):
    """For each chart a (the affine chart a . z = 1 of a group's homogeneous coordinates, the bilinear product):
    ``(b, B)`` with a . b = 1, the columns of B an orthonormal basis of the hyperplane a . v = 0 and b orthogonal
    to it, so that z = b + B w runs over the chart once as w runs over C^n and w = B^H (z - b).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([1.0 + 1j, 2.0, -0.5j])
    >>> (b, B), = chart_bases([a])
    >>> bool(np.isclose(a @ b, 1)), bool(np.allclose(a @ B, 0)), bool(np.allclose(B.conj().T @ B, np.eye(2)))
    (True, True, True)
    """
    out = []
    for a in charts:
        a = np.asarray(a, dtype=np.complex128)
        nn = np.vdot(a, a).real
        v = a.conj() / np.sqrt(nn)                 # the unit normal of the hyperplane (Hermitian product)
        ph = v[0] / abs(v[0]) if v[0] != 0 else 1.0
        u = v.copy()
        u[0] += ph                                 # the Householder reflection I - 2 u u^H / |u|^2 maps e_0 to -v / ph:
        B = -2.0 * np.outer(u, u[1:].conj()) / np.vdot(u, u).real      # its other columns span the hyperplane
        B[1:] += np.eye(a.size - 1)
        out.append((a.conj() / nn, B))             # a . b = 1 with b parallel to the normal
    return tuple(out)


# the linear forms and charts of the start system depend on the network structure only: drawn once from this
# seed (gamma, the slice, the target and the metric are drawn per call)
STRUCTURE_SEED = 20261202


@dataclass(frozen=True)
class StartSystem:
    """The linear-product start system of a :class:`~.multihom.LayeredPlan`: ``charts[k]`` (n_k + 1,), ``forms[i][k]``
    (deg_ik, n_k + 1) random linear forms, ``offsets`` of the groups in the unknowns, and its ``points``: one
    solution on the charts per choice of a linear factor per equation, n_k factors chosen from group k.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.multihom import layered_plan
    >>> net = parse_spec("linear 2-1-2")
    >>> S = start_system(net, layered_plan(net, 3))
    >>> S.points.shape, S is start_system(parse_spec("linear 2-1-2"), layered_plan(net, 3))
    ((9, 5), True)
    """

    charts: tuple
    forms: tuple
    offsets: np.ndarray
    n_vars: int
    points: np.ndarray
    orbit: int = 1            # each point stands for an orbit of this many (:mod:`.equivariant`)
    fixed: int = 0            # the multiplicity of the fixed point not tracked
    acting: tuple | None = None     # (layer, d) of the group, or None
    bases: tuple = ()         # :func:`chart_bases` of the charts (made once with the start system)


def start_system(net, plan) -> StartSystem:
    """The :class:`StartSystem` of ``plan``, drawn from :data:`STRUCTURE_SEED` and solved once per network
    structure and plan (cached: it does not depend on the target, the metric or the slice).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.critical.multihom import layered_plan
    >>> net = parse_spec("dense 2-1-1 r=3")
    >>> S = start_system(net, layered_plan(net, 2))
    >>> z = S.points[0]                      # on the charts, and a zero of every equation's product of forms
    >>> bool(np.allclose([S.charts[k] @ z[S.offsets[k]:S.offsets[k + 1]] for k in range(2)], 1))
    True
    >>> bool(all(np.isclose(min(abs(np.prod([f @ z[S.offsets[k]:S.offsets[k + 1]] for f in S.forms[i][k]]))
    ...                         for k in range(2)), 0) for i in range(len(S.forms))))
    True
    """
    key = ("start", plan) + _network_key(net)
    if key in _CACHE:
        return _CACHE[key]
    rng = np.random.default_rng(STRUCTURE_SEED)
    dims = plan.dims
    offsets = np.concatenate([[0], np.cumsum([n + 1 for n in dims])]).astype(int)
    c = lambda *s: (rng.normal(size=s) + 1j * rng.normal(size=s)) / np.sqrt(2)   # noqa: E731
    charts = tuple(c(n + 1) / np.sqrt(n + 1) for n in dims)
    forms = tuple(tuple(c(int(row[k]), n + 1) for k, n in enumerate(dims)) for row in plan.degrees)
    n_vars = int(offsets[-1])
    G = len(dims)
    neq = len(plan.degrees)
    choices = []

    def rec(i, counts, chosen):
        if i == neq:
            choices.append(chosen)
            return
        for k in range(G):
            if counts[k] < dims[k]:
                counts[k] += 1
                for j in range(int(plan.degrees[i][k])):
                    rec(i + 1, counts, chosen + [(k, j)])
                counts[k] -= 1

    rec(0, [0] * G, [])
    orbit, fixed = 1, 0
    acting = acting_layer(plan)
    if acting is not None:      # one start point per orbit of the roots of unity acting on a layer (.equivariant)
        forms = equivariant_forms(forms, plan, *acting)
        choices, fixed = orbit_representatives(choices, plan, *acting)
        orbit = acting[1]
    # one batched solve per group for all choices (a loop of small solves took 0.27 ms on linear 2-1-2's 9 points)
    points = np.empty((len(choices), n_vars), dtype=np.complex128)
    for k in range(G):
        A = np.empty((len(choices), dims[k] + 1, dims[k] + 1), dtype=np.complex128)
        for c, chosen in enumerate(choices):
            if dims[k]:
                A[c, :dims[k]] = [forms[e][k][j] for e, (kk, j) in enumerate(chosen) if kk == k]
        A[:, dims[k]] = charts[k]
        rhs = np.zeros((len(choices), dims[k] + 1, 1), dtype=np.complex128)
        rhs[:, -1] = 1.0
        if len(choices):
            points[:, offsets[k]:offsets[k + 1]] = np.linalg.solve(A, rhs)[:, :, 0]
    points.setflags(write=False)
    _CACHE[key] = StartSystem(charts, forms, offsets, n_vars, points, orbit, fixed, acting, chart_bases(charts))
    return _CACHE[key]
