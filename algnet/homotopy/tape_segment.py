"""A tape's staged evaluation specialized to one straight segment of parameters: the numpy tracker's homotopy
(:class:`~algnet.homotopy.tape_numpy.NumpyTapeHomotopy`) with the same start and target parameters for every path.

Along the segment the tape's parameter registers are affine in t, q(t) = q0 + t (q1 - q0), so in the linear forms
of the staged tape (:func:`~algnet.homotopy.tape_numpy._stages`: each register a linear form over the constant 1,
the variables, the parameter registers and the products) the parameters fold into two columns, the constant's and
a new atom t's, once per segment: a form's constant becomes ``c + C q0`` and its t coefficient ``C (q1 - q0)``
(C its parameter coefficients). An evaluation then reads the rows' x and t alone (no parameter rows formed at
every evaluation: (1 - t) p0 + t p1 for each row and its direction), the derivative in t is the tangent lane of
the atom t, and the output transform of the tape (:meth:`~algnet.homotopy.tape.Tape.restore`) is folded into the
output forms. The values agree with the staged evaluation up to rounding (the folded coefficients are sums of
products of the tape's). A light evaluation (H and H_x w + H_t, the tracker's simplified Newton steps and third
RK4 stage) runs one tangent lane, along (w, 1), instead of n + 1.

Examples
--------
x^2 - p from p = 1 to p = 4, at x = 3 and t = 1/2 (p = 5/2): H = 6.5, H_x = 6, H_t = -3.

>>> import numpy as np
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(1, 1)
>>> tape = b.finish([b.x[0] * b.x[0] - b.p[0]])
>>> seg = SegmentTape(tape, np.array([1.0]), np.array([4.0]))
>>> [a.real.ravel().tolist() for a in seg.evaluate(np.array([[3.0]]), np.array([0.5]))]
[[6.5], [6.0], [-3.0]]
>>> [a.real.ravel().tolist() for a in seg.evaluate_light(np.array([[3.0]]), np.array([0.5]), np.array([[2.0]]))]
[[6.5], [9.0]]
"""

from __future__ import annotations

import threading

import numpy as np

from algnet.homotopy.tape_numpy import DENSE_WORK, _stages

__all__ = ["SegmentTape"]


def _split(tape):
    """The staged tape's forms with the parameter columns apart, once per tape: (n, atoms in the new numbering,
    per stage (f, k, x/product columns, their coefficients, constant coefficients, parameter coefficients, iab),
    the output forms likewise). New numbering: 0 the constant, 1..n the variables, n + 1 the atom t, then the
    products (shifted down by the parameter registers less one)."""
    sp = getattr(tape, "_segment_split", None)
    if sp is not None:
        return sp
    atoms, stages, (oused, out) = _stages(tape)
    n, m = int(tape.n_vars), int(tape.param_registers)
    shift = m - 1

    def part(used, M):
        M = np.asarray(M, dtype=np.complex128)
        used = np.asarray(used, dtype=np.int64)
        const = np.zeros(M.shape[0], dtype=np.complex128)
        C = np.zeros((M.shape[0], m), dtype=np.complex128)
        keep = []
        for j, a in enumerate(used.tolist()):
            if a == 0:
                const += M[:, j]
            elif a <= n:
                keep.append((j, a))
            elif a <= n + m:
                C[:, a - n - 1] += M[:, j]
            else:
                keep.append((j, a - shift))
        cols = np.array([0, n + 1] + [a for _, a in keep], dtype=np.int64)      # the constant, t, the rest
        K = np.zeros((M.shape[0], cols.size), dtype=np.complex128)
        if keep:
            K[:, 2:] = M[:, [j for j, _ in keep]]
        return cols, K, const, C

    parts = []
    for f, k, (used, M, _cols, _coef, _starts), iab in stages:
        parts.append((f - shift, k, iab) + part(used, M))
    T = tape.transform
    out_part = part(oused, out if T is None else np.asarray(T, dtype=np.complex128) @ out)
    sp = tape._segment_split = (n, atoms - shift, parts, out_part)
    return sp


