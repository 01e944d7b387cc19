"""One critical point of the loss on the neuromanifold (or one positive-dimensional critical set), as the
critical-point analyses report it: parameters and image, rank, pure or spurious, real or not, certified, the loss,
the Hessian's type and the stratum of M it lies on.

Examples
--------
>>> p = CriticalPoint(theta=(1.0, 2.0), image=(2.0,), rank=1, pure=True, real=True, certified=True,
...                   loss=0.5, signature=(2, 0, 0), kind="minimum", stratum="smooth (top stratum)")
>>> p.kind, p.dimension
('minimum', 0)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CriticalPoint"]


@dataclass(frozen=True)
class CriticalPoint:
    """One critical point of L = l o mu (or one positive-dimensional critical set).

    Attributes
    ----------
    theta : tuple of complex
        Parameters (flat, the network's order): a real parameter point when real
        weights reach the image (``real_parameters`` True), otherwise the point
        of the random complex slice where it was found (complex even when the
        image is real).
    image : tuple of complex
        mu(theta) in loss coordinates (function-space coefficients, or orthonormal coordinates of the values at the
        data).
    rank : int
        Numerical rank of d mu at theta.
    pure : bool
        mu(theta) is a smooth point of M critical for l on M (THEOREMS.md section 8):
        rank = dim M, or a rank drop whose image passed the test of
        :mod:`algnet.analyses.critical.purity` (numerical); otherwise spurious.
    real : bool
        The image mu(theta) is real (a real critical point of l on M; whether real
        weights reach it is ``real_parameters``).
    certified : bool
        Krawczyk's test proved a unique critical point in a box around theta
        (isolated points only).
    loss : float or None
        l(mu(theta)) for real points.
    signature : tuple (positive, negative, zero) or None
        Real points reached by real weights: the Hessian of L at the real parameter
        point ``theta`` modulo the fiber (pure points: along a real slice transversal
        to the fiber; spurious ones: modulo the symmetry tangents). Pure points whose
        real parameters are unknown: the Hessian of l on M at the image, in a real
        basis of the tangent space.
    kind : str
        "minimum", "maximum", "saddle", "degenerate" (real points reached by real
        weights), "degenerate minimum" (a degenerate point where a loss l >= 0 is 0:
        a global minimum, counted among both ``minima`` and ``degenerate`` of
        :class:`~.results.CriticalResult`), "no real parameters", "real parameters unknown"
        (real images) or "complex".
    stratum : str
        The stratum of M that mu(theta) lies on: for real and spurious points the
        stratum of ``algnet singular`` of least dimension reaching the image, with
        its status (:mod:`.locate`), or "origin"; otherwise the stratum the point
        was found on.
    dimension : int
        0 for isolated points; for a positive-dimensional critical set (reported
        once), its dimension in parameter space modulo the known symmetries: the
        dimension of the set minus that of the symmetry orbits on it (a P^1 of
        critical orbits has dimension 1, even when every point of it has the same
        image). Counted by a slice for the sets of a zero pattern of rescaled
        parameters (:mod:`.zero_patterns`: on the subspace of the zero blocks the
        set's points have; a set inside a larger critical set is not reported
        apart); elsewhere the larger of that count and
        the dimension of the critical images near the point
        (:func:`~.posdim.image_dimension`; equal to it where the fibers of mu over
        the set are the symmetry orbits); for the spurious points of a linear
        network (GL of its hidden layers) also the local dimension of the critical
        set in the parameters less that of the orbits on it
        (:func:`~.zero_patterns.quotient_dimension`: linear 3-2-2-3 has sets of
        dimension 1 over one image each, :mod:`.gl_sets`).
    source : str
        "monodromy" or the stratum network it was found on.
    real_parameters : bool or None
        Whether real weights reach the point: True when a real parameter point
        theta with this image was found (``theta`` is then that real point, and the
        loss and the type are taken there), False when the image is not real or
        when every complex preimage was found and none is real, None when the
        search was inconclusive (``real_note`` says why;
        :mod:`.realfiber`).
    real_certified : bool
        Krawczyk's test proved a unique real critical point of L in a real box
        on a real slice through ``theta`` (transversal to the fiber).
    real_note : str
        How the real parameter point was found, or why none was.
    purity_note : str
        How pure or spurious was decided and what that proves: the rank of d mu with a target drawn at random,
        the multiplicity of M at the image (:mod:`.multiplicity`), or the test of :mod:`.purity` where the
        rank drops.
    image_dimension : int or None
        The dimension of the critical images near mu(theta) (:func:`~.posdim.image_dimension`), beside
        ``dimension``: 0 for a set whose points all share one image; None where not measured.
    real_forms : tuple
        The point's other *real forms*: real points of its class (one point modulo the complex symmetries) that no
        real symmetry moves ``theta`` to, each (theta, kind, signature) (dense 1-1-1 r=2, target 1: the line
        w1 = 0 of critical points, one class; (0, w2) is a local maximum modulo the rescalings for w2 > 0 and a
        minimum for w2 < 0, and w2 / t^2 keeps the sign for real t). The point counts once in ``critical_points``
        and ``real``; each real form counts once more in ``minima``, ``saddles``, ``maxima`` or ``degenerate``.
        Searched for spurious points of networks whose symmetries are rescalings
        (:func:`~.symmetry_class.other_real_forms`); () otherwise.

    Examples
    --------
    Rank-one approximations of diag(3, 1) (Eckart-Young: the minimum 3 e1 e1^T at squared distance 1, the
    saddle e2 e2^T at 9; the zero matrix, where d mu has rank 0, a spurious saddle at 10):

    >>> from algnet.analyses.critical import critical_points
    >>> r = critical_points("linear 2-1-2", loss="frobenius", target=[3.0, 0.0, 0.0, 1.0], seed=0)
    >>> sorted((p.kind, round(p.loss, 9), p.rank, p.pure) for p in r.points)
    [('minimum', 1.0, 3, True), ('saddle', 9.0, 3, True), ('saddle', 10.0, 0, False)]
    """

    theta: tuple
    image: tuple
    rank: int
    pure: bool
    real: bool
    certified: bool
    loss: float | None
    signature: tuple | None
    kind: str
    stratum: str
    dimension: int = 0
    source: str = "monodromy"
    real_parameters: bool | None = False
    real_certified: bool = False
    real_note: str = ""
    purity_note: str = ""
    image_dimension: int | None = None
    real_forms: tuple = ()

    def as_dict(self) -> dict:
        """The point as JSON values: ``theta`` and ``image`` as lists of numbers, each list either all reals (a
        real point: the real parts; the imaginary parts left by rounding are dropped) or all [real, imaginary]
        pairs (a point that is not real), whatever the rounding of single entries.

        Examples
        --------
        >>> p = CriticalPoint((1 + 1e-17j, 2j), (3 + 0j, 4 + 1e-16j), 1, True, True, True, 0.5, (1, 0), "minimum",
        ...                   "smooth", real_parameters=False)
        >>> d = p.as_dict()
        >>> d["image"], d["theta"]
        ([3.0, 4.0], [[1.0, 1e-17], [0.0, 2.0]])
        """
        def enc(values, real):
            values = [complex(v) for v in values]
            return [v.real for v in values] if real else [[v.real, v.imag] for v in values]

        return {"theta": enc(self.theta, self.real_parameters is True), "image": enc(self.image, self.real),
                "rank": self.rank,
                "pure": self.pure, "real": self.real, "certified": self.certified, "loss": self.loss,
                "signature": None if self.signature is None else list(self.signature), "kind": self.kind,
                "stratum": self.stratum, "dimension": self.dimension, "source": self.source,
                "real_parameters": self.real_parameters, "real_certified": self.real_certified,
                "real_note": self.real_note, "purity_note": self.purity_note, "image_dimension": self.image_dimension,
                "real_forms": [{"theta": [float(complex(t).real) for t in th], "kind": k,
                                "signature": None if g is None else list(g)} for th, k, g in self.real_forms]}
