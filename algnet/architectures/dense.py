"""Dense (fully connected) networks: linear and polynomial activations.

``linear W0-...-WL`` computes x -> W_L ... W_1 x; its neuromanifold is the
determinantal variety of d_L x d_0 matrices of rank <= min(widths).

``dense W0-...-WL r=R [bias] [act=c0,c1,...]`` applies sigma(t) = t^R (or
the polynomial sum c_k t^k) coordinatewise after every layer but the last.
Without bias and with a monomial activation every output is a form of
degree R^(L-1) in d_0 variables.

Known symmetries (tangents computed at the given parameter):

* monomial activation t^R, R >= 2: rescaling of each hidden neuron,
  W_l[i,:] -> s W_l[i,:] (and b_l[i] -> s b_l[i]), W_(l+1)[:,i] -> s^-R W_(l+1)[:,i];
  permutations of hidden neurons (finite part).
* linear (R = 1): GL(d_l) at each hidden layer (with biases, also the
  affine translations of the hidden layer).
* other polynomial activations: no continuous symmetry is assumed.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("dense 3-2-1 r=2")
>>> net.n_params, net.degree, net.ambient_dimension, net.expected_dimension()[0]
(8, 2, 6, 6)
>>> parse_spec("linear 4-2-3").expected_dimension()[0]
10
"""

from __future__ import annotations

from fractions import Fraction
import numpy as np

from algnet.architectures.layers.activations import MAX_EXPONENT, Polynomial, Power, check_exponent
from algnet.architectures.layers.base import PlannedLayer, as_bool
from algnet.architectures.layers.linear import Linear
from algnet.architectures.sequential import Sequential
from algnet.architectures.spec import (activation_option, parse_int_list, parse_widths, register_family, require,
                                      split_options)
from algnet.errors import SpecError
from algnet.formulas import (
    dense_bound_pieces,
    dense_dimension_bound,
    dense_expected_dimension,
    determinantal_degree,
    determinantal_dimension,
    eckart_young_ed_degree,
)

__all__ = ["DenseNetwork", "LinearNetwork"]

_SRC_KTB = "Kileel-Trager-Bruna 2019 (arXiv:1905.12207)"
_SRC_DET = "Bruns-Vetter, Determinantal Rings, Prop. 1.1"


