"""Values and Jacobians of a network at fixed sample inputs, for many parameter vectors at once.

This is the inner loop of the homotopy continuation in :mod:`algnet.analyses.degree`:
``NetworkValues(net, Z, rng)(T)`` returns, for every row theta of T, the values
``(f_theta(z_k))_k`` and their Jacobian with respect to theta.

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

import numpy as np

__all__ = ["NetworkValues"]


def _batched_program_class():
    """A Program whose parameters carry a leading per-sample axis.

    Samples of different paths then use different parameters: one forward
    and one reverse pass evaluate all paths. Only the operations that touch
    parameters (lin, bias, conv) need a per-sample version; the others act
    on data only. The result is checked against the per-path evaluator
    before use (see :class:`NetworkValues`).
    """
    from algnet.core.slp import Node, Program

    class BatchedProgram(Program):
        def lin(self, W, x):
            if not (isinstance(W, Node) and W.is_param):
                return super().lin(W, x)
            B = self.B
            Wv, xv = W.value, x.value
            rest = xv.shape[2:]
            x3 = xv.reshape(xv.shape[0], xv.shape[1], -1)
            y = B.matmul(Wv, x3).reshape((xv.shape[0], Wv.shape[1]) + rest)

            def back(gy):
                g3 = gy.reshape(gy.shape[0], gy.shape[1], -1)
                return [(x, B.matmul(np.swapaxes(Wv, 1, 2), g3).reshape(xv.shape)),
                        (W, B.matmul(g3, np.swapaxes(x3, 1, 2)))]

            return self._new(y, (W, x), back)

        def bias(self, x, b):
            B = self.B
            xv = x.value
            bv = b.value.reshape((xv.shape[0], -1) + (1,) * (xv.ndim - 2))
            y = B.add(xv, bv)

            def back(gy):
                gb = gy if gy.ndim == 2 else B.sum(gy, axis=tuple(range(2, gy.ndim)))
                return [(x, gy), (b, gb)]

            return self._new(y, (x, b), back)

        def conv(self, w, x, stride=1):
            B = self.B
            wv, xv = w.value, x.value
            k = wv.shape[1]
            n = xv.shape[1]
            m = (n - k) // stride + 1
            idx = stride * np.arange(m)[:, None] + np.arange(k)[None, :]
            patches = xv[:, idx]
            y = B.matmul(patches, wv[:, :, None]).reshape(xv.shape[0], m)

            def back(gy):
                gw = B.matmul(gy.reshape(gy.shape[0], 1, m), patches).reshape(gy.shape[0], k)
                contrib = gy[:, :, None] * wv[:, None, :]
                gx = B.zeros(xv.shape)
                for j in range(k):
                    cols = stride * np.arange(m) + j
                    gx[:, cols] = gx[:, cols] + contrib[:, :, j]
                return [(x, gx), (w, gw)]

            return self._new(y, (w, x), back)

    return BatchedProgram


class NetworkValues:
    """theta -> (f_theta(z_k))_k and its Jacobian, for many theta at once (complex128)."""

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
        # replicated inputs: sample (k, o) is input z_k with covector e_o
        self.Xrep = np.repeat(np.asarray(Z, dtype=np.complex128), self.n_out, axis=0)
        self.Crep = np.tile(np.eye(self.n_out), (self.K, 1)).astype(np.complex128)
        try:
            self._cls = _batched_program_class()
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

    def _batched(self, T):
        N = T.shape[0]
        full = self._embed(T)
        q = self.q
        params = {}
        i = 0
        for name, shape in self.base.param_shapes:
            size = int(np.prod(shape))
            arr = full[:, i:i + size].reshape((N,) + tuple(shape))
            params[name] = np.repeat(arr, q, axis=0)
            i += size
        P = self._cls(self.B, params, record=True)
        X = np.tile(self.Xrep, (N,) + (1,) * (self.Xrep.ndim - 1))
        y = self.base.forward(P, P.input(X))
        C = np.tile(self.Crep, (N, 1)).reshape(y.value.shape)
        vals = np.sum(y.value.reshape(N * q, -1) * C.reshape(N * q, -1), axis=1).reshape(N, q)
        J = P.vjp(y, C, order=[n for n, _ in self.base.param_shapes]).reshape(N, q, -1)
        if self.free is not None:
            J = J[:, :, self.free]
        return vals, J

    def _per_path(self, T):
        N = T.shape[0]
        V = np.empty((N, self.q), dtype=np.complex128)
        J = np.empty((N, self.q, self.net.n_params), dtype=np.complex128)
        for i in range(N):
            V[i] = self.net.evaluate(T[i], self.Z, backend=self.B).reshape(-1)
            J[i] = self.net.jacobian(T[i], self.Z, backend=self.B)
        return V, J

    def __call__(self, T):
        T = np.asarray(T, dtype=np.complex128)
        if self.evaluator == "batched":
            return self._batched(T)
        return self._per_path(T)

    def values(self, T):
        T = np.asarray(T, dtype=np.complex128)
        if self.evaluator == "batched":
            return self._batched(T)[0]
        return np.stack([self.net.evaluate(t, self.Z, backend=self.B).reshape(-1) for t in T])

    # ball arithmetic (certification)
    def ball(self, theta):
        """Values (list of acb) and Jacobian rows (object array q x n) over a box of parameters."""
        from algnet.core.backends import Exact

        import flint

        th = np.empty(len(theta), dtype=object)
        th[:] = list(theta)
        Zb = np.empty(self.Z.shape, dtype=object)
        Zb.reshape(-1)[:] = [flint.acb(float(z.real), float(z.imag)) for z in np.asarray(self.Z).reshape(-1)]
        V = self.net.evaluate(th, Zb, backend=Exact()).reshape(-1)
        J = self.net.jacobian(th, Zb, backend=Exact())
        return list(V), J


_NetworkValues = NetworkValues  # former private name (degree.py, fibers.py, bench/)
