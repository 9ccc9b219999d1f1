"""Exercise cd1_gradient (The 2006 breakthroughs): fill in cd1_gradient().

Check your answer from the root of the repository:

    python -m exercises check cd1_gradient
"""

import numpy as np


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
    raise NotImplementedError("up, sample, down, up again")
