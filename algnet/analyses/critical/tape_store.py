"""Recorded tapes kept with a structure in :mod:`.structure_store`, checked before the compiled kernels see them.

A process that loads a stored structure would record two tapes before its first count: the
:class:`~.warm.MetricGradient` tape (the warm paths' float evaluations) and the exact disc tape of
:mod:`.disc_tape` (the Krawczyk test's rigorous enclosures): 1.0-1.6 and 1.3-2.1 ms of a 11-16 ms first count
of linear 2-1-2. Both depend on the network's program and the shapes only, so the
structure's record carries them (written by the first process that records them) and a later process rebuilds
them from their arrays (:func:`pack`, :func:`unpack`), after these checks, any failure of which sends it back to
recording (and rewrites the record):

* the record's SHA-256 and the source hash of :mod:`.structure_store`, which here also covers the recorder and
  the tape format (:data:`TAPE_SOURCES`): a damaged file, or one written by other sources, is never used;
* the tape's fields as this algnet's recorder writes them (the same names, integer and complex arrays, no other
  attribute) and every index in range (:func:`indices_in_range`: operations, registers, the DOT table, tangent
  lanes, outputs), so that no compiled kernel reads or writes outside its arrays;
* the exact tape's constants small integers (:func:`.disc_tape.exact_tape`'s condition: no rounding while
  recording);
* a numerical identity check of the exact tape at a point drawn afresh in this process (:func:`exact_tape_agrees`):
  its discs must contain the family's numpy gradient, Jacobian and image (the network's own program and
  Cauchy-formula Hessians, no tape). Two straight-line programs of bounded degree that agree at a random point
  agree identically with probability one (Schwartz-Zippel), so a tape of another program is caught; like the rest
  of the store this guards against damage and stale sources, not against a record forged in the user's cache
  directory (module doc of :mod:`.structure_store`). The :class:`~.warm.MetricGradient` tape is not checked so
  (:func:`metric_tape_agrees` serves the tests): it gives only floats -- the tracker's evaluations, the Krawczyk
  test's centres and approximate inverse, for which any values are valid (:mod:`algnet.homotopy.certify`) -- and
  every enclosure comes from the checked exact tape, so a wrong one can only make a count fail (then solved
  afresh), never wrong. Its check would cost 0.4 ms of a 10 ms first count (linear 2-1-2).

The index and identity checks run once per record and code: the process that runs them writes a stamp into the
record (:mod:`.tape_stamp`: a digest of the checked bytes, the Python and numpy versions and the modules whose code
ran in the checks, traced), and a later load whose stamp holds takes the tapes without running them again (they
would give the same verdict on the same bytes with the same code); a stamp that does not hold (a tape changed even
with the record's checksum recomputed, an edited module, another numpy) runs them as before and is renewed.

Examples
--------
>>> from algnet.analyses.critical.system import example_family
>>> from algnet.analyses.critical.disc_tape import exact_tape
>>> fam = example_family("linear 2-1-2", "generic")
>>> E = exact_tape(fam)
>>> meta, arrays = pack("ex", E.tape)
>>> t = unpack("ex", meta, arrays, E.system.n_vars)
>>> bool(np.array_equal(t.code, E.tape.code)), exact_tape_agrees(t, E.system, np.random.default_rng(0))
(True, True)
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import numpy as np

from algnet.analyses.critical.disc_tape import _system, remember_exact_tape
import algnet.analyses.critical.tape_stamp as tape_stamp
from algnet.homotopy.compiled_homotopy import remember_tape
from algnet.homotopy.tape import DOT, Tape

__all__ = ["CRITICAL_DIR", "TAPE_SOURCES", "pack", "unpack", "indices_in_range", "metric_tape_agrees",
           "exact_tape_agrees", "image_tape_agrees", "restore", "packed"]

#: the directory of this module (and of :mod:`algnet.analyses.critical`), symbolic links resolved (once a process)
CRITICAL_DIR = Path(__file__).resolve().parent

#: the modules that define the recorded tapes and their layout (covered by the store's source hash); absolute paths
#: of this installation
#:
#: :meta hide-value:
TAPE_SOURCES = tuple(CRITICAL_DIR.parent.parent / "homotopy" / f
                     for f in ("tape.py", "tape_blocks.py", "tape_inline.py", "tape_params.py", "compiled.py",
                               "compiled_homotopy.py")) + (CRITICAL_DIR / "disc_tape.py",)

#: the fields of a recorded :class:`algnet.homotopy.tape.Tape` (an attribute outside these: not stored)
_INTS = ("n_vars", "n_params")
_ARRAYS = {"code": np.int64, "values": np.complex128, "lo": np.int64, "hi": np.int64, "outputs": np.int64,
           "dot_idx": np.int64, "dot_idx2": np.int64, "dot_coef": np.complex128}
_OPTIONAL = ("transform", "param_map")
_DTYPES = [np.dtype(d) for d in _ARRAYS.values()]


def pack(prefix: str, tape):
    """``(meta, arrays)`` of a recorded tape for a structure record (names prefixed ``prefix.``), or None when the
    tape has a field this module does not know (it is then recorded by every process, as before).

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> meta, arrays = pack("t", b.finish([b.x[0] * b.x[1]]))
    >>> meta["t.n_vars"], sorted(arrays)[:2]
    (2, ['t.code', 't.dot_coef'])
    """
    fields = {k: v for k, v in vars(tape).items() if not k.startswith("_")}
    if set(fields) != set(_INTS) | set(_ARRAYS) | set(_OPTIONAL):
        return None
    meta = {f"{prefix}.{k}": int(fields[k]) for k in _INTS}
    arrays = {f"{prefix}.{k}": np.ascontiguousarray(fields[k], dtype=d) for k, d in _ARRAYS.items()}
    for k in _OPTIONAL:            # the output transform T and the parameter map (None: the identity)
        meta[f"{prefix}.{k}"] = fields[k] is not None
        if fields[k] is not None:
            arrays[f"{prefix}.{k}"] = np.ascontiguousarray(fields[k], dtype=np.complex128)
    return meta, arrays


def unpack(prefix: str, meta: dict, arrays: dict, n_vars: int, check: bool = True):
    """The :class:`~algnet.homotopy.tape.Tape` packed under ``prefix`` (:func:`pack`), or None when it is missing,
    of other types or shapes, or fails :func:`indices_in_range` for ``n_vars`` variables (``check=False``: neither
    that nor the output transform's and parameter map's shapes and finiteness looked at again, for bytes that passed
    them in a process with the same code: a stamp, :mod:`.tape_stamp`).

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(2, 0)
    >>> meta, arrays = pack("t", b.finish([b.x[0] * b.x[1]]))
    >>> unpack("t", meta, arrays, 2).evaluate(np.array([2.0, 5.0]), np.zeros(0), np.zeros(0))[0].real.tolist()
    [10.0]
    >>> arrays["t.code"][0, 3] = 10 ** 6          # a register far outside the tape
    >>> unpack("t", meta, arrays, 2) is None
    True
    """
    names = _NAMES.get(prefix)
    if names is None:
        names = _NAMES[prefix] = tuple(tuple(f"{prefix}.{k}" for k in ks) for ks in (_ARRAYS, _INTS, _OPTIONAL))
    try:
        got = [arrays[k] for k in names[0]]
        nv, npar = int(meta[names[1][0]]), int(meta[names[1][1]])
        T, M = (arrays[k] if meta[k] else None for k in names[2])
    except (KeyError, TypeError, ValueError):
        return None
    if nv != int(n_vars) or [a.dtype for a in got] != _DTYPES:
        return None
    if not check:       # (these bytes passed the checks below with this code: :mod:`.tape_stamp`)
        return _tape(got, nv, npar, T, M)
    if T is not None and (T.dtype != np.complex128 or T.ndim != 2 or T.shape[0] != T.shape[1]
                          or T.shape[0] != got[4].shape[0] or not np.isfinite(T).all()):
        return None
    if M is not None and (M.dtype != np.complex128 or M.ndim != 2 or M.shape[1] != npar
                          or not np.isfinite(M).all()):
        return None
    t = _tape(got, nv, npar, T, M)
    return t if indices_in_range(t) else None


def _tape(arrays, n_vars, n_params, transform, param_map):
    """A :class:`~algnet.homotopy.tape.Tape` of these fields (the arrays C-contiguous: views of the record's buffer,
    else copied here), set in one update."""
    t = Tape.__new__(Tape)
    t.__dict__.update(zip(_ARRAYS, map(np.ascontiguousarray, arrays)), n_vars=n_vars, n_params=n_params,
                      transform=transform, param_map=param_map)
    return t


#: the record names of a tape's arrays, integers and optional arrays, per prefix (:func:`unpack`)
_NAMES: dict = {}


def indices_in_range(t) -> bool:
    """Whether every index of the tape ``t`` stays inside its arrays as the kernels read them: ``code`` rows (op,
    a, b, c) with op ADD, SUB, MUL (a, b, c registers) or DOT (a <= b entries of the DOT table, c a register), the
    DOT table's registers (``dot_idx2`` -1 or a register), tangent lanes 0 <= lo <= hi <= n_vars + 1, outputs
    registers, and the variables and parameters inside the registers.

    Examples
    --------
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> indices_in_range(b.finish([b.x[0] * b.p[0]]))
    True
    """
    try:
        nreg, n = t.values.shape[0], int(t.n_vars)
        code, k = t.code, t.dot_idx.shape[0]
        M = getattr(t, "param_map", None)
        npar = int(t.n_params) if M is None else int(M.shape[0])         # the parameter registers
        if t.values.ndim != 1 or code.ndim != 2 or code.shape[1] != 4 or nreg < n + npar or n < 0:
            return False
        if t.lo.shape != (nreg,) or t.hi.shape != (nreg,) or t.dot_idx2.shape != (k,) or t.dot_coef.shape != (k,):
            return False
        op, a, b, c = code.T
        dot = op == DOT
        ad, bd = a[dot], b[dot]
        nd = ~dot
        # every index in its range lo <= x <= hi at once: the arrays one after another against their bounds, each
        # repeated over its array (two comparisons for the nine ranges: 60 us a tape instead of 100)
        parts = (op, a[nd], b[nd], c, t.outputs.reshape(-1), t.dot_idx, ad, bd, t.dot_idx2, t.lo, t.hi)
        lows = (0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0)
        highs = (DOT, nreg - 1, nreg - 1, nreg - 1, nreg - 1, nreg - 1, k, k, nreg - 1, n + 1, n + 1)
        sizes = [x.size for x in parts]
        x = np.concatenate(parts)
        ok = (bool(((x >= np.repeat(lows, sizes)) & (x <= np.repeat(highs, sizes))).all())
              and bool((ad <= bd).all()) and bool((t.lo <= t.hi).all()))
        return bool(ok and np.isfinite(t.values).all() and np.isfinite(t.dot_coef).all())
    except (AttributeError, ValueError, TypeError):
        return False


def _point(fam, rng):
    """A random slice point and complex target (at the scale of the family's points)."""
    n, m = fam.n_vars, fam.n_params
    x = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    u = rng.normal(size=m) + 1j * rng.normal(size=m)
    return x, u


def _close(a, b, tol) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol * (1 + np.max(np.abs(b)))))


