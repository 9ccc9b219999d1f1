"""Solution of the exercise output_delta (Training and the cost)."""

import numpy as np


# --8<-- [start:solution]
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
    A = 1 / (1 + np.exp(-Z))
    if cost == "quadratic":
        return (A - Y) * A * (1 - A)  # the sigma'(z) factor that slows learning
    if cost == "cross_entropy":
        return A - Y  # sigma'(z) cancels
    raise ValueError(f"cost must be 'quadratic' or 'cross_entropy', got {cost!r}")
# --8<-- [end:solution]
