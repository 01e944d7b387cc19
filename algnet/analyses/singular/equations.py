"""The equations route of :func:`is_singular`: the Jacobian criterion on implicit
equations, falling back on the equation-free point tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from algnet.analyses.singular.point import PointAnalysis, analyze_point, certainty_text
from algnet.analyses.singular.preimages import _find_preimage
from algnet.analyses.singular.primitives import _q, _rank, sample_inputs
from algnet.analyses.shared import check_seed, dimension_result, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.errors import ParameterError

__all__ = ["SingularityResult", "is_singular"]


@dataclass(frozen=True)
class SingularityResult:
    """Verdict of :func:`is_singular` at one point of function space.

    ``decided_by`` names the test ('equations (Jacobian criterion)',
    'fiber tangent spaces (exact)', 'limits of tangent planes (exact)', ...)
    and ``proves`` says what it proves.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> r = is_singular(parse_spec("linear 2-1-2"), theta=[0, 0, 0, 0], use_implicit=False)   # the cone's vertex
    >>> isinstance(r, SingularityResult), r.singular, r.decided_by
    (True, True, 'fiber tangent spaces (exact)')
    """

    spec: str
    singular: bool | None
    status: str
    nodal: bool | None
    boundary: bool | None
    decided_by: str
    proves: str
    certified: bool
    equation_rank: int | None
    codimension: int
    analysis: PointAnalysis | None
    seed: int
    depends_on: tuple = field(default=(), repr=False)

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record (``method`` is the test that decided)."""
        from algnet.evidence import Evidence

        return Evidence.combine(self.decided_by, self.depends_on, certified=self.certified, proves=self.proves,
                                probability_bound=None, seed=self.seed)

    def as_dict(self) -> dict:
        """JSON-ready dictionary (the point analysis is summarised by its own fields)."""
        return {"spec": self.spec, "singular": self.singular, "status": self.status, "nodal": self.nodal,
                "boundary": self.boundary, "decided_by": self.decided_by, "proves": self.proves,
                "certified": self.certified, "equation_rank": self.equation_rank, "codimension": self.codimension,
                "seed": self.seed, "evidence": self.evidence.as_dict()}

    def __repr__(self):
        verdict = {True: "singular", False: "smooth", None: "undecided"}[self.singular]
        nod = "" if self.nodal is None else (", nodal" if self.nodal else ", not nodal")
        return (f"SingularityResult({self.spec!r}: {verdict}{nod}; status {self.status}; by {self.decided_by}; "
                f"{certainty_text(self.singular, self.certified, self.boundary)}; seed {self.seed})")


def _equation_rank(equations, variables, point):
    """Rank over QQ of the Jacobian of sympy equations at an exact point."""
    import sympy

    subs = {v: sympy.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else sympy.Integer(int(x))
            for v, x in zip(variables, point)}
    rows = []
    for g in equations:
        val = sympy.sympify(g).subs(subs)
        if val != 0:
            raise ParameterError("an equation does not vanish at the point", hint="the point is not on the variety")
        rows.append([_to_frac(sympy.diff(g, v).subs(subs)) for v in variables])
    return _rank(np.array(rows, dtype=object)) if rows else 0


def _to_frac(x):
    import sympy

    x = sympy.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _implicit_equations(net, max_degree, seed):
    """Equations from :func:`algnet.analyses.implicit.implicitize` (imported lazily):
    (sympy expressions, coordinate symbols, complete_up_to_degree), or None when the
    module is absent or refuses the network."""
    try:
        from algnet.analyses.implicit import implicitize
    except ImportError:
        return None
    import sympy

    from algnet.errors import AlgnetError

    try:
        res = implicitize(net, max_degree=max_degree, seed=seed)
    except AlgnetError:
        return None
    syms = [sympy.Symbol(n) for n in res.coordinate_names]
    return res.to_sympy(), syms, res.complete_up_to_degree