def metric_tape_agrees(tape, family, rng) -> bool:
    """Whether the :class:`~.warm.MetricGradient` tape ``tape`` of ``family`` gives the gradient and its Jacobian
    of the family's numpy evaluation at a random point and complex target (metric: the family's).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> from algnet.homotopy.tape import record
    >>> MG = MetricGradient(example_family("linear 2-1-2", "generic"))
    >>> metric_tape_agrees(record(MG), MG, np.random.default_rng(1))
    True
    """
    fam = family.fam
    if tape.n_params != family.n_params:
        return False
    x, u = _point(fam, rng)
    try:
        F, J, _ = tape.evaluate(x, family.parameters(fam.Q, u), np.zeros(family.n_params, dtype=np.complex128))
        G, H = fam.evaluate(x[None, :], u)
    except Exception:       # shapes that do not fit: not this family's tape
        return False
    return _close(F, G[0], 1e-8) and _close(J, H[0], 1e-6)


def _reference(fam, x, u):
    """The family's numpy gradient, Jacobian and image at the slice point x and complex target u (one evaluation of
    the network's program: the image is its values at x)."""
    both = getattr(fam, "evaluate_with_image", None)
    if both is not None:
        G, H, y = both(x[None, :], u)
        return G, H, y
    G, H = fam.evaluate(x[None, :], u)
    return G, H, fam._image_numpy(x[None, :])


