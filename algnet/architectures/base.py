"""The ``Network`` interface shared by every architecture family.

A ``Network`` knows its parameter shapes, its forward pass (written once
against :class:`algnet.core.slp.Program`, hence evaluated over GF(p), QQ,
complex floats or polynomials with the same code), the coordinates of its
function space (the output monomials), its known symmetry group through the
Lie algebra of that group (tangent directions of the orbit at a parameter,
computed at that parameter), and its subnetworks.

Parameters are flat vectors theta in the order of ``param_shapes``
(row-major inside each array); :meth:`Network.unflatten` splits them.

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
from fractions import Fraction
from math import prod

import numpy as np

from algnet.architectures.closed_forms import ClosedForms
from algnet.architectures.interpolation import solve_interpolation, unisolvent_points
from algnet.core.backends import DegreeBound, Exact, ModP, TermBound
from algnet.core.monomials import count_monomials, monomial_name, monomials, monomials_up_to
from algnet.core.slp import Program
from algnet.errors import ParameterError, TooLargeError

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


class Network(ClosedForms):
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
        evaluation matrix; exact over QQ by default. Returns a list (one per
        output) of coefficient lists in :meth:`output_monomials` order.
        """
        B = as_backend(backend, p)
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

    # -------------------------------------------------------------- expansion
    def estimate_terms(self, param_terms=None) -> int:
        """Upper bound on the number of terms of the fully symbolic expansion
        (parameters and inputs as variables), summed over the outputs. ``param_terms`` (flat, one count per
        parameter): each parameter a polynomial of that many terms in other variables (a stratum's
        parametrization, :meth:`DerivedNetwork.estimate_terms`); default one term each.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> net = parse_spec("linear 1-1-1")                # w2 w1 x: 1 term; (a + b)(c + d) x: 4
        >>> net.estimate_terms(), net.estimate_terms([2, 2])
        (1, 4)
        """
        B = TermBound()
        P = self._program(np.zeros(self.n_params, dtype=np.int64), B)
        if param_terms is not None:
            counts = self.unflatten(np.asarray(param_terms, dtype=np.float64))
            for name, node in P.params.items():
                node.value = np.asarray(counts[name], dtype=np.float64).reshape(np.shape(node.value))
        y = self.forward(P, P.input(np.zeros((1,) + tuple(self.input_shape))))
        return int(min(np.sum(y.value), 1e18))

    def parameter_degree(self) -> int:
        """Upper bound on the total degree of the outputs in the parameters.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-2-2-1 r=2").parameter_degree()   # 1 + 2 + 4
        7
        """
        B = DegreeBound()
        params = {name: np.ones(shape) for name, shape in self.param_shapes}
        P = Program(B, params)
        for node in P.params.values():
            node.value = np.ones(node.value.shape)
        y = self.forward(P, P.input(np.zeros((1,) + tuple(self.input_shape))))
        return int(np.max(y.value))

    def expand(self, max_terms: int = 200_000, force: bool = False):
        """Explicit polynomials of the outputs in parameters and inputs.

        Returns ``(ctx, polys)``: a flint ``fmpq_mpoly_ctx`` whose variables
        are the parameter names followed by the input names, and one
        ``fmpq_mpoly`` per output. Refused with an estimate when the bound of
        :meth:`estimate_terms` exceeds ``max_terms`` unless ``force=True``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ctx, (f,) = parse_spec("linear 1-1-1").expand()
        >>> str(f)
        'W1[0,0]*W2[0,0]*x0'
        """
        from algnet.core.numbers import fmpq_mpoly_ctx

        est = self.estimate_terms()
        if est > max_terms and not force:
            raise TooLargeError(
                f"{self.spec}: the symbolic expansion may have up to {est} terms (limit {max_terms})",
                terms=est,
                hint="use evaluation-based analyses (dimension, implicitize, degree), expand_at(theta), or force=True")
        pnames = self.param_names()
        xnames = self.input_names()
        ctx = fmpq_mpoly_ctx.get(tuple(pnames + xnames), "degrevlex")
        gens = ctx.gens()
        theta = np.empty(self.n_params, dtype=object)
        for i in range(self.n_params):
            theta[i] = gens[i]
        X = np.empty((1,) + tuple(self.input_shape), dtype=object)
        X.reshape(-1)[:] = list(gens[self.n_params:])
        out = self.evaluate(theta, X, backend=Exact())
        return ctx, [ctx.from_dict({}) + v if isinstance(v, int) else v for v in out[0]]

    def expand_at(self, theta):
        """Explicit polynomials of f_theta in the inputs (exact rational theta).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ctx, (f,) = parse_spec("dense 2-2-1 r=2").expand_at([1, 0, 0, 1, 1, 1])
        >>> str(f)
        'x0^2 + x1^2'
        """
        from algnet.core.numbers import fmpq, fmpq_mpoly_ctx

        ctx = fmpq_mpoly_ctx.get(tuple(self.input_names()), "degrevlex")
        gens = ctx.gens()
        th = np.array([_to_fmpq(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
        X = np.empty((1,) + tuple(self.input_shape), dtype=object)
        X.reshape(-1)[:] = list(gens)
        out = self.evaluate(th, X, backend=Exact())
        return ctx, [v if not isinstance(v, (int, fmpq)) else ctx.from_dict({}) + v for v in out[0]]

    # ------------------------------------------------------------------ misc
    def __repr__(self):
        return f"<{type(self).__name__} {self.spec!r}: {self.n_params} parameters>"

    def __str__(self):
        return self.spec

    def __eq__(self, other):
        return isinstance(other, Network) and type(self) is type(other) and self.spec == other.spec

    def __hash__(self):
        return hash((type(self).__name__, self.spec))


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


def _has_objects(a) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == object
    try:
        flat = np.asarray(a, dtype=object).ravel()
    except Exception:
        return True
    return any(not isinstance(v, (int, np.integer, float, np.floating, complex)) for v in flat)


def _to_fmpq(t):
    from algnet.core.numbers import fmpq, fmpz

    if isinstance(t, Fraction):
        return fmpq(t.numerator, t.denominator)
    if isinstance(t, (int, np.integer)):
        return fmpq(int(t))
    if isinstance(t, (fmpq, fmpz)):
        return fmpq(t)
    if isinstance(t, str):
        f = Fraction(t)
        return fmpq(f.numerator, f.denominator)
    raise ParameterError(f"parameter {t!r} is not an exact rational", hint="use ints or fractions.Fraction")


