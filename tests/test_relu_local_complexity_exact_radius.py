"""The exact local complexity keeps the radius exact: Fraction(1, 10) is 1/10, not float 0.1's binary value.

relu 1-1-1 with the hyperplane x = c, where 1/10 < c < float(0.1) (the binary 0.1 is 0.1000000000000000055...):
the cross-polytope of radius 1/10 around 0 is the segment [-1/10, 1/10], which does not meet x = c (count 0, by
hand), while the segment of radius float(0.1) does (count 1), and so does the one of radius 1/5.
"""

from fractions import Fraction

from algnet import parse_spec
from algnet.relu.local_complexity import local_complexity
from algnet.relu.model import PLModel

C = (Fraction(1, 10) + Fraction(0.1)) / 2


def _count(radius):
    m = PLModel.from_relu_network(parse_spec("relu 1-1-1"), [1, -C, 1, 0])
    return local_complexity(m, [[0]], radius=radius, seed=0, exact=True).total.tolist()


def test_exact_radius_is_not_rounded_to_binary():
    assert Fraction(1, 10) < C < Fraction(0.1)
    assert _count(Fraction(1, 10)) == [0]
    assert _count(0.1) == [1]               # the float radius is its binary value, just past c
    assert _count(Fraction(1, 5)) == [1]