def exact_tape_agrees(tape, system, rng, reference=None) -> bool:
    """Whether the exact disc tape ``tape`` of ``system`` (an :class:`~.disc_tape.ExactGradient`) has small integer
    constants and, at a random point and complex target, discs containing the family's numpy gradient, Jacobian
    (to the Cauchy formula's accuracy) and image. ``reference``: a dict that receives the point ``x`` and the numpy
    image ``y`` (for :func:`image_tape_agrees` at the same point). In a process that has not imported numba
    (:func:`~algnet.homotopy.tape_numpy.compiled_loaded`) the tape's float values at the point (numpy,
    :func:`~algnet.homotopy.tape_numpy.eval_rows`) are compared with the same tolerances, radius 0: the same
    identity check without numba's start-up (the tape's discs are computed, with numba, only where they are used).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.disc_tape import exact_tape
    >>> E = exact_tape(example_family("dense 2-1-1 r=3", "generic"))
    >>> exact_tape_agrees(E.tape, E.system, np.random.default_rng(2))
    True
    """
    from algnet.analyses.critical.disc_tape import _exact, disc_eval
    from algnet.homotopy.tape_numpy import compiled_loaded, eval_rows

    fam, n = system.fam, system.n_vars
    if (tape.transform is not None or tape.n_params != system.n_params or not _exact(tape.dot_coef)
            or not _exact(tape.values[n + system.n_params:])):
        return False
    x, u = _point(fam, rng)
    k = len(tape.outputs)
    if k != n + fam.n_params:
        return False
    Fm, Fr = np.empty((1, k), dtype=np.complex128), np.empty((1, k))
    Jm, Jr = np.empty((1, k, n), dtype=np.complex128), np.empty((1, k, n))
    P = np.ascontiguousarray(system.parameters(fam.Q, u))
    try:
        if compiled_loaded():
            disc_eval(tape.code, tape.dot_idx, tape.dot_idx2, tape.dot_coef, tape.lo, tape.hi, tape.values,
                      tape.outputs, n, x[None, :], np.zeros(1), P, np.ones(1, bool), Fm, Fr, Jm, Jr)
        else:       # numba not imported in this process: the tape's float values (radius 0), the same comparison
            Fm, Jm, _ = eval_rows(tape, x[None, :], P[None, :], np.zeros((1, P.size), dtype=np.complex128))
            Fr[:], Jr[:] = 0.0, 0.0
        G, H, y = _reference(fam, x, u)
    except Exception:
        return False
    if reference is not None:       # the point and the numpy image, for the image tape's check at the same point
        reference.update(x=x, y=y)
    scale_g, scale_h = 1 + np.max(np.abs(G)), 1 + np.max(np.abs(H))
    return bool(np.all(np.abs(Fm[0, :n] - G[0]) <= Fr[0, :n] + 1e-9 * scale_g)
                and np.all(np.abs(Jm[0, :n] - H[0]) <= Jr[0, :n] + 1e-6 * scale_h)
                and np.all(np.abs(Fm[0, n:] - y[0]) <= Fr[0, n:] + 1e-9 * (1 + np.max(np.abs(y)))))


