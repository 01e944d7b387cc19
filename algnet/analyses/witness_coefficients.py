"""The values of a network at sample inputs through its coefficients (recording for the compiled tracker).

The slicing system of the degree route uses v(theta) = (f_theta(z_k))_k at K
sample inputs. Recorded as K forward passes (:meth:`NetworkValues.trace
<algnet.analyses.witness.NetworkValues.trace>`, route "forward"), a deep
narrow network costs K times its forward pass. The same values are
``v_k = sum_m c_m(theta) z_k^m`` with c_m(theta) the coefficients of f_theta
as a polynomial in the input: running the network's forward pass once on
:class:`InputPolynomial` inputs (polynomials in the input variables whose
coefficients are :class:`~algnet.homotopy.tape.Tracer` values) records the
coefficients by polynomial arithmetic, layer by layer, and every v_k is then
an affine form in the coefficient registers (no instruction of its own; the
random combination R v of the slicing system folds into one combination of
the coefficients). With the recorder's common sub-expressions, the weight
sharing of a convolution costs once per layer, not once per neuron. The
same values up to rounding, so the same system and the same solutions.

Which route is cheaper depends on the network: :func:`choose_route` records
one forward pass and the coefficients on scratch tapes (the coefficients
under a budget of products of a few times the K passes' size, so that a
wide network whose coefficients explode stops early) and keeps the
coefficients when they stay within the budget (the modelled costs it
returns leave out the final combination and favour the forward route; see
its docstring).

The two routes compared (``bench/bench_tape.py``, the witness systems of the
degree route, seed 0, coordinate slices; microseconds of process CPU, noisy
by 20-30%): instructions, derivative lanes written per evaluation,
microseconds of CPU per evaluation (values, Jacobian and parameter
derivative) path by path and in blocks of 32 paths (the tracker's kernel),
forward passes -> the chosen route (the coefficients on all nine):

==============================  =====  ============  ===============  ==========  ============
system                          n      instructions  lanes            us path     us block
==============================  =====  ============  ===============  ==========  ============
linear 3-1-3                    6      18 -> 15      206 -> 163       1.04 -> 0.72  0.27 -> 0.21
conv k=2,3 r=2                  5      95 -> 15      702 -> 104       1.90 -> 0.64  0.66 -> 0.21
conv k=3,3 r=2                  6      141 -> 24     1,567 -> 280     4.34 -> 1.42  1.70 -> 0.33
linear 4-2-4                    16     56 -> 32      2,946 -> 851     5.93 -> 3.53  1.90 -> 0.85
dense 3-2-2 r=2                 10     58 -> 34      1,218 -> 476     2.79 -> 2.13  1.09 -> 0.52
conv k=2,2,2 r=2                6      426 -> 48     3,005 -> 636     9.12 -> 2.37  2.48 -> 0.56
dense 3-2-3 r=2                 12     72 -> 42      2,529 -> 1,018   5.19 -> 3.13  2.04 -> 0.90
linear 6-2-4                    20     80 -> 44      7,498 -> 2,568   14.0 -> 7.19  4.76 -> 1.65
conv k=2,2,2,2 r=2              8      9,908 -> 372  83,051 -> 11,762 274 -> 22.8  205 -> 9.6
==============================  =====  ============  ===============  ==========  ============

Outside the nine, the same comparison of instructions and lanes chose the
coefficients too: dense 4-4-4 r=2 272 -> 112 instructions, 69,240 ->
10,506 lanes; linear 10-5-10 650 -> 200, 1,705,955 -> 153,613; conv k=3,2,2
r=2 847 -> 106, 8,442 -> 2,313; gconv n=5 layers=2 r=2 535 -> 40, 30,401 ->
998; attention d=2 a=1 dout=1 t=2 286 -> 21, 2,908 -> 215. Recording costs
0.01-0.5 CPU-s either way (0.46 s on conv k=2,2,2,2 r=2, scratch
recordings included). Whole degree runs by monodromy take the same degrees and
path counts and 1.05-2.8x less CPU (dense 3-2-3 about the same: its tape is
not the tracker's), tracking 1.1-3.6x the paths per CPU second on the eight
small systems and 26x on conv k=2,2,2,2 r=2, the same statuses on every path,
endpoints within 2.4e-11. The degree of conv k=2,2,2,2 r=2 (1,536, seed 0,
``degree(method="monodromy")``): 1,536 points, trace residual 6.7e-15, all
1,536 Krawczyk-certified with distinct images, 32,384 paths in 10 loops, about
150 CPU-s for the whole call (over 1,100 with the forward tape).
On the small systems the LU and the Python between kernel calls now weigh
as much as the tape. What remains of the tape is mostly the final random
combination of the coefficients (on conv k=2,2,2,2 r=2: 7,514 of the
11,762 lanes, five equations over about 200 coefficients in the row-reduced
form of :func:`algnet.homotopy.tape.record`), and lane intervals wider than
the true dependence (a coefficient of linear 6-2-4 depends on 4 weights
but its lane interval spans up to 20; such coefficients
are inlined into the final combination, :mod:`algnet.homotopy.tape_inline`:
2,568 -> 840 lanes on linear 6-2-4). Reverse mode, one sweep per
equation (the slices are trivial), would cost more than these lanes on
eight of the nine systems (counted from the tapes: one multiply-add per
linear term, two per product; e.g. linear 6-2-4 8,064 against 2,568 lanes,
dense 3-2-3 2,900 against 1,018) and 12% less on conv k=2,2,2,2 r=2 (10,310
against 11,762), before its stored forward pass: not pursued. Whole degree
against 11,762), before its stored forward pass: not pursued. Whole degree
of conv k=3,2,2 r=2 (384, seed 0, no certification): 6.5 -> 2.5

Examples
--------
f = w2 (w1 x)^2 as a polynomial in x: one coefficient, w2 w1^2.

>>> import numpy as np
>>> from algnet import parse_spec
>>> from algnet.homotopy.tape import TapeBuilder
>>> b = TapeBuilder(2, 0)
>>> coeffs = network_coefficients(parse_spec("dense 1-1-1 r=2"), b.x)
>>> sorted(coeffs[0])                               # the monomials of the output: x^2 only
[(2,)]
>>> tape = b.finish([coeffs[0][(2,)]])
>>> F, J, _ = tape.evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))
>>> F.real.tolist(), J.real.tolist()                # w1 = 3, w2 = 5: 45, gradient (2 w1 w2, w1^2)
([45.0], [[30.0, 9.0]])
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError
from algnet.homotopy.tape import power_by_squaring

__all__ = ["InputPolynomial", "network_coefficients", "values_from_coefficients",
           "combined_values_from_coefficients", "choose_route", "CoefficientBudgetExceeded"]


class CoefficientBudgetExceeded(NotApplicableError):
    """The coefficient route needed more products of coefficients than its budget (the forward route is cheaper).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> try:
    ...     network_coefficients(parse_spec("dense 2-2-1 r=2"), TapeBuilder(6, 0).x, budget=0)
    ... except CoefficientBudgetExceeded as e:
    ...     print(e.hint)
    record the values by forward passes
    """


def _is_zero(c) -> bool:
    if hasattr(c, "lin"):
        return not c.lin and c.const == 0
    return c == 0


def _affine_sum(builder, items):
    """The sum of Tracers and numbers as one Tracer (affine forms merged, no instruction)."""
    from algnet.homotopy.tape import Tracer

    lin: dict = {}
    const = 0j
    for t in items:
        if isinstance(t, Tracer):
            for r, c in t.lin.items():
                lin[r] = lin.get(r, 0j) + c
            const += t.const
        else:
            const += complex(t)
    lin = {r: c for r, c in lin.items() if c != 0}
    if builder is None:
        return const
    return Tracer(builder, lin, const)


class InputPolynomial:
    """A polynomial in the network's input variables whose coefficients are Tracers or numbers.

    ``terms`` maps exponent tuples to coefficients; ``+``, ``-`` and ``*``
    with numbers, Tracers and other InputPolynomials work as for polynomials
    (a product of two coefficients records one multiplication, shared when
    the same product occurs again). ``budget`` (a one-element list shared by
    all polynomials of one recording) is the number of coefficient products
    still allowed; a product beyond it raises :class:`CoefficientBudgetExceeded`.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 0)
    >>> x = InputPolynomial.variable(0, 2, b)
    >>> p = (b.x[0] * x + 1) * x                        # w x0^2 + x0 in the inputs (x0, x1)
    >>> sorted(p.terms), p.terms[(1, 0)], p.terms[(2, 0)].lin, len(b.code)   # no product of two unknowns yet
    ([(1, 0), (2, 0)], (1+0j), {0: (1+0j)}, 0)
    """

    __slots__ = ("terms", "nvars", "builder", "budget")

    def __init__(self, terms, nvars, builder, budget=None):
        self.terms = terms
        self.nvars = nvars
        self.builder = builder
        self.budget = budget

    @classmethod
    def variable(cls, j, nvars, builder, budget=None):
        """The input variable x_j."""
        e = [0] * nvars
        e[j] = 1
        return cls({tuple(e): 1 + 0j}, nvars, builder, budget)

    def __repr__(self):
        return f"InputPolynomial({len(self.terms)} terms)"

    def _like(self, terms):
        return InputPolynomial({e: c for e, c in terms.items() if not _is_zero(c)}, self.nvars, self.builder,
                               self.budget)

    def _scalar_terms(self, c):
        return {tuple([0] * self.nvars): c}

    def _combine(self, other, sign):
        if not isinstance(other, InputPolynomial):
            other = self._like(self._scalar_terms(other))
        out = dict(self.terms)
        for e, c in other.terms.items():
            if e in out:
                out[e] = _affine_sum(self.builder, [out[e], c if sign == 1 else -c])
            else:
                out[e] = c if sign == 1 else -c
        return out

    def __add__(self, other):
        return self._like(self._combine(other, 1))

    __radd__ = __add__

    def __sub__(self, other):
        return self._like(self._combine(other, -1))

    def __rsub__(self, other):
        return (-self) + other

    def __neg__(self):
        return self._like({e: -c for e, c in self.terms.items()})

    def __pos__(self):
        return self

    def __mul__(self, other):
        if not isinstance(other, InputPolynomial):
            return self._like({e: c * other for e, c in self.terms.items()})
        b = self.builder
        if self.budget is not None:      # products of coefficients, counted before they are formed
            self.budget[0] -= len(self.terms) * len(other.terms)
            if self.budget[0] < 0:
                raise CoefficientBudgetExceeded("the coefficients cost more than the forward passes",
                                                hint="record the values by forward passes")
        acc: dict = {}
        for ea, ca in self.terms.items():
            for eb, cb in other.terms.items():
                e = tuple(i + j for i, j in zip(ea, eb))
                acc.setdefault(e, []).append(ca * cb)
        return self._like({e: (v[0] if len(v) == 1 else _affine_sum(b, v)) for e, v in acc.items()})

    __rmul__ = __mul__

    def __pow__(self, r):
        r = int(r)
        if r < 0:
            raise NotApplicableError("negative power in a polynomial program", hint="polynomials only")
        return power_by_squaring(self, r, self._like(self._scalar_terms(1 + 0j)))


def network_coefficients(net, theta, budget=None):
    """The coefficients of f_theta as polynomials in the input, one dict (exponents -> Tracer or number)
    per output, recorded on the builder of the Tracers ``theta`` (the network's forward pass run once on
    :class:`InputPolynomial` inputs); :class:`CoefficientBudgetExceeded` above ``budget`` products of
    coefficients (None: no limit).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(4, 0)
    >>> c = network_coefficients(parse_spec("linear 2-1-2"), b.x)
    >>> [sorted(ci) for ci in c]                     # each output is linear in (x0, x1)
    [[(0, 1), (1, 0)], [(0, 1), (1, 0)]]
    """
    from algnet.homotopy.tape import TracerBackend

    theta = list(theta)
    builder = theta[0].b
    d = int(net.n_inputs)
    X = np.empty((1, d), dtype=object)
    left = None if budget is None else [int(budget)]
    X[0, :] = [InputPolynomial.variable(j, d, builder, left) for j in range(d)]
    th = np.empty(len(theta), dtype=object)
    th[:] = theta
    out = np.asarray(net.evaluate(th, X, backend=TracerBackend(builder))).reshape(-1)
    coeffs = []
    for y in out:
        if isinstance(y, InputPolynomial):
            coeffs.append(dict(y.terms))
        else:  # an output that does not depend on the input
            coeffs.append({tuple([0] * d): y})
    return coeffs


def values_from_coefficients(coeffs, Z, builder):
    """The values (f_theta(z_k))_k, sample-major, as affine forms in the coefficient registers (each
    coefficient materialised once; the values themselves record nothing).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> c = network_coefficients(parse_spec("linear 1-1-1"), b.x)
    >>> v = values_from_coefficients(c, np.array([[2.0], [3.0]]), b)
    >>> tape = b.finish(v)
    >>> tape.evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))[0].real.tolist()   # w2 w1 x
    [30.0, 45.0]
    """
    from algnet.homotopy.tape import Tracer

    Zf = np.asarray(Z, dtype=np.complex128).reshape(np.shape(Z)[0], -1)
    cols = []              # per output: (registers, monomial values (K, terms)), constant part (K,)
    for co in coeffs:
        regs, exps, cexps, cvals = _split_terms(co, builder)
        mon = _monomials(Zf, exps)
        const = _monomials(Zf, cexps) @ np.asarray(cvals, dtype=np.complex128) if cexps else np.zeros(len(Zf))
        cols.append((regs, mon, const))
    out = []
    for k in range(Zf.shape[0]):
        for regs, mon, const in cols:
            lin: dict = {}
            for i, r in enumerate(regs):       # two coefficients may share a register (equal polynomials)
                lin[r] = lin.get(r, 0j) + complex(mon[k, i])
            out.append(Tracer(builder, {r: c for r, c in lin.items() if c != 0}, complex(const[k])))
    return out


def _split_terms(co, builder):
    """(registers, exponents) of an output's non-constant coefficients (each materialised once) and
    (exponents, values) of its constant ones."""
    from algnet.homotopy.tape import Tracer

    regs, exps, cexps, cvals = [], [], [], []
    for e, c in co.items():
        if isinstance(c, Tracer) and c.lin:
            regs.append(builder.materialize(c))
            exps.append(e)
        else:
            cexps.append(e)
            cvals.append(complex(c.const) if isinstance(c, Tracer) else complex(c))
    return regs, exps, cexps, cvals


def combined_values_from_coefficients(M, coeffs, Z, builder):
    """``M @ values`` for the values of :func:`values_from_coefficients` (sample-major), without forming them:
    for each output o, the block of ``M`` on that output's values times the monomial table of its
    coefficients, ``M_o (z_k^e)_{k,e}``, is one numeric product (a random slice of K samples then costs
    numpy time, not Python time per value and term).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> c = network_coefficients(parse_spec("linear 1-1-1"), b.x)
    >>> out = combined_values_from_coefficients(np.array([[1.0, -1.0]]), c, np.array([[2.0], [3.0]]), b)
    >>> b.finish(out).evaluate(np.array([3.0, 5.0]), np.zeros(0), np.zeros(0))[0].real.tolist()   # 30 - 45
    [-15.0]
    """
    from algnet.homotopy.tape import Tracer

    M = np.asarray(M, dtype=np.complex128)
    Zf = np.asarray(Z, dtype=np.complex128).reshape(np.shape(Z)[0], -1)
    n_out = len(coeffs)
    if M.ndim != 2 or M.shape[1] != Zf.shape[0] * n_out:
        raise ValueError(f"a slice of {Zf.shape[0]} samples x {n_out} outputs needs {Zf.shape[0] * n_out} "
                         f"columns, got shape {M.shape}")
    lin: dict = {}
    const = np.zeros(M.shape[0], dtype=np.complex128)
    tables: dict = {}         # exponents -> their monomial table: outputs of one layer often share their monomials
    for o, co in enumerate(coeffs):
        regs, exps, cexps, cvals = _split_terms(co, builder)
        Mo = M[:, o::n_out]                                     # the columns of output o, sample by sample
        if regs:
            key = tuple(exps)
            table = tables.get(key)
            if table is None:
                table = tables[key] = _monomials(Zf, exps)
            W = Mo @ table                                      # (rows, terms)
            for j, r in enumerate(regs):                         # two coefficients may share a register
                lin[r] = lin[r] + W[:, j] if r in lin else W[:, j].copy()
        if cexps:
            const += Mo @ (_monomials(Zf, cexps) @ np.asarray(cvals, dtype=np.complex128))
    keys = list(lin)
    # the rows as Python complex numbers in one pass: the same values as complex(lin[r][i]) without a numpy scalar per
    # term (the same tapes byte for byte; about 10% less CPU for a witness system's trace)
    rows = np.array([lin[r] for r in keys], dtype=np.complex128).T.tolist() if keys else [[]] * M.shape[0]
    return [Tracer(builder, {r: c for r, c in zip(keys, row) if c != 0}, c0) for row, c0 in zip(rows, const.tolist())]


def _monomials(Zf, exps):
    """(K, len(exps)) values z_k^e."""
    if not exps:
        return np.zeros((Zf.shape[0], 0), dtype=np.complex128)
    E = np.array(exps, dtype=np.int64)
    out = np.ones((Zf.shape[0], len(exps)), dtype=np.complex128)
    for j in range(E.shape[1]):
        out *= Zf[:, j, None] ** E[None, :, j]
    return out


def choose_route(values, n):
    """("forward" or "coefficients", {route: modelled seconds per evaluation}) for recording the values of
    a :class:`~algnet.analyses.witness.NetworkValues` with n unknowns: the coefficients when they can be
    recorded under a budget of products of coefficients (4 times the K forward passes' instructions and
    terms), else the forward passes. The costs (one forward pass on a scratch tape times K, the coefficients
    on another) are returned for information only: they leave out the final combination of the values,
    which the forward route pays on K n_out values and the coefficient route on fewer coefficients, so they
    favour the forward route. On dense 3-3-5-1 r=2,3 the model says 16.7 us forward against 32.7 us
    coefficients, the recorded tapes have 65,656 against 27,048 lanes, and tracking runs 9 against 19 paths per
    CPU second (256 paths, best of 3).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.witness import NetworkValues
    >>> net = parse_spec("conv k=2,2,2 s=1,1,1 r=2")
    >>> rng = np.random.default_rng(0)
    >>> vals = NetworkValues(net, rng.normal(size=(net.monomial_count(), 4)) + 0j, rng)
    >>> route, cost = choose_route(vals, net.n_params)
    >>> route, cost["coefficients"] < cost["forward"]
    ('coefficients', True)
    """
    from algnet.homotopy.tape import TapeBuilder

    def model(lanes, size):      # Tape.seconds_per_evaluation without the linear solve (the same for both)
        return 1.5e-9 * lanes + 3e-9 * size

    # the forward passes at the K samples record the same program: one pass, times K
    K = values.K
    b = TapeBuilder(n, 0)
    one = b.finish(values.trace_forward(b.x, values.Z[:1]), reduce_outputs=False)
    cost = {"forward": K * model(one.lane_work(), one.size)}
    b2 = TapeBuilder(n, 0)
    try:
        co = network_coefficients(values.net, b2.x, budget=4 * K * (one.size + len(one.dot_idx)))
        # the coefficients themselves as outputs (Tracers: a register index would be taken for a constant)
        outs = [c for ci in co for c in ci.values() if hasattr(c, "lin") and c.lin]
        tape = b2.finish(outs, reduce_outputs=False)
        cost["coefficients"] = model(tape.lane_work(), tape.size)
    except (NotApplicableError, TypeError, ValueError, AttributeError):
        return "forward", cost
    return "coefficients", cost
