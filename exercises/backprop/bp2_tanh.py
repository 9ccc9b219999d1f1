"""Exercise bp2_tanh (Backpropagation): fill in bp2_tanh().

Check your answer from the root of the repository:

    python -m exercises check bp2_tanh
"""

import numpy as np


def bp2_tanh(delta_next, W_next, Z):
    """The error of a tanh layer from the error of the layer above (BP2).

    Parameters
    ----------
    delta_next : ndarray of shape (n_samples, n_next)
        ``delta[l+1]``, the error of the layer above.
    W_next : ndarray of shape (n_units, n_next)
        ``W[l+1]``, the weights from this layer to the one above.
    Z : ndarray of shape (n_samples, n_units)
        ``Z[l]``, this layer's weighted inputs.

    Returns
    -------
    ndarray of shape (n_samples, n_units)
        ``delta[l] = (delta[l+1] @ W[l+1].T) * f'(Z[l])`` with ``f = tanh``.
    """
    raise NotImplementedError("BP2 with tanh's derivative")
