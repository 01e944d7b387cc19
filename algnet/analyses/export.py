"""Exporters for implicit equations: text, sympy, Macaulay2, Singular, LaTeX, JSON.

Coordinate names such as ``c1[x0^2*x1]`` or ``a[0,2]`` are not valid
variable names in Macaulay2 or Singular, so the scripts use sanitized names
(letters and digits only: ``c1x0e2x1``, ``a0j2``; ``e`` marks an exponent,
``j`` separates matrix indices) and state the mapping in a comment. A name
without a digit could be a word of either system (the constant term ``c[1]``
gave ``cone``, Macaulay2's mapping cone, and the script stopped at its ring),
so it gets a trailing ``0`` (``cone0``). When sanitizing would make two names
equal, or a name reserved, the scripts fall back to ``z1, z2, ...``.

Examples
--------
>>> sanitize_names(["c[x0^2]", "c[x0*x1]", "a[0,1]"])
['cx0e2', 'cx0x1', 'a0j1']
"""

from __future__ import annotations

import json
import re

__all__ = ["sanitize_names", "to_text", "to_sympy", "to_macaulay2", "to_singular", "to_latex", "to_json_dict",
           "parametrization", "elimination_script"]

_RESERVED = {"ideal", "ring", "map", "poly", "int", "list", "string", "matrix", "module", "vector", "number",
             "qring", "def", "proc", "return", "if", "else", "for", "while", "do", "then", "and", "or", "not",
             "true", "false", "new", "from", "to", "of", "in", "is", "global", "local", "symbol", "try", "catch",
             "break", "continue", "export", "use", "ii", "pi", "ZZ", "QQ", "RR", "CC", "dp", "lp", "ds", "ls",
             "basering", "minpoly", "Ring", "Ideal", "e", "E", "I", "R", "S", "i", "res", "std", "kill",
             # the Macaulay2 words that contain a digit (a name without one gets a trailing 0)
             "atan2", "expm1", "log1p", "size2", "makeS2", "utf8", "RealQP1", "Homogeneous2", "RadicalCodim1"}


def sanitize_names(names) -> list[str]:
    """Macaulay2/Singular-safe variable names (letters and digits), unique.

    Examples
    --------
    >>> sanitize_names(["c0[x0_1^3]", "c1[1]"])
    ['c0x01e3', 'c1one']
    >>> sanitize_names(["c[1]", "c[x0]"])          # 'cone' is a Macaulay2 function
    ['cone0', 'cx0']
    """
    out = []
    for n in names:
        s = n.replace("^", "e").replace(",", "j").replace("*", "")
        s = re.sub(r"\[1\]$", "one", s)
        s = re.sub(r"[^A-Za-z0-9]", "", s)
        if not any(ch.isdigit() for ch in s):
            s += "0"       # a word of Macaulay2 or Singular has no digit (but the few in _RESERVED)
        out.append(s)
    if len(set(out)) != len(out) or any(not s or not s[0].isalpha() or s in _RESERVED for s in out):
        out = [f"z{i + 1}" for i in range(len(names))]
    return out


def _poly_strings(res, names):
    return [g.to_string(names) for g in res.generators]


def _mapping_comment(res, san, prefix, width=100) -> list[str]:
    pairs = [f"{s} = {n}" for s, n in zip(san, res.coordinate_names) if s != n]
    if not pairs:
        return []
    lines, cur = [], prefix + " variables: "
    for i, pr in enumerate(pairs):
        piece = pr + (", " if i < len(pairs) - 1 else "")
        if len(cur) + len(piece) > width:
            lines.append(cur.rstrip())
            cur = prefix + "   "
        cur += piece
    lines.append(cur.rstrip())
    return lines


def _header(res, prefix) -> list[str]:
    degs = ", ".join(str(d) for d in res.generator_degrees) or "none"
    return [
        f"{prefix} algnet: equations of the neuromanifold of '{res.spec}'",
        f"{prefix} {len(res.generators)} generators (degrees {degs}), complete up to degree "
        f"{res.complete_up_to_degree}; Hilbert function {list(res.hilbert_function)}",
        f"{prefix} dim M = {res.dimension} in ambient {res.ambient}; seed {res.seed}, primes {list(res.primes)}",
    ]


def to_text(res) -> str:
    """Readable report: summary, claims, and one equation per line.

    Examples
    --------
    >>> from algnet.analyses.implicit import implicitize
    >>> res = implicitize("linear 2-1-2", max_degree=2, seed=0)      # 2 x 2 matrices of rank <= 1
    >>> print(to_text(res).splitlines()[-1])
      a[0,0]*a[1,1] - a[0,1]*a[1,0]
    """
    lines = [repr(res), "", res.claims, "", "coordinates: " + ", ".join(res.coordinate_names), ""]
    by = {}
    for g, s in zip(res.generators, res.equations()):
        by.setdefault(g.degree, []).append(s)
    for d in sorted(by):
        lines.append(f"degree {d} ({len(by[d])}):")
        lines += [f"  {s}" for s in by[d]]
    if not res.generators:
        lines.append(f"no equations of degree <= {res.complete_up_to_degree}")
    return "\n".join(lines)


