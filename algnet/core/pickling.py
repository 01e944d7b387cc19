"""Register flint types with :mod:`copyreg` so results pickle (processes, Dask).

Examples
--------
>>> import pickle
>>> from algnet.core.numbers import fmpq, nmod_mat
>>> pickle.loads(pickle.dumps(fmpq(3, 4)))
3/4
>>> pickle.loads(pickle.dumps(nmod_mat(1, 2, [1, 2], 7))).tolist()
[[1, 2]]
"""

from __future__ import annotations

import copyreg

from algnet.core.numbers import fmpq, fmpq_mat, fmpz, fmpz_mat, nmod, nmod_mat


def _fmpz(v):
    return fmpz(v)


def _fmpq(p, q):
    return fmpq(p, q)


def _nmod(v, p):
    return nmod(v, p)


def _nmod_mat(m, n, entries, p):
    return nmod_mat(m, n, entries, p)


def _fmpz_mat(m, n, entries):
    return fmpz_mat(m, n, entries)


def _fmpq_mat(m, n, entries):
    return fmpq_mat(m, n, [fmpq(a, b) for a, b in entries])


copyreg.pickle(fmpz, lambda x: (_fmpz, (int(x),)))
copyreg.pickle(fmpq, lambda x: (_fmpq, (int(x.p), int(x.q))))
copyreg.pickle(nmod, lambda x: (_nmod, (int(x), int(x.modulus()))))
copyreg.pickle(nmod_mat, lambda M: (_nmod_mat, (M.nrows(), M.ncols(),
                                                      [int(v) for row in M.tolist() for v in row], int(M.modulus()))))
copyreg.pickle(fmpz_mat, lambda M: (_fmpz_mat, (M.nrows(), M.ncols(),
                                                      [int(v) for row in M.tolist() for v in row])))
copyreg.pickle(fmpq_mat, lambda M: (_fmpq_mat, (M.nrows(), M.ncols(),
                                                      [(int(v.p), int(v.q)) for row in M.tolist() for v in row])))
