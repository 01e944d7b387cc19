"""The loci of :func:`~algnet.analyses.singular.maps.map_singular_points`, solved symbolically under a budget.

The rank-drop locus is the common zeros of the n x n minors of the Jacobian (:func:`_minors`); the pairs of
parameter points with one image are solved from mu(s) = mu(t), z (s_i - t_i) = 1 (:func:`_double_points`). Each
solve runs within the CPU seconds left of a :class:`_Budget` (:func:`_within`); past them the locus is not
examined and a note says so.

Examples
--------
>>> import sympy
>>> u, v = sympy.symbols("u v")
>>> _minors([u * v, v, u**2], [u, v], 2)    # the Whitney umbrella: J = [[v, u], [0, 1], [2 u, 0]]
[v, -2*u**2, -2*u]
"""

from __future__ import annotations

import itertools
import time

from algnet.errors import TooLargeError

MAX_MINORS = 400
"""Refuse (TooLargeError) a rank-drop locus with more n x n minors than this (the symbolic solver's cost)."""


class _Budget:
    """The CPU seconds left of the symbolic solves of one locus (``seconds`` None: no limit), from its creation, and
    at most those left of ``total`` (a :class:`_Budget` of all the steps, or None).

    Examples
    --------
    >>> _Budget(None).left() is None, 0 < _Budget(5.0).left() <= 5.0, _Budget(None, _Budget(2.0)).left() <= 2.0
    (True, True, True)
    >>> _Budget(60.0, _Budget(0.0)).describe()
    'the total budget of 0 CPU seconds'
    """

    def __init__(self, seconds, total=None):
        self.seconds, self.total, self.start = seconds, total, time.process_time()

    def _own(self):
        return None if self.seconds is None else max(0.01, self.seconds - (time.process_time() - self.start))

    def left(self):
        own, rest = self._own(), None if self.total is None else self.total.left()
        return rest if own is None else own if rest is None else min(own, rest)

    def describe(self) -> str:
        """The limit that binds: this step's seconds, or the total budget when that is spent."""
        if self.total is not None and self.total.seconds is not None and self.total.left() <= 0.01:
            return f"the total budget of {self.total.seconds:g} CPU seconds"
        return f"{self.seconds:g} CPU seconds"


#: how a user lifts the budgets (in the notes)
_LIFT = "algnet singular --force, or solve_seconds=None and total_seconds=None, lets it run to the end"


def _within(budget, work):
    """``(work(), True)``, or ``(None, False)`` when the CPU seconds of ``budget`` (a :class:`_Budget` or None) ran
    out first; Ctrl-C and an enclosing time cap pass on.

    Examples
    --------
    >>> _within(_Budget(5.0), lambda: 2 + 2), _within(None, lambda: 1)
    ((4, True), (1, True))
    >>> _within(_Budget(0.05), lambda: sum(i for i in range(10**12)))
    (None, False)
    """
    from algnet.time_caps import armed_caps, time_cap

    cap = None
    try:
        # repeated: work that turns an interrupt into a partial result of its own is interrupted again
        with time_cap(budget.left() if budget is not None else None, cpu=True, repeat=0.5) as cap:
            value = work()
    except KeyboardInterrupt:
        if cap is None or not cap.expired or any(c.expired for c in armed_caps()):
            raise
        return None, False
    return (None, False) if cap.expired else (value, True)


def _minors(polys, vs, n):
    import sympy

    J = sympy.Matrix([[sympy.diff(p, v) for v in vs] for p in polys])
    k = len(list(itertools.combinations(range(J.rows), n))) * len(list(itertools.combinations(range(J.cols), n)))
    if k > MAX_MINORS:
        raise TooLargeError(f"{k} minors of size {n} (limit {MAX_MINORS})", minors=k,
                            hint="is_singular(net, theta=...) at given points")
    out = []
    for r in itertools.combinations(range(J.rows), n):
        for c in itertools.combinations(range(J.cols), n):
            m = sympy.expand(J.extract(list(r), list(c)).det())
            if m != 0 and m not in out:
                out.append(m)
    return out


def _solve(eqs, unknowns, notes, what, budget=None):
    """sympy's solutions (dicts) of the polynomial system, [] with a note when it cannot solve it, or not within the
    CPU seconds left of ``budget`` (a :class:`_Budget`; None: no limit)."""
    import sympy

    if not eqs:
        notes.append(f"{what}: every parameter point (the Jacobian never has full rank)")
        return [{}]
    try:
        got, done = _within(budget, lambda: sympy.solve(eqs, unknowns, dict=True))
    except (NotImplementedError, sympy.PolynomialError) as e:
        notes.append(f"{what}: the symbolic solver could not solve it ({type(e).__name__}); its points were "
                     "not examined")
        return []
    if not done:
        notes.append(f"{what}: the symbolic solver did not finish within {budget.describe()}; its points "
                     f"were not examined ({_LIFT})")
        return []
    return got


def _double_points(polys, vs, notes, budget=None):
    """(solution, s symbols, t symbols, the equations mu(s) - mu(t)) for the pairs s != t with one image, solved
    within the CPU seconds of ``budget`` (a :class:`_Budget`; past them a note, and the pairs found so far)."""
    import sympy

    s = [sympy.Symbol(f"s_{v}") for v in vs]
    t = [sympy.Symbol(f"t_{v}") for v in vs]
    z = sympy.Symbol("z_")
    diff = [sympy.expand(p.subs(dict(zip(vs, s)), simultaneous=True) - p.subs(dict(zip(vs, t)), simultaneous=True))
            for p in polys]
    pair = diff
    if len(vs) == 1:
        diff = _isolated_pairs(diff, s[0], t[0], notes)
    out = []
    for i in range(len(vs)):
        system = diff + [z * (s[i] - t[i]) - 1]
        basis, done = _within(budget, lambda: sympy.groebner(system, *(s + t + [z]), order="grevlex").exprs)
        if not done:
            notes.append(f"pairs with one image: no Groebner basis within {budget.describe()}; their points "
                         f"were not examined ({_LIFT})")
            break
        if basis == [1]:
            continue        # no pair with s_i != t_i (sympy.solve took a minute on the swallowtail's: 8 non-pairs)
        for sol in _solve(system, s + t + [z], notes, "pairs with one image", budget=budget):
            out.append(({k: v for k, v in sol.items() if k != z}, s, t, pair))
    return out


def _isolated_pairs(diff, s, t, notes):
    """One parameter: the pair equations without their common curve. Each p(s) - p(t) is (s - t) q(s, t); the gcd g
    of the q is a curve of pairs over every point of the image (a map of the line onto a curve that is many-to-one:
    t -> t^200 has g = the product of the s - zeta t), set aside here without solving it (its solutions, with
    radicals, took minutes), and the isolated pairs are the zeros of the cofactors q / g."""
    import sympy

    qs = [sympy.cancel(d / (s - t)) for d in diff]
    g = sympy.Integer(0)
    for q in qs:
        g = sympy.gcd(g, q)
    if sympy.Poly(g, s, t).total_degree() == 0:
        return diff
    notes.append("pairs with one image over a dense subset of M (the map is generically many-to-one over C) were set "
                 "aside: one component of dimension dim M is no special locus")
    return [sympy.expand(sympy.cancel(q / g)) for q in qs]