def to_sympy(res):
    """Sympy expressions, one per generator, in symbols named by the coordinates.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.implicit import implicitize
    >>> implicitize(parse_spec("linear 2-1-2"), max_degree=2, seed=0).to_sympy()
    [a[0,0]*a[1,1] - a[0,1]*a[1,0]]
    """
    import sympy

    syms = [sympy.Symbol(n) for n in res.coordinate_names]
    out = []
    for g in res.generators:
        expr = sympy.Integer(0)
        for mono, c in g.terms:
            t = sympy.Integer(c)
            for v, a in mono:
                t = t * syms[v] ** a
            expr += t
        out.append(expr)
    return out


def to_sympy_script(res) -> str:
    """Python source that rebuilds the equations with sympy (sanitized names)."""
    san = sanitize_names(res.coordinate_names)
    lines = _header(res, "#") + _mapping_comment(res, san, "#")
    lines += ["from sympy import symbols", f"{', '.join(san)} = symbols({' '.join(san)!r})" if len(san) > 1
              else f"{san[0]}, = symbols({san[0] + ','!r})", "I = ["]
    lines += [f"    {s}," for s in (_poly_strings(res, san))]
    lines.append("]")
    return "\n".join(lines).replace("^", "**")


def to_macaulay2(res) -> str:
    """Macaulay2 script: ``R = QQ[...]; I = ideal(...)`` (pastes as is).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.implicit import implicitize
    >>> print(implicitize(parse_spec("linear 2-1-2"), max_degree=2, seed=0).to_macaulay2())
    -- algnet: equations of the neuromanifold of 'linear 2-1-2'
    ...
    R = QQ[a0j0, a0j1, a1j0, a1j1];
    I = ideal(a0j0*a1j1 - a0j1*a1j0);
    """
    san = sanitize_names(res.coordinate_names)
    lines = _header(res, "--") + _mapping_comment(res, san, "--")
    lines.append(f"R = QQ[{', '.join(san)}];")
    polys = _poly_strings(res, san)
    if polys:
        lines.append("I = ideal(" + ",\n    ".join(polys) + ");")
    else:
        lines.append("I = ideal(0_R);")
    return "\n".join(lines)


def to_singular(res) -> str:
    """Singular script: ``ring R = 0, (...), dp; ideal I = ...;`` (pastes as is).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.implicit import implicitize
    >>> print(implicitize(parse_spec("linear 2-1-2"), max_degree=2, seed=0).to_singular())
    // algnet: equations of the neuromanifold of 'linear 2-1-2'
    ...
    ring R = 0, (a0j0, a0j1, a1j0, a1j1), dp;
    ideal I = a0j0*a1j1 - a0j1*a1j0;
    """
    san = sanitize_names(res.coordinate_names)
    lines = _header(res, "//") + _mapping_comment(res, san, "//")
    lines.append(f"ring R = 0, ({', '.join(san)}), dp;")
    polys = _poly_strings(res, san)
    lines.append("ideal I = " + (",\n    ".join(polys) if polys else "0") + ";")
    return "\n".join(lines)


def _latex_name(n: str) -> str:
    m = re.fullmatch(r"([A-Za-z]+)(\d*)\[(.*)\]", n)
    if not m:
        return n
    base, out, inner = m.groups()
    if re.fullmatch(r"[\d,]+", inner):
        sub = inner
    else:
        parts = []
        for f in inner.split("*"):
            mm = re.fullmatch(r"x([\d_]+)(?:\^(\d+))?", f)
            if mm:
                idx = mm.group(1).replace("_", "")
                parts.append(f"x_{{{idx}}}" + (f"^{{{mm.group(2)}}}" if mm.group(2) else ""))
            else:
                parts.append(f)
        sub = "".join(parts)
    return f"{base}^{{({out})}}_{{{sub}}}" if out else f"{base}_{{{sub}}}"


def to_latex(res) -> str:
    r"""The equations in an ``align*`` environment (coordinates as subscripted symbols).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.implicit import implicitize
    >>> print(implicitize(parse_spec("linear 2-1-2"), max_degree=2, seed=0).to_latex())
    \begin{align*}
    a_{0,0} a_{1,1} - a_{0,1} a_{1,0} &= 0
    \end{align*}
    """
    names = [_latex_name(n) for n in res.coordinate_names]
    rows = [g.to_string(names, times=" ", power="{{{}}}^{{{}}}") + " &= 0" for g in res.generators]
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def to_json_dict(res, command: str | None = None) -> dict:
    """JSON-ready dictionary with the keys documented for ``algnet implicit --format json``.

    Examples
    --------
    >>> from algnet.analyses.implicit import implicitize
    >>> d = to_json_dict(implicitize("linear 2-1-2", max_degree=2, seed=0))
    >>> d["generators"], d["dimension"], d["seed"]
    (['a[0,0]*a[1,1] - a[0,1]*a[1,0]'], 3, 0)
    """
    d = {
        "spec": res.spec,
        "generators": res.equations(),
        "generator_degrees": list(res.generator_degrees),
        "hilbert_function": list(res.hilbert_function),
        "new_per_degree": list(res.new_per_degree),
        "verified": res.verified,
        "certified": res.certified,
        "verify_points": res.verify_points,
        "false_pass_bound": res.false_pass_bound,
        "complete_up_to_degree": res.complete_up_to_degree,
        "max_degree": res.max_degree,
        "homogeneous": res.homogeneous,
        "coordinates": list(res.coordinate_names),
        "dimension": res.dimension,
        "ambient": res.ambient,
        "jacobian_rank": res.jacobian_rank,
        "cuts_out": res.cuts_out,
        "hilbert_dimension": res.hilbert_dimension,
        "hilbert_degree": res.hilbert_degree,
        "grading": res.grading,
        "seed": res.seed,
        "primes": list(res.primes),
        "method": res.method,
        "claims": res.claims,
        "partial": res.partial,
        "seconds": round(res.seconds, 3),
        "evidence": res.evidence.as_dict(),
    }
    if command is not None:
        d = {"command": command, **d}
    return d


