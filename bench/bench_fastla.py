"""Modular rank at BLAS speed: algnet.core.fastla against flint and numpy.

Square matrices of size n with a known rank deficiency (the last n//50
columns are sums of earlier ones), modulo p = 2^28 - 57 (products split into
two digits) and p = 2^20 - 3 (plain products). References:

* flint ``nmod_mat.rank()`` and ``.rref()`` (column pivots), timed with the
  numpy -> ``nmod_mat`` conversion that algnet would have to pay
  (``conversion`` is noted separately); the ranks must agree with algnet's.
* numpy ``matrix_rank`` (float SVD; not exact, a speed reference only).
* numpy ``solve`` (float64 LU, ``getrf``): the BLAS floor for elimination.

``ratio`` = reference time / algnet time (> 1: algnet is faster). Run with
``python bench/run.py --only fastla [--quick]`` or
``python bench/bench_fastla.py [--quick]``. Quick mode: n = 500, 1000; full
mode: n = 1000, 2000, 4800, 10000, where flint and the SVD are skipped at
n = 10000 (estimated 3-4 minutes each; pass ``max_reference_n``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

P_SPLIT = 2**28 - 57
P_PLAIN = 2**20 - 3


def _matrix(n: int, p: int, seed: int = 0) -> tuple[np.ndarray, int]:
    """n x n residues of rank n - n//50 (dependent columns at the end)."""
    rng = np.random.default_rng(seed)
    A = rng.integers(0, p, size=(n, n), dtype=np.int64)
    d = n // 50
    if d:
        A[:, n - d:] = (A[:, :d] + 3 * A[:, d:2 * d]) % p
    return A, n - d


def _time(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def _row(case, algnet_s, reference, reference_s, note=""):
    ratio = (reference_s / algnet_s) if (reference_s is not None and algnet_s) else None
    return {"case": case, "algnet_s": algnet_s, "reference": reference, "reference_s": reference_s,
            "ratio": ratio, "note": note}


def main(quick: bool = False, max_reference_n: int = 4800) -> list[dict]:
    import flint

    from algnet.core.fastla import rank_profile_blas

    sizes = (500, 1000) if quick else (1000, 2000, 4800, 10000)
    rows = []
    for n in sizes:
        for p in (P_SPLIT, P_PLAIN):
            A, expected = _matrix(n, p)
            t_alg, (r, piv) = _time(lambda: rank_profile_blas(A, p))
            case = f"rank+pivots {n}x{n} mod {p}"
            ok = r == expected and piv == tuple(range(expected))
            note = f"rank {r} (expected {expected}{', pivots ok' if ok else ', MISMATCH'})"
            t_lu, _ = _time(lambda: np.linalg.solve(A.astype(np.float64), np.ones(n)))
            rows.append(_row(case, t_alg, "numpy float64 LU solve (getrf)", t_lu, note + "; the BLAS floor"))
            if p != P_SPLIT:
                continue
            if n > max_reference_n:
                rows.append(_row(case, t_alg, "flint nmod_mat rank / numpy SVD", None,
                                 f"skipped above n={max_reference_n} (flint ~3-4 min incl. conversion)"))
                continue
            t_conv, M = _time(lambda: flint.nmod_mat(n, n, A.ravel().tolist(), p))
            t_rank, rf = _time(M.rank)
            agree = "agree" if int(rf) == r else f"DISAGREE (flint {rf})"
            rows.append(_row(case, t_alg, "flint nmod_mat.rank (+conversion)", t_conv + t_rank,
                             f"{agree}; conversion {t_conv:.2f} s, rank {t_rank:.2f} s"))
            t_rref, (R, rr) = _time(M.rref)
            rows.append(_row(case, t_alg, "flint nmod_mat.rref pivots (+conversion)", t_conv + t_rref,
                             f"rref {t_rref:.2f} s"))
            t_svd, rs = _time(lambda: np.linalg.matrix_rank(A.astype(np.float64)))
            rows.append(_row(case, t_alg, "numpy matrix_rank (float SVD, not exact)", t_svd,
                             f"SVD rank {rs}"))
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for row in main(quick=quick):
        print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}, flush=True)