class DenseNetwork(Sequential):
    """Fully connected network with a polynomial activation (a preset of
    :class:`~algnet.architectures.sequential.Sequential`: Linear layers with
    Power or Polynomial activations between them).

    Parameters
    ----------
    widths : sequence of int
        (d_0, ..., d_L), at least two entries.
    r : int or sequence of int
        Exponent of the monomial activation t^r (ignored if ``act`` is given),
        or one exponent per hidden layer.
    bias : bool
        Affine layers (then the outputs are inhomogeneous).
    act : sequence of rationals, optional
        Coefficients (c_0, ..., c_D) of a general polynomial activation.

    Examples
    --------
    >>> DenseNetwork((2, 2, 3), r=2).spec
    'dense 2-2-3 r=2'
    >>> DenseNetwork((2, 2, 1), act=(0, 1, 1)).spec
    'dense 2-2-1 act=0,1,1'
    >>> DenseNetwork((3, 3, 5, 1), r=(2, 4)).degree
    8
    """

    family = "dense"

    def __init__(self, widths, r=2, bias: bool = False, act=None):
        try:
            widths = tuple(map(int, widths))
        except (TypeError, ValueError):
            raise SpecError(f"widths {widths!r} must be integers", token=str(widths),
                            hint="e.g. DenseNetwork((3, 2, 1), r=2)") from None
        if len(widths) < 2 or min(widths) < 1:
            raise SpecError(f"widths {widths} must be at least two positive integers", token=str(widths),
                            hint="e.g. DenseNetwork((3, 2, 1), r=2)")
        L = len(widths) - 1
        if L == 1 and type(self) is DenseNetwork:
            w = "-".join(map(str, widths))
            given = "act=" + ",".join(map(str, act)) if act is not None else f"r={r}"
            raise SpecError(f"dense {w} has no hidden layer, so no activation: {given} would change nothing",
                            token=given, hint=f"write linear {w}" + (" bias" if bias is True else "")
                            + " (one linear layer), or add a hidden layer, e.g. dense " + "-".join(
                                map(str, (widths[0], widths[0], widths[1]))) + f" {given}")
        bias = as_bool(bias, "bias", type(self).__name__)
        if act is not None:
            written = "act=" + ",".join(map(str, act))
            act = tuple(Fraction(c) for c in act)
            while len(act) > 1 and act[-1] == 0:
                act = act[:-1]
            if len(act) < 2:
                raise SpecError(f"activation {written} is constant", token="act",
                                hint="give at least a linear term, e.g. act=0,1,1 for x + x^2")
            nz = [k for k, c in enumerate(act) if c != 0]
            if len(nz) == 1 and act[nz[0]] == 1:
                r, act = nz[0], None
        if act is None:
            rs = tuple(r) if isinstance(r, (tuple, list)) else (r,) * max(L - 1, 1)
            if isinstance(r, (tuple, list)) and len(rs) != max(L - 1, 0):
                raise SpecError(f"{len(rs)} activation degrees r={','.join(map(str, rs))} for {L - 1} hidden layers",
                                token=f"r={','.join(map(str, rs))}", hint="give one degree per hidden layer, or one r")
            for x in rs:
                if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < 1:
                    raise SpecError(f"activation exponent r={x} must be a positive integer", token=f"r={x}",
                                    hint="r=1 is a linear network, r>=2 a polynomial one")
            rs = tuple(map(int, rs))
            for x in set(rs):
                if x > MAX_EXPONENT:        # (check_exponent refuses it, naming the spec)
                    check_exponent(x, f"dense {'-'.join(map(str, widths))} r={x}")
            if len(set(rs)) <= 1:
                r = rs[0] if rs else int(r)
            else:
                r = rs
        self.widths = widths
        self.L = L
        self.r = r if act is None else None
        self.act = act
        self.bias = bias
        self._coeffs = (None if act is None and isinstance(r, tuple)
                        else (act if act is not None else tuple([0] * r + [1])))
        self.spec = self._make_spec()
        self._build_later("_made_plan")   # the widths are checked: the layers fit; built when first needed
        if act is not None:
            self.symmetry_description = "permutations of hidden neurons (no continuous symmetry assumed)"
        elif self.r == 1:
            self.symmetry_description = "GL(d_l) at each hidden layer" + (" and affine translations" if bias else "")
        else:
            self.symmetry_description = "rescaling of each hidden neuron (t, t^-r); permutations of hidden neurons"

    def _plan(self) -> list:
        """Linear layers of the widths, each hidden one followed by its activation (t^r, or the polynomial ``act``;
        none for a degree-one t, the identity), as planned layers (:meth:`Sequential._plan`).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 2-1-1-1 r=1,3")._plan()[1:3]
        [PlannedLayer(Linear, {'d_in': 1, 'd_out': 1, 'bias': False}), PlannedLayer(Power, {'r': 3})]
        >>> [p.make() for p in parse_spec("dense 2-2-1 act=1,1")._plan()]
        [Linear(2, 2), Polynomial(1, 1), Linear(2, 1)]
        """
        plan, degs, w = [], self.hidden_degrees(), self.widths
        for l in range(1, self.L + 1):
            plan.append(PlannedLayer(Linear, d_in=w[l - 1], d_out=w[l], bias=self.bias))
            # a degree-one activation is skipped only when it is the identity: act=1,1 (t -> 1 + t) was dropped
            if l < self.L and (degs[l - 1] != 1 or self.act is not None):
                plan.append(PlannedLayer(Polynomial, coeffs=self.act) if self.act is not None
                            else PlannedLayer(Power, r=degs[l - 1]))
        return plan

    def hidden_degrees(self) -> tuple:
        """Activation degree of each hidden layer (the polynomial's degree for ``act=``)."""
        if self.act is not None:
            return (len(self.act) - 1,) * (self.L - 1)
        if isinstance(self.r, tuple):
            return self.r
        return (self.r,) * (self.L - 1)

    def _make_spec(self) -> str:
        s = f"dense {'-'.join(map(str, self.widths))}"
        if self.act is not None:
            s += " act=" + ",".join(str(c) for c in self.act)
        elif isinstance(self.r, tuple):
            s += " r=" + ",".join(map(str, self.r))
        else:
            s += f" r={self.r}"
        if self.bias:
            s += " bias"
        return s

    def input_names(self):
        return [f"x{i}" for i in range(self.widths[0])]

    def expected_dimension(self):
        """(expected dimension, source): determinantal for r = 1; for x^r the
        Kileel–Trager–Bruna count lowered by narrow layers
        (:func:`algnet.formulas.dense_bottleneck_dimension`, a proved upper
        bound; the plain count is :meth:`ktb_dimension`). The source says
        which is used. Defects of secant varieties (Alexander–Hirschowitz, a
        quadratic last activation) are not expected: they show as a defect.
        None with biases or a general polynomial.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 2-2-3-1 r=3").expected_dimension()
        (6, 'the Kileel-Trager-Bruna count 8 (arXiv:1905.12207) bounded by narrow layers
        (algnet.formulas.dense_bottleneck_dimension: bottleneck at layer 1)')
        """
        if self.bias or self.act is not None:
            return None
        if self.r == 1:
            return determinantal_dimension(self.widths[-1], self.widths[0], min(self.widths)), _SRC_DET
        ktb = dense_expected_dimension(self.widths, self.hidden_degrees())
        bound, reasons = dense_dimension_bound(self.widths, self.hidden_degrees(), rescalings_only=True)
        if bound < ktb:
            return bound, (f"the Kileel-Trager-Bruna count {ktb} (arXiv:1905.12207) bounded by narrow layers "
                           f"(algnet.formulas.dense_bottleneck_dimension: {', '.join(reasons)})")
        return ktb, _SRC_KTB

    def segre_veronese(self):
        """A first hidden layer of width one (activations t^r, no bias): every output is a multiple of one power
        (a . x)^D of a linear form, D the product of the hidden degrees, so M is the cone over the Veronese
        variety v_D(P^{d_0-1}) for one output, over the Segre-Veronese variety P^{d_0-1} x P^{d_L-1} embedded by
        O(D, 1) for d_L outputs (it was recognised for d-1-1 only).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-1-1 r=2").segre_veronese()[:2], parse_spec("dense 2-1-2-3 r=2").segre_veronese()[:2]
        (((2,), (2,)), ((1, 2), (4, 1)))
        """
        w = self.widths
        if self.bias or self.act is not None or len(w) < 3 or w[1] != 1 or w[0] < 2:
            return None
        D = 1
        for r in self.hidden_degrees():
            D *= r
        if D < 2:
            return None
        if w[-1] == 1:
            return (w[0] - 1,), (D,), "Veronese variety (powers of linear forms)"
        return (w[0] - 1, w[-1] - 1), (D, 1), "Segre-Veronese variety (a vector times a power of a linear form)"

    def segre_veronese_isometric(self) -> bool:
        """True for a bias-free network whose first hidden layer has width one and several outputs
        (:meth:`segre_veronese` a vector times a power): output j is v_j (a . x)^D, its coefficient of x^alpha is
        v_j multinomial(D; alpha) a^alpha, and the Bombieri-Weyl norm (weights 1 / multinomial, the same for
        every output) is ``|v|^2 |a|^(2D)``, the Frobenius norm of the tensor a^(x D) (x) v: the coefficient space is
        isometric to the partially symmetric tensors, M to their rank-one cone.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> [parse_spec(s).segre_veronese_isometric() for s in ("dense 3-1-2 r=2", "dense 3-1-1 r=2")]
        [True, False]
        """
        sv = self.segre_veronese()
        if sv is None or self.bias or self.act is not None or self.widths[1] != 1:
            return False
        dims, degs = sv[0], sv[1]
        return len(dims) == 2 and degs[1] == 1 and degs[0] >= 2

    def symmetric_matrices(self):
        """(n, s) for the bias-free dense n-s-1 with t^2: f = sum_i a_i (w_i . x)^2 = x^T S x, S = W^T diag(a) W the
        symmetric n x n matrices of rank <= s. The coefficient of x_i^2 is S_ii (Bombieri-Weyl weight 1), of
        x_i x_j (i < j) 2 S_ij (weight 1/2): the Bombieri-Weyl norm is sum_i S_ii^2 + 2 sum_(i<j) S_ij^2 = ``|S|_F^2``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 4-2-1 r=2").symmetric_matrices(), parse_spec("dense 4-2-1 r=3").symmetric_matrices()
        ((4, 2), None)
        """
        if (self.bias or self.act is not None or len(self.widths) != 3 or self.widths[2] != 1
                or tuple(self.hidden_degrees()) != (2,)):
            return None
        return int(self.widths[0]), int(self.widths[1])

    def proved_dimension_bound(self, known: dict | None = None):
        """(bound, source): a proved upper bound on the dimension from narrow layers and secant theorems
        (:func:`algnet.formulas.dense_dimension_bound`, whose docstring derives it), or None (biases, a
        general polynomial, a degree below 2). ``known`` maps specs of the pieces
        (:meth:`dimension_bound_pieces`) to their certified dimensions, used in place of their bounds. Used by
        :func:`algnet.analyses.bounds.upper_bound`: a modular rank that meets it is certified without a search.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 2-1-2-1 r=2").proved_dimension_bound()
        (2, 'algnet.formulas.dense_dimension_bound: bottleneck at layer 1')
        >>> parse_spec("dense 3-5-2-1 r=3").proved_dimension_bound({"dense 3-5-2 r=3": 19})[0]
        19
        """
        degs = self.hidden_degrees()
        if self.bias or self.act is not None or not degs or min(degs) < 2:
            return None
        pieces = None
        if known:
            from algnet.architectures.spec import parse_spec

            pieces = {(tuple(n.widths), tuple(n.hidden_degrees())): int(v)
                      for n, v in ((parse_spec(k), v) for k, v in known.items())}
        bound, reasons = dense_dimension_bound(self.widths, degs, known=pieces)
        return bound, "algnet.formulas.dense_dimension_bound: " + ", ".join(reasons)

    def dimension_bound_pieces(self) -> list:
        """Specs of the smaller networks whose bounds enter :meth:`proved_dimension_bound`, smallest first
        (:func:`algnet.formulas.dense_bound_pieces`); empty when there is no such bound.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-5-2-1 r=3").dimension_bound_pieces()
        ['dense 2-2-1 r=3', 'dense 5-2-1 r=3', 'dense 3-5-2 r=3']
        """
        degs = self.hidden_degrees()
        if self.bias or self.act is not None or not degs or min(degs) < 2:
            return []
        return [f"dense {'-'.join(map(str, w))} r={','.join(map(str, d))}"
                for w, d in dense_bound_pieces(self.widths, degs)]

    def ktb_dimension(self):
        """The plain Kileel–Trager–Bruna count min(params - hidden widths, ambient), or None."""
        if self.bias or self.act is not None or self.r == 1:
            return None
        return dense_expected_dimension(self.widths, self.hidden_degrees())


