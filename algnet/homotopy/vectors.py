"""Explicit 8-lane vectors for the block kernels' lane loops: ``<8 x double>`` values in numba code.

LLVM's tuning for this CPU (Emerald Rapids: AVX-512) prefers 256-bit vectors: the loop vectorizer writes the
lane loops 4 doubles a ymm register, behind a runtime alias check and with a scalar remainder loop. Here the
vector is explicit: :func:`vload` reads 8 consecutive lanes of an array as one ``<8 x double>`` value (an
unaligned load), :func:`vstore` writes them, :func:`vfma` is ``llvm.fma.v8f64`` (each lane a * b + c rounded
once, IEEE 754 fusedMultiplyAdd, as :func:`algnet.homotopy.fused.fma` on one lane), :func:`vadd`,
:func:`vsub`, :func:`vmul`, :func:`vneg`, :func:`vabs` the lane-wise IEEE operations, :func:`vgt` and
:func:`vselect` a lane-wise comparison and choice, :func:`vsplat` one number in all lanes. Each lane's result
is that of the scalar operation on that lane, bit for bit (``tests/test_vector_lanes.py``), so a lane loop
written with them gives the numbers of the scalar loop.

The function that uses them is marked ``"min-legal-vector-width"="512"`` (what clang marks a function that
uses 512-bit intrinsics with): without it the X86 back end splits every 512-bit operation into two 256-bit
ones on this CPU (``prefer-256-bit``); with it, the values live in zmm registers (checked with
``inspect_asm``). On a CPU without AVX-512 the back end splits them (correct, only slower).

Examples
--------
>>> import numpy as np
>>> from numba import njit
>>> @njit
... def axpy(a, x, y):                       # y[:] = a x + y, 8 lanes at a time
...     for q in range(0, y.shape[0], 8):
...         vstore(y, (q,), vfma(vsplat(a), vload(x, (q,)), vload(y, (q,))))
>>> x, y = np.arange(16.0), np.ones(16)
>>> axpy(2.0, x, y)
>>> y[:4].tolist(), float(y[-1])
([1.0, 3.0, 5.0, 7.0], 31.0)
"""

from __future__ import annotations

from algnet.homotopy.kernel_cache import gc_paused

with gc_paused():       # numba's extension API loads once a process: its collections walk live objects only
    from llvmlite import ir
    from numba import types
    from numba.core import cgutils
    from numba.extending import intrinsic, models, register_model

__all__ = ["WIDTH", "vload", "vstore", "vsplat", "vfma", "vadd", "vsub", "vmul", "vdiv", "vneg", "vabs", "vgt",
           "vge", "veq", "vselect", "vgather", "vscatter"]

#: lanes per vector
WIDTH = 8


class Vector(types.Type):
    """WIDTH lanes of a numba scalar type (float64, int64 or boolean), one LLVM vector value.

    Examples
    --------
    >>> Vector(types.float64).name
    'vector8(float64)'
    """

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(name=f"vector{WIDTH}({dtype})")


@register_model(Vector)
class _VectorModel(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, ir.VectorType(dmm.lookup(fe_type.dtype).get_value_type(), WIDTH))


_F8 = Vector(types.float64)
_I8 = Vector(types.int64)
_M8 = Vector(types.boolean)
_VT = ir.VectorType(ir.DoubleType(), WIDTH)


def _lane0_everywhere():
    """The shuffle mask that repeats lane 0 in every lane (a splat)."""
    return ir.Constant(ir.VectorType(ir.IntType(32), WIDTH), [0] * WIDTH)


def _every_lane():
    """The mask of a masked gather or scatter with every lane on."""
    return ir.Constant(ir.VectorType(ir.IntType(1), WIDTH), [1] * WIDTH)


def _splat(builder, vt, value):
    """``value`` in every lane of a vector of type ``vt``."""
    v = builder.insert_element(ir.Constant(vt, ir.Undefined), value, ir.Constant(ir.IntType(32), 0))
    return builder.shuffle_vector(v, ir.Constant(vt, ir.Undefined), _lane0_everywhere())
_MIN_WIDTH = '"min-legal-vector-width"="512"'


def _wide(builder):
    """Mark the function being built as using 512-bit vectors (see the module doc)."""
    attrs = builder.function.attributes
    if _MIN_WIDTH not in attrs:
        set.add(attrs, _MIN_WIDTH)     # a string attribute; llvmlite's add() knows only enum attributes


