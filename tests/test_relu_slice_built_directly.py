"""A Slice built directly with floats (or numpy numbers) is converted exactly, like ``Slice.from_origin``.

Truth: the same plane given through ``Slice.from_origin`` (which converts floats exactly) partitions into the same
regions; a directly built slice with dependent directions or the wrong length is refused with algnet's error.
"""

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet import parse_spec
from algnet.relu import linear_regions
from algnet.relu.slices import Slice

ORIGIN, D1, D2 = (0.5, 0.25, 0.1), (1.0, 0.0, 0.3), (0.0, 1.0, -0.7)


def test_float_slice_partitions_like_from_origin():
    net = parse_spec("relu 3-6-6-1")
    theta = net.random_params(seed=2)
    direct = linear_regions(net, theta, box=(-1, 1, -1, 1), slice=Slice(ORIGIN, (D1, D2)))
    given = linear_regions(net, theta, box=(-1, 1, -1, 1), slice=Slice.from_origin(ORIGIN, D1, D2))
    assert direct.count == given.count
    numpy_built = Slice(np.array(ORIGIN), (np.array(D1), np.array(D2)))
    assert linear_regions(net, theta, box=(-1, 1, -1, 1),
                          slice=numpy_built).count == given.count


@pytest.mark.parametrize("bad", [Slice((0.0, 0.0, 0.0), ((1.0, 0.0, 0.0), (2.0, 0.0, 0.0))),
                                 Slice((0.0, 0.0), ((1.0, 0.0), (0.0, 1.0))),
                                 Slice((0.0, 0.0, "x"), ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)))])
def test_bad_direct_slices_are_refused(bad):
    with pytest.raises(ParameterError):
        Slice.coerce(bad, 3)



def test_exact_dependent_slice_refused():
    # a Slice of Fractions built directly whose directions are parallel is a line, not a plane: linear_regions used
    # to count its 5 intervals as regions of a 2-D slice (dependent directions are refused in every other form)
    from fractions import Fraction

    net = parse_spec("relu 3-4-1")
    z, one = Fraction(0), Fraction(1)
    s = Slice((z, z, z), ((one, z, z), (2 * one, z, z)))
    with pytest.raises(ParameterError, match="dependent"):
        linear_regions(net, net.random_params(seed=0), slice=s, box=(-1, 1, -1, 1))
    bad = Slice((z, z, z), ((one, z), (z, one, z)))          # a direction with 2 of 3 coordinates
    with pytest.raises(ParameterError):
        linear_regions(net, net.random_params(seed=0), slice=bad, box=(-1, 1, -1, 1))
