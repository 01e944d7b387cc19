"""An explicit fused multiply-add for the compiled kernels: a * b + c rounded once, in every lane alike.

numba's ``fastmath={"contract"}`` lets LLVM fuse a multiplication and an addition where it finds them, and
it fused the tape's updates differently in the vector loop and in the scalar loop of a narrow block (the
lanes of blocks of 32 and 16 paths differed by ~1e-13, ``tests/test_endpoint_conditions.py``). Written
out as :func:`fma` (LLVM's ``llvm.fma.f64``, which the loop vectorizer turns into ``llvm.fma.v4f64``: one
``vfmadd`` on 4 lanes) the operation of each lane is fixed in the source: the same rounding at every block
width and thread count (IEEE 754-2008 fusedMultiplyAdd). Used by :mod:`algnet.homotopy.blocks`.
"""

from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.extending import intrinsic

__all__ = ["fma"]


@intrinsic
def fma(typingctx, a, b, c):
    """a * b + c rounded once (LLVM's ``llvm.fma.f64``; vectorized as ``llvm.fma.v4f64``): unlike fastmath
    contraction, the same operation in every lane whatever the block width (IEEE 754 fusedMultiplyAdd).

    Examples
    --------
    >>> from numba import njit
    >>> f = njit(lambda a, b, c: fma(a, b, c))
    >>> f(0.1, 10.0, -1.0) == 2.0 ** -54, 0.1 * 10.0 - 1.0
    (True, 0.0)
    """
    if not all(isinstance(t, types.Float) for t in (a, b, c)):
        return None
    sig = types.float64(types.float64, types.float64, types.float64)

    def codegen(context, builder, signature, args):
        d = ir.DoubleType()
        fn = builder.module.declare_intrinsic("llvm.fma", [d], ir.FunctionType(d, [d, d, d]))
        vals = [context.cast(builder, v, t, types.float64) for v, t in zip(args, signature.args)]
        return builder.call(fn, vals)

    return sig, codegen
