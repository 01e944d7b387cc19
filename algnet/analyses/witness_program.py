"""The broadcast straight-line program behind :class:`algnet.analyses.witness.NetworkValues`.

:class:`BroadcastProgram` runs the operations of :class:`algnet.core.slp.Program`
(complex128) for N parameter vectors and K inputs at once. Its data carry two
trailing batch axes, samples then paths (shape ``(*node_shape, K, N)``):
parameters carry the path axis only and broadcast over the samples, inputs
carry the sample axis only and broadcast over the paths, and every
contraction over a small axis of the network (a layer width, a filter
length) is a short loop of elementwise operations on whole (K, N) blocks.
The reverse pass carries one covector per output (a leading axis of length
n_outputs) and writes the parameter gradients straight into the Jacobian.
:class:`WorkPool` hands out the work arrays and keeps them between calls.

Examples
--------
>>> import numpy as np
>>> W = np.arange(1, 7, dtype=complex).reshape(3, 2, 1, 1)     # (h, d, 1, N): one path
>>> P = BroadcastProgram({"W": W}, record=True)
>>> y = P.lin(P.param("W"), P.input(np.array([[1.0, 1.0]])))   # K = 1 input x = (1, 1)
>>> y.value[:, 0, 0].real.tolist()                              # W x
[3.0, 7.0, 11.0]
>>> P.backward(y)
>>> P.grads["W"][:, :, :, 0, 0].real.tolist()[1]                 # d(W x)_1 / dW = e_1 x^T
[[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import prod

import numpy as np

from algnet.errors import ParameterError

__all__ = ["BroadcastNode", "BroadcastProgram", "WorkPool"]

_C = np.complex128


class BroadcastNode:
    """A value of a :class:`BroadcastProgram` (data: ``(*shape, K, N)``, parameter: ``(*shape, 1, N)``).

    ``needs`` says that the value depends on a parameter (it has a gradient);
    ``backward`` maps the gradient of this node to those of its parents.

    Examples
    --------
    >>> import numpy as np
    >>> x = BroadcastNode(np.ones((2, 1, 1), dtype=complex))     # a constant input of length 2
    >>> x.needs, x.is_param
    (False, False)
    """

    __slots__ = ("value", "is_param", "name", "needs", "backward", "grad")

    def __init__(self, value, is_param=False, name=None, needs=False, backward=None):
        self.value = value
        self.is_param = is_param
        self.name = name
        self.needs = needs          # depends on a parameter (has a gradient)
        self.backward = backward
        self.grad = None


class WorkPool:
    """Work arrays handed out in call order and kept between calls.

    A program asks for the same sequence of shapes on every call with the
    same N, so after the first call no work array is freshly allocated (fresh
    large arrays cost page faults, on this kind of data more than the
    arithmetic). Buffers grow to the largest size asked for; above
    ``limit`` bytes in total, arrays are allocated normally.

    Examples
    --------
    >>> import numpy as np
    >>> pool = WorkPool()
    >>> a = pool.empty((2, 3))
    >>> pool.reset()                       # the next call asks for the same shapes again
    >>> b = pool.empty((2, 3))
    >>> bool(np.shares_memory(a, b)), WorkPool(limit=0).empty((2, 3)).shape
    (True, (2, 3))
    """

    def __init__(self, limit: int = 1 << 29):
        self.bufs: list = []
        self.i = 0
        self.limit = limit
        self.nbytes = 0
        self._scratch = np.empty(0, dtype=_C)

    def scratch(self, shape):
        """A transient work array (one shared buffer: valid until the next call)."""
        size = prod(shape)
        if self._scratch.size < size:
            if 16 * size > self.limit:
                return np.empty(shape, dtype=_C)
            self._scratch = np.empty(size, dtype=_C)
        return self._scratch[:size].reshape(shape)

    def reset(self):
        self.i = 0

    def empty(self, shape):
        size = prod(shape)
        i = self.i
        self.i += 1
        if i < len(self.bufs):
            buf = self.bufs[i]
            if buf.size < size:
                if self.nbytes + 16 * (size - buf.size) > self.limit:
                    return np.empty(shape, dtype=_C)
                self.nbytes += 16 * (size - buf.size)
                buf = self.bufs[i] = np.empty(size, dtype=_C)
        else:
            if self.nbytes + 16 * size > self.limit:
                self.bufs.append(np.empty(0, dtype=_C))
                return np.empty(shape, dtype=_C)
            self.nbytes += 16 * size
            buf = np.empty(size, dtype=_C)
            self.bufs.append(buf)
        return buf[:size].reshape(shape)


@lru_cache(maxsize=256)
def _activation(coeffs):
    """(complex coefficients, r) of sum_k coeffs[k] t^k; r >= 1 when it is the monomial t^r."""
    fr = [Fraction(c) for c in coeffs]
    nz = [k for k in range(len(fr)) if fr[k] != 0]
    r = nz[0] if len(nz) == 1 and fr[nz[0]] == 1 and nz[0] >= 1 else 0
    return tuple(complex(c) for c in fr), r


_EYE: dict = {}


def _eye(O):
    if O not in _EYE:
        _EYE[O] = np.eye(O, dtype=_C)
    return _EYE[O]


def _bshape(*shapes):
    """Broadcast shape of equally long shapes (numpy checks compatibility when it computes)."""
    n = len(shapes[0])
    out = list(shapes[0])
    for s in shapes[1:]:
        if len(s) != n:
            return np.broadcast_shapes(*shapes)
        for i, d in enumerate(s):
            if d != 1:
                out[i] = d
    return tuple(out)


class BroadcastProgram:
    """The operations of :class:`algnet.core.slp.Program` (complex128) for N parameter
    vectors and K inputs at once, with the batch axes (K, N) last.

    Data values have shape ``(*node_shape, K, N)`` (K or N may be 1 and
    broadcast: inputs do not depend on the path, parameters do not depend on
    the sample), parameters ``(*shape, 1, N)``; the reverse pass carries one
    covector per output coordinate (a leading axis of length O =
    n_outputs). Only the operations below exist: a network using anything
    else fails here, and :class:`~algnet.analyses.witness.NetworkValues` falls back to the per-path
    evaluator. ``targets`` maps parameter names to writable arrays of shape
    ``(O, *shape, K, N)`` that :meth:`backward` fills with the gradients
    (``written`` lists the parameters that received one); gradients of
    parameters without a target are summed in ``grads``. Work arrays come
    from ``pool`` unless the batch is small (``small``: plain numpy
    temporaries, fewer calls).

    Examples
    --------
    >>> import numpy as np
    >>> b = np.array([1.0, 2.0], dtype=complex).reshape(2, 1, 1)     # a bias, one path
    >>> P = BroadcastProgram({"b": b}, record=True)
    >>> y = P.act(P.bias(P.input(np.array([[0.0, 1.0], [1.0, 1.0]])), P.param("b")), [0, 0, 1])
    >>> y.value[..., 0].real.tolist()                             # (x + b)^2 at K = 2 inputs
    [[1.0, 4.0], [9.0, 9.0]]
    >>> P.backward(y)
    >>> P.grads["b"][..., 0].real.sum(axis=-1).tolist()           # sum over k of dy_o(x_k)/db_i = 2 (x_k + b)_i [o = i]
    [[6.0, 0.0], [0.0, 12.0]]
    """

    def __init__(self, params: dict, record: bool = False, targets: dict | None = None, pool: WorkPool | None = None,
                 small: bool = False):
        self.params = {k: BroadcastNode(v, is_param=True, name=k, needs=True) for k, v in params.items()}
        self.record = record
        self.targets = targets or {}
        self.written: set = set()
        self.grads: dict = {}
        self.tape: list = []
        self.pool = pool if pool is not None else WorkPool(limit=0)
        self.small = small

    # ------------------------------------------------------------- nodes
    def param(self, name):
        try:
            return self.params[name]
        except KeyError:
            raise ParameterError(f"no parameter named {name!r}", hint=f"known: {sorted(self.params)}") from None

    def input(self, X):
        """Node of the inputs X (K, *shape): value (*shape, K, 1)."""
        X = np.asarray(X, dtype=_C)
        return BroadcastNode(np.ascontiguousarray(np.moveaxis(X, 0, -1))[..., None])

    def _new(self, value, parents, backward):
        needs = False
        for p in parents:
            needs = needs or p.needs
        n = BroadcastNode(value, needs=needs, backward=backward if (needs and self.record) else None)
        if n.backward is not None:
            self.tape.append(n)
        return n

    @staticmethod
    def _data(*nodes):
        for x in nodes:
            if not isinstance(x, BroadcastNode) or x.is_param:
                raise NotImplementedError("a parameter used as data")

    # ------------------------------------------------------ work arrays
    def _empty(self, shape):
        return np.empty(shape, dtype=_C) if self.small else self.pool.empty(shape)

    def _mul(self, a, b):
        if self.small:
            return a * b
        return np.multiply(a, b, out=self.pool.empty(_bshape(a.shape, b.shape)))

    def _add(self, a, b):
        if self.small:
            return a + b
        return np.add(a, b, out=self.pool.empty(_bshape(a.shape, b.shape)))

    def _sop(self, terms, out=None):
        """sum of a * b over the pairs (a, b); into ``out`` if given (accumulated in place)."""
        if len(terms) == 1:
            a, b = terms[0]
            return self._mul(a, b) if out is None else np.multiply(a, b, out=out)
        if self.small and out is None:
            a, b = terms[0]
            acc = a * b
            for a, b in terms[1:]:
                t = a * b
                if t.shape == acc.shape:
                    acc += t
                else:
                    acc = acc + t
            return acc
        shape = _bshape(*[s for a, b in terms for s in (a.shape, b.shape)])
        acc = self._empty(shape) if out is None else out
        tmp = np.empty(shape, dtype=_C) if self.small else self.pool.scratch(shape)
        np.multiply(*terms[0], out=acc)
        for a, b in terms[1:]:
            np.multiply(a, b, out=tmp)
            acc += tmp
        return acc

    def _emit(self, p, compute):
        """Add the gradient of parameter ``p`` (``compute(out)``) to its target."""
        tgt = self.targets.get(p.name)
        if tgt is None:
            g = np.array(compute(None))
            self.grads[p.name] = g if p.name not in self.grads else self.grads[p.name] + g
        elif p.name not in self.written:
            compute(tgt)
            self.written.add(p.name)
        else:
            tgt += compute(None)

    # -------------------------------------------------------- operations
    def lin(self, W, x):
        """y[i, ...] = sum_j W[i, j] x[j, ...] (W a parameter or a constant matrix)."""
        self._data(x)
        if isinstance(W, BroadcastNode):
            if not W.is_param:
                raise NotImplementedError("lin with a data matrix")
            Wv, pW = W.value, W
        else:
            Wv, pW = np.asarray(W, dtype=_C)[..., None, None], None
        xv = x.value
        if Wv.ndim != 4 or xv.ndim < 3 or Wv.shape[1] != xv.shape[0]:
            raise NotImplementedError("lin: shapes")
        h, d = Wv.shape[:2]
        nr = xv.ndim - 3
        wshape = (h,) + (1,) * nr + Wv.shape[2:]
        y = self._sop([(Wv[:, j].reshape(wshape), xv[j][None]) for j in range(d)])

        def back(G):  # G: (O, h, *rest, Kg, Ng)
            if pW is not None:
                if nr == 0:
                    self._emit(pW, lambda out: self._sop([(G[:, :, None], xv[None, None])], out))
                else:
                    R = prod(xv.shape[1:-2])
                    G4 = G.reshape(G.shape[:2] + (R,) + G.shape[-2:])
                    x4 = xv.reshape((d, R) + xv.shape[-2:])
                    self._emit(pW, lambda out: self._sop([(G4[:, :, None, r], x4[None, None, :, r])
                                                          for r in range(R)], out))
            if not x.needs:
                return []
            rshape = (1, d) + (1,) * nr + Wv.shape[2:]
            return [(x, self._sop([(G[:, i, None], Wv[i].reshape(rshape)) for i in range(h)]))]

        return self._new(y, (x,) if pW is None else (x, pW), back)

    def bias(self, x, b):
        """y[i, ...] = x[i, ...] + b[i]."""
        self._data(x)
        if not (isinstance(b, BroadcastNode) and b.is_param):
            raise NotImplementedError("bias with a data vector")
        xv, bv = x.value, b.value
        nr = xv.ndim - 3
        if bv.ndim != 3 or xv.ndim < 3 or bv.shape[0] != xv.shape[0]:
            raise NotImplementedError("bias: shapes")
        y = self._add(xv, bv.reshape(bv.shape[:1] + (1,) * nr + bv.shape[1:]))

        def back(G):  # (O, h, *rest, Kg, Ng)
            def gb(out):
                g = np.add.reduce(G, axis=tuple(range(2, 2 + nr))) if nr else G
                if out is None:
                    return g
                np.copyto(out, g)
            self._emit(b, gb)
            return [(x, G)] if x.needs else []

        return self._new(y, (x, b), back)

    def act(self, x, coeffs):
        """Polynomial activation sum_k coeffs[k] t^k, coordinatewise."""
        self._data(x)
        xv = x.value
        cs, r = _activation(tuple(coeffs))
        grad = self.record and x.needs
        dy = None
        if r == 1:
            return self._new(xv, (x,), lambda G: [(x, G)])
        if r:  # t^r
            p = xv
            for _ in range(r - 2):
                p = self._mul(p, xv)          # t^(r-1)
            y = self._mul(p, xv)
            if grad:
                dy = self._add(p, p) if r == 2 else self._mul(p, _C(r)[()])
        else:  # Horner for the value and the derivative
            deg = len(cs) - 1
            y = self._empty(xv.shape)
            y.fill(cs[deg])
            if grad:
                dy = self._empty(xv.shape)
                dy.fill(0)
            for k in range(deg - 1, -1, -1):
                if grad:
                    dy *= xv
                    dy += y
                y *= xv
                y += cs[k]

        def back(G):
            return [(x, self._mul(G, dy[None]))]

        return self._new(y, (x,), back)

    def conv(self, w, x, stride: int = 1):
        """Valid 1-D convolution: y[i] = sum_j w[j] x[stride*i + j]."""
        self._data(x)
        if not (isinstance(w, BroadcastNode) and w.is_param):
            raise NotImplementedError("conv with a data filter")
        wv, xv = w.value, x.value
        if wv.ndim != 3 or xv.ndim != 3:
            raise NotImplementedError("conv: shapes")
        k, n, s = wv.shape[0], xv.shape[0], int(stride)
        m = (n - k) // s + 1
        if m < 1:
            raise ParameterError(f"input of length {n} is shorter than the filter ({k})", hint="check the widths")
        span = s * (m - 1) + 1
        y = self._sop([(wv[j][None], xv[j:j + span:s]) for j in range(k)])

        def back(G):  # (O, m, Kg, Ng)
            # dw[j] = sum_i G[i] x[s i + j]: a loop over the shorter of the two axes
            if m <= k:
                self._emit(w, lambda out: self._sop([(G[:, i, None], xv[None, s * i:s * i + k])
                                                     for i in range(m)], out))
            else:
                def gw(out):
                    shape = _bshape(G.shape, (1, m) + xv.shape[1:])
                    tmp = np.empty(shape, dtype=_C) if self.small else self.pool.scratch(shape)
                    red = shape[:1] + shape[2:]
                    acc = out if out is not None and out.shape[:1] + out.shape[2:] == red else \
                        self._empty(shape[:1] + (k,) + shape[2:])
                    for j in range(k):
                        np.multiply(G, xv[None, j:j + span:s], out=tmp)
                        np.add.reduce(tmp, axis=1, out=acc[:, j])
                    if out is None or acc is out:
                        return acc
                    np.copyto(out, acc)
                self._emit(w, gw)
            if not x.needs:
                return []
            shape = _bshape(G.shape, (1, 1) + wv.shape[1:])
            gx = self._empty((shape[0], n) + shape[2:])
            if s == 1:  # the first tap covers gx[:m], the rest starts at zero
                np.multiply(G, wv[0][None, None], out=gx[:, :m])
                gx[:, m:] = 0
                start = 1
            else:
                gx.fill(0)
                start = 0
            if k > start:
                tmp = np.empty(shape, dtype=_C) if self.small else self.pool.scratch(shape)
                for j in range(start, k):
                    np.multiply(G, wv[j][None, None], out=tmp)
                    gx[:, j:j + span:s] += tmp
            return [(x, gx)]

        return self._new(y, (w, x), back)

    def gather_conv(self, w, x, index, c_in, c_out, out_shape):
        """Convolution by gathering (see :meth:`algnet.core.slp.Program.gather_conv`)."""
        self._data(x)
        if not (isinstance(w, BroadcastNode) and w.is_param):
            raise NotImplementedError("gather_conv with a data filter")
        index = np.asarray(index)
        Kk, M = index.shape
        xv, wv = x.value, w.value
        bt = xv.shape[-2:]
        x3 = xv.reshape((c_in, -1) + bt)
        P = x3[:, index]                                   # (c_in, Kk, M, K, N)
        W = wv.reshape((c_out, c_in, Kk) + wv.shape[-2:])  # (c_out, c_in, Kk, 1, N)
        y = self._sop([(W[:, c, k][:, None], P[c, k][None]) for c in range(c_in) for k in range(Kk)])
        y = y.reshape(tuple(out_shape) + y.shape[-2:])

        def back(G):  # (O, *out_shape, K, N)
            G3 = G.reshape((G.shape[0], c_out, M) + G.shape[-2:])

            def gw(out):
                g = np.empty((G.shape[0], c_out, c_in, Kk) + _bshape(G3.shape[-2:], P.shape[-2:]), dtype=_C)
                for c in range(c_in):
                    for k in range(Kk):
                        g[:, :, c, k] = np.sum(G3 * P[c, k][None, None], axis=2)
                g = g.reshape((G.shape[0],) + wv.shape[:-2] + g.shape[-2:])
                if out is None:
                    return g
                np.copyto(out, g)
                return out

            self._emit(w, gw)
            if not x.needs:
                return []
            gx = np.zeros((G.shape[0],) + x3.shape[:2] + _bshape(G3.shape[-2:], W.shape[-2:]), dtype=_C)
            for c in range(c_in):
                for k in range(Kk):
                    contrib = np.sum(G3 * W[None, :, c, k, None], axis=1)   # (O, M, K, N)
                    np.add.at(gx[:, c], (slice(None), index[k]), contrib)
            return [(x, gx.reshape((G.shape[0],) + xv.shape[:-2] + gx.shape[-2:]))]

        return self._new(y, (w, x), back)

    def bmm(self, a, b):
        """Product of two data matrices: (m, n) @ (n, p) per sample and path."""
        self._data(a, b)
        av, bv = a.value, b.value
        if av.ndim != 4 or bv.ndim != 4 or av.shape[1] != bv.shape[0]:
            raise NotImplementedError("bmm: shapes")
        y = self._sop([(av[:, j, None], bv[None, j]) for j in range(av.shape[1])])

        def back(G):  # (O, m, p, Kg, Ng)
            out = []
            if a.needs:
                out.append((a, self._sop([(G[:, :, None, l], bv[None, None, :, l]) for l in range(bv.shape[1])])))
            if b.needs:
                out.append((b, self._sop([(av[None, i, :, None], G[:, i, None, :]) for i in range(av.shape[0])])))
            return out

        return self._new(y, (a, b), back)

    def transpose(self, a):
        """Swap the last two axes of a data matrix."""
        self._data(a)
        if a.value.ndim < 4:
            raise NotImplementedError("transpose of a vector")
        return self._new(np.swapaxes(a.value, -3, -4), (a,), lambda G: [(a, np.swapaxes(G, -3, -4))])

    def add(self, a, b):
        """Sum of two data nodes of the same shape."""
        self._data(a, b)
        if a.value.shape[:-2] != b.value.shape[:-2]:
            raise NotImplementedError("add: broadcasting")
        return self._new(self._add(a.value, b.value), (a, b), lambda G: [(p, G) for p in (a, b) if p.needs])

    def mul(self, a, b):
        """Coordinatewise product of two data nodes of the same shape."""
        self._data(a, b)
        av, bv = a.value, b.value
        if av.shape[:-2] != bv.shape[:-2]:
            raise NotImplementedError("mul: broadcasting")

        def back(G):
            return [(p, self._mul(G, o[None])) for p, o in ((a, bv), (b, av)) if p.needs]

        return self._new(self._mul(av, bv), (a, b), back)

    # -------------------------------------------------------- adjoint
    def backward(self, out):
        """Reverse pass from ``out`` with one covector e_o per output coordinate o."""
        if not self.record:
            raise ParameterError("this program was not recorded", hint="create it with record=True")
        oshape = out.value.shape[:-2]
        O = prod(oshape)
        out.grad = _eye(O).reshape((O,) + oshape + (1, 1))
        for node in reversed(self.tape):
            G, node.grad = node.grad, None
            if G is None:
                continue
            for parent, g in node.backward(G):
                if parent.grad is None:
                    parent.grad = g
                else:  # never in place: gradients may be shared views
                    parent.grad = self._add(parent.grad, g)
        out.grad = None
