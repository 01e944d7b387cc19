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

#: The modules every count of a stored structure runs, whatever its route or network family, loaded with the package
#: (as a computer-algebra system loads a package's code with the package): the store and its record, the warm call,
#: the numpy tracker and its segment tape, the certification's discs, the closed-form formulas, the network input
#: and the scalar-layer pass. Not loaded here: the routes' solvers, a tape's recording, numba's kernels, the
#: families' architecture modules (each spec needs one of them) -- a stored structure's count runs none of those.
PRELOADED = ("algnet.analyses.critical.structure_store", "algnet.analyses.critical.warm",
             "algnet.analyses.network_input", "algnet.architectures.scalar_layers", "algnet.formulas",
             "algnet.homotopy.discs", "algnet.homotopy.tape_numpy", "algnet.homotopy.tape_segment", "resource")


def _preload():
    import importlib

    for name in PRELOADED:
        importlib.import_module(name)


_preload()

__all__ = ["critical_points", "ed_degree", "voronoi"]
