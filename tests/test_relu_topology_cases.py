"""Topology of ReLU level sets against hand-known shapes, and the output index checked."""

from fractions import Fraction

import pytest

from algnet.errors import ParameterError
from algnet.relu.model import PLModel
from algnet.relu.polyhedral import polyhedral_complex
from algnet.relu.topology import complex_topology


def _l1_model():
    # F = |x| + |y| + |z| as a one-hidden-layer ReLU network (|t| = ReLU(t) + ReLU(-t))
    rows = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]
    return PLModel.from_layers([(rows, [0] * 6), ([[1] * 6], [0])])


def test_cube_minus_octahedron_is_a_sphere():
    cx = polyhedral_complex(_l1_model(), box=(-1, 1))
    assert cx.certified and cx.count == 8                          # the eight octants
    assert sorted(r["volume"] for r in cx.statistics()) == [1] * 8  # each octant of [-1, 1]^3 has volume 1
    top = complex_topology(cx)
    assert top.euler_characteristic == 1 and top.betti == (1, 0, 0, 0)
    # {F >= 1/2} = cube minus an open octahedron: homotopic to the 2-sphere; {F <= 1/2}: a ball; {F <= -1}: empty
    assert top.superlevel_betti(Fraction(1, 2)) == (1, 0, 1, 0)
    assert top.sublevel_betti(Fraction(1, 2)) == (1, 0, 0, 0)
    assert top.sublevel_betti(-1) == (0, 0, 0, 0)


@pytest.mark.parametrize("output", [0.7, True, "0", -1, 1])
def test_output_must_be_an_integer_index(output):
    # 0.7 used to pass the range check (int(0.7) = 0) and end in numpy's IndexError
    m = PLModel.from_layers([([[1], [-1]], [0, 0]), ([[1, 1]], [-1])])
    with pytest.raises(ParameterError):
        complex_topology(polyhedral_complex(m, box=(-2, 2)), output=output)
