"""An exact piecewise-linear model: a DAG of affine maps, ReLU-type activations and max-pools.

A :class:`PLModel` is what a trained network becomes inside algnet: a list
of nodes in topological order, each one an operation on the flattened
(C-order, batch first) outputs of earlier nodes:

* :class:`Affine` -- dense layers, convolutions (1-D/2-D, stride, padding,
  dilation, groups), average pooling and batch normalisation (folded): one
  gather of input patches followed by one matrix per group;
* :class:`Activation` -- x -> x for x > 0 and s x otherwise (ReLU s = 0,
  LeakyReLU/PReLU s given, absolute value s = -1), s per coordinate;
* :class:`MaxPool` -- maxima over windows of input coordinates;
* :class:`Combine` -- rational linear combinations of nodes of equal size
  (residual additions, subtraction, scalar multiples);
* :class:`Gather` -- reshapes, flattening, concatenation and permutations
  (a fixed selection of coordinates of the concatenated inputs).

Every weight is an exact rational (floats converted exactly: a float32 is
the rational it represents). The same model evaluates in three
arithmetics: float64 (``exact=False``), exact rationals (``exact=True``,
integer numerators over one common denominator per node) and GF(p) (for
modular Jacobian ranks). The exact path is the model; the float64 path is
offered beside it and never mixed in.

Examples
--------
>>> m = PLModel.from_layers([([[1, -1]], [0]), ([[2]], ["1/2"])])   # relu 2-1-1
>>> m.forward([[3, 1], [0, 1]], exact=True).tolist()
[[Fraction(9, 2)], [Fraction(1, 2)]]
>>> m.forward([[3, 1]]).tolist()
[[4.5]]
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from algnet.errors import ParameterError
from algnet.relu.model_ops import (Activation, Affine, Combine, Gather, MaxPool, Node, _common_den, _ints,
                                   exact_object_matmul, fractions_array)

__all__ = ["PLModel", "Node", "Affine", "Activation", "MaxPool", "Combine", "Gather", "fractions_array",
           "exact_object_matmul"]


class PLModel:
    """A piecewise-linear model: ``nodes[0]`` is the input, the last node the output.

    Parameters
    ----------
    nodes : list of Node (topological order; ``nodes[0].op`` is None)
    source : str
        Where the model came from (shown in results).
    notes : tuple of str
        Anything not exact about the conversion (e.g. a BatchNorm square root
        rounded to float64), stated in results.

    Examples
    --------
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> m.n_params, m.input_shape, m.output_size, m.activation_nodes()
    (9, (2,), 1, [2])
    """

    def __init__(self, nodes, source: str = "", notes=()):
        self.nodes = list(nodes)
        self.source = source
        self.notes = tuple(notes)
        self._consumers = None

    # ---------------------------------------------------------------- structure
    @property
    def input_shape(self) -> tuple:
        return tuple(self.nodes[0].shape)

    @property
    def input_size(self) -> int:
        return self.nodes[0].size

    @property
    def output_size(self) -> int:
        return self.nodes[-1].size

    @property
    def n_params(self) -> int:
        """Number of exact parameters D: weights and biases of the affine nodes (after folding) and trained PReLU
        slopes, a parameter shared by several nodes (tied weights) counted once
        (:mod:`algnet.relu.model_params`)."""
        from algnet.relu.model_params import tied_columns

        return tied_columns(self)[1]

    @property
    def shared(self) -> bool:
        """Whether the parameters are not one per entry of the affine nodes: a parameter used by several nodes (tied
        weights: the Jacobian sums their columns), or entries that are no parameters (``Affine.fixed``: pruned or
        frozen weights, no column)."""
        from algnet.relu.model_params import fixed_entries, shared_parameters

        return bool(shared_parameters(self)) or fixed_entries(self) > 0

    @property
    def all_biases(self) -> bool:
        """Whether every affine node has its bias as parameters (False when a layer was built with bias=False)."""
        return all(n.op.has_bias for n in self.nodes if isinstance(n.op, Affine))

    def random_inputs(self, count: int, seed=None, bound: int = 2**10, denominator: int = 2**9) -> np.ndarray:
        """Random rational inputs m / denominator, m uniform in [-bound, bound] (default: the grid of step 2^-9 in
        [-2, 2]), flattened: object array (count, input_size), drawn as ``ReluNetwork.random_inputs`` draws them.

        Examples
        --------
        >>> m = PLModel.from_layers([([[1, 2]], [3])])
        >>> X = m.random_inputs(3, seed=0)
        >>> X.shape, all(abs(v) <= 2 for v in X.ravel())
        ((3, 2), True)
        """
        rng = np.random.default_rng(seed)
        m = rng.integers(-bound, bound + 1, size=(int(count), self.input_size), dtype=np.int64)
        out = np.empty(m.shape, dtype=object)
        out[...] = [[Fraction(int(v), denominator) for v in row] for row in m]
        return out

    def activation_nodes(self) -> list:
        """Indices of the activation (ReLU-type) nodes, in order."""
        return [i for i, n in enumerate(self.nodes) if isinstance(n.op, Activation)]

    def last_use(self) -> dict:
        """node index -> index of the last node reading it (the output is read at the end)."""
        last = {}
        for i, n in enumerate(self.nodes):
            for j in n.inputs:
                last[j] = i
        last[len(self.nodes) - 1] = len(self.nodes)
        return last

    def describe(self) -> str:
        """One line per node."""
        lines = []
        for i, n in enumerate(self.nodes):
            op = type(n.op).__name__ if n.op is not None else "Input"
            if isinstance(n.op, Affine):
                op += f"[{n.op.kind}]"
            if isinstance(n.op, Activation):
                op += f"[{n.op.name}]"
            lines.append(f"{i:3d} {op:<22} <- {list(n.inputs)}  shape {n.shape}  {n.name}")
        return "\n".join(lines)

    @property
    def spec(self) -> str:
        mlp = self.mlp_widths()
        if mlp is not None:
            return "relu " + "-".join(map(str, mlp))
        return f"model {'x'.join(map(str, self.input_shape))} -> {self.output_size} ({len(self.nodes) - 1} ops)"

    def mlp_widths(self):
        """The widths when the model is a plain ReLU MLP (Linear, ReLU, ..., Linear), else None."""
        widths = [self.input_size]
        expect_affine = True
        prev = 0
        for i, n in enumerate(self.nodes[1:], start=1):
            if n.inputs != (prev,):
                return None
            if expect_affine and isinstance(n.op, Affine) and n.op.idx.shape[:2] == (1, 1):
                widths.append(n.size)
            elif not expect_affine and isinstance(n.op, Activation) and n.op.name == "relu":
                pass
            elif isinstance(n.op, Gather) and np.array_equal(n.op.perm, np.arange(n.size)):
                prev = i
                continue
            else:
                return None
            expect_affine = not expect_affine
            prev = i
        return widths if not expect_affine and len(widths) >= 2 else None

    def to_relu_network(self):
        """(ReluNetwork, theta) for a plain ReLU MLP (see :meth:`mlp_widths`); NotApplicableError otherwise.

        The network always has biases: layers without bias get bias 0 *as parameters* (right for its function and
        regions; its parameter count and Jacobian are not this model's then, see :attr:`all_biases`), and a layer
        applied twice is two layers (likewise: see :attr:`shared`)."""
        from algnet.errors import NotApplicableError
        from algnet.relu.weights import network_from_layers

        if self.mlp_widths() is None:
            raise NotApplicableError("the model is not a plain Linear/ReLU MLP",
                                     hint="this route needs Linear, ReLU, ..., Linear")
        layers = [(n.op.W[0], n.op.b) for n in self.nodes if isinstance(n.op, Affine)]
        return network_from_layers(layers)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_layers(cls, layers, activation: str = "relu", source: str = "layers") -> "PLModel":
        """A ReLU MLP from (W, b) pairs (W of shape (n_l, n_(l-1)); exact conversion; b None: no bias parameters).

        Examples
        --------
        >>> PLModel.from_layers([([[1, 2]], [3])]).spec
        'relu 2-1'
        >>> PLModel.from_layers([([[1, 2], [3, 4]], None), ([[1, 1]], [0])]).n_params    # 4 + 2 + 1
        7
        """
        if not layers:
            raise ParameterError("no layers", hint="give at least one (W, b) pair")
        W0 = np.asarray(layers[0][0], dtype=object)
        if W0.ndim != 2:
            raise ParameterError(f"W1 must be a matrix, got shape {W0.shape}", hint="shape (n_l, n_(l-1))")
        nodes = [Node(None, (), (W0.shape[1],), "input")]
        for l, (W, b) in enumerate(layers, start=1):
            W = fractions_array(W)
            has_bias = b is not None
            b = fractions_array(b).ravel() if has_bias else fractions_array(np.zeros(np.shape(W)[:1], dtype=int))
            n_in = nodes[-1].size
            if W.ndim != 2 or W.shape[1] != n_in or b.shape[0] != W.shape[0]:
                raise ParameterError(f"layer {l}: W has shape {W.shape}, b {b.shape}, input size {n_in}",
                                     hint="W_l of shape (n_l, n_(l-1)) and one bias per neuron")
            idx = np.arange(n_in).reshape(1, 1, n_in)
            nodes.append(Node(Affine(idx, W.reshape(1, *W.shape), b, "linear", has_bias=has_bias), (len(nodes) - 1,),
                              (W.shape[0],), f"linear{l}"))
            if l < len(layers):
                nodes.append(Node(Activation(fractions_array(np.zeros(W.shape[0], dtype=int)), activation),
                                  (len(nodes) - 1,), (W.shape[0],), f"relu{l}"))
        return cls(nodes, source)

    @classmethod
    def from_relu_network(cls, net, theta) -> "PLModel":
        """The model of algnet's ``relu n0-...-nL`` network at parameters theta."""
        return cls.from_layers([(W, b) for W, b in net.layers(net.rational_params(theta))], source=net.spec)

    # ---------------------------------------------------------------- evaluation
    def _inputs(self, X, exact: bool):
        X = np.asarray(X, dtype=object if exact else float)
        if X.ndim == 1 and self.input_size != 1 and X.size == self.input_size:
            X = X.reshape(1, -1)
        X = X.reshape(X.shape[0], -1) if X.ndim >= 2 else X.reshape(-1, 1)
        if X.shape[1] != self.input_size:
            raise ParameterError(f"inputs have {X.shape[1]} coordinates, the model takes {self.input_size} "
                                 f"(shape {self.input_shape})", hint="one row per input, flattened in C order")
        if exact:
            X = fractions_array(X)
        return X

    def forward(self, X, exact: bool = False, patterns: bool = False, preactivations: bool = False):
        """Outputs at the rows of X (shape (B, n_in) or (B, *input_shape)).

        ``exact=True``: exact rationals (object array of Fractions); otherwise float64.
        ``patterns=True`` also returns a list of per-node sign/argmax arrays
        (activation nodes: pre-activation > 0; max-pools: argmax index);
        ``preactivations=True`` returns the pre-activation arrays instead.
        """
        X = self._inputs(X, exact)
        if exact:
            vals, S = self._forward_int(X)
            out = vals[len(self.nodes) - 1]
            res = np.array([[Fraction(int(v), S[-1]) for v in row] for row in out.tolist()], dtype=object)
            res = res.reshape(out.shape)
            pre = {i: (vals[n.inputs[0]], S[n.inputs[0]]) for i, n in enumerate(self.nodes)
                   if isinstance(n.op, (Activation, MaxPool))}
        else:
            vals = self._forward_float(X)
            res = vals[len(self.nodes) - 1]
            pre = {i: (vals[n.inputs[0]], 1) for i, n in enumerate(self.nodes) if isinstance(n.op, (Activation, MaxPool))}
        if not (patterns or preactivations):
            return res
        info = []
        for i in sorted(pre):
            v, s = pre[i]
            op = self.nodes[i].op
            if preactivations:
                info.append(v if not exact else np.vectorize(lambda a: Fraction(int(a), s), otypes=[object])(v))
            elif isinstance(op, Activation):
                info.append(np.asarray(v > 0, dtype=bool))
            else:
                info.append(np.argmax(v[:, op.windows], axis=2) if not exact
                            else np.array([[max(range(w.size), key=lambda k: (row[w[k]], -k)) for w in op.windows]
                                           for row in v.tolist()], dtype=np.int64))
        return res, info

    def _forward_float(self, X):
        vals = {0: X}
        for i, n in enumerate(self.nodes[1:], start=1):
            vals[i] = _float_op(n.op, [vals[j] for j in n.inputs])
        return vals

    def scales(self, S0: int) -> list:
        """Common denominators of the node values when the input has denominator S0 (exact path)."""
        S = [S0]
        for n in self.nodes[1:]:
            op, si = n.op, [S[j] for j in n.inputs]
            if isinstance(op, Affine):
                S.append(si[0] * op.q)
            elif isinstance(op, Activation):
                S.append(si[0] * op.den)
            elif isinstance(op, MaxPool):
                S.append(si[0])
            elif isinstance(op, Combine):
                S.append(lcm(*[s * c.denominator for s, c in zip(si, op.coeffs)]))
            else:
                S.append(lcm(*si))
        return S

    def _forward_int(self, X):
        """Integer numerators of every node (object arrays) and the node scales."""
        S0 = _common_den(X.ravel().tolist())
        Xi = _ints(X, S0)
        S = self.scales(S0)
        vals = {0: Xi}
        for i, n in enumerate(self.nodes[1:], start=1):
            vals[i] = int_op(n.op, [vals[j] for j in n.inputs], [S[j] for j in n.inputs], S[i], bias_rows=None)
        return vals, S


def _float_op(op, ins):
    if isinstance(op, Affine):
        W, b = op.arrays("float")
        return op.linear(ins[0], W) + op.bias_vector(b)
    if isinstance(op, Activation):
        x = ins[0]
        if "float" not in op._cache:
            sl = op.slopes.astype(float)
            op._cache["float"] = None if not sl.any() else sl
        sl = op._cache["float"]
        return np.maximum(x, 0.0) if sl is None else np.where(x > 0, x, x * sl)
    if isinstance(op, MaxPool):
        return ins[0][:, op.windows].max(axis=2)
    if isinstance(op, Combine):
        return sum(float(c) * x for c, x in zip(op.coeffs, ins))
    return np.concatenate(ins, axis=1)[:, op.perm]


def int_op(op, ins, s_in, s_out, bias_rows=None):
    """One node on integer numerators: inputs ``ins`` over scales ``s_in`` -> numerators over ``s_out``.

    ``bias_rows``: which rows receive the bias (default all rows: points; the
    2-D slice engine passes only the constant column).
    """
    if isinstance(op, Affine):
        Wi, bi = op.arrays("int")
        Y = op.linear(ins[0], Wi)
        bias = op.bias_vector(bi) * s_in[0]
        if bias_rows is None:
            Y = Y + bias
        else:
            Y[bias_rows] = Y[bias_rows] + bias
        return Y
    if isinstance(op, Activation):
        x = ins[0]
        pos = np.asarray(x > 0, dtype=bool) if x.dtype != object else np.vectorize(lambda a: a > 0, otypes=[bool])(x)
        return np.where(pos, x * op.den, x * op.int_slopes())
    if isinstance(op, MaxPool):
        return ins[0][:, op.windows].max(axis=2)
    if isinstance(op, Combine):
        out = None
        for c, x, s in zip(op.coeffs, ins, s_in):
            f = c * Fraction(s_out, s)
            t = x * int(f)
            out = t if out is None else out + t
        return out
    parts = [x * (s_out // s) for x, s in zip(ins, s_in)]
    return np.concatenate(parts, axis=1)[:, op.perm]