def to_json(res, command: str | None = None) -> str:
    """:func:`to_json_dict` as indented JSON text."""
    return json.dumps(to_json_dict(res, command), indent=1)


def parametrization(net):
    """The coordinates of f_theta as explicit polynomials in the parameters.

    Returns a list (one per coordinate, in ``net.coordinate_names()`` order)
    of dicts ``{exponent tuple over the parameters: Fraction}``. Uses the
    symbolic expansion (refused for large networks by ``net.expand``).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> parametrization(parse_spec("linear 1-1-1"))
    [{(1, 1): Fraction(1, 1)}]
    """
    from fractions import Fraction

    ctx, polys = net.expand()
    npar = net.n_params
    monos = {tuple(m): i for i, m in enumerate(net.output_monomials())}
    out = []
    for f in polys:
        coords = [dict() for _ in monos]
        for exp, c in f.to_dict().items():
            i = monos[tuple(exp[npar:])]
            coords[i][tuple(exp[:npar])] = Fraction(int(c.p), int(c.q))
        out.extend(coords)
    return out


def _poly_in(terms: dict, names) -> str:
    if not terms:
        return "0"
    out = []
    for exp, c in sorted(terms.items(), reverse=True):
        m = "*".join(names[i] if a == 1 else f"{names[i]}^{a}" for i, a in enumerate(exp) if a)
        a = abs(c)
        cs = str(a) if a.denominator == 1 else f"({a})"
        body = m if (m and a == 1) else (f"{cs}*{m}" if m else cs)
        out.append(("- " if c < 0 else "+ ") + body)
    s = " ".join(out)
    return s[2:] if s.startswith("+ ") else "-" + s[2:]


def elimination_script(net, system: str = "singular", compare_with=None) -> str:
    """A Singular or Macaulay2 script computing I(M) by elimination (a referee).

    Singular: ``eliminate`` of the parameters from the graph ideal
    ``c_i - mu_i(theta)``; Macaulay2: ``ker`` of the ring map. With
    ``compare_with`` (an :class:`ImplicitResult`) the script prints ``EQUAL``
    or ``DIFFERENT`` after comparing the two ideals. algnet never runs these
    systems itself.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> print(elimination_script(parse_spec("linear 1-1-2")))
    ring S = 0, (t1, t2, t3, a0j0, a1j0), dp;
    ideal G = a0j0 - (t1*t2), a1j0 - (t1*t3);
    ideal E = eliminate(G, t1*t2*t3);
    print(E);
    """
    san = sanitize_names(net.coordinate_names())
    tn = [f"t{i + 1}" for i in range(net.n_params)]
    mu = [_poly_in(terms, tn) for terms in parametrization(net)]
    if system == "singular":
        lines = [f"ring S = 0, ({', '.join(tn + san)}), dp;",
                 "ideal G = " + ", ".join(f"{c} - ({m})" for c, m in zip(san, mu)) + ";",
                 f"ideal E = eliminate(G, {'*'.join(tn)});"]
        if compare_with is not None:
            polys = [g.to_string(san) for g in compare_with.generators] or ["0"]
            lines += ["ideal I = " + ", ".join(polys) + ";",
                      "int ok = (size(reduce(E, std(I))) == 0) && (size(reduce(I, std(E))) == 0);",
                      'if (ok) { print(\"EQUAL\"); } else { print(\"DIFFERENT\"); }']
        else:
            lines.append("print(E);")
        return "\n".join(lines)
    if system in ("m2", "macaulay2"):
        lines = [f"R = QQ[{', '.join(san)}];", f"S = QQ[{', '.join(tn)}];",
                 "f = map(S, R, {" + ", ".join(mu) + "});", "K = ker f;"]
        if compare_with is not None:
            polys = [g.to_string(san) for g in compare_with.generators] or ["0_R"]
            lines += ["use R;", "I = ideal(" + ", ".join(polys) + ");",
                      'if K == I then print "EQUAL" else print "DIFFERENT";']
        else:
            lines.append("print toString K;")
        return "\n".join(lines)
    from algnet.errors import ParameterError

    raise ParameterError(f"unknown system {system!r}", hint="use 'singular' or 'm2'")
