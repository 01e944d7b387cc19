"""The permutation symmetries of a map decompose its exponent matrix once, not once per permutation.

The exponents of the map are the same for every permutation tried (a permutation that moves them is rejected
before), so one Smith decomposition serves all 720 permutations of six parameters; before, sympy's decomposition
ran for each (20 s instead of 0.1 s on this map). The answer must be the one of a decomposition per permutation
(the cache emptied before each), and even: v -> -v keeps both quadrics (by hand).
"""

import sympy.matrices.normalforms as nf

from algnet import parse_spec
from algnet.architectures import polymap_symmetry

MAP = ("map v0^2 + 2*v1^2 + 3*v2^2 + v3^2 + 2*v4^2 + 3*v5^2; v0*v1 - v0*v2 + v0*v3 + v0*v4 - v0*v5 + v1*v2 + "
       "v1*v3 - v1*v4 + v1*v5 + v2*v3 + v2*v4 + v2*v5 - v3*v4 + v3*v5 + v4*v5")


def test_one_smith_decomposition_for_all_permutations(monkeypatch):
    calls = []
    real = nf.smith_normal_decomp

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(nf, "smith_normal_decomp", counted)
    polymap_symmetry._smith.cache_clear()
    order = parse_spec(MAP).finite_symmetry_order()
    assert order % 2 == 0
    assert len(calls) <= 2
    real_phase = polymap_symmetry._phase

    def uncached(*a):
        polymap_symmetry._smith.cache_clear()
        return real_phase(*a)

    monkeypatch.setattr(polymap_symmetry, "_phase", uncached)
    assert polymap_symmetry.finite_symmetries(parse_spec(MAP).terms, 6).order == order
