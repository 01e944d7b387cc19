"""Spec grids: many architectures from one line, and a filter over derived fields.

A grid is a spec string with brace groups, expanded in every combination
(as in a shell): ``{2..4}`` is the inclusive range 2, 3, 4 (``{1..9..2}``
has a step), ``{2,3}`` a list of alternatives. Commas outside braces are
literal, so ``r={2,3},{2,4}`` gives the four per-layer degree lists. Every
expanded string is parsed, printed back in canonical form and
de-duplicated (first occurrence kept, order of expansion).

A filter (``where``) is an expression over fields derived from each network,
evaluated without ``eval``: comparisons, ``and``/``or``/``not``, arithmetic,
``in``, subscripts (``widths[-1]``) and the functions ``len``, ``min``,
``max``, ``sum``, ``all``, ``any``. The fields:

==============  =====================================================
``family``      ``'dense'``, ``'linear'``, ``'conv'``, ...
``spec``        the canonical spec string
``depth``       number of weight layers (L; filters for conv)
``widths``      the widths (tuple; empty when the family has none)
``width``       largest hidden width (0 without hidden layers)
``min_width``   smallest hidden width (0 without hidden layers)
``inputs``      number of input variables
``outputs``     number of outputs
``parameters``  number of parameters
``ambient``     dimension of the ambient space of functions
``expected``    the network's expected dimension (None when unknown)
==============  =====================================================

plus every public integer, boolean, string or tuple attribute of the
network (``r``, ``bias``, ``kernel_sizes``, ``d``, ``a``, ``t``, ...).

Examples
--------
>>> grid("dense {2..3}-{1,2}-1 r={2,3}")[:3]
['dense 2-1-1 r=2', 'dense 2-1-1 r=3', 'dense 2-2-1 r=2']
>>> len(grid("dense {2..3}-{1,2}-1 r={2,3}"))
8
>>> grid("linear {2..4}-{1..3}-2", where="width < inputs and inputs == 4")
['linear 4-1-2', 'linear 4-2-2', 'linear 4-3-2']
"""

from __future__ import annotations

import ast
import itertools
import math
import re

from algnet.errors import ParameterError, SpecError, TooLargeError

__all__ = ["grid", "expand_braces", "count_grid", "spec_fields", "compile_where", "MAX_GRID"]

#: Grids expanding to more strings than this are refused unless ``force=True``.
MAX_GRID = 200_000
#: Bytes a spec of an expanded grid holds (its string, the canonical spec kept, the dict entry; measured ~200 on a
#: million ``dense a-b-c r=2`` specs): the estimate a forced grid is checked against
GRID_BYTES_PER_SPEC = 200

_GROUP = re.compile(r"\{([^{}]*)\}")
_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?:\.\.\s*(-?\d+)\s*)?$")


def _grid_error(text, why, hint=None):
    return SpecError(f"bad grid {text!r}: {why}",
                     hint=hint or "brace groups are ranges {2..4} (inclusive, optional step {1..9..2}) or lists "
                                  "{2,3}; e.g. --grid \"dense {2..4}-{1..3}-1 r={2,3}\"")


def _alternatives(text: str, body: str) -> list[str]:
    m = _RANGE.match(body)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        step = int(m.group(3)) if m.group(3) else 1
        if step <= 0:
            raise _grid_error(text, f"the step of {{{body}}} must be positive")
        if b < a:
            raise _grid_error(text, f"the range {{{body}}} is empty (its end is below its start)",
                              hint=f"write {{{b}..{a}}}")
        n = (b - a) // step + 1
        if n > MAX_GRID:
            raise TooLargeError(f"grid range {{{body}}} has {n} values", values=n,
                                hint="narrow the range")
        return [str(v) for v in range(a, b + 1, step)]
    if ".." in body:
        raise _grid_error(text, f"{{{body}}} is not a range of integers")
    alts = [s.strip() for s in body.split(",")]
    if not body.strip() or any(s == "" for s in alts):
        raise _grid_error(text, f"empty alternative in {{{body}}}")
    return alts


