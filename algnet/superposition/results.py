"""What the superposition results share: an :class:`~algnet.evidence.Evidence` record and a JSON summary.

Examples
--------
>>> from algnet.superposition import certify_polygon_minimum
>>> c = certify_polygon_minimum(5)
>>> isinstance(c, EvidenceResult), c.certified == c.evidence.certified == c.as_dict()["certified"]
(True, True)
"""

from __future__ import annotations

__all__ = ["EvidenceResult"]


class EvidenceResult:
    """Base of the results that carry their :class:`~algnet.evidence.Evidence` as ``evidence``.

    ``certified`` is the evidence's; ``as_dict()`` is the JSON-ready dictionary of the
    result's own fields (``_fields()``, defined by each result) followed by the evidence
    fields (certified, method, seed, seconds, partial, ...).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from algnet.evidence import Evidence
    >>> @dataclass(frozen=True)
    ... class Area(EvidenceResult):
    ...     value: float
    ...     evidence: Evidence
    ...     def _fields(self):
    ...         return {"value": self.value}
    >>> a = Area(2.0, Evidence(method="by hand", certified=True, proves="area = 2"))
    >>> a.certified, a.as_dict()["value"], a.as_dict()["method"]
    (True, 2.0, 'by hand')
    """

    @property
    def certified(self) -> bool:
        """Whether the evidence proves the result (else it is numerical or probabilistic)."""
        return self.evidence.certified

    def _fields(self) -> dict:
        raise NotImplementedError

    def as_dict(self) -> dict:
        """JSON-ready summary: the result's own fields, then the evidence fields."""
        out = self._fields()
        out.update(self.evidence.as_dict())
        return out
