"""Straight-line programs recorded as flat instruction tapes, for compiled evaluation.

A system that implements ``trace(x, p)`` (lists of :class:`Tracer` for the
unknowns and the parameters, ordinary ``+ - *`` and constants inside)
is recorded once into a :class:`Tape`: registers (the unknowns, the
parameters, the constants, the intermediate values) and instructions
``c = a + b``, ``c = a - b``, ``c = a * b`` on them. Constant operands are
folded while recording (``0 * x``, ``1 * x``, ``x + 0``, products of
constants), so a network evaluated on constant sample inputs records only
the arithmetic that depends on the unknowns; a product or an affine combination
recorded twice is one register (common sub-expressions: the shared weights of a
convolution), and instructions no output depends on are dropped at the end.
:mod:`algnet.homotopy.kernels`
evaluates a tape and its derivatives in compiled code (forward mode: one
tangent lane per unknown and one for a direction in parameter space); every
register records the interval of lanes it can depend on, so the tangent
work of a layer is proportional to the parameters it depends on; a register
whose interval is much wider than what it depends on (a coefficient of
linear 6-2-4: 4 unknowns, up to 20 lanes) is inlined into the combinations
that read it where that is cheaper (:mod:`algnet.homotopy.tape_inline`); with
``map_parameters`` sums of parameter terms are read from parameters of their
own, mapped once per path (:mod:`algnet.homotopy.tape_params`).

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): 3}, {(1, 1): 1}]))
>>> tape = record(fam)
>>> tape.n_vars, tape.n_params, tape.size
(2, 2, 2)
>>> F, J, Ht = tape.evaluate(np.array([1.0, 2.0]), np.array([0.5, 0.0]), np.array([1.0, 0.0]))
>>> F.real.tolist(), J.real.tolist(), Ht.real.tolist()
([6.5, 2.0], [[2.0, 3.0], [2.0, 1.0]], [-1.0, 0.0])
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

import numpy as np

from algnet.homotopy.tape_params import apply_map
from algnet.errors import NotApplicableError

__all__ = ["Tracer", "TapeBuilder", "Tape", "TracerBackend", "record", "traceable", "power_by_squaring"]

#: the recording's names (of :mod:`~algnet.homotopy.tape_tracer`, :mod:`~algnet.homotopy.tape_blocks`,
#: :mod:`~algnet.homotopy.tape_inline` and :mod:`~algnet.homotopy.tape_params`), bound by :func:`_recording` when a
#: tape is first recorded or one of them is read from this module: a process that only evaluates stored tapes (a
#: count that loads its structure from the store) does without the first three modules
_RECORDING = frozenset({"Tracer", "TracerBackend", "_number", "power_by_squaring", "compact_terms",
                        "reduce_output_blocks", "_reduce_output_blocks", "inline_wide_terms", "lift_parameter_forms"})


def _recording() -> None:
    """Import the recording's modules and bind their names here (once: :class:`TapeBuilder` calls it first)."""
    global Tracer, TracerBackend, _number, power_by_squaring, compact_terms, reduce_output_blocks
    global _reduce_output_blocks, inline_wide_terms, lift_parameter_forms
    from algnet.homotopy.tape_blocks import compact_terms, reduce_output_blocks
    from algnet.homotopy.tape_inline import inline_wide_terms
    from algnet.homotopy.tape_params import lift_parameter_forms
    from algnet.homotopy.tape_tracer import Tracer, TracerBackend, _number, power_by_squaring

    _reduce_output_blocks = reduce_output_blocks   # its former name here (referred to in kernels' notes)


def __getattr__(name):
    """The recording's names (:data:`_RECORDING`), imported at their first read (PEP 562)."""
    if name in _RECORDING:
        _recording()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ADD, SUB, MUL, DOT = 0, 1, 2, 3


