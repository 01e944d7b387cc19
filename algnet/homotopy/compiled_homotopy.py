"""A parameter homotopy evaluated by its family's recorded tape (the homotopy the compiled tracker runs).

:func:`compile_homotopy` turns a :class:`~algnet.homotopy.homotopies.ParameterHomotopy` of a family that can be
recorded (it implements ``trace(x, p)``, see :mod:`algnet.homotopy.tape`) into a
:class:`CompiledParameterHomotopy`: the same ``evaluate(X, T, idx)``, computed by the tape kernel. A family's tape
is recorded once per process (:func:`family_tape`) or given by the caller (:func:`remember_tape`, e.g. a stored
structure's checked tape). The tracker that runs it is :mod:`algnet.homotopy.compiled`.
"""

from __future__ import annotations

import sys

import numpy as np

from algnet.errors import NotApplicableError
from algnet.homotopy.homotopies import Homotopy, ParameterHomotopy, _times
from algnet.homotopy.rows import GrowingRows
from algnet.homotopy.tape import record, traceable

__all__ = ["CompiledParameterHomotopy", "compile_homotopy", "compiled_available", "family_tape", "remember_tape"]

_TAPES: dict = {}


def compiled_available() -> bool:
    """numba is installed (the compiled engine can run).

    Examples
    --------
    >>> compiled_available()                  # numba is a dependency of algnet
    True
    """
    import importlib.util

    # found, not imported: numba's import and start-up (0.5-0.7 s of CPU) are paid where a kernel is first called
    # (a command line's first count may need none: algnet.homotopy.tape_numpy)
    return "numba" in sys.modules or importlib.util.find_spec("numba") is not None


def remember_tape(family, tape, map_parameters: bool = False) -> None:
    """Use ``tape`` as the recorded tape of ``family`` (a tape the caller kept and checked, e.g. with a stored
    structure: algnet.analyses.critical.tape_store), so that :func:`family_tape` with the same
    ``map_parameters`` does not record it.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    >>> t = record(fam)
    >>> remember_tape(fam, t)
    >>> family_tape(fam) is t
    True
    """
    if len(_TAPES) > 64:
        _TAPES.clear()
    _TAPES[(id(family), bool(map_parameters))] = (family, tape)


def family_tape(family, map_parameters: bool = False):
    """The recorded tape of a family (cached per family object; ``map_parameters``: see
    :meth:`~algnet.homotopy.tape.Tape.map_parameters`, the tape :class:`CompiledParameterHomotopy` runs).

    Not cached across families of one structure (a degree run with another seed, a sweep over seeds): their
    random constants (sample inputs, the slice R, the pinned values b) are folded into the tape, so a shared
    tape would need them as tape inputs (derivative lanes in every evaluation) or a refill redoing the
    recording's arithmetic (row reduction, inlining, lifted forms) to give the same tape. Recording is a small
    part of a count (about 1 ms of a 7-10 ms degree run on linear 3-1-3, under 2% on larger networks), so the
    recording passes are kept cheap instead.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    >>> family_tape(fam) is family_tape(fam), family_tape(fam).n_vars
    (True, 1)
    """
    key = (id(family), bool(map_parameters))
    hit = _TAPES.get(key)
    if hit is not None and hit[0] is family:
        return hit[1]
    tape = record(family, map_parameters=map_parameters)
    if len(_TAPES) > 64:
        _TAPES.clear()
    _TAPES[key] = (family, tape)
    return tape


