"""Compiled rigorous disc enclosures of the gradient system and its Jacobian, from an exact tape.

The Krawczyk test of :mod:`algnet.homotopy.certify` needs discs containing G at the centres and G' over
polydiscs. :mod:`.intervals` computes them by running the network's program on object arrays of discs (a
few milliseconds of Python for a handful of points). Here the same system is recorded once per network
structure as a tape (:class:`ExactGradient`) in which *every* number of the problem -- the slice c0 and N,
the sample inputs Z, the coefficient map T, the metric Q and the target u -- is a parameter register, so
that recording folds no floating-point constant: the tape's only constants are small integers (checked:
:func:`exact_tape`, else None and the caller keeps :mod:`.intervals`). Its values and forward-mode
Jacobian are then evaluated in midpoint-radius disc arithmetic by one compiled kernel (:func:`disc_eval`)
over a batch of polydiscs, with the rounding bounds of :mod:`algnet.homotopy.discs` (Rump 1999; Higham
2002; the same formulas, operation by operation):

* a + b, a - b: midpoint fl(ma +- mb), radius ra + rb + 2u |m|;
* a b: midpoint fl(ma mb), radius |ma| (rb + 3u |mb|) + ra (|mb| + rb);
* c a for an exact constant c: radius |c| ra + 3u |m| (c = 1: exact, the disc itself);

each radius multiplied by 1 + 32u and increased by 2^-996 (the radius formula's own rounding and
underflow: at most 8 roundings on a path, counting the three of a modulus |m| = sqrt(x^2 + y^2), which the kernel
computes so where x^2 + y^2 is a normal float and by hypot elsewhere). A DOT instruction is its terms' products
added one after the other with these rules; the derivative lanes follow the product and sum rules with the same
operations. So every output disc contains the exact value of G (and of its Jacobian) for every point of the
polydisc, for the system with exactly the given float data -- the system :mod:`.intervals` encloses.

Examples
--------
>>> import numpy as np
>>> from algnet.analyses.critical.system import example_family
>>> fam = example_family("linear 2-1-2", "generic")
>>> E = exact_tape(fam)
>>> X = np.random.default_rng(0).normal(size=(2, 3)) + 0j
>>> G, H = E.evaluate_interval(X, np.full(2, 1e-9), fam.loss.u)
>>> G0, H0 = fam.evaluate(X, fam.loss.u)
>>> bool(np.all(np.abs(G.m - G0) <= G.r + 1e-12)), bool(np.all(np.abs(H.m - H0) <= H.r + 1e-12))
(True, True)
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.systems import System

__all__ = ["ExactGradient", "ExactEnclosure", "exact_tape", "disc_eval"]

def disc_eval(code, didx, didx2, dcoef, lo, hi, values, outs, n, Xm, Xr, P, need, Fm, Fr, Jm, Jr):
    """Discs (Fm, Fr) of the outputs and (Jm, Jr) of their Jacobian over the polydiscs |x - Xm[i]| <= Xr[i], by the
    compiled kernel :func:`.disc_kernel.disc_eval` (imported, with numba, at the first call).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> E = exact_tape(fam)
    >>> t, S = E.tape, E.system
    >>> X, k = np.array([[0.3, -0.2, 0.5]], complex), len(t.outputs)
    >>> Fm, Fr = np.empty((1, k), complex), np.empty((1, k))
    >>> Jm, Jr = np.empty((1, k, 3), complex), np.empty((1, k, 3))
    >>> disc_eval(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, 3, X, np.zeros(1),
    ...           S.parameters(fam.Q, fam.loss.u), np.array([True]), Fm, Fr, Jm, Jr)
    >>> G, H = fam.evaluate(X, fam.loss.u)
    >>> bool(np.all(np.abs(Fm[0, :3] - G[0]) <= Fr[0, :3] + 1e-12))
    True
    """
    from algnet.analyses.critical.disc_kernel import disc_eval as kernel

    kernel(code, didx, didx2, dcoef, lo, hi, values, outs, n, Xm, Xr, P, need, Fm, Fr, Jm, Jr)


def _numba_runs() -> bool:
    """numba is installed (a dependency of algnet; found without importing it); looked up once per process (the
    import system's search takes 45 us of each new family's first enclosure)."""
    got = _NUMBA.get("found")
    if got is None:
        import importlib.util

        got = _NUMBA["found"] = importlib.util.find_spec("numba") is not None
    return got


_NUMBA: dict = {}


class ExactGradient(System):
    """The gradient system G(phi) = N^T J_v^T T^T Q (T v(c0 + N phi; Z) - u) of a gradient family and its images
    y = T v, with every number of the problem a parameter (:meth:`parameters`): outputs (G, y).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.homotopy.tape import record
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> S = ExactGradient(fam)
    >>> phi = np.array([0.3, -0.2, 0.5]) + 0j
    >>> F = record(S, reduce_outputs=False).evaluate(phi, S.parameters(fam.Q, fam.loss.u), np.zeros(S.n_params))[0]
    >>> bool(np.allclose(F[:3], fam.gradient(phi[None, :], fam.loss.u[None, :])[0])), bool(np.allclose(F[3:], fam.image(phi)))
    (True, True)
    """

    def __init__(self, fam):
        self.fam = fam
        self.n_vars = int(fam.n_vars)
        self.m = int(fam.n_params)
        self.Z = np.asarray(fam.values.Z, dtype=np.complex128)
        self.n_params = (fam.c0.size + fam.N.size + self.Z.size + fam.T.size + self.m * self.m + self.m)

    def parameters(self, Q, u) -> np.ndarray:
        """(c0, N, Z, T, Q, u), row-major."""
        return np.concatenate([self.fixed_parameters()] + [np.asarray(a, dtype=np.complex128).reshape(-1)
                                                           for a in (Q, u)])

    def fixed_parameters(self) -> np.ndarray:
        """(c0, N, Z, T), row-major: the leading parameters, the same for every metric and target (made once)."""
        got = getattr(self, "_fixed", None)
        if got is None:
            f = self.fam
            got = self._fixed = np.concatenate([np.asarray(a, dtype=np.complex128).reshape(-1)
                                                for a in (f.c0, f.N, self.Z, f.T)])
            got.flags.writeable = False
        return got

    def trace(self, x, p):
        from algnet.analyses.critical.system import _forward
        from algnet.homotopy.tape import TracerBackend

        f, m = self.fam, self.m
        npar, ns = f.N.shape
        x, p = list(x), list(p)
        B = TracerBackend(x[0].b)
        it = iter(p)
        c0 = [next(it) for _ in range(npar)]
        N = [[next(it) for _ in range(ns)] for _ in range(npar)]
        Zt = np.empty(self.Z.shape, dtype=object)
        Zt.reshape(-1)[:] = [next(it) for _ in range(self.Z.size)]
        q = f.T.shape[1]
        T = [[next(it) for _ in range(q)] for _ in range(m)]
        Q = [[next(it) for _ in range(m)] for _ in range(m)]
        u = [next(it) for _ in range(m)]
        th = np.empty(npar, dtype=object)
        th[:] = [_sum([c0[i]] + [N[i][j] * x[j] for j in range(ns)]) for i in range(npar)]
        net = f.values.net
        P, yv = _forward(net, th, Zt, B)
        V = np.asarray(yv.value, dtype=object).reshape(-1)
        y = [_sum([T[a][b] * V[b] for b in range(q)]) for a in range(m)]
        rr = [y[a] - u[a] for a in range(m)]
        w = [_sum([Q[a][b] * rr[b] for b in range(m)]) for a in range(m)]
        c = np.empty(q, dtype=object)
        c[:] = [_sum([T[a][b] * w[a] for a in range(m)]) for b in range(q)]
        K, O = Zt.shape[0], net.n_outputs
        if P is None:
            rows = np.asarray(net.jacobian(th, Zt, C=c.reshape(K, O), backend=B), dtype=object)
        else:       # the reverse sweep of the forward pass above, not a second forward pass (a smaller tape)
            rows = np.asarray(P.vjp(yv, B.asarray(c).reshape(yv.value.shape), order=[n for n, _ in net.param_shapes]),
                              dtype=object)
        g = [sum(rows[:, i], 0) for i in range(rows.shape[1])]
        G = [_sum([N[i][j] * g[i] for i in range(npar)]) for j in range(ns)]
        return G + y


def _sum(terms):
    acc = terms[0]
    for t in terms[1:]:
        acc = acc + t
    return acc


def _exact(values) -> bool:
    v = np.asarray(values, dtype=np.complex128)
    return bool(np.all(np.isfinite(v)) and np.all(v.real == np.round(v.real)) and np.all(v.imag == np.round(v.imag))
                and np.all(np.abs(v) < 2.0 ** 40))


_TAPES: dict = {}             # per family object: its ExactEnclosure
_STRUCTURE_TAPES: dict = {}   # per network structure and shapes: the recorded tape (or None)


def exact_tape(fam):
    """The :class:`ExactEnclosure` of a gradient family (its tape recorded once per network structure and shapes of
    the slice, sample inputs and coefficient map; the enclosure once per family object), or None: numba does
    not run, a network on a subspace of another's parameters, a program the recorder does not know, or a tape
    with a constant that is not a small integer (then rounding happened while recording).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> E = exact_tape(example_family("linear 2-1-2", "generic"))
    >>> isinstance(E, ExactEnclosure)
    True
    >>> E2 = exact_tape(example_family("linear 2-1-2", "generic", seed=1))     # another slice: the same tape
    >>> E2.tape is E.tape, E2.system.fam is E.system.fam
    (True, False)
    """
    key = id(fam.values), id(fam.N)
    hit = _TAPES.get(key)
    if hit is not None and hit[0] is fam.values and hit[1] is fam.N:
        return hit[2]
    out = None
    if _numba_runs() and getattr(fam, "_E", None) is None:
        S = _system(fam, key)
        # every number of the problem is a parameter register, so the recorded tape depends on the network's
        # program and the shapes only: recorded once per structure, reused by every family of that shape (the full
        # route's per-call families; recording took 1.4 ms on linear 2-1-2, 3.6 ms on conv k=2,2 r=2)
        t = _STRUCTURE_TAPES.get(_structure_key(fam, S), ())
        if t == ():
            t = None
            try:
                from algnet.homotopy.tape import record

                t = record(S, reduce_outputs=False)
                consts = t.values[S.n_vars + S.n_params:]
                if not (t.transform is None and _exact(t.dot_coef) and _exact(consts)):
                    t = None
            except Exception:    # an operation the recorder does not know: the object-array route
                t = None
            if len(_STRUCTURE_TAPES) > 32:
                _STRUCTURE_TAPES.clear()
            _STRUCTURE_TAPES[_structure_key(fam, S)] = t
        out = None if t is None else ExactEnclosure(S, t)
    if len(_TAPES) > 64:
        _TAPES.clear()
    _TAPES[key] = (fam.values, fam.N, out)
    return out


def _system(fam, key=None):
    """The :class:`ExactGradient` of ``fam``: the one :func:`remember_exact_tape` made for it when there is one (a
    loaded structure's family: built once, not again by :func:`exact_tape`), else a new one."""
    key = (id(fam.values), id(fam.N)) if key is None else key
    hit = _SYSTEMS.get(key)
    if hit is not None and hit[0] is fam.values and hit[1] is fam.N and hit[2].fam is fam:
        return hit[2]
    S = ExactGradient(fam)
    if len(_SYSTEMS) > 64:
        _SYSTEMS.clear()
    _SYSTEMS[key] = (fam.values, fam.N, S)
    return S


_SYSTEMS: dict = {}           # per family object: its ExactGradient (as _TAPES)


def _structure_key(fam, S):
    return ("structure", type(fam.net).__module__, type(fam.net).__name__, str(fam.net.spec),
            int(fam.net.n_params), fam.N.shape, S.Z.shape, fam.T.shape, S.m)


def remember_exact_tape(fam, tape, system=None) -> None:
    """Use ``tape`` (checked by the caller: :mod:`.tape_store`) as the exact tape of ``fam``'s network structure and
    shapes, instead of recording it (:func:`exact_tape`). ``system``: ``fam``'s :class:`ExactGradient` when the
    caller has one (:func:`exact_tape` then uses it too).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> t = exact_tape(fam).tape
    >>> remember_exact_tape(example_family("linear 2-1-2", "generic", seed=4), t)
    >>> exact_tape(example_family("linear 2-1-2", "generic", seed=5)).tape is t
    True
    >>> fam6 = example_family("linear 2-1-2", "generic", seed=6)
    >>> S = ExactGradient(fam6)
    >>> remember_exact_tape(fam6, t, S)
    >>> exact_tape(fam6).system is S, exact_tape(fam6).tape is t
    (True, True)
    """
    if len(_STRUCTURE_TAPES) > 32:
        _STRUCTURE_TAPES.clear()
    S = _system(fam) if system is None else system
    if system is not None and system.fam is fam:
        if len(_SYSTEMS) > 64:
            _SYSTEMS.clear()
        _SYSTEMS[(id(fam.values), id(fam.N))] = (fam.values, fam.N, system)
    _STRUCTURE_TAPES[_structure_key(fam, S)] = tape


def _rows(a, dtype, L):
    """``a`` (one value, or L of them) as a new writable contiguous array of L values of ``dtype``."""
    a = np.asarray(a, dtype=dtype).reshape(-1)
    return a.repeat(L) if a.shape[0] == 1 and L != 1 else np.array(a, copy=True) if a.shape[0] == L else \
        np.broadcast_to(a, (L,)).copy()         # (a wrong length: broadcast_to's error)


class ExactEnclosure:
    """``evaluate_interval`` and ``image_interval`` of a gradient family (the interface of
    :class:`~.intervals.DiscEvaluation`) by :func:`disc_eval` on its exact tape, for a metric Q (``Q``, set by
    the caller; the family's by default).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("conv k=2,2 r=2", "generic")
    >>> E = exact_tape(fam)
    >>> X = np.random.default_rng(1).normal(size=(3, 3)) + 0j
    >>> m, r = E.image_interval(X, np.full(3, 1e-8))
    >>> m0, r0 = fam.image_interval(X, np.full(3, 1e-8))
    >>> bool(np.all(np.abs(m - m0) <= r + r0))
    True
    """

    def __init__(self, system: ExactGradient, tape):
        self.system, self.tape = system, tape
        self.Q = system.fam.Q

    def _metric_parameters(self):
        """(c0, N, Z, T, Q), row-major: the parameters before the target (made once per metric)."""
        got = getattr(self, "_cnztq", None)
        if got is None or got[0] is not self.Q:        # (Q may be set by the caller)
            got = self._cnztq = (self.Q, np.concatenate([self.system.fixed_parameters(),
                                                         np.asarray(self.Q, dtype=np.complex128).reshape(-1)]))
        return got[1]

    def with_metric(self, Q):
        """This enclosure for the metric Q (the same tape).

        Examples
        --------
        >>> from algnet.analyses.critical.system import example_family
        >>> E = exact_tape(example_family("linear 2-1-2", "generic"))
        >>> E.with_metric(np.eye(4)).Q.tolist() == np.eye(4).tolist(), E.with_metric(np.eye(4)).tape is E.tape
        (True, True)
        """
        out = ExactEnclosure(self.system, self.tape)
        out.Q = np.asarray(Q)
        return out

    def _run(self, Xm, xr, p, need=True):
        t, S = self.tape, self.system
        Xm = np.ascontiguousarray(np.array(Xm, dtype=np.complex128, ndmin=2, copy=None))
        L = Xm.shape[0]
        # writable, contiguous, of length L: a read-only array (the broadcast of one value) is another signature of
        # disc_eval (ndarray.repeat of one value, or np.array's copy: numpy's broadcast_to is a dozen Python calls)
        xr = _rows(xr, np.float64, L)
        P = np.concatenate([self._metric_parameters(), np.zeros(S.m, dtype=np.complex128) if p is None
                            else np.asarray(p, dtype=np.complex128).reshape(-1)])
        k = len(t.outputs)
        Fm = np.empty((L, k), dtype=np.complex128)
        Fr = np.empty((L, k))
        Jm = np.empty((L, k, S.n_vars), dtype=np.complex128)
        Jr = np.empty((L, k, S.n_vars))
        need = _rows(need, np.bool_, L)
        disc_eval(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, S.n_vars, Xm, xr, P,
                  need, Fm, Fr, Jm, Jr)
        return Fm, Fr, Jm, Jr

    def evaluate_interval(self, Xm, xr, p=None, hessian=True):
        """(G, H) as :class:`~algnet.homotopy.discs.Disc` (H for the rows of the mask ``hessian``). The images and
        their Jacobian over the rows with H are kept (:meth:`image_interval`, :meth:`center_rows`)."""
        from algnet.homotopy.discs import Disc

        ns = self.system.n_vars
        Xm = np.ascontiguousarray(np.array(Xm, dtype=np.complex128, ndmin=2, copy=None))
        L = Xm.shape[0]
        mask = _rows(hessian, np.bool_, L)
        xr = _rows(xr, np.float64, L)
        Fm, Fr, Jm, Jr = self._run(Xm, xr, p, mask)
        every = bool(mask.all())
        rows = slice(None) if every else np.nonzero(mask)[0]
        # the rows with H, as arrays: their centres, radii, images (discs) and, midpoints at the centres (midpoint
        # arithmetic does not depend on the radii), the images' Jacobian along the slice
        self._images = (Xm.copy() if every else Xm[rows], xr[rows], Fm[rows, ns:], Fr[rows, ns:], Jm[rows, ns:, :])
        if not every:          # a run with rows at the centres too: the first pass of the Krawczyk test
            self._centers = self._images
        G = Disc(Fm[:, :ns], Fr[:, :ns])
        if not every and not mask.any():
            return G, None
        return G, Disc(Jm[rows, :ns, :], Jr[rows, :ns, :])

    def krawczyk_pass(self, X, F, J, radius, p, scale):
        """The first pass of the batched Krawczyk test at the k centres X of sizes ``scale`` from the float values F
        and Jacobians J there, in one compiled call (:func:`.disc_kernel.krawczyk_pass`: the approximate inverses Y,
        the guessed radii -- ``radius`` when not None --, the enclosures and the inclusion test): ``(Y, guess, live,
        radii, ym, yr, step, ok, contraction)`` as :func:`algnet.homotopy.certify.krawczyk_batch` computes them with
        :meth:`evaluate_interval`, or None (nothing done) when a size is not finite or a Jacobian singular.
        The images are kept as by :meth:`evaluate_interval` (rows at the centres first, then the rows with H), and
        when every point passed, the count of their image discs apart from all others (:meth:`apart_count`).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.system import example_family
        >>> fam = example_family("linear 2-1-2", "generic")
        >>> X = np.random.default_rng(3).normal(size=(2, 3)) + 0j
        >>> F, J = fam.evaluate(X, fam.loss.u)
        >>> s = 1 + np.abs(X).max(axis=1)
        >>> Y, guess, live, radii, ym, yr, step, ok, c = exact_tape(fam).krawczyk_pass(X, F, J, None, fam.loss.u, s)
        >>> bool(np.allclose(ym, np.einsum("kij,kj->ki", Y, F))), ok.tolist(), radii.tolist()
        (True, [False, False], [0.0, 0.0])
        >>> exact_tape(fam).krawczyk_pass(X, F, 0 * J, None, fam.loss.u, s) is None
        True
        """
        from algnet.analyses.critical.disc_kernel import krawczyk_pass
        from algnet.homotopy.certify import SMALL_PAIRS

        t, S = self.tape, self.system
        c = np.ascontiguousarray
        u = np.zeros(S.m, dtype=np.complex128) if p is None else np.array(p, dtype=np.complex128).reshape(-1)
        status, Y, guess, live, radii, ym, yr, step, ok, cb, Im, Ir, IJ, apart = krawczyk_pass(
            t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, S.n_vars, c(X), c(F), c(J),
            radius is not None, 0.0 if radius is None else float(radius), self._metric_parameters(), u, scale,
            SMALL_PAIRS)
        if status:
            return None
        self._images = self._centers = images = (X.copy(), guess.copy(), Im, Ir, IJ)
        self._apart = (images, apart)
        return Y, guess, live, radii, ym, yr, step, ok, cb

    def apart_count(self, centers, radii):
        """The number of the points ``centers`` whose image discs over the polydiscs of ``radii`` are apart from all
        the others' (:func:`algnet.homotopy.certify.distinct_count` with :meth:`image_interval` as the key), as the
        last :meth:`krawczyk_pass` counted it when every point passed there with exactly these centres and radii;
        else None.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.examples import example_points
        >>> fam, X, p0 = example_points("linear 2-1-2", "generic", at_target=False)
        >>> E = exact_tape(fam)
        >>> F, J = fam.evaluate(X, p0)
        >>> radii = E.krawczyk_pass(X, F, J, None, p0, 1 + np.abs(X).max(axis=1))[3]
        >>> E.apart_count(X, radii), E.apart_count(X, 2 * radii)
        (6, None)
        """
        got = getattr(self, "_apart", None)
        if got is None or got[1] < 0 or got[0] is not self._images:
            return None
        seen = got[0]
        # (ufunc reductions: ndarray.all is a Python layer)
        if seen[0].shape != centers.shape or not (np.logical_and.reduce(seen[0] == centers, axis=None)
                                                  and np.logical_and.reduce(seen[1] == radii, axis=None)):
            return None
        return int(got[1])

    @staticmethod
    def count_apart(M, R):
        """The rows of the discs (M, R) apart from every other row in some coordinate, by the compiled
        :func:`.disc_kernel.count_apart` (the small-pairs test of :func:`algnet.homotopy.certify.distinct_count`).

        Examples
        --------
        >>> ExactEnclosure.count_apart(np.array([[0.0], [1.0]], dtype=complex), np.full((2, 1), 0.1))
        2
        """
        from algnet.analyses.critical.disc_kernel import count_apart

        return int(count_apart(np.ascontiguousarray(M, dtype=np.complex128), np.ascontiguousarray(R, dtype=np.float64)))

    def image_interval(self, Xm, xr):
        """Discs (midpoints, radii) of the images y over the polydiscs (those of the last :meth:`evaluate_interval`
        when it had exactly these rows with H: the same discs, not computed again)."""
        ns = self.system.n_vars
        Xm = np.array(Xm, dtype=np.complex128, ndmin=2, copy=None)
        xr = np.asarray(xr, dtype=np.float64).reshape(-1)
        seen = getattr(self, "_images", None)
        if (seen is not None and seen[0].shape == Xm.shape and Xm.shape[0] and xr.shape[0] in (1, Xm.shape[0])
                and bool((seen[0] == Xm).all()) and bool((seen[1] == xr).all())):
            return seen[2], seen[3]
        Fm, Fr, _, _ = self._run(Xm, xr, None, False)
        return Fm[:, ns:], Fr[:, ns:]

    def center_rows(self, X):
        """``(images, J)`` at the points X (the rows of the last first pass of the Krawczyk test,
        :meth:`evaluate_interval` with rows at the centres, when its rows with H are exactly X): the float images
        (k, m) and their Jacobian along the slice (k, m, n_vars), or None.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.analyses.critical.system import example_family
        >>> fam = example_family("linear 2-1-2", "generic")
        >>> E = exact_tape(fam)
        >>> X = np.random.default_rng(2).normal(size=(2, 3)) + 0j
        >>> _ = E.evaluate_interval(np.concatenate([X, X]), np.array([0, 0, 1e-9, 1e-9]), fam.loss.u,
        ...                         hessian=np.array([False, False, True, True]))
        >>> y, J = E.center_rows(X)
        >>> bool(np.allclose(y, fam.image(X))), J.shape, E.center_rows(X + 1) is None
        (True, (2, 4, 3), True)
        """
        seen = getattr(self, "_centers", None)
        X = np.atleast_2d(X)
        if seen is None or seen[0].shape != X.shape or not np.logical_and.reduce(seen[0] == X, axis=None):
            return None
        return seen[2], seen[4]
