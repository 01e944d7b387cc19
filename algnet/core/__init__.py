"""Exact and modular arithmetic on python-flint; knows nothing of networks."""

from algnet.core import pickling as _pickling  # noqa: F401  (registers flint types with copyreg)
from algnet.core.backends import Complex, Exact, ModP, TermBound
from algnet.core.domains import GF, QQ, convert
from algnet.core.crt import crt, crt_vector, rational_reconstruction, reconstruct_vector
from algnet.core.linalg import (
    kernel_mod_p,
    kernel_qq,
    pivot_columns_mod_p,
    rank_mod_p,
    rank_qq,
    rref_mod_p,
)
from algnet.core.primes import check_prime, default_primes, is_prime

__all__ = [
    "Complex", "Exact", "ModP", "TermBound", "GF", "QQ", "convert",
    "crt", "crt_vector", "rational_reconstruction", "reconstruct_vector",
    "kernel_mod_p", "kernel_qq", "pivot_columns_mod_p", "rank_mod_p", "rank_qq", "rref_mod_p",
    "check_prime", "default_primes", "is_prime",
]
