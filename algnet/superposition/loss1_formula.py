"""L_1 and L_0 in closed form, with their exact gradient and Hessian on the ReLU piece of a point.

With one active feature x_i ~ U[0, 1] the toy model's output is x'_j = ReLU((w_j·w_i) x_i + b_j), so L_1 is a sum
of h-terms I_i ∫_0^1 (x − ReLU(‖w_i‖² x + b_i))² dx and g-terms I_j ∫_0^1 ReLU((w_i·w_j) x + b_j)² dx
(:mod:`~algnet.superposition.pieces` gives each in closed form with its derivatives), and
L_0 = Σ_i I_i ReLU(b_i)². The second-order analysis built on them is :mod:`algnet.superposition.loss1`, which
exports these functions too.

Examples
--------
>>> loss1([[1, -1]], [0, 0]), loss0([0, 0])                 # an antipodal pair: no loss at all
(0, 0)
"""

from __future__ import annotations

from algnet.superposition import pieces
from algnet.superposition.exact import to_fmpq
from algnet.superposition.loss1_input import _prepare

__all__ = ["loss1", "loss0", "loss1_terms", "loss1_derivatives"]


def _gram(W, S, m, n):
    SW = [[sum((S[p][q] * W[q][j] for q in range(1, m)), S[p][0] * W[0][j]) for j in range(n)] for p in range(m)]
    G = [[sum((W[p][i] * SW[p][j] for p in range(1, m)), W[0][i] * SW[0][j]) for j in range(n)] for i in range(n)]
    return G, SW


def _terms(G, b, I, n):
    """(kind, i, j, weight, a, beta): h-terms (i, i) and g-terms (i input, j output)."""
    out = []
    for i in range(n):
        out.append(("h", i, i, I[i], G[i][i], b[i]))
        for j in range(n):
            if j != i:
                out.append(("g", i, j, I[j], G[i][j], b[j]))
    return out


def loss1(W, b, importance=None, metric=None, exact=None):
    """The exact 1-sparse loss L_1(W, b) (see the module docstring of :mod:`algnet.superposition.loss1`).

    Parameters
    ----------
    W : (m, n) matrix
        Feature coordinates (columns); ints/fractions/fmpq give an exact value.
    b : length-n vector
    importance : length-n vector, optional
        I_i (default all 1).
    metric : (m, m) matrix, optional
        Gram matrix of the hidden basis W is written in (default identity).
    exact : bool, optional
        Force exact (QQ) or float arithmetic; default: exact iff no float entries.

    Examples
    --------
    >>> loss1([[1, 0], [0, 1]], [0, 0])          # two orthogonal unit features: x' = x
    0
    >>> loss1([[1, 1]], [0, 0])                  # a pair in one direction: interference 2 * 1/3
    2/3
    """
    _, W, b, I, S, m, n = _prepare(W, b, importance, metric, exact)
    G, _ = _gram(W, S, m, n)
    return sum((t[3] * (pieces.h if t[0] == "h" else pieces.g)(t[4], t[5])[0] for t in _terms(G, b, I, n)),
               b[0] * 0)


def loss1_terms(W, b, importance=None, metric=None, exact=None) -> tuple:
    """L_1 split as (reconstruction, interference): the h-terms Σ_i I_i ∫(x − x'_i)² and the g-terms Σ_{i≠j}.

    Examples
    --------
    >>> loss1_terms([[1, 1]], [0, 0])             # perfect reconstruction, interference 2/3
    (0, 2/3)
    """
    _, W, b, I, S, m, n = _prepare(W, b, importance, metric, exact)
    G, _ = _gram(W, S, m, n)
    rec = inter = b[0] * 0
    for t in _terms(G, b, I, n):
        if t[0] == "h":
            rec = rec + t[3] * pieces.h(t[4], t[5])[0]
        else:
            inter = inter + t[3] * pieces.g(t[4], t[5])[0]
    return rec, inter


