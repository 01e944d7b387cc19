"""Exact analyses of ReLU networks and trained piecewise-linear models.

Functional dimension, linear regions on 2-D slices, decision boundaries,
local complexity, and trained PyTorch models imported exactly.

Examples
--------
>>> from algnet.relu import linear_regions, batch_functional_dimension
>>> from algnet import parse_spec
>>> net = parse_spec("relu 2-3-1")
>>> linear_regions(net, net.random_params(seed=0), plane=True).count
7
"""

from algnet.relu.functional import (
    BatchFunctionalDimension,
    FunctionalDimension,
    batch_functional_dimension,
    decisive_set,
    functional_dimension,
)
from algnet.relu.model import PLModel
from algnet.relu.regions import DecisionBoundary, Region, RegionPartition, Slice, linear_regions
from algnet.relu.torch_import import from_torch_model
from algnet.relu.torch_load import load_torch_model
from algnet.relu.local_complexity import LocalComplexity, LocalRegionCounts, local_complexity, local_region_count
from algnet.relu.weights import load_weights, from_torch

__all__ = ["Slice", "Region", "RegionPartition", "DecisionBoundary", "linear_regions", "BatchFunctionalDimension",
           "FunctionalDimension", "batch_functional_dimension", "functional_dimension", "decisive_set",
           "load_weights", "from_torch", "PLModel", "from_torch_model", "load_torch_model", "LocalComplexity",
           "LocalRegionCounts", "local_complexity", "local_region_count"]
