"""Weight initialisation schemes.

Each initializer takes a layer's fan-in and fan-out, a random generator and a
dtype, and returns ``(W, b)`` with ``W.shape == (n_in, n_out)`` and
``b.shape == (n_out,)``.  How large the initial weights are decides whether
gradients vanish, explode or flow: see the vanishing-gradient pages.
"""

import numpy as np


def normal(n_in, n_out, rng, dtype):
    """Weights and biases N(0, 1): the setting of the classic vanishing-gradient argument."""
    W = rng.standard_normal((n_in, n_out))
    b = rng.standard_normal(n_out)
    return W.astype(dtype), b.astype(dtype)


def scaled_normal(n_in, n_out, rng, dtype):
    """Weights N(0, 1/n_in), biases N(0, 1), as in Nielsen's ``network2``.

    Scaling by ``1/sqrt(n_in)`` keeps the weighted input ``z`` of order one,
    so sigmoid units do not start saturated.
    """
    W = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
    b = rng.standard_normal(n_out)
    return W.astype(dtype), b.astype(dtype)


def glorot_standard(n_in, n_out, rng, dtype):
    """Weights U[-1/sqrt(n_in), 1/sqrt(n_in)], zero biases.

    The "standard" initialisation that Glorot and Bengio (2010) compare against.
    """
    r = 1.0 / np.sqrt(n_in)
    W = rng.uniform(-r, r, (n_in, n_out))
    return W.astype(dtype), np.zeros(n_out, dtype=dtype)


def lecun(n_in, n_out, rng, dtype):
    """Weights N(0, 1/n_in), zero biases: LeCun et al.'s scaling for tanh units.

    From "Efficient BackProp" (1998): the weighted input of a unit then has
    variance of order one when its inputs do, so tanh units start in their
    linear range.
    """
    W = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
    return W.astype(dtype), np.zeros(n_out, dtype=dtype)


def xavier(n_in, n_out, rng, dtype):
    """Glorot and Bengio's normalised initialisation, U[-r, r], r = sqrt(6/(n_in + n_out)).

    Chosen so that the variances of the activations (forward) and of the
    back-propagated gradients (backward) stay roughly constant across layers.
    Zero biases.
    """
    r = np.sqrt(6.0 / (n_in + n_out))
    W = rng.uniform(-r, r, (n_in, n_out))
    return W.astype(dtype), np.zeros(n_out, dtype=dtype)


def he(n_in, n_out, rng, dtype):
    """He et al. (2015): weights N(0, 2/n_in), zero biases, made for ReLU units."""
    W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
    return W.astype(dtype), np.zeros(n_out, dtype=dtype)


def orthogonal(n_in, n_out, rng, dtype):
    """Saxe, McClelland & Ganguli (2014): a random orthogonal matrix, zero biases.

    ``W`` has orthonormal columns when ``n_in >= n_out`` (``W.T @ W`` is the
    identity) and orthonormal rows otherwise (``W @ W.T`` is the identity), so
    every singular value of ``W`` is exactly 1.

    Notes
    -----
    Draw a Gaussian matrix :math:`G` of shape ``(max(n_in, n_out), min(n_in, n_out))``,
    factor it as :math:`G = QR` and multiply each column of :math:`Q` by the
    sign of the matching diagonal entry of :math:`R`; this makes the result
    uniformly (Haar) distributed over matrices with orthonormal columns
    (Mezzadri 2007).  A wide layer takes the transpose.  A linear layer with
    such weights keeps the length of every error it sends back,
    ``||delta @ W.T|| == ||delta||``, when it is tall or square, and of every
    input it maps, ``||a @ W|| == ||a||``, when it is wide or square.  Saxe et
    al. show that with such weights the learning time of a deep linear network
    need not grow with its depth.
    """
    tall = n_in >= n_out
    G = rng.standard_normal((n_in, n_out) if tall else (n_out, n_in))
    Q, R = np.linalg.qr(G)
    Q *= np.sign(np.diag(R))  # Haar measure, not QR's sign convention
    W = Q if tall else Q.T
    # C order like every other initializer's W: Q.T alone is a Fortran-ordered view.
    return np.ascontiguousarray(W, dtype=dtype), np.zeros(n_out, dtype=dtype)


#: Initializers by name.
INITIALIZERS = {
    f.__name__: f for f in (normal, scaled_normal, glorot_standard, lecun, xavier, he, orthogonal)
}
