"""Toy models of superposition and the geometry of their features.

* :mod:`~algnet.superposition.toy` — the model x' = ReLU(WᵀW x + b), seeded
  Adam training and the linear variant; its sparse inputs in
  :mod:`~algnet.superposition.inputs` and the split of the 1-sparse loss into
  feature benefit and interference in :mod:`~algnet.superposition.interference`.
* :mod:`~algnet.superposition.geometry` — norms, Gram matrix, feature
  dimensionality, the graph of non-orthogonal feature pairs and its
  components as the orthogonal direct-sum decomposition (exact for
  rational W).
* :mod:`~algnet.superposition.grassmann` — projectors (unique, stable
  representatives of k-planes), chordal distance, principal angles,
  Plücker coordinates and relations (exact with flint), and the recovery of
  summands by clustering the planes of feature subsets.
* :mod:`~algnet.superposition.loss1` — the 1-sparse loss L_1 and L_0 in
  closed form (piecewise rational, :mod:`~algnet.superposition.pieces`),
  exact gradient and Hessian over QQ or Q(√d)
  (:mod:`~algnet.superposition.exact`), stationarity and the strict-minimum
  test modulo O(m); :mod:`~algnet.superposition.fullloss` the same
  questions for the full loss, numerically.
* :mod:`~algnet.superposition.data` — correlated / anti-correlated feature
  groups; :mod:`~algnet.superposition.dynamics` — recorded training
  trajectories and the step at which each summand forms.
* :mod:`~algnet.superposition.spherical` — Thomson / Tammes codes and the
  comparison of trained configurations with them (Hungarian matching,
  Procrustes), and :mod:`~algnet.superposition.known_codes` — the proved optima on S^2 their results
  are compared with; :mod:`~algnet.superposition.circumsphere` — circumspheres of
  feature subsets and their clustering; :mod:`~algnet.superposition.certify`
  — ball-arithmetic certificates for the optimal regular polygons of L_1;
  :mod:`~algnet.superposition.two_layer` — two hidden layers.
* :mod:`~algnet.superposition.polytopes` — the small configurations
  (antipodal pair, polygons, tetrahedron, square antiprism, bipyramids),
  direct sums, rotations, perturbations, and their recognition.

Source: Elhage et al., *Toy models of superposition* (2022, arXiv:2209.10652).

Examples
--------
>>> from algnet.superposition import train_toy_model, recognize_configuration
>>> res = train_toy_model(5, 2, sparsity=0.9, steps=3000, seed=0)
>>> recognize_configuration(res.model).name
'pentagon'
"""

from algnet.superposition.geometry import (DirectSumDecomposition, cosine_matrix, direct_sum_decomposition,
                                           feature_dimensionality, feature_norms, gram_matrix, interference_graph)
from algnet.superposition.grassmann import (GrassmannianClustering, PlaneCluster, PlueckerVector, chordal_distance,
                                            echelon_representative, grassmannian_summands, is_projector,
                                            pluecker_coordinates, pluecker_relations, principal_angles, projector)
from algnet.superposition.certify import (PolygonCertificate, SumCertificate, certify_polygon_minimum,
                                          certify_polygon_sum)
from algnet.superposition.circumsphere import (SphereClustering, cayley_menger_radius2, circumsphere,
                                               compare_clusterings, sphere_clustering, sphere_through)
from algnet.superposition.data import FeatureStructure, structured_data
from algnet.superposition.dynamics import Trajectory, load_trajectory
from algnet.superposition.exact import QuadraticNumber, inertia, polygon_coordinates
from algnet.superposition.fullloss import FullLossAnalysis, full_loss_analysis
from algnet.superposition.loss1 import (Loss1Analysis, loss0, loss1, loss1_analysis, loss1_derivatives,
                                        polygon_analysis)
from algnet.superposition.polytopes import (Recognition, antipodal_pair, cayley_rotation, direct_sum,
                                            identify_summand, octahedron, perturb, random_rotation, rational_triangle,
                                            recognize_configuration, regular_polygon, square_antiprism, tetrahedron)
from algnet.superposition.spherical import (CodeComparison, SphericalCode, code_energy, compare_with_code, hungarian,
                                            procrustes, tammes, thomson)
from algnet.superposition.two_layer import TwoLayerResult, layer_decompositions, train_two_layer
from algnet.superposition.toy import (LossTerms, ToyModel, TrainResult, generate_data, importance_profile, loss_terms,
                                      sparsity_profile, train_toy_model)

__all__ = [
    "DirectSumDecomposition", "cosine_matrix", "direct_sum_decomposition", "feature_dimensionality",
    "feature_norms", "gram_matrix", "interference_graph",
    "GrassmannianClustering", "PlaneCluster", "PlueckerVector", "chordal_distance",
    "echelon_representative", "grassmannian_summands", "is_projector", "pluecker_coordinates",
    "pluecker_relations", "principal_angles", "projector",
    "PolygonCertificate", "certify_polygon_minimum", "SumCertificate", "certify_polygon_sum",
    "SphereClustering", "cayley_menger_radius2", "circumsphere",
    "compare_clusterings", "sphere_clustering", "sphere_through",
    "CodeComparison", "SphericalCode", "code_energy", "compare_with_code", "hungarian", "procrustes", "tammes",
    "thomson", "TwoLayerResult", "layer_decompositions", "train_two_layer",
    "FeatureStructure", "structured_data", "Trajectory", "load_trajectory",
    "QuadraticNumber", "inertia", "polygon_coordinates", "FullLossAnalysis", "full_loss_analysis",
    "Loss1Analysis", "loss0", "loss1", "loss1_analysis", "loss1_derivatives", "polygon_analysis",
    "Recognition", "antipodal_pair", "cayley_rotation", "direct_sum", "identify_summand", "octahedron",
    "perturb", "random_rotation", "rational_triangle", "recognize_configuration", "regular_polygon",
    "square_antiprism", "tetrahedron",
    "LossTerms", "ToyModel", "TrainResult", "generate_data", "importance_profile", "loss_terms",
    "sparsity_profile", "train_toy_model",
]
