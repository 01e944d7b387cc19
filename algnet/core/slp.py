"""Straight-line programs with batched reverse-mode differentiation.

A network's forward pass is written once against a :class:`Program`
(the methods ``lin``, ``bias``, ``act``, ``pwlin``, ``conv``, ``gather_conv``,
``bmm``, ``transpose``, ``add``, ``mul``), over any :mod:`~algnet.core.backends` arithmetic. Data
arrays carry a leading batch axis B (one sample per row of the Jacobian);
parameters carry none. With ``record=True`` the program keeps a tape and
:meth:`Program.vjp` returns, for every sample b, the gradient of
``<C[b], output[b]>`` with respect to every parameter: a B x N matrix whose
rows are rows of the Jacobian of theta -> f_theta(x_b). Cost: a few forward
passes, whatever N is (no symbolic expansion, no N-fold forward mode).

Examples
--------
>>> import numpy as np
>>> from algnet.core.backends import ModP
>>> P = Program(ModP(101), {"W": np.array([[2, 3]])}, record=True)
>>> x = P.input(np.array([[1, 1], [1, 2]]))          # two samples in R^2
>>> y = P.act(P.lin(P.param("W"), x), (0, 0, 1))     # (W x)^2
>>> y.value.ravel().tolist()
[25, 64]
>>> P.vjp(y, np.ones((2, 1), dtype=np.int64)).tolist()   # d/dW (W x)^2 = 2 (W x) x
[[10, 10], [16, 32]]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import numpy as np

from algnet.errors import ParameterError

__all__ = ["Program", "Node"]


@dataclass(eq=False, slots=True)
class Node:
    """A value in a program; ``value`` has the batch axis first unless ``is_param``.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.core.backends import Exact
    >>> x = Program(Exact(), {}).input(np.array([[1, 2]], dtype=object))
    >>> isinstance(x, Node), x.is_param, x.value.tolist()
    (True, False, [[1, 2]])
    """

    value: object
    is_param: bool = False
    name: str | None = None
    parents: tuple = ()
    backward: Callable | None = None
    grad: object = None
    index: int = field(default=-1)


def _monomial_power(coeffs):
    """r when sum_k coeffs[k] t^k is the monomial t^r, else None; remembered per tuple of coefficients (a function
    of their values alone: the key is the coefficients themselves).

    Examples
    --------
    >>> _monomial_power((0, 0, 1)), _monomial_power((0, 1, 1)), _monomial_power((0, 2))
    (2, None, None)
    """
    try:
        return _monomial_power_of(tuple(coeffs))
    except TypeError:       # coefficients that are not hashable: decided without the memo
        return _monomial_power_of.__wrapped__(tuple(coeffs))


@functools.lru_cache(maxsize=256)
def _monomial_power_of(coeffs: tuple):
    nz = [k for k, c in enumerate(coeffs) if Fraction(c) != 0]
    return nz[0] if len(nz) == 1 and Fraction(coeffs[nz[0]]) == 1 else None


class Program:
    """Evaluate (and optionally record) a straight-line program.

    Parameters
    ----------
    backend : Backend
        The arithmetic.
    params : dict[str, array]
        Parameter arrays (already converted or convertible by the backend).
    record : bool
        Keep a tape for :meth:`vjp`.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.core.backends import Exact
    >>> P = Program(Exact(), {"W": np.array([[1, 2], [3, 4]], dtype=object)}, record=True)
    >>> y = P.lin(P.param("W"), P.input(np.array([[1, 1]], dtype=object)))
    >>> y.value.tolist(), P.vjp(y, np.array([[1, 0]], dtype=object)).tolist()   # W x; d(W x)_0 / dW
    ([[3, 7]], [[1, 1, 0, 0]])
    """

    def __init__(self, backend, params: dict, record: bool = False):
        self.B = backend
        self.record = record
        self.params = {k: Node(backend.asarray(v), is_param=True, name=k) for k, v in params.items()}
        self.tape: list[Node] = []

    # ------------------------------------------------------------------ nodes
    def param(self, name: str) -> Node:
        try:
            return self.params[name]
        except KeyError:
            raise ParameterError(f"no parameter named {name!r}", hint=f"known: {sorted(self.params)}") from None

    def input(self, X) -> Node:
        return Node(self.B.asarray(X))

    def _new(self, value, parents, backward) -> Node:
        if not self.record:
            return Node(value, False, None, parents)
        tape = self.tape
        n = Node(value, False, None, parents, backward, None, len(tape))
        tape.append(n)
        return n

    # -------------------------------------------------------------- operations
    def lin(self, W: Node, x: Node) -> Node:
        """y[b, i, ...] = sum_j W[i, j] x[b, j, ...] (W a parameter or constant array)."""
        B = self.B
        node = isinstance(W, Node)
        Wv = W.value if node else B.asarray(W)
        xv = x.value
        shape = xv.shape
        x3 = xv.reshape(shape[0], shape[1], -1)
        y = B.matmul(Wv, x3).reshape((shape[0], Wv.shape[0]) + shape[2:])
        if not self.record:
            return Node(y, False, None, (W, x) if node else (x,))

        def back(gy):
            g3 = gy.reshape(gy.shape[0], gy.shape[1], -1)
            out = [(x, B.matmul(np.swapaxes(Wv, 0, 1), g3).reshape(shape))]
            if node:
                out.append((W, B.matmul(g3, np.swapaxes(x3, 1, 2))))
            return out

        return self._new(y, (W, x) if node else (x,), back)

    def bias(self, x: Node, b: Node) -> Node:
        """y[b, i, ...] = x[b, i, ...] + b[i]."""
        B = self.B
        xv = x.value
        bv = b.value.reshape((1, -1) + (1,) * (xv.ndim - 2))
        y = B.add(xv, bv)

        def back(gy):
            gb = gy if gy.ndim == 2 else B.sum(gy, axis=tuple(range(2, gy.ndim)))
            return [(x, gy), (b, gb)]

        return self._new(y, (x, b), back)

    def act(self, x: Node, coeffs) -> Node:
        """Polynomial activation sigma(t) = sum_k coeffs[k] t^k, coordinatewise.

        ``coeffs`` may be a tuple of rationals; a monomial t^r is (0,..,0,1).
        """
        B = self.B
        xv = x.value
        r = _monomial_power(coeffs)
        if r is not None:
            y = B.pow(xv, r)

            def back(gy):
                if r == 0:
                    return [(x, B.zeros(xv.shape))]
                d = B.mul(B.pow(xv, r - 1), self._fill(xv, B.const(r)))
                return [(x, B.mul(gy, d))]

            return self._new(y, (x,), back)
        # Horner for the value and the derivative
        cs = [B.const(c) for c in coeffs]
        deg = len(cs) - 1
        y = None
        dy = None
        for k in range(deg, -1, -1):
            if y is None:
                y = self._fill(xv, cs[k])
                dy = self._fill(xv, 0)
            else:
                dy = B.add(B.mul(dy, xv), y)
                y = B.add(B.mul(y, xv), self._fill(xv, cs[k]))

        def back(gy):
            return [(x, B.mul(gy, dy))]

        return self._new(y, (x,), back)

    def pwlin(self, x: Node, slope) -> Node:
        """Piecewise-linear activation t -> t (t > 0), slope * t (t < 0): ReLU (slope 0), leaky ReLU.

        Needs ordered arithmetic: exact rationals (``Exact``) or real values
        (``Complex`` with zero imaginary parts); GF(p) and genuinely complex
        values raise. Differentiating where some input is exactly zero (a
        non-smooth point) raises ``NonSmoothPointError``.
        """
        from algnet.errors import NonSmoothPointError, NotApplicableError

        B = self.B
        xv = x.value
        if B.name in ("term-bound", "degree-bound"):
            return self._new(xv, (x,), lambda gy: [(x, gy)])
        if B.name == "exact":
            sign = np.vectorize(lambda v: (v > 0) - (v < 0), otypes=[np.int64])(xv) if xv.size else \
                np.zeros(xv.shape, dtype=np.int64)
        elif B.name == "complex128" and not np.any(np.imag(xv)):
            sign = np.sign(np.real(xv)).astype(np.int64)
        else:
            raise NotApplicableError(f"a piecewise-linear activation needs ordered arithmetic, not {B.name}",
                                     hint="evaluate over the rationals (the default) or real floats")
        a = B.const(slope)
        d = np.where(sign > 0, B.const(1), a)
        if B.name == "exact":
            d = d.astype(object)
        y = B.mul(xv, d)

        def back(gy):
            if np.any(sign == 0):
                raise NonSmoothPointError("a pre-activation is exactly zero: the map is not differentiable there",
                                          hint="move the parameters or inputs off the breakpoint")
            return [(x, B.mul(gy, d))]

        return self._new(y, (x,), back)

    def _fill(self, like, c):
        B = self.B
        if B.name == "exact":
            z = B.zeros(np.shape(like))
            z.fill(c)
            return z
        out = B.zeros(np.shape(like))
        out[...] = c
        return out

    def conv(self, w: Node, x: Node, stride: int = 1) -> Node:
        """Valid 1-D convolution: y[b, i] = sum_j w[j] x[b, stride*i + j]."""
        B = self.B
        wv, xv = w.value, x.value
        k = wv.shape[0]
        n = xv.shape[1]
        m = (n - k) // stride + 1
        if m < 1:
            raise ParameterError(f"input of length {n} is shorter than the filter ({k})", hint="check the widths")
        idx = stride * np.arange(m)[:, None] + np.arange(k)[None, :]  # (m, k)
        patches = xv[:, idx]  # (B, m, k)
        y = B.matmul(patches, wv.reshape(k, 1)).reshape(xv.shape[0], m)

        def back(gy):
            gw = B.matmul(gy.reshape(gy.shape[0], 1, m), patches).reshape(gy.shape[0], k)
            contrib = B.mul(gy[:, :, None], wv.reshape(1, 1, k))  # (B, m, k)
            gx = B.zeros(xv.shape)
            for j in range(k):
                cols = stride * np.arange(m) + j
                gx[:, cols] = B.add(gx[:, cols], contrib[:, :, j])
            return [(x, gx), (w, gw)]

        return self._new(y, (w, x), back)

    def gather_conv(self, w: Node, x: Node, index, c_in: int, c_out: int, out_shape: tuple) -> Node:
        """Convolution by gathering: y[b, o, m] = sum_(c, k) w[o, c, k] x[b, c, index[k, m]].

        ``x`` has shape (B, c_in, *spatial) (or (B, *spatial) when c_in = 1),
        ``index`` (K, M) points into the flattened spatial axes, ``w`` has
        c_out * c_in * K entries (shape (c_out, c_in, *kernel) or (*kernel)),
        and the result is reshaped to (B, *out_shape). Valid, strided and
        circular convolutions in any dimension and group convolutions (index
        from the multiplication table) are all this one operation.
        """
        B = self.B
        wv, xv = w.value, x.value
        nb = xv.shape[0]
        index = np.asarray(index)
        K, M = index.shape
        x3 = xv.reshape(nb, c_in, -1)
        patches = x3[:, :, index].reshape(nb, c_in * K, M)
        W2 = wv.reshape(c_out, c_in * K)
        y = B.matmul(W2, patches).reshape((nb,) + tuple(out_shape))

        def back(gy):
            g3 = gy.reshape(nb, c_out, M)
            gw = B.matmul(g3, np.swapaxes(patches, 1, 2)).reshape((nb,) + wv.shape)
            gp = B.matmul(np.swapaxes(W2, 0, 1), g3).reshape(nb, c_in, K, M)
            gx = B.zeros(x3.shape)
            for k in range(K):
                cols = index[k]
                if len(np.unique(cols)) == len(cols):
                    gx[:, :, cols] = B.add(gx[:, :, cols], gp[:, :, k, :])
                else:
                    for m in range(M):
                        gx[:, :, cols[m]] = B.add(gx[:, :, cols[m]], gp[:, :, k, m])
            return [(x, gx.reshape(xv.shape)), (w, gw)]

        return self._new(y, (w, x), back)

    def bmm(self, a: Node, b: Node) -> Node:
        """Batched product of two data matrices: (B, m, n) @ (B, n, q)."""
        B = self.B
        av, bv = a.value, b.value
        y = B.matmul(av, bv)

        def back(gy):
            return [(a, B.matmul(gy, np.swapaxes(bv, 1, 2))), (b, B.matmul(np.swapaxes(av, 1, 2), gy))]

        return self._new(y, (a, b), back)

    def transpose(self, a: Node) -> Node:
        """Swap the last two axes of a data node."""
        y = np.swapaxes(a.value, -1, -2)

        def back(gy):
            return [(a, np.swapaxes(gy, -1, -2))]

        return self._new(y, (a,), back)

    def add(self, a: Node, b: Node) -> Node:
        y = self.B.add(a.value, b.value)
        return self._new(y, (a, b), lambda gy: [(a, gy), (b, gy)])

    def mul(self, a: Node, b: Node) -> Node:
        B = self.B
        av, bv = a.value, b.value
        y = B.mul(av, bv)
        return self._new(y, (a, b), lambda gy: [(a, B.mul(gy, bv)), (b, B.mul(gy, av))])

    # ----------------------------------------------------------------- adjoint
    def vjp(self, out: Node, C, order: list[str] | None = None):
        """Per-sample gradients of <C[b], out[b]> w.r.t. all parameters.

        Parameters
        ----------
        out : Node
            The output node (batch axis first).
        C : array
            Covectors, same shape as ``out.value``.
        order : list of str, optional
            Parameter order of the columns (default: insertion order).

        Returns
        -------
        array of shape (B, N)
        """
        if not self.record:
            raise ParameterError("this program was not recorded", hint="create it with record=True")
        B = self.B
        C = B.asarray(C)
        if C.shape != out.value.shape:
            raise ParameterError(f"covector shape {C.shape} does not match output {out.value.shape}",
                                 hint="one covector per sample and output entry")
        nb = C.shape[0]
        for n in self.tape:
            n.grad = None
        for pnode in self.params.values():
            pnode.grad = None
        out.grad = C
        for n in reversed(self.tape):
            if n.grad is None or n.backward is None:
                continue
            for parent, g in n.backward(n.grad):
                if parent.grad is None:
                    parent.grad = g
                else:
                    parent.grad = B.add(parent.grad, g)
        names = order if order is not None else list(self.params)
        cols = []
        for name in names:
            p = self.params[name]
            if p.grad is None:
                cols.append(B.zeros((nb, int(np.prod(p.value.shape)))))
            else:
                cols.append(np.asarray(p.grad).reshape(nb, -1))
        out_rows = np.concatenate(cols, axis=1) if cols else B.zeros((nb, 0))
        # drop the adjoints now: the tape's closures form reference cycles, so without this the
        # per-parameter gradients of several calls wait for the garbage collector (measured: the
        # blocked Jacobian sketch of dimension() held twice its size)
        for n in self.tape:
            n.grad = None
        for pnode in self.params.values():
            pnode.grad = None
        return out_rows
