"""The per-path LU of the path-batched kernel (algnet.homotopy.blocks) against numpy.linalg.solve."""

import numpy as np
import pytest

from algnet.homotopy import blocks


def _block(M, b):
    """(B, n, n) complex matrices and (B, n) right-hand sides -> the kernel's layout (re/im first, paths last)."""
    J = np.ascontiguousarray(np.stack([M.real, M.imag]).transpose(0, 2, 3, 1))
    v = np.ascontiguousarray(np.stack([b.real, b.imag]).transpose(0, 2, 1))
    return J, v


def _solve(M, b1, b2, live):
    B, n = b1.shape
    J, v1 = _block(M, b1)
    _, v2 = _block(M, b2)
    ok = np.zeros(B, np.bool_)
    f = np.empty((4, B))
    piv = np.zeros((n, B), np.int64)
    blocks._lu_solve(J, v1, v2, True, live, ok, f, piv)
    return (v1[0] + 1j * v1[1]).T, (v2[0] + 1j * v2[1]).T, ok, (J, piv)


@pytest.mark.parametrize("n,B", [(1, 1), (2, 3), (5, 32), (12, 5), (20, 16)])
def test_lu_solves_like_numpy(n, B):
    rng = np.random.default_rng(n * 100 + B)
    M = rng.normal(size=(B, n, n)) + 1j * rng.normal(size=(B, n, n))
    b1 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    b2 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    live = np.ones(B, np.bool_)
    live[1::3] = False
    x1, x2, ok, (J, piv) = _solve(M, b1, b2, live)
    assert np.array_equal(ok, live)
    for q in np.flatnonzero(live):
        c = np.linalg.cond(M[q])
        assert np.abs(x1[q] - np.linalg.solve(M[q], b1[q])).max() <= 1e-13 * c * (1 + np.abs(x1[q]).max())
        assert np.abs(x2[q] - np.linalg.solve(M[q], b2[q])).max() <= 1e-13 * c * (1 + np.abs(x2[q]).max())
    # paths not live keep their right-hand sides (callers keep updates of converged paths there)
    assert np.array_equal(x1[~live], b1[~live]) and np.array_equal(x2[~live], b2[~live])
    # the factorization kept in J serves later right-hand sides (the simplified Newton iterations)
    b3 = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    _, v3 = _block(M, b3)
    blocks._lu_apply(J, piv, v3, ok)
    x3 = (v3[0] + 1j * v3[1]).T
    for q in np.flatnonzero(live):
        assert np.allclose(M[q] @ x3[q], b3[q], rtol=0, atol=1e-11 * np.linalg.cond(M[q]))


def test_singular_and_nonfinite_paths():
    """An exactly zero pivot clears ok (first column zero; two equal rows: the second pivot cancels to 0);
    a nan in the matrix keeps ok and gives a non-finite solution (the tracker's test); the other paths of
    the block are solved as alone."""
    rng = np.random.default_rng(7)
    n, B = 4, 6
    M = rng.normal(size=(B, n, n)) + 1j * rng.normal(size=(B, n, n))
    M[0, :, 0] = 0.0
    M[1] = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [0, 1, 5, 2], [3, 0, 1, 1]], dtype=complex)
    M[2, 2, 1] = np.nan
    b = rng.normal(size=(B, n)) + 1j * rng.normal(size=(B, n))
    x, _, ok, _ = _solve(M, b, b.copy(), np.ones(B, np.bool_))
    assert ok.tolist() == [False, False, True, True, True, True]
    assert np.array_equal(x[:2], b[:2])
    assert not np.isfinite(x[2]).all()
    for q in range(3, B):
        assert np.allclose(x[q], np.linalg.solve(M[q], b[q]), rtol=1e-12, atol=1e-12)


