"""Published ReLU facts not covered by tests/test_published_relu.py.

* One hidden layer (Grigsby-Lindsey-Meyerhoff-Wu, arXiv:2209.04036, Thm. 7.1 for the bound D' = D - n_1): the
  function sum_i v_i relu(w_i . x + b_i) + c is fixed by its n_1 bent hyperplanes (n_0 numbers each), the jump of
  its gradient across each (one number: the jump v_i w_i is normal to the hyperplane) and the constant c: at
  generic parameters FD = n_1 (n_0 + 1) + 1 = D' (hand count; the inputs for n_0 = 3 are built here next to
  every hyperplane, on both sides).
* Positive scaling (GLMW Sec. 7): multiplying the incoming weights and bias of hidden neuron k by l > 0 and its
  outgoing weights by 1/l leaves F unchanged, so its tangent (+theta on the incoming, -theta on the outgoing
  parameters, built here) lies in the kernel of every Jacobian and FD <= D - (hidden neurons); checked with the
  exact Jacobian over QQ.
* Serra, Tjandraatmadja, Ramalingam, "Bounding and counting linear regions of deep neural networks", ICML 2018,
  Thm. 1: the number of linear regions of a ReLU network with n_0 inputs and hidden widths n_1..n_L is at most
  sum over (j_1..j_L) in J of prod_l C(n_l, j_l), J = {0 <= j_l <= min(n_0, n_1 - j_1, ..., n_(l-1) - j_(l-1),
  n_l)}; algnet's exact count of the whole input space never exceeds it.
"""

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.relu import batch_functional_dimension, functional_dimension, linear_regions


def _serra_bound(n0, hidden):
    total = 0
    for js in itertools.product(*[range(min(n0, n) + 1) for n in hidden]):
        ok, prod = True, 1
        for l, (j, n) in enumerate(zip(js, hidden)):
            cap = min([n0, n] + [hidden[i] - js[i] for i in range(l)])
            if j > cap:
                ok = False
                break
            prod *= comb(n, j)
        total += prod if ok else 0
    return total


def test_serra_bound_hand_values():
    """One hidden layer: the bound is Zaslavsky's sum_{j <= n_0} C(n_1, j); n_0 = 1, widths 2, 2: the tuples
    (j1, j2) with j1 <= 1, j2 <= min(1, 2 - j1) give 1 + 2 + 2 + 4 = 9; widths 1, 3 on the plane give 5."""
    assert _serra_bound(2, [5]) == 1 + 5 + 10
    assert _serra_bound(1, [2, 2]) == 9
    assert _serra_bound(2, [1, 3]) == 5     # one neuron, then 3 breakpoints on its half-line: 4 + 1 (flat side)


@pytest.mark.parametrize("spec", ["relu 1-3-3-1", "relu 1-2-2-2-1", "relu 2-3-3-1", "relu 2-4-2-1", "relu 2-2-3-1"])
def test_exact_region_count_never_exceeds_serra_bound(spec):
    net = parse_spec(spec)
    bound = _serra_bound(net.widths[0], list(net.widths[1:-1]))
    for seed in range(6):
        count = linear_regions(net, net.random_params(seed=seed), plane=True).count
        assert 1 <= count <= bound


def _near_hyperplanes(net, theta, per_side, seed):
    """Rational inputs next to every first-layer hyperplane w_i . x + b_i = 0, on both sides."""
    rng = np.random.default_rng(seed)
    n0, n1 = net.widths[0], net.widths[1]
    th = [Fraction(t) for t in theta]
    Z = []
    for i in range(n1):
        w = th[i * n0:(i + 1) * n0]
        b = th[n0 * n1 + i]
        ww = sum(v * v for v in w)
        for _ in range(per_side):
            p = [Fraction(int(v), 64) for v in rng.integers(-128, 129, size=n0)]
            p = [a - (sum(x * y for x, y in zip(w, p)) + b) / ww * c for a, c in zip(p, w)]   # projected onto it
            for s in (1, -1):
                Z.append([a + s * Fraction(1, 2**12) * c for a, c in zip(p, w)])
    return Z


@pytest.mark.parametrize("n0, n1", [(1, 1), (1, 3), (2, 1), (2, 3), (2, 5), (3, 2), (3, 4)])
def test_one_hidden_layer_generic_fd_is_n1_times_n0_plus_1_plus_1(n0, n1):
    net = parse_spec(f"relu {n0}-{n1}-1")
    for seed in range(2):
        theta = net.random_params(seed=seed)
        want = n1 * (n0 + 1) + 1
        assert want == net.dimension_bound
        if n0 <= 2:
            fd = functional_dimension(net, theta)
        else:
            fd = batch_functional_dimension(net, theta, _near_hyperplanes(net, theta, n0 + 1, seed),
                                            on_nonsmooth="drop")
        rank = fd.functional_dimension if n0 <= 2 else fd.rank
        assert fd.certified and rank == want


