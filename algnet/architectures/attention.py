"""Lightning (linear) self-attention networks.

One layer maps X in R^(d x t) to f(X) = V X X^T K^T Q X with
Q, K in R^(a x d), V in R^(d' x d): cubic in the entries of X. Layers
compose (layer i has input width d_i; all widths are d except the last
output width d'). The function-space coordinates are the coefficients of
the entries of f in the entries x[i,j] of X.

Known symmetries (tangents computed at the given parameter):
GL(a) acting on (Q, K) by Q -> A Q, K -> A^-T K in each layer; one
rescaling V -> s V, Q -> s^-1 Q per layer; GL(d) between consecutive layers
(V_i -> B V_i and Q_(i+1), K_(i+1), V_(i+1) -> (.) B^-1).

Source: Henry–Marchetti–Kohn, arXiv:2408.17221.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("attention d=2 a=2 dout=1 t=2")
>>> net.n_params, net.degree, net.ambient_dimension, net.expected_dimension()[0]
(10, 3, 40, 5)
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.base import Network, Subnetwork, as_backend
from algnet.architectures.spec import parse_int, register_family, require, split_options
from algnet.errors import SpecError

__all__ = ["AttentionNetwork"]

_SRC = "Henry-Marchetti-Kohn 2025 (arXiv:2408.17221)"


class AttentionNetwork(Network):
    """Lightning self-attention, one or several layers.

    Parameters
    ----------
    d : int
        Token dimension (input width, and width between layers).
    a : int
        Attention (query/key) dimension.
    dout : int, optional
        Output width of the last layer (default d).
    t : int
        Number of tokens.
    layers : int
        Number of layers.

    Examples
    --------
    >>> AttentionNetwork(2, 1, t=3).spec
    'attention d=2 a=1 dout=2 t=3 layers=1'
    """

    family = "attention"

    def __init__(self, d: int, a: int, dout: int | None = None, t: int = 2, layers: int = 1):
        dout = d if dout is None else dout
        for name, v in (("d", d), ("a", a), ("dout", dout), ("t", t), ("layers", layers)):
            if not isinstance(v, int) or v < 1:
                raise SpecError(f"{name}={v} must be a positive integer", token=f"{name}={v}",
                                hint="e.g. AttentionNetwork(d=2, a=2, dout=1, t=2)")
        self.d, self.a, self.dout, self.t, self.layers = d, a, dout, t, layers
        self.widths = tuple([d] * layers + [dout])
        shapes = []
        for i in range(layers):
            di, do = self.widths[i], self.widths[i + 1]
            shapes += [(f"Q{i + 1}", (a, di)), (f"K{i + 1}", (a, di)), (f"V{i + 1}", (do, di))]
        self.param_shapes = tuple(shapes)
        self.input_shape = (d, t)
        self.output_shape = (dout, t)
        self.degree = 3 ** layers
        self.homogeneous = True
        self.spec = f"attention d={d} a={a} dout={dout} t={t} layers={layers}"
        self.symmetry_description = "GL(a) on (Q, K) and a rescaling (V, Q) per layer; GL(d) between layers"

    def forward(self, P, x):
        h = x
        for i in range(1, self.layers + 1):
            VX = P.lin(P.param(f"V{i}"), h)
            KX = P.lin(P.param(f"K{i}"), h)
            QX = P.lin(P.param(f"Q{i}"), h)
            S = P.bmm(P.transpose(KX), QX)  # X^T K^T Q X, (t x t)
            h = P.bmm(VX, S)
        return h

    def input_names(self):
        return [f"x{i}_{j}" for i in range(self.d) for j in range(self.t)]

    def output_names(self):
        return [f"f{i}_{j}" for i in range(self.dout) for j in range(self.t)]

    def _offsets(self):
        out, i = {}, 0
        for name, shape in self.param_shapes:
            out[name] = (i, shape)
            i += shape[0] * shape[1]
        return out

    def symmetry_tangents(self, theta, backend=None, p=None):
        B = as_backend(backend, p)
        prm = {k: B.asarray(v) for k, v in self.unflatten(theta).items()}
        off = self._offsets()
        rows = []

        def blank():
            return {name: B.zeros(shape) for name, shape in self.param_shapes}

        def flat(parts):
            return np.concatenate([np.asarray(parts[name]).reshape(-1) for name, _ in self.param_shapes])

        for i in range(1, self.layers + 1):
            Q, K, V = prm[f"Q{i}"], prm[f"K{i}"], prm[f"V{i}"]
            for r in range(self.a):
                for c in range(self.a):
                    parts = blank()
                    parts[f"Q{i}"][r, :] = Q[c, :]           # E_rc Q
                    parts[f"K{i}"][c, :] = B.neg(K[r, :])    # -E_rc^T K
                    rows.append(flat(parts))
            parts = blank()
            parts[f"V{i}"] = V.copy()
            parts[f"Q{i}"] = B.neg(Q)
            rows.append(flat(parts))
        for i in range(1, self.layers):
            Vi = prm[f"V{i}"]
            Qn, Kn, Vn = prm[f"Q{i + 1}"], prm[f"K{i + 1}"], prm[f"V{i + 1}"]
            for r in range(self.widths[i]):
                for c in range(self.widths[i]):
                    parts = blank()
                    parts[f"V{i}"][r, :] = Vi[c, :]          # E_rc V_i
                    parts[f"Q{i + 1}"][:, c] = B.neg(Qn[:, r])  # -Q E_rc
                    parts[f"K{i + 1}"][:, c] = B.neg(Kn[:, r])
                    parts[f"V{i + 1}"][:, c] = B.neg(Vn[:, r])
                    rows.append(flat(parts))
        return np.stack(rows) if rows else B.zeros((0, self.n_params))

    def expected_dimension(self):
        from algnet.theorems.formulas import attention_dimension

        if self.a > self.d or self.t < 2:
            return None
        if self.layers == 1:
            return attention_dimension(self.d, self.a, self.dout, 1), _SRC + ", single layer"
        if self.dout == self.d:
            return attention_dimension(self.d, self.a, self.d, self.layers), _SRC + ", deep"
        return None

    def subnetworks(self):
        """Per layer: the attention dimension reduced by one (last row of Q and K zero)."""
        out = []
        off = self._offsets()
        for i in range(1, self.layers + 1):
            if self.a < 1:
                continue
            zero = []
            for name in (f"Q{i}", f"K{i}"):
                start, (ra, cd) = off[name]
                zero += [start + (self.a - 1) * cd + j for j in range(cd)]
            label = f"layer {i}: attention dimension {self.a - 1}"
            out.append(Subnetwork(label, "attention rank drop", self.restrict(zero, label)))
        return out


@register_family("attention")
def _parse_attention(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"d", "a", "dout", "t", "layers"}, set())
    require(not pos, spec, " ".join(pos), "attention takes only d=, a=, dout=, t=, layers= options")
    for key in ("d", "a", "t"):
        require(key in opts, spec, f"(missing {key}=)", f"attention needs {key}=")
    return AttentionNetwork(
        parse_int(opts["d"], "d", spec),
        parse_int(opts["a"], "a", spec),
        parse_int(opts["dout"], "dout", spec) if "dout" in opts else None,
        parse_int(opts["t"], "t", spec),
        parse_int(opts["layers"], "layers", spec) if "layers" in opts else 1,
    )