def _block_eval(tape, X, P0, P1, t, W, B):
    """The block kernels' F, J, H_t and light G of the first B paths (paths innermost, parts apart)."""
    from algnet.homotopy.batched import _scratch

    code, didx, didx2, co, lo, hi, values, outs = tape.args
    tp = blocks._block_tape(code, didx, didx2, co.real.copy(), co.imag.copy(), lo, hi, outs, len(values))
    n, k = X.shape[1], len(outs)
    S = tuple(a[0] for a in _scratch(values, n, B, 1)[:6])
    x = np.ascontiguousarray(np.stack([X[:B].real.T, X[:B].imag.T]))
    w = np.ascontiguousarray(np.stack([W[:B].real.T, W[:B].imag.T]))
    PP = np.ascontiguousarray(np.stack([P0[:B].real.T, P0[:B].imag.T, P1[:B].real.T, P1[:B].imag.T]))
    F, J, Ht, F2, G = (np.empty((2, k, B)), np.empty((2, k, n, B)), np.empty((2, k, B)), np.empty((2, k, B)),
                       np.empty((2, k, B)))
    blocks._evaluate(tp, S, x, t[:B].copy(), PP, F, J, Ht)
    blocks._evaluate_light(tp, S, x, w, t[:B].copy(), PP, F2, G)
    return F, J, Ht, F2, G


def test_tape_lanes_round_alike_at_every_block_width():
    """Each lane of the tape's block kernels is computed by the same operations whatever the block width (the
    tracker's endpoints must not depend on the block or the thread count): blocks of 1..31 paths give the
    first lanes of a block of 32 bit for bit; and the values are the polynomials' (numpy, complex)."""
    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(3, 2)
    x, p = b.x, b.p
    s = x[0] * x[1] + p[0] * x[2]
    f = [s * s - 2 * x[0] + p[1], x[1] * x[2] * p[0] + s - 1, x[0] * x[0] * x[2] - p[1] * s + 3 * x[1]]
    tape = b.finish(f)
    rng = np.random.default_rng(11)
    N = 32
    X, W = (rng.normal(size=(2, N, 3)) + 1j * rng.normal(size=(2, N, 3)))
    P0, P1 = (rng.normal(size=(2, N, 2)) + 1j * rng.normal(size=(2, N, 2)))
    t = rng.uniform(size=N)
    full = _block_eval(tape, X, P0, P1, t, W, N)
    for B in range(1, N):
        got = _block_eval(tape, X, P0, P1, t, W, B)
        for a, c in zip(got, full):
            assert np.array_equal(a, c[..., :B]), B
    # independent truth: the polynomials and their derivatives by hand, p = (1 - t) p0 + t p1
    P = (1 - t)[:, None] * P0 + t[:, None] * P1
    D = P1 - P0
    x0, x1, x2, q0, q1 = X[:, 0], X[:, 1], X[:, 2], P[:, 0], P[:, 1]
    sv = x0 * x1 + q0 * x2
    F = np.stack([sv * sv - 2 * x0 + q1, x1 * x2 * q0 + sv - 1, x0 * x0 * x2 - q1 * sv + 3 * x1], 1)
    ds = np.stack([x1, x0, q0], 1)                                   # d s / d x
    J = np.stack([2 * sv[:, None] * ds - np.array([2, 0, 0]),
                  np.stack([0 * x0, x2 * q0, x1 * q0], 1) + ds,
                  np.stack([2 * x0 * x2, 0 * x0, x0 * x0], 1) - q1[:, None] * ds + np.array([0, 3, 0])], 1)
    dsdt = x2 * D[:, 0]
    Ht = np.stack([2 * sv * dsdt + D[:, 1], x1 * x2 * D[:, 0] + dsdt, -D[:, 1] * sv - q1 * dsdt], 1)
    G = np.einsum("qij,qj->qi", J, W) + Ht
    Fb, Jb, Hb, F2, Gb = ((a[0] + 1j * a[1]) for a in full)
    scale = 1 + np.abs(F).max()
    assert np.abs(Fb.T - F).max() <= 1e-13 * scale and np.abs(F2.T - F).max() <= 1e-13 * scale
    assert np.abs(Jb.transpose(2, 0, 1) - J).max() <= 1e-13 * (1 + np.abs(J).max())
    assert np.abs(Hb.T - Ht).max() <= 1e-13 * (1 + np.abs(Ht).max())
    assert np.abs(Gb.T - G).max() <= 1e-13 * (1 + np.abs(G).max())