def loss0(b, importance=None, exact=None):
    """The zero-input loss L_0 = Σ_i I_i ReLU(b_i)².

    Examples
    --------
    >>> loss0([1, -2, "1/2"])
    5/4
    """
    n = len(b)
    _, _, bl, I, _, _, _ = _prepare([[0] * n], b, importance, None, exact)
    return sum((w * x * x for w, x in zip(I, bl) if x > 0), bl[0] * 0)


def loss1_derivatives(W, b, importance=None, metric=None, exact=None, l0_weight=0):
    """Value, gradient and Hessian of F = L_1 + l0_weight · L_0 on the piece containing (W, b).

    Parameters are ordered feature by feature: (w_0[0..m−1], w_1, ..., w_{n−1}, b_0..b_{n−1}).

    Returns
    -------
    dict
        ``field``, ``value``, ``gradient`` (list), ``hessian`` (list of rows,
        ``None`` at a non-differentiable point), ``dropped`` (terms left out
        of the Hessian, see the module docstring of :mod:`algnet.superposition.loss1`), ``smooth``, ``m``, ``n``,
        and the converted ``W, b, metric``.

    Examples
    --------
    >>> d = loss1_derivatives([[1, 1]], [0, 0])
    >>> d["gradient"]                            # dL/dw_0 = 2 * (2/3) w_1, dL/db_j = 1
    [4/3, 4/3, 1, 1]
    """
    fname, W, b, I, S, m, n = _prepare(W, b, importance, metric, exact)
    lam = to_fmpq(l0_weight) if fname != "float" else float(l0_weight)
    G, SW = _gram(W, S, m, n)
    N = m * n + n
    z = b[0] * 0
    grad = [z] * N
    H = [[z] * N for _ in range(N)]
    value = z
    dropped, smooth = [], True
    for kind, i, j, w, a, beta in _terms(G, b, I, n):
        val, d1, d2 = (pieces.h if kind == "h" else pieces.g)(a, beta)
        value = value + w * val
        if d1 is None:
            smooth = False
            continue
        # da/dθ: a = w_i^T S w_j
        da = {}
        for p in range(m):
            da[i * m + p] = da.get(i * m + p, z) + SW[p][j]
            da[j * m + p] = da.get(j * m + p, z) + SW[p][i]
        bj = m * n + j
        fa, fb = w * d1[0], w * d1[1]
        for u, x in da.items():
            grad[u] = grad[u] + fa * x
        grad[bj] = grad[bj] + fb
        if d2 is None:
            dropped.append(f"interference {i}->{j}")
            continue
        faa, fab, fbb = (w * x for x in d2)
        for u, x in da.items():
            for v, y in da.items():
                H[u][v] = H[u][v] + faa * x * y
            H[u][bj] = H[u][bj] + fab * x
            H[bj][u] = H[bj][u] + fab * x
        H[bj][bj] = H[bj][bj] + fbb
        # second derivative of a itself: blocks (i, j) and (j, i) equal to S (2S when i = j)
        for p in range(m):
            for q in range(m):
                H[i * m + p][j * m + q] = H[i * m + p][j * m + q] + fa * S[p][q]
                H[j * m + p][i * m + q] = H[j * m + p][i * m + q] + fa * S[p][q]
    if lam != 0:
        for i in range(n):
            if b[i] > 0:
                value = value + lam * I[i] * b[i] * b[i]
                grad[m * n + i] = grad[m * n + i] + 2 * lam * I[i] * b[i]
                H[m * n + i][m * n + i] = H[m * n + i][m * n + i] + 2 * lam * I[i]
            elif b[i] == 0:
                dropped.append(f"L0 term of bias {i}")
    return {"field": fname, "value": value, "gradient": grad, "hessian": H if smooth else None,
            "dropped": dropped, "smooth": smooth, "m": m, "n": n, "W": W, "b": b, "metric": S,
            "importance": I}
