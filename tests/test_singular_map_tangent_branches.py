"""Two branches of the image of a map that meet with the same tangent plane: the point is singular all the same.

mu(s, t) = (s^2, t^2, s t, s^3) is injective for s != 0 (s^2 and s^3 give s, then s t gives t) and of rank 2
everywhere but at 0. Its points (0, t) and (0, -t) have one image (0, t^2, 0, 0): the branch through (0, t) is
(s^2, t^2, s t, s^3) and the one through (0, -t), written with s -> -s, is (s^2, t^2, s t, -s^3): two distinct smooth
germs with the same tangent plane, so the line y0 = y2 = y3 = 0 is singular on the surface y0 y1 = y2^2,
y0^3 = y3^2 (by the Jacobian criterion too: both gradients vanish there, rank 0 < codim 2). Before, the tangent
planes were compared only (they span 2 dimensions, not more) and the point was left 'undecided (tests lean smooth)'.
"""

import shutil
import subprocess

import pytest

import sympy

from algnet.analyses.singular.branches import image_dimension, two_branches
from algnet.analyses.singular.maps import map_singular_points
from algnet.architectures.polymap import parametrization

S, T = sympy.symbols("s t")
POLYS = [S**2, T**2, S * T, S**3]


def _pairs(res):
    return [c for c in res.candidates if c.source == "branches meet"]


def test_two_full_rank_preimages_of_an_injective_map_make_a_singular_point():
    # the pair (0, 1), (0, -1): rank 2 at both (the Jacobian rows (0, 0), (0, 2t), (t, 0), (0, 0)); the map being
    # generically injective, the point (0, 1, 0, 0) is singular although the two tangent planes are equal
    verdict = two_branches(2, [0, 1], [0, -1], POLYS, [S, T])
    assert verdict is not None and verdict[:2] == ("singular", True)
    assert two_branches(2, [0, 0], [0, 0], POLYS, [S, T]) is None           # rank 0 at the origin: no argument
    c, s_, t_ = sympy.symbols("c s_s s_t")
    assert image_dimension({s_: 0, t_: c}, [s_, t_], POLYS, [S, T]) == 1    # the pairs lie over a line
    assert image_dimension({}, [s_, t_], POLYS, [S, T]) == 2                # a component over all of M: dense


@pytest.mark.slow        # 20 s: the rank-drop point at the origin is tested numerically first
def test_tangent_branches_meet_on_a_singular_line():
    res = map_singular_points(parametrization(["s^2", "t^2", "s*t", "s^3"]), seed=0)
    (c,) = _pairs(res)
    assert c.dimension == 1
    y0, y1, y2, y3 = (float(eval(v.replace("I", "0"))) for v in c.point)
    assert y0 == y2 == y3 == 0 and y1 != 0               # on the hand-computed singular line
    assert c.status == "singular" and c.certified


def test_a_generically_many_to_one_map_is_not_decided_by_its_pairs():
    # (s^2, t^2): the pairs (s, t), (-s, t), ... lie over every point (the image is the whole plane, smooth); no
    # branch argument is made for them
    res = map_singular_points(parametrization(["s^2", "t^2"]), seed=0)
    assert not any(c.status == "singular" and c.source == "branches meet" for c in res.candidates)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
def test_against_macaulay2(tmp_path):
    f = tmp_path / "s.m2"
    f.write_text("R = QQ[s,t]; S = QQ[y0,y1,y2,y3]; I = ker map(R, S, {s^2, t^2, s*t, s^3});\n"
                 "J = radical(I + minors(codim I, jacobian I));\n"
                 "print toString(J == ideal(y0, y2, y3))\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=300).stdout.strip()
    assert out == "true"                                  # Sing = the line y0 = y2 = y3 = 0
    (c,) = _pairs(map_singular_points(parametrization(["s^2", "t^2", "s*t", "s^3"]), seed=0))
    assert c.status == "singular"
