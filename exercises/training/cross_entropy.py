"""Exercise cross_entropy (Training and the cost): fill in cross_entropy().

Check your answer from the root of the repository:

    python -m exercises check cross_entropy
"""

import numpy as np


def cross_entropy(A, Y):
    """The cross-entropy cost of sigmoid outputs, averaged over the batch.

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_outputs)
        Sigmoid outputs, strictly between 0 and 1.
    Y : ndarray of shape (n_samples, n_outputs)
        Targets in [0, 1].

    Returns
    -------
    float
        ``C = mean over examples x of -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]``.
    """
    raise NotImplementedError("the mean over the batch of each example's cross-entropy")