def _rescaling_tangent(widths, theta, layer, k):
    th = [Fraction(t) for t in theta]
    t = [Fraction(0)] * len(th)
    off = 0
    for l, (a, b) in enumerate(zip(widths[:-1], widths[1:]), start=1):
        if l == layer:
            for i in range(a):
                t[off + k * a + i] = th[off + k * a + i]
            t[off + a * b + k] = th[off + a * b + k]
        if l == layer + 1:
            for r in range(b):
                t[off + r * a + k] = -th[off + r * a + k]
        off += a * b + b
    return t


@pytest.mark.parametrize("spec", ["relu 2-3-1", "relu 2-3-2-1", "relu 3-2-2-2", "relu 1-4-1"])
def test_positive_scaling_tangents_are_in_the_kernel_and_fd_is_at_most_d_prime(spec):
    net = parse_spec(spec)
    for seed in range(3):
        theta = net.random_params(seed=seed)
        Z = net.random_inputs(2 * net.n_params, seed=seed + 10)
        J = net.jacobian(theta, Z, on_nonsmooth="drop")
        tangents = [_rescaling_tangent(net.widths, theta, l, k)
                    for l in range(1, net.depth) for k in range(net.widths[l])]
        assert len(tangents) == net.n_params - net.dimension_bound
        for t in tangents:
            assert all(sum(Fraction(x) * y for x, y in zip(row, t)) == 0 for row in J.tolist())
        b = batch_functional_dimension(net, theta, Z, exact="always", on_nonsmooth="drop")
        assert b.rank <= net.n_params - len(tangents)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_telgarsky_sawtooth_has_2_to_the_k_pieces(k, capsys):
    """Telgarsky, "Benefits of depth in neural networks" (COLT 2016): the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2)
    composed k times (k hidden layers of width 2, weights written here) has 2^k linear pieces on [0, 1], one
    activation region each (values 0, 1, 0, 1, ... at the multiples of 2^-k); outside, x < 0 adds one region and,
    for k >= 2, x > 1 another (the next layer sees t(x) < 0). A 1-input network's box is the interval [a, b]
    (it needed four numbers, two of them meaningless)."""
    import json

    from algnet.cli import main

    spec = "relu 1-" + "-".join(["2"] * k) + "-1"
    theta = [1, 1, 0, "-1/2"] + [2, -4, 2, -4, 0, "-1/2"] * (k - 1) + [2, -4, 0]
    net = parse_spec(spec)
    assert linear_regions(net, theta, box=(0, 1)).count == 2 ** k
    assert linear_regions(net, theta, plane=True).count == 2 ** k + (2 if k > 1 else 1)
    x = [[Fraction(i, 2 ** k)] for i in range(2 ** k + 1)]
    assert [v[0] for v in net.forward_exact(theta, x).outputs.tolist()] == [i % 2 for i in range(2 ** k + 1)]
    if k == 2:
        capsys.readouterr()
        import pathlib
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            f = pathlib.Path(d) / "saw.json"
            f.write_text(json.dumps({"spec": spec, "W1": [[1], [1]], "b1": [0, "-1/2"], "W2": [[2, -4], [2, -4]],
                                     "b2": [0, "-1/2"], "W3": [[2, -4]], "b3": [0]}))
            assert main(["regions", spec, "--weights", str(f), "--box", "0,1", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["regions"] == 4
        assert main(["regions", "relu 2-3-1", "--seed", "0", "--box", "0,1"]) == 2
        assert "four numbers" in capsys.readouterr().err


@pytest.mark.parametrize("n0, n1, nout", [(1, 3, 2), (2, 3, 2), (2, 4, 3), (1, 2, 3)])
def test_one_hidden_layer_several_outputs(n0, n1, nout):
    """With n_out outputs each neuron has its hyperplane (n_0 numbers) and a jump in every output (n_out), plus the
    constant vector: n_1 (n_0 + n_out) + n_out = D' (hand count, GLMW Thm. 7.1), at generic parameters."""
    net = parse_spec(f"relu {n0}-{n1}-{nout}")
    for seed in range(2):
        fd = functional_dimension(net, net.random_params(seed=seed))
        assert fd.certified and fd.functional_dimension == n1 * (n0 + nout) + nout == net.dimension_bound