class LinearNetwork(DenseNetwork):
    """Linear network x -> W_L ... W_1 x (a determinantal variety).

    Examples
    --------
    >>> LinearNetwork((4, 2, 3)).spec
    'linear 4-2-3'
    """

    family = "linear"

    def __init__(self, widths, bias: bool = False):
        super().__init__(widths, r=1, bias=bias)

    def _make_spec(self):
        return f"linear {'-'.join(map(str, self.widths))}" + (" bias" if self.bias else "")

    def expected_ed_degree(self):
        """Eckart-Young: the Frobenius ED degree binom(min(m, n), r) of rank <= r matrices. With biases the
        function x -> W x + b has the coordinates (W, b), W = W_L ... W_1 of rank <= r and b free (b_L is), so M is
        the determinantal variety times C^m, orthogonally: the same critical points in W, b = the target's.

        Examples
        --------
        >>> LinearNetwork((3, 1, 3), bias=True).expected_ed_degree()[0]
        3
        """
        m, n, r = self.widths[-1], self.widths[0], min(self.widths)
        src = f"Eckart-Young: binom(min({m}, {n}), {r})"
        if self.bias:
            src += " (biases: M = rank <= r matrices x C^m, an orthogonal product)"
        return eckart_young_ed_degree(m, n, r), src

    def segre_veronese(self):
        """A bottleneck of width one gives the rank-one matrices: the Segre variety P^{n-1} x P^{m-1}."""
        w = self.widths
        if self.bias or len(w) < 3 or min(w[1:-1]) != 1:
            return None
        return (w[0] - 1, w[-1] - 1), (1, 1), "Segre variety of rank-one matrices"

    def dual_segre_veronese(self):
        """A bottleneck one below the smaller outer width: the m x n matrices of rank <= min(m, n) - 1, whose
        dual variety is the Segre variety of rank-one matrices P^{n-1} x P^{m-1} (Gelfand-Kapranov-Zelevinsky,
        Ch. 1, Prop. 4.11: the dual of rank <= r is rank <= min(m, n) - r)."""
        w = self.widths
        if self.bias or len(w) < 3:
            return None
        m, n, r = w[-1], w[0], min(w)
        if r != min(m, n) - 1 or r < 1:
            return None
        return (n - 1, m - 1), (1, 1), (f"dual of the {m}x{n} matrices of rank <= {r}: the Segre variety of "
                                        "rank-one matrices")

    def bias_free_factor(self):
        """The bias-free linear network of the same widths when this one has biases: x -> W x + b with
        W = W_L ... W_1 of rank <= r and b free (b_L is), M = M_0 x C^m. For l(c) = (c - u)^T Q (c - u) the biases
        enter linearly: d l / d b = 0 gives b as an affine function of W, and substituting it leaves
        (W - u_W)^T S (W - u_W) + const with S the Schur complement of the biases' block of Q. Critical points on
        M_0 x C^m and on M_0 (form S, target u_W) correspond one to one, smooth points to smooth points; S is
        generic when Q is, so the generic ED degree is M_0's.

        Examples
        --------
        >>> LinearNetwork((3, 1, 3), bias=True).bias_free_factor().spec, LinearNetwork((3, 1, 3)).bias_free_factor()
        ('linear 3-1-3', None)
        """
        return LinearNetwork(self.widths) if self.bias else None

    def expected_degree(self):
        """The degree of the determinantal variety (bias-free), with its source.

        Examples
        --------
        >>> LinearNetwork((3, 1, 3)).expected_degree()[0]
        6
        """
        if self.bias:
            return None
        m, n, r = self.widths[-1], self.widths[0], min(self.widths)
        return determinantal_degree(m, n, r), (
            f"determinantal variety: {m}x{n} matrices of rank <= {r} (Harris, Algebraic Geometry, Ex. 19.10)")

    def coordinate_names(self):
        """Matrix entries ``a[i,j]`` (output i, input j) of the end-to-end matrix."""
        if self.bias:
            return super().coordinate_names()
        return [f"a[{i},{j}]" for i in range(self.widths[-1]) for j in range(self.widths[0])]


@register_family("linear")
def _parse_linear(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, set(), {"bias"})
    require(len(pos) == 1, spec, " ".join(pos) or "(missing)", "linear needs one widths token like 4-2-3")
    return LinearNetwork(parse_widths(pos[0], spec), bias="bias" in flags)


@register_family("dense")
def _parse_dense(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"r", "act"}, {"bias"})
    require(len(pos) == 1, spec, " ".join(pos) or "(missing)", "dense needs one widths token like 3-2-1")
    widths = parse_widths(pos[0], spec)
    act = activation_option(opts, spec, "dense", token=pos[0])
    if act is not None:
        return DenseNetwork(widths, act=act, bias="bias" in flags)
    rs = parse_int_list(opts["r"], "r", spec)
    if len(rs) > 1:
        require(len(rs) == len(widths) - 2, spec, f"r={opts['r']}",
                f"give one activation degree per hidden layer ({len(widths) - 2}) or a single r")
        return DenseNetwork(widths, r=rs, bias="bias" in flags)
    return DenseNetwork(widths, r=rs[0], bias="bias" in flags)
