"""What the analyses (degree, critical points, Hilbert function, equations) need from the network they are given.

The network as an object (a spec string is parsed), its dimension dim M (shared with the other
analyses through :mod:`algnet.analyses.shared`), the coordinates on which to cut the directions of
a fiber (the kernel of the Jacobian), and the finite symmetries the network declares.

Examples
--------
>>> net = as_network("linear 2-1-2")
>>> net.n_params, network_dimension(net, seed=0)
(4, 3)
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError

__all__ = ["as_network", "network_dimension", "kernel_coordinates", "finite_actions"]


def as_network(net):
    """The :class:`~algnet.architectures.Network` itself, or the network a spec string describes.

    Raises
    ------
    ParameterError
        For anything else.
    SpecError
        For a spec string that does not parse.

    Examples
    --------
    >>> as_network("dense 2-2-1 r=2").spec
    'dense 2-2-1 r=2'
    >>> net = as_network("linear 2-1-2")
    >>> as_network(net) is net
    True
    >>> as_network(3)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: expected a Network or a spec string, got int
      hint: pass a network (algnet.parse_spec) or its spec, e.g. "linear 4-2-3"
    """
    if type(net) in _NETWORK_TYPES:       # a class already seen to be a Network (the analyses pass one on, often)
        return net
    got = _ARCHITECTURES.get("names")
    if got is None:         # (imported by the first call, not with this module)
        from algnet.architectures import Network, parse_spec

        got = _ARCHITECTURES["names"] = (Network, parse_spec)
    Network, parse_spec = got
    if isinstance(net, str):
        return parse_spec(net)
    if not isinstance(net, Network):
        raise ParameterError(f"expected a Network or a spec string, got {type(net).__name__}",
                             hint='pass a network (algnet.parse_spec) or its spec, e.g. "linear 4-2-3"')
    if len(_NETWORK_TYPES) > 256:
        _NETWORK_TYPES.clear()
    _NETWORK_TYPES.add(type(net))
    return net


#: the classes :func:`as_network` found to be networks (a subclass of Network stays one)
_NETWORK_TYPES: set = set()
#: algnet.architectures' Network and parse_spec (:func:`as_network`)
_ARCHITECTURES: dict = {}


def network_dimension(net, seed=None) -> int:
    """dim M of a network, from :func:`algnet.analyses.shared.dimension_result`.

    Inside a :func:`~algnet.analyses.shared.sharing` block the dimension computed once for
    ``net`` is reused; outside, it is computed (see :func:`algnet.analyses.dimension.dimension`
    for its method and evidence).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> network_dimension(parse_spec("linear 3-1-3"), seed=0)     # 3x3 matrices of rank <= 1
    5
    """
    from algnet.analyses.shared import dimension_result

    return int(dimension_result(net, seed=seed).dimension)


def kernel_coordinates(J, e: int) -> np.ndarray:
    """``e`` coordinates on which the kernel of ``J`` (q x n, corank ``e``) projects best.

    Fixing these coordinates of theta cuts the fiber directions (the kernel of the Jacobian)
    transversally. Greedy pivoting: take the coordinate whose row of a kernel basis is longest,
    project that row out, repeat.

    Examples
    --------
    >>> import numpy as np
    >>> J = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])     # kernel spanned by (0, 1, -1)
    >>> i = kernel_coordinates(J, 1)
    >>> i.tolist() in ([1], [2])
    True
    >>> kernel_coordinates(J, 0).tolist()
    []
    """
    n = J.shape[1]
    if e == 0:
        return np.zeros(0, dtype=np.int64)
    # only Vh is needed: without the full q x q factor U when q >= n (70 x 7: 4.5 ms -> 0.4 ms, 495 x 8: 107 ms ->
    # 0.8 ms)
    _, sv, Vh = np.linalg.svd(J, full_matrices=J.shape[0] < n)
    N = Vh[n - e:].conj().T  # (n, e) kernel basis
    chosen = []
    M = N.copy()
    for _ in range(e):
        norms = np.linalg.norm(M, axis=1)
        norms[chosen] = -1
        i = int(np.argmax(norms))
        chosen.append(i)
        v = M[i] / np.linalg.norm(M[i])
        M = M - np.outer(M @ v.conj(), v)
    return np.array(chosen, dtype=np.int64)


def finite_actions(net) -> tuple:
    """``(actions, description)``: the network's known finite symmetries as maps on parameter vectors.

    Each action maps an (N, n) array of parameter vectors to another. They are the ones the
    network derives from its layers (permutations of the units around a coordinatewise
    activation, of attention heads, group translations); none for networks that declare none.
    Permutations of the units between two linear maps are not listed (they lie in the connected
    group GL).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> acts, desc = finite_actions(parse_spec("linear 2-1-2"))
    >>> acts, desc
    ([], 'none used')
    >>> acts, desc = finite_actions(parse_spec("dense 2-2-1 r=2"))
    >>> len(acts) >= 1
    True
    """
    acts = net.finite_actions() if hasattr(net, "finite_actions") else []
    if not acts:
        return [], "none used"
    return acts, net.finite_symmetry_description()
