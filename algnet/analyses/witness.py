"""Values and Jacobians of a network at fixed sample inputs, for many parameter vectors at once.

This is the inner loop of the homotopy continuation in :mod:`algnet.analyses.degree`:
``NetworkValues(net, Z, rng)(T)`` returns, for every row theta of T (one row per
homotopy path), the values ``(f_theta(z_k))_k`` at the K fixed sample inputs and
their Jacobian with respect to theta, in complex128.

All paths go through one straight-line program
(:class:`~algnet.analyses.witness_program.BroadcastProgram`) whose data carry two trailing
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
from contextlib import contextmanager
from math import prod

import numpy as np

from algnet.analyses.witness_program import BroadcastNode, BroadcastProgram, WorkPool

__all__ = ["NetworkValues"]

_C = np.complex128

# Architectures (class, spec, free columns, sample shape) whose batched program matched the per-path route at a
# random parameter vector: the check is one of the program's code paths, not of the values, so it is made once
# per architecture in a process (it costs 0.3-0.7 ms of a 12-15 ms degree run of the smallest cases).
_MATCHED: set = set()
def _late():
    """(RestrictedNetwork, Complex), imported by the first :class:`NetworkValues` (not with this module)."""
    got = _LATE.get("names")
    if got is None:
        from algnet.architectures.base import RestrictedNetwork
        from algnet.core.backends import Complex

        got = _LATE["names"] = (RestrictedNetwork, Complex)
    return got


_LATE: dict = {}
# choose_route's answer by architecture (class, spec, unknowns, samples): it records scratch tapes of one forward
# pass and of the coefficients (0.4-0.8 ms of those runs) and reads only their sizes, which the random numbers
# (samples, slices) do not change
_ROUTES: dict = {}


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
    defer_check : bool
        Run that check on the first use instead (the draws are made here all the same), or not at all when an
        independent check confirms the batched program first (:meth:`provisionally_batched`).

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

    trace_route = "auto"        # how trace() records the values: "auto", "forward" or "coefficients"
    recorded_route = None       # the route the last trace() recorded
    route_costs = None          # {route: modelled seconds per evaluation} of the last "auto" choice

    def __init__(self, net, Z, rng, defer_check: bool = False):
        RestrictedNetwork, _ = _late()
        self.net = net
        self.Z = Z  # (K, *input_shape)
        self.K = Z.shape[0]
        self.n_out = net.n_outputs
        self.q = self.K * self.n_out
        base, free = net, None
        while isinstance(base, RestrictedNetwork):
            if free is None:
                free = np.array(base.free)
            else:
                free = np.array(base.free)[free]
            base = base.parent
        self.base = base
        self.free = free  # columns of the base's parameters that are free (None: all)
        self._evaluator = "per-path"
        self._pending = None            # a deferred check (``defer_check``): (T, key), run before the first use
        self._provisional = False
        self._pool = None           # the work arrays, made by the first batched evaluation (:meth:`_run`)
        self._lock = threading.Lock()
        try:
            self._slices = []
            i = 0
            for name, shape in base.param_shapes:
                size = int(prod(shape))
                self._slices.append((name, tuple(shape), i, size))
                i += size
            self._n_base = i
            Zc = np.asarray(Z, dtype=_C)
            # the sample axis last (np.moveaxis(Zc, 0, -1)), contiguous
            self._Zt = np.ascontiguousarray(Zc.transpose(tuple(range(1, Zc.ndim)) + (0,)))[..., None]
            # two draws, as before the check used one of them (the generator's later draws stay the same)
            n = net.n_params
            later = getattr(rng, "deferred_normal", None)     # draws taken now, computed at their first read
            if later is None:
                re, im = rng.normal(size=(2, n)), rng.normal(size=(2, n))
            else:
                T = later(((2, n), (2, n)), lambda re, im: (re + 1j * im)[:1])
            key = (type(base), base.spec, None if free is None else tuple(free.tolist()), np.shape(Z))
            if key in _MATCHED:
                self._evaluator = "batched"
            else:
                if later is None:
                    T = (re + 1j * im)[:1]
                if defer_check:
                    self._pending = (T, key)
                else:
                    self._check(T, key)
        except Exception:  # any op the batched program does not cover: use the per-path route
            self._evaluator = "per-path"

    def _check(self, T, key):
        """The batched program against the per-path route at the random parameters T (module doc; a callable: its
        deferred draws)."""
        self._pending = None
        T = T() if callable(T) else T
        self._evaluator = "per-path"
        try:
            # an overflow at T (map s^1000; s^999) gives inf / nan, which fail the comparison: the per-path route
            with np.errstate(over="ignore", invalid="ignore"):
                V1, J1 = self._batched(T)
                V2, J2 = self._per_path(T)
                scale = 1 + np.max(np.abs(V2)) + np.max(np.abs(J2))
                same = np.max(np.abs(V1 - V2)) <= 1e-9 * scale and np.max(np.abs(J1 - J2)) <= 1e-9 * scale
            if same:
                self.confirm_batched(key)
        except Exception:  # any op the batched program does not cover: use the per-path route
            self._evaluator = "per-path"

    @property
    def evaluator(self) -> str:
        """"batched" or "per-path" (class doc); a deferred check (``defer_check``) runs on the first read.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> vals = NetworkValues(parse_spec("conv k=2,2 s=1,1 r=2"), np.ones((6, 3)) + 0j, np.random.default_rng(0),
        ...                      defer_check=True)
        >>> vals.evaluator
        'batched'
        """
        if self._pending is not None:
            if self._provisional:
                return "batched"
            self._check(*self._pending)
        return self._evaluator

    @evaluator.setter
    def evaluator(self, value: str) -> None:
        self._pending, self._evaluator = None, value

    @contextmanager
    def provisionally_batched(self):
        """Within the block a deferred check (``defer_check``) does not run: the batched program evaluates, for a
        check of its own against an evaluation recorded independently of it (a stored tape of the network's
        program, :mod:`algnet.analyses.critical.tape_store`), which calls :meth:`confirm_batched` when they agree
        at a random point -- as this class's own check does against the per-path route. Else the deferred check
        runs at the next use.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> vals = NetworkValues(parse_spec("linear 2-3-2"), np.ones((2, 2)) + 0j, np.random.default_rng(0),
        ...                      defer_check=True)
        >>> with vals.provisionally_batched():
        ...     V = vals.values(np.ones((1, 12)))
        >>> vals.confirm_batched()
        >>> vals.evaluator, V.real.tolist()          # f = W2 W1 z with all ones: 3 * 2 = 6 per output
        ('batched', [[6.0, 6.0, 6.0, 6.0]])
        """
        old = self._provisional
        self._provisional = True
        try:
            yield
        finally:
            self._provisional = old

    def confirm_batched(self, key=None) -> None:
        """The batched program agreed with an independent evaluation at random parameters: use it (and skip the check
        for this architecture in this process). Does nothing when the program cannot run this network."""
        if key is None:
            if self._pending is None:
                return
            key = self._pending[1]
        self._pending, self._evaluator = None, "batched"
        if len(_MATCHED) > 256:
            _MATCHED.clear()
        _MATCHED.add(key)

    @property
    def B(self):
        """The complex backend of the per-path route, made at its first use (a structure loaded from the store
        evaluates through its tapes and the batched program only).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> vals = NetworkValues(parse_spec("linear 1-1-1"), np.array([[2.0]]), np.random.default_rng(0))
        >>> vals.B is vals.B, type(vals.B).__name__
        (True, 'Complex')
        """
        b = self.__dict__.get("_backend")
        if b is None:
            b = self._backend = _late()[1]()
        return b

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
        P = BroadcastProgram(params, record=record, targets=targets, pool=pool, small=N * self.K < 4096)
        y = self.base.forward(P, BroadcastNode(self._Zt))
        if prod(y.value.shape[:-2]) != self.n_out or y.value.shape[-2] not in (1, self.K):
            raise NotImplementedError("unexpected output shape")
        V = np.empty((N, self.K, self.n_out), dtype=_C)      # fresh (the program's arrays are reused)
        np.copyto(V.transpose(2, 1, 0), y.value.reshape((self.n_out,) + y.value.shape[-2:]))
        return P, y, V.reshape(N, self.q)

    def _run(self, T, jacobian):
        # the work arrays are reused between calls; a concurrent call gets its own
        if self._lock.acquire(blocking=False):
            try:
                if self._pool is None:
                    self._pool = WorkPool()
                self._pool.reset()
                return self._run_with(T, jacobian, self._pool)
            finally:
                self._lock.release()
        return self._run_with(T, jacobian, WorkPool(limit=0))

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
        with np.errstate(over="ignore", invalid="ignore"):      # overflow: inf / nan, which the callers reject
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
        with np.errstate(over="ignore", invalid="ignore"):      # as in __call__
            if self.evaluator == "batched":
                return self._run(T, False)
            return np.stack([self.net.evaluate(t, self.Z, backend=self.B).reshape(-1) for t in T])

    # the batched program reads the points as columns (T.T, C-contiguous): a caller that builds T may build it in
    # Fortran order, and the copy into that layout is skipped (the monodromy solver's keys read this attribute;
    # the same numbers, so the same values)
    values.points_order = "F"

    def trace(self, theta):
        """The values at the sample inputs over :class:`~algnet.homotopy.tape.Tracer` parameters
        (recording for the compiled tracker): a list of q tracers, sample-major.

        ``trace_route`` chooses how: "forward" (K forward passes), "coefficients" (the coefficients
        of f_theta in the input by polynomial arithmetic, then the values as affine forms in them:
        :mod:`algnet.analyses.witness_coefficients`) or "auto" (the default: the route whose recorded
        tape the cost model finds cheaper). ``recorded_route`` says which one was recorded.

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
        from algnet.analyses.witness_coefficients import network_coefficients, values_from_coefficients

        theta = list(theta)
        if self._recording_route(len(theta)) == "forward":
            return self.trace_forward(theta)
        return values_from_coefficients(network_coefficients(self.net, theta), self.Z, theta[0].b)

    def _recording_route(self, n_params: int) -> str:
        """``trace_route`` resolved ("auto": the cost model's choice, kept in ``route_costs``), checked and kept
        in ``recorded_route``."""
        from algnet.analyses.witness_coefficients import choose_route

        route = self.trace_route
        if route == "auto":
            key = (type(self.net), self.net.spec, n_params, self.K)
            hit = _ROUTES.get(key)
            if hit is None:
                if len(_ROUTES) > 256:
                    _ROUTES.clear()
                hit = _ROUTES[key] = choose_route(self, n_params)
            route, self.route_costs = hit[0], dict(hit[1])
        elif route not in ("forward", "coefficients"):
            from algnet.errors import ParameterError

            raise ParameterError(f"unknown trace_route {route!r}", hint="use 'auto', 'forward' or 'coefficients'")
        self.recorded_route = route
        return route

    def trace_combined(self, theta, M):
        """``M @`` :meth:`trace` ``(theta)`` (the values combined by a numeric matrix, as the random slice of a
        witness system combines them), the same affine forms up to rounding; on the coefficient route by one
        numeric product per output (:func:`~algnet.analyses.witness_coefficients.combined_values_from_coefficients`),
        else by :meth:`~algnet.homotopy.tape.TapeBuilder.combine` over the traced values.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> vals = NetworkValues(parse_spec("linear 1-1-1"), np.array([[2.0], [3.0]]), np.random.default_rng(0))
        >>> b = TapeBuilder(2, 0)
        >>> out = vals.trace_combined(b.x, np.array([[1.0, -1.0]]))
        >>> b.finish(out).evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))[0].real.tolist()  # 30 - 45
        [-15.0]
        """
        from algnet.analyses.witness_coefficients import combined_values_from_coefficients, network_coefficients

        theta = list(theta)
        if self._recording_route(len(theta)) == "forward":
            return theta[0].b.combine(M, self.trace_forward(theta))
        return combined_values_from_coefficients(M, network_coefficients(self.net, theta), self.Z, theta[0].b)

    def trace_forward(self, theta, Z=None):
        """The values at the sample inputs (``Z``: these instead) over Tracer parameters by forward passes
        (see :meth:`trace`).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> vals = NetworkValues(parse_spec("linear 1-1-1"), np.array([[2.0]]), np.random.default_rng(0))
        >>> b = TapeBuilder(2, 0)
        >>> b.finish(vals.trace_forward(b.x)).evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))[0].real.tolist()
        [30.0]
        """
        from algnet.homotopy.tape import TracerBackend

        theta = list(theta)
        B = TracerBackend(theta[0].b if theta else None)
        th = np.empty(len(theta), dtype=object)
        th[:] = theta
        Z = self.Z if Z is None else Z
        Zt = np.empty(np.shape(Z), dtype=object)
        Zt.reshape(-1)[:] = [B.const(complex(z)) for z in np.asarray(Z).reshape(-1)]
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
