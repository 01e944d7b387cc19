"""Critical points of the loss on a neuromanifold; ED degrees; Voronoi cells.

================  ============================================================
module            contents
================  ============================================================
``loss``          quadratic losses (Frobenius, generic, regression data, given Q)
``system``        the gradient system on a slice of the fibers, a family in the target
``solve``         :func:`critical_points`: monodromy, trace test, certification
``classify``      rank, realness, Hessian type, positive-dimensional sets, strata of the points
``posdim``        local dimension of positive-dimensional critical sets (two methods)
``locate``        the stratum of ``algnet singular`` a point of M lies on
``spurious``      spurious critical points on the subnetwork strata
``warm``          counts by a parameter homotopy in (Q, u) from generic solutions computed once per structure
``disc_tape``     compiled rigorous disc enclosures of the gradient system (the warm route's Krawczyk test)
``special``       non-generic metrics (trace test for a generic one, then a homotopy in the metric; paths at
                  infinity) and points lost on the way to a real target (a second slice)
``ed``            :func:`ed_degree`, checked against closed forms
``chern``         Eckart-Young and the Chern-class formula for Segre-Veronese varieties
``image_bound``   a proven bound on the critical images (the Chern-class value), where the small route stops
``voronoi``       :func:`voronoi`: normal-cone dimensions and landing probabilities
``results``       result objects
``catalog``       registrations (critical, ed_degree, voronoi)
================  ============================================================
"""

from algnet.analyses.critical.ed import ed_degree
from algnet.analyses.critical.solve import critical_points
from algnet.analyses.critical.voronoi import voronoi

__all__ = ["critical_points", "ed_degree", "voronoi"]
