"""The batched kernel's work arrays kept per thread across trackers, re-initialised in place for a new tape.

:func:`algnet.homotopy.batched.batched_work` makes the work arrays of :func:`~algnet.homotopy.batched.advance_batched`
(registers, evaluation, stages, flags and the three packed narrow blocks). A compiled tracker kept one set per
(thread, block) for its life, but a degree run makes a new tracker per homotopy (1.3-1.7 a run), and a new set
costs its allocation and first touch: fresh pages of a few hundred KB (about 100 page faults a set). Here the sets
live in a small pool keyed by (thread, registers, unknowns, parameters, block) and are handed to the next tracker
of the same shapes; a set last used with another tape's register values is first put back, in place, into the
state :func:`~algnet.homotopy.batched.batched_work` makes (:func:`reset_work`: registers from the values, the
unknowns' derivative lanes the identity, every array made zero-filled zero again), so a kernel call sees what it
saw with a fresh set and its results are the same bit for bit. One set serves one call at a time: the key holds
the calling thread, and a thread runs one kernel call at a time.

The costs of a new set against a re-initialised one: see :func:`pooled_work`.
"""

from __future__ import annotations

import threading

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit

__all__ = ["pooled_work", "pooled_entry", "pooled_kernel", "reset_work", "POOL_SETS", "POOL_BYTES", "clear_pool"]

#: the sets kept at most (threads come and go; a run uses up to five block widths per thread: groups of part of a
#: block run in narrower ones, algnet.homotopy.path_groups.group_widths); more: the pool is emptied
POOL_SETS = 16

#: the bytes kept at most (a set of a big tape: up to about 10 MB, the block's registers being capped at 4 MB by
#: the compiled tracker); a set that would pass it empties the pool first, a bigger one is not kept
POOL_BYTES = 48 << 20

_POOL: dict = {}


@kernel_njit(error_model="numpy")
def _registers(RR, RI, DR, DI, values, n):
    """Registers of a block (..., nr, w): the values' real and imaginary parts in every lane, derivative lanes
    zero but the unknowns' own (the identity)."""
    for r in range(values.shape[0]):
        RR[r, :] = values[r].real
        RI[r, :] = values[r].imag
    DR[:] = 0.0
    DI[:] = 0.0
    for j in range(n):
        DR[j, j, :] = 1.0


@kernel_njit(error_model="numpy")
def _reset_scratch(SC, values, n):
    RR, RI, DR, DI, LR, LI, WF, WJ, WH, WO, Wf, PV, KK, MB, FB, IB = SC
    for c in range(RR.shape[0]):
        _registers(RR[c], RI[c], DR[c], DI[c], values, n)
    LR[:] = 0.0
    LI[:] = 0.0
    WF[:] = 0.0
    WJ[:] = 0.0
    WH[:] = 0.0
    WO[:] = False
    Wf[:] = 0.0
    PV[:] = 0
    KK[:] = 0.0
    FB[:] = 0.0             # MB and IB: made empty (written before they are read)


@kernel_njit(error_model="numpy")
def _reset_narrow(NW, values, n):
    S, xw, tw, pw, Fw, Jw, Hw, dw, vw, lw, ow, fw, pvw, idx = NW
    _registers(S[0], S[1], S[2], S[3], values, n)
    xw[:] = 0.0             # tw and pw: made empty
    Fw[:] = 0.0
    Jw[:] = 0.0
    Hw[:] = 0.0
    dw[:] = 0.0
    vw[:] = 0.0
    lw[:] = False
    ow[:] = False
    fw[:] = 0.0
    pvw[:] = 0
    idx[:] = 0


def reset_work(work, values, n):
    """Put a set of :func:`~algnet.homotopy.batched.batched_work` (made for the same shapes) back, in place,
    into the state that function makes for the register values ``values`` and n unknowns.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.batched import batched_work
    >>> w = batched_work(np.array([1.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    >>> w[0][0][0, 1, 0] = 7.0; w[0][6][0, 0, 0, 0] = 3.0       # a register and an evaluation written by a call
    >>> reset_work(w, np.array([5.0 + 1j, 2.0 + 0j]), 1)
    >>> float(w[0][0][0, 0, 0]), float(w[0][1][0, 0, 0]), float(w[0][0][0, 1, 0]), float(w[0][6].max())
    (5.0, 1.0, 2.0, 0.0)
    """
    SC, NS = work
    _reset_scratch(SC, values, n)
    for NW in NS:
        _reset_narrow(NW, values, n)


def pooled_work(values, n, m, B):
    """The work arrays of an :func:`~algnet.homotopy.batched.advance_batched` call on the calling thread
    (``work=``) for a tape with register values ``values``, n unknowns, m parameters and blocks of B paths: a
    pooled set of those shapes (re-initialised by :func:`reset_work` when last used with other values), else a
    new one (:func:`~algnet.homotopy.batched.batched_work`), kept for the next call.

    Thread CPU per set (synthetic register values, B = 32): n = 12 with 150 registers, a new set about 0.9 ms
    against 0.07 ms to re-initialise one; n = 16, 250 registers 1.1 / 0.18 ms; n = 8, 100 registers 0.044 /
    0.022; n = 4, 60 registers 0.034 / 0.013. In a degree run of linear 4-2-4 that is 0.5-1 ms of 90-100 ms.

    Examples
    --------
    >>> import numpy as np
    >>> clear_pool()
    >>> a = pooled_work(np.array([1.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    >>> b = pooled_work(np.array([3.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    >>> a is b, float(b[0][0][0, 0, 0])        # the same arrays, registers set to the new values
    (True, 3.0)
    """
    return pooled_entry(values, n, m, B)[1]