def image_tape_agrees(tape, fam, rng, reference=None) -> bool:
    """Whether the image tape ``tape`` of ``fam`` (its compiled map x -> T v(c0 + N x), the rank rule's and the warm
    calls' images) gives the family's numpy image at a random slice point. Its values and Jacobian serve the
    numerical rank rule and the float images; the images' disjointness is certified from the exact tape's discs.

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> image_tape_agrees(fam._image_tape(), fam, np.random.default_rng(3))
    True
    >>> image_tape_agrees(fam._image_tape(), example_family("linear 2-1-2", "generic", seed=9), np.random.default_rng(3))
    False
    """
    if reference:       # a random point and its numpy image from :func:`exact_tape_agrees`'s check
        x = reference["x"]
    else:
        x, _ = _point(fam, rng)
    try:
        if tape.n_params != 0 or len(tape.outputs) != fam.n_params:
            return False
        from algnet.homotopy.tape_numpy import eval_tape

        Z0 = np.zeros((1, 0), dtype=np.complex128)
        F = tape.restore(*eval_tape(tape, x[None, :], Z0, Z0))[0][0]    # compiled, or numpy before numba's import
        y = fam._image_numpy(x[None, :])[0] if not reference else np.asarray(reference["y"])[0]
    except Exception:
        return False
    return _close(F, y, 1e-9)


