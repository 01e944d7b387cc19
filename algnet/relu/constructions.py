"""Hand-built ReLU networks with known region counts.

* :func:`montufar_network`: one input, hidden widths (n_1, ..., n_L); the first
  L - 1 hidden layers fold [0, 1] onto itself (layer i folds it n_i times with
  the zigzag g(t) = n t - 2n ReLU(t - 1/n) + 2n ReLU(t - 2/n) - ..., written as
  the next layer's weights), and the last hidden layer puts n_L breakpoints
  beta_k = (k + 1) / (n_L + 1) in the folded coordinate, alternately oriented
  (ReLU(g - beta) and ReLU(beta - g)) so that some neuron is active
  everywhere, with output weights making every piece's slope in g nonzero.
  On [0, 1] the function has prod_(i<L) n_i (n_L + 1) affine pieces, Montufar,
  Pascanu, Cho and Bengio's lower bound for n_0 = 1 (NeurIPS 2014, Thm. 4).
* :func:`affine_network`: a network whose hidden pre-activations are positive
  on a whole box, so the network is affine there (one region).
* :func:`arrangement_network`: one hidden layer whose neurons are given lines.

Examples
--------
>>> net, theta = montufar_network([2, 3])
>>> net.spec
'relu 1-2-3-1'
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.architectures.relu import ReluNetwork
from algnet.errors import ParameterError

__all__ = ["montufar_network", "affine_network", "arrangement_network"]


def _widths(widths, what: str, hint: str) -> list:
    """``widths`` as a list of Python ints; ParameterError for a non-list or a non-integer entry (2.5, True, "a")."""
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise ParameterError(f"{what} {widths!r} must be a list of integers", hint=hint)
    out = []
    for n in widths:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            raise ParameterError(f"{what} {list(widths)!r}: {n!r} is not an integer", hint=hint)
        out.append(int(n))
    return out


def _rational(x, what: str, hint: str) -> Fraction:
    """x as an exact Fraction; ParameterError for text, NaN or infinity."""
    if isinstance(x, (str, bytes, bool, np.bool_)):
        raise ParameterError(f"{what} {x!r} must be a finite number", hint=hint)
    try:
        return Fraction(x)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"{what} {x!r} must be a finite number", hint=hint) from None


def _flat(layers):
    out = []
    for W, b in layers:
        out += [Fraction(x) for row in W for x in row] + [Fraction(x) for x in b]
    th = np.empty(len(out), dtype=object)
    th[:] = out
    return th


def montufar_network(hidden) -> tuple:
    """(net, theta) for widths (1, n_1, ..., n_L, 1) attaining
    prod_(i<L) n_i * (n_L + 1) linear regions (needs n_L >= 2).

    Examples
    --------
    The input line sits in the plane as the first coordinate; the box [0, 1] x [-1, 1]
    has as many regions as [0, 1] has affine pieces:

    >>> from algnet.relu.regions import linear_regions
    >>> [linear_regions(*montufar_network(h), box=(0, 1, -1, 1)).count for h in ([2, 3], [3, 2], [2, 2, 2])]
    [8, 9, 12]
    """
    hidden = _widths(hidden, "hidden widths", "e.g. montufar_network([2, 3])")
    if not hidden or any(n < 1 for n in hidden) or hidden[-1] < 2:
        raise ParameterError(f"hidden widths {hidden}: need positive widths and a last hidden width >= 2",
                             hint="e.g. montufar_network([2, 3])")
    layers = []
    prev_out = None  # coefficients c_j turning the previous layer into the folded coordinate g
    for i, n in enumerate(hidden):
        last = i == len(hidden) - 1
        if last:
            rows, bias = [], []
            for k in range(n):
                beta = Fraction(k + 1, n + 1)
                s = 1 if k % 2 == 0 else -1
                rows.append(s)
                bias.append(-s * beta)
        else:
            rows = [1] * n
            bias = [-Fraction(j, n) for j in range(n)]
        if prev_out is None:
            W = [[Fraction(r)] for r in rows]
        else:
            W = [[Fraction(r) * c for c in prev_out] for r in rows]
        layers.append((W, bias))
        if not last:
            prev_out = [Fraction(n)] + [Fraction(2 * n * (-1) ** j) for j in range(1, n)]
    n = hidden[-1]
    v = [(k + 1) * (1 if k % 2 == 0 else -1) for k in range(n)]
    layers.append(([v], [0]))
    net = ReluNetwork([1] + hidden + [1])
    return net, _flat(layers)


def affine_network(widths, seed=0) -> tuple:
    """(net, theta): random weights in [-1, 1], with biases making the network affine on [-1, 1]^n_0:
    every hidden bias exceeds the largest possible |W h| on the box, so every
    hidden neuron is active on the whole box and F is one affine map.

    Examples
    --------
    >>> from algnet.relu.regions import linear_regions
    >>> net, th = affine_network([2, 4, 3, 1])
    >>> linear_regions(net, th, box=(-1, 1, -1, 1)).count
    1
    """
    net = ReluNetwork(_widths(widths, "widths", "e.g. affine_network([2, 4, 3, 1])"))
    widths = net.widths
    rng = np.random.default_rng(seed)
    layers = []
    bound = Fraction(1)  # |h_i| <= bound on the box
    for l in range(1, len(widths)):
        W = [[Fraction(int(rng.integers(-8, 9)), 8) for _ in range(widths[l - 1])] for _ in range(widths[l])]
        rowmax = max(sum(abs(w) for w in row) for row in W) * bound
        b = [rowmax + 1 for _ in range(widths[l])]
        layers.append((W, b))
        bound = 2 * rowmax + 1
    return net, _flat(layers)


def arrangement_network(lines, out=None) -> tuple:
    """(net, theta) for widths (2, n, 1): neuron k is ReLU(a_k x + b_k y + c_k)
    for the given lines (a_k, b_k, c_k); output weights ``out`` (default 1).

    Examples
    --------
    >>> net, th = arrangement_network([(1, 0, 0), (0, 1, 0)])
    >>> net.spec
    'relu 2-2-1'
    """
    hint = "e.g. arrangement_network([(1, 0, 0), (0, 1, -1)], out=[1, -2]): lines (a, b, c), one output weight each"
    if isinstance(lines, (str, bytes)) or not hasattr(lines, "__iter__"):
        raise ParameterError(f"lines {lines!r} must be a list of (a, b, c) triples", hint=hint)
    lines = list(lines)
    for L in lines:
        if isinstance(L, (str, bytes)) or not hasattr(L, "__len__") or len(L) != 3:
            raise ParameterError(f"line {L!r} must be a triple (a, b, c) for a x + b y + c", hint=hint)
    lines = [tuple(_rational(x, "line coefficient", hint) for x in L) for L in lines]
    W1 = [[a, b] for a, b, _ in lines]
    b1 = [c for _, _, c in lines]
    out = [1] * len(lines) if out is None else out
    if isinstance(out, (str, bytes)) or not hasattr(out, "__len__") or len(out) != len(lines):
        raise ParameterError(f"out={out!r}: need one output weight for each of the {len(lines)} lines", hint=hint)
    v = [_rational(x, "output weight", hint) for x in out]
    net = ReluNetwork([2, len(lines), 1])
    return net, _flat([(W1, b1), ([v], [0])])
