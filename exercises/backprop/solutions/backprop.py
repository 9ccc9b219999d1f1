"""Solution of the exercise backprop (Backpropagation)."""

import numpy as np


# --8<-- [start:solution]
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
    # Forward: keep every layer's activations; sigmoid everywhere.
    A = [X]
    for W, b in zip(weights, biases, strict=True):
        A.append(1 / (1 + np.exp(-(A[-1] @ W + b))))
    n = X.shape[0]
    delta = A[-1] - Y  # BP1: cross-entropy with sigmoid outputs
    grad_W, grad_b = [None] * len(weights), [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):
        grad_W[l] = A[l].T @ delta / n  # BP4
        grad_b[l] = delta.sum(axis=0) / n  # BP3
        if l > 0:
            delta = (delta @ weights[l].T) * A[l] * (1 - A[l])  # BP2, sigma' = a(1 - a)
    return grad_W, grad_b
# --8<-- [end:solution]
