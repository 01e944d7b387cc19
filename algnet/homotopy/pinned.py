"""Families with some unknowns solved by substitution: :class:`PinnedFamily`, and the helpers through which
the monodromy solver, the trace test and the degree route see any family's solutions as full points.

A witness system's coordinate slices ``x_j - p_k = 0`` pin unknowns to parameters: a
:class:`PinnedFamily` tracks the other n - e unknowns (the same paths, smaller Jacobians) and
:meth:`PinnedFamily.full` puts the pinned ones back; a :class:`FixedPinFamily` also holds the pinned
values fixed (constants b, not parameters: the degree route's family). :func:`full_points`, :func:`free_unknowns`,
:func:`point_vars` and :func:`start_pairs` do the same for any family (the identity, and the family's own
``start_parameters``, for a family without pins), so that callers need not ask which kind they have.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}]))    # x0 x1 = p0, x1 = p1
>>> pf = PinnedFamily(fam, [(1, 1, 1)])
>>> point_vars(pf), point_vars(fam), full_points(pf, np.array([[3.0]]), np.array([6.0, 2.0])).real.tolist()
(2, 2, [[3.0, 2.0]])
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import acb, acb_mat
from algnet.errors import ParameterError
from algnet.homotopy.systems import System, _check_points

__all__ = ["PinnedFamily", "FixedPinFamily", "full_points", "free_unknowns", "point_vars", "start_pairs",
           "tracked_parameters"]


class PinnedFamily(System):
    """A family whose equations ``x_j - p_k = 0`` (unknowns pinned to parameters, e.g. the coordinate
    slices of a witness system) are solved by substitution: the other unknowns and equations remain.

    ``pins`` lists triples (equation i, unknown j, parameter k) with equation i of ``family`` equal to
    ``x_j - p_k`` (checked at a random point; ParameterError otherwise). The pinned family has
    ``n - e`` unknowns (:attr:`free`, in order) and the same parameters; its solutions are those of
    ``family`` without the pinned coordinates (:meth:`full` puts them back: ``x_j = p_k``). Same
    paths, smaller Jacobians: the LU and the tape's derivative lanes shrink with n.

    On the witness systems of ``bench/bench_tracker.py`` (1,024 paths, one thread, compiled tracker; same
    statuses, endpoints within 4e-11, evaluation counts within 0.2%) this gives 1.07-1.44x the paths per CPU
    second of the full family (n 20 -> 16 on linear 6-2-4). The inlining of :mod:`algnet.homotopy.tape_inline`
    keeps the lane intervals from widening to the parameter lane. The degree route once tracked its witness
    system this way
    (:func:`algnet.analyses.witness_system.witness_setup` with ``pin="moving"``; now with the values
    held fixed, :class:`FixedPinFamily`): the monodromy solver and the trace test see the full points
    (:meth:`full`, at each point's own parameters) wherever they key, sum or return points, and the
    certification runs on ``family``.

    Examples
    --------
    x0 x1 - p0 = 0 with the slice x1 - p1 = 0: one unknown left, x0 p1 - p0.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> G = PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])
    >>> fam = PinnedFamily(OffsetFamily(G), [(1, 1, 1)])
    >>> fam.n_vars, fam.n_params, fam.free
    (1, 2, [0])
    >>> P = np.array([[6.0, 2.0]])
    >>> F, J = fam.evaluate(np.array([[3.0]]), P)           # 3 * 2 - 6 = 0, slope p1 = 2
    >>> F.real.tolist(), J.real.tolist(), fam.full(np.array([[3.0]]), P).real.tolist()
    ([[0.0]], [[[2.0]]], [[3.0, 2.0]])
    >>> fam.param_derivative(np.array([[3.0]]), P, np.array([1.0, 1.0])).real.tolist()   # -1 + x0
    [[2.0]]
    """

    def __init__(self, family: System, pins, base=None):
        self.family = family
        # values of the pinned unknowns for start_parameters (None: start_parameters is not available)
        self.base = None if base is None else np.asarray(base, dtype=np.complex128).reshape(-1)
        self.pins = [(int(i), int(j), int(k)) for i, j, k in pins]
        n, m = family.n_vars, family.n_params
        self.pinned = [j for _, j, _ in self.pins]
        self.params = [k for _, _, k in self.pins]
        rows = {i for i, _, _ in self.pins}
        if len(rows) != len(self.pins) or len(set(self.pinned)) != len(self.pins):
            raise ParameterError("each pin needs its own equation and unknown", hint="list (equation, unknown, "
                                 "parameter) triples without repeats")
        self.free = [j for j in range(n) if j not in set(self.pinned)]
        # the same indices as arrays: numpy converts a list index on every use (a point's keys, every return)
        self._free_at = np.array(self.free, dtype=np.intp)
        self._pinned_at = np.array(self.pinned, dtype=np.intp)
        self.rows = [i for i in range(n) if i not in rows]
        self.n_vars = len(self.free)
        self.n_params = m
        self.real = family.real
        self._check()

    def _check(self):
        """ParameterError unless every pin's equation is ``x_j - p_k``: answered exactly by the family's own
        ``pins_are_slices(pins)`` where it has one (a witness system knows its slice rows; not when a subclass
        overrides ``evaluate`` alone), else checked at a random point (values and Jacobian rows to 1e-12)."""
        from algnet.homotopy.tape import _defining

        exact = getattr(self.family, "pins_are_slices", None)
        kind = type(self.family)
        if callable(exact) and issubclass(_defining(kind, "pins_are_slices") or object,
                                          _defining(kind, "evaluate") or object) and exact(self.pins):
            return
        rng = np.random.default_rng(0)
        n, m = self.family.n_vars, self.family.n_params
        X = rng.normal(size=(1, n)) + 1j * rng.normal(size=(1, n))
        P = rng.normal(size=(1, m)) + 1j * rng.normal(size=(1, m))
        F, J = self.family.evaluate(X, P)
        for i, j, k in self.pins:
            e = np.zeros(n)
            e[j] = 1
            if abs(F[0, i] - (X[0, j] - P[0, k])) > 1e-12 * (1 + abs(X[0, j]) + abs(P[0, k])) or \
                    not np.max(np.abs(J[0, i] - e)) <= 1e-12:        # np.allclose(rtol=0, atol=1e-12), cheaper
                raise ParameterError(f"equation {i} is not x_{j} - p_{k}", hint="pin only coordinate slices")

    #: Whether :meth:`full` reads the parameters (the pinned unknowns' values are parameters here).
    full_needs_parameters = True

    def full(self, X, P=None, order: str = "C"):
        """The points of ``family``: the pinned unknowns put back from the parameters (``order``: the layout of
        the (N, n) result, "C" or "F" -- columns contiguous, as :func:`full_points` explains)."""
        if P is None:
            raise ParameterError("a pinned family's points need their parameters", hint="pass P")
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        P = np.broadcast_to(np.asarray(P, dtype=np.complex128), (X.shape[0], self.n_params))
        return self._embed(X, P[:, self.params], order)

    def _embed(self, X, V, order: str = "C"):
        """Full points with free unknowns X (N, n - e) and pinned unknowns V (their values, broadcast), in the
        memory layout ``order``."""
        if order == "F":
            T = np.empty((self.family.n_vars, X.shape[0]), dtype=np.complex128).T
        elif order == "C":
            T = np.empty((X.shape[0], self.family.n_vars), dtype=np.complex128)
        else:
            raise ParameterError(f"unknown order {order!r}", hint="order is 'C' (rows contiguous) or 'F' (columns)")
        T[:, self._free_at] = X
        T[:, self._pinned_at] = V
        return T

    @property
    def full_vars(self) -> int:
        """Coordinates of the family's points (``family.n_vars``)."""
        return self.family.n_vars

    def reduce(self, T, P=None):
        """The free unknowns of full points T (N, n); with ``P``, T must satisfy the pins there
        (ParameterError otherwise: T is not a solution of any member at P).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
        >>> G = PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])
        >>> fam = PinnedFamily(OffsetFamily(G), [(1, 1, 1)])
        >>> fam.reduce(np.array([[3.0, 2.0]]), np.array([6.0, 2.0])).real.tolist()
        [[3.0]]
        """
        T = _check_points(T, self.family.n_vars)
        if P is not None:
            P = np.broadcast_to(np.asarray(P, dtype=np.complex128), (T.shape[0], self.n_params))
            d = np.abs(T[:, self.pinned] - P[:, self.params])
            if d.size and np.max(d) > 1e-8 * (1 + np.max(np.abs(P[:, self.params]))):
                raise ParameterError(f"points off the pinned slices by {np.max(d):.1e}",
                                     hint="give points of the family at these parameters (x_j = p_k)")
        return np.ascontiguousarray(T[:, self._free_at])

    def start_pairs(self, T):
        """(X, P): the free unknowns of full points T (N, n) and the parameters at which they solve the
        family (``family.start_parameters(T)``: the pinned unknowns sit on their slices there)."""
        T = _check_points(T, self.family.n_vars)
        return np.ascontiguousarray(T[:, self._free_at]), self.family.start_parameters(T)

    def start_parameters(self, X):
        """The parameters at which points X (N, n - e) solve the family, the pinned unknowns at ``base``."""
        if self.base is None or self.base.shape[0] != len(self.pins):
            raise ParameterError("start_parameters needs the values of the pinned unknowns",
                                 hint=f"pass base= ({len(self.pins)} values) to PinnedFamily")
        return self.family.start_parameters(self._embed(_check_points(X, self.n_vars), self.base))

    def evaluate_ball(self, x, p=None):
        """Values and Jacobian in ball arithmetic (the family's, rows and columns of the pins removed)."""
        if p is None:
            raise ParameterError("a pinned family needs its parameters", hint="pass p")
        full = [None] * self.family.n_vars
        for j, xj in zip(self.free, x):
            full[j] = xj
        for j, k in zip(self.pinned, self.params):
            full[j] = p[k] if isinstance(p[k], acb) else acb(complex(p[k]).real, complex(p[k]).imag)
        F, J = self.family.evaluate_ball(full, p)
        n = self.n_vars
        JJ = acb_mat(n, n)
        for a, i in enumerate(self.rows):
            for b, j in enumerate(self.free):
                JJ[a, b] = J[i, j]
        return [F[i] for i in self.rows], JJ

    def evaluate(self, X, P=None):
        if P is None:
            raise ParameterError("a pinned family needs its parameters", hint="pass P")
        F, J = self.family.evaluate(self.full(X, P), P)
        return F[:, self.rows], J[:, self.rows][:, :, self.free]

    def param_derivative(self, X, P, dP):
        T = self.full(X, P)
        dP = np.broadcast_to(np.asarray(dP, dtype=np.complex128), (T.shape[0], self.n_params))
        _, J = self.family.evaluate(T, P)
        direct = self.family.param_derivative(T, P, dP)[:, self.rows]
        return direct + np.einsum("nij,nj->ni", J[:, self.rows][:, :, self.pinned], dP[:, self.params])

    def trace(self, x, p):
        """The family's program with the pinned unknowns read from the parameter registers."""
        full = [None] * self.family.n_vars
        for j, xj in zip(self.free, x):
            full[j] = xj
        for j, k in zip(self.pinned, self.params):
            full[j] = p[k]
        return _traced_rows(self, full, p)

    @property
    def traceable(self):
        return callable(getattr(self.family, "trace", None)) and bool(getattr(self.family, "traceable", True))



