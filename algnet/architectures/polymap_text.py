"""The text of one polynomial of a map: checked before sympy reads it, expanded by flint, printed back.

sympy's parser runs Python statements: ``s^2; s*t`` was read as ``s^2`` (the
rest dropped), ``a = 1`` as the constant 1 and ``s if t else u`` as ``s``,
without a word; a tuple (``s, t``) or a string ended in a traceback. A
polynomial is one expression made of numbers (decimal digits: ``0x10``,
``1_000``, ``1.5``, ``1e3`` and ``3!`` are refused), variables (ASCII names),
``+ - * /``, powers (``^`` or ``**``) and parentheses; anything else is
refused here, naming it.

Examples
--------
>>> check_polynomial_text("s^2 + 3*s*t - t/2", "polynomial 1")
>>> check_polynomial_text("s^2; s*t", "polynomial 1")
Traceback (most recent call last):
...
algnet.errors.SpecError: polynomial 1: 's^2; s*t' is not one polynomial: ';' ...
"""

from __future__ import annotations

import ast
import re
from fractions import Fraction

from algnet.errors import SpecError
from algnet.numtext import abbreviate, int_str, quote

__all__ = ["check_polynomial_text"]

_HINT = ("write one polynomial of numbers, variables, + - * /, ^ and parentheses, e.g. 's^2 + 3*s*t - t/2' "
         "(one polynomial per line of a map file; ';' separates the polynomials of a 'map' spec)")
_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_WHAT = {ast.Tuple: "a tuple (a ',')", ast.List: "a list", ast.Set: "a set", ast.Dict: "a dict",
         ast.Compare: "a comparison", ast.IfExp: "an 'if ... else'", ast.Call: "a function call",
         ast.BoolOp: "'and'/'or'", ast.Lambda: "a lambda", ast.Attribute: "an attribute ('.')",
         ast.Subscript: "an index ('[...]')", ast.NamedExpr: "an assignment (':=')"}


def _refuse(text, where, why):
    return SpecError(f"{where}: {quote(text)} is not one polynomial: {why}", token=abbreviate(text), hint=_HINT)


def check_polynomial_text(text: str, where: str) -> None:
    """Refuse (SpecError naming ``where`` and what is wrong) a text that is not one expression of numbers,
    variables, ``+ - * /``, powers and parentheses: several statements (``;``), an assignment (``=``),
    tuples, comparisons, calls, strings, ... Text that Python cannot read at all is left to sympy's parser
    (its message names the text too).

    Examples
    --------
    >>> check_polynomial_text("(s + 1)^3 - 2/3*t", "p")
    >>> check_polynomial_text("params=s,t", "line 4")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: line 4: 'params=s,t' is not one polynomial: '=' (an assignment or an option) ...
    >>> check_polynomial_text("007*s", "polynomial 1")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: polynomial 1: '007*s' is not one polynomial: the number '007': ... leading zeros (7)
      hint: ...
    """
    if "#" in text:     # Python (and sympy) would drop the rest of the line without a word
        raise _refuse(text, where, "'#' starts a comment (comments are for map files, after the polynomial)")
    if ";" in text:     # Python reads 's^2; s*t' as two statements, and sympy kept the first
        raise _refuse(text, where, "';' separates polynomials (one polynomial per line of a map file)")
    if not text.isascii():  # 'σ*s' was a UnicodeEncodeError traceback from flint; '−' (U+2212) is not '-'
        char = next(c for c in text if not c.isascii())
        raise _refuse(text, where, f"the character {char!r} (U+{ord(char):04X}): variable names are ASCII letters, "
                                   "digits and '_', and the operators are + - * / ^")
    zero = _LEADING_ZERO.search(text)
    if zero:            # Python refuses 007 (a SyntaxError, which sympy's parser reported) and reads 00 as 0
        raise _refuse(text, where, f"the number {zero.group()!r}: numbers are written without leading zeros "
                                   f"({int(zero.group())})")
    chunks = sum_chunks(text)
    if len(chunks) > 1:     # a long sum: Python's parser recurses once per '+' (10^4 terms: RecursionError)
        for chunk in chunks:
            check_polynomial_text(chunk, where)
        return
    source = split_long_numbers(text).replace("^", "**")
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError:
        stray = re.search(r"[^A-Za-z0-9_+\-*/^().\s]", text)
        if stray:       # sympy's parser reads more than Python: '3!*s' was the map 6*s
            raise _refuse(text, where, f"the character {stray.group()!r} is not allowed") from None
        return          # not Python at all: sympy's parser refuses it with its own message
    if len(tree.body) != 1:
        raise _refuse(text, where, "it is several statements")
    stmt = tree.body[0]
    if not isinstance(stmt, ast.Expr):
        why = ("'=' (an assignment or an option)" if isinstance(stmt, (ast.Assign, ast.AugAssign))
               else "':' (an annotation)" if isinstance(stmt, ast.AnnAssign)
               else f"a Python statement ({type(stmt).__name__.lower()})")
        raise _refuse(text, where, why)
    for node in ast.walk(stmt.value):
        if isinstance(node, (ast.Name, ast.Load, ast.UnaryOp, ast.UAdd, ast.USub, ast.Expr) + _OPS):
            continue
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, _OPS):
                continue
            raise _refuse(text, where, f"the operator {type(node.op).__name__} (only + - * / and ^)")
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (int, float, complex)) and not isinstance(node.value, bool):
                _check_number(_segment(source, node) or repr(node.value), text, where)
                continue
            raise _refuse(text, where, f"the constant {node.value!r} is not a number")
        if isinstance(node, (ast.Invert, ast.Not)):
            raise _refuse(text, where, f"{'~' if isinstance(node, ast.Invert) else 'not'} is not allowed")
        what = _WHAT.get(type(node), f"{type(node).__name__}")
        raise _refuse(text, where, f"{what} is not allowed")


