"""The ``Network`` interface shared by every architecture family.

A ``Network`` knows its parameter shapes, its forward pass (written once
against :class:`algnet.core.slp.Program`, hence evaluated over GF(p), QQ,
complex floats or polynomials with the same code), the coordinates of its
function space (the output monomials), its known symmetry group through the
Lie algebra of that group (tangent directions of the orbit at a parameter,
computed at that parameter), and its subnetworks.

Parameters are flat vectors theta in the order of ``param_shapes``
(row-major inside each array); :meth:`Network.unflatten` splits them.
The symbolic expansion of the outputs is in :mod:`algnet.architectures.expansion`
(a base of ``Network``), the networks defined through a parent (strata) in
:mod:`algnet.architectures.derived`; both are importable from here.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("dense 2-2-1 r=2")
>>> net.n_params, net.ambient_dimension
(6, 3)
>>> theta = [1, 0, 0, 1, 1, 1]        # W1 = I, W2 = (1, 1): f = x0^2 + x1^2
>>> net.evaluate(theta, [[1, 2]]).tolist()
[[5]]
>>> net.coefficients(theta)
[[1, 0, 1]]
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from algnet.architectures.closed_forms import ClosedForms
from algnet.architectures.expansion import Expansion
from algnet.architectures.interpolation import solve_interpolation, unisolvent_points
from algnet.core.backends import Exact, ModP
from algnet.core.monomials import count_monomials, monomial_name, monomials, monomials_up_to
from algnet.core.slp import Program
from algnet.errors import ParameterError

__all__ = ["Network", "Subnetwork", "DerivedNetwork", "RestrictedNetwork", "as_backend", "random_integer_params"]


def as_backend(backend=None, p: int | None = None):
    """Pick an arithmetic: a Backend, a prime ``p`` (GF(p)), or exact (default).

    Examples
    --------
    >>> as_backend(), as_backend(p=7)
    (Exact(), ModP(7))
    """
    if backend is not None:
        return backend
    if p is not None:
        return ModP(p)
    return Exact()


def _exact_parameters(theta) -> np.ndarray:
    """Parameters read exactly: floats holding integers become ints; other floats are refused."""
    arr = np.asarray(theta, dtype=object).ravel()
    out = []
    for i, t in enumerate(arr):
        if isinstance(t, (float, np.floating)):
            if not np.isfinite(t) or not float(t).is_integer():
                raise ParameterError(f"parameter {i} is the float {float(t)!r}; exact coefficients need exact values",
                                     hint="give ints or fractions.Fraction (Fraction('1/10')), or pass p= for GF(p)")
            t = int(t)
        out.append(t)
    return np.array(out, dtype=object).reshape(np.shape(theta))


def random_integer_params(n: int, rng, bound: int = 2**20) -> np.ndarray:
    """Uniform integers in [-bound, bound] (int64), the default random parameters.

    Examples
    --------
    >>> theta = random_integer_params(1000, np.random.default_rng(0), bound=5)
    >>> theta.dtype, int(theta.min()), int(theta.max())
    (dtype('int64'), -5, 5)
    """
    return rng.integers(-bound, bound + 1, size=n, dtype=np.int64)


@dataclass(frozen=True)
class Subnetwork:
    """A structured degeneration of a network.

    ``network`` computes the sub-family (a smaller network, or the same
    network with some parameters fixed to zero); ``kind`` says which
    degeneration it is ("neuron removed", "filter tap zero", ...).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sub = parse_spec("dense 3-2-1 r=2").subnetworks()[0]
    >>> sub.kind, sub.network.n_params                    # one hidden neuron left: 3 + 1 weights
    ('neuron removed', 4)
    """

    label: str
    kind: str
    network: "Network"


class Network(ClosedForms, Expansion):
    """Base class; families override ``forward`` and the structural data.

    Subclasses set: ``family``, ``spec``, ``param_shapes`` (tuple of
    ``(name, shape)``), ``input_shape``, ``output_shape``, ``degree``
    (degree of the output polynomials), ``homogeneous``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")                 # x -> W2 W1 x with W1: 1 x 2, W2: 2 x 1
    >>> isinstance(net, Network), net.n_params, net.ambient_dimension
    (True, 4, 4)
    >>> net.evaluate([1, 2, 3, 4], [[1, 1]]).tolist()    # W2 (W1 x) = (3, 4) * 3
    [[9, 12]]
    """

    family: str = "abstract"
    spec: str = ""
    param_shapes: tuple = ()
    input_shape: tuple = ()
    output_shape: tuple = ()
    degree: int = 1
    homogeneous: bool = True
    polynomial: bool = True
    symmetry_description: str = "none known"

    # ---------------------------------------------------------- structure
    def forward(self, P: Program, x):
        """Write the forward pass against the program ``P`` (abstract)."""
        raise NotImplementedError

    @property
    def n_params(self) -> int:
        """Number of parameters (the length of a flat theta); computed once per ``param_shapes``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 2-3-1 r=2").n_params          # W1: 3 x 2, W2: 1 x 3
        9
        """
        shapes = self.param_shapes
        cached = self.__dict__.get("_n_params_cache")
        if cached is None or cached[0] is not shapes:     # the tuple itself: a new one is counted anew
            cached = (shapes, sum(prod(s) for _, s in shapes))
            self.__dict__["_n_params_cache"] = cached
        return cached[1]

    @property
    def n_inputs(self) -> int:
        return prod(self.input_shape)

    @property
    def n_outputs(self) -> int:
        return prod(self.output_shape)

    def param_names(self) -> list[str]:
        """Names of the individual parameters, e.g. ``W1[0,1]``, in flat order."""
        out = []
        for name, shape in self.param_shapes:
            for idx in np.ndindex(*shape):
                out.append(f"{name}[{','.join(map(str, idx))}]")
        return out

    def input_names(self) -> list[str]:
        """Names of the input variables (``x0, x1, ...``)."""
        return [f"x{i}" for i in range(self.n_inputs)]

    def output_names(self) -> list[str]:
        """Names of the outputs (``f0, f1, ...``)."""
        return [f"f{i}" for i in range(self.n_outputs)]

    def unflatten(self, theta) -> dict:
        """Split a flat parameter vector into the named arrays."""
        theta = np.asarray(theta, dtype=object) if _has_objects(theta) else np.asarray(theta)
        if theta.ndim != 1 or theta.shape[0] != self.n_params:
            raise ParameterError(
                f"{self.spec}: expected a flat parameter vector of length {self.n_params}, got shape {theta.shape}",
                hint="order: " + ", ".join(f"{n}{tuple(s)}" for n, s in self.param_shapes))
        out, i = {}, 0
        for name, shape in self.param_shapes:
            k = prod(shape)
            out[name] = theta[i:i + k].reshape(shape)
            i += k
        return out

    def flatten(self, arrays: dict) -> np.ndarray:
        """Inverse of :meth:`unflatten`."""
        parts = []
        for name, shape in self.param_shapes:
            a = np.asarray(arrays[name])
            if a.shape != tuple(shape):
                raise ParameterError(f"{name} has shape {a.shape}, expected {tuple(shape)}", hint="check the widths")
            parts.append(a.reshape(-1))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def random_params(self, seed=None, bound: int = 2**20) -> np.ndarray:
        """Random integer parameters, uniform in [-bound, bound], from ``seed``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> net = parse_spec("linear 2-1-2")
        >>> bool((net.random_params(seed=1) == net.random_params(seed=1)).all())
        True
        """
        rng = np.random.default_rng(seed)
        return random_integer_params(self.n_params, rng, bound)

    def random_inputs(self, count: int, seed=None, bound: int = 2**20) -> np.ndarray:
        """Random integer inputs, shape (count, *input_shape)."""
        rng = np.random.default_rng(seed)
        return rng.integers(-bound, bound + 1, size=(count,) + tuple(self.input_shape), dtype=np.int64)

    # ------------------------------------------------------------ evaluation
    def _check_inputs(self, X, backend):
        X = np.asarray(X, dtype=object) if _has_objects(X) else np.asarray(X)
        if X.shape[1:] != tuple(self.input_shape):
            if X.ndim == 1 and X.shape == (self.n_inputs,):
                X = X.reshape((1,) + tuple(self.input_shape))
            elif X.ndim == 2 and X.shape[1] == self.n_inputs:
                X = X.reshape((X.shape[0],) + tuple(self.input_shape))
            else:
                raise ParameterError(
                    f"{self.spec}: inputs must have shape (batch, {', '.join(map(str, self.input_shape))}), "
                    f"got {X.shape}",
                    hint="one row per sample")
        return backend.asarray(X)

    def _program(self, theta, backend, record=False) -> Program:
        params = self.unflatten(theta)
        return Program(backend, params, record=record)

    def evaluate(self, theta, X, backend=None, p: int | None = None) -> np.ndarray:
        """Outputs f_theta(x) for a batch of inputs, shape (batch, n_outputs).

        Exact by default (ints/Fractions in, exact values out); ``p=`` for GF(p);
        ``backend=Complex()`` for complex floats.
        """
        B = as_backend(backend, p)
        P = self._program(theta, B)
        y = self.forward(P, P.input(self._check_inputs(X, B)))
        return y.value.reshape(y.value.shape[0], -1)

    def jacobian(self, theta, X, C=None, backend=None, p: int | None = None) -> np.ndarray:
        """Rows of the Jacobian of theta -> f_theta at a batch of inputs.

        Row b is the gradient with respect to theta of <C[b], f_theta(X[b])>
        (reverse mode over the straight-line program). With ``C=None`` every
        output of every sample gives a row (B * n_outputs rows).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> net = parse_spec("linear 1-1-1")
        >>> net.jacobian([2, 3], [[1]]).tolist()     # f = w2 w1 x
        [[3, 2]]
        """
        B = as_backend(backend, p)
        X = self._check_inputs(X, B)
        if C is None:
            nb = X.shape[0]
            X = np.repeat(X, self.n_outputs, axis=0)
            C = np.tile(np.eye(self.n_outputs, dtype=np.int64), (nb, 1))
        C = B.asarray(C)
        P = self._program(theta, B, record=True)
        y = self.forward(P, P.input(X))
        C = C.reshape(y.value.shape)
        return P.vjp(y, C, order=[n for n, _ in self.param_shapes])

    # ------------------------------------------------------ function space
    def output_monomials(self) -> list[tuple[int, ...]]:
        """Monomials spanning each output (the same list for every output)."""
        if self.homogeneous:
            return monomials(self.n_inputs, self.degree)
        return monomials_up_to(self.n_inputs, self.degree)

    def monomial_count(self) -> int:
        """Number of monomials per output (without listing them)."""
        if self.homogeneous:
            return count_monomials(self.n_inputs, self.degree)
        return count_monomials(self.n_inputs + 1, self.degree)

    def output_degree(self) -> int:
        """The largest total degree in the inputs among :meth:`output_monomials`, without listing them (the list of
        dense 100-100-100-100 r=2 has 4.4 million monomials: 11 s and 3.7 GB); read from the list
        only when one was set on this instance (a view on a coordinate subspace).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 100-100-100-100 r=2").output_degree(), parse_spec("linear 4-2-3").output_degree()
        (4, 1)
        """
        if "output_monomials" in vars(self):
            return max((sum(a) for a in self.output_monomials()), default=0)
        return int(self.degree) if self.monomial_count() > 0 else 0

    @property
    def ambient_dimension(self) -> int:
        """Dimension of the coefficient space: outputs x monomials."""
        return self.n_outputs * self.monomial_count()

    def coordinate_names(self) -> list[str]:
        """Names of the function-space coordinates: ``c<i>[monomial]`` per output."""
        names = self.input_names()
        outs = self.output_names()
        ms = self.output_monomials()
        if len(outs) == 1:
            return [f"c[{monomial_name(m, names)}]" for m in ms]
        return [f"c{i}[{monomial_name(m, names)}]" for i in range(len(outs)) for m in ms]

    def coefficients(self, theta, backend=None, p: int | None = None, seed=0):
        """Coordinates of f_theta in the function space (by interpolation).

        Evaluates the network at unisolvent points and solves with the monomial
        evaluation matrix; exact over QQ by default (ints, Fractions and floats
        holding integers in; a float with a fractional part is refused: give a
        Fraction). Returns a list (one per output) of coefficient lists in
        :meth:`output_monomials` order.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 1-1-1 r=2").coefficients([2, 3.0])      # 3 (2 x)^2
        [[12]]
        """
        B = as_backend(backend, p)
        if isinstance(B, Exact):
            theta = _exact_parameters(theta)
        monos = self.output_monomials()
        V, pts = unisolvent_points(self.n_inputs, monos, B, seed)
        vals = self.evaluate(theta, pts.reshape((len(monos),) + tuple(self.input_shape)), backend=B)
        return [list(solve_interpolation(V, vals[:, j], B)) for j in range(vals.shape[1])]

    # -------------------------------------------------------------- symmetries
    def symmetry_tangents(self, theta, backend=None, p: int | None = None) -> np.ndarray:
        """Tangent directions at theta of the orbit of the known continuous
        symmetry group (rows, in flat parameter coordinates). Default: none."""
        B = as_backend(backend, p)
        return B.zeros((0, self.n_params))

    def finite_symmetry_order(self) -> int | None:
        """Order of the known finite symmetry group (e.g. hidden-neuron
        permutations) acting on generic fibers, if known."""
        return 1

    def expected_dimension(self):
        """(expected dimension, source) from the family's theorem, or None."""
        return None

    def expected_degree(self):
        """(degree, source) of the neuromanifold from a theorem that applies, or None.

        Raises NotApplicableError when a known formula is close but its
        hypotheses fail (the message says which)."""
        return None

    def subnetworks(self) -> list[Subnetwork]:
        """Structured degenerations (see each family)."""
        return []

    def restrict(self, zero: list[int], label: str | None = None) -> "RestrictedNetwork":
        """The same network with the flat parameters in ``zero`` fixed to 0."""
        return RestrictedNetwork(self, tuple(sorted(set(zero))), label)

    # ------------------------------------------------------------------ misc
    def __repr__(self):
        return f"<{type(self).__name__} {self.spec!r}: {self.n_params} parameters>"

    def __str__(self):
        return self.spec

    def __eq__(self, other):
        return isinstance(other, Network) and type(self) is type(other) and self.spec == other.spec

    def __hash__(self):
        return hash((type(self).__name__, self.spec))


def _has_objects(a) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == object
    try:
        flat = np.asarray(a, dtype=object).ravel()
    except Exception:
        return True
    return any(not isinstance(v, (int, np.integer, float, np.floating, complex)) for v in flat)


# the networks defined through a parent extend Network: imported after it, importable from here as before
from algnet.architectures.derived import DerivedNetwork, RestrictedNetwork  # noqa: E402