def _lane_pointer(context, builder, aryty, ary, idx, idxty):
    """Pointer to the element of ary at the index tuple idx, as a pointer to a vector of its dtype."""
    arr = context.make_array(aryty)(context, builder, ary)
    inds = [context.cast(builder, builder.extract_value(idx, i), t, types.intp) for i, t in enumerate(idxty)]
    ptr = cgutils.get_item_pointer(context, builder, aryty, arr, inds, wraparound=False, boundscheck=False)
    vt = ir.VectorType(context.get_data_type(aryty.dtype), WIDTH)      # booleans: bytes in memory
    return builder.bitcast(ptr, vt.as_pointer())


def _array_ok(ary, idx):
    return (isinstance(ary, types.Array) and ary.layout == "C" and isinstance(idx, types.BaseTuple)
            and len(idx) == ary.ndim and all(isinstance(t, types.Integer) for t in idx)
            and ary.dtype in (types.float64, types.int64, types.boolean))


@intrinsic
def vload(typingctx, ary, idx):
    """The WIDTH lanes ary[idx], ary[idx + 1 in the last axis], ... (C-contiguous float64, int64 or boolean
    array, a boolean array giving a mask for :func:`vselect`; no bounds check: the caller keeps
    idx[-1] + WIDTH <= ary.shape[-1]).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (1, 8), vload(a, (0, 0))))
    >>> a = np.arange(32.0).reshape(2, 16); f(a); a[1, 8:].tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    >>> g = njit(lambda m, a: vstore(a, (0,), vselect(vload(m, (0,)), vsplat(1.0), vsplat(0.0))))
    >>> g(np.arange(8) % 3 == 0, a[0]); a[0, :8].tolist()
    [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]
    """
    if not _array_ok(ary, idx):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        v = builder.load(_lane_pointer(context, builder, sig.args[0], args[0], args[1], sig.args[1]), align=1)
        if sig.args[0].dtype == types.boolean:      # bytes in the array, i1 in registers
            v = builder.icmp_unsigned("!=", v, ir.Constant(v.type, None))
        return v

    return Vector(ary.dtype)(ary, idx), codegen


@intrinsic
def vstore(typingctx, ary, idx, v):
    """Write the WIDTH lanes of v to ary[idx], ary[idx + 1 in the last axis], ... (see :func:`vload`).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (4,), vsplat(2.5)))
    >>> a = np.zeros(12); f(a); a.tolist()
    [0.0, 0.0, 0.0, 0.0, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5]
    """
    if not (_array_ok(ary, idx) and isinstance(v, Vector) and v.dtype == ary.dtype and v != _M8):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        builder.store(args[2], _lane_pointer(context, builder, sig.args[0], args[0], args[1], sig.args[1]), align=1)
        return context.get_dummy_value()

    return types.void(ary, idx, v), codegen


@intrinsic
def vsplat(typingctx, x):
    """x (a float or an integer, as float64 / int64) in all WIDTH lanes.

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a, k: vstore(a, (0,), vsplat(k)))
    >>> a = np.zeros(8, np.int64); f(a, 3); a.tolist()
    [3, 3, 3, 3, 3, 3, 3, 3]
    """
    if isinstance(x, types.Float):
        dt = types.float64
    elif isinstance(x, types.Integer):
        dt = types.int64
    else:
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        s = context.cast(builder, args[0], sig.args[0], dt)
        vt = ir.VectorType(s.type, WIDTH)
        return _splat(builder, vt, s)

    return Vector(dt)(x), codegen


def _binary(op, iop=None):
    def impl(typingctx, a, b):
        if not ((a == _F8 and b == _F8) or (iop and a == _I8 and b == _I8)):
            return None

        def codegen(context, builder, sig, args):
            _wide(builder)
            return getattr(builder, op if a == _F8 else iop)(args[0], args[1])

        return a(a, b), codegen
    return impl


def _doc(fn, doc):
    fn.__doc__ = doc
    return fn


vadd = intrinsic(_doc(_binary("fadd", "add"), """Lane-wise a + b (IEEE, each lane rounded as the scalar sum).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vadd(vload(a, (0,)), vsplat(1.0))))
    >>> a = np.arange(8.0); f(a); a.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    """))
vsub = intrinsic(_doc(_binary("fsub", "sub"), """Lane-wise a - b.

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vsub(vload(a, (0,)), vsplat(1.0))))
    >>> a = np.arange(8.0); f(a); a[:3].tolist()
    [-1.0, 0.0, 1.0]
    """))
