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
