"""Solution of the exercise cross_entropy (Training and the cost)."""

import numpy as np


# --8<-- [start:solution]
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
    per_example = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1)
    return float(per_example.mean())
# --8<-- [end:solution]