vmul = intrinsic(_doc(_binary("fmul", "mul"), """Lane-wise a * b.

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vmul(vload(a, (0,)), vload(a, (0,)))))
    >>> a = np.arange(8.0); f(a); a[:4].tolist()
    [0.0, 1.0, 4.0, 9.0]
    """))
vdiv = intrinsic(_doc(_binary("fdiv"), """Lane-wise a / b (IEEE: each lane rounded as the scalar quotient).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vdiv(vsplat(1.0), vload(a, (0,)))))
    >>> a = np.arange(8.0); f(a); a[:3].tolist()
    [inf, 1.0, 0.5]
    """))


@intrinsic
def vneg(typingctx, a):
    """Lane-wise -a (the sign bit flipped: exact, as the scalar negation).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vneg(vload(a, (0,)))))
    >>> a = np.arange(8.0); f(a); a[:3].tolist()
    [-0.0, -1.0, -2.0]
    """
    if a != _F8:
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        return builder.fneg(args[0])

    return _F8(a), codegen


def _call(builder, name, args):
    fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(_VT, [_VT] * len(args)), f"{name}.v{WIDTH}f64")
    return builder.call(fn, args)


@intrinsic
def vfma(typingctx, a, b, c):
    """Lane-wise a * b + c rounded once (``llvm.fma.v8f64``; as :func:`algnet.homotopy.fused.fma` per lane).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vfma(vload(a, (0,)), vsplat(10.0), vsplat(-1.0))))
    >>> a = np.full(8, 0.1); f(a); bool(a[0] == 2.0 ** -54)
    True
    """
    if not (a == _F8 and b == _F8 and c == _F8):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        return _call(builder, "llvm.fma", list(args))

    return _F8(a, b, c), codegen


@intrinsic
def vabs(typingctx, a):
    """Lane-wise |a| (``llvm.fabs``).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vabs(vload(a, (0,)))))
    >>> a = -np.arange(8.0); f(a); a[:3].tolist()
    [0.0, 1.0, 2.0]
    """
    if a != _F8:
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        return _call(builder, "llvm.fabs", [args[0]])

    return _F8(a), codegen


@intrinsic
def vgt(typingctx, a, b):
    """Lane-wise a > b (false where either is nan, as the scalar comparison).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a, b: vstore(a, (0,), vselect(vgt(vload(a, (0,)), vsplat(3.0)), vsplat(0.0), vload(a, (0,)))))
    >>> a = np.arange(8.0); f(a, 3.0); a.tolist()
    [0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0]
    """
    if not (a == _F8 and b == _F8):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        return builder.fcmp_ordered(">", args[0], args[1])

    return _M8(a, b), codegen


def _compare(op):
    def impl(typingctx, a, b):
        if not (a == b and a in (_F8, _I8)):
            return None

        def codegen(context, builder, sig, args):
            _wide(builder)
            if sig.args[0] == _I8:
                return builder.icmp_signed(op, args[0], args[1])
            return builder.fcmp_ordered(op, args[0], args[1])

        return _M8(a, b), codegen
    return impl


vge = intrinsic(_doc(_compare(">="), """Lane-wise a >= b (false where either is nan).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vselect(vge(vload(a, (0,)), vsplat(3.0)), vsplat(0.0), vload(a, (0,)))))
    >>> a = np.arange(8.0); a[7] = np.nan; f(a); a.tolist()
    [0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0, nan]
    """))
veq = intrinsic(_doc(_compare("=="), """Lane-wise a == b (false where either is nan; -0.0 == 0.0); also of two
    int64 vectors (e.g. a lane's pivot row against a row number; :func:`vge` takes int64 vectors too).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a: vstore(a, (0,), vselect(veq(vload(a, (0,)), vsplat(0.0)), vsplat(9.0), vload(a, (0,)))))
    >>> a = np.arange(8.0); a[1] = -0.0; f(a); a[:3].tolist()
    [9.0, 9.0, 2.0]
    >>> g = njit(lambda r, a: vstore(a, (0,), vselect(veq(vload(r, (0,)), vsplat(2)), vsplat(1.0), vsplat(0.0))))
    >>> g(np.array([2, 0, 2, 1, 3, 2, 0, 0]), a); a.tolist()
    [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    """))