def _groups(text: str):
    parts, groups, pos = [], [], 0
    for m in _GROUP.finditer(text):
        parts.append(text[pos:m.start()])
        groups.append(_alternatives(text, m.group(1)))
        pos = m.end()
    parts.append(text[pos:])
    for p in parts:
        if "{" in p or "}" in p:
            raise _grid_error(text, "unbalanced or nested braces")
    return parts, groups


def count_grid(text: str) -> int:
    """Number of strings the grid expands to, before de-duplication (nothing is expanded).

    Examples
    --------
    >>> count_grid("dense {2..4}-{1..4}-{1..4} r={2,3}")
    96
    """
    return math.prod(len(g) for g in _groups(str(text))[1])


def expand_braces(text: str, force: bool = False) -> list[str]:
    """All strings of a brace pattern, in order (no parsing, no de-duplication).

    Examples
    --------
    >>> expand_braces("a{1..2}b{x,y}")
    ['a1bx', 'a1by', 'a2bx', 'a2by']
    >>> expand_braces("dense 3-{4..2}-1 r=2")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: bad grid 'dense 3-{4..2}-1 r=2': the range {4..2} is empty (its end is below its start)
      hint: write {2..4}
    """
    from algnet.guards import check_flag

    force = check_flag(force)
    text = str(text)
    parts, groups = _groups(text)
    n = math.prod(len(g) for g in groups)
    if n > MAX_GRID and not force:
        raise TooLargeError(f"grid {text!r} expands to {n} specs (limit {MAX_GRID})", specs=n,
                            hint="narrow the ranges, split the grid, or pass --force (force=True)")
    if n > MAX_GRID:        # forced: still never more than the machine has (10^12 specs were expanded until killed)
        from algnet.guards import check_resources, format_bytes

        check_resources(f"grid {text!r}: {n} specs (about {format_bytes(GRID_BYTES_PER_SPEC * n)} as strings)",
                        memory=GRID_BYTES_PER_SPEC * n, force=True, specs=n, hint="narrow the ranges or split the grid")
    out = []
    for combo in itertools.product(*groups):
        s = parts[0]
        for v, p in zip(combo, parts[1:]):
            s += v + p
        out.append(s)
    return out


def grid(*patterns, where: str | None = None, force: bool = False, show_progress: bool = False) -> list[str]:
    """Canonical spec strings of one or more grids, de-duplicated, optionally filtered.

    Parameters
    ----------
    *patterns : str
        Spec strings with brace groups (``{2..4}`` ranges, ``{2,3}`` lists).
    where : str, optional
        A filter over the derived fields (see the module documentation).
    force : bool
        Expand grids larger than :data:`MAX_GRID`.
    show_progress : bool
        A progress bar of the specs parsed, for a grid above :data:`MAX_GRID` (a forced one: minutes of parsing).

    Returns
    -------
    list of str

    Raises
    ------
    SpecError
        A malformed grid, or a combination that is not a valid spec (named).
    TooLargeError
        The grid expands to more than :data:`MAX_GRID` strings.

    Examples
    --------
    >>> grid("linear {2,3}-1-{2,3}", "linear 2-1-2")
    ['linear 2-1-2', 'linear 2-1-3', 'linear 3-1-2', 'linear 3-1-3']
    >>> grid("dense 2-{1..3}-1 r=2", where="width >= 2")
    ['dense 2-2-1 r=2', 'dense 2-3-1 r=2']
    """
    from algnet.architectures.spec import parse_spec

    keep = compile_where(where) if where else None
    seen: dict[str, None] = {}
    rejected: set = set()
    for pat in patterns:
        if not isinstance(pat, str):
            raise ParameterError(f"grid pattern {pat!r} is not a string", hint='e.g. grid("dense {2..4}-1 r=2")')
        specs = expand_braces(pat, force=force)
        bar = None
        if show_progress and len(specs) > MAX_GRID:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(specs), desc=f"grid {pat}", unit="spec", mininterval=1.0)
        for k, s in enumerate(specs):
            if bar is not None and k % 4096 == 4095:
                bar.update(4096)
            try:
                net = parse_spec(s)
            except SpecError as e:
                raise SpecError(f"grid {pat!r} gives the invalid spec {s!r}: {e.message}", hint=e.hint) from None
            if net.spec in seen or net.spec in rejected:
                continue
            if keep is None or keep(net):
                seen[net.spec] = None
            else:
                rejected.add(net.spec)
        if bar is not None:
            bar.close()
    return list(seen)


