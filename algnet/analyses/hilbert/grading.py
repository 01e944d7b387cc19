"""The grading of I(M): the largest diagonal torus preserving M, found by tangency at random points."""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np

from algnet.analyses.hilbert.linalg import _kernel_rref, _rank, _rref
from algnet.analyses.hilbert.sampler import _Sampler
from algnet.errors import ParameterError


@dataclass(frozen=True)
class _Grading:
    weights: np.ndarray  # (k, N) integers; rows = characters of the torus
    homogeneous: bool  # the Euler vector field is tangent: M is a cone, I(M) homogeneous
    description: str


def _tangent_weights(sampler: _Sampler):
    """rref of {w : diag(w) c in T_c M for the sampled points c} (mod p).

    One point gives codim(M) linear conditions on w; points are added until
    two more leave the solution space unchanged.
    """
    p = sampler.p
    N = sampler.N
    rows = np.zeros((0, N), dtype=np.int64)
    rank, stable = 0, 0
    while stable < 2 and rank < N:
        c, J = sampler.point_and_jacobian()
        _, Q = _kernel_rref(J.T, p)  # normals: left kernel of J
        if Q.shape[0] == 0:
            return np.eye(N, dtype=np.int64), np.arange(N)
        rows, piv = _rref(np.vstack([rows, sampler.B.mul(Q, c[None, :])]), p)
        stable = stable + 1 if len(piv) == rank else 0
        rank = len(piv)
    _, W = _kernel_rref(rows, p)
    return _rref(W, p)


def _reconstruct_small(x: int, p: int):
    from algnet.core.crt import rational_reconstruction

    return rational_reconstruction(int(x), p)


def _detect_grading(s1: _Sampler, s2: _Sampler, mode: str = "auto") -> _Grading:
    N = s1.N
    ones = np.ones((1, N), dtype=np.int64)
    if mode == "none":
        return _Grading(np.zeros((0, N), dtype=np.int64), False, "no grading (degree <= e filtration)")
    R1, piv1 = _tangent_weights(s1)
    euler = _rank(np.vstack([R1, ones]), s1.p) == R1.shape[0] if R1.shape[0] else False
    if mode == "total":
        if not euler:
            raise ParameterError("grading='total' but M is not a cone (the Euler field is not tangent)",
                                 hint="use grading='auto' or 'none'")
        return _Grading(ones, True, "total degree")
    R2, piv2 = _tangent_weights(s2)
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
