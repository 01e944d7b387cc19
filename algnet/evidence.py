"""The evidence record: what a result proves, with the same field names everywhere.

Every result object of algnet carries one :class:`Evidence` (attribute
``evidence``): the method that produced it, whether it is *certified*
(proved) and what exactly it proves, the probability bound when it is not
certified, the primes and the seed actually used, the time taken, and
whether the computation was interrupted (``partial``: the value is then a
bound, never the answer).

A result that depends on another one (a degree on a dimension, equations on
a dimension) keeps the evidence of what it used in ``depends_on`` instead of
a bare number, so a probabilistic dimension stays visible in the degree
computed from it. A record about another network (e.g. the certified
dimension of a smaller network whose defect proves a bound) names that
network's spec in ``subject``.

Examples
--------
>>> ev = Evidence(method="jacobian rank mod p", certified=False,
...               proves="dim M >= 5 (modular rank at an integer point)",
...               probability_bound=8.7e-15, primes=(268435399,), seed=0, seconds=0.03)
>>> ev.status
'probabilistic (P[wrong] <= 8.7e-15)'
>>> sorted(ev.as_dict())[:4]
['certified', 'depends_on', 'method', 'partial']
>>> Evidence.combine("degree by monodromy", [ev], certified=True, proves="deg M = 6").certified
False
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = ["Evidence", "EVIDENCE_KEYS"]

#: The JSON keys of an evidence record, in order (``Evidence.as_dict``).
EVIDENCE_KEYS = ("method", "certified", "proves", "probability_bound", "primes", "seed", "seconds", "partial",
                 "depends_on", "subject")


@dataclass(frozen=True)
class Evidence:
    """What a result proves.

    Attributes
    ----------
    method : str
        How the value was obtained (names the algorithm, not the code).
    certified : bool
        The value is proved (exact arithmetic, a matching upper bound, a
        certificate in ball arithmetic, a theorem whose hypotheses were checked).
    proves : str
        One sentence: the statement that holds for sure (e.g. "dim M >= 5";
        "dim M = 5 (lower bound meets the upper bound from equations)").
    probability_bound : float or None
        When not certified: an upper bound on the probability that the value
        is wrong (``None`` when no such bound is known, e.g. a numerical
        trace test). 0.0 when certified.
    primes : tuple of int
        The primes actually used (empty when none).
    seed : int or None
        The seed actually used (drawn and recorded when the caller gave none).
    seconds : float
        Wall time (excluded from comparisons).
    partial : bool
        The computation was interrupted or capped: the value is a bound.
    depends_on : tuple of Evidence
        Evidence of the results this one was computed from.
    subject : str or None
        The spec of the network this record is about when it is not the
        result's own network (a record in another one's ``depends_on``, e.g. a
        smaller network whose certified dimension proves a bound); None for
        the result's own network.

    Examples
    --------
    >>> exact = Evidence(method="rank over Q", certified=True, proves="dim M = 3")
    >>> exact.probability_bound, exact.status                  # certified: no chance of error
    (0.0, 'certified')
    >>> mod_p = Evidence(method="rank mod p", certified=False, proves="dim M >= 3",
    ...                  probability_bound=1e-9, primes=(2147483647,), seed=7)
    >>> both = Evidence.combine("degree from dimension", [exact, mod_p], certified=True,
    ...                         probability_bound=1e-9)
    >>> both.certified, both.probability_bound                 # union bound: 1e-9 + 0 + 1e-9
    (False, 2e-09)
    >>> mod_p.with_(partial=True).status
    'partial (a bound, not the answer)'
    >>> piece = Evidence(method="rank mod p", certified=True, proves="dim M = 19", subject="dense 3-5-2 r=3")
    >>> Evidence(method="rank mod p", certified=True, proves="dim M = 22",
    ...          depends_on=(piece,)).as_dict()["depends_on"][0]["subject"]
    'dense 3-5-2 r=3'
    """

    method: str
    certified: bool
    proves: str = ""
    probability_bound: float | None = None
    primes: tuple = ()
    seed: int | None = None
    seconds: float = field(default=0.0, compare=False)
    partial: bool = False
    depends_on: tuple = ()
    subject: str | None = None

    def __post_init__(self):
        if self.certified and self.partial:     # a partial value is a bound: it cannot be the proved answer
            from algnet.errors import ParameterError

            raise ParameterError(f"evidence of {self.method!r} says certified and partial: a partial (interrupted "
                                 "or capped) result is a bound, never the proved answer",
                                 hint="build it with certified=False when partial=True (Evidence.with_(partial=True) "
                                      "and Evidence.combine do that)")
        object.__setattr__(self, "primes", tuple(int(p) for p in self.primes))
        object.__setattr__(self, "depends_on", tuple(self.depends_on))
        if self.certified and not self.partial and self.probability_bound is None:
            object.__setattr__(self, "probability_bound", 0.0)

    @property
    def status(self) -> str:
        """One phrase: ``certified``, ``partial (a bound)``, or the probability bound."""
        if self.partial:
            return "partial (a bound, not the answer)"
        if self.certified:
            return "certified"
        if self.probability_bound is None:
            return "numerical (no probability bound)"
        return f"probabilistic (P[wrong] <= {self.probability_bound:.1e})"

    def as_dict(self) -> dict:
        """JSON-ready dictionary with the keys :data:`EVIDENCE_KEYS`."""
        return {
            "method": self.method,
            "certified": bool(self.certified),
            "proves": self.proves,
            "probability_bound": self.probability_bound,
            "primes": list(self.primes),
            "seed": self.seed,
            "seconds": round(float(self.seconds), 4),
            "partial": bool(self.partial),
            "depends_on": [d.as_dict() for d in self.depends_on],
            "subject": self.subject,
        }

    def with_(self, **changes) -> "Evidence":
        """A copy with some fields changed; ``partial=True`` also makes it not certified (a bound is not proved to
        be the answer) unless ``certified`` is given too.

        Examples
        --------
        >>> ev = Evidence(method="rank over Q", certified=True, proves="dim M = 3")
        >>> ev.with_(partial=True).certified, ev.with_(seconds=2.0).certified
        (False, True)
        """
        if changes.get("partial") and "certified" not in changes:
            changes["certified"] = False
            if "probability_bound" not in changes and self.certified:
                changes["probability_bound"] = None
        return replace(self, **changes)

    @classmethod
    def combine(cls, method: str, inputs, *, certified: bool, proves: str = "", **fields) -> "Evidence":
        """Evidence of a result computed from ``inputs`` (a sequence of Evidence).

        It is certified only when its own step is and every input is, and none is
        partial; it is partial when any input is (or ``partial=True``);
        probability bounds add up (union bound).

        Examples
        --------
        >>> ev = Evidence.combine("Hilbert function", [], certified=True, proves="H(2) = 6", partial=True)
        >>> ev.certified, ev.partial, ev.status
        (False, True, 'partial (a bound, not the answer)')
        """
        inputs = tuple(inputs)
        own = fields.pop("probability_bound", None)
        partial = fields.pop("partial", False) or any(e.partial for e in inputs)
        cert = certified and not partial and all(e.certified and not e.partial for e in inputs)
        bounds = [own if own is not None else (0.0 if certified else None)]
        bounds += [e.probability_bound for e in inputs]
        prob = 0.0 if cert else (None if any(b is None for b in bounds) else min(1.0, sum(bounds)))
        return cls(method=method, certified=cert, proves=proves, probability_bound=prob,
                   partial=partial, depends_on=inputs,
                   **fields)
