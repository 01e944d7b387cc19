"""A numerical algebraic geometry engine: systems, path tracking,
parameter homotopies, monodromy, trace test, certification.

It knows polynomial systems given as vectorised callables (values and
Jacobians in complex float64), not networks.
"""
