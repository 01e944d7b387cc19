"""Architectures: the layer language and the networks built from it.

:mod:`algnet.architectures.layers` holds one module per layer type and
:class:`~algnet.architectures.sequential.Sequential`, which composes layers
and derives the structure the analyses need; the families (``linear``,
``dense``, ``conv``, ``attention``, ``gconv``, ``relu``) are presets of it,
:mod:`~algnet.architectures.polymap` turns any polynomial map into a network,
and :mod:`~algnet.architectures.spec` parses the one-line specs.
"""

from algnet.architectures.base import Network, RestrictedNetwork, Subnetwork
from algnet.architectures.spec import GRAMMAR, parse_spec

__all__ = ["Network", "RestrictedNetwork", "Subnetwork", "parse_spec", "GRAMMAR"]
