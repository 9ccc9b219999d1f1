"""Exercise backprop (Backpropagation): fill in backprop().

Check your answer from the root of the repository:

    python -m exercises check backprop
"""

import numpy as np


def backprop(weights, biases, X, Y):
    """Gradients of the batch-mean cost of a sigmoid network with the cross-entropy.

    Parameters
    ----------
    weights : list of ndarray
        ``weights[l]`` of shape ``(sizes[l], sizes[l+1])``.
    biases : list of ndarray
        ``biases[l]`` of shape ``(sizes[l+1],)``.
    X : ndarray of shape (n_samples, sizes[0])
    Y : ndarray of shape (n_samples, sizes[-1])

    Returns
    -------
    grad_W : list of ndarray
        Same shapes as ``weights``: ``dC/dW[l]``, with ``C`` the mean over the
        batch of the per-example cross-entropy.
    grad_b : list of ndarray
        Same shapes as ``biases``.
    """
    raise NotImplementedError("a forward pass, then BP1 to BP4 layer by layer")