class CompiledParameterHomotopy(Homotopy):
    """The homotopy F(x; (1 - t) p0 + t p1) of a ParameterHomotopy, evaluated by its family's tape.

    Examples
    --------
    x^2 - p from p = 1 to p = 4, at x = 3 and t = 1/2 (p = 5/2): H = 6.5, H_x = 6, H_t = -(4 - 1) = -3,
    as the uncompiled homotopy gives:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> C = CompiledParameterHomotopy(H)
    >>> [a.real.ravel().tolist() for a in C.evaluate(np.array([[3.0]]), np.array([0.5]))]
    [[6.5], [6.0], [-3.0]]
    >>> all(np.allclose(a, b) for a, b in zip(C.evaluate(np.array([[3.0]]), np.array([0.5])),
    ...                                       H.evaluate(np.array([[3.0]]), np.array([0.5]))))
    True
    """

    def __init__(self, H: ParameterHomotopy):
        self.base = H
        # sums of parameter terms read from parameters of their own, Q p0 and Q p1 mapped once here
        # (algnet.homotopy.tape_params; measured there: 1.02-1.43x paths per CPU second on the big four)
        self.tape = family_tape(H.family, map_parameters=True)
        self.n_vars = H.n_vars
        self._shared = None
        self._rows = {}
        self._last = None       # (p0, p1, rows, the arrays) of the last call

    def parameters(self, N):
        """(P0, P1) as contiguous writable (N', m') arrays, N' >= N (per-path rows, or a shared end broadcast), the
        contents of the tape's parameter registers (:meth:`~algnet.homotopy.tape.Tape.map_parameters`).

        Writable always: numba types a read-only array apart, so a read-only P0 or P1 (a broadcast of one row is
        a read-only view) compiled each kernel that reads them once more: on a fresh numba cache
        ``kernels.advance`` and ``path_threads.advance_nogil`` got 3 signatures each (P0 and P1, or P1 alone,
        read-only) and ``endpoint_rows`` 2, every one a full compile of that kernel."""
        H = self.base
        last = self._last
        if last is not None and last[0] is H.p0 and last[1] is H.p1 and last[2] >= N:
            return last[3]              # nothing extended since the last call (two calls a return in monodromy)
        if self._shared is None or self._shared[0] < N:
            self._shared = (max(N, 1), {})
        out = []
        for name, p in (("p0", H.p0), ("p1", H.p1)):
            if p.ndim == 2:
                out.append(self._mapped_rows(name, p))
            else:
                cache = self._shared[1]
                if name not in cache:
                    q = self.tape.map_parameters(p)
                    rows = cache[name] = np.empty((self._shared[0], q.size), dtype=np.complex128)
                    rows[...] = q
                out.append(cache[name])
        P0, P1 = out
        self._last = (H.p0, H.p1, min(P0.shape[0], P1.shape[0]), (P0, P1))
        return P0, P1

    def _mapped_rows(self, name, p):
        """The tape's parameters of per-path rows p, mapped once: rows appended since the last call (the
        monodromy scheduler's ``ParameterHomotopy.extend``) are mapped alone (remapping all rows at every
        step was 0.7 of 1.4 s CPU of linear 6-2-4's degree)."""
        hit = self._rows.get(name)
        if hit is not None and hit[0] is p:
            return hit[1]
        t = self.tape
        if t.param_map is None:
            mapped = np.ascontiguousarray(p)
            if not mapped.flags.writeable:
                mapped = mapped.copy()
            self._rows[name] = (p, mapped, None)
            return mapped
        if hit is not None and p.shape[0] >= hit[0].shape[0] and (
                self._appended(name, hit[0], p) or np.array_equal(p[:hit[0].shape[0]], hit[0])):
            grow = hit[2]       # the mapped rows so far, with room for more (algnet.homotopy.rows)
            mapped = grow.append(t.map_parameters(p[hit[0].shape[0]:]))
        else:
            q = np.asarray(t.map_parameters(p))
            grow = GrowingRows(q.shape[1:], np.complex128)
            mapped = grow.append(q)
        self._rows[name] = (p, mapped, grow)
        return mapped

    def _appended(self, name, old, p) -> bool:
        """Whether ``p`` is ``old`` with rows appended by the last ``ParameterHomotopy.extend`` (then the old rows
        need no comparison: about 20-80 us a step in monodromy, more as the paths add up)."""
        was, now = getattr(self.base, "extended", {}).get(name, (None, None))
        return was is old and now is p

    def _path_parameters(self, N, T, idx=None):
        """The parameters of paths ``idx`` (else the first N) at times T, (1 - t) p0 + t p1, and p1 - p0."""
        P0, P1 = self.parameters(N if idx is None else int(np.max(idx, initial=-1)) + 1)
        if idx is not None:
            idx = np.asarray(idx)
            P0, P1 = P0[idx], P1[idx]
        else:
            P0, P1 = P0[:N], P1[:N]
        return (1 - T)[:, None] * P0 + T[:, None] * P1, P1 - P0

    def evaluate(self, X, T, idx=None):
        from algnet.homotopy.kernels import tape_eval_batch

        X = np.ascontiguousarray(X, dtype=np.complex128)
        T = _times(T)
        if np.iscomplexobj(T):
            return self.base.evaluate(X, T, idx)
        N = X.shape[0]
        P, DP = self._path_parameters(N, T, idx)
        P = np.ascontiguousarray(P)
        DP = np.ascontiguousarray(DP)
        t = self.tape
        k = len(t.outputs)
        F = np.empty((N, k), dtype=np.complex128)
        J = np.empty((N, k, self.n_vars), dtype=np.complex128)
        Ht = np.empty((N, k), dtype=np.complex128)
        tape_eval_batch(*t.args, t.n_vars, X, P, DP, F, J, Ht)
        return t.restore(F, J, Ht)


def compile_homotopy(H) -> CompiledParameterHomotopy:
    """The compiled form of ``H``, or NotApplicableError (not a parameter homotopy of a traceable family).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0])
    >>> compile_homotopy(H).tape.n_vars
    1
    >>> from algnet.homotopy.homotopies import StraightLineHomotopy
    >>> compile_homotopy(StraightLineHomotopy(H.family.G, H.family.G, 1j))
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: StraightLineHomotopy: only parameter homotopies are compiled...
    """
    if not isinstance(H, ParameterHomotopy):
        raise NotApplicableError(f"{type(H).__name__}: only parameter homotopies are compiled",
                                 hint="use TrackerOptions(engine='numpy')")
    if not traceable(H.family):
        raise NotApplicableError(f"{type(H.family).__name__} cannot be recorded (no trace(x, p))",
                                 hint="implement trace(x, p) on the family, or use TrackerOptions(engine='numpy')")
    return CompiledParameterHomotopy(H)
