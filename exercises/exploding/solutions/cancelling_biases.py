"""Solution of the exercise cancelling_biases (The exploding gradient)."""

import numpy as np


# --8<-- [start:solution]
def cancelling_biases(w, x):
    """Biases that put every weighted input of a chain of sigmoid neurons at zero.

    Parameters
    ----------
    w : ndarray of shape (n_neurons,)
        The weights: ``z_j = w_j a_{j-1} + b_j``, ``a_j = sigmoid(z_j)``.
    x : float
        The input ``a_0``.

    Returns
    -------
    ndarray of shape (n_neurons,)
        ``b`` with every ``z_j = 0``, so every factor ``w_j sigma'(z_j)`` is ``w_j / 4``.
    """
    b = np.zeros(len(w))
    a = x
    for j, wj in enumerate(w):
        b[j] = -wj * a
        a = 0.5  # sigmoid(0): the input of the next neuron
    return b
# --8<-- [end:solution]
