"""The equations (:class:`Generator`) and the result of :func:`algnet.analyses.implicit.implicitize`."""

from __future__ import annotations

from dataclasses import dataclass, field

from algnet.display import RichReprMixin

__all__ = ["Generator", "ImplicitResult"]


@dataclass(frozen=True)
class Generator:
    """One equation: integer coefficients on monomials of the coordinates.

    ``terms`` is a tuple of ``(monomial, coefficient)`` with ``monomial`` a
    tuple of ``(coordinate index, exponent)`` pairs (the constant is ``()``).

    Examples
    --------
    >>> g = Generator(2, ((((0, 1), (1, 1)), 1), (((2, 2),), -3)))     # x y - 3 z^2
    >>> g.to_string("xyz"), g.evaluate([2, 3, 1])
    ('x*y - 3*z^2', 3)
    """

    degree: int
    terms: tuple
    weight: tuple = ()

    def to_string(self, names, times: str = "*", power: str = "{}^{}") -> str:
        """The polynomial in the given coordinate names (``*``, ``^``, ``+``, ``-`` by default).

        ``times`` joins the factors and the coefficient; ``power.format(name, exponent)`` writes a power.

        Examples
        --------
        >>> g = Generator(2, ((((0, 1), (1, 1)), 1), (((2, 2),), -3)))
        >>> g.to_string(["a", "b", "c"]), g.to_string(["a", "b", "c"], times=" ", power="{{{}}}^{{{}}}")
        ('a*b - 3*c^2', 'a b - 3 {c}^{2}')
        """
        out = []
        for mono, c in self.terms:
            m = times.join(names[v] if a == 1 else power.format(names[v], a) for v, a in mono)
            a = abs(c)
            body = m if (m and a == 1) else (f"{a}{times}{m}" if m else str(a))
            out.append(("- " if c < 0 else "+ ") + body)
        s = " ".join(out)
        return s[2:] if s.startswith("+ ") else "-" + s[2:]

    def evaluate(self, point) -> object:
        """Exact value at a point (sequence of ints/Fractions indexed by coordinate).

        Examples
        --------
        >>> from fractions import Fraction
        >>> Generator(2, ((((0, 1), (1, 1)), 1), (((2, 2),), -3))).evaluate([Fraction(1, 2), 6, 1])
        Fraction(0, 1)
        """
        total = 0
        for mono, c in self.terms:
            t = c
            for v, a in mono:
                t = t * point[v] ** a
            total += t
        return total


