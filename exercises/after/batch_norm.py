"""Exercise batch_norm (What came after): fill in batch_norm().

Check your answer from the root of the repository:

    python -m exercises check batch_norm
"""

import numpy as np


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
    raise NotImplementedError("each unit's mean and variance over the batch")
