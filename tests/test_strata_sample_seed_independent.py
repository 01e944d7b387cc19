"""A stratum's verdict must not depend on the seed through a special sample point.

``conv k=2,2,2 s=1,2,1 r=1`` computes f = (a0 + a1 x)(b0 + b1 x)(c0 + c1 x^2). On its stratum w3 = (c0, 0) the
generic point f = c0 w1 w2 has f1 != 0, so it lies off Macaulay2's singular locus {f1 = f3 = 0} (the closure is
the hypersurface f1 f2 f3 - f0 f3^2 - f1^2 f4 = 0); mu has rank 4 = dim M at a real preimage, so by the inverse
function theorem a neighbourhood of p in the real hypersurface is in M: smooth, not a boundary point. With seed 4
the base sampled w1 = (6, -6), w2 = (-9, 9) (a double root, rank 3) and printed "boundary" for this row.
"""

from algnet import parse_spec
from algnet.analyses.singular import strata


def _f(theta):
    a0, a1, b0, b1, c0, c1 = theta
    return [a0 * b0 * c0, (a0 * b1 + a1 * b0) * c0, a1 * b1 * c0 + a0 * b0 * c1, (a0 * b1 + a1 * b0) * c1,
            a1 * b1 * c1]


def test_short_w3_row_is_smooth_for_seed_4():
    res = strata(parse_spec("conv k=2,2,2 s=1,2,1 r=1"), depth=1, seed=4)
    (row,) = [s for s in res.strata if s.name == "w1=(*,*) w2=(*,*) w3=(*,0)"]
    assert row.rank == 4 and row.status == "smooth" and not row.boundary, res.table()
    f0, f1, f2, f3, f4 = _f([int(v) for v in row.point])
    assert f3 == f4 == 0 and f1 != 0                      # on the stratum, off the singular locus
    a0, a1, b0, b1 = (int(v) for v in row.point[:4])
    assert a0 * b1 - a1 * b0 != 0                         # w1, w2 not proportional: no double root


def test_strided_double_point_found_for_seed_11():
    # conv k=3,3 s=2,1 r=1, u = w1(x) w2(x^2): Macaulay2's singular locus is {u1 = u3 = u5 = 0} (dimension 4), the
    # stratum "w1 has a factor in x^2" (two preimages). The second preimage was taken from the first two taps of
    # the receiver w2, not a factor of it for a filter of length 3: the base found it only when the numerical
    # fiber search did, and printed "smooth ?" for seed 11.
    res = strata(parse_spec("conv k=3,3 s=2,1 r=1"), depth=1, seed=11)
    (row,) = [s for s in res.strata if s.name == "w1 has a factor in x^2 (double points)"]
    assert row.status == "singular" and row.certified and row.dimension == 4, res.table()
    w1, w2 = [int(v) for v in row.point[:3]], [int(v) for v in row.point[3:]]
    u = [sum(w1[i] * w2[j] for i in range(3) for j in range(3) if i + 2 * j == k) for k in range(7)]
    assert u[1] == u[3] == u[5] == 0 and u[0] * u[6] != 0
