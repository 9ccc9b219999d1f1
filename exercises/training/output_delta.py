"""Exercise output_delta (Training and the cost): fill in output_delta().

Check your answer from the root of the repository:

    python -m exercises check output_delta
"""

import numpy as np


def output_delta(Z, Y, cost):
    """The output error ``delta = dC_x/dZ`` of sigmoid output units (BP1).

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_outputs)
        Weighted inputs of the output layer.
    Y : ndarray of shape (n_samples, n_outputs)
        Targets.
    cost : {"quadratic", "cross_entropy"}
        The per-example cost ``C_x``: ``0.5 * ||a - y||^2`` or the cross-entropy.

    Returns
    -------
    ndarray of shape (n_samples, n_outputs)
        Each example's ``dC_x/dZ``, with ``a = sigmoid(Z)``.
    """
    raise NotImplementedError("delta for the quadratic cost and for the cross-entropy")
