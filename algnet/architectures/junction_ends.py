"""The junctions at the end of a network whose units pass Residual blocks to the output, and the square's cross
term of a biased block x + (F x + c)^2 right after a biased linear layer (:mod:`algnet.architectures.junctions`
finds them): :class:`SquareCrossEnd` (the shifts of c traded against that layer, :func:`_block_cross_rows`) and
:class:`StreamEnd` (the roots of unity the output keeps).
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.junction_maps import _block_ends
from algnet.architectures.layers.linear import Linear

__all__ = ["SquareCrossEnd", "StreamEnd"]


def _square_after(A, acts, through):
    """The layer F of a block x + (F x + c)^2 right after A (both linear with biases; ``acts`` the activations
    after A, identities only before the block; ``through`` the blocks as (block, activations before it)), else
    None: its square's cross term 2 c * (F h) is linear in A's input (:func:`_block_cross_rows`)."""
    if not (through and isinstance(A, Linear) and A.bias_param) or any(
            not a.identity for a in acts[:through[0][1]]):
        return None
    R = through[0][0]
    ends = _block_ends(R, A.units_out)
    if ends is None:
        return None
    F, L, q, _ = ends
    rest = [lay for lay in R.block if lay is not F and not lay.identity]
    if not (F is L and q == 2 and isinstance(F, Linear) and F.bias_param and len(rest) == 1):
        return None
    return F


def _block_cross_rows(A, F, units, prm, B) -> list[dict]:
    """The shift of the block's pre-activation p = W h + c, h = A y + b, by delta e_a (c -> c + delta e_a)
    traded against A: h + p^2 keeps every y when A -> A - 2 delta e_a (W A)[a, :], b -> b - (2 delta c_a +
    delta^2) e_a, W -> W (1 - 2 delta E_aa W)^-1 (W A kept) and the block's bias makes the new c (an action of
    the additive group, wherever 1 - 2 delta W[a, a] is invertible). Tangent: dA[a, :] = -2 (W A)[a, :],
    db[a] = -2 c_a, dW = 2 W[:, a] W[a, :], dc_bias = e_a + 2 W[:, a] c_bias[a] (W = F's weights)."""
    gA, gb = A._names["W"], A._names[A.bias_param]
    gW, gc = F._names["W"], F._names[F.bias_param]
    A, b, W, c = prm[gA], prm[gb], prm[gW], prm[gc]
    rows = []
    for a in range(units):
        ca = B.add(B.const(0), c[a])
        for j in range(units):
            ca = B.add(ca, B.mul(W[a, j], b[j]))          # c_a = (W b + c_bias)_a
        dA, db, dW, dc = (B.zeros(np.shape(v)) for v in (A, b, W, c))
        for k in range(np.shape(A)[1]):
            t = B.const(0)
            for j in range(units):
                t = B.add(t, B.mul(W[a, j], A[j, k]))
            dA[a, k] = B.mul(B.const(-2), t)
        db[a] = B.mul(B.const(-2), ca)
        for i in range(units):
            for j in range(units):
                dW[i, j] = B.mul(B.const(2), B.mul(W[i, a], W[a, j]))
            dc[i] = B.mul(B.const(2), B.mul(W[i, a], c[a]))
        dc[a] = B.add(dc[a], B.const(1))
        rows.append({gA: dA, gb: db, gW: dW, gc: dc})
    return rows


class SquareCrossEnd:
    """A biased block x + (F x + c)^2 right after a biased linear layer A, its output not read by a later layer (the
    network's end): the square's cross term 2 c * (F h) is linear in A's input, so the shift of c is traded against
    A as between two layers (:func:`_block_cross_rows`); the stream's function is kept whatever follows.

    Examples
    --------
    >>> from algnet import parse_spec          # h + (F h + c)^2, h = A x + b: two shifts of c
    >>> net = parse_spec("layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Power(2)])")
    >>> net.symmetry_tangents(net.random_params(seed=0), p=101).shape
    (2, 12)
    """

    weighted_pivots = False

    def __init__(self, A, F):
        self.A, self.F, self.units = A, F, A.units_out

    def description(self) -> str:
        return f"shifts of the square's input in the block after {self.A!r} traded against {self.A!r}"

    def tangents(self, prm, B) -> list:
        return _block_cross_rows(self.A, self.F, self.units, prm, B)

    def finite_order(self) -> int:
        return 1

    def finite_description(self) -> str:
        return ""

    def finite_actions(self) -> list:
        return []

    def removable(self) -> bool:
        return False

    def removal(self, net):
        return None


class StreamEnd:
    """The last unit-bearing layer A of the network whose units pass Residual blocks (and activations) to the
    output: the roots of unity of :class:`~algnet.architectures.junction_maps.StreamRoots` that keep the output (no
    layer reads the units; no continuous symmetry, no permutation).

    Examples
    --------
    >>> from algnet import parse_spec          # (a.x)^2 + (F (a.x)^2)^2: the signs of a and of F
    >>> net = parse_spec("layers Linear(2, 1), Power(2), Residual([Linear(1, 1), Power(2)])")
    >>> net.finite_symmetry_order()
    4
    """

    weighted_pivots = False

    def __init__(self, roots, units):
        self.roots, self.units, self.A = roots, units, roots.A

    def description(self) -> str:
        return ""

    def tangents(self, prm, B) -> list:
        return []

    def finite_order(self) -> int:
        return self.roots.order() ** self.units

    def finite_description(self) -> str:
        return self.roots.description(" to the output")

    def finite_actions(self) -> list:
        return self.roots.actions(self.units)

    def removable(self) -> bool:
        return False

    def removal(self, net):
        return None