class SegmentTape:
    """The tape ``tape`` along the parameters q0 + t (q1 - q0) (the tape's parameter registers of p0 and p1:
    :meth:`~algnet.homotopy.tape.Tape.map_parameters`), evaluated by numpy at rows of x and t (module doc).

    :meth:`evaluate` returns H, H_x, H_t (the system's: the tape's output transform applied);
    :meth:`evaluate_light` H and H_x w + H_t. ``quiet``: the caller evaluates under its own
    ``np.errstate(invalid="ignore", over="ignore")`` (the tracker's steps), else each evaluation sets it.

    Examples
    --------
    f = x0 x1 p - 1 from p = 2 to p = 2 + 4i, at x = (1, 3), t = 1/4 (p = 2 + i): H = 5 + 3i, H_x = 3 (2 + i),
    2 + i and H_t = x0 x1 (4i) = 12i.

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 1)
    >>> tape = b.finish([b.x[0] * b.x[1] * b.p[0] - 1])
    >>> F, J, Ht = SegmentTape(tape, np.array([2.0]), np.array([2.0 + 4j])).evaluate(np.array([[1.0, 3.0]]), [0.25])
    >>> F.tolist(), J.tolist(), Ht.tolist()
    ([[(5+3j)]], [[[(6+3j), (2+1j)]]], [[12j]])
    """

    def __init__(self, tape, q0, q1, quiet: bool = False):
        self.quiet = bool(quiet)
        n, atoms, parts, out_part = _split(tape)
        q0 = np.asarray(q0, dtype=np.complex128).reshape(-1)
        dq = np.asarray(q1, dtype=np.complex128).reshape(-1) - q0
        self.n, self.atoms = n, atoms
        self.stages = []
        for f, k, iab, cols, K, const, C in parts:
            M = self._forms(K, const, C, q0, dq)
            if 2 * k <= 1.5 * M.shape[0] + 200 // max(1, cols.size):   # the operands' rows in place: u, v as slices
                M, iab = M[iab], None
            cols, M = _columns(cols, M, f)
            self.stages.append((f, k, iab, cols, _product(M)))
        cols, K, const, C = out_part
        cols, M = _columns(cols, self._forms(K, const, C, q0, dq), atoms)
        self.out = (cols, _product(M))
        self.k = K.shape[0]
        self._buffers = {}

    @staticmethod
    def _forms(K, const, C, q0, dq):
        """The forms' matrix on this segment: the constant's column c + C q0, the t column C dq."""
        M = K.copy()
        M[:, 0] = const + C @ q0
        M[:, 1] = C @ dq
        return M

    def _plan(self, N: int, lanes: int):
        """This thread's registers and work arrays for N rows and ``lanes`` lanes, made once: (registers S (atoms,
        lanes, N) with the input atoms' constant lanes set -- the unit tangent of each variable and of t; the light
        evaluation's x lane is the direction, written per call --, the stages' steps, the output's step and its
        result). Every array a stage reads or writes is a view made here, so an evaluation is a few numpy calls
        per stage and no Python-level slicing."""
        key = (threading.get_ident(), N, lanes)
        plan = self._buffers.get(key)
        if plan is not None:
            return plan
        if len(self._buffers) > 64:
            self._buffers.clear()
        n, W = self.n, lanes * N
        S = np.zeros((self.atoms, lanes, N), dtype=np.complex128)
        S[0, 0] = 1.0
        if lanes > 2:
            S[np.arange(1, n + 2), np.arange(1, n + 2)] = 1.0
        else:
            S[n + 1, 1] = 1.0
        flat = S.reshape(self.atoms, W)
        steps = []
        for f, k, iab, cols, M in self.stages:
            product, D = _product_step(flat, cols, M, W)
            D3 = D.reshape(-1, lanes, N)
            UV = D3 if iab is None else np.empty((2 * k, lanes, N), dtype=np.complex128)
            u, v, prod = UV[:k], UV[k:], S[f:f + k]
            lane = np.empty((k, lanes - 1, N), dtype=np.complex128)
            steps.append((product, None if iab is None else (D3, iab, UV),
                          (u[:, :1], v, prod, v[:, :1], u[:, 1:], lane, prod[:, 1:])))
        out, R = _product_step(flat, self.out[0], self.out[1], W)
        plan = (S, steps, out, R.reshape(self.k, lanes, N))
        self._buffers[key] = plan
        return plan

    def _run(self, plan):
        """The stages on the plan's registers (inputs written); the outputs as a new (N, k, lanes) array."""
        S, steps, out, R = plan
        for product, gather, (u0, v, prod, v0, u1, lane, prod1) in steps:
            _run_product(product)
            if gather is not None:
                np.take(gather[0], gather[1], axis=0, out=gather[2])
            np.multiply(u0, v, out=prod)            # value u v, lanes u dv
            np.multiply(v0, u1, out=lane)           # + v du
            np.add(prod1, lane, out=prod1)
        _run_product(out)
        return np.ascontiguousarray(R.transpose(2, 0, 1))

    def evaluate(self, X, T):
        """H (N, k), H_x (N, k, n) and H_t (N, k) at the rows of X (N, n) and times T (N,).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> b = TapeBuilder(1, 1)
        >>> seg = SegmentTape(b.finish([b.x[0] * b.p[0]]), np.array([1.0]), np.array([3.0]))
        >>> [a.real.ravel().tolist() for a in seg.evaluate(np.array([[2.0], [5.0]]), np.array([0.5, 1.0]))]
        [[4.0, 15.0], [2.0, 3.0], [4.0, 10.0]]
        """
        X = np.asarray(X, dtype=np.complex128)
        N, n = X.shape
        plan = self._plan(N, n + 2)
        S = plan[0]
        S[1:n + 1, 0] = X.T
        S[n + 1, 0] = T
        if self.quiet:
            R = self._run(plan)
        else:
            with np.errstate(invalid="ignore", over="ignore"):
                R = self._run(plan)
        return R[:, :, 0], R[:, :, 1:n + 1], R[:, :, n + 1]

    def evaluate_light(self, X, T, W):
        """H (N, k) and H_x w + H_t (N, k) at the rows of X, times T and directions W (N, n): one tangent lane.

        Examples
        --------
        >>> import numpy as np
        >>> from algnet.homotopy.tape import TapeBuilder
        >>> b = TapeBuilder(1, 1)
        >>> seg = SegmentTape(b.finish([b.x[0] * b.p[0]]), np.array([1.0]), np.array([3.0]))
        >>> [a.real.ravel().tolist() for a in seg.evaluate_light(np.array([[2.0]]), np.array([0.5]), np.array([[1.0]]))]
        [[4.0], [6.0]]
        """
        X = np.asarray(X, dtype=np.complex128)
        N, n = X.shape
        plan = self._plan(N, 2)
        S = plan[0]
        S[1:n + 1, 0] = X.T
        S[1:n + 1, 1] = np.asarray(W).T
        S[n + 1, 0] = T
        if self.quiet:
            R = self._run(plan)
        else:
            with np.errstate(invalid="ignore", over="ignore"):
                R = self._run(plan)
        return R[:, :, 0], R[:, :, 1]


