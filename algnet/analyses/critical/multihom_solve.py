"""The solve of the multihomogeneous homotopy (:mod:`.multihom`): the charts' coordinates, the recorded forward
pass, and the tracking from the linear-product start system (:mod:`.multihom_start`) to the gradient system.

:func:`multihomogeneous_solve` tracks :class:`~.multihom.LayeredGradient` from gamma times the start system to the
homogenized gradient system in coordinates of the start system's charts (:func:`chart_bases`, the charts' maps
made once per start system), and sorts the endpoints into finite solutions, points at infinity (some group's
z_k0 = 0) and failures. The homotopy's tape is built from the network's recorded forward pass and dense products
of a matrix with affine tracers (the helpers here, shared with :class:`~.multihom.LayeredGradient`).

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.loss import network_and_loss
>>> from algnet.analyses.critical.multihom import layered_family, layered_plan
>>> net, L, rng = network_and_loss("conv k=2,2 r=2", "generic")
>>> plan = layered_plan(net, 3)
>>> sol = multihomogeneous_solve(layered_family(net, L, rng, 3, plan), plan, np.random.default_rng(0))
>>> sol.complete, sol.paths, sol.solutions.shape[0]     # 14 critical points (Chern-class value), 19 paths
(True, 19, 14)
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from algnet.analyses.critical.multihom_start import STRUCTURE_SEED, chart_bases
from algnet.analyses.critical.total_degree import _SUSPECT_CONDITION, TotalDegreeSolution, _run, endpoint_tally
from algnet.errors import NotApplicableError

if TYPE_CHECKING:
    from algnet.analyses.critical.multihom import LayeredPlan

__all__ = ["multihomogeneous_solve"]


_MAPS: dict = {}


def _chart_maps(start, dims):
    """(bases, w offsets, zc, Bf, num, den) of a start system's charts, made once per start system (cached like it):
    z = zc + Bf w for all groups at once (Bf block diagonal, :func:`chart_bases`), x = z[num] / z[den] the slice
    coordinates over each group's z_k0."""
    hit = _MAPS.get(id(start))
    if hit is not None and hit[0] is start:
        return hit[1]
    off = start.offsets
    bases = start.bases or chart_bases(start.charts)
    woff = np.concatenate([[0], np.cumsum(dims)]).astype(int)
    Bf = np.zeros((int(off[-1]), int(woff[-1])), dtype=np.complex128)
    for k, (_, Bk) in enumerate(bases):
        Bf[off[k]:off[k + 1], woff[k]:woff[k + 1]] = Bk
    num = np.concatenate([np.arange(off[k] + 1, off[k + 1]) for k in range(len(dims))]).astype(int)
    den = np.concatenate([np.full(n, off[k]) for k, n in enumerate(dims)]).astype(int)
    out = (bases, woff, np.concatenate([b for b, _ in bases]), Bf, num, den)
    if len(_MAPS) > 256:
        _MAPS.clear()
    _MAPS[id(start)] = (start, out)
    return out


def _affine_product(tb, M, forms) -> list:
    """``M @ forms`` for a numeric matrix M and affine tracers (or numbers) of the builder ``tb``, by one dense numpy
    product over the registers they read: no tracer operation per term (a few dozen terms here, where the builder's
    sparse :meth:`~algnet.homotopy.tape.TapeBuilder.combine` costs more than it saves)."""
    from algnet.homotopy.tape import Tracer

    col: dict = {}
    entries = []
    consts = np.zeros(len(forms), dtype=np.complex128)
    for i, f in enumerate(forms):
        if isinstance(f, Tracer):
            consts[i] = f.const
            entries += [(i, col.setdefault(r, len(col)), c) for r, c in f.lin.items()]
        else:
            consts[i] = complex(f)
    A = np.zeros((len(forms), len(col)), dtype=np.complex128)
    if entries:
        ii, jj, vv = zip(*entries)
        A[list(ii), list(jj)] = vv
    M = np.asarray(M, dtype=np.complex128)
    regs = list(col)
    return [Tracer(tb, {regs[j]: v for j, v in enumerate(row) if v != 0}, c)
            for row, c in zip((M @ A).tolist(), (M @ consts).tolist())]


def multihomogeneous_solve(fam, plan: LayeredPlan, rng, u=None) -> TotalDegreeSolution:
    """All isolated non-singular solutions of the gradient system of the layered family ``fam`` at target
    ``u`` (default: the family's), by one multihomogeneous homotopy with the gamma trick (module doc).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.multihom import layered_family, layered_plan
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
    >>> plan = layered_plan(net, 3)
    >>> sol = multihomogeneous_solve(layered_family(net, L, rng, 3, plan), plan, np.random.default_rng(0))
    >>> sol.paths, sol.complete, sol.solutions.shape     # the 6 critical points of P1 x P1 (Chern class)
    (9, True, (6, 3))
    """
    from algnet.analyses.critical.multihom import LayeredGradient      # it builds its tape from the helpers here

    t0 = time.perf_counter()
    u = fam.loss.u if u is None else np.asarray(u)
    H = LayeredGradient(fam, plan, u, charted=True)
    gamma = complex(np.exp(2j * np.pi * rng.random()))
    X0, S = H.start_points(), H.start
    if X0.shape[0] * S.orbit + S.fixed != plan.paths:
        raise NotApplicableError(f"{X0.shape[0]} start points for a Bezout number {plan.paths}",
                                 hint="method='total degree' or 'monodromy'")
    We, status, paths, partial, cond = _run(H, H.parameters(gamma, 0.0, u), H.parameters(0.0, 1.0, u), X0)
    Xe = H.projective(We)
    ok = status == "success"
    z0 = np.stack([Xe[:, H.offsets[k]] for k in range(len(plan.dims))], axis=1)
    scale = np.max(np.abs(Xe), axis=1)
    finite = ~np.any(np.abs(z0) <= 1e-8 * scale[:, None], axis=1)
    at_inf = ok & ~finite
    fin = ok & finite

    def affine(mask):
        return np.concatenate([Xe[mask, H.offsets[k] + 1:H.offsets[k + 1]] / Xe[mask, H.offsets[k]][:, None]
                               for k in range(len(plan.dims))], axis=1)

    X = affine(fin)
    suspects = affine((status == "singular") & (cond < _SUSPECT_CONDITION) & finite)
    excluded, failures = endpoint_tally(status, at_inf)
    how = (f"one multihomogeneous homotopy with the gamma trick ({X0.shape[0]} paths: the Bezout number of "
           f"P^{' x P^'.join(str(n) for n in plan.dims)}, layer degrees {plan.layer_degrees}, slice cut "
           f"{plan.cut} per layer; start system drawn once per network structure, seed {STRUCTURE_SEED}) on the "
           "homogenized gradient system")
    if S.acting is not None:
        how = how.replace(f"({X0.shape[0]} paths: the Bezout number", f"({X0.shape[0]} paths: one per orbit of "
                          f"the roots of unity of order {S.orbit} acting on layer {S.acting[0]}'s weights, equivariant "
                          f"start system; {plan.paths} = {S.orbit} x {X0.shape[0]} + the fixed point of "
                          f"multiplicity {S.fixed} untracked: the Bezout number")
    sol = TotalDegreeSolution(X, int(paths), failures, excluded, not failures and not partial, partial, how,
                              0, time.perf_counter() - t0, suspects, tracked=int(X0.shape[0]))
    sol.homotopy = H
    return sol
