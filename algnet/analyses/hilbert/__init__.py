"""Hilbert function of a neuromanifold's coordinate ring, by sampling.

The degree-e part of the ideal I(M) of the neuromanifold's closure is the
kernel of the *evaluation matrix* whose rows are points of M and whose
columns are the monomials of degree e in the function-space coordinates;
the Hilbert function is its rank, H(e) = #monomials - dim I(M)_e. Points of
M are sampled over GF(p) by evaluating the network at random parameters (no
Groebner bases, no symbolic expansion).

Gradings keep the matrices small. If a torus acting diagonally on the
coordinates maps M to itself (for example: scaling the rows of a bias-free
last layer scales each output separately; scaling the inputs is absorbed by
a bias-free first layer), I(M) is graded by the torus' characters and every
graded piece is a separate, much smaller, evaluation matrix. The grading is
found, not assumed: a diagonal vector field c -> diag(w) c is tangent to M at
a random point of M exactly for the w in the Lie algebra of the largest
such torus (computed modulo two primes, reconstructed over QQ).

What is proved. H(e) computed modulo p from finitely many samples is a
lower bound of the true value (more samples or another prime can only raise
a rank); it is the true value with probability at least 1 - h e deg / p per
graded piece of rank h (Schwartz-Zippel on the maximal minors, deg = degree
of the coordinates in the parameters) unless p is one of finitely many bad
primes (dividing every maximal minor). A graded piece below full rank is
ranked modulo a second prime too, and over QQ when the two ranks differ, when
its rank is below a proved floor from the degree below, or once a bad prime
has shown (:mod:`~algnet.analyses.hilbert.ranking` gives the argument); equal
ranks are wrong only if both primes are bad for the piece, which the result
says no probability covers. :func:`algnet.analyses.implicit.implicitize`
turns these values into proved ones by exhibiting verified equations that
fill the kernel.

The Hilbert polynomial. Writing the Hilbert series as Q(t)/(1-t)^k, the
numerator Q is computed exactly from H(0..D) for each k; the smallest k for
which Q looks like a polynomial (its coefficients vanish on the last
``evidence`` computed degrees) is the Krull dimension, Q(1) the degree. That
H has "become polynomial" is a heuristic judgement on finitely many values
(no regularity bound is used); the result states the evidence and checks the
dimension against the Jacobian rank of the network.

Examples
--------
>>> from algnet import parse_spec
>>> h = hilbert_function(parse_spec("linear 3-1-3"), up_to=4, seed=0)   # 3x3 rank <= 1
>>> h.values
(1, 9, 36, 100, 225)
>>> h.dimension, h.degree, h.stabilized
(5, 6, True)

Modules
-------
``linalg`` (flint rref, rank, kernels mod p), ``sampler`` (points of M over
GF(p)), ``grading`` (the torus), ``engine`` (graded pieces and their
evaluation matrices, shared with :mod:`algnet.analyses.implicit`),
``exact`` (ranks over QQ), ``ranking`` (when a piece is ranked where),
``series`` (Hilbert series and polynomial), ``result`` and ``compute``
(:func:`hilbert_function`).
"""

from algnet.analyses.hilbert.compute import hilbert_function
from algnet.analyses.hilbert.result import HilbertResult
from algnet.analyses.hilbert.series import hilbert_numerator, hilbert_polynomial_from_values

__all__ = ["HilbertResult", "hilbert_function", "hilbert_numerator", "hilbert_polynomial_from_values"]