@records_dimension
def is_singular(net, f=None, theta=None, equations=None, variables=None, complete: bool = False,
                use_implicit: bool = True, max_degree: int = 4, seed: int = 0, starts: int = 8) -> SingularityResult:
    """Decide whether a point f of the neuromanifold is singular.

    Parameters
    ----------
    net : Network or str
    f : list, optional
        Function-space coordinates (as returned by ``net.coefficients``; one
        list per output, or flat).
    theta : sequence, optional
        An exact preimage (recommended; otherwise one is searched numerically
        and snapped to rationals).
    equations, variables : optional
        Implicit equations (sympy expressions in ``variables``, ordered like
        the flattened coordinates). With ``complete=True`` they generate the
        ideal of the closure, so a rank deficit proves singularity.
    use_implicit : bool
        Ask :mod:`algnet.analyses.implicit` for the equations up to
        ``max_degree`` (when no ``equations`` are given). Their Jacobian
        having rank = codim proves smoothness; a smaller rank proves
        singularity only if the ideal is generated in degree <= max_degree,
        which is not known, so it is then reported together with the
        equation-free tests.
    seed, starts : int

    Returns
    -------
    SingularityResult

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 3-2-3")               # rank <= 2 matrices
    >>> r = is_singular(net, theta=[1, 0, 0, 0, 0, 0,  1, 0, 0, 1, 0, 0])   # a rank-one matrix
    >>> r.singular, r.certified
    (True, True)
    """
    net = parse_spec(net)
    seed = check_seed(seed)
    n = dimension_result(net, seed=seed).dimension
    c = net.ambient_dimension - n
    X, Xn = sample_inputs(net, seed)
    if theta is None:
        if f is None:
            raise ParameterError("give a point: f= (coefficients) or theta= (a preimage)",
                                 hint="theta= is faster and exact")
        theta = _find_preimage(net, f, X, Xn, seed, starts)
    theta = [_q(t) for t in np.asarray(theta, dtype=object).ravel()]
    coords = [_q(v) for row in net.coefficients(theta) for v in row]
    eq_rank, eq_source = None, "given equations"
    if equations is None and use_implicit:
        got = _implicit_equations(net, max_degree, seed)
        if got is not None:
            equations, variables, upto = got
            eq_source = f"implicitize equations (complete up to degree {upto})"
            complete = False
    if equations is not None:
        if variables is None:
            raise ParameterError("equations need their variables", hint="pass variables=[symbols...]")
        eq_rank = _equation_rank(equations, variables, coords)
        if eq_rank == c:
            return SingularityResult(net.spec, False, "smooth", None, None,
                                     f"equations (Jacobian criterion; {eq_source})",
                                     f"the Jacobian of equations vanishing on M has rank {c} = codim at f: "
                                     "f is a smooth point of the closure", True, eq_rank, c, None, seed)
    a = analyze_point(net, theta, dimension=n, seed=seed, X=X, Xn=Xn, starts=starts)
    if eq_rank is not None and complete:
        return SingularityResult(net.spec, True, "boundary" if a.boundary else "singular", a.nodal, a.boundary,
                                 "equations (Jacobian criterion)",
                                 f"the Jacobian of generators of the ideal has rank {eq_rank} < codim {c}: "
                                 "f is singular", True, eq_rank, c, a, seed)
    if eq_rank is not None and not a.certified:
        return SingularityResult(net.spec, True, "boundary" if a.boundary else "singular", a.nodal, a.boundary,
                                 f"equations (Jacobian criterion; {eq_source})",
                                 f"the Jacobian of the known equations has rank {eq_rank} < codim {c}: f is "
                                 "singular if the ideal is generated by them (not proved); equation-free tests: "
                                 + a.proves, False, eq_rank, c, a, seed)
    proves = a.proves
    if eq_rank is not None:
        proves += f"; the known equations agree (Jacobian rank {eq_rank} < codim {c})"
    return SingularityResult(net.spec, a.singular, a.status, a.nodal, a.boundary, a.decided_by, proves,
                             a.certified, eq_rank, c, a, seed)
