"""Register flint types with :mod:`copyreg` so results pickle (processes, Dask).

Examples
--------
>>> import pickle, flint
>>> pickle.loads(pickle.dumps(flint.fmpq(3, 4)))
3/4
>>> pickle.loads(pickle.dumps(flint.nmod_mat(1, 2, [1, 2], 7))).tolist()
[[1, 2]]
"""

from __future__ import annotations

import copyreg

import flint


def _fmpz(v):
    return flint.fmpz(v)


def _fmpq(p, q):
    return flint.fmpq(p, q)


def _nmod(v, p):
    return flint.nmod(v, p)


def _nmod_mat(m, n, entries, p):
    return flint.nmod_mat(m, n, entries, p)


def _fmpz_mat(m, n, entries):
    return flint.fmpz_mat(m, n, entries)


def _fmpq_mat(m, n, entries):
    return flint.fmpq_mat(m, n, [flint.fmpq(a, b) for a, b in entries])


copyreg.pickle(flint.fmpz, lambda x: (_fmpz, (int(x),)))
copyreg.pickle(flint.fmpq, lambda x: (_fmpq, (int(x.p), int(x.q))))
copyreg.pickle(flint.nmod, lambda x: (_nmod, (int(x), int(x.modulus()))))
copyreg.pickle(flint.nmod_mat, lambda M: (_nmod_mat, (M.nrows(), M.ncols(),
                                                      [int(v) for row in M.tolist() for v in row], int(M.modulus()))))
copyreg.pickle(flint.fmpz_mat, lambda M: (_fmpz_mat, (M.nrows(), M.ncols(),
                                                      [int(v) for row in M.tolist() for v in row])))
copyreg.pickle(flint.fmpq_mat, lambda M: (_fmpq_mat, (M.nrows(), M.ncols(),
                                                      [(int(v.p), int(v.q)) for row in M.tolist() for v in row])))
