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
from math import factorial, prod

import numpy as np

from algnet.architectures.base import Network, Subnetwork, as_backend
from algnet.architectures.spec import (
    parse_int,
    parse_rational_list,
    parse_widths,
    register_family,
    require,
    split_options,
)
from algnet.errors import SpecError

__all__ = ["DenseNetwork", "LinearNetwork"]

_SRC_KTB = "Kileel-Trager-Bruna 2019 (arXiv:1905.12207)"
_SRC_DET = "Bruns-Vetter, Determinantal Rings, Prop. 1.1"


class DenseNetwork(Network):
    """Fully connected network with a polynomial activation.

    Parameters
    ----------
    widths : sequence of int
        (d_0, ..., d_L), at least two entries.
    r : int
        Exponent of the monomial activation t^r (ignored if ``act`` is given).
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
    """

    family = "dense"

    def __init__(self, widths, r: int = 2, bias: bool = False, act=None):
        widths = tuple(int(w) for w in widths)
        if len(widths) < 2 or any(w < 1 for w in widths):
            raise SpecError(f"widths {widths} must be at least two positive integers", token=str(widths),
                            hint="e.g. DenseNetwork((3, 2, 1), r=2)")
        if act is not None:
            act = tuple(Fraction(c) for c in act)
            while len(act) > 1 and act[-1] == 0:
                act = act[:-1]
            if len(act) < 2:
                raise SpecError(f"activation {act} is constant", token="act", hint="give at least a linear term")
            nz = [k for k, c in enumerate(act) if c != 0]
            if len(nz) == 1 and act[nz[0]] == 1:
                r, act = nz[0], None
        if act is None and (not isinstance(r, int) or r < 1):
            raise SpecError(f"activation exponent r={r} must be a positive integer", token=f"r={r}",
                            hint="r=1 is a linear network, r>=2 a polynomial one")
        self.widths = widths
        self.L = len(widths) - 1
        self.r = r if act is None else None
        self.act = act
        self.bias = bool(bias)
        shapes = []
        for l in range(1, self.L + 1):
            shapes.append((f"W{l}", (widths[l], widths[l - 1])))
            if self.bias:
                shapes.append((f"b{l}", (widths[l],)))
        self.param_shapes = tuple(shapes)
        self.input_shape = (widths[0],)
        self.output_shape = (widths[-1],)
        act_deg = (len(act) - 1) if act is not None else r
        self.degree = act_deg ** (self.L - 1)
        self.homogeneous = not self.bias and act is None
        if act is None:
            self._coeffs = tuple([0] * r + [1])
        else:
            self._coeffs = act
        self.spec = self._make_spec()
        if act is None and r == 1:
            self.symmetry_description = "GL(d_l) at each hidden layer" + (" and affine translations" if bias else "")
        elif act is None:
            self.symmetry_description = "rescaling of each hidden neuron (t, t^-r); permutations of hidden neurons"
        else:
            self.symmetry_description = "permutations of hidden neurons (no continuous symmetry assumed)"

    def _make_spec(self) -> str:
        s = f"dense {'-'.join(map(str, self.widths))}"
        if self.act is not None:
            s += " act=" + ",".join(str(c) for c in self.act)
        else:
            s += f" r={self.r}"
        if self.bias:
            s += " bias"
        return s

    # ------------------------------------------------------------- forward
    def forward(self, P, x):
        h = x
        for l in range(1, self.L + 1):
            h = P.lin(P.param(f"W{l}"), h)
            if self.bias:
                h = P.bias(h, P.param(f"b{l}"))
            if l < self.L and not (self.act is None and self.r == 1):
                h = P.act(h, self._coeffs)
        return h

    def input_names(self):
        return [f"x{i}" for i in range(self.widths[0])]

    # ---------------------------------------------------------- symmetries
    def _slices(self):
        out, i = {}, 0
        for name, shape in self.param_shapes:
            k = prod(shape)
            out[name] = (i, shape)
            i += k
        return out

    def symmetry_tangents(self, theta, backend=None, p=None):
        B = as_backend(backend, p)
        prm = {k: B.asarray(v) for k, v in self.unflatten(theta).items()}
        sl = self._slices()
        rows = []

        def put(row, name, arr):
            start, shape = sl[name]
            n = prod(shape)
            row[start:start + n] = B.add(row[start:start + n], np.asarray(arr).reshape(-1))

        if self.act is not None:
            return B.zeros((0, self.n_params))
        if self.r == 1:
            for l in range(1, self.L):
                d = self.widths[l]
                for a in range(d):
                    for b in range(d):
                        # M = E_ab: W_l -> M W_l, b_l -> M b_l, W_{l+1} -> -W_{l+1} M
                        row = B.zeros(self.n_params)
                        Wl = prm[f"W{l}"]
                        dWl = B.zeros(Wl.shape)
                        dWl[a, :] = Wl[b, :]
                        put(row, f"W{l}", dWl)
                        if self.bias:
                            db = B.zeros((d,))
                            db[a] = prm[f"b{l}"][b]
                            put(row, f"b{l}", db)
                        Wn = prm[f"W{l + 1}"]
                        dWn = B.zeros(Wn.shape)
                        dWn[:, b] = B.neg(Wn[:, a])
                        put(row, f"W{l + 1}", dWn)
                        rows.append(row)
                if self.bias:
                    for a in range(d):  # translation c = e_a: b_l += e_a, b_{l+1} -= W_{l+1} e_a
                        row = B.zeros(self.n_params)
                        db = B.zeros((d,))
                        db[a] = B.const(1)
                        put(row, f"b{l}", db)
                        put(row, f"b{l + 1}", B.neg(prm[f"W{l + 1}"][:, a]))
                        rows.append(row)
        else:
            r = B.const(self.r)
            for l in range(1, self.L):
                for i in range(self.widths[l]):
                    row = B.zeros(self.n_params)
                    Wl = prm[f"W{l}"]
                    dWl = B.zeros(Wl.shape)
                    dWl[i, :] = Wl[i, :]
                    put(row, f"W{l}", dWl)
                    if self.bias:
                        db = B.zeros((self.widths[l],))
                        db[i] = prm[f"b{l}"][i]
                        put(row, f"b{l}", db)
                    Wn = prm[f"W{l + 1}"]
                    dWn = B.zeros(Wn.shape)
                    dWn[:, i] = B.neg(B.mul(Wn[:, i], np.full(Wn.shape[0], r, dtype=object if B.name == "exact" else None)))
                    put(row, f"W{l + 1}", dWn)
                    rows.append(row)
        if not rows:
            return B.zeros((0, self.n_params))
        return np.stack(rows)

    def finite_symmetry_order(self):
        if self.act is None and self.r == 1:
            return 1
        return prod(factorial(w) for w in self.widths[1:-1])

    def expected_dimension(self):
        if self.bias or self.act is not None:
            return None
        if self.r == 1:
            from algnet.theorems.formulas import determinantal_dimension

            return determinantal_dimension(self.widths[-1], self.widths[0], min(self.widths)), _SRC_DET
        from algnet.theorems.formulas import dense_expected_dimension

        return dense_expected_dimension(self.widths, self.r), _SRC_KTB

    def subnetworks(self):
        """One hidden neuron removed (its incoming and outgoing weights set to zero), per hidden layer."""
        out = []
        sl = self._slices()
        for l in range(1, self.L):
            if self.widths[l] < 1:
                continue
            i = self.widths[l] - 1  # by the permutation symmetry any neuron will do
            zero = []
            start, shape = sl[f"W{l}"]
            zero += [start + i * shape[1] + j for j in range(shape[1])]
            if self.bias:
                start, shape = sl[f"b{l}"]
                zero.append(start + i)
            start, shape = sl[f"W{l + 1}"]
            zero += [start + k * shape[1] + i for k in range(shape[0])]
            ws = list(self.widths)
            ws[l] -= 1
            label = f"layer {l} neuron removed (widths {'-'.join(map(str, ws))})"
            out.append(Subnetwork(label, "neuron removed", self.restrict(zero, label)))
        return out


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
    if "act" in opts:
        require("r" not in opts, spec, "act=", "give either r= or act=, not both")
        return DenseNetwork(widths, act=parse_rational_list(opts["act"], "act", spec), bias="bias" in flags)
    require("r" in opts, spec, pos[0], "dense needs r=R (activation exponent) or act=c0,c1,...")
    return DenseNetwork(widths, r=parse_int(opts["r"], "r", spec), bias="bias" in flags)
