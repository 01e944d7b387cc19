"""float64 (or float32) evaluation of a PLModel in torch: batched forward passes for the float paths (local complexity).

Every node becomes one torch operation on a batch (convolutions and average pools through
``conv2d``, dense layers through ``linear``, max-pools and reshapes through index gathers), values
are freed after their last use, and each activation / max-pool node hands its input to a callback,
so statistics of the pre-activations (sign changes, argmax changes) are taken without keeping
every layer of a large batch in memory.

Examples
--------
>>> import numpy as np
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, -1]], [0]), ([[2]], ["1/2"])])   # 2 relu(x - y) + 1/2
>>> TorchModel(m).forward(np.array([[3.0, 1.0], [0.0, 1.0]])).tolist()
[[4.5], [0.5]]
"""

from __future__ import annotations

import numpy as np

from algnet.relu.model import Activation, Affine, Combine, MaxPool

__all__ = ["TorchModel"]


class TorchModel:
    """A PLModel compiled to float64 torch operations (CPU).

    Parameters
    ----------
    model : PLModel
    dtype : {'float64', 'float32'}
        Arithmetic of the forward passes (float32: several times faster convolutions on CPU,
        signs of pre-activations within ~1e-7 relative of zero may differ from float64).

    Examples
    --------
    Same values as the exact model; ``on_preactivation`` sees the input of each activation:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, "-1/2"]), ([[1, 1]], [0])])   # relu(x) + relu(y - 1/2)
    >>> seen = []
    >>> tm = TorchModel(m)
    >>> tm.forward([[1.0, 2.0], [-1.0, 0.0]], on_preactivation=lambda i, t: seen.append((i, t.tolist()))).tolist()
    [[2.5], [0.0]]
    >>> seen
    [(2, [[1.0, 1.5], [-1.0, -0.5]])]
    >>> m.forward([[1, 2], [-1, 0]], exact=True).tolist()
    [[Fraction(5, 2)], [Fraction(0, 1)]]
    """

    def __init__(self, model, dtype: str = "float64"):
        import torch

        self.torch = torch
        self.dtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
        self.model = model
        self.last = model.last_use()
        self.ops = [None] + [self._compile(n) for n in model.nodes[1:]]

    def _t(self, a):
        return self.torch.as_tensor(np.ascontiguousarray(a, dtype=float), dtype=self.dtype)

    def _compile(self, n):
        torch = self.torch
        F = torch.nn.functional
        op = n.op
        if isinstance(op, Affine):
            Wf, bf = op.arrays("float")
            G, Og, K = Wf.shape
            L = op.idx.shape[1]
            if op.conv is not None:
                c = op.conv
                C, H, W = c["in_shape"]
                w = self._t(Wf.reshape(G * Og, C // c["groups"], *c["kernel"]))
                b = self._t(bf)
                return lambda xs: F.conv2d(xs[0].reshape(-1, C, H, W), w, b, c["stride"], c["padding"],
                                           c["dilation"], c["groups"]).reshape(xs[0].shape[0], -1)
            if G == 1 and L == 1:
                w, b = self._t(Wf[0]), self._t(bf)
                idx = torch.as_tensor(op.idx[0, 0])
                n_in = int(op.idx.max()) + 1
                if np.array_equal(op.idx[0, 0], np.arange(K)) and n_in == K:
                    return lambda xs: F.linear(xs[0], w, b)
                return lambda xs: F.linear(self._padded(xs[0])[:, idx], w, b)
            idx = torch.as_tensor(op.idx)                              # (G, L, K), index n_in reads 0
            w = self._t(Wf)                                            # (G, Og, K)
            bias = self._t(op.bias_vector(bf))

            def general(xs):
                P = self._padded(xs[0])[:, idx]                        # (B, G, L, K)
                Y = torch.einsum("bglk,gok->bgol", P, w)
                return Y.reshape(P.shape[0], -1) + bias
            return general
        if isinstance(op, Activation):
            sl = op.slopes.astype(float)
            if not sl.any():
                return lambda xs, inplace=False: torch.relu_(xs[0]) if inplace else torch.relu(xs[0])
            s = self._t(sl)
            return lambda xs: torch.where(xs[0] > 0, xs[0], xs[0] * s)
        if isinstance(op, MaxPool):
            win = torch.as_tensor(op.windows)
            return lambda xs: xs[0][:, win].amax(dim=2)
        if isinstance(op, Combine):
            cs = [float(c) for c in op.coeffs]

            def combine(xs):
                y = xs[0] * cs[0] if cs[0] != 1 else xs[0].clone()
                for c, x in zip(cs[1:], xs[1:]):
                    y.add_(x, alpha=c)
                return y
            return combine
        perm = torch.as_tensor(op.perm)
        return lambda xs: torch.cat(xs, dim=1)[:, perm]

    def _padded(self, x):
        return self.torch.cat([x, x.new_zeros((x.shape[0], 1))], dim=1)

    def forward(self, X, on_preactivation=None):
        """Outputs (numpy float64) at the rows of X; ``on_preactivation(node_index, tensor)`` is called with the
        input of every activation and max-pool node."""
        torch = self.torch
        with torch.no_grad():
            vals = {0: X.to(self.dtype) if isinstance(X, torch.Tensor) else self._t(np.asarray(X, dtype=float).reshape(len(X), -1))}
            for i, n in enumerate(self.model.nodes[1:], start=1):
                ins = [vals[j] for j in n.inputs]
                if on_preactivation is not None and isinstance(n.op, (Activation, MaxPool)):
                    on_preactivation(i, ins[0])
                if isinstance(n.op, Activation) and self.last.get(n.inputs[0], -1) <= i and n.inputs[0] != 0 \
                        and not n.op.slopes.any():
                    vals[i] = self.ops[i](ins, inplace=True)        # the input is not read again
                else:
                    vals[i] = self.ops[i](ins)
                for j in set(n.inputs):
                    if self.last.get(j, -1) <= i:
                        del vals[j]
            return vals[len(self.model.nodes) - 1].double().numpy()