@dataclass(frozen=True)
class ImplicitResult(RichReprMixin):
    """Equations of the neuromanifold's closure up to ``max_degree``.

    Examples
    --------
    >>> from algnet.analyses.implicit import implicitize
    >>> res = implicitize("linear 2-1-2", max_degree=2, seed=0)      # rank <= 1: the determinant
    >>> res.equations(), res.generator_degrees, res.cuts_out
    (['a[0,0]*a[1,1] - a[0,1]*a[1,0]'], (2,), True)

    Attributes
    ----------
    generators : tuple[Generator]
        Minimal generators, by degree (homogeneous for cones).
    hilbert_function : tuple[int]
        H(0..complete_up_to_degree) (and the partial degree if interrupted).
    new_per_degree : tuple[int]
        Number of new generators in each degree.
    complete_up_to_degree : int
        The generators (with their multiples) span I(M) in every degree up to this one.
    verified : bool
        Every generator vanishes exactly at ``verify_points`` fresh random rational points of M.
    certified : bool
        Every generator was also proved to vanish on M: its composition with
        the parametrization, expanded symbolically (flint), is zero. Done when
        the expansion is small (``certify="auto"``) or asked for.
    cuts_out : bool or None
        The equations' Jacobian at a point of M has rank ambient - dim M, so
        M is a component of the variety they define (set-theoretically equal near that point).
    claims : str
        What is proved and what holds with high probability, with the bounds.
    evidence : Evidence
        The evidence record (property); the dimension used is kept in ``depends_on``.
    """

    spec: str
    coordinate_names: tuple
    max_degree: int
    generators: tuple
    hilbert_function: tuple
    new_per_degree: tuple
    complete_up_to_degree: int
    homogeneous: bool
    verified: bool
    certified: bool
    verify_points: int
    false_pass_bound: float
    dimension: int
    ambient: int
    jacobian_rank: int
    cuts_out: bool | None
    hilbert_dimension: int | None
    hilbert_degree: int | None
    hilbert_evidence: str
    grading: str
    primes: tuple
    seed: int | None
    method: str
    claims: str
    partial: bool = False
    seconds: float = field(default=0.0, compare=False)
    depends_on: tuple = field(default=(), repr=False)

    # --------------------------------------------------------------- access
    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result.

        Certified when every equation was proved to vanish on M (symbolic
        composition) and the dimension used is certified; otherwise the
        probability bound is that of a false pass of the exact checks.
        Completeness up to ``complete_up_to_degree`` rests on the grading,
        found at random points (see ``claims``).
        """
        from algnet.evidence import Evidence

        n = len(self.generators)
        if self.certified:
            proves = f"the {n} equations vanish on M (each composed with the parametrization expands to zero)"
        else:
            proves = (f"the {n} equations vanish at {self.verify_points} exact random points of M each "
                      f"(a false pass has probability <= {self.false_pass_bound:.1e})")
        proves += f"; they generate I(M) up to degree {self.complete_up_to_degree} (given the grading)"
        if self.partial and self.complete_up_to_degree < self.max_degree:
            proves += f"; degrees {self.complete_up_to_degree + 1}..{self.max_degree} not finished"
        elif self.partial:
            proves += "; interrupted before the symbolic proof finished"
        return Evidence.combine(self.method, self.depends_on, certified=self.certified and not self.partial,
                                proves=proves, probability_bound=None if self.certified else self.false_pass_bound,
                                primes=self.primes, seed=self.seed, seconds=self.seconds, partial=self.partial)

    @property
    def generator_degrees(self) -> tuple:
        return tuple(g.degree for g in self.generators)

    def equations(self) -> list[str]:
        """The generators as strings in the documented coordinate names."""
        return [g.to_string(self.coordinate_names) for g in self.generators]

    def __len__(self):
        return len(self.generators)

    def __repr__(self):
        degs = {}
        for d in self.generator_degrees:
            degs[d] = degs.get(d, 0) + 1
        gen = ", ".join(f"{n} of degree {d}" for d, n in sorted(degs.items())) or "none"
        return (f"ImplicitResult({self.spec!r}: generators {gen}; complete up to degree "
                f"{self.complete_up_to_degree}; H = {list(self.hilbert_function)}; dim {self.dimension} of "
                f"{self.ambient}; cuts out M near a generic point: {self.cuts_out}; verified exactly at "
                f"{self.verify_points} points each (false pass <= {self.false_pass_bound:.1e})"
                f"{'; proved symbolically' if self.certified and self.generators else ''}; primes "
                f"{list(self.primes)}, seed {self.seed}" + (", PARTIAL" if self.partial else "") + ")")

    # -------------------------------------------------------------- exports
    def to_sympy(self):
        """List of sympy expressions in symbols named by the coordinates."""
        from algnet.analyses.export import to_sympy

        return to_sympy(self)

    def to_macaulay2(self) -> str:
        """A Macaulay2 script defining the ring and the ideal ``I``."""
        from algnet.analyses.export import to_macaulay2

        return to_macaulay2(self)

    def to_singular(self) -> str:
        """A Singular script defining the ring and the ideal ``I``."""
        from algnet.analyses.export import to_singular

        return to_singular(self)

    def to_latex(self) -> str:
        """The equations as a LaTeX ``align*`` environment."""
        from algnet.analyses.export import to_latex

        return to_latex(self)

    def to_text(self) -> str:
        """A readable report with the equations."""
        from algnet.analyses.export import to_text

        return to_text(self)

    def as_dict(self) -> dict:
        """JSON-ready dictionary (see the ``--format json`` keys)."""
        from algnet.analyses.export import to_json_dict

        return to_json_dict(self)
