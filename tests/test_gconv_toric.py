"""Two-layer cyclic group convolutions are toric: their degree is a polytope volume (a second route, by hand).

Over C the discrete Fourier transform of Z/n diagonalises circular convolution (cross-correlation included: it
only reverses the filter), and it is a linear change of coordinates of the inputs, of the outputs and of each
filter, so it changes neither the dimension nor the degree of M. In Fourier coordinates the network
``gconv n=N layers=2 r=R`` is x ↦ z with z_k = b_k * u_k, u the transform of (a ⊙ x)^R computed coordinatewise
after the inverse transform: u_k = c * sum over the monomials x^alpha of degree R with sum_j j alpha_j = k (mod N)
of multinomial(alpha) a^alpha x^alpha. Each monomial x^alpha therefore has the single coefficient
(nonzero constant) * b_k(alpha) * a^alpha in the single output k(alpha), and M is the affine cone over the toric
variety of the point set A = {(alpha, e_k(alpha))}: its degree is the normalised volume of conv(A) in the
affine lattice A generates (Sturmfels, *Gröbner bases and convex polytopes*, Thm 4.16; Cox-Little-Schenck,
*Toric varieties*, Prop. 9.4.3 and Thm 13.4.3), and its dimension is dim conv(A) + 1 = 2(N - 1) + 1, the
Hendi-Persson-Larfors dimension L(|G| - 1) + 1. The degrees algnet finds by monodromy (and, when small, by the
Hilbert polynomial) are compared with that volume; the volumes were also checked for N = 4, R = 3 (96) and
N = 5, R = 2 (85) on 2026-12-04 against ``algnet degree`` (not run here: 30-45 s each).
"""

import itertools
from math import factorial

import numpy as np
import pytest
import sympy
from scipy.spatial import ConvexHull
from sympy.matrices.normalforms import hermite_normal_form

from algnet.analyses.degree import degree
from algnet.analyses.dimension import dimension


def toric_cone(n: int, r: int) -> tuple:
    """(dimension of the affine cone, normalised volume of conv(A) in the lattice A generates)."""
    A = []
    for alpha in itertools.product(range(r + 1), repeat=n):
        if sum(alpha) == r:
            k = sum(j * a for j, a in enumerate(alpha)) % n
            A.append(list(alpha) + [int(i == k) for i in range(n)])
    A = np.array(A)
    diffs = sympy.Matrix(A[1:] - A[0])
    H = np.array(hermite_normal_form(diffs.T).T.tolist(), dtype=np.int64)   # rows: a basis of the lattice
    H = H[np.abs(H).sum(axis=1) > 0]
    d = H.shape[0]
    assert d == np.linalg.matrix_rank(A[1:] - A[0])
    coords = np.linalg.lstsq(H.T.astype(float), (A - A[0]).T.astype(float), rcond=None)[0].T
    assert np.allclose(coords, np.round(coords))     # the points are lattice points of that basis
    return d + 1, round(ConvexHull(coords).volume * factorial(d))


def test_toric_volume_by_hand():
    # N = 2, R = 2: A = {(2,0 | 1,0), (1,1 | 0,1), (0,2 | 1,0)} spans a triangle of lattice area 1/2: a linear space
    # (Fourier coordinates: z_0 = b_0 (a_0^2 s^2 + a_1^2 t^2), z_1 = 2 b_1 a_0 a_1 s t: coefficients
    # (b_0 a_0^2, b_0 a_1^2, b_1 a_0 a_1) fill C^3)
    assert toric_cone(2, 2) == (3, 1)


@pytest.mark.parametrize("n,r", [(3, 2), (3, 3), (4, 2)])
def test_two_layer_gconv_degree_is_the_toric_volume(n, r):
    spec = f"gconv n={n} layers=2 r={r}"
    dim, vol = toric_cone(n, r)
    assert dim == 2 * (n - 1) + 1 == dimension(spec, seed=0).dimension
    assert degree(spec, seed=0, method="monodromy", confirm=False).degree == vol
