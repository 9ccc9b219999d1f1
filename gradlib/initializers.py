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


#: Initializers by name.
INITIALIZERS = {
    f.__name__: f for f in (normal, scaled_normal, glorot_standard, lecun, xavier, he)
}
