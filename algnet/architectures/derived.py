"""Networks defined through a parent network: strata of its parameter space (zero patterns, slices, factors).

:class:`DerivedNetwork` takes its function space, names and degrees from the parent; :class:`RestrictedNetwork`
fixes some of the parent's flat parameters to zero (a subnetwork stratum).

Examples
--------
>>> from algnet import parse_spec
>>> sub = parse_spec("linear 2-2-2").restrict([0, 1])
>>> isinstance(sub, RestrictedNetwork), sub.embed(list(range(1, 7))).tolist()
(True, [0, 0, 1, 2, 3, 4, 5, 6])
"""

from __future__ import annotations

import numpy as np

from algnet.architectures.base import Network, _has_objects
from algnet.errors import ParameterError

__all__ = ["DerivedNetwork", "RestrictedNetwork"]


class DerivedNetwork(Network):
    """Base of networks defined through a parent network (strata of its
    parameter space: zero patterns, linear slices, factored layers).

    Subclasses implement ``embed`` (their parameters -> the parent's) and
    evaluation; the function space, names and degrees are the parent's.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sub = parse_spec("dense 3-2-1 r=2").subnetworks()[0].network      # a neuron removed
    >>> isinstance(sub, DerivedNetwork), sub.parent.spec, sub.n_params
    (True, 'dense 3-2-1 r=2', 4)
    """

    def _init_from_parent(self, parent: Network, label: str, param_shapes) -> None:
        self.parent = parent
        self.label = label
        self.family = parent.family
        self.spec = f"{parent.spec} | {label}"
        self.param_shapes = tuple(param_shapes)
        self.input_shape = parent.input_shape
        self.output_shape = parent.output_shape
        self.degree = parent.degree
        self.homogeneous = parent.homogeneous

    def forward(self, P, x):  # pragma: no cover - evaluation goes through the parent
        raise NotImplementedError

    def parameter_degree(self):
        # a linear reparametrization (zeros, ties) cannot raise the degree in the parameters
        return self.parent.parameter_degree()

    def parameter_terms(self):
        """Terms of each of the parent's parameters as a polynomial in this network's (flat, the parent's
        order): one each for zero patterns and ties (a subclass whose parameters enter as products or sums says
        more)."""
        return np.ones(self.parent.n_params)

    def estimate_terms(self):
        """The parent's bound with each of its parameters a polynomial of :meth:`parameter_terms` terms (a rank
        stratum W = U V has k terms an entry: taking the parent's count unchanged let dense 10-10-10 r=3's rank
        strata start an expansion of millions of terms, estimated 22000, until FLINT aborted the process)."""
        counts = np.asarray(self.parameter_terms(), dtype=np.float64)
        if np.all(counts <= 1):
            return self.parent.estimate_terms()
        if type(self.parent).estimate_terms is Network.estimate_terms:
            return self.parent.estimate_terms(counts)
        # a parent with its own bound: every one of its terms, of degree <= D in its parameters, becomes at most
        # c^D terms
        return int(min(self.parent.estimate_terms() * float(counts.max()) ** self.parent.parameter_degree(), 1e18))

    def output_monomials(self):
        return self.parent.output_monomials()

    def monomial_count(self):
        return self.parent.monomial_count()

    def input_names(self):
        return self.parent.input_names()

    def output_names(self):
        return self.parent.output_names()

    def finite_symmetry_order(self):
        return None

    def expected_dimension(self):
        return None


class RestrictedNetwork(DerivedNetwork):
    """A network with some flat parameters fixed to zero (a subnetwork stratum).

    Its parameters are the remaining entries of the parent, in order.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sub = parse_spec("linear 2-2-2").restrict([0, 1])   # first hidden neuron's inputs
    >>> sub.n_params
    6
    """

    def __init__(self, parent: Network, zero: tuple[int, ...], label: str | None = None):
        self.zero = zero
        # once (a set per index made this quadratic: 9 of 15 s for 1,499 strata of 3,000 layers)
        fixed = set(zero)
        self.free = tuple(i for i in range(parent.n_params) if i not in fixed)
        self._init_from_parent(parent, label or f"zero{list(zero)}", (("theta", (len(self.free),)),))

    def embed(self, theta):
        """The parent's parameter vector (zeros at the fixed entries)."""
        theta = np.asarray(theta, dtype=object) if _has_objects(theta) else np.asarray(theta)
        if theta.shape != (len(self.free),):
            raise ParameterError(f"expected {len(self.free)} parameters, got shape {theta.shape}",
                                 hint="pass the free parameters only")
        full = np.zeros(self.parent.n_params, dtype=theta.dtype)
        full[list(self.free)] = theta
        return full

    def evaluate(self, theta, X, backend=None, p=None):
        return self.parent.evaluate(self.embed(theta), X, backend=backend, p=p)

    def jacobian(self, theta, X, C=None, backend=None, p=None):
        J = self.parent.jacobian(self.embed(theta), X, C=C, backend=backend, p=p)
        return J[:, list(self.free)]

    def symmetry_tangents(self, theta, backend=None, p=None):
        # tangents of the parent's group that keep the zero pattern: those with
        # zero components on the fixed entries, projected to the free ones.
        T = self.parent.symmetry_tangents(self.embed(theta), backend=backend, p=p)
        if T.shape[0] == 0:
            return T[:, list(self.free)]
        keep = [i for i in range(T.shape[0]) if not np.any(np.asarray(T[i, list(self.zero)]) != 0)]
        return T[keep][:, list(self.free)]
