"""The path-by-path kernel's largest modulus (``kernels._maxabs``: squared moduli, ``hypot`` only near the largest)
against the entry-by-entry ``hypot`` loop it replaces (``kernels._maxabs_hypot``), bit for bit, and against
numpy's ``abs`` where numpy's modulus is exact (integers and Pythagorean triples)."""

import numpy as np

from algnet.homotopy.kernels import _maxabs, _maxabs_hypot


def _same(a, b):
    return (np.isnan(a) and np.isnan(b)) or a == b


def test_maxabs_equals_the_hypot_loop_on_random_and_close_moduli():
    rng = np.random.default_rng(0)
    for k in range(400):
        n = int(rng.integers(1, 24))
        scale = 10.0 ** rng.uniform(-150, 150)
        v = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * scale
        if k % 3 == 0:          # moduli within rounding of each other: the ``hypot`` near the largest decides
            v = v[0] * np.exp(1j * rng.uniform(0, 2 * np.pi, n)) * (1 + rng.integers(-2, 3, n) * 2.0 ** -52)
        assert _maxabs(v) == _maxabs_hypot(v)


def test_maxabs_edge_values_fall_back_to_the_hypot_loop():
    cases = [np.zeros(3, complex), np.array([1e-200 + 1e-200j, 3e-201j]), np.array([1e200 + 0j, 2e199 - 1e200j]),
             np.array([np.inf + 0j, 1.0]), np.array([1.0, complex(np.nan, 0.0), 2.0]),
             np.array([complex(np.nan, 0.0), 5.0]), np.array([complex(np.inf, np.nan)]), np.array([5e-324 + 0j]),
             np.array([1.7e308 + 1.7e308j])]
    for v in cases:
        assert _same(_maxabs(v), _maxabs_hypot(v)), v


def test_maxabs_is_the_exact_modulus_of_pythagorean_triples():
    v = np.array([3 + 4j, -5 + 12j, 8 - 15j, -7 - 24j, 20 + 21j])
    assert _maxabs(v) == 29.0 == float(np.max(np.abs(v)))
