"""The analyses of a neuromanifold: one question per module, each result with its evidence.

* :mod:`~algnet.analyses.dimension` -- ``dimension`` (modular Jacobian rank, a proved lower bound; certified
  when it meets a proved upper bound from :mod:`~algnet.analyses.bounds`, else probabilistic) and ``local_rank``
  (the rank at a given point); command ``algnet dim``.
* :mod:`~algnet.analyses.implicit` -- ``implicitize``: the equations up to a degree (each verified exactly at
  random points of M, proved symbolically when the expansion is small); ``algnet implicit``.
* :mod:`~algnet.analyses.hilbert` -- ``hilbert_function``: ranks mod p (lower bounds of H(e), exact with a
  stated probability) and a heuristic Hilbert polynomial; ``algnet hilbert``.
* :mod:`~algnet.analyses.degree` -- ``degree``: a theorem's formula (certified), monodromy with a trace test and
  Krawczyk certificates (a proved lower bound, complete numerically), or the Hilbert polynomial; ``algnet degree``.
* :mod:`~algnet.analyses.singular` -- ``strata``, ``is_singular``: singular and boundary points from
  subnetworks; ``algnet singular``.
* :mod:`~algnet.analyses.fibers` -- ``identifiability``: generic fiber dimension against the known symmetries,
  and the number of fiber points; ``algnet fibers``.
* :mod:`~algnet.analyses.critical` -- ``critical_points``, ``ed_degree``, ``voronoi``: critical points of a
  quadratic loss, ED degrees, Voronoi cells; ``algnet critical``, ``ed-degree``, ``voronoi``.

The analyses are registered by name in :mod:`algnet.registry` (the sub-commands and sweeps use it), and
:class:`algnet.Neuromanifold` runs them on one network with one seed, caching each result.

Examples
--------
>>> from algnet.analyses.dimension import dimension
>>> dimension("linear 3-1-3", seed=0).evidence.proves
'dim M = 5'
"""