class TapeBuilder:
    """Records instructions; registers 0..n-1 are the unknowns, n..n+m-1 the parameters.

    Instructions ``(op, a, b, c)``: ``c = a + b`` (ADD), ``c = a - b`` (SUB),
    ``c = a * b`` (MUL), ``c = sum_{t = a}^{b - 1} coef[t] * reg[idx[t]] (* reg[idx2[t]])``
    (DOT, over the term table ``dot_idx``/``dot_idx2``/``dot_coef``; ``idx2 = -1``: a linear term).

    Examples
    --------
    F(x; p) = x^2 + 3 x - p at x = 2, p = 1: F = 9, dF/dx = 2 x + 3 = 7, dF/dp . 1 = -1.

    >>> import numpy as np
    >>> b = TapeBuilder(1, 1)
    >>> x, p = b.x[0], b.p[0]
    >>> tape = b.finish([x * x + 3 * x - p])
    >>> F, J, Ht = tape.evaluate(np.array([2.0]), np.array([1.0]), np.array([1.0]))
    >>> F.real.tolist(), J.real.tolist(), Ht.real.tolist()
    ([9.0], [[7.0]], [-1.0])
    """

    def __init__(self, n_vars: int, n_params: int):
        if "Tracer" not in globals():
            _recording()
        self.n, self.m = int(n_vars), int(n_params)
        L = self.n + 1
        self.values: list = [0j] * (self.n + self.m)          # initial register contents (constants)
        self.lo: list = [j for j in range(self.n)] + [self.n] * self.m
        self.hi: list = [j + 1 for j in range(self.n)] + [L] * self.m
        self.code: list = []
        self.dot_idx: list = []
        self.dot_coef: list = []
        self._consts: dict = {}
        self._memo: dict = {}      # common sub-expressions: (MUL, a, b) / (DOT, terms, const) -> register
        self.x = [Tracer(self, {j: 1 + 0j}, reg=j) for j in range(self.n)]
        self.p = [Tracer(self, {self.n + i: 1 + 0j}, reg=self.n + i) for i in range(self.m)]

    # ---------------------------------------------------------- symbolic affine forms
    def add(self, x: Tracer, y: Tracer, sign) -> Tracer:
        if not y.lin:
            return Tracer(self, x.lin, x.const + sign * y.const, x.reg if y.const == 0 else -1)
        if not x.lin and sign == 1:
            return Tracer(self, y.lin, x.const + y.const, y.reg if x.const == 0 else -1)
        lin = dict(x.lin)
        for r, c in y.lin.items():
            v = lin.get(r, 0j) + sign * c
            if v == 0:
                lin.pop(r, None)
            else:
                lin[r] = v
        return Tracer(self, lin, x.const + sign * y.const)

    #: entries of ``M`` times the terms of one chunk in :meth:`combine` (about 64 MB of complex numbers)
    COMBINE_CHUNK = 4_000_000

    def combine(self, M, values) -> list:
        """``M @ values`` for a numeric matrix ``M`` and affine :class:`Tracer` values, computed by numpy over
        the values' terms (no instruction recorded): the same affine forms as the object-array product
        ``M @ values``, up to rounding. The object product costs Python work per term and row (the random
        slice of attention d=3,2,2 a=1,1 t=2: about 45 of its 53 s of recording under a profiler).

        Examples
        --------
        >>> import numpy as np
        >>> b = TapeBuilder(2, 0)
        >>> x, y = b.x
        >>> out = b.combine(np.array([[1.0, 2.0], [0.0, 3.0]]), [x + 1, 2 * y])
        >>> [(t.lin, t.const) for t in out]
        [({0: (1+0j), 1: (4+0j)}, (1+0j)), ({1: (6+0j)}, 0j)]
        """
        M = np.asarray(M, dtype=np.complex128)
        vals = [v if isinstance(v, Tracer) else Tracer(self, const=_number(v)) for v in values]
        if M.ndim != 2 or M.shape[1] != len(vals):
            raise ValueError(f"combine: a ({len(vals)},)-vector needs a matrix with {len(vals)} columns, "
                             f"got shape {M.shape}")
        terms = [(r, i, c) for i, v in enumerate(vals) for r, c in v.lin.items()]
        terms.sort(key=itemgetter(0))
        regs = np.array([t[0] for t in terms], dtype=np.int64)
        rows = np.array([t[1] for t in terms], dtype=np.int64)
        coef = np.array([t[2] for t in terms], dtype=np.complex128)
        ucols, first = np.unique(regs, return_index=True)
        lin = np.zeros((M.shape[0], len(ucols)), dtype=np.complex128)
        step = max(1, self.COMBINE_CHUNK // max(M.shape[0], 1))
        for a in range(0, len(terms), step):
            z = min(a + step, len(terms))
            P = M[:, rows[a:z]] * coef[a:z]
            g0 = np.searchsorted(ucols, regs[a])
            starts = first[(first >= a) & (first < z)] - a
            if len(starts) == 0 or starts[0] != 0:            # the chunk opens inside a register's group
                starts = np.concatenate([[0], starts])
            sums = np.add.reduceat(P, starts, axis=1)
            lin[:, g0:g0 + sums.shape[1]] += sums
        const = M @ np.array([complex(v.const) for v in vals], dtype=np.complex128)
        out = []
        for row, c0 in zip(lin, const):
            nz = np.flatnonzero(row)
            out.append(Tracer(self, {int(ucols[j]): complex(row[j]) for j in nz}, complex(c0)))
        return out

    def scale(self, x: Tracer, c) -> Tracer:
        c = complex(c)
        if c == 0:
            return Tracer(self, const=0j)
        if c == 1:
            return x
        return Tracer(self, {r: c * v for r, v in x.lin.items()}, c * x.const)

    def mul(self, x: Tracer, y: Tracer) -> Tracer:
        xl, yl = x.lin, y.lin
        if not xl:
            return self.scale(y, x.const)
        if not yl:
            return self.scale(x, y.const)
        # (coefficient, register) of each factor, as :meth:`_monomial` gives them (inlined: the recording's most
        # frequent operation)
        if len(xl) == 1 and x.const == 0:
            (ra, ca), = xl.items()
        else:
            ca, ra = 1 + 0j, self.materialize(x)
        if len(yl) == 1 and y.const == 0:
            (rb, cb), = yl.items()
        else:
            cb, rb = 1 + 0j, self.materialize(y)
        key = (MUL, ra, rb) if ra <= rb else (MUL, rb, ra)
        memo = self._memo
        c = memo.get(key)
        if c is None:
            c = memo[key] = self._emit_mul(ra, rb)
        cc = ca * cb
        return Tracer(self, {c: cc} if cc != 0 else {}, 0j, c if cc == 1 else -1)

    def _monomial(self, t: Tracer):
        """(coefficient, register) with t = coefficient * register (materialising a sum when needed)."""
        lin = t.lin
        if len(lin) == 1 and t.const == 0:
            (r, c), = lin.items()
            return c, r
        return 1 + 0j, self.materialize(t)

    def materialize(self, t: Tracer) -> int:
        """A register holding t (one DOT instruction, or a constant register)."""
        if t.reg >= 0:
            return t.reg
        if not t.lin:
            r = self._const_reg(t.const)
        elif t.const == 0 and len(t.lin) == 1 and next(iter(t.lin.values())) == 1:
            r = next(iter(t.lin))
        else:
            key = (DOT, tuple(sorted(t.lin.items())), t.const)    # (by register: no two terms share one)
            r = self._memo.get(key)
            if r is None:
                start = len(self.dot_idx)
                self.dot_idx += t.lin                       # the registers, then their coefficients, in order
                self.dot_coef += t.lin.values()
                if t.const != 0:
                    self.dot_idx.append(self._const_reg(1 + 0j))
                    self.dot_coef.append(t.const)
                r = self._memo[key] = self._emit(DOT, start, len(self.dot_idx), spans=t.lin)
        t.reg = r
        return r

    # ---------------------------------------------------------- registers and instructions
    def _const_reg(self, c) -> int:
        r = self._consts.get(c)
        if r is None:
            r = len(self.values)
            self.values.append(c)
            self.lo.append(0)
            self.hi.append(0)
            self._consts[c] = r
        return r

    def _emit(self, op, a, b, spans=None) -> int:
        c = len(self.values)
        self.values.append(0j)
        lo, hi = self.lo, self.hi
        l0, h0 = None, 0               # the union of the lane intervals the instruction reads
        for r in (spans if spans is not None else (a, b)):
            if hi[r] > lo[r]:
                if l0 is None or lo[r] < l0:
                    l0 = lo[r]
                if hi[r] > h0:
                    h0 = hi[r]
        lo.append(0 if l0 is None else l0)
        hi.append(h0)
        self.code.append((op, a, b, c))
        return c

    def _emit_mul(self, a, b) -> int:
        """:meth:`_emit` of ``MUL a b`` (its lane interval the union of the two operands')."""
        c = len(self.values)
        self.values.append(0j)
        lo, hi = self.lo, self.hi
        la, ha, lb, hb = lo[a], hi[a], lo[b], hi[b]
        if ha > la:
            if hb > lb:
                lo.append(la if la <= lb else lb)
                hi.append(ha if ha >= hb else hb)
            else:
                lo.append(la)
                hi.append(ha)
        elif hb > lb:
            lo.append(lb)
            hi.append(hb)
        else:
            lo.append(0)
            hi.append(0)
        self.code.append((MUL, a, b, c))
        return c

    def finish(self, outputs, reduce_outputs: bool = True, inline: bool = True,
               map_parameters: bool = False) -> "Tape":
        """The tape of the program with these outputs (``reduce_outputs``: row-reduce blocks of outputs
        over common terms, see :func:`algnet.homotopy.tape_blocks.reduce_output_blocks`; ``inline``: wide
        registers inlined into the combinations that read them, see
        :func:`algnet.homotopy.tape_inline.inline_wide_terms`; ``map_parameters``: sums of parameter
        terms read from parameters ``Q p`` computed once per path, see
        :func:`algnet.homotopy.tape_params.lift_parameter_forms` and :meth:`Tape.map_parameters`)."""
        outs = []
        for o in outputs:
            if not isinstance(o, Tracer):
                o = Tracer(self, const=_number(o))
            outs.append(self.materialize(o))
        self._fuse_products(outs)
        self.transform = reduce_output_blocks(self, outs) if reduce_outputs else None
        if inline:
            inline_wide_terms(self, outs)
        self._drop_dead(outs)
        self.param_map = None
        if map_parameters:
            self.param_map, outs = lift_parameter_forms(self, outs)
        return Tape(self, outs)

    def _drop_dead(self, outs):
        """Remove the instructions whose results no output depends on (after fusion and reduction), and
        the DOT terms only they used."""
        live = set(outs)
        keep = []
        for ins in reversed(self.code):
            op, a, b, c = ins
            if c not in live:
                continue
            keep.append(ins)
            if op == DOT:
                live.update(self.dot_idx[a:b])
                live.update(self.dot_idx2[a:b])       # (-1, no second factor, is no instruction's register)
            else:
                live.update((a, b))
        if len(keep) < len(self.code):
            self.code = keep[::-1]
            compact_terms(self)

    def _fuse_products(self, outs):
        """A product used once, as a term of a DOT, becomes a product term of that DOT (``dot_idx2``):
        one instruction and one pass over the tangent lanes fewer (a convolution or dense layer over
        computed values is then one instruction per output)."""
        idx = self.dot_idx
        code = self.code
        ranges = [(a, b) for op, a, b, c in code if op == DOT]
        end = 0                                 # the DOTs' terms are the whole table, in order (as recorded)?
        for a, b in ranges:
            if a != end:
                end = -1
                break
            end = b
        whole = end == len(idx)
        reads = list(outs)                      # every read of a register: DOT terms, operands, outputs
        if whole:
            reads += idx
        for op, a, b, c in code:
            if op != DOT:
                reads.append(a)
                reads.append(b)
            elif not whole:
                reads += idx[a:b]
        uses = Counter(reads)
        producer = {c: (a, b) for op, a, b, c in code if op == MUL}
        self.dot_idx2 = idx2 = [-1] * len(idx)
        removed = set()
        once = {r for r in producer if uses[r] == 1}      # the products a DOT term can take over
        if once:
            spots = range(len(idx)) if whole else [t for a, b in ranges for t in range(a, b)]
            for t in spots:
                r = idx[t]
                if r in once:
                    idx[t], idx2[t] = producer[r]
                    removed.add(r)
        if removed:
            self.code = [ins for ins in self.code if not (ins[0] == MUL and ins[3] in removed)]


class Tape:
    """A recorded program: ``code`` (k, 4) int64 rows (op, a, b, c), register initial ``values``,
    tangent lane intervals ``lo``/``hi`` per register, ``outputs`` (register per equation),
    the DOT term table ``dot_idx``/``dot_coef``.

    Examples
    --------
    The tape of x0 x1 (one product) evaluated at (2, 5): value 10, gradient (5, 2).

    >>> import numpy as np
    >>> b = TapeBuilder(2, 0)
    >>> tape = b.finish([b.x[0] * b.x[1]])
    >>> tape.n_vars, tape.n_params
    (2, 0)
    >>> F, J, _ = tape.evaluate(np.array([2.0, 5.0]), np.zeros(0), np.zeros(0))
    >>> F.real.tolist(), J.real.tolist()
    ([10.0], [[5.0, 2.0]])
    """

    def __init__(self, b: TapeBuilder, outputs):
        self.n_vars, self.n_params = b.n, b.m
        self.code = np.array(b.code, dtype=np.int64).reshape(-1, 4)
        self.values = np.array(b.values, dtype=np.complex128)
        self.lo = np.array(b.lo, dtype=np.int64)
        self.hi = np.array(b.hi, dtype=np.int64)
        self.outputs = np.array(outputs, dtype=np.int64)
        self.dot_idx = np.array(b.dot_idx, dtype=np.int64)
        self.dot_idx2 = np.array(getattr(b, "dot_idx2", [-1] * len(b.dot_idx)), dtype=np.int64)
        self.dot_coef = np.array(b.dot_coef, dtype=np.complex128)
        # the outputs as recorded are T^{-1} F (see tape_blocks.reduce_output_blocks); None: T = identity
        self.transform = getattr(b, "transform", None)
        # the parameter registers hold Q p (see tape_params.lift_parameter_forms); None: Q = identity
        self.param_map = getattr(b, "param_map", None)

    def map_parameters(self, P):
        """The parameter registers' contents for parameters ``P`` (..., n_params): ``P Q^T`` with the
        tape's :attr:`param_map` Q (P itself when there is none). Linear, so it maps parameter
        directions ``dp`` too, and commutes with ``(1 - t) p0 + t p1``: a tracker maps p0 and p1 once.

        Examples
        --------
        >>> import numpy as np
        >>> b = TapeBuilder(1, 2)
        >>> x, (p, q) = b.x[0], b.p
        >>> t = b.finish([x - p - 2 * q], map_parameters=True)
        >>> t.n_params, t.map_parameters(np.array([1.0, 1.0])).real.tolist()
        (2, [-3.0])
        """
        P = np.asarray(P, dtype=np.complex128)
        Q = self.param_map
        if Q is None:
            return P
        # Q^T made once per map (a tracker maps p0 and p1 at every growth: 24 calls a degree run, 14 us each)
        cached = getattr(self, "_map_t", None)
        if cached is None or cached[0] is not Q:
            cached = self._map_t = (Q, np.ascontiguousarray(np.asarray(Q, dtype=np.complex128).T))
        return apply_map(Q, P, cached[1])

    def restore(self, F, J=None, Ht=None):
        """The system's values (and Jacobians, t-derivatives) from the recorded outputs: ``T F`` row by
        row, for arrays (..., k) and (..., k, n) (the identity when no block was reduced)."""
        T = self.transform
        if T is None:
            return F, J, Ht
        return (F @ T.T, None if J is None else T @ J, None if Ht is None else Ht @ T.T)

    @property
    def param_registers(self) -> int:
        """Parameter registers (n_vars .. n_vars + this - 1): the rows of :attr:`param_map`, else n_params."""
        return self.n_params if self.param_map is None else self.param_map.shape[0]

    @property
    def size(self) -> int:
        """Instructions."""
        return self.code.shape[0]

    @property
    def args(self):
        """The arrays the kernels take: code, dot_idx, dot_idx2, dot_coef, lo, hi, values, outputs."""
        return self.code, self.dot_idx, self.dot_idx2, self.dot_coef, self.lo, self.hi, self.values, self.outputs

    def lane_work(self) -> int:
        """Tangent lanes written per evaluation (the cost measure of a tape)."""
        if getattr(self, "_lane_work", None) is None:
            width = self.hi - self.lo
            code = self.code
            dot = code[:, 0] == DOT
            add = np.add.reduce       # (ufunc reductions: ndarray.sum and .any are a Python layer each)
            w = int(add(width[code[~dot, 3]]))
            if np.logical_or.reduce(dot):
                w += int(add(width[self.dot_idx])) + int(add(width[self.dot_idx2[self.dot_idx2 >= 0]]))
            self._lane_work = w
        return self._lane_work

    def seconds_per_evaluation(self) -> float:
        """A rough cost model of one evaluation with its linear solve (measured on this machine:
        about 1.1-1.8 ns per tangent lane, a few ns per instruction; n^3/3 complex operations per solve)."""
        n = self.n_vars
        return 1.5e-9 * self.lane_work() + 3e-9 * self.size + 2e-9 * n ** 3 / 3

    def seconds_bound(self) -> float:
        """An upper bound of :meth:`seconds_per_evaluation` from the tape's sizes alone (every instruction and every
        term of a dot writes at most n + 1 lanes): without the pass over the code that counts the lanes.

        Examples
        --------
        >>> b = TapeBuilder(2, 1)
        >>> t = b.finish([b.x[0] * b.x[1] - b.p[0], b.x[0] - b.x[1]])
        >>> t.seconds_bound() >= t.seconds_per_evaluation() > 0
        True
        """
        n = self.n_vars
        return 1.5e-9 * (self.size + 2 * self.dot_idx.shape[0]) * (n + 1) + 3e-9 * self.size + 2e-9 * n ** 3 / 3

    def evaluate(self, x, p, dp):
        """Values F, Jacobian dF/dx and dF/dp . dp at one point (compiled kernel)."""
        from algnet.homotopy.kernels import tape_eval_one

        n = self.n_vars
        F = np.empty(len(self.outputs), dtype=np.complex128)
        J = np.empty((len(self.outputs), n), dtype=np.complex128)
        Ht = np.empty(len(self.outputs), dtype=np.complex128)
        p, dp = (np.ascontiguousarray(self.map_parameters(v)) for v in (p, dp))
        tape_eval_one(*self.args, n, np.asarray(x, dtype=np.complex128), p, dp, F, J, Ht)
        return self.restore(F, J, Ht)


def _defining(cls, name):
    for k in cls.__mro__:
        if name in k.__dict__:
            return k
    return None


def traceable(system) -> bool:
    """Whether ``system`` can be recorded: it implements ``trace(x, p)``, in its own class or in a
    subclass of the class that defines its ``evaluate`` (a subclass that overrides ``evaluate``
    without ``trace`` is evaluated as it says, by the numpy route).

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> G = PolynomialSystem.from_terms([{(2,): 1}])
    >>> class Logged(OffsetFamily):
    ...     def evaluate(self, X, P=None):
    ...         return super().evaluate(X, P)
    >>> traceable(OffsetFamily(G)), traceable(Logged(G))
    (True, False)
    """
    if not callable(getattr(system, "trace", None)) or not bool(getattr(system, "traceable", True)):
        return False
    ce, ct = _defining(type(system), "evaluate"), _defining(type(system), "trace")
    return ce is None or issubclass(ct, ce)


def record(system, reduce_outputs: bool = True, inline: bool = True, map_parameters: bool = False) -> "Tape":
    """The tape of ``system`` (x, p) -> F(x; p); NotApplicableError if it cannot be traced.

    ``reduce_outputs`` (True): blocks of equations that are linear
    combinations of one set of terms (random slices) are recorded in the
    row-reduced form ``[I | R']`` (the same solutions and Newton steps, fewer
    derivative terms; :meth:`Tape.restore` maps the outputs back).
    ``inline`` (True): registers whose lane interval is wide are inlined
    where a cost model finds it cheaper (:mod:`algnet.homotopy.tape_inline`).
    ``map_parameters`` (False): sums of parameter terms become parameters of their own, ``Q p``
    (:mod:`algnet.homotopy.tape_params`); the kernels must then be given
    :meth:`Tape.map_parameters` of the parameters (the compiled tracker does).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> G = PolynomialSystem.from_terms([{(2, 0): 1, (0, 2): 2, (1, 1): 3}, {(2, 0): 4, (0, 2): 5, (1, 1): 7}])
    >>> t, t0 = record(OffsetFamily(G)), record(OffsetFamily(G), reduce_outputs=False)
    >>> t.lane_work() < t0.lane_work()
    True
    >>> x, p = np.array([1.0, 2.0]), np.zeros(2)
    >>> bool(np.allclose(t.evaluate(x, p, p)[1], t0.evaluate(x, p, p)[1]))
    True
    """
    if not traceable(system):
        raise NotApplicableError(f"{type(system).__name__} has no trace(x, p)",
                                 hint="implement trace() to use the compiled tracker, or use engine='numpy'")
    b = TapeBuilder(system.n_vars, getattr(system, "n_params", 0))
    out = system.trace(b.x, b.p)
    return b.finish(list(out), reduce_outputs, inline, map_parameters)
