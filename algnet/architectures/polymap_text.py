"""The text of one polynomial of a map, checked before sympy reads it.

sympy's parser runs Python statements: ``s^2; s*t`` was read as ``s^2`` (the
rest dropped), ``a = 1`` as the constant 1 and ``s if t else u`` as ``s``,
without a word; a tuple (``s, t``) or a string ended in a traceback. A
polynomial is one expression made of numbers, variables, ``+ - * /``, powers
(``^`` or ``**``) and parentheses; anything else is refused here, naming it.

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

from algnet.errors import SpecError

__all__ = ["check_polynomial_text"]

_HINT = ("write one polynomial of numbers, variables, + - * /, ^ and parentheses, e.g. 's^2 + 3*s*t - t/2' "
         "(one polynomial per line of a map file; ';' separates the polynomials of a 'map' spec)")
_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_WHAT = {ast.Tuple: "a tuple (a ',')", ast.List: "a list", ast.Set: "a set", ast.Dict: "a dict",
         ast.Compare: "a comparison", ast.IfExp: "an 'if ... else'", ast.Call: "a function call",
         ast.BoolOp: "'and'/'or'", ast.Lambda: "a lambda", ast.Attribute: "an attribute ('.')",
         ast.Subscript: "an index ('[...]')", ast.NamedExpr: "an assignment (':=')"}


def _refuse(text, where, why):
    return SpecError(f"{where}: {text!r} is not one polynomial: {why}", token=text, hint=_HINT)


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
    """
    if "#" in text:     # Python (and sympy) would drop the rest of the line without a word
        raise _refuse(text, where, "'#' starts a comment (comments are for map files, after the polynomial)")
    if ";" in text:     # Python reads 's^2; s*t' as two statements, and sympy kept the first
        raise _refuse(text, where, "';' separates polynomials (one polynomial per line of a map file)")
    source = text.replace("^", "**")
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError:
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
                continue        # decimals and complex numbers: refused by the parser, naming the number
            raise _refuse(text, where, f"the constant {node.value!r} is not a number")
        if isinstance(node, (ast.Invert, ast.Not)):
            raise _refuse(text, where, f"{'~' if isinstance(node, ast.Invert) else 'not'} is not allowed")
        what = _WHAT.get(type(node), f"{type(node).__name__}")
        raise _refuse(text, where, f"{what} is not allowed")