def _lane_pointers(context, builder, sig, args):
    """Vector of pointers: lane l at the element idx of the array, plus rows[l] * stride + l elements."""
    aryty, idxty = sig.args[0], sig.args[1]
    ptr = _lane_pointer(context, builder, aryty, args[0], args[1], idxty)
    i64 = ir.IntType(64)
    vi = ir.VectorType(i64, WIDTH)
    stride = context.cast(builder, args[3], sig.args[3], types.int64)
    st = _splat(builder, vi, stride)
    off = builder.add(builder.mul(args[2], st), ir.Constant(vi, list(range(WIDTH))))
    off = builder.mul(off, ir.Constant(vi, [8] * WIDTH))
    base = builder.ptrtoint(ptr, i64)
    bv = _splat(builder, vi, base)
    return builder.inttoptr(builder.add(bv, off), ir.VectorType(ir.DoubleType().as_pointer(), WIDTH))


@intrinsic
def vgather(typingctx, ary, idx, rows, stride):
    """Lane l: the element rows[l] * stride + l after ary[idx] (flat, in elements; rows an int64 vector):
    e.g. with idx = (h, 0, j, q) and stride = ary.strides[1] / 8 the entries (h, rows[l], j, q + l).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a, r: vstore(a, (0, 0), vgather(a, (0, 0), vload(r, (0,)), a.shape[1])))
    >>> a = np.arange(24.0).reshape(3, 8); f(a, np.array([2, 1, 0, 0, 1, 2, 2, 2])); a[0].tolist()
    [16.0, 9.0, 2.0, 3.0, 12.0, 21.0, 22.0, 23.0]
    """
    if not (_array_ok(ary, idx) and ary.dtype == types.float64 and rows == _I8 and isinstance(stride, types.Integer)):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        ptrs = _lane_pointers(context, builder, sig, args)
        sig_ = ir.FunctionType(_VT, [ptrs.type, ir.IntType(32), ir.VectorType(ir.IntType(1), WIDTH), _VT])
        fn = cgutils.get_or_insert_function(builder.module, sig_, f"llvm.masked.gather.v{WIDTH}f64.v{WIDTH}p0f64")
        return builder.call(fn, [ptrs, ir.Constant(ir.IntType(32), 8), _every_lane(), ir.Constant(_VT, ir.Undefined)])

    return _F8(ary, idx, rows, stride), codegen


@intrinsic
def vscatter(typingctx, ary, idx, rows, stride, v):
    """Write lane l of v to the element of :func:`vgather`'s lane l (lanes in order where they coincide).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> f = njit(lambda a, r: vscatter(a, (0, 0), vload(r, (0,)), a.shape[1], vsplat(-1.0)))
    >>> a = np.zeros((2, 8)); f(a, np.array([1, 0, 0, 0, 0, 0, 0, 1])); a[1].tolist()
    [-1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0]
    """
    if not (_array_ok(ary, idx) and ary.dtype == types.float64 and rows == _I8 and isinstance(stride, types.Integer)
            and v == _F8):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        ptrs = _lane_pointers(context, builder, sig, args)
        sig_ = ir.FunctionType(ir.VoidType(), [_VT, ptrs.type, ir.IntType(32), ir.VectorType(ir.IntType(1), WIDTH)])
        fn = cgutils.get_or_insert_function(builder.module, sig_, f"llvm.masked.scatter.v{WIDTH}f64.v{WIDTH}p0f64")
        builder.call(fn, [args[4], ptrs, ir.Constant(ir.IntType(32), 8), _every_lane()])
        return context.get_dummy_value()

    return types.void(ary, idx, rows, stride, v), codegen


@intrinsic
def vselect(typingctx, m, a, b):
    """Lane-wise a where m, else b (m from :func:`vgt`; a and b both float64 or both int64 vectors).

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> @njit
    ... def argbig(a, p):
    ...     vstore(p, (0,), vselect(vgt(vload(a, (0,)), vsplat(0.5)), vsplat(1), vsplat(0)))
    >>> p = np.zeros(8, np.int64); argbig(np.linspace(0, 1, 8), p); p.tolist()
    [0, 0, 0, 0, 1, 1, 1, 1]
    """
    if not (m == _M8 and isinstance(a, Vector) and a == b and a != _M8):
        return None

    def codegen(context, builder, sig, args):
        _wide(builder)
        return builder.select(args[0], args[1], args[2])

    return a(m, a, b), codegen