def restore(meta: dict, arrays: dict, fam, family, rng=None, stamp=None, digest=None) -> bool:
    """Rebuild the two tapes a structure record carries (the :class:`~.warm.MetricGradient` tape of ``family`` and
    the exact disc tape of ``fam``), check them (module doc) and have the family and the structure use them; False
    (nothing used) when they are missing or any check fails. ``rng``: the check point's generator (fresh entropy
    by default). The numerical identity checks of the exact and image tapes are not run again when the record's
    stamp (``meta["checked"]``, :mod:`.tape_stamp`) holds; when they run and pass, ``stamp`` (a dict, if given)
    receives the new stamp under ``"checked"`` (for the caller to write into the record). ``digest``: the arrays'
    digest when the caller has it (:func:`~.structure_record.load_record`).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> meta, arrays = packed(fam, MetricGradient(fam))
    >>> restore(meta, arrays, fam, MetricGradient(fam)), restore({}, {}, fam, MetricGradient(fam))
    (True, False)
    """
    S = _system(fam)
    if tape_stamp.stamp_holds(meta.get("checked"), meta, arrays, digest):
        # these bytes passed every check below in a process with this code (:mod:`.tape_stamp`): the index checks
        # and the identity checks, and with them the batched program's agreement with the exact tape, which stands
        # for the program's own check as when the checks run
        tapes = _unpacked(meta, arrays, fam, family, S, check=False)
        if tapes is None:
            return False
        vals = getattr(fam, "values", None)
        if getattr(vals, "provisionally_batched", None) is not None:
            vals.confirm_batched()
    else:
        tapes, files = tape_stamp.traced(_checked, meta, arrays, fam, family, S, rng)
        if tapes is None:
            return False
        if stamp is not None and files is not None:
            stamp["checked"] = tape_stamp.make_stamp(meta, arrays, files)
    mg, ex, im = tapes
    remember_tape(family, mg, map_parameters=True)
    remember_exact_tape(fam, ex, S)
    if im is not None:     # (0.3 ms to record in a fresh process, linear 2-1-2)
        fam._itape = im
    return True


def _unpacked(meta, arrays, fam, family, S, check=True):
    """``(mg, ex, im)``: the metric, exact and image tapes of a record (``im`` None when none is stored), or None when
    one fails :func:`unpack` (its index checks when ``check``)."""
    mg = unpack("mg", meta, arrays, family.n_vars, check=check)
    ex = unpack("ex", meta, arrays, S.n_vars, check=check)
    if mg is None or ex is None or mg.n_params != family.n_params:
        return None
    im = unpack("im", meta, arrays, fam.n_vars, check=check) if "im.code" in arrays else None
    if "im.code" in arrays and im is None:
        return None
    return mg, ex, im


def _checked(meta, arrays, fam, family, S, rng):
    """:func:`_unpacked` with the index checks and the numerical identity checks of the exact and image tapes
    (:func:`_identity_checks`), or None when any fails."""
    tapes = _unpacked(meta, arrays, fam, family, S)
    if tapes is None or not _identity_checks(tapes[1], S, tapes[2], fam, rng):
        return None
    return tapes


def _identity_checks(ex, S, im, fam, rng) -> bool:
    """The numerical identity checks of a record's exact tape ``ex`` (of the system ``S``) and image tape ``im``
    (None: none stored) against the network's program at one random point (:func:`exact_tape_agrees`,
    :func:`image_tape_agrees`)."""
    rng = np.random.default_rng() if rng is None else rng
    at: dict = {}
    # the numpy reference of the check is the network's batched program: its own check against the per-path route
    # (:class:`~algnet.analyses.witness.NetworkValues`, 0.5-0.7 ms in a new process) is replaced by this one, which
    # compares it with the tape recorded from the network's program by another route (the tracer) at a random point
    vals = getattr(fam, "values", None)
    provisional = getattr(vals, "provisionally_batched", None)
    with provisional() if provisional is not None else nullcontext():
        agrees = exact_tape_agrees(ex, S, rng, at)
    if not agrees:
        return False
    if provisional is not None:
        vals.confirm_batched()
    # the image tape is checked at the exact tape's random point, against the image of that numpy evaluation (one
    # evaluation of the network's program for both checks: 0.2-0.3 ms of a loaded structure's first count)
    return im is None or image_tape_agrees(im, fam, rng, at)


def packed(fam, family):
    """``(meta, arrays)`` of the two tapes of a structure (recorded if they were not: :func:`restore` reads them),
    or None when either cannot be stored (no exact tape, a tape field :func:`pack` does not know).

    Examples
    --------
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.warm import MetricGradient
    >>> fam = example_family("dense 2-1-1 r=3", "generic")
    >>> meta, arrays = packed(fam, MetricGradient(fam))
    >>> meta["mg.n_vars"] == meta["ex.n_vars"] == fam.n_vars
    True
    """
    from algnet.analyses.critical.disc_tape import exact_tape
    from algnet.homotopy.compiled_homotopy import family_tape

    E = exact_tape(fam)
    a = pack("mg", family_tape(family, map_parameters=True))      # the tracker's tape (TapeCenters reads it too)
    b = None if E is None else pack("ex", E.tape)
    if a is None or b is None:
        return None
    im = fam._image_tape() if hasattr(fam, "_image_tape") else None     # the rank rule's (None: numpy's)
    c = pack("im", im) if im is not None else ({}, {})
    c = c if c is not None else ({}, {})
    return {**a[0], **b[0], **c[0]}, {**a[1], **b[1], **c[1]}
