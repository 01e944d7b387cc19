"""The test of one candidate of :func:`~algnet.analyses.singular.maps.map_singular_points`: a component of a locus
sampled at a point, and the verdict at its image point (two preimages' tangent planes, the Jacobian criterion on the
implicit equations, the equation-free tests of :func:`~algnet.analyses.singular.is_singular`).

Examples
--------
>>> from algnet.architectures.polymap import parametrization
>>> tester = MapTester(parametrization(["t^2", "t^3"]), 1, seed=0, starts=4)
>>> import sympy
>>> tester.equation_degree(), bool(tester.birational_curve(tester.net.sympy_polynomials(), [sympy.Symbol("t")]))
(4, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.analyses.singular.branches import finite_birational_drop, two_branches
from algnet.analyses.singular.maps import MAX_EQUATION_DEGREE, MapCandidate

__all__ = ["MapTester", "SampledCandidate"]


@dataclass(frozen=True)
class SampledCandidate(MapCandidate):
    """A candidate with its component's image (parametrized by c1, c2, ...), to tell components apart.

    Examples
    --------
    >>> c = SampledCandidate("rank drop", ("t = 0",), 0, ("0",), (), ("0", "0"), "singular", True, "", "", "",
    ...                      component_image=("0", "0"))
    >>> c.component_image, isinstance(c, MapCandidate)
    (('0', '0'), True)
    """

    component_image: tuple = ()


class MapTester:
    """Samples a component and tests its image point (the implicit equations computed once, on demand).

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> MapTester(parametrization(["t^2", "t^3"]), 1, seed=0, starts=4).equation_degree()
    4
    """

    def __init__(self, net, n, seed, starts):
        from algnet.analyses.singular.primitives import sample_inputs

        self.net, self.n, self.seed, self.starts = net, n, seed, starts
        self.X, _ = sample_inputs(net, seed)
        self.notes = []
        self.unsolved = False       # the solver returned a component that is not a solution
        self._decided = []          # (source, isolated point, certified verdict)
        self._eqs = None

    def equations(self):
        """(equations, coordinate symbols, complete, source) of the implicit equations usable here, or None."""
        if self._eqs is None:
            from algnet.analyses.singular.equations import _implicit_equations, _usable_implicit

            self._eqs = False
            try:
                got = _implicit_equations(self.net, self.equation_degree(), self.seed)
            except KeyboardInterrupt:
                self._eqs = None            # not computed: a later candidate tries again
                raise
            if got is not None:
                eqs, syms, res = got
                eqs, complete, source, unused = _usable_implicit(eqs, res, self.net.ambient_dimension - self.n)
                if eqs is not None:
                    self._eqs = (eqs, syms, complete, source)
                elif unused:
                    self.notes.append(unused)
        return self._eqs or None

    def birational_curve(self, polys, vs) -> str:
        """Why a map of one parameter onto a curve is birational (generically one-to-one over C; then its branch
        at every parameter is primitive), or '' when it is not or not shown: at a random integer t1 with
        mu'(t1) != 0 the gcd over QQ of the mu_i(t) - mu_i(t1) is t - t1, so the fiber over mu(t1) is the one
        unramified point t1; the map is finite (polynomial, not constant), so its degree is 1."""
        if not hasattr(self, "_birational"):
            import sympy

            self._birational = ""
            if len(vs) == 1 and self.n == 1:
                (t,) = vs
                rng = np.random.default_rng(self.seed + 11)
                for _ in range(5):
                    t1 = sympy.Integer(int(rng.integers(2, 50)))
                    if all(sympy.diff(p, t).subs(t, t1) == 0 for p in polys):
                        continue
                    g = sympy.Integer(0)
                    for p in polys:
                        g = sympy.gcd(g, sympy.expand(p - p.subs(t, t1)))
                    if sympy.degree(g, t) == 1:
                        self._birational = (f"the gcd over QQ of mu_i(t) - mu_i({t1}) is t - {t1} and mu'({t1}) != 0: "
                                            "the finite map t -> mu(t) has degree 1 onto its image, so each of its "
                                            "branches is primitive")
                    break
        return self._birational

    def equation_degree(self) -> int:
        """The degree up to which equations are sought: d^n bounds the degree of the image of a map of degree d
        (Bezout: n general hyperplanes meet it in at most d^n points), so for a hypersurface its generator has
        at most that degree; at least 4, at most :data:`MAX_EQUATION_DEGREE`."""
        return int(min(max(4, self.net.parameter_degree() ** self.n), MAX_EQUATION_DEGREE))

    def candidate(self, source, sol, sv, tv, polys, rng, system=(), injective=False):
        """The component ``sol`` of a locus sampled and tested (None when it has no usable sample point).
        ``system``: the equations (in the unknowns ``sv`` + ``tv``) the locus solves; a sample point where
        one of them does not vanish shows the solver's component is not a solution (:func:`sample_component`).
        ``injective``: the map is generically injective (:func:`two_branches` then decides a pair of full rank)."""
        import sympy

        from algnet.analyses.singular.algebraic import sample_component

        unknowns = list(sv) + list(tv)
        free = sorted({f for e in sol.values() for f in sympy.sympify(e).free_symbols}
                      | {u for u in unknowns if u not in sol}, key=str)
        canon = {f: sympy.Symbol(f"c{i + 1}") for i, f in enumerate(free)}
        vs = [sympy.Symbol(v) for v in self.net.param_names()]
        param = [sympy.sympify(sol.get(u, u)) for u in sv]
        sample = sample_component(sol, free, sv, tv, system, rng)
        if isinstance(sample, str):
            self.notes.append(f"{source}: a component {sample}; not examined")
            self.unsolved |= "does not solve" in sample
            return None
        values, theta, other = sample
        image = _simplified([p.subs(dict(zip(vs, param)), simultaneous=True) for p in polys])
        point = [sympy.radsimp(sympy.expand(p.subs(dict(zip(vs, theta)), simultaneous=True))) for p in polys]
        dim = 0
        if free:
            J = sympy.Matrix([[sympy.diff(e, f) for f in free] for e in image]).subs(values)
            dim = J.rank(simplify=True)
        if source == "rank drop" and self.birational_curve(polys, vs):
            status, certified, leaning = "singular", True, ""
            decided, proves = "multiplicity of a curve branch (exact)", self.birational_curve(polys, vs) + (
                "; at a rank drop the branch's multiplicity, the order of mu(t0 + s) - mu(t0) in s, is >= 2, "
                "so the point has multiplicity >= 2 on the curve: it is singular")
        elif dim == 0 and self.known(source, point) is not None:
            status, certified, leaning, decided, proves = self.known(source, point)
        elif injective and dim < self.n and (branches := two_branches(self.n, theta, other, polys, vs)):
            status, certified, leaning, decided, proves = branches
        else:
            status, certified, leaning, decided, proves = self.verdict(theta, other, point)
            if not certified and source == "rank drop" and injective and (drop := finite_birational_drop(
                    self.n, theta, point, polys, vs)):
                status, certified, leaning, decided, proves = drop
            if dim == 0 and certified:
                self._decided.append((source, point, (status, certified, leaning, decided, proves)))
        comp = tuple(f"{u} = {sympy.sympify(sol[u]).subs(canon)}" for u in unknowns if u in sol)
        real = all(x.is_real for x in theta + other)
        rank = sympy.Matrix([[sympy.diff(p, v) for v in vs] for p in polys]).subs(dict(zip(vs, theta))).rank(
            simplify=True)
        return SampledCandidate(source, comp, int(dim), tuple(map(str, theta)), tuple(map(str, other)),
                          tuple(map(str, point)), status, certified, leaning, decided, proves, real, int(rank),
                          component_image=tuple(str(e.subs(canon)) for e in image))

    def known(self, source, point):
        """The certified verdict of an isolated point of this source tested before (written with other radicals:
        the pairs (s, t) and (t, s) of a node), or None; testing one such point took seconds."""
        from algnet.analyses.singular.algebraic import same_point

        return next((v for src, p, v in self._decided if src == source and same_point(p, point)), None)

    def verdict(self, theta, other, point):
        """(status, certified, leaning, decided_by, proves) at the image point."""
        if all(x.is_Rational for x in theta) and all(x.is_Rational for x in other):
            return self._rational(theta, other, point)
        return self._algebraic(point)

    def _rational(self, theta, other, point):
        from fractions import Fraction

        from algnet.analyses.singular.equations import is_singular
        from algnet.analyses.singular.primitives import _exact_jac, _rank

        th = [Fraction(int(x.p), int(x.q)) for x in theta]
        if other:
            ot = [Fraction(int(x.p), int(x.q)) for x in other]
            span = _rank(np.concatenate([_exact_jac(self.net, th, self.X), _exact_jac(self.net, ot, self.X)],
                                        axis=1))
            if span > self.n:
                return ("singular", True, "", "tangent planes of two preimages (exact)",
                        f"the tangent planes of mu at two preimages span {span} > {self.n} dimensions, all in the "
                        "Zariski tangent space of the closure at the point: it is singular")
        if self.equations() is not None:        # the Jacobian criterion first: no fiber search when it decides
            verdict = self._algebraic(point)
            if verdict[1]:
                return verdict
        r = is_singular(self.net, theta=th, seed=self.seed, starts=self.starts, use_implicit=False)
        lean = {True: "singular", False: "smooth", None: ""}[r.singular]
        if r.certified and r.singular is not None:
            return lean, True, "", r.decided_by, r.proves
        return "undecided", False, lean, r.decided_by, r.proves

    def _algebraic(self, point):
        """The Jacobian criterion at an image point with rational or algebraic coordinates, exact (sympy)."""
        import sympy

        from algnet.analyses.singular.algebraic import is_zero, minors_vanish

        eqs = self.equations()
        if eqs is None:
            return ("undecided", False, "", "none", "the sampled preimage is not rational and no implicit "
                    "equations are available: the point was not tested")
        at = "point" if all(x.is_Rational for x in point) else "algebraic point"
        equations, syms, complete, source = eqs
        subs = dict(zip(syms, point))
        if not all(is_zero(sympy.sympify(g).subs(subs)) for g in equations):
            return "undecided", False, "", "none", "an implicit equation does not vanish at the sampled point"
        c = self.net.ambient_dimension - self.n
        J = sympy.Matrix([[sympy.diff(g, y) for y in syms] for g in equations]).subs(subs)
        # exact (minimal polynomials): simplify can leave a zero with nested radicals nonzero, raising the rank
        rank = J.rank(simplify=True) if at == "point" else c - minors_vanish(J, c)
        where = "" if all(x.is_real for x in point) else " (a non-real point of the closure)"
        below = f"{rank} < codim {c}" if at == "point" else f"< codim {c} (its {c} x {c} minors are 0)"
        if rank == c:
            return ("smooth", True, "", f"equations (Jacobian criterion; {source})",
                    f"the Jacobian of equations vanishing on M has rank {c} = codim at the {at}{where}")
        if complete:
            return ("singular", True, "", f"equations (Jacobian criterion; {source})",
                    f"the Jacobian of generators of the ideal has rank {below} at the {at}{where}")
        return ("undecided", False, "singular", f"equations (Jacobian criterion; {source})",
                f"the Jacobian of the known equations has rank {below}; they are not known to "
                "generate the ideal")


SIMPLIFY_SECONDS = 5.0
"""CPU seconds given to sympy's simplify of a component's image; past them the image is only expanded."""


def _simplified(exprs):
    """The expressions simplified (sympy), or only expanded when simplify takes more than :data:`SIMPLIFY_SECONDS`
    CPU seconds (with radicals it factors over number fields, for hours: the rank-drop curve of
    (s^3 + t^2, s t, t^3 + s)).

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> _simplified([(x**2 - 1) / (x - 1)])
    [x + 1]
    """
    import sympy

    from algnet.analyses.singular.map_loci import _Budget, _within

    got, done = _within(_Budget(SIMPLIFY_SECONDS), lambda: [sympy.simplify(e) for e in exprs])
    return got if done else [sympy.expand(e) for e in exprs]
