"""The composition form of the spec grammar: ``layers L1, L2, ...``.

Any :class:`~algnet.architectures.sequential.Sequential` prints as
``layers`` followed by its layers written as constructor calls, and parses
back to an equal network::

    layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)
    layers Conv1d(1, 2, 3, padding='circular'), Power(2), Conv1d(2, 1, 2), input_shape=(6,)
    layers GroupConv(cyclic(4)), Polynomial(0, 1, 1/2), GroupConv(cyclic(4))

Only layer constructors, ``cyclic``/``Group``, numbers (``1/2`` is the
rational), strings, lists and tuples are allowed: nothing is evaluated as
Python.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("layers Linear(2, 2), Power(2), Linear(2, 1)")
>>> net.n_params, parse_spec(net.spec) == net
(6, True)
>>> parse_spec("layers Linear(2, 2), Powr(2)")
Traceback (most recent call last):
...
algnet.errors.SpecError: bad spec 'layers Linear(2, 2), Powr(2)': unknown layer 'Powr' (did you mean 'Power'?);
known: ... (token 'Powr')
  hint: ...
"""

from __future__ import annotations

import ast
import contextvars
import difflib
import re
from fractions import Fraction

from algnet.architectures import layers as L
from algnet.architectures.sequential import Sequential
from algnet.architectures.sequential_limits import check_depth
from algnet.architectures.spec import GRAMMAR, register_family
from algnet.errors import AlgnetError, SpecError
from algnet.numtext import abbreviate

__all__ = ["parse_layers"]

_SOURCE: contextvars.ContextVar = contextvars.ContextVar("layers_source", default=[])
#: Most digits of a number in the layer language: Python's own limit on converting integers to and from text
#: (each network prints its spec with every digit).
MAX_DIGITS = 4300
_NAMES = {name: getattr(L, name) for name in ("Linear", "Power", "Polynomial", "ReLU", "LeakyReLU", "Conv1d", "Conv2d",
                                               "GroupConv", "Group", "cyclic", "LightningAttention", "Residual",
                                               "Product")}


def _bad(spec, token, why):
    return SpecError(f"bad spec {spec!r}: {why} (token {token!r})", token=token,
                     hint="layers are written as constructor calls separated by commas, e.g. "
                          "layers Linear(3, 2), Power(2), Linear(2, 1)\nthe grammar is\n" + GRAMMAR)


def _value(node, spec):
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        text = _segment(node)
        if not re.fullmatch(r"[0-9]+", text):
            raise _bad(spec, text, "numbers are plain digits (no '_', no 0x/0o/0b prefixes)")
        return node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, (float, complex)):
        raise _bad(spec, abbreviate(_segment(node) or ast.unparse(node), 80),
                   "numbers are integers or rationals p/q (no decimal points)")
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bool)) or (
            isinstance(node, ast.Constant) and node.value is None):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        v = _value(node.operand, spec)
        if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
            return -v
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = _value(node.left, spec), _value(node.right, spec)
        if isinstance(a, int) and isinstance(b, int) and b != 0:
            return Fraction(a, b)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_value(e, spec) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name not in _NAMES:
            close = difflib.get_close_matches(name, sorted(_NAMES), n=1, cutoff=0.5)
            dym = f" (did you mean {close[0]!r}?)" if close else ""
            raise _bad(spec, name, f"unknown layer {name!r}{dym}; known: {', '.join(sorted(_NAMES))}")
        args = [_value(a, spec) for a in node.args]
        _no_repeated_keywords(node, spec)
        kwargs = {k.arg: _value(k.value, spec) for k in node.keywords}
        try:
            return _NAMES[name](*args, **kwargs)
        except AlgnetError:
            raise
        except TypeError as e:
            raise _bad(spec, ast.unparse(node), f"wrong arguments for {name}: {e}") from None
    raise _bad(spec, ast.unparse(node), "only layer calls, numbers, strings, lists and tuples are allowed")


def _segment(node) -> str:
    # the source text of a number (on one line): ast.get_source_segment splits the whole source into lines on every
    # call, so a spec of thousands of layers took minutes (quadratic) before the layer limit was reached
    lines = _SOURCE.get()
    if node.lineno != node.end_lineno or not 0 < node.lineno <= len(lines):
        return ""
    return lines[node.lineno - 1][node.col_offset:node.end_col_offset].decode("utf-8", "replace")


