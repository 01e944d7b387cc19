"""ReLU networks: affine layers with biases, ReLU on the hidden layers.

``relu n0-n1-...-nd`` computes F(x) = A_d o ReLU o A_(d-1) o ... o ReLU o A_1 (x)
with A_l(h) = W_l h + b_l. The function is continuous and piecewise affine,
so there are no output monomials: the function space is not a finite
dimensional coordinate space and the polynomial-only methods of
:class:`~algnet.architectures.base.Network` raise ``NotApplicableError``.

Everything here is exact over QQ: the forward pass keeps the activation
pattern (the sign of every hidden pre-activation), and an input where some
hidden pre-activation is exactly zero (a non-smooth point of theta -> F_theta(x))
is reported, never silently differentiated.

Parameters (flat order): ``W1, b1, W2, b2, ..., Wd, bd`` (row-major), so
D = sum n_l (n_(l-1) + 1).

Random weights (:meth:`ReluNetwork.random_params`) are uniform on the dyadic
grid {m / 2^10 : m integer, |m| <= 2^10} of [-1, 1], independently for every
weight and bias (``bound`` and ``denominator`` change the grid).

Known symmetries: positive rescaling of each hidden neuron
(W_l[i,:], b_l[i]) -> s (W_l[i,:], b_l[i]), W_(l+1)[:,i] -> W_(l+1)[:,i] / s,
s > 0, and permutations of the hidden neurons.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("relu 2-5-3-3")
>>> net.n_params, net.dimension_bound
(45, 37)
>>> net = parse_spec("relu 1-2-1")
>>> theta = [1, -1, 0, 1, 1, 1, 0]        # F(x) = ReLU(x) + ReLU(-x + 1)
>>> net.evaluate(theta, [[3], [0.5]]).tolist()
[[Fraction(3, 1)], [Fraction(1, 1)]]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
import math
from math import factorial, lcm, prod

import numpy as np

from algnet.architectures.base import as_backend
from algnet.architectures.layers.activations import ReLU
from algnet.architectures.layers.linear import Linear
from algnet.architectures.relu_exact import exact_matmul, integer_abs_max, shrink_to_int64, to_fraction
from algnet.architectures.sequential import Sequential
from algnet.architectures.spec import parse_widths, register_family, split_options
from algnet.core.backends import Complex, Exact, ModP
from algnet.errors import NonSmoothPointError, NotApplicableError, NumericalError, ParameterError, SpecError

__all__ = ["ReluNetwork", "ForwardPass", "to_fraction", "exact_matmul", "integer_abs_max", "shrink_to_int64"]

_SRC_GLMW = "Grigsby-Lindsey-Meyerhoff-Wu 2022 (arXiv:2209.04036), Thm. 7.1"
_NA_HINT = ("a ReLU network computes a piecewise-affine function, not a polynomial: use "
            "algnet.relu.batch_functional_dimension / functional_dimension or algnet.relu.regions")


@dataclass(frozen=True)
class ForwardPass:
    """Exact forward pass of a batch.

    ``outputs``: (B, n_out) object array of Fractions; ``patterns``: one
    (B, n_l) int8 array per hidden layer with the sign (+1, 0, -1) of each
    pre-activation; ``nonsmooth``: indices of the samples where some hidden
    pre-activation is exactly zero.

    Examples
    --------
    >>> fp = ReluNetwork((1, 2, 1)).forward_exact([1, -1, 0, 1, 1, 1, 0], [[2]])
    >>> fp.outputs.tolist(), fp.pattern_strings()       # h = relu(2, -1) = (2, 0); f = h_1 + h_2
    ([[Fraction(2, 1)]], ['10'])
    """

    outputs: np.ndarray
    patterns: tuple
    nonsmooth: tuple

    def pattern_strings(self) -> list[str]:
        """One string per sample: '1' active, '0' inactive, 'z' exactly zero; layers joined by '|'."""
        out = []
        for b in range(self.outputs.shape[0]):
            out.append("|".join("".join("1" if s > 0 else ("z" if s == 0 else "0") for s in P[b])
                                for P in self.patterns))
        return out


class ReluNetwork(Sequential):
    """Fully connected ReLU network with biases.

    Parameters
    ----------
    widths : sequence of int
        (n_0, ..., n_d), at least two entries.

    Examples
    --------
    >>> net = ReluNetwork((2, 3, 1))
    >>> net.spec, net.n_params, [n for n, _ in net.param_shapes]
    ('relu 2-3-1', 13, ['W1', 'b1', 'W2', 'b2'])
    """

    family = "relu"
    polynomial = False
    homogeneous = False
    degree = 1
    symmetry_description = "positive rescaling of each hidden neuron; permutations of hidden neurons"

    def __init__(self, widths):
        widths = tuple(int(w) for w in widths)
        if len(widths) < 2 or any(w < 1 for w in widths):
            raise SpecError(f"widths {widths} must be at least two positive integers", token=str(widths),
                            hint="e.g. ReluNetwork((2, 5, 3, 3))")
        self.widths = widths
        self.depth = len(widths) - 1
        layers = []
        for l in range(1, self.depth + 1):
            layers.append(Linear(widths[l - 1], widths[l], bias=True))
            if l < self.depth:
                layers.append(ReLU())
        self.spec = "relu " + "-".join(map(str, widths))       # named in a refusal of the build's size checks
        self._build(layers)      # parameters W1, b1, W2, b2, ... as before
        self.spec = "relu " + "-".join(map(str, widths))
        self.symmetry_description = "positive rescaling of each hidden neuron; permutations of hidden neurons"

    # ------------------------------------------------------------ structure
    @property
    def hidden_widths(self) -> tuple:
        return self.widths[1:-1]

    @property
    def parameter_count(self) -> int:
        """D = sum n_l (n_(l-1) + 1) (computed from the shapes)."""
        return self.n_params

    @property
    def dimension_bound(self) -> int:
        """D' = D - (number of hidden neurons): the functional dimension never exceeds it."""
        return self.n_params - sum(self.hidden_widths)

    def random_params(self, seed=None, bound: int = 2**10, denominator: int = 2**10) -> np.ndarray:
        """Random rational weights m / denominator, m uniform in [-bound, bound].

        The default is the dyadic grid of step 2^-10 in [-1, 1], every weight
        and bias independent. Returns an object array of Fractions.

        Examples
        --------
        >>> net = ReluNetwork((1, 2, 1))
        >>> th = net.random_params(seed=0)
        >>> len(th), all(abs(t) <= 1 and (t * 1024).denominator == 1 for t in th)
        (7, True)
        >>> bool((th == net.random_params(seed=0)).all())
        True
        """
        if bound < 1 or denominator < 1:
            raise ParameterError("bound and denominator must be positive", hint="e.g. bound=1024, denominator=1024")
        m = self.random_numerators(seed, bound)
        out = np.empty(self.n_params, dtype=object)
        out[:] = [Fraction(int(v), denominator) for v in m]
        return out

    def random_numerators(self, seed=None, bound: int = 2**10, count: int | None = None) -> np.ndarray:
        """The integers m (int64, uniform in [-bound, bound]) of :meth:`random_params`: the weights are
        m / denominator. Cheap (no Fractions): estimates read the weights' lines from them before any
        exact weight is built. ``count``: only the first ``count`` of them (numpy draws them in order: the
        same values; the first layer of a network too large to hold).

        Examples
        --------
        >>> net = ReluNetwork((1, 2, 1))
        >>> [int(m) for m in net.random_numerators(seed=0)] == [t * 1024 for t in net.random_params(seed=0)]
        True
        >>> bool((net.random_numerators(seed=3, count=4) == net.random_numerators(seed=3)[:4]).all())
        True
        """
        rng = np.random.default_rng(seed)
        size = self.n_params if count is None else max(0, min(int(count), self.n_params))
        return rng.integers(-bound, bound + 1, size=size, dtype=np.int64)

    def random_inputs(self, count: int, seed=None, bound: int = 2**10, denominator: int = 2**9) -> np.ndarray:
        """Random rational inputs m / denominator, m uniform in [-bound, bound]
        (default: the grid of step 2^-9 in [-2, 2]); object array (count, n_0)."""
        rng = np.random.default_rng(seed)
        m = rng.integers(-bound, bound + 1, size=(count, self.widths[0]), dtype=np.int64)
        out = np.empty(m.shape, dtype=object)
        out[...] = [[Fraction(int(v), denominator) for v in row] for row in m]
        return out

    def rational_params(self, theta) -> np.ndarray:
        """theta as an object array of Fractions (floats converted exactly)."""
        th = np.asarray(theta, dtype=object).ravel()
        if th.shape[0] != self.n_params:
            raise ParameterError(f"{self.spec}: expected {self.n_params} parameters, got {th.shape[0]}",
                                 hint="order: " + ", ".join(f"{n}{tuple(s)}" for n, s in self.param_shapes))
        out = np.empty(self.n_params, dtype=object)
        out[:] = [to_fraction(t) for t in th.tolist()]
        return out

    def layers(self, theta) -> list:
        """[(W_l, b_l)] as object arrays of Fractions."""
        prm = self.unflatten(self.rational_params(theta))
        return [(prm[f"W{l}"], prm[f"b{l}"]) for l in range(1, self.depth + 1)]

    def integer_layers(self, theta) -> list:
        """[(A_l, c_l, q_l)] with W_l = A_l / q_l, b_l = c_l / q_l, q_l > 0 the
        least common denominator of layer l (A, c int64 when they fit).

        Examples
        --------
        >>> net = ReluNetwork((1, 1, 1))
        >>> [(A.tolist(), c.tolist(), q) for A, c, q in net.integer_layers(["1/2", "1/3", 2, 0])]
        [([[3]], [2], 6), ([[2]], [0], 1)]
        """
        out = []
        for W, b in self.layers(theta):
            q = 1
            for v in list(W.ravel()) + list(b.ravel()):
                q = lcm(q, v.denominator)
            A = np.array([[int(v * q) for v in row] for row in W], dtype=object).reshape(W.shape)
            c = np.array([int(v * q) for v in b], dtype=object)
            out.append((shrink_to_int64(A), shrink_to_int64(c), q))
        return out

    # ------------------------------------------------------------ evaluation
    def _rational_inputs(self, X):
        X = np.asarray(X, dtype=object)
        if X.ndim == 1 and X.shape[0] == self.widths[0]:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.widths[0]:
            raise ParameterError(f"{self.spec}: inputs must have shape (batch, {self.widths[0]}), got {X.shape}",
                                 hint="one row per sample")
        from algnet.relu.data import check_finite_points

        check_finite_points(X, "input", self.widths[0])      # an input, not a weight: say so
        R = np.empty(X.shape, dtype=object)
        R[...] = [[to_fraction(v) for v in row] for row in X.tolist()]
        return R

    def forward_exact(self, theta, X) -> ForwardPass:
        """Exact outputs and activation patterns of a batch (see :class:`ForwardPass`).

        Examples
        --------
        >>> net = ReluNetwork((1, 2, 1))
        >>> fp = net.forward_exact([1, -1, 0, 1, 1, 1, 0], [[2], [0], [1]])
        >>> fp.pattern_strings(), fp.nonsmooth
        (['10', 'z1', '1z'], (1, 2))
        """
        X = self._rational_inputs(X)
        Bn = X.shape[0]
        s = [lcm(*(v.denominator for v in row)) if len(row) else 1 for row in X.tolist()]
        H = np.array([[int(X[b, i] * s[b]) for b in range(Bn)] for i in range(X.shape[1])],
                     dtype=object).reshape(X.shape[1], Bn)
        H = shrink_to_int64(H)
        S = np.array(s, dtype=object)
        patterns, bad = [], set()
        for l, (A, c, q) in enumerate(self.integer_layers(theta), start=1):
            N = exact_matmul(A, H)
            N = N.astype(object) + np.outer(c.astype(object), S)
            S = S * q
            if l < self.depth:
                sg = np.sign(N).astype(np.int8) if N.dtype != object else np.array(
                    [[(v > 0) - (v < 0) for v in row] for row in N.tolist()], dtype=np.int8).reshape(N.shape)
                patterns.append(sg.T.copy())
                bad.update(np.nonzero((sg == 0).any(axis=0))[0].tolist())
                H = shrink_to_int64(N * (sg > 0))
            else:
                H = N
        out = np.empty((Bn, self.widths[-1]), dtype=object)
        for b in range(Bn):
            for k in range(self.widths[-1]):
                out[b, k] = Fraction(int(H[k, b]), int(S[b]))
        return ForwardPass(out, tuple(patterns), tuple(sorted(bad)))

    def activation_patterns(self, theta, X) -> list[str]:
        """Activation pattern strings of a batch (see :meth:`ForwardPass.pattern_strings`)."""
        return self.forward_exact(theta, X).pattern_strings()

    def _float_forward(self, theta, X):
        th = np.array([self._float_of(to_fraction(t), "weight") for t in np.asarray(theta, dtype=object).ravel()])
        prm = self.unflatten(th)
        from algnet.relu.data import check_finite_points

        rows = np.asarray(X, dtype=object).reshape(-1, self.widths[0])
        check_finite_points(rows, "input", self.widths[0])      # an input, not a weight: say so
        X = np.asarray(np.array([[self._float_of(to_fraction(v), "input") for v in row] for row in rows]), dtype=float)
        H = X.T
        masks, Hs = [], [H]
        # values beyond float64's range give inf/nan here: refused below, never an answer (no numpy warning)
        with np.errstate(over="ignore", invalid="ignore"):
            for l in range(1, self.depth + 1):
                N = prm[f"W{l}"].astype(float) @ H + prm[f"b{l}"].astype(float)[:, None]
                if l < self.depth:
                    m = N > 0
                    masks.append(m)
                    H = N * m
                    Hs.append(H)
                else:
                    H = N
        self._check_float(H, "the outputs F(x)")
        return H.T, masks, Hs, prm

    def _float_of(self, v, what: str) -> float:
        """float(v) of an exact weight or input; one beyond float64's range is refused (NumericalError)."""
        try:
            return float(v)
        except OverflowError:
            f = Fraction(v)
            e = int(math.log10(abs(f.numerator)) - math.log10(f.denominator))   # math.log10 takes huge ints
            raise NumericalError(f"{self.spec}: an {what} of about 10^{e} is beyond the float64 range (1.8e308)",
                                 hint="use the exact computation (the default backend) instead of floats") from None

    def _check_float(self, A, what: str) -> None:
        """Refuse (NumericalError) a float64 result that overflowed: an answer from inf or nan would be wrong."""
        if not np.all(np.isfinite(A)):
            raise NumericalError(f"{self.spec}: {what} overflowed float64 (values beyond 1.8e308: the weights or "
                                 "inputs are too large for floating point)",
                                 hint="use the exact computation (the default backend), or rescale the inputs")

    def evaluate(self, theta, X, backend=None, p: int | None = None) -> np.ndarray:
        """F_theta at a batch: exact Fractions by default; ``p=`` the value
        modulo p (the activation pattern is decided exactly first);
        ``backend=Complex()`` float64 values (as complex128).

        Examples
        --------
        >>> net = ReluNetwork((1, 1, 1))
        >>> net.evaluate([1, 0, 2, "1/3"], [[-1], [2]]).tolist()
        [[Fraction(1, 3)], [Fraction(13, 3)]]
        >>> net.evaluate([1, 0, 2, "1/3"], [[2]], p=7).tolist()    # 13/3 = 13 * 5 = 2 mod 7
        [[2]]
        """
        if backend is None and p is None or isinstance(backend, Exact):
            return self.forward_exact(theta, X).outputs
        B = as_backend(backend, p)
        if isinstance(B, Complex):
            return self._float_forward(theta, X)[0].astype(complex)
        if isinstance(B, ModP):
            vals = self.forward_exact(theta, X).outputs
            return np.array([[B.const(v) for v in row] for row in vals], dtype=np.int64).reshape(vals.shape)
        raise NotApplicableError(f"{self.spec}: backend {B!r} is not supported", hint=_NA_HINT)

    def jacobian(self, theta, X, C=None, backend=None, p: int | None = None, on_nonsmooth: str = "raise",
                 forward: ForwardPass | None = None) -> np.ndarray:
        """Rows of the Jacobian of theta -> F_theta(x) (weights and biases).

        Exact (Fractions) by default, modulo ``p`` with ``p=`` (the activation
        pattern is decided exactly over QQ, so the result is the reduction of
        the exact Jacobian), float64 with ``backend=Complex()`` (pattern
        decided in floating point). Row order as in the base class: with
        ``C=None`` one row per (sample, output). At a sample where some hidden
        pre-activation is exactly zero the map is not differentiable:
        ``NonSmoothPointError`` (``on_nonsmooth="raise"``). ``forward`` may pass
        the :meth:`forward_exact` of the same (theta, X) to reuse its patterns.

        Examples
        --------
        >>> net = ReluNetwork((1, 1, 1))
        >>> net.jacobian([1, 0, 2, 0], [[3]]).tolist()       # F = w2 ReLU(w1 x + b1) + b2
        [[6, 2, 3, 1]]
        >>> net.jacobian([1, 0, 2, 0], [[0]])
        Traceback (most recent call last):
        ...
        algnet.errors.NonSmoothPointError: relu 1-1-1: 1 input(s) lie on the boundary of an activation region
        (first: sample 0)
          hint: ...
        """
        floatmode = isinstance(backend, Complex)
        if floatmode:
            _, masks, Hs, prm = self._float_forward(theta, X)
            Bn = Hs[0].shape[1]
            Bk = None
        else:
            Bk = Exact() if (backend is None and p is None) else as_backend(backend, p)
            fp = forward if forward is not None else self.forward_exact(theta, X)
            if fp.nonsmooth and on_nonsmooth == "raise":
                raise NonSmoothPointError(
                    f"{self.spec}: {len(fp.nonsmooth)} input(s) lie on the boundary of an activation region "
                    f"(first: sample {fp.nonsmooth[0]})", samples=fp.nonsmooth,
                    hint="move the inputs off the bent hyperplanes, or drop them "
                         "(batch_functional_dimension(..., on_nonsmooth='drop'))")
            masks = [(P.T > 0) for P in fp.patterns]
            Xr = self._rational_inputs(X)
            Bn = Xr.shape[0]
            prm = {k: Bk.asarray(v) for k, v in self.unflatten(self.rational_params(theta)).items()}
            if isinstance(Bk, Exact):
                prm = {k: np.vectorize(lambda v: Bk.const(v), otypes=[object])(v) for k, v in prm.items()}
            H = Bk.asarray(Xr.T.copy())
            if isinstance(Bk, Exact):
                H = np.vectorize(lambda v: Bk.const(v), otypes=[object])(H)
            Hs = [H]
            for l in range(1, self.depth):
                N = Bk.add(Bk.matmul(prm[f"W{l}"], H), prm[f"b{l}"].reshape(-1, 1))
                H = Bk.mul(N, masks[l - 1].astype(np.int64))
                Hs.append(H)
        nout = self.widths[-1]
        if C is None:
            rep = nout
            Cm = np.tile(np.eye(nout, dtype=np.int64), (Bn, 1))
        else:
            Cm = np.asarray(C)
            if Cm.shape != (Bn, nout):
                raise ParameterError(f"C must have shape ({Bn}, {nout}), got {Cm.shape}",
                                     hint="one covector per sample")
            rep = 1
        idx = np.repeat(np.arange(Bn), rep)
        if floatmode:
            G = Cm.T.astype(float)
            Hs = [h[:, idx] for h in Hs]
            masks = [m[:, idx] for m in masks]
            mul = np.multiply
        else:
            G = Bk.asarray(Cm.T)
            Hs = [h[:, idx] for h in Hs]
            masks = [m[:, idx] for m in masks]
            mul = Bk.mul
        with np.errstate(over="ignore", invalid="ignore"):     # floats: checked below, never a warning
            J = self._jacobian_blocks(G, Hs, masks, prm, mul, floatmode, Bk)
        if floatmode:
            self._check_float(J, "the float64 Jacobian")
        return J

    def _jacobian_blocks(self, G, Hs, masks, prm, mul, floatmode, Bk):
        """The Jacobian's columns, layer by layer backwards from the covectors G (columns of the rows)."""
        blocks = {}
        for l in range(self.depth, 0, -1):
            Hp = Hs[l - 1]
            R = G.shape[1]
            dW = mul(G.T[:, :, None], Hp.T[:, None, :]).reshape(R, -1)
            blocks[f"W{l}"] = dW
            blocks[f"b{l}"] = G.T
            if l > 1:
                Wt = prm[f"W{l}"].T
                G = (Wt @ G) if floatmode else Bk.matmul(Wt, G)
                G = mul(G, masks[l - 2].astype(np.int64))
        return np.concatenate([blocks[n] for n, _ in self.param_shapes], axis=1)

    def integer_jacobian(self, theta, X, forward: ForwardPass | None = None) -> np.ndarray:
        """The Jacobian (C=None row order) with each row multiplied by a positive
        integer (s_b q_1 ... q_d: input and weight denominators) so that every
        entry is an integer; same rank and kernel as :meth:`jacobian`. Object
        array of Python ints.

        Examples
        --------
        >>> net = ReluNetwork((1, 1, 1))
        >>> net.integer_jacobian(["1/2", 0, 3, 0], [["1/3"]]).tolist()   # J = [1, 3, 1/6, 1] times 6
        [[6, 18, 1, 6]]
        """
        fp = forward if forward is not None else self.forward_exact(theta, X)
        if fp.nonsmooth:
            raise NonSmoothPointError(
                f"{self.spec}: {len(fp.nonsmooth)} input(s) lie on the boundary of an activation region "
                f"(first: sample {fp.nonsmooth[0]})", samples=fp.nonsmooth, hint="move or drop these inputs")
        Xr = self._rational_inputs(X)
        Bn = Xr.shape[0]
        sb = [lcm(*(v.denominator for v in row)) if len(row) else 1 for row in Xr.tolist()]
        H = np.array([[int(Xr[b, i] * sb[b]) for b in range(Bn)] for i in range(Xr.shape[1])],
                     dtype=object).reshape(Xr.shape[1], Bn)
        S = np.array(sb, dtype=object)
        L = self.integer_layers(theta)
        qs = [q for _, _, q in L]
        Hs = [H]
        for l in range(1, self.depth):
            A, c, q = L[l - 1]
            N = np.asarray(A, dtype=object) @ H + np.outer(np.asarray(c, dtype=object), S)
            S = S * q
            H = N * (fp.patterns[l - 1].T > 0)
            Hs.append(H)
        nout = self.widths[-1]
        idx = np.repeat(np.arange(Bn), nout)
        Hs = [h[:, idx] for h in Hs]
        sr = np.array(sb, dtype=object)[idx]
        masks = [(P.T > 0)[:, idx] for P in fp.patterns]
        G = np.tile(np.eye(nout, dtype=np.int64), (Bn, 1)).T.astype(object)
        R = G.shape[1]
        Qle = [1]
        for q in qs:
            Qle.append(Qle[-1] * q)   # Qle[l] = q_1 ... q_l
        blocks = {}
        for l in range(self.depth, 0, -1):
            ql = qs[l - 1]
            blocks[f"W{l}"] = (G.T[:, :, None] * Hs[l - 1].T[:, None, :]).reshape(R, -1) * ql
            blocks[f"b{l}"] = G.T * (sr * Qle[l])[:, None]
            if l > 1:
                A = np.asarray(L[l - 1][0], dtype=object)
                G = (A.T @ G) * masks[l - 2]
        return np.concatenate([blocks[n] for n, _ in self.param_shapes], axis=1)

    # ------------------------------------------------------ not polynomial
    def output_monomials(self):
        raise NotApplicableError(f"{self.spec}: a ReLU network has no output monomials", hint=_NA_HINT)

    def monomial_count(self):
        raise NotApplicableError(f"{self.spec}: a ReLU network has no output monomials", hint=_NA_HINT)

    @property
    def ambient_dimension(self):
        raise NotApplicableError(f"{self.spec}: the function space of a ReLU network has no finite coordinate "
                                 "space; its dimension is the functional dimension", hint=_NA_HINT)

    def coordinate_names(self):
        raise NotApplicableError(f"{self.spec}: no monomial coordinates", hint=_NA_HINT)

    def coefficients(self, theta, backend=None, p=None, seed=0):
        raise NotApplicableError(f"{self.spec}: no monomial coefficients", hint=_NA_HINT)

    def estimate_terms(self):
        raise NotApplicableError(f"{self.spec}: no symbolic expansion of a ReLU network", hint=_NA_HINT)

    def expand(self, max_terms: int = 200_000, force: bool = False):
        raise NotApplicableError(f"{self.spec}: no symbolic expansion of a ReLU network", hint=_NA_HINT)

    def expand_at(self, theta):
        raise NotApplicableError(f"{self.spec}: a ReLU network is piecewise affine; see its regions",
                                 hint="algnet.relu.regions.linear_regions(net, theta) gives the affine map of every "
                                      "region")

    # ---------------------------------------------------------- symmetries
    def symmetry_tangents(self, theta, backend=None, p: int | None = None) -> np.ndarray:
        """Tangents of the positive-rescaling orbit at theta: for hidden neuron i
        of layer l the row has W_l[i,:], b_l[i] on its incoming weights and
        -W_(l+1)[:,i] on its outgoing ones (d/dt at t = 0 of scaling by e^t).

        Examples
        --------
        >>> net = ReluNetwork((1, 1, 1))
        >>> net.symmetry_tangents([2, 3, 5, 7]).tolist()
        [[2, 3, -5, 0]]
        """
        B = as_backend(backend, p)
        th = self.rational_params(theta)
        prm = self.unflatten(th)
        offs, i = {}, 0
        for name, shape in self.param_shapes:
            offs[name] = i
            i += prod(shape)
        rows = []
        for l in range(1, self.depth):
            n_in = self.widths[l - 1]
            n_out = self.widths[l + 1]
            for j in range(self.widths[l]):
                row = [Fraction(0)] * self.n_params
                for k in range(n_in):
                    row[offs[f"W{l}"] + j * n_in + k] = prm[f"W{l}"][j, k]
                row[offs[f"b{l}"] + j] = prm[f"b{l}"][j]
                for k in range(n_out):
                    row[offs[f"W{l + 1}"] + k * self.widths[l] + j] = -prm[f"W{l + 1}"][k, j]
                rows.append(row)
        if not rows:
            return B.zeros((0, self.n_params))
        M = np.array(rows, dtype=object)
        if isinstance(B, Exact):
            return np.vectorize(B.const, otypes=[object])(M)
        if isinstance(B, Complex):
            return M.astype(float).astype(complex)
        return B.asarray(M)

    def finite_symmetry_order(self) -> int:
        return prod(factorial(w) for w in self.hidden_widths)

    def expected_dimension(self):
        """None: the functional dimension of a ReLU network varies with theta
        (see :attr:`dimension_bound` for the upper bound D')."""
        return None


@register_family("relu")
def _parse(tokens, spec):
    pos, _, _ = split_options(tokens, spec, set(), set())
    if len(pos) != 1:
        raise SpecError(f"bad spec {spec!r}: relu takes exactly one widths token like 2-5-3-3",
                        token=" ".join(pos), hint="e.g. relu 2-5-3-3")
    return ReluNetwork(parse_widths(pos[0], spec))
