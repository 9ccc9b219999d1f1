"""Solution of the exercise batch_norm (What came after)."""

import numpy as np


# --8<-- [start:solution]
def batch_norm(S, gamma, beta, eps=1e-5):
    """Batch normalisation of a layer's weighted inputs, in training mode.

    Parameters
    ----------
    S : ndarray of shape (n_samples, n_units)
        ``A @ W`` for a batch.
    gamma, beta : ndarray of shape (n_units,)
        Scale and shift of each unit.
    eps : float
        Added to the variance before the square root.

    Returns
    -------
    ndarray of shape (n_samples, n_units)
        ``gamma * (S - mu) / sqrt(v + eps) + beta``, with ``mu`` and ``v`` each
        unit's mean and (biased) variance over the batch.
    """
    mu = S.mean(axis=0)  # one mean per unit, over the examples of the batch
    v = S.var(axis=0)
    return gamma * (S - mu) / np.sqrt(v + eps) + beta
# --8<-- [end:solution]
