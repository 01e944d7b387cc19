"""The result of :func:`~algnet.analyses.critical.voronoi.voronoi`, with the targets that have no nearest point.

:class:`VoronoiResult` extends :class:`algnet.analyses.critical.results.VoronoiResult` (every field, key and
method of it kept) by the targets whose distance to M has an infimum that no point of M attains
(``no_nearest_point``, also counted in ``dropped`` and ``dropped_reasons`` as before) and by what the
probabilities and their intervals are over (``probabilities_over``): the targets with a nearest point only.
The share of targets without a nearest point has its own interval (``no_nearest_point_interval``), over the
targets decided (a nearest point found, or none proved).

Examples
--------
>>> r = VoronoiResult("x", None, None, 0, 10, 4, {"smooth (top stratum)": 6}, {"smooth (top stratum)": 1.0},
...                   {"smooth (top stratum)": (0.61, 1.0)}, 0, 0.1, no_nearest_point=3)
>>> r.decided, r.probabilities_over
(9, 'the 6 of 10 targets with a nearest point (3 have none: the infimum is not attained; 1 dropped undecided)')
"""

from __future__ import annotations

from dataclasses import dataclass

from algnet.analyses.critical import results

__all__ = ["VoronoiResult"]


@dataclass(frozen=True, eq=False)
class VoronoiResult(results.VoronoiResult):
    """:class:`~algnet.analyses.critical.results.VoronoiResult` with ``no_nearest_point``: the targets whose distance
    to M has no minimum (M not closed there), a part of ``dropped``; ``no_nearest_point_interval``: the 95% Wilson
    interval of their share among the :attr:`decided` targets.

    Examples
    --------
    >>> from algnet.analyses.critical.voronoi import voronoi
    >>> r = voronoi("linear 2-1-2", samples=3, seed=1)        # a closed M: every target has a nearest point
    >>> r.no_nearest_point, r.decided, r.probabilities_over
    (0, 3, 'the 3 of 3 targets with a nearest point')
    """

    no_nearest_point: int = 0
    no_nearest_point_interval: tuple = (0.0, 1.0)

    @property
    def decided(self) -> int:
        """Targets whose answer is known: a nearest point found, or proved to have none."""
        return self.samples - self.dropped + self.no_nearest_point

    @property
    def probabilities_over(self) -> str:
        """What the probabilities and their intervals are over (in words)."""
        kept = self.samples - self.dropped
        other = self.dropped - self.no_nearest_point
        why = [f"{self.no_nearest_point} have none: the infimum is not attained"] if self.no_nearest_point else []
        why += [f"{other} dropped undecided"] if other else []
        return f"the {kept} of {self.samples} targets with a nearest point" + (f" ({'; '.join(why)})" if why else "")

    @property
    def evidence(self):
        from dataclasses import replace

        ev = super().evidence
        lo, hi = self.no_nearest_point_interval
        return replace(ev, proves=(f"Monte Carlo estimate with 95% Wilson intervals over {self.probabilities_over}; "
                                   f"no nearest point: {self.no_nearest_point} of {self.decided} decided targets "
                                   f"(95% Wilson [{lo:.3f}, {hi:.3f}])"))

    def as_dict(self) -> dict:
        """The JSON record (``algnet voronoi --json``): the base result's keys and :meth:`extra_keys`."""
        d = super().as_dict()
        d.update(self.extra_keys())
        return d

    def extra_keys(self) -> dict:
        """The JSON keys of this extension (in :meth:`as_dict`)."""
        return {"no_nearest_point": self.no_nearest_point, "decided": self.decided,
                "no_nearest_point_interval": [float(v) for v in self.no_nearest_point_interval],
                "probabilities_over": self.probabilities_over}

    def __repr__(self):
        base = super().__repr__()
        return base[:-1] + f"; {self.no_nearest_point} without a nearest point)" if self.no_nearest_point else base
