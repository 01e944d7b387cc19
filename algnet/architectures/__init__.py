"""Architecture families; each builds a :class:`~algnet.architectures.base.Network`."""

from algnet.architectures.base import Network, RestrictedNetwork, Subnetwork
from algnet.architectures.spec import GRAMMAR, parse_spec

__all__ = ["Network", "RestrictedNetwork", "Subnetwork", "parse_spec", "GRAMMAR"]
