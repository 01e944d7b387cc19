"""``LightningAttention(d_in, d_out, a, heads=1)``: f(X) = sum_h V_h X X^T K_h^T Q_h X.

X is d_in x t (t tokens, the second data axis); Q_h, K_h are a x d_in and
V_h is d_out x d_in. The heads are stacked in the parameters: Q and K have
shape (heads * a, d_in), V (heads * d_out, d_in) (one head: the shapes of
Henry–Marchetti–Kohn). Output units are the rows of V (row i of every head's block),
input units the columns of Q, K and V: the layer is linear in each of the
three copies of X, so GL of the width between two attention layers and the
rescaling around a homogeneous activation are derived like those of linear
maps.

Inside the layer (per head): GL_a acting on (Q_h, K_h) by Q -> A Q,
K -> A^-T K, and the rescaling V_h -> s V_h, Q_h -> s^-1 Q_h; permutations of
the heads (finite) and, when a = 1 and d_out = 1, the exchange of the rows V_h
and K_h (V_h X X^T K_h^T is a scalar, equal to K_h X X^T V_h^T). Degenerations: a head's attention rank lowered (its
last
rows of Q and K zero) and, with several heads, a head removed.

Examples
--------
>>> from algnet.architectures.layers import LightningAttention, Sequential
>>> net = Sequential(LightningAttention(2, 1, 2), input_shape=(2, 2))
>>> net.param_shapes, net.degree
((('Q1', (2, 2)), ('K1', (2, 2)), ('V1', (1, 2))), 3)
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.layers.base import Layer, as_int, layer_error

__all__ = ["LightningAttention"]


class LightningAttention(Layer):
    """Lightning self-attention layer (several heads summed).

    Examples
    --------
    >>> from algnet.architectures.layers import Sequential
    >>> net = Sequential(LightningAttention(2, 1, 1), input_shape=(2, 2))    # 2 tokens of dimension 2
    >>> net.param_shapes, net.output_shape, net.degree                     # cubic in (Q, K, V)
    ((('Q1', (1, 2)), ('K1', (1, 2)), ('V1', (1, 2))), (1, 2), 3)
    """

    unit_name = "row"

    def __init__(self, d_in: int, d_out: int, a: int, heads: int = 1):
        self.d_in = as_int(d_in, "d_in", "LightningAttention")
        self.d_out = as_int(d_out, "d_out", "LightningAttention")
        self.a = as_int(a, "a", "LightningAttention")
        self.heads = as_int(heads, "heads", "LightningAttention")
        self.out_params = [("V", 0 if self.heads == 1 else _HeadRows(self.heads, self.d_out))]
        self.in_params = [("Q", 1), ("K", 1), ("V", 1)]

    def __repr__(self):
        h = f", heads={self.heads}" if self.heads != 1 else ""
        return f"LightningAttention({self.d_in}, {self.d_out}, {self.a}{h})"

    def bind(self, in_shape):
        if in_shape is None or len(in_shape) != 2:
            raise layer_error(self, f"expects a d x t matrix of tokens, gets shape {in_shape}",
                              "give the network input_shape=(d, t)")
        if in_shape[0] != self.d_in:
            raise layer_error(self, f"expects tokens of width {self.d_in}, gets shape {tuple(in_shape)}")
        self.in_shape = tuple(in_shape)
        self.out_shape = (self.d_out, in_shape[1])
        return self.out_shape

    @property
    def units_out(self):
        return self.d_out

    def param_shapes(self):
        h = self.heads
        return [("Q", (h * self.a, self.d_in)), ("K", (h * self.a, self.d_in)), ("V", (h * self.d_out, self.d_in))]

    def degree_map(self, degree, homogeneous):
        return 3 * degree, homogeneous

    def work_entries(self):
        """The output, V X, K X, Q X, and per head the t x t matrix X^T K^T Q X and its transpose's product."""
        t = int(self.in_shape[1])
        h = self.heads
        return super().work_entries() + t * (h * (2 * self.a + self.d_out)) + h * (2 * t * t + self.d_out * t)

    def forward(self, P, h, names):
        VX = P.lin(P.param(names["V"]), h)
        KX = P.lin(P.param(names["K"]), h)
        QX = P.lin(P.param(names["Q"]), h)
        if self.heads == 1:
            return P.bmm(VX, P.bmm(P.transpose(KX), QX))  # V X (X^T K^T Q X)
        out = None
        KXt = P.transpose(KX)
        for j in range(self.heads):
            Qsel = np.zeros((self.heads * self.a,) * 2, dtype=np.int64)
            Qsel[j * self.a:(j + 1) * self.a, j * self.a:(j + 1) * self.a] = np.eye(self.a, dtype=np.int64)
            Vsel = np.zeros((self.d_out, self.heads * self.d_out), dtype=np.int64)
            Vsel[:, j * self.d_out:(j + 1) * self.d_out] = np.eye(self.d_out, dtype=np.int64)
            S = P.bmm(KXt, P.lin(Qsel, QX))
            term = P.bmm(P.lin(Vsel, VX), S)
            out = term if out is None else P.add(out, term)
        return out

    # ----------------------------------------------------------- structure
    def internal_tangents(self, prm, B):
        a, do = self.a, self.d_out
        Q, K, V = prm["Q"], prm["K"], prm["V"]
        rows = []
        for j in range(self.heads):
            q0, v0 = j * a, j * do
            for r in range(a):
                for c in range(a):
                    t = _blank(prm, B)
                    t["Q"][q0 + r, :] = Q[q0 + c, :]           # E_rc Q
                    t["K"][q0 + c, :] = B.neg(K[q0 + r, :])    # -E_rc^T K
                    rows.append(t)
            t = _blank(prm, B)
            t["V"][v0:v0 + do] = V[v0:v0 + do]
            t["Q"][q0:q0 + a] = B.neg(Q[q0:q0 + a])
            rows.append(t)
        return rows

    def _swaps_v_and_k(self) -> bool:
        """With a = 1 and d_out = 1 the row V_h and the row K_h of a head can be exchanged: V_h X X^T K_h^T is
        a 1 x 1 matrix, equal to its transpose K_h X X^T V_h^T. This is not in the identity component of the
        continuous symmetries (they only rescale V_h and K_h), so it doubles each head's finite group
        (attention d=2 a=1 dout=1 t=2: the exact Groebner count of a generic fiber is 2 points)."""
        return self.a == 1 and self.d_out == 1

    def finite_order(self):
        from math import factorial

        return factorial(self.heads) * (2 ** self.heads if self._swaps_v_and_k() else 1)

    def finite_description(self) -> str:
        parts = [f"permutations of the heads of {self!r}"] if self.heads > 1 else []
        if self._swaps_v_and_k():
            parts.append(f"the exchange of V_h and K_h in each head of {self!r} (a = 1, d_out = 1)")
        return "; ".join(parts)

    def finite_actions(self):
        acts = []
        for j in range(self.heads if self._swaps_v_and_k() else 0):
            def swap(prm, j=j):
                out = {k: np.array(v, copy=True) for k, v in prm.items()}
                out["V"][j], out["K"][j] = prm["K"][j], prm["V"][j]
                return out
            acts.append(swap)
        for j in range(self.heads - 1):
            def act(prm, j=j):
                out = {k: np.array(v, copy=True) for k, v in prm.items()}
                for name, size in (("Q", self.a), ("K", self.a), ("V", self.d_out)):
                    A, src = out[name], prm[name]
                    A[j * size:(j + 1) * size] = src[(j + 1) * size:(j + 2) * size]
                    A[(j + 1) * size:(j + 2) * size] = src[j * size:(j + 1) * size]
                return out
            acts.append(act)
        return acts

    def degeneration_factors(self, net, last):
        if self.heads != 1:
            return super().degeneration_factors(net, last)
        from algnet.architectures.strata import rank_factor

        return [rank_factor(net, self, last)]

    def degenerations(self):
        out = []
        a, d = self.a, self.d_in
        for j in range(self.heads):
            zero = [(name, (j * a + a - 1) * d + c) for name in ("Q", "K") for c in range(d)]
            head = f" head {j + 1}" if self.heads > 1 else ""
            out.append((f"attention dimension {a - 1}" + head, "attention rank drop", zero))
        if self.heads > 1:
            j = self.heads - 1
            zero = [(name, (j * size + i) * d + c) for name, size in (("Q", a), ("K", a), ("V", self.d_out))
                    for i in range(size) for c in range(d)]
            out.append((f"head {j + 1} removed", "head removed", zero))
        return out


class _HeadRows:
    """Output unit i of a multi-head layer: row i of every head's block of V."""

    def __init__(self, heads, d_out):
        self.heads, self.d_out = heads, d_out

    def __call__(self, i):
        return (np.arange(self.heads) * self.d_out + i, slice(None))


def _blank(prm, B):
    return {k: B.zeros(np.shape(v)) for k, v in prm.items()}