def test_packed_newton_takes_more_paths_than_its_widest_block():
    """Blocks wider than 32 (TrackerOptions.block = 64) can have more paths for a packed Newton iteration
    than the widest packed block (16 lanes): all are solved, in turns. x^2 - p at x = 3, p = 5 (p1 = p0 + 1):
    dx = -F / F_x = -4/6, dv = -H_t / F_x = 1/6 (by hand)."""
    from algnet.homotopy.packed_lanes import PACKED_WIDTHS, _narrow_set, _packed_newton
    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(1, 1)
    t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    code, didx, didx2, co, lo, hi, values, outs = t.args
    tp = blocks._block_tape(code, didx, didx2, co.real.copy(), co.imag.copy(), lo, hi, outs, len(values))
    B = 64
    x = np.zeros((2, 1, B))
    x[0] = 3.0
    PP = np.zeros((4, 1, B))
    PP[0], PP[2] = 5.0, 6.0
    live = np.zeros(B, np.bool_)
    live[3:3 + 2 * PACKED_WIDTHS[-1] + 5] = True          # 37 paths: more than two turns of the widest block
    dx, dv, ok = np.full((2, 1, B), 7.0), np.full((2, 1, B), 7.0), np.ones(B, np.bool_)
    _packed_newton(tp, _narrow_set(values, 1, 1, B), x, np.zeros(B), PP, live, int(live.sum()), dx, dv, ok)
    assert np.array_equal(ok, live)
    assert np.allclose(dx[0, 0, live], -4 / 6, rtol=1e-15) and np.allclose(dv[0, 0, live], 1 / 6, rtol=1e-15)
    assert (dx[:, :, ~live] == 7.0).all() and (dv[:, :, ~live] == 7.0).all()


def test_outputs_written_directly_or_copied():
    """The vector tape (blocks of a multiple of 8) writes an output DOT that nothing reads straight into F, J,
    H_t and copies the others (an output another output reads, a repeated output, an unknown): both give the
    lanes of the loop version (block of 31, bit for bit) and the polynomials' values and derivatives by hand."""
    from algnet.homotopy.blocks_vec import _direct_outputs
    from algnet.homotopy.tape import TapeBuilder, Tracer

    b = TapeBuilder(2, 1)
    x, p = b.x, b.p
    r = b.materialize(x[0] * x[0] + 2 * x[1] + p[0])          # an output that the next output reads
    u = Tracer(b, {r: 1}, reg=r)
    f = [u, u * x[1] - 3 * x[0], x[0] * x[1] + p[0] * x[0], x[0] * x[1] + p[0] * x[0], x[0]]
    tape = b.finish(f, reduce_outputs=False, inline=False)
    outs = tape.outputs
    dest = _direct_outputs(tape.code, tape.dot_idx, tape.dot_idx2, outs, len(tape.values))
    direct = [int(dest[o]) == i for i, o in enumerate(outs)]
    assert direct[1] and not direct[0] and not direct[4]
    rng = np.random.default_rng(5)
    N = 32
    X, W = (rng.normal(size=(2, N, 2)) + 1j * rng.normal(size=(2, N, 2)))
    P0, P1 = (rng.normal(size=(2, N, 1)) + 1j * rng.normal(size=(2, N, 1)))
    t = rng.uniform(size=N)
    full = _block_eval(tape, X, P0, P1, t, W, N)
    loops = _block_eval(tape, X, P0, P1, t, W, 31)
    for a, c in zip(loops, full):
        assert np.array_equal(a, c[..., :31])
    q = (1 - t) * P0[:, 0] + t * P1[:, 0]
    d = P1[:, 0] - P0[:, 0]
    x0, x1 = X[:, 0], X[:, 1]
    v = x0 * x0 + 2 * x1 + q
    F = np.stack([v, v * x1 - 3 * x0, x0 * x1 + q * x0, x0 * x1 + q * x0, x0], 1)
    one, zero = np.ones(N), np.zeros(N)
    J = np.stack([np.stack([2 * x0, 2 * one], 1), np.stack([2 * x0 * x1 - 3, v + 2 * x1], 1),
                  np.stack([x1 + q, x0], 1), np.stack([x1 + q, x0], 1), np.stack([one, zero], 1)], 1)
    Ht = np.stack([d, d * x1, d * x0, d * x0, zero], 1)
    Fb, Jb, Hb, F2, Gb = ((a[0] + 1j * a[1]) for a in full)
    assert np.abs(Fb.T - F).max() <= 1e-13 * (1 + np.abs(F).max())
    assert np.abs(Jb.transpose(2, 0, 1) - J).max() <= 1e-13 * (1 + np.abs(J).max())
    assert np.abs(Hb.T - Ht).max() <= 1e-13 * (1 + np.abs(Ht).max())
    G = np.einsum("qij,qj->qi", J, W) + Ht
    assert np.abs(Gb.T - G).max() <= 1e-13 * (1 + np.abs(G).max())
