"""The result of :func:`algnet.analyses.fibers.identifiability`: the generic fiber of mu against the known
symmetries, its count's status and evidence, and its text, dict and summary forms."""

from __future__ import annotations

from dataclasses import dataclass, field

from algnet.display import RichReprMixin

__all__ = ["IdentifiabilityResult"]


@dataclass(frozen=True)
class IdentifiabilityResult(RichReprMixin):
    """Generic fiber of mu against the known symmetries (:func:`identifiability`).

    Examples
    --------
    >>> from algnet.analyses.fibers import identifiability
    >>> r = identifiability("linear 2-1-2", seed=0, method="none")   # the fiber: the scaling (a, b) -> (ta, b/t)
    >>> r.fiber_dimension, r.symmetry_dimension, r.identifiable_up_to_dimension
    (1, 1, True)

    Attributes
    ----------
    spec : str
    parameters : int
    dimension : int
        dim M.
    fiber_dimension : int
        N - dim M.
    symmetry_dimension : int
        Dimension of the known continuous symmetry orbits.
    identifiable_up_to_dimension : bool
        fiber_dimension == symmetry_dimension.
    dimension_certified : bool
    finite_symmetry_order : int or None
        Order of the known finite symmetry group.
    fiber_count : int or None
        Orbits of the continuous symmetries in the generic fiber: the points of the gauge-fixed fiber divided
        by ``points_per_orbit``.
    count_method : str
    count_certified : bool
        The count of the fiber over mu(theta_0) is exact (Groebner over QQ) rather than a lower bound
        (Newton). That theta_0 is generic, so that it is the generic fiber's count, is not proved (a
        special point can lose fiber points at infinity): the ``evidence`` is then not certified.
    only_known_symmetries : bool or None
        fiber_count == finite_symmetry_order (and identifiable up to dimension).
    gauge : tuple of int
        Pinned coordinates.
    points : tuple
        Exact gauge-fixed fiber points found (Newton) or () (Groebner).
    reason : str
    seed : int
    modular_count : int or None
        The count of a Groebner basis over a prime field when it settled a monodromy count ("exact mod p").
    modular_primes : tuple of int
        The primes whose counts agreed on ``modular_count`` (a second one only when the first basis was cheap).
    rule_complete : bool
        The monodromy search ended by its own stopping rule where the trace test says nothing (one image point),
        and the check of its count by a Groebner basis over a prime field did not finish within the budget: the
        count is numerical (complete by the stopping rule), not partial, and says the check was not finished.
    points_per_orbit : int
        Points of one orbit on the gauge slice (1 but for a torus with no weight +-1 on any coordinate:
        :func:`~algnet.analyses.fibers_torus.torus_gauge`); 0 when not known (then ``fiber_count`` counts points
        of the slice, and ``only_known_symmetries`` is None).
    """

    spec: str
    parameters: int
    dimension: int
    fiber_dimension: int
    symmetry_dimension: int
    identifiable_up_to_dimension: bool
    dimension_certified: bool
    finite_symmetry_order: int | None
    fiber_count: int | None
    count_method: str
    count_certified: bool
    only_known_symmetries: bool | None
    gauge: tuple
    points: tuple
    reason: str
    seed: int
    seconds: float = field(default=0.0, compare=False)
    partial: bool = False
    depends_on: tuple = field(default=(), repr=False)
    trace_test_passed: bool | None = None
    certified_points: int | None = None
    modular_count: int | None = None
    modular_primes: tuple = ()
    points_per_orbit: int = 1
    numerical_orbits: bool = False
    rule_complete: bool = False

    @property
    def count_status(self) -> str:
        """"exact" (Groebner over QQ), "exact mod p" (a monodromy count settled by a Groebner basis over a prime
        field, :func:`~algnet.analyses.fibers_groebner.modular_groebner_count`), "numerical" (monodromy complete
        by its trace test, or with one image point by its stopping rule when the check mod p did not finish:
        ``rule_complete``), "upper bound" (a complete count of gauge slice points -- over QQ, mod p or by the trace
        test -- divided by the points per orbit that loops of the pinned values found: a loop that misses a join
        splits an orbit), "lower bound", or
        "-"."""
        if self.fiber_count is None:
            return "-"
        if self.count_certified:
            return "exact"
        if self.numerical_orbits and not self.partial:
            return "upper bound"
        if self.modular_count is not None and self.modular_count == self.fiber_count and not self.partial:
            return "exact mod p"
        if (self.trace_test_passed or self.rule_complete) and not self.partial:
            return "numerical"
        return "lower bound"

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record: certified when the fiber dimension rests on a
        certified dimension and nothing is counted; a count is of the fiber over mu(theta_0), exact at best,
        and generic only with probability 1 in the choice of theta_0 (not proved: not certified). The
        dimension's evidence is in ``depends_on``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> from algnet.analyses.fibers import identifiability
        >>> r = identifiability(parse_spec("dense 2-2-2 r=2"), seed=0)
        >>> r.count_status, r.evidence.certified, "over mu(theta_0)" in r.evidence.proves
        ('exact', False, True)
        """
        from algnet.evidence import Evidence

        counted = self.fiber_count is not None
        proves = f"generic fiber dimension {self.fiber_dimension}, known symmetries {self.symmetry_dimension}"
        if counted:
            proves += f"; {self.fiber_count} point(s) of the gauge-fixed fiber" + {
                "exact": (" over mu(theta_0) (exact count, Groebner basis over QQ; that a random theta_0 is "
                          "generic, so that this is the generic fiber's count, holds with probability 1 over the "
                          "seed, no bound computed: not proved)"),
                "numerical": (" (complete by the monodromy stopping rule -- the trace test says nothing with one "
                              "image point -- and not checked: the Groebner basis over GF(p) did not finish in the "
                              "budget; numerical evidence, not a proof; "
                              f"{self.certified_points} certified by Krawczyk's test)" if self.rule_complete else
                              " (complete by the trace test: numerical evidence, not a proof; "
                              f"{self.certified_points} certified by Krawczyk's test)"),
                "upper bound": (f" at most (the {self.fiber_count * self.points_per_orbit} points of the gauge slice "
                                f"{self._slice_counted()}, at least "
                                f"{self.points_per_orbit} per orbit by loops of the pinned values: numerical "
                                "evidence, not a proof)"),
                "exact mod p": (f" (counted by Groebner bases over GF(p), p in {list(self.modular_primes)}: exact "
                                "unless the primes are among finitely many unlucky ones, not a proof; "
                                f"{self.certified_points} certified by Krawczyk's test)"),
            }.get(self.count_status, " (a lower bound)")
        method = "fiber dimension N - dim M" + (f"; count: {self.count_method}" if counted else "")
        if self.partial:
            proves += f"; interrupted: {self._stopped_count()}"
        return Evidence.combine(method, self.depends_on, certified=not counted,
                                proves=proves, probability_bound=None, seed=self.seed, seconds=self.seconds,
                                partial=self.partial)

    def _slice_counted(self) -> str:
        """How the slice points of an "upper bound" orbit count were counted: over QQ, mod p, or by the trace test."""
        if self.modular_count is not None and self.modular_count == self.fiber_count:
            return (f"counted by Groebner bases over GF(p), p in {list(self.modular_primes)} (exact unless the primes "
                    "are among finitely many unlucky ones)")
        if self.trace_test_passed:
            return f"complete by the trace test ({self.certified_points} certified by Krawczyk's test)"
        return "counted exactly by a Groebner basis over QQ"

    def _stopped_count(self) -> str:
        """What stopped early, named after the count that ran (Groebner, monodromy or Newton)."""
        if self.count_method.startswith("groebner"):
            return "the Groebner basis did not finish (no count)"
        if self.count_method.startswith("none"):
            return self.count_method.split(": ", 1)[-1] + " (no count)"
        if self.count_method.startswith("monodromy"):
            return "the monodromy count stopped early"
        return "the Newton count stopped early"

    def __repr__(self):
        cnt = "not counted" if self.fiber_count is None else (
            f"{self.fiber_count} {self._counted()} ({self.count_method}, {self.count_status})")
        return (f"IdentifiabilityResult({self.spec!r}: fiber dim {self.fiber_dimension}, symmetry dim "
                f"{self.symmetry_dimension}, identifiable up to dimension: {self.identifiable_up_to_dimension}; "
                f"{cnt}; known finite symmetries {self.finite_symmetry_order}; seed {self.seed})")

    def as_dict(self) -> dict:
        return {
            "spec": self.spec, "parameters": self.parameters, "dimension": self.dimension,
            "fiber_dimension": self.fiber_dimension, "symmetry_dimension": self.symmetry_dimension,
            "identifiable_up_to_dimension": self.identifiable_up_to_dimension,
            "dimension_certified": self.dimension_certified,
            "finite_symmetry_order": self.finite_symmetry_order, "fiber_count": self.fiber_count,
            "count_method": self.count_method, "count_certified": self.count_certified,
            "only_known_symmetries": self.only_known_symmetries, "gauge": list(self.gauge),
            "points": [[str(v) for v in p] for p in self.points], "reason": self.reason, "seed": self.seed,
            "seconds": round(self.seconds, 3), "partial": self.partial, "evidence": self.evidence.as_dict(),
            "count_status": self.count_status, "trace_test_passed": self.trace_test_passed,
            "certified_points": self.certified_points, "modular_count": self.modular_count,
            "modular_primes": list(self.modular_primes), "points_per_orbit": self.points_per_orbit,
            "rule_complete": self.rule_complete,
        }

    def _counted(self) -> str:
        """What ``fiber_count`` counts: orbits of the continuous symmetries, or (``points_per_orbit`` 0) points of
        the gauge slice, which one orbit may meet several times."""
        return ("point(s) mod continuous symmetries" if self.points_per_orbit else
                "point(s) of the gauge slice (one orbit may meet it several times: not an orbit count)")

    def summary(self) -> str:
        lines = [
            f"spec                  {self.spec}",
            f"parameters            {self.parameters}",
            f"dimension of M        {self.dimension}" + ("" if self.dimension_certified else " (probabilistic)"),
            f"generic fiber dim     {self.fiber_dimension}",
            f"known symmetry dim    {self.symmetry_dimension}",
            f"identifiable up to dimension: {'yes' if self.identifiable_up_to_dimension else 'no'}",
            ("fiber points mod continuous symmetries: " if self.points_per_orbit else
             "points of the gauge slice (not an orbit count): ")
            + ("-" if self.fiber_count is None else f"{self.fiber_count} ({self.count_method}, "
               + self.count_status + ")"),
            f"known finite symmetries: {self.finite_symmetry_order}",
            f"only known symmetries: {self.only_known_symmetries}",
            f"reason: {self.reason}",
            f"evidence: {self._evidence_line()}; seed {self.seed}",
        ]
        return "\n".join(lines)

    def _evidence_line(self) -> str:
        """What the evidence proves, in one phrase: an exact count is exact at mu(theta_0), and generic only with
        probability 1 over the random theta_0 (no bound is derived for it: the special points where a fiber loses
        points have no known degree); other counts and a partial result say their status.

        Examples
        --------
        >>> from algnet.analyses.fibers import identifiability
        >>> identifiability("dense 2-2-1 r=3", seed=0)._evidence_line()
        'exact at mu(theta_0) (Groebner basis over QQ); generic with probability 1 over the seed, no bound computed'
        """
        if self.partial or self.count_status != "exact":
            return self.evidence.status
        return ("exact at mu(theta_0) (Groebner basis over QQ); generic with probability 1 over the seed, no bound "
                "computed" + ("" if self.dimension_certified else "; dim M probabilistic"))
