"""The Bézout bound on the degree of M: the multihomogeneous Bézout number of the monodromy witness system.

The witness system (module doc of :mod:`algnet.analyses.degree`) is square in theta: m = dim M equations
R v(theta) = c and e = N - m affine slice equations. Every point of M ∩ L has an isolated preimage on a slice
transversal to the fibers, so deg M is at most the number of isolated solutions, which is at most the
multihomogeneous Bézout number of the system. The parameters are grouped in the network's own blocks (its weight
arrays); the degree d_l of the outputs in block l is read off the straight-line program (the
:class:`~algnet.core.backends.DegreeBound` arithmetic with block l of degree one and the others of degree zero).
With a coordinate slice that fixes g_l coordinates of block l and leaves a_l = n_l - g_l free (sum a_l = m), the
bound is the coefficient of prod z_l^{a_l} in (sum d_l z_l)^m = m! prod d_l^{a_l} / a_l!. The slice is chosen among
valid ones (the fibers' tangent space at a random point projects isomorphically onto the fixed coordinates) to make
the bound small; the total-degree bound D^m (D = the parameter degree) is the fallback.
:mod:`algnet.analyses.degree_estimate` turns the bound into the estimated work of a monodromy run.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial

import numpy as np

from algnet.errors import AlgnetError, ParameterError

__all__ = ["BezoutBound", "bezout_bound", "block_degrees"]


@dataclass(frozen=True)
class BezoutBound:
    """deg M <= ``value``: the Bézout number of the witness system described in ``detail``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> b = bezout_bound(parse_spec("linear 2-1-2"), dim=3)          # the determinant: degree 2
    >>> b.value >= 2, "Bézout" in b.detail
    (True, True)
    """

    value: int
    detail: str
    blocks: tuple = ()
    degrees: tuple = ()


def block_degrees(net):
    """``[(block name, size, degree of the outputs in that block)]`` from the straight-line program,
    or None when the network cannot be evaluated block by block.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> block_degrees(parse_spec("dense 3-2-2-1 r=2"))                 # W1 enters squared twice
    [('W1', 6, 4), ('W2', 4, 2), ('W3', 2, 1)]
    """
    from algnet.core.backends import DegreeBound
    from algnet.core.slp import Program

    shapes = list(getattr(net, "param_shapes", []) or [])
    if not shapes or not hasattr(net, "forward"):
        return None
    out = []
    try:
        for name, shape in shapes:
            P = Program(DegreeBound(), {k: np.zeros(s) for k, s in shapes})
            for k, node in P.params.items():
                node.value = (np.ones if k == name else np.zeros)(node.value.shape)
            y = net.forward(P, P.input(np.zeros((1,) + tuple(net.input_shape))))
            out.append((name, int(np.prod(shape)), int(np.max(y.value))))
    except (AlgnetError, AttributeError, NotImplementedError, TypeError, ValueError):
        return None  # a network whose program needs more than the degree arithmetic offers
    if sum(n for _, n, _ in out) != net.n_params:
        return None
    return out


def _multinomial_bound(free, degrees, m):
    """m! prod d_l^{a_l} / a_l! for the free counts a_l (sum a_l = m)."""
    v = factorial(m)
    for a, d in zip(free, degrees):
        v = v * d ** a
    for a in free:
        v //= factorial(a)
    return v


def _kernel_basis(net, dim, rng):
    """A basis (n x e) of the kernel of the Jacobian of the values at a random complex point."""
    from algnet.analyses.witness import NetworkValues

    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape)))
    vals = NetworkValues(net, Z / np.sqrt(2), rng)
    theta = (rng.normal(size=net.n_params) + 1j * rng.normal(size=net.n_params)) / np.sqrt(2)
    J = vals(theta[None, :])[1][0]
    _, _, Vh = np.linalg.svd(J)
    return Vh[dim:].conj().T


def _slice_in_order(N, order, e):
    """Fix e coordinates, taken greedily in ``order``, on which the kernel basis N is invertible."""
    chosen = []
    for i in order:
        if len(chosen) == e:
            break
        trial = N[chosen + [i]]
        sv = np.linalg.svd(trial, compute_uv=False)
        if sv[-1] > 1e-8 * max(1.0, sv[0]):
            chosen.append(i)
    return chosen if len(chosen) == e else None


def bezout_bound(net, dim: int, seed=0) -> BezoutBound:
    """An upper bound on deg M: the multihomogeneous Bézout number of a witness system (module doc).

    Parameters
    ----------
    net : Network
    dim : int
        dim M.
    seed : int
        Seeds the random point where the slice's transversality is checked.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> bezout_bound(parse_spec("dense 2-1-1 r=3"), dim=2).value        # twisted cubic cone: degree 3
    6
    """
    n = net.n_params
    _check_dim(net, dim)
    e = n - dim
    D = max(1, int(net.parameter_degree()))
    best = BezoutBound(D ** dim, f"total-degree Bézout bound {D}^{dim} of the witness system")
    blocks = block_degrees(net)
    if not blocks or len(blocks) < 1:
        return best
    names = [b[0] for b in blocks]
    sizes = [b[1] for b in blocks]
    degs = [max(1, b[2]) for b in blocks]
    starts = np.cumsum([0] + sizes)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 7]))
    N = _kernel_basis(net, dim, rng) if e else np.zeros((n, 0))
    # candidate slices: fix coordinates block by block, trying each block first (then by decreasing degree)
    orders = []
    by_degree = sorted(range(len(blocks)), key=lambda l: -degs[l])
    for first in range(len(blocks)):
        seq = [first] + [l for l in by_degree if l != first]
        orders.append([i for l in seq for i in range(starts[l], starts[l + 1])])
    for order in orders:
        S = _slice_in_order(N, order, e) if e else []
        if S is None:
            continue
        free = [sizes[l] - sum(1 for i in S if starts[l] <= i < starts[l + 1]) for l in range(len(blocks))]
        v = _multinomial_bound(free, degs, dim)
        if v < best.value:
            parts = ", ".join(f"{nm}: {a} free of degree {d}" for nm, a, d in zip(names, free, degs) if a)
            best = BezoutBound(v, "multihomogeneous Bézout bound of the witness system on a coordinate slice "
                               f"({parts})", tuple(names), tuple(degs))
    return best


def _check_dim(net, dim):
    """dim M is an integer between 0 and min(parameters, ambient dimension) (ParameterError otherwise)."""
    import numbers

    top = min(net.n_params, net.ambient_dimension)
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral) or not 0 <= dim <= top:
        raise ParameterError(f"dim={dim!r} is not a dimension of the neuromanifold of {net.spec} (it is an integer "
                             f"between 0 and {top})", hint="pass algnet.dimension(net).dimension")
