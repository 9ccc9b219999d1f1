"""Solution of the exercise cd1_gradient (The 2006 breakthroughs)."""

import numpy as np


# --8<-- [start:solution]
def cd1_gradient(W, b_visible, b_hidden, V, rng):
    """The CD-1 estimate of the log-likelihood gradient of an RBM on a batch.

    Parameters
    ----------
    W : ndarray of shape (n_visible, n_hidden)
    b_visible : ndarray of shape (n_visible,)
    b_hidden : ndarray of shape (n_hidden,)
    V : ndarray of shape (n_samples, n_visible)
        The data, in [0, 1].
    rng : numpy.random.Generator
        Draw the hidden states once, as ``rng.random(P0.shape) < P0``.

    Returns
    -------
    grad_W : ndarray of shape (n_visible, n_hidden)
        ``(V.T @ P0 - V1.T @ P1) / n``.
    grad_b_visible : ndarray of shape (n_visible,)
        ``mean of V - V1`` over the batch.
    grad_b_hidden : ndarray of shape (n_hidden,)
        ``mean of P0 - P1`` over the batch.

    Notes
    -----
    ``P0 = sigmoid(V W + b_h)``; ``H`` sampled from ``P0``;
    ``V1 = sigmoid(H W.T + b_v)`` (probabilities, not sampled);
    ``P1 = sigmoid(V1 W + b_h)``.
    """
    def sigmoid(Z):
        return 1 / (1 + np.exp(-Z))

    n = V.shape[0]
    P0 = sigmoid(V @ W + b_hidden)  # positive phase: the data
    H = (rng.random(P0.shape) < P0).astype(float)
    V1 = sigmoid(H @ W.T + b_visible)  # one step down ...
    P1 = sigmoid(V1 @ W + b_hidden)  # ... and up again: the negative phase
    return (V.T @ P0 - V1.T @ P1) / n, (V - V1).mean(axis=0), (P0 - P1).mean(axis=0)
# --8<-- [end:solution]
