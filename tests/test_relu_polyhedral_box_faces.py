"""The polyhedral complex of a box: a region face that is also a face of the box is one face (its pyramid was
counted twice in the exact volume, so a complete complex was reported uncertified with a wrong covered volume),
and the box and the switches are checked (a 4-number box was taken as its first two numbers, silently).

Truth: hand computation. The zero sets of relu(x), relu(y), relu(z) are the coordinate planes; on a box [lo, hi]^3
with lo >= 0 (or hi <= 0) they are faces of the box, and the box is one region of volume (hi - lo)^3."""

import pytest

from algnet.errors import ParameterError
from algnet.relu.model import PLModel
from algnet.relu.polyhedral import polyhedral_complex


def _planes():
    return PLModel.from_layers([([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0]), ([[1, 1, 1]], [-1])])


@pytest.mark.parametrize("box,pattern", [((0, 1), "111"), ((-1, 0), "000"), ((0, 2), "111"), (("1/2", 3), "111")])
def test_a_region_face_on_the_box_is_counted_once(box, pattern):
    cx = polyhedral_complex(_planes(), box=box)
    lo, hi = cx.box
    assert [r.pattern for r in cx.regions] == [pattern]
    assert cx.volume_covered == (hi - lo) ** 3 and cx.certified


def test_the_octants_are_still_certified():
    cx = polyhedral_complex(_planes(), box=(-1, 1))
    assert cx.count == 8 and cx.certified and cx.volume_covered == 8


@pytest.mark.parametrize("box", [(-1, 1, -5, 5), (float("nan"), 1), (float("-inf"), 1), ("a", 1), 5, (1, -1), (0, 0)])
def test_a_bad_box_is_refused(box):
    with pytest.raises(ParameterError, match="box"):
        polyhedral_complex(_planes(), box=box)


@pytest.mark.parametrize("kw,word", [({"certify": "no"}, "certify"), ({"max_regions": 0}, "max_regions"),
                                     ({"start": [5, 5, 5]}, "start point")])
def test_bad_options_are_refused(kw, word):
    with pytest.raises(ParameterError, match=word):
        polyhedral_complex(_planes(), box=(-1, 1), **kw)


@pytest.mark.parametrize("x", [[float("nan"), 1, 1], [1, 1, float("inf")], "abc"])
def test_a_bad_point_is_named_a_point(x):
    from algnet.relu.polyhedral import region_at

    with pytest.raises(ParameterError, match="the point"):       # (the message spoke of a weight)
        region_at(_planes(), x)
