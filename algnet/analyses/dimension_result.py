"""The result of :func:`algnet.analyses.dimension.dimension`: the dimension of a neuromanifold and what was proved.

Examples
--------
>>> from algnet.analyses.dimension import dimension
>>> res = dimension("linear 2-1-2", seed=0)
>>> isinstance(res, DimensionResult), res.as_dict()["certified"], res.evidence.proves
(True, True, 'dim M = 3')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from algnet.display import RichReprMixin

__all__ = ["DimensionResult"]


@dataclass(frozen=True)
class DimensionResult(RichReprMixin):
    """Dimension of a neuromanifold, with what was proved.

    Examples
    --------
    >>> from algnet.analyses.dimension import dimension
    >>> r = dimension("linear 2-1-2", seed=0)         # 2 x 2 matrices of rank <= 1: 4 - 1 = 3
    >>> r.dimension, r.fiber_dimension, r.upper_bound, r.certified, r.evidence.proves
    (3, 1, 3, True, 'dim M = 3')

    Attributes
    ----------
    spec : str
    dimension : int
        The computed dimension (a proved lower bound; exact when ``certified``).
    ambient : int
        Dimension of the function space (outputs x monomials).
    parameters : int
        Number of parameters N.
    expected : int or None
        Expected dimension from the family's theorem, if any.
    expected_source : str or None
    fiber_dimension : int
        N - dimension (generic fiber dimension of mu).
    symmetry_dimension : int or None
        Rank of the known symmetry group's orbit tangents at the sample point
        (None when not computed: the rank met the ambient dimension of a
        network with more than ``SKIP_TANGENTS_ABOVE`` parameters).
    upper_bound : int
        min(ambient, N - symmetry_dimension): proved upper bound.
    defect : int or None
        expected - dimension.
    pivots : tuple of int
        Pivot parameter columns: a maximal set of parameters whose directions
        are independent (witness of the lower bound).
    certified : bool
    reason : str
    probability_bound : float
        Upper bound on the probability that the dimension is larger than
        reported (0.0 when certified).
    method, primes, seed, rows, seconds
    upper_bound_source : str
        Which proved upper bound ``upper_bound`` comes from: the ambient
        dimension, the known symmetry orbits, a flattening, or proved
        kernel fields (hidden symmetries); see :mod:`algnet.analyses.bounds`.
    hidden_symmetries : tuple of str
        Formulas of proved kernel fields of the Jacobian beyond the known
        symmetries (when that route was used).
    depends_on : tuple of Evidence
        Evidence of the smaller networks' dimensions the proved upper bound
        uses (each names its network in ``subject``); also in ``evidence``.
    """

    spec: str
    dimension: int
    ambient: int
    parameters: int
    expected: int | None
    expected_source: str | None
    fiber_dimension: int
    symmetry_dimension: int | None
    upper_bound: int
    defect: int | None
    pivots: tuple
    certified: bool
    reason: str
    probability_bound: float
    method: str
    primes: tuple
    seed: int
    rows: int
    seconds: float = field(compare=False)
    upper_bound_source: str = "ambient dimension / known symmetry orbits"
    hidden_symmetries: tuple = ()
    partial: bool = False
    depends_on: tuple = field(default=(), repr=False)

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result."""
        from algnet.evidence import Evidence

        proves = (f"dim M = {self.dimension}" if self.certified
                  else f"{self.dimension} <= dim M <= {self.upper_bound}")
        return Evidence(method=self.method, certified=self.certified, proves=proves,
                        probability_bound=self.probability_bound, primes=self.primes, seed=self.seed,
                        seconds=self.seconds, partial=self.partial, depends_on=self.depends_on)

    @property
    def identifiable_up_to_symmetry(self) -> bool:
        """Generic fibers have the dimension of the known symmetry orbits."""
        return self.fiber_dimension == self.symmetry_dimension

    def as_dict(self) -> dict:
        """JSON-ready dictionary (the keys of ``algnet dim --json``)."""
        return {
            "spec": self.spec,
            "dimension": self.dimension,
            "ambient": self.ambient,
            "parameters": self.parameters,
            "expected": self.expected,
            "expected_source": self.expected_source,
            "fiber_dimension": self.fiber_dimension,
            "symmetry_dimension": self.symmetry_dimension,
            "upper_bound": self.upper_bound,
            "defect": self.defect,
            "certified": self.certified,
            "reason": self.reason,
            "probability_bound": self.probability_bound,
            "method": self.method,
            "seed": self.seed,
            "primes": list(self.primes),
            "rows": self.rows,
            "upper_bound_source": self.upper_bound_source,
            "hidden_symmetries": list(self.hidden_symmetries),
            "pivots": list(self.pivots),
            "seconds": round(self.seconds, 4),
            "evidence": self.evidence.as_dict(),
        }

    def __repr__(self):
        cert = "certified" if self.certified else f"probabilistic (P[wrong] <= {self.probability_bound:.1e})"
        exp = "" if self.expected is None else f", expected {self.expected}"
        return (f"DimensionResult({self.spec!r}: dim {self.dimension} of ambient {self.ambient}, "
                f"{self.parameters} params, fiber {self.fiber_dimension}{exp}; {cert}; "
                f"{self.method}, primes {list(self.primes)}, seed {self.seed})")

    def summary(self) -> str:
        """Several readable lines."""
        if self.partial:
            return "\n".join([f"dimension >= {self.dimension} (interrupted; lower bound)",
                              f"spec            {self.spec}", f"upper bound     {self.upper_bound}",
                              f"reason          {self.reason}",
                              f"method          {self.method}; primes {list(self.primes)}; seed {self.seed}; "
                              f"{self.seconds:.2f} s"])
        lines = [
            f"spec            {self.spec}",
            f"dimension       {self.dimension}" + ("" if self.expected is None else f"   (expected {self.expected}"
                                                   + ("" if not self.defect else f", defect {self.defect}") + ")"),
            f"ambient         {self.ambient}",
            f"parameters      {self.parameters}",
            f"fiber dimension {self.fiber_dimension}   (known symmetries: {self.symmetry_dimension})",
            f"certified       {'yes' if self.certified else 'no'}: {self.reason}",
            f"upper bound     {self.upper_bound} ({self.upper_bound_source})",
            f"method          {self.method}; primes {list(self.primes)}; seed {self.seed}; {self.seconds:.2f} s",
        ]
        for h in self.hidden_symmetries:
            lines.append(f"hidden symmetry {h}")
        return "\n".join(lines)