# ------------------------------------------------------------------ derived fields
def _depth(net):
    for attr in ("L", "layers"):
        v = getattr(net, attr, None)
        if isinstance(v, int):
            return v
    ks = getattr(net, "kernel_sizes", None)
    if ks is not None:
        return len(ks)
    w = getattr(net, "widths", None)
    return len(w) - 1 if w else None


def _expected(net):
    try:
        e = net.expected_dimension()
    except Exception:   # noqa: BLE001 - a field that cannot be derived is None
        return None
    return e[0] if isinstance(e, tuple) else e


def _expected_degree(net):
    try:
        e = net.expected_degree()
    except Exception:   # noqa: BLE001 - a field that cannot be derived is None
        return None
    return e[0] if isinstance(e, tuple) else e


_DERIVED = {
    "family": lambda n: getattr(n, "family", None) or n.spec.split()[0],
    "spec": lambda n: n.spec,
    "depth": _depth,
    "widths": lambda n: tuple(getattr(n, "widths", None) or ()),
    "width": lambda n: max((getattr(n, "widths", None) or (0, 0, 0))[1:-1], default=0),
    "min_width": lambda n: min((getattr(n, "widths", None) or (0, 0, 0))[1:-1], default=0),
    "inputs": lambda n: n.n_inputs,
    "outputs": lambda n: n.n_outputs,
    "parameters": lambda n: n.n_params,
    "ambient": lambda n: n.ambient_dimension,
    "expected": _expected,
    "expected_degree": _expected_degree,
}


def _attribute(net, name):
    if name.startswith("_") or not hasattr(net, name):
        return _MISSING
    v = getattr(net, name)
    if isinstance(v, list):
        v = tuple(v)
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    if isinstance(v, tuple) and all(isinstance(x, (bool, int, float, str)) for x in v):
        return v
    return _MISSING


_MISSING = object()


def spec_fields(net, names=None) -> dict:
    """The derived fields of a network (all, or only ``names``).

    Examples
    --------
    >>> f = spec_fields("dense 3-2-1 r=2")
    >>> f["family"], f["depth"], f["widths"], f["width"], f["parameters"], f["r"]
    ('dense', 2, (3, 2, 1), 2, 8, 2)
    """
    from algnet.architectures.spec import parse_spec

    net = parse_spec(net)
    if names is None and hasattr(net, "ensure_built"):
        net.ensure_built()      # every attribute is listed: those of the layers too
    names = list(_DERIVED) + [k for k in vars(net) if not k.startswith("_")] if names is None else names
    out = {}
    for k in names:
        if k in _DERIVED:
            out[k] = _DERIVED[k](net)
        else:
            v = _attribute(net, k)
            if v is not _MISSING:
                out[k] = v
    return out


# ------------------------------------------------------------------ the filter language
_FUNCS = {"len": len, "min": min, "max": max, "sum": sum, "all": all, "any": any, "abs": abs}
_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b, ast.Div: lambda a, b: a / b}
_CMPS = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
         ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
         ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_WHERE_HINT = ("a filter is a comparison over derived fields (family, spec, depth, widths, width, min_width, "
               "inputs, outputs, parameters, ambient, expected, r, ...), e.g. --where \"depth <= 3 and "
               "widths[-1] == 1\"")


def _names(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} - set(_FUNCS)