#: summands of a polynomial's text read in one piece by Python's (and sympy's) parser: a sum of 10^4 terms (the
#: limit of :data:`~algnet.architectures.polymap_size.MAX_TERMS`) ended in a RecursionError traceback
CHUNK_TERMS = 100


def sum_chunks(text: str, size: int = CHUNK_TERMS) -> list:
    """The text of a polynomial cut, at '+' and '-' between summands outside parentheses, into pieces of at most
    ``size`` summands (the text itself when it has no more), each readable on its own; their sum is the
    polynomial.

    Examples
    --------
    >>> sum_chunks("s^2 - (s + t)*t + 1", size=2)
    ['s^2 - (s + t)*t ', '+ 1']
    >>> sum_chunks("-s + 2*t^-1 - 1e-3", size=1)           # unary signs and exponents are not cut
    ['-s ', '+ 2*t^-1 ', '- 1e-3']
    """
    cuts, depth, prev, word, last = [], 0, "", "", ""     # word: the name or number being read, last: the one read
    for i, c in enumerate(text):
        if c.isalnum() or c in "_.":
            word += c
            last = word
        else:
            word = ""
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c in "+-" and depth == 0 and (prev.isalnum() or prev in "_)]") and not (
                prev in "eE" and re.fullmatch(r"[0-9.]+[eE]", last)):      # 1e-3: the sign of an exponent
            cuts.append(i)
        if not c.isspace():
            prev = c
    if len(cuts) < size:
        return [text]
    bounds = [0] + cuts[size - 1::size] + [len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


#: a whole number of two or more digits starting with 0 (not inside a name, a decimal or a 0x / 0o / 0b literal)
_LEADING_ZERO = re.compile(r"(?<![A-Za-z0-9_.])0[0-9]+(?![0-9A-Za-z_.])")


#: a whole number of more digits than Python reads (its limit is 4300): read in pieces by :func:`split_long_numbers`
_LONG_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])[0-9]{1001,}(?![0-9A-Za-z_.])")
_PIECE = 1000


def split_long_numbers(text: str) -> str:
    """``text`` with every whole number of more than 1000 digits written as a sum of pieces of 1000 digits times
    powers of ten: Python's parser (and sympy's) refuses a literal of more than 4300 digits (a ValueError
    traceback), the sum is read and the same integer is built exactly.

    Examples
    --------
    >>> split_long_numbers("3*s + 1")
    '3*s + 1'
    >>> t = split_long_numbers("2" + "0" * 1500 + "*s")
    >>> t.replace("0" * 499, "0..0")                       # 2 * 10^1500 = (2 followed by 500 zeros) * 10^1000
    '(20..00*10^1000 + 0)*s'
    >>> import sympy
    >>> sympy.sympify(t.replace("^", "**")) == 2 * 10**1500 * sympy.Symbol("s")
    True
    """
    def pieces(m):
        digits = m.group()
        cuts = range(len(digits), 0, -_PIECE)
        terms = [f"{int(digits[max(c - _PIECE, 0):c])}*10^{len(digits) - c}" for c in cuts]
        return "(" + " + ".join(reversed(terms)).replace("*10^0", "") + ")"

    return _LONG_NUMBER.sub(pieces, text) if len(text) > 1000 else text


def _segment(source: str, node) -> str | None:
    """The text of ``node`` in ``source``: read from its offsets in a one-line (ASCII) text; ast.get_source_segment
    splits the whole text into lines at each call (a map of 10^4 numbers: quadratic)."""
    if "\n" in source or "\r" in source or node.end_col_offset is None:
        return ast.get_source_segment(source, node)
    return source[node.col_offset:node.end_col_offset]


