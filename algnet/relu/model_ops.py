"""The operations of a :class:`~algnet.relu.model.PLModel` (affine maps, activations, max-pools, combinations,
gathers, nodes) and the exact / modular arithmetic helpers they use.

Split from :mod:`algnet.relu.model` by concern (that module keeps the model: structure, constructors and
evaluation); every name here is re-exported there.

Examples
--------
>>> fractions_array([1, "2/3", 0.25]).tolist()
[Fraction(1, 1), Fraction(2, 3), Fraction(1, 4)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import lcm

import numpy as np

from algnet.errors import ParameterError

__all__ = ["Node", "Affine", "Activation", "MaxPool", "Combine", "Gather", "fractions_array", "exact_object_matmul"]


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
    :attr:`n_params`, no Jacobian column). ``fixed`` (a bool per entry of ``W.ravel()`` then ``b``) marks entries
    that are not parameters either (pruned weights, fixed at 0; frozen ones): their Jacobian columns are dropped
    (:mod:`algnet.relu.model_params`).

    Examples
    --------
    The dense layer (x, y) -> (x + 2 y, 3 x + 4 y + 1):

    >>> A = Affine(np.arange(2).reshape(1, 1, 2), fractions_array([[[1, 2], [3, 4]]]), fractions_array([0, 1]))
    >>> from algnet.relu.model import PLModel
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
    keys: tuple | None = None    # names of the (weight, bias) parameters; nodes with equal names share them
    fixed: np.ndarray | None = None  # bool per entry of W.ravel() then b (has_bias): True = not a parameter

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

    @property
    def trainable(self) -> bool:
        """Whether W and b are parameters (not an average pool's 1/k, a BatchNorm without affine parameters, nor the
        fixed shift of a clamp, nor the copy of a zero-padded input, nor a fixed map such as an interpolation)."""
        return self.kind not in ("avgpool", "batchnorm_fixed", "shift", "pad", "fixed")


@dataclass(eq=False)
class Activation:
    """x -> x if x > 0 else s x, with exact slopes ``s`` (one per coordinate).

    ``name`` is the layer it came from (relu, leaky_relu, prelu, abs, clamp_min / clamp_max: the two kinks of a clamp
    such as ReLU6). ``slope_index`` (trained slopes, a PReLU's): for each coordinate, which of the
    ``slope_index.max() + 1`` slope parameters it uses (None: the slopes are fixed numbers, not parameters); ``key``
    names that parameter (equal names: shared slopes).

    Examples
    --------
    Slope -1 gives the absolute value, slope 1/10 a leaky ReLU:

    >>> act = Activation(fractions_array([-1, "1/10"]), "leaky_relu")
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel([Node(None, (), (2,), "input"), Node(act, (0,), (2,), "act")])
    >>> m.forward([[-3, -5], [2, 4]], exact=True).tolist()
    [[Fraction(3, 1), Fraction(-1, 2)], [Fraction(2, 1), Fraction(4, 1)]]
    """

    slopes: np.ndarray
    name: str = "relu"
    _cache: dict = field(default_factory=dict, repr=False)
    slope_index: np.ndarray | None = None
    key: str | None = None

    def n_params(self) -> int:
        """Number of slope parameters (0 for fixed slopes)."""
        return 0 if self.slope_index is None else int(self.slope_index.max()) + 1

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
    >>> from algnet.relu.model import PLModel
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
    >>> from algnet.relu.model import PLModel
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
    >>> from algnet.relu.model import PLModel
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
    >>> from algnet.relu.model import PLModel
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
