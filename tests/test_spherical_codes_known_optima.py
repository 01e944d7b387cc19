"""Spherical codes and the toy model against known optima (hand computations and the
literature).

Tammes: the largest minimal angle of n points on S^2 is known exactly for small n; the Riesz-energy continuation
alone stopped short of it (n = 7: 77.5546 against 77.8695 degrees, n = 8: 74.6812 against 74.8585, n = 10:
65.86 against 66.15, for every seed tried), so a result printed to six digits was off by 0.3 degrees.
Thomson: the Coulomb minima of 5 and 7 points (triangular and pentagonal bipyramids) are classical values.
"""

import numpy as np
import pytest

from algnet.superposition.spherical import code_energy, tammes, thomson


def _deg(c):
    return float(np.degrees(np.arccos(c)))


# n = 7: 77.8695421 degrees (Schütte-van der Waerden 1951);
# n = 8: the square antiprism, 74.8584922 (Schütte-van der Waerden); n = 5: 90 (as n = 6, the octahedron minus one).
TAMMES = [(5, 90.0), (7, 77.8695421), (8, 74.8584922)]


@pytest.mark.parametrize("n, angle", TAMMES)
def test_tammes_reaches_the_known_max_min_angle(n, angle):
    c = tammes(n, 3, starts=4, seed=0)
    assert c.min_angle == pytest.approx(angle, abs=1e-5)
    assert np.allclose(np.linalg.norm(c.points, axis=0), 1)
    assert c.energies[0] == c.min_angle and not c.evidence.certified


def test_square_antiprism_angle_by_hand():
    # the optimal 8-point code is a square antiprism with all edges equal; with squares at heights +-h and
    # radius r = sqrt(1 - h^2), the edge within a square is r sqrt 2 and between the squares
    # |(r, 0, h) - (r cos 45, r sin 45, -h)|; solving equality numerically gives the angle
    from scipy.optimize import brentq

    def gap(h):
        r = np.sqrt(1 - h * h)
        a, b = np.array([r, 0, h]), np.array([r * np.cos(np.pi / 4), r * np.sin(np.pi / 4), -h])
        return r * np.sqrt(2) - np.linalg.norm(a - b)

    h = brentq(gap, 0.01, 0.99)
    r = np.sqrt(1 - h * h)
    assert _deg(1 - (r * np.sqrt(2)) ** 2 / 2) == pytest.approx(74.8584922, abs=1e-6)


def _bipyramid_energy(k):
    """Coulomb energy of a regular k-gon on the equator plus the two poles (hand formula)."""
    ring = sum(1 / (2 * np.sin(np.pi * j / k)) for j in range(1, k)) * k / 2
    return ring + 2 * k / np.sqrt(2) + 1 / 2


@pytest.mark.parametrize("n, energy", [(5, _bipyramid_energy(3)), (7, _bipyramid_energy(5))])
def test_thomson_bipyramids(n, energy):
    # 5 points: triangular bipyramid 6.474691495; 7 points: pentagonal bipyramid 14.452977414
    c = thomson(n, 3, starts=4, seed=0)
    assert c.energy == pytest.approx(energy, abs=1e-8)
    assert code_energy(c.points) == pytest.approx(c.energy)


def test_tammes_with_an_energy_is_refused(capsys):
    # --energy was silently ignored under --tammes
    from algnet.cli import main

    assert main(["superposition", "thomson", "--n", "5", "--energy", "relu2", "--tammes", "--seed", "0"]) == 2
    assert "--energy relu2 does not apply" in capsys.readouterr().err
    assert main(["superposition", "thomson", "--n", "4", "--starts", "1", "--seed", "0"]) == 0
    assert "coulomb energy: 4 points" in capsys.readouterr().out
