"""The rescue of endpoints the tracker called singular: a Jacobian with non-finite entries (a Newton step that ran
off) leaves its endpoint as it was, with no LinAlgError from LAPACK's SVD (numpy's ``cond`` does not converge on
such a matrix), while a well-conditioned root beside it is rescued -- the truth is the hand-made system below."""

from types import SimpleNamespace

import numpy as np

from algnet.homotopy.monodromy.endpoints import EndpointHandling


class _Family:
    """F(x) = x - 1 on C^2 with identity Jacobian, except the second path, whose Jacobian is non-finite."""

    def evaluate(self, X, P):
        F = X - 1.0
        J = np.repeat(np.eye(2, dtype=complex)[None], len(X), axis=0)
        J[1:2, 0, 0] = np.nan
        return F, J


def test_nonfinite_jacobian_is_not_rescued_and_raises_nothing():
    tracker = SimpleNamespace(X=np.array([[1 + 1e-13, 1.0], [3.0, 4.0]], dtype=complex),
                              status=np.array(["singular", "singular"], dtype=object), cond=np.zeros(2))
    fake = SimpleNamespace(scheduler=SimpleNamespace(tracker=tracker, H=SimpleNamespace(p1=np.zeros((2, 1)))),
                           family=_Family(), stats=SimpleNamespace(rescued=0))
    EndpointHandling.rescue(fake, np.arange(2))
    assert list(tracker.status) == ["success", "singular"]      # the root x = (1, 1) is kept, the other is not
    assert np.allclose(tracker.X[0], [1, 1]) and fake.stats.rescued == 1
    assert np.array_equal(tracker.X[1], [3.0, 4.0])
