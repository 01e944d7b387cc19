"""local_rank at rational parameters: a denominator divisible by a default prime, and bad parameter vectors.

Truth by hand: for linear 2-1-2 (f = W2 W1, W1 a 1 x 2 row, W2 a 2 x 1 column) the Jacobian of (W1, W2) -> W2 W1
has rank 3 wherever W1 != 0 and W2 != 0 (the 2 x 2 matrices of rank 1 have dimension 3, and the only symmetry is
the rescaling W1 -> t W1, W2 -> W2 / t), rank 2 when exactly one of them is 0, and 0 at the origin.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet.analyses.local_rank import local_rank
from algnet.errors import AlgnetError

P = 268435399      # the first default prime


@pytest.mark.parametrize("theta, rank", [
    ([Fraction(1, P), 1, 1, 1], 3),             # 1/P has no value modulo P: the other primes are used
    ([Fraction(2, 3 * P), Fraction(5, 7), 0, 0], 2),
])
def test_denominator_divisible_by_a_default_prime(theta, rank):
    r = local_rank("linear 2-1-2", theta)
    assert (r.rank, r.certified) == (rank, True)
    assert P not in r.primes and len(r.primes) == 4


def test_user_primes_that_all_divide_a_denominator_are_refused():
    with pytest.raises(AlgnetError, match="divides a denominator"):
        local_rank("linear 2-1-2", [Fraction(1, P), 1, 1, 1], primes=[P])


@pytest.mark.parametrize("theta", [
    [1, 2, 3, float("nan")], [1, 2, 3, float("inf")], [1, 2, 3, "x"], [1, 2, 3, 1 + 2j], [[1, 2], [3, 4]],
    [[1, 2], [3], [4]], [True, 1, 1, 1],
])
def test_bad_parameter_vectors_are_refused_clearly(theta):
    with pytest.raises(AlgnetError, match="parameter"):
        local_rank("linear 2-1-2", theta)


def test_floats_and_numpy_arrays_are_read_exactly():
    assert local_rank("linear 2-1-2", np.array([0.5, 0.25, 1.0, 0.0])).rank == 3
    assert local_rank("linear 2-1-2", [0.0, 0.0, 1.5, 2.0]).rank == 2