def _no_repeated_keywords(call, spec, where=None):
    # Python refuses f(a=1, a=2) when it compiles, not when it parses: the last value was kept without a word
    names = [k.arg for k in call.keywords if k.arg is not None]
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        raise _bad(spec, f"{twice}=", f"{twice}= given twice in {where or ast.unparse(call.func) + '(...)'}")


def _no_huge_numbers(text: str, spec: str) -> None:
    # Python's parser refuses integer literals of more than 4300 digits: its refusal became "the layers do not
    # parse (unbalanced parentheses or a stray character?)"
    m = re.search(r"[0-9]{%d,}" % (MAX_DIGITS + 1), text)
    if m:
        raise SpecError(f"bad spec {spec!r}: a number of {len(m.group(0))} digits (at character "
                        f"{m.start() + 1} of the layers): the layer language takes numbers of at most {MAX_DIGITS} "
                        "digits", token=abbreviate(m.group(0)),
                        hint="a number of fewer digits (a width that large could not be built anyway; a "
                             "coefficient can be scaled out of the polynomial)")


def _syntax_problem(text: str, e: SyntaxError) -> str:
    """What is wrong with text Python cannot parse, in the spec's words: unbalanced parentheses or brackets, else
    the character where parsing stopped."""
    for a, b, what in (("(", ")", "parentheses"), ("[", "]", "brackets")):
        if text.count(a) != text.count(b):
            return f"unbalanced {what}: {text.count(a)} '{a}' and {text.count(b)} '{b}'"
    pos = (e.offset or 0) - 3 if e.lineno == 1 else -1       # the parsed line is '_(' + text + ')'
    end = (getattr(e, "end_offset", None) or 0) - 3
    if 0 <= pos < end <= len(text) and "comma" in str(e.msg):
        return f"a missing comma in {abbreviate(text[pos:end], 80)!r}"
    if 0 <= pos < len(text):
        around = text[max(0, pos - 15):pos + 15]
        odd = "" if text[pos].isascii() else f", U+{ord(text[pos]):04X}, not ASCII"
        return (f"the layers do not parse at character {pos + 1} ({text[pos]!r}{odd}) in {around!r}: a stray "
                "character, or a missing comma between two layers?")
    return "the layers do not parse (a missing comma between two layers, or a stray character?)"


def parse_layers(text: str, spec: str | None = None) -> Sequential:
    """Parse the body of a ``layers`` spec (``L1, L2, ... [, input_shape=(...)]``).

    Examples
    --------
    >>> net = parse_layers("Linear(2, 1), Power(3)")
    >>> net.spec, net.evaluate([1, 2], [[3, 1]]).tolist()          # (3 + 2)^3
    ('layers Linear(2, 1), Power(3)', [[125]])
    """
    spec = spec if spec is not None else "layers " + text
    _no_huge_numbers(text, spec)
    try:
        tree = ast.parse(f"_({text})", mode="eval")
    except SyntaxError as e:
        raise _bad(spec, abbreviate(text), _syntax_problem(text, e)) from None
    _SOURCE.set([line.encode("utf-8") for line in f"_({text})".splitlines(keepends=True)])   # offsets are in bytes
    call = tree.body
    check_depth(len(call.args), spec)       # refused before thousands of layers are built
    layers = [_value(a, spec) for a in call.args]
    _no_repeated_keywords(call, spec, "the layers")
    kwargs = {}
    for k in call.keywords:
        if k.arg != "input_shape":
            close = difflib.get_close_matches(str(k.arg), ["input_shape"], n=1, cutoff=0.5)
            dym = " (did you mean 'input_shape'?)" if close else ""
            raise _bad(spec, str(k.arg), f"unknown option {k.arg!r}{dym}")
        kwargs["input_shape"] = _value(k.value, spec)
    if not layers:
        raise _bad(spec, text, "no layers")
    return Sequential(*layers, **kwargs)


@register_family("layers")
def _parse(tokens, spec):
    return parse_layers(" ".join(tokens), spec)