def _check_number(literal: str, text: str, where: str) -> None:
    # a number is decimal digits: Python (and sympy) also read 0x10 as 16, 0b11 as 3 and 1_000 as 1000 without a
    # word, 1e3 and 1.5 as floats (then refused as "not rational") and 2j as a complex number
    if re.fullmatch(r"[0-9]+", literal):
        return
    if literal[-1] in "jJ":
        why = "complex numbers are not allowed (the coefficients are rational)"
    elif re.match(r"0[xXoObB]", literal):
        why = f"numbers are written in decimal digits ({int(literal.replace('_', ''), 0)})"
    elif re.fullmatch(r"[0-9_]+", literal):
        why = f"numbers are written without '_' ({literal.replace('_', '')})"
    else:       # a decimal point or an exponent: the exact rational it stands for
        why = f"numbers are integers or fractions p/q, exact ({_exact_text(literal)})"
    raise _refuse(text, where, f"the number {quote(literal)}: {why}")


def _exact_text(literal: str) -> str:
    # the rational a decimal literal stands for, abbreviated (Fraction refuses more than 4300 digits: ValueError)
    try:
        q = Fraction(literal.replace("_", ""))
    except (ValueError, OverflowError):
        return f"a decimal of {len(literal)} characters"
    return abbreviate(int_str(q.numerator) + ("" if q.denominator == 1 else "/" + int_str(q.denominator)))


_POLY_HINT = ("write each polynomial as one expression of variables, integers, + - * /, ^ and parentheses, "
              "e.g. 's^2 + 3*s*t - t/2' (rational coefficients)")


def _sympify(p, where: str):
    import sympy
    from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

    from algnet.architectures.polymap_size import check_expression_size
    from algnet.architectures.polymap_text import check_polynomial_text

    if isinstance(p, sympy.Basic):     # bounded like a string: flint would expand (x+y+z+w)**1000 too
        check_expression_size(p, where, len(p.free_symbols))
        return p
    if hasattr(p, "to_dict") and hasattr(p, "context"):  # flint fmpz_mpoly / fmpq_mpoly
        names = p.context().names()
        syms = [sympy.Symbol(n) for n in names]
        return sum((sympy.Rational(int(Fraction(str(c)).numerator), int(Fraction(str(c)).denominator))
                    * sympy.Mul(*[s ** e for s, e in zip(syms, exps)]) for exps, c in p.to_dict().items()),
                   sympy.Integer(0))
    if type(p).__name__ in ("fmpz_poly", "fmpq_poly"):
        x = sympy.Symbol("x")
        return sum((sympy.Rational(str(c)) * x ** k for k, c in enumerate(p.coeffs())), sympy.Integer(0))
    if isinstance(p, (int, Fraction)):
        return sympy.Rational(p)
    if not isinstance(p, str):
        raise SpecError(f"{where}: cannot read a polynomial from {type(p).__name__}", token=abbreviate(p),
                        hint=_POLY_HINT)
    text = p.strip()
    if not text:
        raise SpecError(f"{where}: empty polynomial", token=p, hint=_POLY_HINT)
    check_polynomial_text(text, where)      # one expression: sympy's parser also runs statements
    # every identifier is a variable (E, I, S, N, ... are not sympy's constants here)
    local = {n: sympy.Symbol(n) for n in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text)}
    try:
        # read unevaluated first: the degree, terms and coefficient sizes are bounded before sympy evaluates or
        # expands anything (x^1000000000 hung in sympy.Poly; 2^2^2^2^2^2 would hang in the parser itself)
        steps = standard_transformations + (convert_xor,)
        raw = sympy.Add(*(parse_expr(split_long_numbers(chunk), local_dict=local, transformations=steps,
                                     evaluate=False) for chunk in sum_chunks(text)), evaluate=False)
    except Exception as e:  # sympy raises SyntaxError, TokenError, TypeError, ...
        raise SpecError(f"{where}: cannot parse {quote(text)} ({type(e).__name__})", token=abbreviate(text),
                        hint=_POLY_HINT) from None
    if not isinstance(raw, sympy.Expr):
        raise SpecError(f"{where}: {quote(text)} is not a polynomial (sympy reads a {type(raw).__name__})",
                        token=abbreviate(text),
                        hint=_POLY_HINT)
    check_expression_size(raw, where, len(local))
    return raw          # never evaluated by sympy: expanded by flint (:func:`_flint_terms`)


