"""Functional dimension on hand-checkable cases, and the user's primes checked."""

import pytest

from algnet import parse_spec
from algnet.errors import AlgnetError
from algnet.relu import batch_functional_dimension, functional_dimension


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_one_input_one_hidden_layer(n):
    # relu 1-n-1 with n distinct kinks: F is determined by the n kinks, n + 1 slopes and one value, and every such
    # function is reached: 2n + 1 = D - n (the Grigsby-Lindsey-Rolnick-Meyerhoff bound, attained)
    net = parse_spec(f"relu 1-{n}-1")
    theta = [1, 2, -1, 3, -2][:n] + [0, -1, 1, -2, 3][:n] + [1, -1, 2, 1, -3][:n] + [0]   # kinks 0, 1/2, 1, 2/3, 3/2
    assert functional_dimension(net, theta).functional_dimension == 2 * n + 1


@pytest.mark.parametrize("primes", [[0], [1], [9], [268435399, 21], ["7"]])
def test_primes_must_be_primes(primes):
    # [0] ended in ZeroDivisionError; [9] / [1] / [21] were called "the prime 9 divides a denominator" or a rank
    # modulo a composite was taken; "7" (text) was accepted
    net = parse_spec("relu 2-3-1")
    theta = net.random_params(seed=0)
    with pytest.raises(AlgnetError, match="modulus"):
        functional_dimension(net, theta, primes=primes)
    with pytest.raises(AlgnetError, match="modulus"):
        batch_functional_dimension(net, theta, seed=0, primes=primes)
