"""Singular locus, boundary points and subnetwork strata of a neuromanifold.

Definitions (what the words mean here)
--------------------------------------
Let M = mu(R^N) be the real neuromanifold, V its Zariski closure (over C),
n = dim M, p = mu(theta_0) a point of M.

* p is **singular** if the Zariski tangent space T_p V has dimension > n
  (equivalently p lies in Sing(V)). A rank drop of the Jacobian of mu at
  theta_0 does **not** make p singular (t -> t^3 parametrizes a smooth line).
* p is **nodal** if M is, near p, a union of k >= 2 smooth n-dimensional
  branches, each the image of a neighbourhood of a fiber point where mu has
  rank n, whose tangent spaces pairwise meet exactly in the tangent space of
  the stratum through p (transversal self-intersection).
* p is a **boundary point** of the semialgebraic set M if real points of V
  that are not in M accumulate at p (p lies in the closure of V_R \\ M).

Tests (each result states which one decided and what it proves)
--------------------------------------------------------------
1. *Equations* (when implicit equations g_1..g_s are available): if the rank
   over QQ of their Jacobian at p equals the codimension c, p is smooth (the
   Jacobian criterion, valid for any equations vanishing on V); if it is < c
   and the equations generate the ideal of V, p is singular.
2. *Fiber tangent spaces* (equation free, exact): mu maps into V, so
   d mu_theta(R^N) lies in T_p V for every theta in the fiber over p. If the
   column spaces of the exact Jacobians at several exact fiber points span
   more than n dimensions, p is singular (a proof). Fiber points are
   constructed from the subnetwork structure (parameters that no longer
   influence the output: the incoming weights of a removed neuron, ...),
   and searched numerically (Levenberg-Marquardt from random starts in the
   parameter spaces of the strata), then snapped to exact rationals and
   verified exactly.
3. *Limits of tangent planes* (equation free, exact): along a curve
   theta_0 + s delta the tangent planes d mu(R^N) converge (as s -> 0) to a
   plane computed exactly by a valuation reduction over QQ[s]. At a smooth
   point of V every such limit is T_p V; two different limits prove p
   singular. This decides rank-drop points whose fiber tangent spaces are
   too small (cusps, pinch points).
4. *Boundary witness* (exact realness, numerical non-membership): at a rank
   drop, for a kernel direction e with mu(theta_0 + s e) even in s (checked
   exactly), q(s) = mu(theta_0 + i s e) is a real point of V tending to p;
   if no real preimage of q(s) is found (numerical search) p is reported as
   a boundary point (numerical evidence, not a proof).

Examples
--------
>>> from algnet import parse_spec
>>> res = strata(parse_spec("linear 3-2-3"), seed=0)
>>> [(s.name, s.dimension, s.status) for s in res.strata]
[('widths 3-2-3', 8, 'smooth'), ('widths 3-1-3', 5, 'singular')]

Modules
-------
``derived`` (sliced and factored networks), ``lattice`` (the degeneration lattice), ``primitives`` (exact and
numerical ranks, sample points), ``preimages`` (fiber points), ``moves`` (exact moves along lines inside a
fiber), ``tangent`` (limits of tangent planes), ``point`` (the tests at one point), ``stratify`` (strata and
the rank-drop locus), ``equations`` (the Jacobian criterion and :func:`is_singular`), ``vertex`` (the vertex f
= 0 of a cone, networks without biases), ``constants`` (the constant functions of networks with output
biases), ``maps`` (the singular points of the image of a polynomial map: its rank-drop locus and pairs of
preimages, each tested).
"""

from algnet.analyses.singular.constants import ConstantFunctions, constant_functions
from algnet.analyses.singular.derived import FactoredNetwork, SlicedNetwork
from algnet.analyses.singular.equations import SingularityResult, is_singular
from algnet.analyses.singular.lattice import stratum_networks
from algnet.analyses.singular.maps import MapCandidate, MapSingularPoints, map_singular_points
from algnet.analyses.singular.point import PointAnalysis, analyze_point
from algnet.analyses.singular.preimages import levenberg_marquardt
from algnet.analyses.singular.primitives import exact_values, sample_inputs
from algnet.analyses.singular.stratify import Stratum, StrataResult, rank_drop_locus, strata
from algnet.analyses.singular.tangent import limit_tangent_plane

#: names :mod:`algnet.analyses.fibers_newton` imports from here (their homes: :mod:`.preimages`, :mod:`.primitives`)
_REEXPORTED = (levenberg_marquardt, exact_values, sample_inputs)

__all__ = [
    "SlicedNetwork",
    "FactoredNetwork",
    "PointAnalysis",
    "Stratum",
    "StrataResult",
    "SingularityResult",
    "analyze_point",
    "strata",
    "is_singular",
    "limit_tangent_plane",
    "rank_drop_locus",
    "stratum_networks",
    "ConstantFunctions",
    "constant_functions",
    "MapCandidate",
    "MapSingularPoints",
    "map_singular_points",
]

STATUSES = ("smooth", "singular", "boundary")