def _check(node, text):
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
               ast.Compare, ast.BinOp, ast.Name, ast.Load, ast.Constant, ast.Tuple, ast.List, ast.Subscript,
               ast.Slice, ast.Call, *_BINOPS, *_CMPS)
    for n in ast.walk(node):
        if not isinstance(n, allowed):
            raise ParameterError(f"--where {text!r}: {type(n).__name__} is not allowed in a filter",
                                 hint=_WHERE_HINT)
        if isinstance(n, ast.Call) and not (isinstance(n.func, ast.Name) and n.func.id in _FUNCS and not n.keywords):
            raise ParameterError(f"--where {text!r}: only the functions {', '.join(_FUNCS)} can be called",
                                 hint=_WHERE_HINT)
        if isinstance(n, ast.Constant) and not isinstance(n.value, (int, float, str, bool, type(None))):
            raise ParameterError(f"--where {text!r}: constant {n.value!r} is not allowed", hint=_WHERE_HINT)


def _eval(n, env):
    if isinstance(n, ast.Expression):
        return _eval(n.body, env)
    if isinstance(n, ast.Constant):
        return n.value
    if isinstance(n, ast.Name):
        return env[n.id]
    if isinstance(n, ast.BoolOp):
        vals = (_eval(v, env) for v in n.values)
        return all(vals) if isinstance(n.op, ast.And) else any(vals)
    if isinstance(n, ast.UnaryOp):
        v = _eval(n.operand, env)
        return (not v) if isinstance(n.op, ast.Not) else (-v if isinstance(n.op, ast.USub) else +v)
    if isinstance(n, ast.BinOp):
        a, b = _eval(n.left, env), _eval(n.right, env)
        if not all(isinstance(v, (int, float)) for v in (a, b)):
            raise TypeError("arithmetic is on numbers only")
        return _BINOPS[type(n.op)](a, b)
    if isinstance(n, ast.Compare):
        left = _eval(n.left, env)
        for op, right in zip(n.ops, n.comparators):
            r = _eval(right, env)
            if not _CMPS[type(op)](left, r):
                return False
            left = r
        return True
    if isinstance(n, (ast.Tuple, ast.List)):
        return tuple(_eval(e, env) for e in n.elts)
    if isinstance(n, ast.Subscript):
        return _eval(n.value, env)[_eval(n.slice, env)]
    if isinstance(n, ast.Slice):
        return slice(*(None if e is None else _eval(e, env) for e in (n.lower, n.upper, n.step)))
    if isinstance(n, ast.Call):
        return _FUNCS[n.func.id](*(_eval(a, env) for a in n.args))
    raise AssertionError(type(n))   # pragma: no cover - _check rejects everything else


def compile_where(text: str):
    """Compile a filter to ``keep(network) -> bool``; unsafe or malformed filters raise ParameterError.

    Examples
    --------
    >>> keep = compile_where("depth <= 2 and r in (2, 3)")
    >>> keep("dense 3-2-1 r=2"), keep("dense 3-2-2-1 r=2")
    (True, False)
    >>> compile_where("__import__('os')")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: --where "__import__('os')": only the functions len, min, max, sum, all, any, abs
    can be called
    ...
    """
    from algnet.architectures.spec import parse_spec

    if not isinstance(text, str) or not text.strip():
        raise ParameterError(f"empty filter {text!r}", hint=_WHERE_HINT)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        raise ParameterError(f"--where {text!r} is not an expression: {e.msg}", hint=_WHERE_HINT) from None
    _check(tree, text)
    names = _names(tree)

    def keep(net) -> bool:
        net = parse_spec(net)
        env = spec_fields(net, names)
        missing = names - set(env)
        if missing:
            raise ParameterError(f"--where {text!r}: {net.spec!r} has no field {sorted(missing)[0]!r}",
                                 hint=_WHERE_HINT)
        try:
            return bool(_eval(tree, env))
        except (TypeError, ValueError, IndexError, ZeroDivisionError, KeyError) as e:
            raise ParameterError(f"--where {text!r} fails on {net.spec!r}: {e}", hint=_WHERE_HINT) from None

    return keep