class FixedPinFamily(PinnedFamily):
    """A :class:`PinnedFamily` whose pinned unknowns keep fixed values ``b`` (constants, not parameters):
    its parameters are the family's other ones only (the dim offsets c of a witness system).

    ``pins`` as for :class:`PinnedFamily` (equation i of ``family`` is ``x_j - p_k``), ``values`` the e
    values b of the pinned unknowns. The family has ``n - e`` unknowns (:attr:`free`) and the ``m - e``
    parameters :attr:`kept` of ``family`` (in order); its member at c is ``family``'s member at the
    parameters (c, b) (:meth:`family_parameters`) with the pins substituted. :meth:`full` puts b back
    (whatever the parameters), :meth:`restrict` maps ``family``'s parameters to its own. Recorded for the
    compiled tracker (:meth:`trace`), b enters the tape as constants: the instructions that only combine
    pinned weights and sample inputs are folded at recording, and the parameter-direction lane reads c only
    (H_t = -(c1 - c0) on a witness system ``R v(theta) - c``).

    Why monodromy in c alone finds every witness point (the degree route, with b drawn at random): the
    incidence {(theta_free, c) : R v(theta_free, b) = c} is the graph of a polynomial map on the affine
    space of theta_free, hence irreducible, and theta_free -> c is dominant with finite generic fibres (the
    coordinate slice theta_S = b is transversal to the fibres of theta -> v(theta) at the start point); so
    the monodromy group of this branched cover acts transitively on a generic fibre (J. Harris, *Galois
    groups of enumerative problems*, Duke Math. J. 46 (1979) 685-724, Sec. I; as used by Duff, Hill,
    Jensen, Lee, Leykin and Sommars, *Solving polynomial systems via homotopy continuation and monodromy*,
    IMA J. Numer. Anal. 39 (2019), Sec. 2), and loops in c reach every point of the fibre. The points of
    M on the slice R y = c that the fibre reaches are all of M's (for generic b the map theta_free ->
    v(theta_free, b) is dominant onto M: its differential has rank dim at the start point). The trace
    test moves only c already.

    Against the :class:`PinnedFamily` with b among the parameters (the witness systems of
    :func:`algnet.analyses.witness_system.witness_setup`): fewer tape lanes (e.g. 592 -> 444 on linear 6-2-4),
    the kernel (evaluation with Jacobian) 1.07-1.31x faster, fewer steps and evaluations a path, and whole
    degrees at 0.52-1.05x the CPU on the cases of ``bench_degree``. The searches differ: the keys (points of M on
    R y = c) depend on c only, so moving b never changed how a loop permutes them, but the random draws differ
    and with them the paths per seed. Random starts with b fixed reach somewhat fewer distinct points, but
    starting them with b random and moving b to its value at their c (one more path each) did not lower the
    paths. The same degrees on every case of ``bench_degree`` over seeds 0-9, trace test passing, every point
    certified.

    Examples
    --------
    x0 x1 - p0 = 0 with the slice x1 - p1 = 0 and x1 held at 2: x0 * 2 - c = 0 in one unknown and one
    parameter.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> G = PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])
    >>> fam = FixedPinFamily(OffsetFamily(G), [(1, 1, 1)], [2.0])
    >>> fam.n_vars, fam.n_params, fam.free, fam.kept
    (1, 1, [0], [0])
    >>> F, J = fam.evaluate(np.array([[3.0]]), np.array([6.0]))            # 3 * 2 - 6 = 0, slope 2
    >>> F.real.tolist(), J.real.tolist(), fam.full(np.array([[3.0]])).real.tolist()
    ([[0.0]], [[[2.0]]], [[3.0, 2.0]])
    >>> fam.param_derivative(np.array([[3.0]]), np.array([6.0]), np.array([1.0])).real.tolist()   # -dc
    [[-1.0]]
    >>> X, P = fam.start_pairs(np.array([[3.0, 5.0]]))                   # x1 is put at b = 2
    >>> X.real.tolist(), P.real.tolist(), fam.family_parameters(P).real.tolist()
    ([[3.0]], [[6.0]], [[6.0, 2.0]])
    """

    def __init__(self, family: System, pins, values):
        super().__init__(family, pins)
        self.values = np.asarray(values, dtype=np.complex128).reshape(-1)
        if self.values.shape[0] != len(self.pins):
            raise ParameterError(f"{self.values.shape[0]} values for {len(self.pins)} pins",
                                 hint="give one value per pinned unknown")
        self.base = self.values
        self.real = bool(family.real) and not np.any(self.values.imag)    # real coefficients need real b
        pinned_params = set(self.params)
        self.kept = [k for k in range(family.n_params) if k not in pinned_params]
        self.n_params = len(self.kept)

    def family_parameters(self, P):
        """``family``'s parameters (..., m) for parameters P (..., m - e) of this family: b put back."""
        P = np.asarray(P, dtype=np.complex128)
        out = np.empty(P.shape[:-1] + (self.family.n_params,), dtype=np.complex128)
        out[..., self.kept] = P
        out[..., self.params] = self.values
        return out

    def restrict(self, P):
        """This family's parameters of ``family``'s parameters P (..., m): the kept ones (the pinned
        parameters are dropped; a point of ``family`` at P is one of this family only if they equal b)."""
        return np.asarray(P)[..., self.kept]

    full_needs_parameters = False

    def full(self, X, P=None, order: str = "C"):
        """The points of ``family``: the pinned unknowns put back at b (``P`` is not needed; ``order`` as for
        :meth:`PinnedFamily.full`)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        return self._embed(X, self.values, order)

    def reduce(self, T, P=None):
        """The free unknowns of full points T (N, n), which must lie on the pins x_j = b
        (ParameterError otherwise; ``P`` is not needed).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
        >>> G = PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])
        >>> FixedPinFamily(OffsetFamily(G), [(1, 1, 1)], [2.0]).reduce(np.array([[3.0, 2.0]])).real.tolist()
        [[3.0]]
        """
        T = _check_points(T, self.family.n_vars)
        d = np.abs(T[:, self._pinned_at] - self.values)
        if d.size and np.max(d) > 1e-8 * (1 + np.max(np.abs(self.values))):
            raise ParameterError(f"points off the fixed pins by {np.max(d):.1e}",
                                 hint="give points with the pinned unknowns at the family's values b")
        return np.ascontiguousarray(T[:, self._free_at])

    def start_pairs(self, T):
        """(X, P): the free unknowns of points T (N, n) and the parameters at which they solve the family
        (T's pinned coordinates are replaced by b: the point of the family with T's free unknowns)."""
        T = _check_points(T, self.family.n_vars)
        X = np.ascontiguousarray(T[:, self._free_at])
        return X, self.start_parameters(X)

    def start_parameters(self, X):
        """The parameters at which points X (N, n - e) solve the family (the pinned unknowns at b)."""
        P = self.family.start_parameters(self._embed(_check_points(X, self.n_vars), self.values))
        return np.ascontiguousarray(self.restrict(np.asarray(P, dtype=np.complex128)))

    def evaluate_ball(self, x, p=None):
        """Values and Jacobian in ball arithmetic (the family's at (c, b), rows and columns of the pins
        removed)."""
        if p is None:
            raise ParameterError("a pinned family needs its parameters", hint="pass p")
        full = [None] * self.family.n_params
        for k, pk in zip(self.kept, p):
            full[k] = pk
        for k, v in zip(self.params, self.values):
            full[k] = acb(v.real, v.imag)
        return super().evaluate_ball(x, full)

    def evaluate(self, X, P=None):
        if P is None:
            raise ParameterError("a pinned family needs its parameters", hint="pass P")
        X = np.atleast_2d(np.asarray(X, dtype=np.complex128))
        F, J = self.family.evaluate(self.full(X), self.family_parameters(P))
        return F[:, self.rows], J[:, self.rows][:, :, self.free]

    def param_derivative(self, X, P, dP):
        T = self.full(X)
        dP = np.broadcast_to(np.asarray(dP, dtype=np.complex128), (T.shape[0], self.n_params))
        dfull = np.zeros((T.shape[0], self.family.n_params), dtype=np.complex128)
        dfull[:, self.kept] = dP
        return self.family.param_derivative(T, self.family_parameters(P), dfull)[:, self.rows]

    def trace(self, x, p):
        """The family's program with the pinned unknowns (and their parameters) as the constants b."""
        from algnet.homotopy.tape import Tracer

        x = list(x)
        builder = x[0].b
        b = [Tracer(builder, const=complex(v)) for v in self.values]
        full = [None] * self.family.n_vars
        for j, xj in zip(self.free, x):
            full[j] = xj
        for j, bj in zip(self.pinned, b):
            full[j] = bj
        fp = [None] * self.family.n_params
        for k, pk in zip(self.kept, p):
            fp[k] = pk
        for k, bk in zip(self.params, b):
            fp[k] = bk
        return _traced_rows(self, full, fp)


