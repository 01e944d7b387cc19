"""Rich display of results in notebooks: an HTML table from ``as_dict()`` and LaTeX equations.

A result class gets both by inheriting :class:`RichReprMixin` (it needs an ``as_dict()``; equations come from a
``to_latex()`` method when the class has one). Jupyter shows the HTML table (with the equations typeset under
it); ``_repr_latex_`` gives the equations alone where LaTeX is preferred.

Examples
--------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Answer(RichReprMixin):
...     spec: str
...     value: int
...     def as_dict(self):
...         return {"spec": self.spec, "value": self.value,
...                 "evidence": {"certified": True, "method": "a <b>bold</b> claim"}}
>>> html = Answer("dense 3-2-1 r=2", 5)._repr_html_()
>>> "<th>value</th><td>5</td>" in html, "&lt;b&gt;bold&lt;/b&gt;" in html
(True, True)
>>> Answer("x", 1)._repr_latex_() is None
True
"""

from __future__ import annotations

import html
import json
import math

from algnet.numtext import abbreviate, short_int

__all__ = ["RichReprMixin", "html_table", "float_text"]

_MAX_ITEMS = 12       # list entries shown before "... (N more)"
_MAX_CHARS = 400      # longer values are cut


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return float_text(v)
    if isinstance(v, (list, tuple)):
        head = ", ".join(_fmt(x) for x in v[:_MAX_ITEMS])
        more = f", ... ({len(v) - _MAX_ITEMS} more)" if len(v) > _MAX_ITEMS else ""
        return f"[{head}{more}]"
    if isinstance(v, dict):
        try:
            return json.dumps(v, default=str)[:_MAX_CHARS]
        except ValueError:      # an integer of more than 4300 digits inside
            return "{" + ", ".join(f"{k}: {_fmt(x)}" for k, x in list(v.items())[:_MAX_ITEMS]) + "}"
    if isinstance(v, int):
        return _int_text(v)
    s = "-" if v is None else abbreviate(v, 10**9)
    return s if len(s) <= _MAX_CHARS else s[:_MAX_CHARS] + " ..."


def float_text(v: float, digits: int = 3) -> str:
    """``v`` to ``digits`` significant digits, with more digits when the short text would look like a whole number
    it is not: 0.9996 is "0.9996", never "1" (a probability 1 or a fraction 0 reads as exact).

    Examples
    --------
    >>> float_text(0.12345), float_text(0.9996), float_text(1.0), float_text(0.0), float_text(2e-7)
    ('0.123', '0.9996', '1', '0', '2e-07')
    >>> float_text(0.99999999999), float_text(-0.0004), float_text(float("nan")), float_text(123.4)
    ('0.99999999999', '-0.0004', 'nan', '123.4')
    """
    text = f"{v:.{digits}g}"
    while digits < 17 and math.isfinite(v) and float(text) != v and text.lstrip("-").isdigit():
        digits += 1
        text = f"{v:.{digits}g}"
    return text


def _int_text(v: int) -> str:
    # Python refuses str() of an integer of more than 4300 digits (ValueError): shown abbreviated by its size
    if v.bit_length() < 14000:
        return str(v)
    return short_int(v)


def _rows(d: dict, prefix: str = ""):
    for k, v in d.items():
        if isinstance(v, dict) and v and all(isinstance(x, str) for x in v):
            yield from _rows(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


def html_table(d: dict, title: str | None = None) -> str:
    """An HTML table of a (nested) dictionary; nested keys are dotted, everything is escaped.

    Examples
    --------
    >>> print(html_table({"a": 1}, "t"))
    <table class="algnet-result"><caption>t</caption><tr><th>a</th><td>1</td></tr></table>
    >>> print(html_table({"ev": {"certified": False}}))
    <table class="algnet-result"><tr><th>ev.certified</th><td>no</td></tr></table>
    """
    cap = f"<caption>{html.escape(title)}</caption>" if title else ""
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(_fmt(v))}</td></tr>" for k, v in _rows(d))
    return f'<table class="algnet-result">{cap}{body}</table>'


def _title(obj, d: dict) -> str:
    spec = d.get("spec") or getattr(obj, "spec", None)
    return type(obj).__name__ + (f": {spec}" if spec else "")


def _latex(obj) -> str | None:
    to_latex = getattr(obj, "to_latex", None)
    if not callable(to_latex):
        return None
    try:
        tex = to_latex()
    except Exception:   # noqa: BLE001 - display must never raise
        return None
    return tex or None


class RichReprMixin:
    """``_repr_html_`` and ``_repr_latex_`` for result classes with ``as_dict()`` (and ``to_latex()``).

    Examples
    --------
    >>> from algnet.analyses.dimension import dimension
    >>> r = dimension("linear 2-1-2", seed=0)
    >>> isinstance(r, RichReprMixin), r._repr_html_().startswith('<table class="algnet-result">'), r._repr_latex_()
    (True, True, None)
    """

    def _repr_html_(self) -> str:
        d = self.as_dict()
        out = html_table(d, _title(self, d))
        tex = _latex(self)
        if tex:
            out += f'<div class="algnet-equations">{html.escape(tex)}</div>'
        return out

    def _repr_latex_(self) -> str | None:
        return _latex(self)
