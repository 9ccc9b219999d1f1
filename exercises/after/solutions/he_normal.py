"""Solution of the exercise he_normal (What came after)."""

import numpy as np


# --8<-- [start:solution]
def he_normal(n_in, n_out, rng):
    """He initialisation of one layer of ReLU units.

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out.
    rng : numpy.random.Generator
        The only source of randomness to use.

    Returns
    -------
    W : ndarray of shape (n_in, n_out)
        Weights drawn from N(0, 2 / n_in).
    b : ndarray of shape (n_out,)
        Zeros.
    """
    # ReLU zeroes half its inputs: twice the variance of N(0, 1/n_in) keeps the
    # mean square activation the same from layer to layer.
    W = rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)
    return W, np.zeros(n_out)
# --8<-- [end:solution]
