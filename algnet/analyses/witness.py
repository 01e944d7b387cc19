"""Values and Jacobians of a network at fixed sample inputs, for many parameter vectors at once.

This is the inner loop of the homotopy continuation in :mod:`algnet.analyses.degree`:
``NetworkValues(net, Z, rng)(T)`` returns, for every row theta of T (one row per
homotopy path), the values ``(f_theta(z_k))_k`` at the K fixed sample inputs and
their Jacobian with respect to theta, in complex128.

All paths go through one straight-line program whose data carry two trailing
batch axes, samples then paths (shape ``(*node_shape, K, N)``): parameters
carry the path axis only and broadcast over the samples, inputs carry the
sample axis only and broadcast over the paths, and every contraction over a
small axis of the network (a layer width, a filter length) is a short loop of
elementwise operations on whole (K, N) blocks. The reverse pass carries one
covector per output (a leading axis of length n_outputs) and writes the
parameter gradients straight into the Jacobian. Networks whose forward pass
uses an operation this program does not cover are evaluated path by path
(``evaluator == "per-path"``); the batched route is used only after it has
matched the per-path route at random parameters.

Examples
--------
>>> import numpy as np
>>> from algnet import parse_spec
>>> net = parse_spec("linear 2-1-2")
>>> rng = np.random.default_rng(0)
>>> Z = rng.normal(size=(2, 2)) + 0j
>>> vals = NetworkValues(net, Z, rng)
>>> V, J = vals(rng.normal(size=(3, net.n_params)))
>>> V.shape, J.shape, vals.evaluator
((3, 4), (3, 4, 4), 'batched')
"""

from __future__ import annotations

import threading
from fractions import Fraction
from functools import lru_cache
from math import prod

import numpy as np

from algnet.errors import ParameterError

__all__ = ["NetworkValues"]

_C = np.complex128


# ------------------------------------------------------- broadcast program
class _BNode:
    """A value of a :class:`_BroadcastProgram` (data: ``(*shape, K, N)``, parameter: ``(*shape, 1, N)``)."""

    __slots__ = ("value", "is_param", "name", "needs", "backward", "grad")

    def __init__(self, value, is_param=False, name=None, needs=False, backward=None):
        self.value = value
        self.is_param = is_param
        self.name = name
        self.needs = needs          # depends on a parameter (has a gradient)
        self.backward = backward
        self.grad = None