def _traced_rows(fam, full, fp):
    """The equations ``fam.rows`` of ``fam.family.trace(full, fp)``: by the family's ``trace_rows`` where it has one
    (the dropped slice rows are not formed; not when a subclass overrides ``trace`` alone), else all of them,
    then selected."""
    from algnet.homotopy.tape import _defining

    rows = getattr(fam.family, "trace_rows", None)
    kind = type(fam.family)
    if callable(rows) and issubclass(_defining(kind, "trace_rows") or object, _defining(kind, "trace") or object):
        return list(rows(full, fp, fam.rows))
    out = list(fam.family.trace(full, fp))
    return [out[i] for i in fam.rows]


def full_points(family, X, P, order: str = "C"):
    """The points solutions ``X`` of ``family`` at parameters ``P`` stand for: with a :class:`PinnedFamily`
    its pinned unknowns put back (:meth:`PinnedFamily.full`), else ``X`` itself. ``P`` may be None when the
    family does not read it (:attr:`PinnedFamily.full_needs_parameters` false, or not pinned). ``order`` is the
    memory layout of a result built here: "F" (the columns contiguous) suits a reader that wants the points as
    columns, such as the network's batched values (:meth:`~algnet.analyses.witness.NetworkValues.values` copies
    a C-ordered batch into that layout first); the numbers are the same.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}]))
    >>> full_points(fam, np.array([[3.0, 2.0]]), None).real.tolist()
    [[3.0, 2.0]]
    >>> T = full_points(FixedPinFamily(fam, [(1, 1, 1)], [2.0]), np.array([[3.0]]), None, order="F")
    >>> T.real.tolist(), T.flags.f_contiguous
    ([[3.0, 2.0]], True)
    """
    if isinstance(family, PinnedFamily):
        return family.full(X, P, order)
    return np.asarray(X, dtype=np.complex128)


