"""The layered slice of the multihomogeneous route (:mod:`.multihom`): a random affine slice that cuts each layer's
weights separately, and the gradient family on it.

Split from :mod:`.multihom` so that a stored structure's count (:mod:`.warm`: the family built from the record's
slice and cut, no plan chosen and no homotopy run) does not import the route's start system, homotopy and solve
modules (:mod:`.multihom_start`, :mod:`.multihom_solve`, :mod:`.total_degree`: 3-4 ms of a new process's first
count). :mod:`.multihom` re-exports :func:`layered_family`.

Examples
--------
>>> from algnet.analyses.critical.loss import network_and_loss
>>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
>>> fam = layered_family(net, L, rng, 3, (0, 1))          # the last layer cut once: a slice of dimension 3
>>> fam.n_vars, fam.cut, _groups(net)
(3, (0, 1), [(0, 2), (2, 4)])
"""

from __future__ import annotations

import math

import numpy as np

from algnet.errors import NotApplicableError

__all__ = ["layered_family"]


def _groups(net):
    """(start, stop) of each layer's flat parameters (param_shapes order)."""
    out, k = [], 0
    for _, shape in net.param_shapes:
        size = int(math.prod(shape))
        out.append((k, k + size))
        k += size
    return out


def _slice_blocks(net, cut, rng):
    """Block slice (N, c0) cutting layer l by cut[l] random affine equations (c_l = 0, N_l = I when uncut)."""
    groups = _groups(net)
    n = net.n_params
    cols = sum((b - a) - c for (a, b), c in zip(groups, cut))
    N = np.zeros((n, cols), dtype=np.complex128)
    c0 = np.zeros(n, dtype=np.complex128)
    j = 0
    for (a, b), c in zip(groups, cut):
        size = b - a
        k = size - c
        if c == 0:
            N[a:b, j:j + k] = np.eye(size)
        else:
            N[a:b, j:j + k] = (rng.normal(size=(size, k)) + 1j * rng.normal(size=(size, k))) / np.sqrt(2)
            c0[a:b] = (rng.normal(size=size) + 1j * rng.normal(size=size)) / np.sqrt(2)
        j += k
    return N, c0


def layered_family(net, loss, rng, dim: int, plan, slice=None, circles=None):
    """The :class:`~.system.GradientFamily` on a random slice of the shape of ``plan`` (each layer cut by its
    own random affine equations); ``plan`` a :class:`LayeredPlan` or its ``cut`` alone (a stored structure's
    recorded cut: the family is drawn without choosing the plan again). The family's ``cut`` is the cut.
    ``slice``: (N, c0) of that shape to use instead of drawing them (a stored structure's); ``circles``: with it,
    the recorded circle sizes of the family's Hessians (:meth:`~.system.GradientFamily.circle_sizes`).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic")
    >>> from algnet.analyses.critical.multihom import layered_plan
    >>> fam = layered_family(net, L, rng, 3, layered_plan(net, 3))
    >>> fam.n_vars, fam.N.shape, fam.cut
    (3, (4, 3), (0, 1))
    >>> layered_family(net, L, rng, 3, (0, 2))
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: linear 2-1-2: the cut (0, 2) does not leave a slice of dimension 3
      hint: a layered plan cuts the codimension n_params - dim M over the layers
    """
    from algnet.analyses.critical.system import GradientFamily

    cut = tuple(int(c) for c in getattr(plan, "cut", plan))
    sizes = [b - a for a, b in _groups(net)]
    if (len(cut) != len(sizes) or sum(cut) != net.n_params - int(dim)
            or any(not 0 <= c <= s for c, s in zip(cut, sizes))):
        raise NotApplicableError(f"{net.spec}: the cut {cut} does not leave a slice of dimension {int(dim)}",
                                 hint="a layered plan cuts the codimension n_params - dim M over the layers")
    N, c0 = _slice_blocks(net, cut, rng) if slice is None else slice
    if N.shape != (net.n_params, int(dim)) or c0.shape != (net.n_params,):
        raise NotApplicableError(f"{net.spec}: a slice of shape {N.shape} is not one of dimension {int(dim)}",
                                 hint="N: n_params x dim M, c0: n_params")
    fam = GradientFamily(net, loss, (), (), rng, N=N, c0=c0, circles=circles if slice is not None else None)
    fam.gauge_note = ("a random complex slice cutting the layers separately (codimension "
                      + " + ".join(str(c) for c in cut) + "; it meets each generic fiber in finitely many "
                      "points; one representative per image is kept)")
    fam.dimension, fam.cut = int(dim), cut
    # a few dozen points at most: the image map by numpy (recording its tape cost 1-2 ms a call on linear 2-1-2)
    fam.image_route = "numpy"
    return fam
