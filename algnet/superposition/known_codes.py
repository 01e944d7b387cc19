"""Proved optimal spherical codes on S^2: the Tammes angles and the Thomson (Coulomb) energies.

:func:`~algnet.superposition.spherical.tammes` and :func:`~algnet.superposition.spherical.thomson` are
numerical searches; for the n where the optimum on S^2 is proved, their results say how far the code found
is from it (:func:`compare_known`). Values to the digits given by the sources.

* Tammes (largest minimal angle, degrees): n = 3, 4, 6, 12 Fejes Toth (1943); 5, 7, 8, 9 Schütte-van der
  Waerden (1951); 10, 11 Danzer (1963); 13 Musin-Tarasov, Discrete Comput. Geom. 48 (2012); 14 Musin-Tarasov,
  Exp. Math. 24 (2015); 24 Robinson (1961), the snub cube.
* Thomson (least Coulomb energy sum 1/|x_i - x_j|): n = 2, 3, 4, 6, 12 (the digon, triangle, tetrahedron,
  octahedron, icosahedron: universally optimal, Cohn-Kumar, J. Amer. Math. Soc. 20 (2007); Andreev 1996);
  n = 5 the triangular bipyramid (Schwartz, Exp. Math. 22 (2013), computer-assisted).

Examples
--------
>>> compare_known("tammes", 13, 3, 57.1367031)
'the proved optimum for n = 13 on S^2 is 57.1367031 (Musin-Tarasov 2012): reached (within 1e-06)'
>>> compare_known("tammes", 25, 3, 41.6) is None
True
"""

from __future__ import annotations

__all__ = ["TAMMES_S2", "THOMSON_S2", "compare_known"]

#: n -> (optimal minimal angle in degrees, source)
TAMMES_S2 = {2: (180.0, "antipodes"), 3: (120.0, "Fejes Toth 1943"), 4: (109.4712206, "Fejes Toth 1943"),
             5: (90.0, "Schütte-van der Waerden 1951"), 6: (90.0, "Fejes Toth 1943"),
             7: (77.8695421, "Schütte-van der Waerden 1951"), 8: (74.8584922, "Schütte-van der Waerden 1951"),
             9: (70.5287794, "Schütte-van der Waerden 1951"), 10: (66.1468220, "Danzer 1963"),
             11: (63.4349488, "Danzer 1963"), 12: (63.4349488, "Fejes Toth 1943"),
             13: (57.1367031, "Musin-Tarasov 2012"), 14: (55.6705700, "Musin-Tarasov 2015"),
             24: (43.6907671, "Robinson 1961")}
#: n -> (optimal Coulomb energy, source)
THOMSON_S2 = {2: (0.5, "Cohn-Kumar 2007"), 3: (1.732050808, "Cohn-Kumar 2007"), 4: (3.674234614, "Cohn-Kumar 2007"),
              5: (6.474691495, "Schwartz 2013"), 6: (9.985281374, "Cohn-Kumar 2007"),
              12: (49.165253058, "Cohn-Kumar 2007")}

TOLERANCE = 1e-6


def compare_known(problem: str, n: int, m: int, value: float) -> str | None:
    """How ``value`` (a Tammes angle in degrees, or a Coulomb energy) compares with the proved optimum for n
    points on S^(m-1), or None when none is known to algnet (m != 3 or n not in the tables).

    Examples
    --------
    >>> compare_known("thomson", 5, 3, 6.4747)
    'the proved optimum for n = 5 on S^2 is 6.474691495 (Schwartz 2013): short by 8.5e-06'
    """
    table = {"tammes": TAMMES_S2, "thomson": THOMSON_S2}[problem]
    if m != 3 or n not in table:
        return None
    best, source = table[n]
    gap = (best - value) if problem == "tammes" else (value - best)
    how = f"reached (within {TOLERANCE:g})" if gap <= TOLERANCE * max(1.0, abs(best)) else f"short by {gap:.2g}"
    return f"the proved optimum for n = {n} on S^2 is {best:.10g} ({source}): {how}"