def _columns(cols, M, f: int):
    """(columns, M): the atoms 0 .. f - 1 as a slice (no gather) and M dense over them, where that is at most a few
    more multiply-adds than M over its own columns ``cols``."""
    if f <= 1.5 * cols.size + 200 // max(1, M.shape[0]):
        D = np.zeros((M.shape[0], f), dtype=np.complex128)
        D[:, cols] = M
        return slice(0, f), D
    return cols, M


def _product(M):
    """(M, its real part where M is real else None, [Re M; Im M] where it is not): the forms as
    :func:`_product_step` reads them."""
    if not M.imag.any():
        return M, np.ascontiguousarray(M.real), None
    return M, None, np.concatenate([M.real, M.imag])


def _product_step(flat, cols, M, W: int):
    """The work arrays of one product of forms by atoms (``flat``'s rows ``cols``: a slice, or gathered into an
    array of their own): ``((gather or None, matrix, operand, result, imaginary half or None), result as complex)``,
    for :func:`_run_product`. A real product of the atoms viewed as real pairs where the forms are real; a complex
    one up to :data:`~algnet.homotopy.tape_numpy.DENSE_WORK` multiply-adds; above, one real product by
    [Re M; Im M] and the halves added (OpenBLAS's complex products of those sizes took 20-40x the CPU of a real
    one: (20 x 54) @ (54 x 70) 265 us against 17 for the two real halves, on a loaded machine)."""
    M, real, stacked = M
    rows = M.shape[0]
    if isinstance(cols, slice):
        A, gather = flat[cols], None
    else:
        A = np.empty((cols.size, W), dtype=np.complex128)
        gather = (flat, cols, A)
    if real is not None:
        D = np.empty((rows, W), dtype=np.complex128)
        return (gather, real, A.view(np.float64), D.view(np.float64), None), D
    if M.size * W <= DENSE_WORK:
        D = np.empty((rows, W), dtype=np.complex128)
        return (gather, M, A, D, None), D
    R = np.empty((2 * rows, 2 * W))
    D = R[:rows].view(np.complex128)
    return (gather, stacked, A.view(np.float64), R, (D, R[rows:].view(np.complex128))), D


def _run_product(step):
    """One product of :func:`_product_step`: the result written to its array."""
    gather, mat, A, out, halves = step
    if gather is not None:
        np.take(gather[0], gather[1], axis=0, out=gather[2])
    np.matmul(mat, A, out=out)
    if halves is not None:              # Re M a + i (Im M a)
        D, Di = halves
        np.multiply(Di, 1j, out=Di)
        np.add(D, Di, out=D)
