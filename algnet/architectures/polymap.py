"""Any polynomial map theta -> (p_1(theta), ..., p_m(theta)) as a network.

:func:`parametrization` turns polynomials (strings: one expression of
variables, integers, ``+ - * /``, ``^`` and parentheses; sympy
expressions or python-flint polynomials) into a :class:`PolynomialMap`, a
:class:`~algnet.architectures.base.Network` like any other: its parameters
are the variables of the polynomials, its function space is C^m (the values
of the m polynomials), and its forward pass is a straight-line program
(powers of the parameters, products of those powers, one linear map with the
rational coefficients), so it evaluates over GF(p), QQ, complex floats, balls
and flint polynomials with the code every network uses. :func:`load_map`
reads a file with one polynomial per line.

The network has one formal input x0 that enters as x0^0 = 1 (the outputs are
constant in the input), so its function-space coordinates are the m output
values; the analyses (dimension, degree, implicitization, singular locus)
see the image of the map.

Spec form (one line, parses back to an equal map)::

    map p1; p2; ...; pm [params=v1,v2,...]

Examples
--------
>>> net = parametrization(["s^3", "s^2*t", "s*t^2", "t^3"])   # twisted cubic (cone)
>>> net.n_params, net.ambient_dimension, net.param_names()
(2, 4, ['s', 't'])
>>> net.evaluate([1, 2], [[0]]).tolist()
[[1, 2, 4, 8]]
>>> net.spec
'map s^3; s^2*t; s*t^2; t^3 params=s,t'
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np

from algnet.architectures.base import Network
from algnet.architectures.spec import register_family
from algnet.core.backends import RationalConstant
from algnet.architectures.polymap_size import MAX_DEGREE
from algnet.errors import SpecError, TooLargeError

# the text of a polynomial: read (checked, then expanded by flint) and printed back
from algnet.architectures.polymap_text import _POLY_HINT as _HINT
from algnet.architectures.polymap_text import _flint_terms, _poly_string, _sympify

__all__ = ["PolynomialMap", "parametrization", "load_map"]


def _natural_key(name: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def _check_program_size(outputs: int, n: int, monomials: int, powers: int, rounds: int) -> int:
    """Refuse (TooLargeError, with the estimate) a map whose straight-line program's matrices would not fit in
    memory, before any is built: one embedding (width x n) per distinct exponent, one selection (monomials x width)
    per factor of the longest monomial, width = distinct exponents x n, int64; and the coefficients (outputs x
    monomials, an object array). 10^4 polynomials s^i*t (i = 1..10^4) plan 6.7 GiB of them. Returns the bytes.

    Examples
    --------
    >>> _check_program_size(3, 2, 4, 3, 2) < 2**20
    True
    >>> _check_program_size(10**5, 2, 10**5, 10**5 + 1, 2)      # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: a map of 100000 polynomials in 2 parameters (100000 distinct monomials, 100001 ...
    """
    from algnet.guards import check_resources

    width = powers * n
    memory = 8 * (powers * width * n + rounds * monomials * width) + 8 * outputs * max(monomials, 1)
    check_resources(f"a map of {outputs} polynomials in {n} parameters ({monomials} distinct monomials, {powers} "
                    f"distinct exponents): its evaluation program", memory=memory, forceable=False,
                    hint="fewer polynomials, or fewer distinct exponents (each adds a block to every matrix of the "
                         "program)")
    return memory


#: Multiply-adds per CPU second of a map's evaluation program, forward and reverse pass together (one row of a
#: Jacobian sketch): 1.8e7 and 2.0e7 measured on the maps s^i*t, i = 1..1000 and 1..2000 (their dimension took 2.0
#: and 7.1 CPU s): the program's matrices are dense int64 products, one block per distinct exponent.
PROGRAM_RATE = 2e7


def program_work(outputs: int, n: int, monomials: int, powers: int, rounds: int) -> int:
    """Multiply-adds of one evaluation of a map's straight-line program (see :class:`PolynomialMap`): the
    embeddings (one width x n block per distinct exponent), the selections (monomials x width per factor of the
    longest monomial) and the coefficients (outputs x monomials); width = distinct exponents x n.

    Examples
    --------
    >>> program_work(3, 2, 4, 3, 2)          # 3 * 6 * 2 + 2 * 4 * 6 + 3 * 4
    96
    """
    width = powers * n
    return powers * width * n + rounds * monomials * width + outputs * max(monomials, 1)


def _check_program_cost(outputs: int, n: int, monomials: int, powers: int, rounds: int) -> float:
    """Refuse (TooLargeError) a map whose smallest Jacobian sketch (min(n, outputs) + 2 rows, the dimension's)
    would take more than :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds through its evaluation program, and
    announce one above :data:`~algnet.guards.NOTICE_SECONDS`; returns the CPU seconds of one row. 5,000
    polynomials s^i*t took minutes in every analysis with no estimate.

    Examples
    --------
    >>> _check_program_cost(3, 2, 4, 3, 2) < 1e-3
    True
    >>> _check_program_cost(30000, 2, 30000, 30001, 2)              # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: a map of 30000 polynomials in 2 parameters (30001 distinct exponents): ...
    """
    from algnet.guards import DEFAULT_BUDGET, announce, format_seconds

    row = program_work(outputs, n, monomials, powers, rounds) / PROGRAM_RATE
    rows = min(n, outputs) + 2
    what = (f"a map of {outputs} polynomials in {n} parameters ({powers} distinct exponents): one evaluation of "
            f"its program takes about {format_seconds(row)} of CPU, a Jacobian sketch of {rows} rows (the least "
            f"any analysis evaluates) about {format_seconds(rows * row)}")
    cheaper = ("fewer distinct exponents: each one adds a block to every matrix of the program (e.g. a new "
               "variable for a power that recurs, u = s^10), or fewer polynomials")
    if rows * row > DEFAULT_BUDGET:
        raise TooLargeError(f"{what}, above the budget of {format_seconds(DEFAULT_BUDGET)}", hint=cheaper,
                            seconds=rows * row)
    announce(f"{what} (cheaper: {cheaper})", rows * row)
    return row


class PolynomialMap(Network):
    """A polynomial map theta -> (p_1(theta), ..., p_m(theta)) over QQ.

    Build it with :func:`parametrization` or :func:`load_map`.

    Parameters
    ----------
    terms : sequence of dict
        One dict per output: exponent tuple (one entry per parameter) -> rational coefficient.
    params : sequence of str
        Parameter (variable) names, in the order of the exponent tuples.

    Examples
    --------
    >>> net = PolynomialMap([{(2,): 1}, {(1,): 3}], ["t"])
    >>> net.spec
    'map t^2; 3*t params=t'
    """

    family = "map"

    def __init__(self, terms, params):
        params = tuple(str(v) for v in params)
        if not params:
            raise SpecError("a polynomial map needs at least one parameter (variable)", token="",
                            hint="the variables of the polynomials are the parameters, e.g. ['s^2', 's*t']")
        if len(set(params)) != len(params):
            raise SpecError(f"parameters {params} repeat a name", token=",".join(params),
                            hint="name each variable once")
        if not terms:
            raise SpecError("a polynomial map needs at least one polynomial", token="", hint=_HINT)
        self.params = params
        self.terms = tuple({tuple(int(e) for e in k): Fraction(c) for k, c in t.items() if Fraction(c) != 0}
                           for t in terms)
        for t in self.terms:
            for k in t:
                if len(k) != len(params) or min(k, default=0) < 0:
                    raise SpecError(f"exponent {k} does not match the parameters {params}", token=str(k),
                                    hint="one non-negative exponent per parameter")
        top = max((e for t in self.terms for k in t for e in k), default=0)
        if top > MAX_DEGREE:        # each power theta_j^e is evaluated from the e + 1 coefficients of t^e
            raise TooLargeError(f"a polynomial map with the exponent {top}: above the limit of {MAX_DEGREE}",
                                hint="a polynomial of lower degree", exponent=top)
        n = len(params)
        self.param_shapes = (("theta", (n, 1)),)
        self.input_shape = (1,)
        self.output_shape = (len(self.terms),)
        self.degree = 0
        self.homogeneous = True
        self._torus = _torus_weights(self.terms, n)
        self.symmetry_description = (f"a {len(self._torus)}-dimensional torus rescaling the parameters "
                                     "(weights orthogonal to every exponent)" if self._torus else
                                     "none known (a user-given map)")
        self.spec = "map " + "; ".join(self.polynomial_strings()) + " params=" + ",".join(params)
        # straight-line program data: distinct non-constant monomials, their factors, coefficient matrices
        monos = sorted({k for t in self.terms for k in t if any(k)})
        self._maxdeg = max((max(k) for k in monos), default=0)
        self._monos = monos
        rounds = max((sum(1 for e in k if e) for k in monos), default=0)
        # only the exponents that occur get a power theta_j^e (slot s holds exponent self._powers[s]): a map
        # with one z^1000 computed all 1001 powers, O(maxdeg^2) work in every evaluation (minutes for implicit)
        self._powers = sorted({0} | {e for k in monos for e in k if e})
        slot = {e: s for s, e in enumerate(self._powers)}
        width = len(self._powers) * n
        _check_program_size(len(self.terms), n, len(monos), len(self._powers), rounds)
        #: CPU seconds of one evaluation of the program (a row of a Jacobian sketch), estimated
        self.row_seconds = _check_program_cost(len(self.terms), n, len(monos), len(self._powers), rounds)
        sel = []
        for rnd in range(rounds):
            S = np.zeros((len(monos), width), dtype=np.int64)
            for m, k in enumerate(monos):
                factors = [(j, e) for j, e in enumerate(k) if e]
                j, e = factors[rnd] if rnd < len(factors) else (0, 0)
                S[m, slot[e] * n + j] = 1
            sel.append(S)
        self._sel = sel
        self._embed = []
        for s in range(len(self._powers)):
            E = np.zeros((width, n), dtype=np.int64)
            E[s * n:(s + 1) * n, :] = np.eye(n, dtype=np.int64)
            self._embed.append(E)
        column = {k: m for m, k in enumerate(monos)}     # (monos.index was quadratic in the terms)
        C = np.zeros((len(self.terms), max(len(monos), 1)), dtype=object)
        C0 = np.zeros((len(self.terms), 1), dtype=object)
        for i, t in enumerate(self.terms):
            for k, c in t.items():
                # a non-integer coefficient combines with python numbers as a Fraction and with flint numbers and
                # polynomials as an fmpq (a plain Fraction made the exact expansion raise TypeError: map x/2; y/3; x*y)
                c = int(c) if c.denominator == 1 else RationalConstant(c)
                if any(k):
                    C[i, column[k]] = c
                else:
                    C0[i, 0] = c
        self._C = C
        self._C0 = C0

    # ----------------------------------------------------------------- names
    def polynomial_strings(self) -> list[str]:
        """The polynomials as text with ``^`` for powers (canonical order: sympy's, printed by
        :func:`_poly_string` without building sympy expressions)."""
        return [_poly_string(t, self.params) for t in self.terms]

    def sympy_polynomials(self) -> list:
        """The polynomials as sympy expressions."""
        import sympy

        syms = [sympy.Symbol(v) for v in self.params]
        out = []
        for t in self.terms:
            # one Add of all the terms (a running sum re-sorted the partial sums: 60 s for 1772 terms)
            expr = sympy.Add(*[sympy.Rational(c.numerator, c.denominator)
                               * sympy.Mul(*[s ** e for s, e in zip(syms, k)]) for k, c in t.items()])
            out.append(expr)
        return out

    def param_names(self) -> list[str]:
        return list(self.params)

    def input_names(self) -> list[str]:
        return ["x0"]

    def coordinate_names(self) -> list[str]:
        """One coordinate per polynomial: ``y0, y1, ...``."""
        return [f"y{i}" for i in range(self.n_outputs)]

    # --------------------------------------------------------------- forward
    def forward(self, P, x):
        one = P.act(x, (1,))                               # x0^0 = 1, shape (batch, 1)
        th = P.lin(P.param("theta"), one)                  # (batch, n): the parameters as data
        out = P.lin(self._C0, one)
        if not self._monos:
            return out
        stacked = None
        for s, e in enumerate(self._powers):
            pw = P.act(th, (0,) * e + (1,))                # theta_j^e
            part = P.lin(self._embed[s], pw)
            stacked = part if stacked is None else P.add(stacked, part)
        mono = None
        for S in self._sel:
            f = P.lin(S, stacked)
            mono = f if mono is None else P.mul(mono, f)
        return P.add(out, P.lin(self._C, mono))

    def symmetry_tangents(self, theta, backend=None, p=None):
        """Tangents of the torus theta_j -> t^(w_j) theta_j that fixes every monomial of
        the map (w orthogonal to all exponent vectors): rows w * theta.

        Examples
        --------
        >>> parametrization(["a*c", "a*d", "b*c", "b*d"]).symmetry_tangents([1, 2, 3, 4]).tolist()
        [[-1, -2, 3, 4]]
        """
        from algnet.architectures.base import as_backend

        B = as_backend(backend, p)
        if not self._torus:
            return B.zeros((0, self.n_params))
        th = B.asarray(np.asarray(theta, dtype=object) if _objects(theta) else np.asarray(theta))
        return np.stack([B.mul(B.asarray(np.array(w, dtype=np.int64)), th) for w in self._torus])

    def _finite(self):
        from algnet.architectures.polymap_symmetry import finite_symmetries

        if getattr(self, "_finite_cache", None) is None:
            self._finite_cache = finite_symmetries(self.terms, self.n_params)
        return self._finite_cache

    def finite_symmetry_order(self) -> int:
        """Order of the finite symmetries acting on the torus orbits of the generic fibers: the roots of unity
        theta_j -> zeta_j theta_j fixing every monomial times the permutations of the parameters preserving
        the map (:mod:`algnet.architectures.polymap_symmetry`; permutations only up to 6 parameters).

        Examples
        --------
        >>> parametrization(["x^2", "y^2", "x*y"]).finite_symmetry_order()        # (x, y) -> (-x, -y)
        2
        >>> parametrization(["x + y", "x*y"]).finite_symmetry_order()             # the swap
        2
        """
        return self._finite().order

    def finite_actions(self) -> list:
        """Generators of the finite symmetries as maps on (k, n) arrays of parameter vectors.

        Examples
        --------
        >>> [a(np.array([[2, 3]])).tolist() for a in parametrization(["x^2", "y^2"]).finite_actions()]
        [[[-2, 3]], [[2, -3]]]
        """
        return self._finite().actions()

    def finite_symmetry_description(self) -> str:
        """The finite symmetries in words.

        Examples
        --------
        >>> parametrization(["x + y", "x*y"]).finite_symmetry_description()
        'permutations of the parameters preserving the map (order 2 on the torus orbits)'
        """
        return self._finite().description()

    def rank_drop_cover(self):
        """The linear subspaces and isolated points where d mu drops rank (the strata the critical-points search
        solves), and whether they cover its rank-drop locus
        (:func:`~algnet.architectures.polymap_strata.rank_drop_cover`; computed once).

        Examples
        --------
        >>> c = parametrization(["x^2", "y^2"]).rank_drop_cover()              # det d mu = 4 x y
        >>> c.labels, c.covered
        (('x = 0', 'y = 0'), True)
        """
        if getattr(self, "_cover_cache", None) is None:
            from algnet.architectures.polymap_strata import rank_drop_cover

            self._cover_cache = rank_drop_cover(self.terms, self.n_params, self.params)
        return self._cover_cache

    def parameter_degree(self) -> int:
        """Largest total degree of the polynomials (exact, not a bound)."""
        return max((sum(k) for t in self.terms for k in t), default=0)

    def estimate_terms(self) -> int:
        """Number of terms of the polynomials (their symbolic expansion)."""
        return max(1, sum(len(t) for t in self.terms))

    def __eq__(self, other):
        return isinstance(other, PolynomialMap) and self.params == other.params and self.terms == other.terms

    def __hash__(self):
        return hash(("map", self.params, tuple(tuple(sorted(t.items())) for t in self.terms)))


def _objects(a) -> bool:
    return isinstance(a, np.ndarray) and a.dtype == object or not isinstance(a, np.ndarray) and any(
        not isinstance(v, (int, np.integer)) for v in np.asarray(a, dtype=object).ravel())


def _torus_weights(terms, n) -> list[tuple[int, ...]]:
    """Integer basis of {w : e . w = 0 for every exponent vector e of the map}."""
    import sympy

    rows = sorted({k for t in terms for k in t})
    if not rows:
        return [tuple(int(i == j) for i in range(n)) for j in range(n)]
    basis = sympy.Matrix(rows).nullspace()
    out = []
    for v in basis:
        den = sympy.ilcm(1, *[sympy.Rational(x).q for x in v])     # one parameter: ilcm needs two arguments
        out.append(tuple(int(x * den) for x in v))
    return out


def parametrization(polys, params=None) -> PolynomialMap:
    """The polynomial map theta -> (p_1(theta), ..., p_m(theta)) as a network.

    Parameters
    ----------
    polys : sequence
        Polynomials: strings (one expression of variables, integers,
        ``+ - * /``, powers ``^`` or ``**`` and parentheses),
        sympy expressions, or python-flint ``fmpz_mpoly``/``fmpq_mpoly``
        (univariate flint polynomials use the variable ``x``). Rational
        coefficients only.
    params : sequence of str or sympy symbols, optional
        The parameters, in order. Default: every variable that occurs, in
        natural order (``t2`` before ``t10``).

    Returns
    -------
    PolynomialMap

    Raises
    ------
    SpecError
        A polynomial that does not parse, is not polynomial with rational
        coefficients in the parameters, or no parameters at all.

    Examples
    --------
    >>> from algnet import dimension
    >>> net = parametrization(["a*c", "a*d", "b*c", "b*d"])      # Segre P1 x P1
    >>> dimension(net, seed=0).dimension
    3
    >>> parametrization(["t", "t^2", "t^3"]).evaluate([2], [[0]]).tolist()
    [[2, 4, 8]]
    """
    import sympy

    if isinstance(polys, (str, sympy.Basic)) or hasattr(polys, "context"):
        polys = [polys]
    if polys is None or isinstance(polys, (dict, set, frozenset)) or not hasattr(polys, "__iter__"):
        raise SpecError(f"expected a list of polynomials, got {type(polys).__name__}", token=str(polys),
                        hint="e.g. parametrization(['s^2', 's*t', 't^2'])")
    polys = list(polys)
    wheres = [f"polynomial {i + 1}" for i in range(len(polys))]
    _announce_reading(polys)
    return _build([_sympify(p, w) for p, w in zip(polys, wheres)], wheres, params)


#: CPU seconds to read one polynomial (sympy's parser and the checks of its text), and per character of text:
#: measured 5.7-9.4 ms a polynomial of a few terms (a map file of 1000 such lines, loaded 2-core machine), and
#: 1.5 s for 1000 terms of 10 characters in one polynomial (reading 10^4 polynomials took over a minute, unannounced)
READ_SECONDS_PER_POLYNOMIAL = 6e-3
READ_SECONDS_PER_CHARACTER = 1.5e-4


def _announce_reading(texts) -> None:
    """Announce the reading of polynomials estimated above a few seconds (:func:`algnet.guards.announce`)."""
    from algnet.guards import announce

    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    chars = sum(len(t) for t in texts)
    announce(f"reading {len(texts)} polynomials ({chars:,} characters)",
             len(texts) * READ_SECONDS_PER_POLYNOMIAL + chars * READ_SECONDS_PER_CHARACTER)


def _build(exprs, wheres, params) -> PolynomialMap:
    if not exprs:
        raise SpecError("no polynomials given", token="", hint=_HINT)
    seen = sorted({str(s) for e in exprs for s in e.free_symbols}, key=_natural_key)
    expanded = [_flint_terms(e, seen, w) for e, w in zip(exprs, wheres)] if seen else None
    # the variables of the expanded polynomials (x - x + y has the variable y only)
    used = [v for j, v in enumerate(seen) if any(k[j] for t in expanded for k in t)] if seen else []
    if params is None:
        names = used
    else:
        if isinstance(params, str):
            params = [v for v in re.split(r"[,\s]+", params) if v]
        names = [str(v) for v in params]
        bad = [v for v in names if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", v)]
        if bad:         # a name such as '1x', 'a b' or '' printed a spec that did not parse back to the map
            raise SpecError(f"parameter name {bad[0]!r} is not a variable name", token=bad[0],
                            hint="names are letters, digits and '_', starting with a letter or '_', e.g. params=s,t")
        repeated = sorted({v for v in names if names.count(v) > 1}, key=_natural_key)
        if repeated:   # sympy's GeneratorsError escaped as a traceback
            raise SpecError(f"parameters {', '.join(repeated)} listed more than once", token=",".join(repeated),
                            hint="list each parameter once in params=")
        missing = sorted(set(used) - set(names), key=_natural_key)
        if missing:
            raise SpecError(f"variables {', '.join(missing)} occur in the polynomials but are not parameters",
                            token=",".join(missing), hint="list every variable in params=, or leave params out")
    if not names:
        raise SpecError("the polynomials have no variables, so the map has no parameters", token="",
                        hint="the variables of the polynomials are the parameters, e.g. ['s^2', 's*t']")
    if expanded is None:          # constants only
        expanded = [_flint_terms(e, ["_"], w) for e, w in zip(exprs, wheres)]
        seen = ["_"]
    where = {v: j for j, v in enumerate(seen)}
    terms = [{tuple(k[where[v]] if v in where else 0 for v in names): c for k, c in t.items()} for t in expanded]
    return PolynomialMap(terms, names)


def load_map(path) -> PolynomialMap:
    """Read a polynomial map from a text file: one polynomial per line.

    One expression of variables, integers, ``+ - * /``, ``^`` and
    parentheses per line; the variables are the parameters (natural order); blank
    lines and text after ``#`` are ignored.

    Raises
    ------
    SpecError
        Naming the file and line of a polynomial that does not parse, or
        when the file has no polynomial or no variable.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("s^2  # first\\ns*t\\nt^2\\n")
    >>> load_map(f.name).spec
    'map s^2; s*t; t^2 params=s,t'
    >>> os.unlink(f.name)
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as e:
        raise SpecError(f"cannot read the map file {str(path)!r}: {e.strerror}", token=str(path),
                        hint="give a text file with one polynomial per line") from None
    except UnicodeDecodeError:      # a binary file (an .npz, a picture): was a raw traceback on the CLI
        raise SpecError(f"the map file {str(path)!r} is not a text file (not UTF-8)", token=str(path),
                        hint="give a text file with one polynomial per line, e.g. s^2") from None
    polys, wheres = [], []
    _announce_reading(lines)
    for no, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        wheres.append(f"{path}, line {no}")
        polys.append(_sympify(text, wheres[-1]))
    if not polys:
        raise SpecError(f"the map file {str(path)!r} has no polynomial", token=str(path),
                        hint="write one polynomial per line, e.g. s^2")
    try:
        return _build(polys, wheres, None)
    except SpecError as e:
        if str(path) in e.message:
            raise
        raise SpecError(f"{path}: {e.message}", token=getattr(e, "token", ""), hint=e.hint) from None


@register_family("map")
def _parse_map(tokens, spec):
    params = None
    body = []
    hint = "e.g. map s^2; s*t; t^2 params=s,t"
    for t in tokens:
        if t.lower().startswith("params="):
            if params is not None:
                raise SpecError(f"bad spec {spec!r}: params= given twice", token=t, hint="give params= once")
            params = t.partition("=")[2]
        elif params is not None and (params == "" or params.endswith(",") or t.startswith(",")):
            params += t         # 'params=s, t' and 'params= s,t': the list goes on after a space
        elif params is not None:   # was glued to the last polynomial: "cannot parse 's*t t'"
            raise SpecError(f"bad spec {spec!r}: {t!r} after params= (params= comes last, after the polynomials)",
                            token=t, hint=hint)
        else:
            body.append(t)
    text = " ".join(body)
    polys = [p for p in text.split(";")]
    if not text.strip() or any(not p.strip() for p in polys):
        raise SpecError(f"bad spec {spec!r}: give polynomials separated by ';'", token=text, hint=hint)
    return parametrization(polys, params)