def pooled_entry(values, n, m, B) -> list:
    """:func:`pooled_work` as its pool entry ``[values, work, bytes]``: the set ``work`` holds the registers of
    ``values`` while ``entry[0] is values`` (a later call with other values re-initialises it in place and
    changes ``entry[0]``), so a caller may keep the entry and reuse its set without a lookup while that holds
    (the compiled tracker's batched kernel: one entry per thread and block width). A set too big for the pool
    comes in an entry of its own.

    Examples
    --------
    >>> import numpy as np
    >>> clear_pool()
    >>> v, w = np.array([1.0 + 0j, 2.0 + 0j]), np.array([3.0 + 0j, 2.0 + 0j])
    >>> e = pooled_entry(v, 1, 1, 4)
    >>> e[0] is v, pooled_entry(w, 1, 1, 4) is e, e[0] is w, float(e[1][0][0][0, 0, 0])
    (True, True, True, 3.0)
    """
    from algnet.homotopy.batched import batched_work

    key = (threading.get_ident(), values.shape[0], n, m, B)
    entry = _POOL.get(key)
    if entry is None:
        work = batched_work(values, n, m, B)
        size = _nbytes(work)
        if len(_POOL) >= POOL_SETS or size + sum(e[2] for e in _POOL.values()) > POOL_BYTES:
            _POOL.clear()
        entry = [values, work, size]
        if size <= POOL_BYTES:
            _POOL[key] = entry
        return entry
    if entry[0] is not values:
        reset_work(entry[1], values, n)
        entry[0] = values
    return entry


def pooled_kernel(values, n, m):
    """:func:`~algnet.homotopy.batched.advance_batched` with the calling thread's pooled work set: a function of the
    kernel's arguments up to the block size B (the compiled tracker's batched kernel for a tape with register values
    ``values``, n unknowns and m parameters). Each (thread, B) keeps its set's pool entry (:func:`pooled_entry`) and
    looks it up again only when another tape's call took the set: the same sets, re-initialised when they would
    be, as :func:`pooled_work` at every call.

    Examples
    --------
    Two paths of x^2 = p from p = 1 to 4 in a block of 2, to their end:

    >>> import numpy as np
    >>> from algnet.homotopy.compiled import CompiledPathTracker
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> tr = CompiledPathTracker(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0],
    ...                                            [4.0]), 1)
    >>> _ = tr.add(np.array([[1.0], [-1.0]]))
    >>> code, didx, didx2, dcoef, lo, hi, values, outs = tr.CH.tape.args
    >>> P0, P1 = tr.CH.parameters(2)
    >>> kernel = pooled_kernel(values, 1, P0.shape[1])
    >>> _ = kernel(np.arange(2), code, didx, didx2, dcoef.real.copy(), dcoef.imag.copy(), lo, hi, values, outs, 1,
    ...            tr.X, tr.T, tr.h, tr.code, tr.steps, tr.rejected, tr.V, tr.vok, P0, P1, tr._opt, 200, 2, 2)
    >>> tr.code.tolist(), np.round(tr.X[:, 0].real, 8).tolist()
    ([1, 1], [2.0, -2.0])
    """
    from algnet.homotopy.batched import advance_batched

    held = {}

    def kernel(*a):
        key = (threading.get_ident(), a[-1])
        e = held.get(key)
        if e is None or e[0] is not values:
            e = held[key] = pooled_entry(values, n, m, a[-1])
        return advance_batched(*a, None, True, True, e[1])

    return kernel


def _nbytes(work) -> int:
    """The bytes of a set's arrays.

    A SIGSEGV at Ctrl-C (``algnet degree "linear 6-3-6" --method monodromy --progress``, about 2% of
    interrupts) showed as a NULL first item of the 16-tuple returned by the first call of ``batched._scratch``
    in the process. Its cause was not here (a generator expression, replaced by these loops, did not matter):
    the KeyboardInterrupt of the Ctrl-C was raised inside numba's boxing of that tuple and lost there
    (:func:`algnet.interrupts.in_numba_boxing`).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.batched import batched_work
    >>> w = batched_work(np.array([1.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    >>> _nbytes(w) == sum(a.nbytes for a in w[0]) + sum(a.nbytes for NW in w[1] for a in (*NW[0], *NW[1:]))
    True
    """
    SC, NS = work
    total = 0
    for a in SC:
        total += a.nbytes
    for NW in NS:
        for a in NW[0]:
            total += a.nbytes
        for a in NW[1:]:
            total += a.nbytes
    return total


def clear_pool():
    """Drop every pooled set (their memory is freed when no tracker holds them).

    Examples
    --------
    >>> clear_pool()
    >>> len(_POOL)
    0
    """
    _POOL.clear()
