"""The result of :func:`algnet.analyses.hilbert.hilbert_function`."""

from __future__ import annotations

from dataclasses import dataclass, field

from algnet.display import RichReprMixin

#: what the probability bound of a rank mod p covers: the draw of the random points for the prime used. A prime
#: at which the rank over the rationals drops for every point (a bad prime: it divides every maximal minor) is not
#: covered; the ranks mod p stay lower bounds there, but the bound says nothing about them being exact.
BOUND_COVERS = ("over the random points, when the prime used is not a bad one (a prime dividing every maximal "
                "minor lowers the rank at every point: the bound does not cover it)")

__all__ = ["HilbertResult"]


@dataclass(frozen=True)
class HilbertResult(RichReprMixin):
    """Hilbert function H(0..D) of the coordinate ring of M (homogeneous
    coordinate ring for cones, the degree-filtered affine ring otherwise).

    Attributes
    ----------
    values : tuple[int]
        H(0), ..., H(D).
    stabilized : bool
        The numerator of the Hilbert series visibly became a polynomial
        (``evidence`` vanishing coefficients) and the dimension it gives agrees
        with the Jacobian rank of the network. A heuristic judgement.
    dimension, degree : int or None
        Dimension of M (affine cone dimension for cones) and degree of its
        (projective closure), from the Hilbert polynomial when stabilized.
    polynomial : tuple[Fraction]
        Hilbert polynomial coefficients in e, constant first (empty if not stabilized).
    numerator : tuple[int]
        Q(t) with H(t) = Q(t)/(1-t)^k.
    stabilization : str
        Why the Hilbert polynomial was (or was not) declared: the vanishing
        numerator coefficients seen, the dimension check.
    evidence : Evidence
        The evidence record (property): ranks mod p are lower bounds; the
        dimension used is kept in ``depends_on``.

    Examples
    --------
    The 3x3 matrices of rank <= 1 are the cone over the Segre variety
    P^2 x P^2, with H(e) = C(e + 2, 2)^2, dimension 5 and degree C(4, 2) = 6:

    >>> from algnet import parse_spec
    >>> from algnet.analyses.hilbert import hilbert_function
    >>> h = hilbert_function(parse_spec("linear 3-1-3"), up_to=4, seed=0)
    >>> h.values, h.up_to
    ((1, 9, 36, 100, 225), 4)
    >>> h.polynomial_string()                  # ((e + 1)(e + 2)/2)^2 expanded
    '1/4*e^4 + 3/2*e^3 + 13/4*e^2 + 3*e + 1'
    >>> h.evidence.certified, h.as_dict()["degree"]
    (False, 6)
    """

    spec: str
    values: tuple
    homogeneous: bool
    stabilized: bool
    dimension: int | None
    degree: int | None
    polynomial: tuple
    numerator: tuple
    stabilization: str
    jacobian_dimension: int
    ambient: int
    grading: str
    pieces: tuple
    method: str
    primes: tuple
    seed: int | None
    probability_bound: float
    partial: bool = False
    seconds: float = field(default=0.0, compare=False)
    depends_on: tuple = field(default=(), repr=False)
    ideal_zero: bool = False        # dim M = number of coordinates (proved): H(e) counts all monomials, exactly
    exact_check: str = ""           # which graded pieces below full rank were also ranked over QQ (no bad prime)
    stopped: str = ""               # why a partial run stopped (the time limit, the size limits), when it says

    @property
    def covers(self) -> str:
        """What the probability bound covers: the random points; a bad prime too when every graded piece below
        full rank was also ranked over QQ (:attr:`exact_check`)."""
        if self.exact_check:
            return f"over the random points; {self.exact_check}"
        return BOUND_COVERS

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result."""
        from algnet.evidence import Evidence

        if self.ideal_zero and not self.partial:
            return Evidence.combine(self.method, self.depends_on, certified=True, proves=(
                f"H(e) = {list(self.values)} for e = 0..{self.up_to} exactly: dim M = {self.ambient} coordinates "
                f"(proved Jacobian rank), so the ideal of M is zero; Hilbert polynomial exact: dimension "
                f"{self.dimension}, degree {self.degree}"), probability_bound=0.0, primes=self.primes,
                seed=self.seed, seconds=self.seconds, partial=self.partial)
        proves = (f"H(e) >= {list(self.values)} for e = 0..{self.up_to} (ranks mod p are lower bounds; exact "
                  f"with probability >= 1 - {self.probability_bound:.1e} {self.covers})")
        if self.stabilized:
            proves += (f"; Hilbert polynomial (heuristic: no regularity bound) gives dimension {self.dimension}, "
                       f"degree {self.degree}")
        return Evidence.combine(self.method, self.depends_on, certified=False, proves=proves,
                                probability_bound=self.probability_bound, primes=self.primes, seed=self.seed,
                                seconds=self.seconds, partial=self.partial)

    @property
    def up_to(self) -> int:
        return len(self.values) - 1

    def polynomial_string(self, var: str = "e") -> str:
        """The Hilbert polynomial as text, e.g. ``'1/12*e^4 + 7/12*e^3 + ...'``."""
        if not self.polynomial:
            return "(not determined)"
        terms = []
        for j in range(len(self.polynomial) - 1, -1, -1):
            c = self.polynomial[j]
            if c == 0:
                continue
            mon = "" if j == 0 else (var if j == 1 else f"{var}^{j}")
            cs = str(abs(c))
            body = cs if not mon else (mon if abs(c) == 1 else f"{cs}*{mon}")
            terms.append(("- " if c < 0 else "+ ") + body)
        s = " ".join(terms)
        return s[2:] if s.startswith("+ ") else "-" + s[2:]

    def as_dict(self) -> dict:
        return {
            "spec": self.spec, "values": list(self.values), "homogeneous": self.homogeneous,
            "stabilized": self.stabilized, "dimension": self.dimension, "degree": self.degree,
            "polynomial": [str(c) for c in self.polynomial], "numerator": list(self.numerator),
            "stabilization": self.stabilization, "jacobian_dimension": self.jacobian_dimension, "ambient": self.ambient,
            "grading": self.grading, "method": self.method, "primes": list(self.primes), "seed": self.seed,
            "probability_bound": self.probability_bound, "partial": self.partial,
            "seconds": round(self.seconds, 4), "exact_check": self.exact_check, "stopped": self.stopped,
            "evidence": self.evidence.as_dict(),
        }

    def __repr__(self):
        head = f"HilbertResult({self.spec!r}: H = {list(self.values)}"
        if self.stabilized:
            head += f"; Hilbert polynomial {self.polynomial_string()}, dim {self.dimension}, degree {self.degree}"
        else:
            head += "; Hilbert polynomial not determined"
        return (head + f"; {self.stabilization}; ranks mod p (lower bounds, exact with probability >= "
                f"1 - {self.probability_bound:.1e} {self.covers}), primes {list(self.primes)}, seed {self.seed}"
                + ((f", PARTIAL ({self.stopped})" if self.stopped else ", PARTIAL") if self.partial else "") + ")")
