"""Exercise chain_gradient (The vanishing gradient): fill in chain_gradient().

Check your answer from the root of the repository:

    python -m exercises check chain_gradient
"""

import numpy as np


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
    raise NotImplementedError("a forward pass along the chain, then the product backwards")
