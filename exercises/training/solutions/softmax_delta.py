"""Solution of the exercise softmax_delta (Training and the cost)."""

import numpy as np


# --8<-- [start:solution]
def softmax_delta(Z, Y):
    """Softmax outputs and the output error of the softmax cross-entropy.

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_classes)
        Weighted inputs of the output layer; may be large (1000 or more).
    Y : ndarray of shape (n_samples, n_classes)
        One-hot targets.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)
        ``dC_x/dZ`` for ``C_x = -sum_j y_j ln a_j`` and ``a = softmax(z)``.
    """
    # Subtracting each row's largest z changes no softmax value and keeps exp finite.
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    return A - Y
# --8<-- [end:solution]
