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

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

import numpy as np

from algnet.errors import ParameterError

__all__ = ["PLModel", "Node", "Affine", "Activation", "MaxPool", "Combine", "Gather", "fractions_array",
           "exact_object_matmul"]


def fractions_array(values) -> np.ndarray:
    """An object array of exact Fractions from numbers, floats (exact binary value) or 'p/q' strings.

    Examples
    --------
    >>> fractions_array([0.5, "1/3"]).tolist()
    [Fraction(1, 2), Fraction(1, 3)]
    """
    from algnet.architectures.relu import to_fraction

    a = np.asarray(values, dtype=object)
    out = np.empty(a.shape, dtype=object)
    flat = out.reshape(-1)
    for i, x in enumerate(a.reshape(-1).tolist()):
        try:
            flat[i] = to_fraction(x)
        except OverflowError:
            raise ParameterError(f"weight {x!r} cannot be converted exactly", hint="weights must be finite") from None
    return out


def _common_den(fracs) -> int:
    d = 1
    for f in fracs:
        d = lcm(d, f.denominator)
    return d


def _ints(fracs: np.ndarray, q: int) -> np.ndarray:
    out = np.empty(fracs.shape, dtype=object)
    flat = out.reshape(-1)
    for i, f in enumerate(fracs.reshape(-1).tolist()):
        flat[i] = f.numerator * (q // f.denominator)
    return out


def _modp(ints: np.ndarray, q: int, p: int) -> np.ndarray:
    qi = pow(q % p, -1, p)
    return np.array([(int(x) % p) * qi % p for x in ints.reshape(-1).tolist()], dtype=np.int64).reshape(ints.shape)


def exact_object_matmul(X: np.ndarray, W: np.ndarray, Wf=None) -> np.ndarray:
    """X @ W for object arrays of Python ints (X of shape (m, k), W of shape (k, n)), computed by flint's
    fmpz_mat (C) when the product is large enough to pay for the conversions (``Wf``: W as an fmpz_mat).

    Examples
    --------
    >>> X = np.array([[2**70, 1]], dtype=object); W = np.array([[3], [-1]], dtype=object)
    >>> exact_object_matmul(X, W).tolist() == [[3 * 2**70 - 1]]
    True
    """
    m, k = X.shape
    n = W.shape[1]
    if m * k * n < 4096 or k == 0:
        return X @ W
    from algnet.core.numbers import fmpz_mat

    if Wf is None:
        Wf = fmpz_mat(W.tolist())
    P = fmpz_mat(X.tolist()) * Wf
    return np.array([int(v) for v in P.entries()], dtype=object).reshape(m, n)


def _matmul_mod(A: np.ndarray, B: np.ndarray, p: int) -> np.ndarray:
    """(A @ B) mod p for int64 arrays with entries in [0, p), p < 2^26 (chunks of the inner dimension)."""
    k = A.shape[-1]
    out = None
    for s in range(0, max(k, 1), 2048):
        part = (A[..., s:s + 2048] @ B[..., s:s + 2048, :]) % p
        out = part if out is None else (out + part) % p
    return out


# ------------------------------------------------------------------ operations
@dataclass(eq=False)
class Affine:
    """y = W x + b, computed as: patches ``x_pad[idx[g]]`` (``idx`` of shape (groups, L, K); index
    ``n_in`` reads a zero) times ``W[g]`` (shape (groups, O_g, K)); output layout (O, L), O = groups O_g.

    ``W`` and ``b`` are exact (Fractions); a dense layer has L = 1 and idx = arange(n_in). ``has_bias=False``: a
    layer built without bias (torch ``bias=False``): ``b`` is zero and is not a parameter (not counted in
    :attr:`n_params`, no Jacobian column).

    Examples
    --------
    The dense layer (x, y) -> (x + 2 y, 3 x + 4 y + 1):

    >>> A = Affine(np.arange(2).reshape(1, 1, 2), fractions_array([[[1, 2], [3, 4]]]), fractions_array([0, 1]))
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(A, (0,), (2,), "linear")])
    >>> A.n_out, m.forward([[1, 1], [2, -1]], exact=True).tolist()
    (2, [[Fraction(3, 1), Fraction(8, 1)], [Fraction(0, 1), Fraction(3, 1)]])
    """

    idx: np.ndarray
    W: np.ndarray
    b: np.ndarray
    kind: str = "linear"
    _cache: dict = field(default_factory=dict, repr=False)
    conv: dict | None = None     # for convolutions: in_shape (C, H, W), kernel, stride, padding, dilation, groups
    has_bias: bool = True

    @property
    def n_out(self) -> int:
        return self.W.shape[0] * self.W.shape[1] * self.idx.shape[1]

    @property
    def q(self) -> int:
        """Common denominator of W and b."""
        if "q" not in self._cache:
            self._cache["q"] = _common_den(list(self.W.ravel()) + list(self.b.ravel()))
        return self._cache["q"]

    def arrays(self, arith: str, p: int | None = None):
        key = (arith, p)
        if key not in self._cache:
            if arith == "float":
                self._cache[key] = (self.W.astype(float), self.b.astype(float))
            elif arith == "int":
                self._cache[key] = (_ints(self.W, self.q), _ints(self.b, self.q))
            else:
                Wi, bi = self.arrays("int")
                self._cache[key] = (_modp(Wi, self.q, p), _modp(bi, self.q, p))
        return self._cache[key]

    def linear(self, X: np.ndarray, Wg: np.ndarray, p: int | None = None) -> np.ndarray:
        """The linear part applied to the rows of X (shape (B, n_in)); no bias.

        Rows are processed in chunks so that the gathered patches stay below ~4M entries; float64
        convolutions use torch's conv2d when torch is installed (same numbers up to rounding).
        """
        B = X.shape[0]
        G, L, K = self.idx.shape
        if X.dtype == np.float64 and p is None and self.conv is not None and B * L * K > 1 << 16:
            Y = self._torch_conv(X, Wg)
            if Y is not None:
                return Y
        step = max(1, (1 << 22) // max(1, L * K))
        if B > step:
            return np.concatenate([self.linear(X[i:i + step], Wg, p) for i in range(0, B, step)], axis=0)
        zero = np.zeros((B, 1), dtype=X.dtype)
        if X.dtype == object:
            zero[:] = 0
        Xp = np.concatenate([X, zero], axis=1)
        G, L, K = self.idx.shape
        outs = []
        for g in range(G):
            P = Xp[:, self.idx[g]]                              # (B, L, K)
            Wt = np.ascontiguousarray(Wg[g].T)                  # (K, O_g)
            if p is not None:
                Y = _matmul_mod(P, Wt, p)
            elif X.dtype == object:
                key = ("fmpz", g, id(Wg))
                if key not in self._cache and B * L * K * Wt.shape[1] >= 4096:
                    from algnet.core.numbers import fmpz_mat

                    self._cache[key] = (Wg, fmpz_mat(Wt.tolist()))   # Wg kept alive: its id stays unique
                Wf = self._cache.get(key, (None, None))[1]
                Y = exact_object_matmul(P.reshape(B * L, K), Wt, Wf).reshape(B, L, -1)
            else:
                Y = P @ Wt                                      # (B, L, O_g)
            outs.append(np.swapaxes(Y, 1, 2))                   # (B, O_g, L)
        return np.concatenate(outs, axis=1).reshape(B, -1)

    def _torch_conv(self, X, Wg):
        try:
            import torch
            import torch.nn.functional as F
        except ImportError:  # pragma: no cover - numpy path
            return None
        c = self.conv
        C, H, Wd = c["in_shape"]
        O = Wg.shape[0] * Wg.shape[1]
        w = torch.from_numpy(np.ascontiguousarray(Wg.reshape(O, C // c["groups"], *c["kernel"])))
        x = torch.from_numpy(np.ascontiguousarray(X)).reshape(-1, C, H, Wd)
        y = F.conv2d(x, w, None, c["stride"], c["padding"], c["dilation"], c["groups"])
        return y.reshape(X.shape[0], -1).numpy()

    def bias_vector(self, bg: np.ndarray) -> np.ndarray:
        """The bias of every output coordinate (layout (O, L))."""
        return np.repeat(bg, self.idx.shape[1])

    def n_params(self) -> int:
        return self.W.size + (self.b.size if self.has_bias else 0)


@dataclass(eq=False)
class Activation:
    """x -> x if x > 0 else s x, with exact slopes ``s`` (one per coordinate).

    ``name`` is the layer it came from (relu, leaky_relu, prelu, abs).

    Examples
    --------
    Slope -1 gives the absolute value, slope 1/10 a leaky ReLU:

    >>> act = Activation(fractions_array([-1, "1/10"]), "leaky_relu")
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(act, (0,), (2,), "act")])
    >>> m.forward([[-3, -5], [2, 4]], exact=True).tolist()
    [[Fraction(3, 1), Fraction(-1, 2)], [Fraction(2, 1), Fraction(4, 1)]]
    """

    slopes: np.ndarray
    name: str = "relu"
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def den(self) -> int:
        if "den" not in self._cache:
            self._cache["den"] = _common_den(self.slopes.ravel().tolist())
        return self._cache["den"]

    def int_slopes(self) -> np.ndarray:
        if "int" not in self._cache:
            self._cache["int"] = _ints(self.slopes, self.den)
        return self._cache["int"]


@dataclass(eq=False)
class MaxPool:
    """y_i = max_j x[windows[i, j]] (windows padded by repeating their first index).

    Examples
    --------
    >>> pool = MaxPool(np.array([[0, 1], [2, 3]]))             # max of each pair
    >>> m = PLModel([Node(None, (), (4,), "input"), Node(pool, (0,), (2,), "maxpool")])
    >>> m.forward([[1, 5, -2, -7]]).tolist()
    [[5.0, -2.0]]
    """

    windows: np.ndarray


@dataclass(eq=False)
class Combine:
    """y = sum_i c_i x_i over inputs of equal size (exact rational coefficients).

    Examples
    --------
    A residual-style difference, ReLU(x) - x = ReLU(-x):

    >>> relu = Activation(fractions_array([0, 0]))
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(relu, (0,), (2,), "relu"),
    ...              Node(Combine((1, -1)), (1, 0), (2,), "sub")])
    >>> m.forward([[3, -2]]).tolist()
    [[0.0, 2.0]]
    """

    coeffs: tuple


@dataclass(eq=False)
class Gather:
    """y = concat(inputs)[perm]: reshapes (perm = identity), concatenation, permutations.

    Examples
    --------
    Concatenate the input (x, y) with its ReLU, then reverse the order:

    >>> relu = Activation(fractions_array([0, 0]))
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(relu, (0,), (2,), "relu"),
    ...              Node(Gather(np.array([3, 2, 1, 0])), (0, 1), (4,), "cat")])
    >>> m.forward([[3, -2]]).tolist()
    [[0.0, 3.0, -2.0, 3.0]]
    """

    perm: np.ndarray


@dataclass(eq=False)
class Node:
    """One node: an operation, its input nodes (indices), its output shape and a name.

    Examples
    --------
    >>> Node(None, (), (3, 4, 4), "input").size               # 3 channels of 4 x 4
    48
    >>> m = PLModel.from_layers([([[1, 2]], [3])])
    >>> [(n.name, n.inputs, n.shape) for n in m.nodes]
    [('input', (), (2,)), ('linear1', (0,), (1,))]
    """

    op: object
    inputs: tuple
    shape: tuple
    name: str = ""

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1


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
        """Number of exact parameters (weights and biases of the affine nodes, after folding)."""
        return sum(n.op.n_params() for n in self.nodes if isinstance(n.op, Affine))

    @property
    def all_biases(self) -> bool:
        """Whether every affine node has its bias as parameters (False when a layer was built with bias=False)."""
        return all(n.op.has_bias for n in self.nodes if isinstance(n.op, Affine))

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
        regions; its parameter count and Jacobian are not this model's then, see :attr:`all_biases`)."""
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
