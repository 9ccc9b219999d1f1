"""Solution of the exercise chain_gradient (The vanishing gradient)."""

import numpy as np


# --8<-- [start:solution]
def chain_gradient(w, b, x, y):
    """``dC/db_j`` for every neuron of a chain of sigmoid neurons, by the product rule.

    Parameters
    ----------
    w, b : ndarray of shape (n_neurons,)
        Weight and bias of each neuron: ``z_j = w_j a_{j-1} + b_j``, ``a_0 = x``.
    x, y : float
        The input and the target; the cost is ``C = (a_L - y)^2 / 2``.

    Returns
    -------
    ndarray of shape (n_neurons,)
        ``dC/db_j = sigma'(z_j) w_{j+1} sigma'(z_{j+1}) ... w_L sigma'(z_L) (a_L - y)``.
    """
    a, z = x, []
    for wj, bj in zip(w, b, strict=True):
        z.append(wj * a + bj)
        a = 1 / (1 + np.exp(-z[-1]))
    slope = [1 / (1 + np.exp(-zj)) * (1 - 1 / (1 + np.exp(-zj))) for zj in z]
    grad = np.zeros(len(w))
    back = a - y  # dC/da_L
    for j in range(len(w) - 1, -1, -1):
        grad[j] = back * slope[j]  # dC/db_j = dC/da_j * sigma'(z_j)
        back = grad[j] * w[j]  # dC/da_{j-1}: one more factor w_j
    return grad
# --8<-- [end:solution]