def _flint_terms(expr, names, where: str) -> dict:
    """{exponent tuple: Fraction} of the (unevaluated) sympy expression ``expr`` in the variables ``names``,
    expanded by python-flint (fmpq_mpoly) from the expression's tree; SpecError when it is not a polynomial with
    rational coefficients. Its size was bounded first
    (:func:`~algnet.architectures.polymap_size.check_expression_size`),
    which bounds every subexpression too.

    sympy's expand and Poly take 60% of the 13 CPU s (under cProfile) of ``map (x+y+z+w)^30; x*y`` (5,457
    terms); flint expands it in milliseconds.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> _flint_terms(sympy.Mul(sympy.Pow(x + y, 2, evaluate=False), sympy.Rational(1, 2), evaluate=False),
    ...              ["x", "y"], "p")
    {(2, 0): Fraction(1, 2), (1, 1): Fraction(1, 1), (0, 2): Fraction(1, 2)}
    """
    import sympy

    from algnet.core.numbers import fmpq, fmpq_mpoly_ctx

    ctx = fmpq_mpoly_ctx.get(tuple(names), "lex")
    gens = dict(zip(names, ctx.gens()))

    def bad(e):
        return SpecError(f"{where}: {abbreviate(e)} is not a polynomial with rational coefficients in "
                         f"{abbreviate(', '.join(names))}", token=abbreviate(e), hint=_POLY_HINT)

    def walk(e):
        if e.is_Symbol:
            if str(e) not in gens:
                raise bad(e)
            return gens[str(e)]
        if e.is_Rational:
            return ctx.from_dict({}) + fmpq(int(e.p), int(e.q))
        if isinstance(e, sympy.Add):
            out = ctx.from_dict({})
            for a in e.args:
                out += walk(a)
            return out
        if isinstance(e, sympy.Mul):
            out = ctx.from_dict({}) + 1
            for a in e.args:
                out *= walk(a)
            return out
        if isinstance(e, sympy.Pow) and _integer_exponent(e.args[1]) is not None:
            base, n = walk(e.args[0]), _integer_exponent(e.args[1])
            if n >= 0:
                return base ** n
            if base.is_constant():      # 1/0 and 0^-1: ZeroDivisionError, refused below as a division by zero
                c = fmpq(0) if base.is_zero() else fmpq(base.leading_coefficient())
                return ctx.from_dict({}) + fmpq(1) / c ** (-n)
        raise bad(e)

    try:
        poly = walk(expr)
    except ZeroDivisionError:
        raise SpecError(f"{where}: {abbreviate(expr)} divides by zero", token=abbreviate(expr), hint=_POLY_HINT) \
            from None
    out = {}
    for exps, c in poly.to_dict().items():
        q = fmpq(c)
        out[tuple(int(v) for v in exps)] = Fraction(int(q.p), int(q.q))
    return out


def _integer_exponent(ex):
    # the integer value of a constant exponent (2, the unevaluated 2^2 of s^2^2 -- refused as not polynomial --,
    # 4/2), else None; its size was bounded by polymap_size.check_expression_size
    if ex.is_Integer:
        return int(ex)
    if ex.free_symbols:
        return None
    value = ex.doit()
    return int(value) if value.is_Integer else None


def _poly_string(terms: dict, names) -> str:
    """sympy's ``str`` of the polynomial {exponents: Fraction} in the variables ``names``, with ``^`` for powers:
    the terms in decreasing lexicographic order of the exponents, the variables sorted by name, and sympy's one
    exception (a positive constant before a single negative monomial: ``3 - x``). The same string as sympy's on
    20,000 random polynomials (tests/test_guards_routes.py checks 300); sympy's printing takes 2/3 of the
    1.7 CPU s of ``map (x+y+z+w)^30`` once flint has expanded it.

    Examples
    --------
    >>> from fractions import Fraction
    >>> _poly_string({(2, 0): Fraction(1), (1, 1): Fraction(-3, 4), (0, 0): Fraction(5)}, ["x", "y"])
    'x^2 - 3*x*y/4 + 5'
    >>> _poly_string({(1,): Fraction(-1), (0,): Fraction(3)}, ["x"])
    '3 - x'
    """
    if not terms:
        return "0"
    order = sorted(range(len(names)), key=lambda j: names[j])
    items = sorted(terms.items(), key=lambda kc: tuple(kc[0][j] for j in order), reverse=True)
    if len(items) == 2 and not any(items[1][0]) and items[1][1] > 0 and items[0][1] < 0 \
            and sum(1 for e in items[0][0] if e) == 1:
        items.reverse()                 # sympy's Add(Number, Mul(negative Number, x)): 3 - x, not -x + 3
    parts = []
    for k, c in items:
        factors = [names[j] if k[j] == 1 else f"{names[j]}^{k[j]}" for j in order if k[j]]
        a = abs(Fraction(c))
        text = "*".join(([int_str(a.numerator)] if a.numerator != 1 or not factors else []) + factors)
        parts.append(("-" if c < 0 else "+", text + (f"/{int_str(a.denominator)}" if a.denominator != 1 else "")))
    return ("-" if parts[0][0] == "-" else "") + parts[0][1] + "".join(f" {sg} {t}" for sg, t in parts[1:])
