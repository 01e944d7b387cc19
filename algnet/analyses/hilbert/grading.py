"""The grading of I(M): the largest diagonal torus preserving M, found by tangency at random points."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from math import gcd

import numpy as np

from algnet.analyses.hilbert.linalg import _kernel_rref, _rank, _rref
from algnet.analyses.hilbert.sampler import _Sampler
from algnet.errors import ParameterError

_log = logging.getLogger("algnet")
#: coordinates from which the grading detection shows a progress bar on a terminal without ``--progress`` (its
#: eliminations grow like N^3: dense 10-10-10 r=3, N = 2200, runs for minutes)
BAR_FROM_COORDINATES = 300
_SHOW = {"progress": False}


@contextmanager
def grading_progress(show: bool = True):
    """Inside the block, the grading detection shows its progress bar whatever its size and wherever stderr goes
    (the command line's ``--progress``); outside, only on a terminal from :data:`BAR_FROM_COORDINATES` coordinates.

    Examples
    --------
    >>> with grading_progress():
    ...     _SHOW["progress"]
    True
    >>> _SHOW["progress"]
    False
    """
    before = _SHOW["progress"]
    _SHOW["progress"] = bool(show) or before
    try:
        yield
    finally:
        _SHOW["progress"] = before


def _bar(N: int, prime: int):
    """A tqdm bar over the rank of the tangency conditions (at most N), or None when not shown."""
    terminal = N >= BAR_FROM_COORDINATES and hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    if not (_SHOW["progress"] or terminal):
        return None
    from tqdm.auto import tqdm

    return tqdm(total=N, desc=f"grading detection mod {prime} (tangency conditions, rank)", unit="", leave=False)


@dataclass(frozen=True)
class _Grading:
    weights: np.ndarray  # (k, N) integers; rows = characters of the torus
    homogeneous: bool  # the Euler vector field is tangent: M is a cone, I(M) homogeneous
    description: str


def _tangent_weights(sampler: _Sampler):
    """rref of {w : diag(w) c in T_c M for the sampled points c} (mod p).

    One point gives codim(M) linear conditions on w; points are added until
    two more leave the solution space unchanged. A progress bar (:func:`_bar`) follows the rank of the
    conditions (at most N); after Ctrl-C the step and how far it got are said before the interrupt goes on.
    """
    p = sampler.p
    N = sampler.N
    rows = np.zeros((0, N), dtype=np.int64)
    rank, stable, points = 0, 0, 0
    bar = _bar(N, p)
    try:
        while stable < 2 and rank < N:
            c, J = sampler.point_and_jacobian()
            _, Q = _kernel_rref(J.T, p)  # normals: left kernel of J
            if Q.shape[0] == 0:
                return np.eye(N, dtype=np.int64), np.arange(N)
            rows, piv = _rref(np.vstack([rows, sampler.B.mul(Q, c[None, :])]), p)
            stable = stable + 1 if len(piv) == rank else 0
            points += 1
            if bar is not None:
                bar.update(len(piv) - rank)
                bar.set_postfix(points=points)
            rank = len(piv)
        _, W = _kernel_rref(rows, p)
        return _rref(W, p)
    except KeyboardInterrupt:
        _log.warning("algnet: interrupted in the set-up: the grading detection (the torus preserving M, from "
                     "tangency conditions at random points mod %d: rank %d of at most %d after %d points); no "
                     "H(e) was computed yet. grading='none' (CLI: --grading none) skips this step "
                     "(pieces by degree <= e)", p, rank, N, points)
        raise
    finally:
        if bar is not None:
            bar.close()


def _reconstruct_small(x: int, p: int):
    from algnet.core.crt import rational_reconstruction

    return rational_reconstruction(int(x), p)


def _is_cone(R: np.ndarray, ones: np.ndarray, p: int) -> bool:
    """Whether the Euler field lies in the span of the tangency rows R mod p (M is a cone there)."""
    return bool(R.shape[0]) and _rank(np.vstack([R, ones]), p) == R.shape[0]


def _detect_grading(s1: _Sampler, s2: _Sampler, mode: str = "auto") -> _Grading:
    N = s1.N
    ones = np.ones((1, N), dtype=np.int64)
    if mode == "none":
        return _Grading(np.zeros((0, N), dtype=np.int64), False, "no grading (degree <= e filtration)")
    R1, piv1 = _tangent_weights(s1)
    R2, piv2 = _tangent_weights(s2)
    # the cone test at both primes: at a prime dividing coefficients of the map, the map mod p can be a cone
    # when M is not (map 268435399*x^2; y; 268435399*x*y is (0, y, 0) mod 268435399), and a wrong grading would
    # make an empty kernel look complete
    euler = _is_cone(R1, ones, s1.p) and _is_cone(R2, ones, s2.p)
    if mode == "total":
        if not euler:
            raise ParameterError("grading='total' but M is not a cone (the Euler field is not tangent)",
                                 hint="use grading='auto' or 'none'")
        return _Grading(ones, True, "total degree")
    ok = R1.shape == R2.shape and np.array_equal(piv1, piv2)
    rows = []
    if ok:
        try:
            for i in range(R1.shape[0]):
                fr = [_reconstruct_small(x, s1.p) for x in R1[i]]
                if any((f.numerator - int(y) * f.denominator) % s2.p for f, y in zip(fr, R2[i])):
                    ok = False
                    break
                den = 1
                for f in fr:
                    den = den * f.denominator // gcd(den, f.denominator)
                rows.append([int(f * den) for f in fr])
        except Exception:  # reconstruction failed: fall back below
            ok = False
    if ok and rows:
        W = np.array(rows, dtype=np.int64)
        desc = f"torus of dimension {W.shape[0]} found by tangency at random points mod {s1.p}, {s2.p}"
        return _Grading(W, euler, desc)
    if euler:
        return _Grading(ones, True, "total degree (finer torus not reconstructed)")
    return _Grading(np.zeros((0, N), dtype=np.int64), False, "no grading found (degree <= e filtration)")
