"""The small-system route on a layered slice: one multihomogeneous (linear-product) homotopy.

The coefficients of a network without biases are multihomogeneous in its layers' weights, of degree d_l
in layer l. On a slice that cuts each layer separately, theta_l = c_l + N_l phi_l (the codimension
n_params - dim M spread over the layers, c_l = 0 and N_l = I on the layers that are not cut), the gradient
system G = N^T J^T Q (y - u) becomes multihomogeneous after theta_l = c_l z_l0 + N_l z_l and
u -> u prod_k z_k0^d_k: an equation of layer l's block has degree 2 d_l - 1 in group l and 2 d_k in the
other groups k. Its solutions in the product of projective spaces P^n_1 x ... x P^n_L (n_l = dim of
layer l's slice) number at most the multihomogeneous Bezout number, the coefficient of
prod_k a_k^n_k in prod_i (sum_k deg_ik a_k): 9 paths on linear 2-1-2 (total degree: 27), 25 on dense
2-1-1 r=3 (49; 17 with the first layer cut instead of the last), 19 on conv k=2,2 r=2 (125), 27 on conv
k=2,3 r=2 (625). Where the slice leaves a layer of degree d >= 2 uncut and the only group with unknowns
(dense 2-1-1 r=3), the start system is equivariant under the d-th roots of unity acting on that layer and one
path per orbit is tracked (:mod:`.equivariant`: 7 of the 25).

The homotopy H = (1 - t) gamma S(z) + t G^h(z), with a random affine chart per group (tracked in coordinates of
the charts: :class:`LayeredGradient`) and the linear-product
start system S_i = prod_k prod_j l_ikj(z_k) (deg_ik random linear forms in group k), reaches every
isolated non-singular solution in the product of projective spaces with probability one in gamma and the
linear forms (Morgan and Sommese 1987; Sommese and Wampler, *The numerical solution of systems of
polynomials*, 2005, Thm. 8.4.7), in exact arithmetic; in floating point a far-out representative can end
numerically singular, so the caller runs a trace test (:func:`~.small.small_slice`). The start solutions solve one linear system
per group for each choice of a factor per equation. The charts and linear forms depend on the network
structure only: they are drawn once from :data:`STRUCTURE_SEED` and the start solutions solved once
(:func:`start_system`, cached); gamma, the slice, the target and the metric are drawn per call, so the
probability-one statement holds for each call given that one draw of the start system. The slice meets each fiber in finitely many points
when d mu has rank dim M along it (checked at a random point); of the distributions of the codimension
over the layers that pass, the one with the least Bezout number is taken.
The start system is :mod:`.multihom_start`'s, the tracking and the sorting of the endpoints
:mod:`.multihom_solve`'s (:func:`multihomogeneous_solve`).

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss("conv k=2,2 r=2", "generic")
>>> plan = layered_plan(net, 3)
>>> plan.paths, plan.dims                  # 19 paths for the 14 critical points (Chern-class value)
(19, (1, 2))
>>> fam = layered_family(net, L, rng, 3, plan)
>>> sol = multihomogeneous_solve(fam, plan, np.random.default_rng(0))
>>> sol.complete, sol.paths
(True, 19)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from algnet.analyses.critical.equivariant import tracked_paths
from algnet.analyses.critical.multihom_family import _groups, _slice_blocks, layered_family  # noqa: F401
from algnet.analyses.critical.multihom_solve import _affine_product, _chart_maps, multihomogeneous_solve
from algnet.analyses.critical.multihom_start import STRUCTURE_SEED, StartSystem, chart_bases, start_system  # noqa: F401
from algnet.analyses.critical.system import _forward
from algnet.analyses.critical.total_degree import _CACHE, _network_data, _network_key, _obj, scaling_degrees
from algnet.homotopy.systems import System

__all__ = ["MULTIHOM_PATHS", "STRUCTURE_SEED", "LayeredPlan", "StartSystem", "layer_degrees", "layered_plan",
           "layered_family", "start_system", "chart_bases", "multihomogeneous_bezout", "multihomogeneous_solve"]


# method="auto": the multihomogeneous route when its Bezout number is at most this many paths (then checked by
# the trace test, monodromy when incomplete). Measured, CPU per certified ed_degree call against monodromy
# (bench_critical.py): 9 paths 12 / 24 ms, 17 paths 29 / 27 ms, 19 paths 42 / 58 ms, 27 paths (conv k=2,3
# r=2) 90 / 374 ms, 73 paths (linear 3-1-3) 148 / 147 ms, 169 paths (conv k=3,2 r=2) 544 / 811 ms
# (tracked paths: dense 3-1-1 r=4 tracks 79 of its 343, one per orbit of the 4th roots of unity, 107-124 ms
# against monodromy's 315-401)
MULTIHOM_PATHS = 200


def layer_degrees(net):
    """Degree of the coefficients in each layer's weights (tuple), or None when they are not homogeneous in
    some layer (biases, or a map whose parameters form one group that is not homogeneous). Cached per network.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> layer_degrees(parse_spec("conv k=2,2 r=2")), layer_degrees(parse_spec("dense 2-1-1 r=3"))
    ((2, 1), (3, 1))
    """
    key = ("layers",) + _network_key(net)
    if key not in _CACHE:
        degs = scaling_degrees(net, _groups(net), s=1.29 - 0.35j, seed=11)
        _CACHE[key] = None if any(d is None for d in degs) else tuple(degs)
    return _CACHE[key]


def multihomogeneous_bezout(degrees, dims) -> int:
    """The coefficient of prod_k a_k^dims[k] in prod_i sum_k degrees[i][k] a_k.

    Examples
    --------
    >>> multihomogeneous_bezout([[1, 2], [2, 1], [2, 1]], (1, 2))     # linear 2-1-2 cut on layer 1
    9
    >>> multihomogeneous_bezout([[3, 3], [3, 3]], (2, 0))             # one group: the total degree 3^2
    9
    """
    dims = tuple(int(n) for n in dims)
    poly = {tuple(0 for _ in dims): 1}
    for row in degrees:
        new: dict = {}
        for e, c in poly.items():
            for k, dk in enumerate(row):
                if dk and e[k] < dims[k]:
                    e2 = e[:k] + (e[k] + 1,) + e[k + 1:]
                    new[e2] = new.get(e2, 0) + c * int(dk)
        poly = new
    return int(poly.get(dims, 0))


@dataclass(frozen=True)
class LayeredPlan:
    """How the slice cuts the layers: ``cut`` (codimension per layer), ``dims`` (n_l), ``layer_degrees``
    (d_l), ``degrees`` (deg_ik per gradient equation and group) and ``paths`` (the Bezout number).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> p = layered_plan(parse_spec("linear 2-1-2"), 3)
    >>> p.cut, p.dims, p.paths
    ((0, 1), (2, 1), 9)
    """

    cut: tuple
    dims: tuple
    layer_degrees: tuple
    degrees: tuple
    paths: int


def _plan_degrees(dims, dl):
    rows = []
    for l, n in enumerate(dims):
        rows += [tuple((2 * dl[k] - 1) if k == l else 2 * dl[k] for k in range(len(dims)))] * n
    return tuple(rows)


def _compositions(e, sizes):
    """Ways to write e as a sum of cuts c_l <= sizes[l]."""
    if not sizes:
        if e == 0:
            yield ()
        return
    for c in range(min(e, sizes[0]) + 1):
        for rest in _compositions(e - c, sizes[1:]):
            yield (c,) + rest


def layered_plan(net, dim: int, max_plans: int = 200):
    """The cut of fewest tracked paths (the Bezout number, or one per orbit where the roots of unity of a layer act:
    :func:`~.equivariant.tracked_paths`; doubled for cuts that pin a layer only in part) among the
    distributions of the codimension n_params - dim over the layers whose slice is transversal to the fibers
    (rank of d mu along it = dim, at a random point); None when the coefficients are not multihomogeneous in
    the layers or no distribution passes. Cached.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> layered_plan(parse_spec("dense 2-1-1 r=3"), 2).cut      # the last layer pinned: 25 paths (17 on the first)
    (0, 1)
    """
    key = ("plan", int(dim)) + _network_key(net)
    if key in _CACHE:
        return _CACHE[key]
    from algnet.core.backends import Complex

    dl = layer_degrees(net)
    best = None
    if dl is not None:
        sizes = [b - a for a, b in _groups(net)]
        e = net.n_params - int(dim)
        rng = np.random.default_rng(5)
        Zc = rng.normal(size=(net.monomial_count() + 2,) + tuple(net.input_shape))
        rng.normal(size=2 * net.n_params)      # the draws of an earlier version's test point (the slices stay the same)
        cands = []
        for cut in itertools.islice(_compositions(e, sizes), max_plans):
            dims = tuple(s - c for s, c in zip(sizes, cut))
            degs = _plan_degrees(dims, dl)
            paths = multihomogeneous_bezout(degs, dims)
            # a layer cut only in part puts the representatives of some orbits far out on the slice (dense
            # 2-1-1 r=3 cut on its first layer: 17 paths, 1 seed in 20 incomplete, 24 ms a call; cut on its
            # last layer, fully pinned: 25 paths, 0 in 20, 18 ms): such cuts count double
            whole = all(c in (0, s) for c, s in zip(cut, sizes))
            cands.append((tracked_paths(LayeredPlan(tuple(cut), dims, dl, degs, int(paths))) * (1 if whole else 2),
                          paths, cut, dims, degs))
        for _, paths, cut, dims, degs in sorted(cands):
            if paths == 0:
                break
            # transversal: d mu has rank dim along a random slice of this shape (at a point of it)
            N, c0 = _slice_blocks(net, cut, rng)
            phi = rng.normal(size=N.shape[1]) + 1j * rng.normal(size=N.shape[1])
            try:
                Jt = np.asarray(net.jacobian(c0 + N @ phi, Zc, backend=Complex()), dtype=np.complex128) @ N
            except Exception:     # a network the complex backend cannot differentiate: no plan
                break
            sv = np.linalg.svd(Jt, compute_uv=False)
            if sv.size >= dim and sv[dim - 1] > 1e-8 * sv[0]:
                best = LayeredPlan(tuple(cut), dims, dl, degs, int(paths))
                break
    _CACHE[key] = best
    return best


class LayeredGradient(System):
    """H(z; p) = p_0 S(z) + p_1 G^h(z; u) and the charts a_k . z_k = 1 (module doc).

    Unknowns: (z_k0, z_k) for each layer k, in layer order, with the chart equations a_k . z_k = 1; or, ``charted``,
    the chart coordinates w_k of each group alone (z_k = b_k + B_k w_k, :func:`chart_bases`: n_k unknowns a group
    instead of n_k + 1 and no chart equations; the same system on the charts, what
    :func:`multihomogeneous_solve` tracks). Parameters (p_0, p_1, u) (:meth:`parameters`): the
    homotopy runs from (gamma, 0, u) to (0, 1, u), and the trace test moves u with p = (0, 1, u). The slice, Q and
    the start system are constants of the tape (a metric Q as parameters made the tape 1.5-1.9x slower to
    evaluate: bench/bench_critical.py).

    Chart coordinates: lane work 410 -> 281 (linear 2-1-2), 362 -> 208 (dense 2-1-1 r=3), the same steps;
    :func:`multihomogeneous_solve` about 10% less CPU (linear 2-1-2, conv k=2,2 r=2).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.homotopy.tape import record
    >>> net, L, rng = network_and_loss("conv k=2,2 r=2", "generic")
    >>> plan = layered_plan(net, 3)
    >>> fam = layered_family(net, L, rng, 3, plan)
    >>> H = LayeredGradient(fam, plan, L.u)
    >>> phi = np.array([0.4, -0.3, 0.2]) + 0j
    >>> z = np.array([1.0, 0.4, 1.0, -0.3, 0.2]) + 0j          # z_k0 = 1: the affine slice coordinates
    >>> F = record(H).evaluate(z, H.parameters(0.0, 1.0, L.u), np.zeros(H.n_params))[0]
    >>> bool(np.allclose(F[:3], fam.gradient(phi[None, :], L.u[None, :])[0]))
    True
    """

    def __init__(self, fam, plan: LayeredPlan, u, charted: bool = False):
        self.fam, self.plan, self.net = fam, plan, fam.net
        L = getattr(fam, "loss", None)
        if L is not None and L.kind != "data" and np.shape(L.T) == (fam.n_params, np.size(L.T) // fam.n_params):
            # the family's own sample inputs and coefficient map (the coefficients do not depend on the samples; the
            # plan's layer degrees established homogeneity): no second map drawn and inverted for the network (0.2-0.3
            # ms of a structure's first count), and the target system is the family's
            self.Z, self.T = np.asarray(L.Z, dtype=float), np.asarray(L.T, dtype=float)
        else:
            _, self.Z, self.T = _network_data(fam.net)
        self.u = np.asarray(u, dtype=np.complex128)
        self.Q = np.asarray(fam.Q, dtype=np.complex128)
        self.m = int(self.T.shape[0])
        self.n_params = 2 + self.m
        self.start = start_system(fam.net, plan)
        self.offsets = self.start.offsets
        self.charts, self.forms = self.start.charts, self.start.forms
        self.charted = bool(charted)
        self.bases, self.woffsets, self._zc, self._Bf, self._num, self._den = _chart_maps(self.start, plan.dims)
        self.n_vars = int(self.woffsets[-1]) if self.charted else self.start.n_vars

    def _group_maps(self):
        """Per group (z_c, Z): its homogeneous coordinates z_k = z_c + Z u_k in the group's unknowns u_k."""
        if not self.charted:
            return [(np.zeros(n + 1), np.eye(n + 1)) for n in self.plan.dims]
        return list(self.bases)

    def trace(self, x, p):
        from algnet.homotopy.tape import Tracer, TracerBackend

        fam, plan, net = self.fam, self.plan, self.net
        x, p = list(x), list(p)
        tb = x[0].b
        B = TracerBackend(tb)
        off = self.woffsets if self.charted else self.offsets
        regs = [[t.reg for t in x[off[k]:off[k + 1]]] for k in range(len(plan.dims))]    # the unknowns' registers
        maps = self._group_maps()

        def affs(M, k):
            # the rows of M (forms in z_k) as affine forms in the group's unknowns, the numbers folded by one product
            # and each form made at once (not a tracer operation per term)
            zc, Zm = maps[k]
            return [Tracer(tb, {r: complex(v) for r, v in zip(regs[k], row) if v != 0}, complex(c))
                    for row, c in zip((M @ Zm).tolist(), (M @ zc).tolist())]

        th = np.empty(net.n_params, dtype=object)
        col = 0
        for k, (a, b) in enumerate(_groups(net)):
            nk = plan.dims[k]
            th[a:b] = affs(np.concatenate([fam.c0[a:b, None], fam.N[a:b, col:col + nk]], axis=1), k)
            col += nk
        Zt = np.empty(self.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(self.Z).reshape(-1)]
        P, yv = _forward(net, th, Zt, B)
        V = np.asarray(yv.value, dtype=object).reshape(-1)
        m = self.T.shape[0]
        y = _affine_product(tb, self.T, V)
        pad = 1
        for k, d in enumerate(plan.layer_degrees):
            pad = pad * (affs(np.eye(plan.dims[k] + 1)[:1], k)[0] ** d)
        r = [y[a] - p[2 + a] * pad for a in range(m)]
        cvec = _obj(_affine_product(tb, self.T.T @ self.Q, r))     # c = T^T Q r: the metric folded into the map
        K, O = Zt.shape[0], net.n_outputs
        if P is None:
            rows = np.asarray(net.jacobian(th, Zt, C=cvec.reshape(K, O), backend=B), dtype=object)
        else:           # the reverse sweep of the forward pass above (not a second forward pass: 10-15% of the trace)
            rows = np.asarray(P.vjp(yv, B.asarray(cvec).reshape(yv.value.shape),
                                    order=[n for n, _ in net.param_shapes]), dtype=object)
        G = _affine_product(tb, np.tile(fam.N.T, (1, K)), rows.reshape(-1))        # N^T (the rows' sum)
        # the start system's forms of each group in one product (not a product per form)
        forms = [affs(np.concatenate([self.forms[i][k] for i in range(fam.n_vars)]), k) for k in range(len(plan.dims))]
        at = [0] * len(plan.dims)
        out = []
        for i in range(fam.n_vars):
            S = 1
            for k in range(len(plan.dims)):
                for _ in range(len(self.forms[i][k])):
                    S = S * forms[k][at[k]]
                    at[k] += 1
            out.append(p[0] * S + p[1] * G[i])
        if not self.charted:
            out += [affs(self.charts[k][None, :], k)[0] - 1 for k in range(len(plan.dims))]
        return out

    def start_points(self):
        """The solutions of the start system on the charts (:class:`StartSystem`), in this homotopy's unknowns."""
        return self.unknowns(self.start.points)

    def unknowns(self, Zh) -> np.ndarray:
        """Points Zh (rows, homogeneous coordinates on the charts) in this homotopy's unknowns (``charted``: w_k =
        B_k^H (z_k - b_k), the inverse of :meth:`projective` on the charts)."""
        Zh = np.atleast_2d(np.asarray(Zh, dtype=np.complex128))
        return (Zh - self._zc) @ self._Bf.conj() if self.charted else Zh.copy()

    def projective(self, Y) -> np.ndarray:
        """The homogeneous coordinates (z_k0, z_k) of each group, on the charts, of points Y in this homotopy's
        unknowns (Y itself unless ``charted``).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
        >>> plan = layered_plan(net, 3)
        >>> H = LayeredGradient(layered_family(net, L, rng, 3, plan), plan, L.u, charted=True)
        >>> H.n_vars, bool(np.allclose(H.projective(H.start_points()), H.start.points))    # 3 unknowns, not 5
        (3, True)
        """
        Y = np.atleast_2d(np.asarray(Y, dtype=np.complex128))
        return self._zc + Y @ self._Bf.T if self.charted else Y

    def projective_velocity(self, Yd) -> np.ndarray:
        """The velocities of the homogeneous coordinates (:meth:`projective`, affine in the unknowns) for velocities
        Yd (rows) of this homotopy's unknowns: Yd mapped by the charts' linear part (Yd itself unless ``charted``).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
        >>> plan = layered_plan(net, 3)
        >>> H = LayeredGradient(layered_family(net, L, rng, 3, plan), plan, L.u, charted=True)
        >>> Y, Yd = H.start_points()[:1], np.ones((1, H.n_vars))
        >>> bool(np.allclose(H.projective(Y + 1e-3 * Yd) - H.projective(Y), 1e-3 * H.projective_velocity(Yd)))
        True
        """
        Yd = np.atleast_2d(np.asarray(Yd, dtype=np.complex128))
        return Yd @ self._Bf.T if self.charted else Yd

    def parameters(self, a, b, u) -> np.ndarray:
        """The parameter vector (a, b, u): a S + b G^h at the target u.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
        >>> plan = layered_plan(net, 3)
        >>> H = LayeredGradient(layered_family(net, L, rng, 3, plan), plan, L.u)
        >>> H.parameters(1, 0, np.arange(4)).real.tolist(), H.n_params
        ([1.0, 0.0, 0.0, 1.0, 2.0, 3.0], 6)
        """
        return np.concatenate([[complex(a), complex(b)], np.asarray(u, dtype=np.complex128).reshape(-1)])

    def homogeneous(self, X) -> np.ndarray:
        """Slice points X (rows, n_slice) in this homotopy's unknowns: (1, x_k) scaled onto each chart.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
        >>> plan = layered_plan(net, 3)
        >>> H = LayeredGradient(layered_family(net, L, rng, 3, plan), plan, L.u)
        >>> X = np.array([[0.3, -0.2, 0.5]]) + 0j
        >>> bool(np.allclose(H.affine(H.homogeneous(X)), X))
        True
        """
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        out = np.empty((X.shape[0], int(self.offsets[-1])), dtype=np.complex128)
        col = 0
        for k, n in enumerate(self.plan.dims):
            Zk = np.concatenate([np.ones((X.shape[0], 1)), X[:, col:col + n]], axis=1)
            out[:, self.offsets[k]:self.offsets[k + 1]] = Zk / (Zk @ self.charts[k])[:, None]
            col += n
        return self.unknowns(out) if self.charted else out

    def affine(self, Zh) -> np.ndarray:
        """The slice coordinates x_k = z_k / z_k0 (the inverse of :meth:`homogeneous`; rows with some z_k0 = 0
        become inf).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.loss import network_and_loss
        >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
        >>> plan = layered_plan(net, 3)
        >>> H = LayeredGradient(layered_family(net, L, rng, 3, plan), plan, L.u)
        >>> H.affine(np.array([[2.0, 4.0, 6.0, 1.0, 3.0], [0.0, 1.0, 1.0, 1.0, 1.0]])).real.tolist()
        [[2.0, 3.0, 3.0], [inf, inf, inf]]
        """
        Zh = self.projective(Zh)
        with np.errstate(all="ignore"):
            X = Zh[:, self._num] / Zh[:, self._den]
        X[~np.isfinite(X).all(axis=1)] = np.inf
        return X