class _Pool:
    """Work arrays handed out in call order and kept between calls.

    A program asks for the same sequence of shapes on every call with the
    same N, so after the first call no work array is freshly allocated (fresh
    large arrays cost page faults, on this kind of data more than the
    arithmetic). Buffers grow to the largest size asked for; above
    ``limit`` bytes in total, arrays are allocated normally.
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


class _BroadcastProgram:
    """The operations of :class:`algnet.core.slp.Program` (complex128) for N parameter
    vectors and K inputs at once, with the batch axes (K, N) last.

    Data values have shape ``(*node_shape, K, N)`` (K or N may be 1 and
    broadcast: inputs do not depend on the path, parameters do not depend on
    the sample), parameters ``(*shape, 1, N)``; the reverse pass carries one
    covector per output coordinate (a leading axis of length O =
    n_outputs). Only the operations below exist: a network using anything
    else fails here, and :class:`NetworkValues` falls back to the per-path
    evaluator. ``targets`` maps parameter names to writable arrays of shape
    ``(O, *shape, K, N)`` that :meth:`backward` fills with the gradients
    (``written`` lists the parameters that received one); gradients of
    parameters without a target are summed in ``grads``. Work arrays come
    from ``pool`` unless the batch is small (``small``: plain numpy
    temporaries, fewer calls).
    """

    def __init__(self, params: dict, record: bool = False, targets: dict | None = None, pool: _Pool | None = None,
                 small: bool = False):
        self.params = {k: _BNode(v, is_param=True, name=k, needs=True) for k, v in params.items()}
        self.record = record
        self.targets = targets or {}
        self.written: set = set()
        self.grads: dict = {}
        self.tape: list = []
        self.pool = pool if pool is not None else _Pool(limit=0)
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
        return _BNode(np.ascontiguousarray(np.moveaxis(X, 0, -1))[..., None])

    def _new(self, value, parents, backward):
        needs = False
        for p in parents:
            needs = needs or p.needs
        n = _BNode(value, needs=needs, backward=backward if (needs and self.record) else None)
        if n.backward is not None:
            self.tape.append(n)
        return n

    @staticmethod
    def _data(*nodes):
        for x in nodes:
            if not isinstance(x, _BNode) or x.is_param:
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
        if isinstance(W, _BNode):
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
        if not (isinstance(b, _BNode) and b.is_param):
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
        if not (isinstance(w, _BNode) and w.is_param):
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
        if not (isinstance(w, _BNode) and w.is_param):
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


# ------------------------------------------------------------ evaluator
class NetworkValues:
    """theta -> (f_theta(z_k))_k and its Jacobian, for many theta at once (complex128).

    Parameters
    ----------
    net : Network
        The network (a :class:`~algnet.architectures.base.RestrictedNetwork`
        is evaluated through its parent).
    Z : array (K, *input_shape)
        The sample inputs.
    rng : numpy Generator
        Draws the two random parameter vectors of the check against the
        per-path evaluator (2 * n_params normal draws).

    Attributes
    ----------
    q : int
        K * n_outputs values per parameter vector (sample-major).
    evaluator : str
        "batched" (all paths through one broadcast program) or "per-path"
        (the network uses an operation the batched program does not cover,
        or the batched result did not match at the check).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("conv k=2,2 s=1,1 r=2")
    >>> rng = np.random.default_rng(0)
    >>> vals = NetworkValues(net, rng.normal(size=(6, 3)) + 0j, rng)
    >>> T = rng.normal(size=(5, net.n_params)) + 1j * rng.normal(size=(5, net.n_params))
    >>> V, J = vals(T)
    >>> V.shape, J.shape, vals.evaluator
    ((5, 6), (5, 6, 4), 'batched')
    >>> Vp, Jp = vals._per_path(T)
    >>> bool(np.allclose(V, Vp) and np.allclose(J, Jp))
    True
    """

    def __init__(self, net, Z, rng):
        from algnet.architectures.base import RestrictedNetwork
        from algnet.core.backends import Complex

        self.net = net
        self.Z = Z  # (K, *input_shape)
        self.K = Z.shape[0]
        self.n_out = net.n_outputs
        self.q = self.K * self.n_out
        self.B = Complex()
        base, free = net, None
        while isinstance(base, RestrictedNetwork):
            if free is None:
                free = np.array(base.free)
            else:
                free = np.array(base.free)[free]
            base = base.parent
        self.base = base
        self.free = free  # columns of the base's parameters that are free (None: all)
        self.evaluator = "per-path"
        self._pool = _Pool()
        self._lock = threading.Lock()
        try:
            self._slices = []
            i = 0
            for name, shape in base.param_shapes:
                size = int(np.prod(shape))
                self._slices.append((name, tuple(shape), i, size))
                i += size
            self._n_base = i
            self._Zt = np.ascontiguousarray(np.moveaxis(np.asarray(Z, dtype=_C), 0, -1))[..., None]
            T = (rng.normal(size=(2, net.n_params)) + 1j * rng.normal(size=(2, net.n_params)))
            V1, J1 = self._batched(T)
            V2, J2 = self._per_path(T)
            scale = 1 + np.max(np.abs(V2)) + np.max(np.abs(J2))
            if np.max(np.abs(V1 - V2)) <= 1e-9 * scale and np.max(np.abs(J1 - J2)) <= 1e-9 * scale:
                self.evaluator = "batched"
        except Exception:  # any op the batched program does not cover: use the per-path route
            self.evaluator = "per-path"

    def _embed(self, T):
        if self.free is None:
            return T
        full = np.zeros((T.shape[0], self.base.n_params), dtype=np.complex128)
        full[:, self.free] = T
        return full

    def _program(self, T, record, targets, pool):
        N = T.shape[0]
        cols = np.ascontiguousarray(self._embed(T).T)       # (n_base, N)
        params = {name: cols[i:i + size].reshape(shape + (1, N)) for name, shape, i, size in self._slices}
        P = _BroadcastProgram(params, record=record, targets=targets, pool=pool, small=N * self.K < 4096)
        y = self.base.forward(P, _BNode(self._Zt))
        if prod(y.value.shape[:-2]) != self.n_out or y.value.shape[-2] not in (1, self.K):
            raise NotImplementedError("unexpected output shape")
        V = np.empty((N, self.K, self.n_out), dtype=_C)      # fresh (the program's arrays are reused)
        np.copyto(V.transpose(2, 1, 0), y.value.reshape((self.n_out,) + y.value.shape[-2:]))
        return P, y, V.reshape(N, self.q)

    def _run(self, T, jacobian):
        # the work arrays are reused between calls; a concurrent call gets its own
        if self._lock.acquire(blocking=False):
            try:
                self._pool.reset()
                return self._run_with(T, jacobian, self._pool)
            finally:
                self._lock.release()
        return self._run_with(T, jacobian, _Pool(limit=0))

    def _run_with(self, T, jacobian, pool):
        if not jacobian:
            return self._program(T, False, None, pool)[2]
        N = T.shape[0]
        O, K, nb = self.n_out, self.K, self._n_base
        # gradients land in a (K, O, n_base, N) array (paths innermost, as everywhere in the
        # program), then one 2-D transpose gives the (N, q, n) Jacobian
        Gall = pool.empty((K, O, nb, N))
        Gt = Gall.transpose(1, 2, 0, 3)                          # (O, n_base, K, N), a view
        targets = {name: Gt[:, i:i + size].reshape((O,) + shape + (K, N))   # views (one axis split)
                   for name, shape, i, size in self._slices}
        P, y, V = self._program(T, True, targets, pool)
        P.backward(y)
        for name, shape, i, size in self._slices:
            if name not in P.written:
                Gt[:, i:i + size] = 0
        if self.free is not None:
            Gall = Gall[:, :, self.free]
        n = Gall.shape[2]
        J = np.empty((N, self.q * n), dtype=_C)
        np.copyto(J, Gall.reshape(self.q * n, N).T)
        return V, J.reshape(N, self.q, n)

    def _batched(self, T):
        return self._run(np.asarray(T, dtype=_C), True)

    def _per_path(self, T):
        N = T.shape[0]
        V = np.empty((N, self.q), dtype=np.complex128)
        J = np.empty((N, self.q, self.net.n_params), dtype=np.complex128)
        for i in range(N):
            V[i] = self.net.evaluate(T[i], self.Z, backend=self.B).reshape(-1)
            J[i] = self.net.jacobian(T[i], self.Z, backend=self.B)
        return V, J

    def __call__(self, T):
        """Values (N, q) and Jacobians (N, q, n_params) at the rows of T (N, n_params).

        Row k * n_outputs + o of path i is output o at the sample input z_k.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> vals = NetworkValues(parse_spec("linear 1-1-1"), np.array([[2.0]]), np.random.default_rng(0))
        >>> V, J = vals([[3, 5], [1, 1j]])          # f = w2 w1 x at x = 2
        >>> V.tolist(), J[0].tolist()
        ([[(30+0j)], [2j]], [[(10+0j), (6+0j)]])
        """
        T = np.asarray(T, dtype=np.complex128)
        if self.evaluator == "batched":
            return self._batched(T)
        return self._per_path(T)

    def values(self, T):
        """Values only (N, q), without the reverse pass.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> vals = NetworkValues(parse_spec("dense 1-1-1 r=2"), np.array([[1.0], [2.0]]), np.random.default_rng(0))
        >>> vals.values([[1, 3]]).real.tolist()      # f = w2 (w1 x)^2 at x = 1, 2
        [[3.0, 12.0]]
        """
        T = np.asarray(T, dtype=np.complex128)
        if self.evaluator == "batched":
            return self._run(T, False)
        return np.stack([self.net.evaluate(t, self.Z, backend=self.B).reshape(-1) for t in T])

    def trace(self, theta):
        """The values at the sample inputs over :class:`~algnet.homotopy.tape.Tracer` parameters
        (recording for the compiled tracker): a list of q tracers, sample-major.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> vals = NetworkValues(parse_spec("linear 1-1-1"), np.array([[2.0]]), np.random.default_rng(0))
        >>> b = TapeBuilder(2, 0)
        >>> out = vals.trace(b.x)
        >>> tape = b.finish(out)
        >>> F, J, _ = tape.evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))
        >>> F.real.tolist(), J.real.tolist()                 # f = w2 w1 x at x = 2
        ([30.0], [[10.0, 6.0]])
        """
        from algnet.homotopy.tape import TracerBackend

        theta = list(theta)
        B = TracerBackend(theta[0].b if theta else None)
        th = np.empty(len(theta), dtype=object)
        th[:] = theta
        Zt = np.empty(self.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(self.Z).reshape(-1)]
        return list(np.asarray(self.net.evaluate(th, Zt, backend=B)).reshape(-1))

    # ball arithmetic (certification)
    def ball(self, theta):
        """Values (list of acb) and Jacobian rows (object array q x n) over a box of parameters."""
        from algnet.core.backends import Ball
        from algnet.core.numbers import acb

        th = np.empty(len(theta), dtype=object)
        th[:] = list(theta)
        Zb = np.empty(self.Z.shape, dtype=object)
        Zb.reshape(-1)[:] = [acb(float(z.real), float(z.imag)) for z in np.asarray(self.Z).reshape(-1)]
        V = self.net.evaluate(th, Zb, backend=Ball()).reshape(-1)
        J = self.net.jacobian(th, Zb, backend=Ball())
        return list(V), J


_NetworkValues = NetworkValues  # former private name (degree.py, fibers.py, bench/)
