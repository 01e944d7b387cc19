"""Singular points of the image of a polynomial map: the candidates, each one tested.

For a map mu = (p_1, ..., p_m) in N parameters (:class:`~algnet.architectures.polymap.PolynomialMap`) with
image M of dimension n, a point of M can be singular only where

* the Jacobian of mu has rank < n at some preimage (the **rank-drop locus**: critical values, the points
  over which the fibers jump in dimension, the images of the parameter-space strata where the rank drops),
  found as the common zeros of the n x n minors of the Jacobian; or
* two preimages have different tangent planes (**branches meet**: a node, a double line), found, when the
  map is generically finite (N = n), as the pairs s != t with mu(s) = mu(t): the union over i of the
  solutions of mu(s) = mu(t), z (s_i - t_i) = 1.

Elsewhere mu is a local immersion with one branch, so the image of a neighbourhood of the preimage is smooth
(over C). That is not the closure of M: a branch of the closure through an image point can come from parameters
tending to infinity (none for a map of one parameter: a non-constant polynomial map of the line is finite). For
(u, v) -> (u, u v, v - u v^3), injective with no rank drop, the closure x^2 z - x y + y^3 = 0 is singular along the
line x = y = 0 of image points mu(0, c): its second sheet comes from v -> infinity, u v^2 -> 1. So when the image of
a map of two or more parameters is a hypersurface with a known generator F of its ideal, the singular locus
V(F, grad F) of the closure is solved too (**branch from infinity**): a sampled point with a single preimage of full
rank is listed; one with no preimage is a point of the closure only (not examined). Without such a generator the
search is not complete. When the map is many-to-one over C (the image of a random parameter point has a second
preimage: s -> s^3 composed with an injective map), its pairs lie over the whole image and need algebraic numbers
(sympy's solve ran for hours on them); with a generator F known they are not solved: every point of V(F, grad F) with
a preimage is listed (**singular locus of the closure**), singular by the Jacobian criterion. The loci are solved
symbolically (sympy), each within a budget of CPU seconds (``solve_seconds``; past it the locus is not examined, and
the search is not complete); each component is sampled at a point with small random integer values of its free
symbols, and the image point is then TESTED: two exact preimages whose tangent planes span more than n
dimensions prove it singular; otherwise :func:`~algnet.analyses.singular.is_singular` decides (the
Jacobian criterion on the implicit equations when they generate the ideal, the equation-free tests
else). A verdict that is not a proof is reported 'undecided' with the tests' leaning.

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> res = map_singular_points(parametrization(["t^2 - 1", "t^3 - t"]), seed=0)    # a node at the origin
>>> [(c.source, c.point, c.status, c.certified) for c in res.candidates]
[('branches meet', ('0', '0'), 'singular', True)]
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.analyses.singular.branches import generically_injective, image_dimension
from algnet.analyses.singular.map_loci import _LIFT, _Budget, _double_points, _minors, _solve, _within
from algnet.errors import NotApplicableError, ParameterError, TooLargeError

__all__ = ["MapCandidate", "MapSingularPoints", "map_singular_points"]

MAX_EQUATION_DEGREE = 8
"""The implicit equations of the image are sought up to this degree (the tests fall back on the equation-free
ones above it)."""
MAX_PARAMETERS = 4
"""Refuse maps in more parameters than this (the double-point system has 2 N + 1 unknowns)."""
SOLVE_SECONDS = 60.0
"""CPU seconds the symbolic solves of one locus may take by default; past them its points are not examined, and a
note says so (sympy's solve can run for hours on a system whose solutions need algebraic numbers)."""
TOTAL_SECONDS = 180.0
"""CPU seconds all the symbolic steps together (the solves and the tests of the components) may take by default; past
them the steps not finished are not examined, a note names each, and the search is not complete: the points listed
are some of the singular points (three steps of :data:`SOLVE_SECONDS` each ran 400 s and more on maps such as
(s^3, t^3 + s, s t + t^2))."""


@dataclass(frozen=True)
class MapCandidate:
    """One component of a candidate locus and the verdict at its sampled image point.

    ``source`` ('rank drop' or 'branches meet'), ``component`` (the parameter-space solution, one string per
    solved parameter; the free symbols c1, c2, ... are the component's own coordinates), ``dimension`` (of
    its image), ``theta`` and ``other`` (the sampled preimages, strings; ``other`` the second branch's),
    ``point`` (the image point, strings), ``status`` ('singular', 'smooth' or 'undecided'), ``certified``,
    ``leaning`` (the uncertified tests' verdict when undecided), ``decided_by``, ``proves``, ``real`` (the
    sampled preimages are real: the point lies in the real image, not only in its Zariski closure), ``rank`` (of
    the Jacobian of the map at ``theta``, exact).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> (c,) = map_singular_points(parametrization(["t^2", "t^3"]), seed=0).candidates      # the cusp
    >>> isinstance(c, MapCandidate), c.source, c.theta, c.rank, c.status
    (True, 'rank drop', ('0',), 0, 'singular')
    """

    source: str
    component: tuple
    dimension: int
    theta: tuple
    other: tuple
    point: tuple
    status: str
    certified: bool
    leaning: str
    decided_by: str
    proves: str
    real: bool = True
    rank: int = -1

    def as_dict(self) -> dict:
        return {"source": self.source, "component": list(self.component), "dimension": self.dimension,
                "real": self.real, "rank": self.rank,
                "theta": list(self.theta), "other": list(self.other), "point": list(self.point),
                "status": self.status, "certified": self.certified, "leaning": self.leaning,
                "decided_by": self.decided_by, "proves": self.proves}


@dataclass(frozen=True)
class MapSingularPoints:
    """The candidates for singular points of the image of a polynomial map, each tested
    (:func:`map_singular_points`). ``searched`` says which loci were solved; ``notes`` what was left out;
    ``complete``: both loci were solved in full (the map is generically finite, the solver solved every system,
    not interrupted), so every image point (over C) with a rank drop or two preimages lies on a listed
    component (with one parameter: every singular image point); or, for a map many-to-one over C onto a
    hypersurface with a known generator of its ideal, the rank-drop locus and the singular locus of the closure
    were solved in full.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> res = map_singular_points(parametrization(["t", "t^2", "t^3"]), seed=0)    # the twisted cubic curve
    >>> res.candidates, res.singular, res.complete
    ((), (), True)
    """

    spec: str
    dimension: int
    candidates: tuple
    searched: tuple
    notes: tuple
    seed: int
    seconds: float = field(default=0.0, compare=False)
    partial: bool = False
    complete: bool = False

    def rank_drop_locus(self) -> list[dict]:
        """The rank-drop components in the format of :func:`~algnet.analyses.singular.rank_drop_locus`.

        Examples
        --------
        >>> from algnet.architectures.polymap import parametrization
        >>> [(d["name"], d["rank"], d["nature"]) for d in
        ...  map_singular_points(parametrization(["t^2", "t^3"]), seed=0).rank_drop_locus()]
        [('t = 0', 0, 'singular point')]
        """
        nature = {"singular": "singular point", "smooth": "smooth point through a degenerate parametrization",
                  "undecided": "undecided"}
        return [{"name": ", ".join(c.component) or "every parameter point", "kind": "rank drop of the map",
                 "rank": c.rank, "dimension": self.dimension, "nature": nature[c.status], "certified": c.certified}
                for c in self.candidates if c.source == "rank drop"]

    @property
    def singular(self) -> tuple:
        """The candidates proved or reported singular."""
        return tuple(c for c in self.candidates if c.status == "singular")

    def __repr__(self):
        return (f"MapSingularPoints({self.spec!r}: dim {self.dimension}, {len(self.candidates)} candidate "
                f"component(s), {len(self.singular)} singular, "
                f"{sum(c.status == 'undecided' for c in self.candidates)} undecided; seed {self.seed})")

    def as_dict(self) -> dict:
        return {"spec": self.spec, "dimension": self.dimension, "searched": list(self.searched),
                "notes": list(self.notes), "candidates": [c.as_dict() for c in self.candidates],
                "seed": self.seed, "seconds": round(self.seconds, 4), "partial": self.partial,
                "complete": self.complete}

    def table(self) -> str:
        lines = ["singular points of the image (candidates: " + "; ".join(self.searched) + ")"]
        if self.partial:
            lines.append("  PARTIAL (stopped early): the components listed were finished; others may exist")
        elif not self.candidates and self.complete:
            lines.append("  none: no rank drop and no two preimages with one image (over C): the image of a "
                         "neighbourhood of each parameter point is smooth" + (
                             ", and no branch of the closure from infinity meets the image" if any(
                                 "closure" in x for x in self.searched) else ""))
        elif not self.candidates:
            lines.append("  none found (the search was not complete: see the notes)")
        elif not self.complete:
            lines.append("  the search was not complete (see the notes): the points listed are some of the singular "
                         "points, others may exist")
        for c in self.candidates:
            where = ", ".join(c.component) or "every parameter point"
            what = c.status + ("" if c.certified else f" (tests lean {c.leaning})" if c.leaning else "")
            if not c.real:
                what += (" [a point of the closure: its sampled preimages are not real]"
                         if all("I" not in x for x in c.point) else " [a non-real point]")
            lines.append(f"  {c.source}: {where} -> image of dim {c.dimension}; at ({', '.join(c.point)}): {what}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def map_singular_points(net, seed: int = 0, starts: int = 4, time_limit: float | None = None,
                        solve_seconds: float | None = SOLVE_SECONDS,
                        total_seconds: float | None = TOTAL_SECONDS) -> MapSingularPoints:
    """The rank-drop and double-point loci of a polynomial map, each component tested at a sampled point.

    Parameters
    ----------
    net : PolynomialMap or str
        A map (``parametrization([...])`` or a spec ``"map p1; p2"``).
    seed : int
        Chooses the sample points of positive-dimensional components and seeds the tests.
    starts : int
        Random starts of the numerical fiber search of the equation-free tests.
    time_limit : float, optional
        Wall seconds; at the limit (or Ctrl-C) the components finished are returned, marked ``partial``.
    solve_seconds : float or None
        CPU seconds of the symbolic solves of each locus (:data:`SOLVE_SECONDS`); past them the locus's points are
        not examined, and a note says so (the search is then not complete). None: no limit.
    total_seconds : float or None
        CPU seconds of all the symbolic steps together (:data:`TOTAL_SECONDS`); the steps it stops are named in the
        notes, and the points found are then only some of the singular points (``complete`` False). None: no limit.

    Returns
    -------
    MapSingularPoints

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> res = map_singular_points(parametrization(["u*v", "v", "u^2"]), seed=0)    # the Whitney umbrella
    >>> [(c.source, c.dimension, c.status) for c in res.candidates]
    [('rank drop', 0, 'singular'), ('branches meet', 1, 'singular')]
    """
    import sympy

    from algnet.analyses.shared import check_seed, dimension_result
    from algnet.architectures.polymap import PolynomialMap
    from algnet.architectures.spec import parse_spec
    from algnet.analyses.singular.map_tester import MapTester
    from algnet.guards import check_time_limit, time_cap

    t0 = time.perf_counter()
    net = parse_spec(net)
    if not isinstance(net, PolynomialMap):
        raise NotApplicableError(f"{net.spec} is not a polynomial map",
                                 hint="give a map (algnet singular --map FILE); networks have strata instead")
    seed = check_seed(seed)
    if isinstance(starts, bool) or not isinstance(starts, (int, np.integer)) or starts < 0:
        raise ParameterError(f"starts={starts!r} must be a non-negative integer", hint="e.g. starts=4")
    check_time_limit(time_limit)
    check_time_limit(solve_seconds, "solve_seconds")
    check_time_limit(total_seconds, "total_seconds")
    N = net.n_params
    if N > MAX_PARAMETERS:
        raise TooLargeError(f"{net.spec}: {N} parameters (the symbolic loci are solved up to {MAX_PARAMETERS})",
                            parameters=N, hint="fewer parameters, or is_singular(net, theta=...) at given points")
    n = dimension_result(net, seed=seed).dimension
    polys = net.sympy_polynomials()
    vs = [sympy.Symbol(v) for v in net.param_names()]
    rng = np.random.default_rng(seed)
    tester = MapTester(net, n, seed, starts)
    cands, searched, notes = [], [], []
    if N != n:
        notes.append(f"the generic fiber has dimension {N - n} > 0: pairs of preimages were not solved for; "
                     "the tests search each candidate's fiber numerically")
    partial = False
    try:
        # repeated: an analysis inside (implicitize, ...) turns an interrupt into its own partial result
        with time_cap(check_time_limit(time_limit), repeat=0.5) as cap:
            _search(tester, polys, vs, n, N, rng, cands, searched, notes, cap, solve_seconds, _Budget(total_seconds))
    except KeyboardInterrupt:
        partial = True
    partial = partial or cap.expired
    cands = _unique([c for c in cands if c is not None])
    notes += tester.notes
    complete = not partial and N == n and not tester.unsolved and not any("not examined" in x for x in notes)
    return MapSingularPoints(net.spec, n, tuple(cands), tuple(searched), tuple(dict.fromkeys(notes)), seed,
                             time.perf_counter() - t0, partial, complete)


def _search(tester, polys, vs, n, N, rng, cands, searched, notes, cap, seconds, total=None):
    """Solve the loci and test each component (appends, so an interruption keeps what is done; a component
    whose test ran into the time cap ``cap`` is not kept: an analysis inside may have returned a partial result).
    ``seconds``: the CPU seconds of the solves of each locus, and of the test of each component (None: no limit);
    ``total``: the :class:`_Budget` of all of them together."""

    def tested(*args):
        budget = _Budget(seconds, total)
        c, done = _within(budget, lambda: tester.candidate(*args))
        if cap.expired:
            raise KeyboardInterrupt
        if not done:        # sympy's simplification of radicals can run for hours as its solve does
            notes.append(f"{args[0]}: the test of a component did not finish within {budget.describe()}; its "
                         f"points were not examined ({_LIFT})")
        return c

    drops, minors = [], []
    if n > 0:
        searched.append(f"rank-drop locus (the {n} x {n} minors of the Jacobian)")
        minors = _minors(polys, vs, n)
        drops = _solve(minors, vs, notes, "rank-drop locus", budget=_Budget(seconds, total))
    pairs_solved, injective, pairs = False, False, []
    skip = _pairs_everywhere(tester, polys, vs, n, N, total) if N == n else ""
    if skip:
        notes.append(skip)
    elif N == n:
        searched.append("pairs of parameter points with one image (mu(s) = mu(t), s != t)")
        before = len(notes)
        pairs = _double_points(polys, vs, notes, _Budget(seconds, total))
        pairs_solved = not any("not examined" in x for x in notes[before:])
        # every pair system solved, no component over a dense subset of M: the map is generically injective
        injective = not any(x.startswith("pairs with one image") for x in notes) and all(
            image_dimension(sol, sv, polys, vs) < n for sol, sv, _, _ in pairs)
        # the pairs not solved in full: the generic fiber, solved over QQ(a), can still show the map one-to-one
        injective = injective or bool(generically_injective(polys, vs, _Budget(seconds, total)))
    for sol in drops:       # tested once the pairs say whether the map is generically injective
        cands.append(tested("rank drop", sol, vs, [], polys, rng, minors, injective))
    for sol, sv, tv, pair in pairs:
        c = tested("branches meet", sol, sv, tv, polys, rng, pair, injective)
        if c is not None and c.dimension == n:
            # pairs over every point of M: the map is many-to-one everywhere (t -> t^3 over C), these are
            # not branches meeting at special points
            notes.append("pairs with one image over a dense subset of M (the map is generically many-to-one "
                         "over C) were set aside: one component of dimension dim M is no special locus")
            continue
        cands.append(c)
    if N >= 2:
        _closure(tester, polys, vs, n, rng, cands, searched, notes, tested, pairs_solved, _Budget(seconds, total))
    if total is not None and total.seconds is not None and total.left() <= 0.01:
        notes.append(f"the total budget of {total.seconds:g} CPU seconds ran out: the steps named above were not "
                     f"finished, so the singular points listed are only some of them ({_LIFT})")


def _pairs_everywhere(tester, polys, vs, n, N, total=None) -> str:
    """Why the pairs with one image are not solved for (else ''): a map of two or more parameters whose image is a
    hypersurface with a known generator F of its ideal, and a random parameter point theta0 whose image has another
    preimage (an exact Groebner basis), so the map is many-to-one over C (with high probability everywhere). Its
    pairs then lie over the whole image, and sympy solves them with algebraic numbers, for hours when they need
    more than rationals (s -> s^3 composed with an injective map: the pairs (s, w s), w^3 = 1); the singular locus
    of the closure, V(F, grad F), gives the singular points instead (:func:`_closure`)."""
    import sympy

    if N < 2 or tester.net.ambient_dimension - n != 1:
        return ""
    rng = np.random.default_rng(tester.seed + 23)
    theta0 = [sympy.Integer(int(x)) for x in rng.integers(2, 30, size=N)]
    t = [sympy.Symbol(f"t_{v}") for v in vs]
    z = sympy.Symbol("z_")
    fiber = [sympy.expand(p.subs(dict(zip(vs, t)), simultaneous=True) - p.subs(dict(zip(vs, theta0))))
             for p in polys]
    other = False
    for i in range(N):
        basis, done = _within(_Budget(5.0, total), lambda: sympy.groebner(fiber + [z * (t[i] - theta0[i]) - 1], *t, z,
                                                                   order="grevlex").exprs)
        if not done:
            return ""
        if basis != [1]:
            other = True
            break
    eqs = tester.equations() if other else None
    if eqs is None or not eqs[2] or len(eqs[0]) != 1:
        return ""
    return (f"pairs with one image were not solved for: the image of theta0 = ({', '.join(map(str, theta0))}) has "
            "another preimage (exact Groebner basis), so the map is many-to-one over C and its pairs lie over the "
            "whole image; the singular points come from the singular locus V(F, grad F) of the closure instead "
            "(F generates the ideal of the image hypersurface), every point of it with a preimage listed")


def _closure(tester, polys, vs, n, rng, cands, searched, notes, tested, pairs_solved, budget):
    """The singular locus of the closure from a generator F of its ideal (module doc): each component's sampled
    point with one preimage, of full rank there, is a candidate 'branch from infinity'; when the pairs with one image
    were not solved in full (``pairs_solved`` False), a sampled point with several preimages or a fiber is a
    candidate 'singular locus of the closure' (V(F, grad F) is the whole singular locus of the closure)."""
    import sympy

    from algnet.analyses.singular.algebraic import same_point
    from algnet.analyses.singular.map_tester import SampledCandidate

    what = "branches of the closure from parameters tending to infinity"
    if tester.net.ambient_dimension == n:
        return                  # the closure is the whole space: smooth
    eqs = tester.equations() if tester.net.ambient_dimension - n == 1 else None     # no generator otherwise
    if eqs is None or not eqs[2] or len(eqs[0]) != 1:
        notes.append(f"{what}: not examined (no generator of the ideal of a hypersurface image is known)")
        return
    searched.append("the singular locus of the closure (its generator and the partials)")
    (F,), syms = eqs[0], list(eqs[1])
    F = sympy.sympify(F)
    system = [e for e in [F] + [sympy.diff(F, y) for y in syms] if e != 0]
    for sol in _solve(system, syms, notes, f"{what} (the singular locus of the closure)", budget=budget):
        free = sorted({f for e in sol.values() for f in sympy.sympify(e).free_symbols} | {y for y in syms
                                                                                              if y not in sol}, key=str)
        values = {f: sympy.Integer(int(rng.integers(1, 6)) * int(rng.choice([-1, 1]))) for f in free}
        point = [sympy.radsimp(sympy.sympify(sol.get(y, y)).subs(values)) for y in syms]
        fiber = [sympy.expand(p - v) for p, v in zip(polys, point)]
        pre = _solve(fiber, vs, notes, f"{what} (preimages)", budget=budget)
        one = len(pre) == 1 and len(pre[0]) == len(vs) and not any(sympy.sympify(e).free_symbols
                                                                   for e in pre[0].values())
        if not pre or not (one or not pairs_solved):
            continue            # no preimage (closure only), or several / a fiber, with the pairs solved in full
        if not free and any(c is not None and c.dimension == 0 and same_point(c.point, point) for c in cands):
            continue            # an isolated point listed already (the vertex of a cone, a rank drop)
        theta = _a_preimage(pre, vs, fiber)
        if theta is None:
            notes.append(f"{what}: the solver's preimages of a sampled point do not solve their equations; its points "
                         "were not examined")
            continue
        J = sympy.Matrix([[sympy.diff(p, v) for v in vs] for p in polys]).subs(dict(zip(vs, theta)))
        if one and J.rank(simplify=True) < n:
            continue            # on the rank-drop locus
        source = "branch from infinity" if one else "singular locus of the closure"
        c = tested(source, dict(zip(vs, theta)), vs, [], polys, rng, fiber)
        if c is not None:
            image = tuple(str(sympy.sympify(sol.get(y, y))) for y in syms)
            J = sympy.Matrix([[sympy.diff(sympy.sympify(sol.get(y, y)), f) for f in free] for y in syms])
            dim = J.subs(values).rank(simplify=True) if free else 0
            cands.append(SampledCandidate(**{**{k: getattr(c, k) for k in MapCandidate.__dataclass_fields__},
                                             "component": tuple(f"{y} = {sol[y]}" for y in syms if y in sol),
                                             "dimension": int(dim)}, component_image=image))


def _a_preimage(pre, vs, fiber):
    """One point of the solutions ``pre`` of the equations ``fiber`` (dicts, with free symbols for a fiber of positive
    dimension, set to small integers) that solves them, real and rational ones first, or None.

    Examples
    --------
    >>> import sympy
    >>> s, t = sympy.symbols("s t")
    >>> _a_preimage(sympy.solve([s**3 + t, t**3 - 8], [s, t], dict=True), [s, t], [s**3 + t, t**3 - 8])
    [-2**(1/3), 2]
    """
    import sympy

    from algnet.analyses.singular.algebraic import vanishes_numerically

    points = []
    for sol in pre:
        free = sorted({f for e in sol.values() for f in sympy.sympify(e).free_symbols} | {v for v in vs
                                                                                           if v not in sol}, key=str)
        values = {f: sympy.Integer(k + 2) for k, f in enumerate(free)}
        theta = [sympy.radsimp(sympy.sympify(sol.get(v, v)).subs(values)) for v in vs]
        if all(x.is_finite for x in theta) and all(vanishes_numerically(e, dict(zip(vs, theta))) for e in fiber):
            points.append(theta)
    return min(points, key=lambda th: (not all(x.is_real for x in th), not all(x.is_Rational for x in th)),
               default=None)


def _unique(cands):
    """One candidate per (source, image of the component) (the pair (s, t) and the pair (t, s), ...); isolated
    points written with different radicals are one when they agree to 40 digits, the certified verdict kept."""
    from algnet.analyses.singular.algebraic import same_point

    seen, out = set(), []
    for c in cands:
        key = (c.source, c.dimension, c.point if c.dimension == 0 else c.component_image)
        if key in seen:
            continue
        seen.add(key)
        twin = next((i for i, o in enumerate(out) if c.dimension == 0 and (o.source, o.dimension) == (
            c.source, 0) and same_point(o.point, c.point)), None)
        if twin is None:
            out.append(c)
        elif c.certified and not out[twin].certified:
            out[twin] = c
    return [_strip(c) for c in out]


def _strip(c):
    return MapCandidate(**{k: getattr(c, k) for k in MapCandidate.__dataclass_fields__})
