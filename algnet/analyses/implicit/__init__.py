"""Implicit equations of a small neuromanifold, degree by degree.

:func:`implicitize` returns a minimal generating set of the ideal I(M) of
the neuromanifold's closure up to a degree D, with integer, primitive
coefficients in the function-space coordinates (``net.coordinate_names()``:
``c[x0^2]``, ``c1[x0*x1]``, or the matrix entries ``a[i,j]`` of a linear
network). No Groebner bases and no symbolic expansion are used:

1. points of M are sampled over GF(p) by evaluating the network at random
   parameters (a batch of parameters at one fixed set of unisolvent inputs,
   one product with the inverse monomial evaluation matrix);
2. in each degree e and each graded piece (see :mod:`algnet.analyses.hilbert`:
   the largest diagonal torus preserving M grades the ideal), the kernel of
   the monomial evaluation matrix is computed with flint in reduced echelon
   form; the products of the lower-degree generators with monomials span a
   subspace of it, and the rows of the echelon form whose leading monomials
   that subspace misses are the new generators;
3. new generators are lifted to QQ by Chinese remaindering over several
   primes and rational reconstruction, accepted when a further prime agrees;
4. every equation is checked to vanish exactly, over QQ, at fresh random
   rational points of M (exact interpolation of f_theta for integer theta).

What is proved and what is probable (stated in the result):

* An equation that does not vanish on M passes the exact check at k
  independent random points with probability at most (e delta / (2B+1))^k
  (Schwartz-Zippel for g(mu(theta)), delta the degree of theta -> f_theta,
  parameters uniform in [-B, B]).
* Given that the equations vanish on M, completeness up to degree D does not
  depend on the sample: the kernel of a sampled evaluation matrix modulo p
  can only be larger than the degree-e part of I(M), and it is spanned by the
  equations found. It does depend on the grading, which is found at random
  points (tangency of the torus' vector fields; probabilistic).
* Whether the equations already cut out M near a generic point is decided
  from the rank of their Jacobian at an integer point of M (a rank modulo p
  is a lower bound, so equality with ambient - dim M is a proof given dim M).

Examples
--------
>>> from algnet import parse_spec
>>> res = implicitize(parse_spec("linear 3-1-2"), max_degree=2, seed=0)   # 2x3 rank <= 1
>>> res.equations()
['a[0,0]*a[1,1] - a[0,1]*a[1,0]', 'a[0,0]*a[1,2] - a[0,2]*a[1,0]', 'a[0,1]*a[1,2] - a[0,2]*a[1,1]']
>>> res.hilbert_function, res.complete_up_to_degree, res.cuts_out
((1, 6, 18), 2, True)

Modules
-------
``result`` (:class:`Generator`, :class:`ImplicitResult`), ``lifting`` (new
generators of a graded piece, lifted to QQ), ``proofs`` (exact points, the
symbolic certificate, the claims), ``compute`` (:func:`implicitize`).
"""

from algnet.analyses.implicit.compute import implicitize
from algnet.analyses.implicit.result import Generator, ImplicitResult

__all__ = ["ImplicitResult", "implicitize", "Generator"]
