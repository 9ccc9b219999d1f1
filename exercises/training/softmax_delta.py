"""Exercise softmax_delta (Training and the cost): fill in softmax_delta().

Check your answer from the root of the repository:

    python -m exercises check softmax_delta
"""

import numpy as np


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
    raise NotImplementedError("softmax, then the output error")