def free_unknowns(family, T, P=None):
    """The unknowns ``family`` tracks of full points T (the inverse of :func:`full_points`; with ``P`` a
    :class:`PinnedFamily` checks that T lies on its pins there).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> pf = PinnedFamily(OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])), [(1, 1, 1)])
    >>> free_unknowns(pf, np.array([[3.0, 2.0]])).real.tolist()
    [[3.0]]
    """
    if isinstance(family, PinnedFamily):
        return family.reduce(T, P)
    return np.asarray(T, dtype=np.complex128)


def point_vars(family) -> int:
    """Coordinates of the full points of ``family`` (``n_vars`` plus the pinned unknowns).

    Examples
    --------
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> pf = PinnedFamily(OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])), [(1, 1, 1)])
    >>> pf.n_vars, point_vars(pf)
    (1, 2)
    """
    return family.full_vars if isinstance(family, PinnedFamily) else family.n_vars


def start_pairs(family, T):
    """(X, P): the unknowns of full points T (N, n) and the parameters at which each solves ``family``
    (``family.start_parameters``; for a :class:`PinnedFamily`, its family's at the full points).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> pf = PinnedFamily(OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}])), [(1, 1, 1)])
    >>> X, P = start_pairs(pf, np.array([[3.0, 2.0]]))
    >>> X.real.tolist(), P.real.tolist()
    ([[3.0]], [[6.0, 2.0]])
    """
    if isinstance(family, PinnedFamily):
        return family.start_pairs(T)
    T = np.asarray(T, dtype=np.complex128)
    return T, family.start_parameters(T)


def tracked_parameters(family, P):
    """``family``'s own parameters for parameters P of the system it stands for: with a
    :class:`FixedPinFamily` its :meth:`~FixedPinFamily.restrict` (the pinned parameters dropped), else P.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 1): 1}, {(0, 1): 1}]))
    >>> tracked_parameters(FixedPinFamily(fam, [(1, 1, 1)], [2.0]), np.array([6.0, 2.0])).real.tolist()
    [6.0]
    >>> tracked_parameters(fam, np.array([6.0, 2.0])).real.tolist()
    [6.0, 2.0]
    """
    if isinstance(family, FixedPinFamily):
        return family.restrict(P)
    return np.asarray(P)
