"""Solution of the exercise initialise (The vanishing gradient)."""

import numpy as np


# --8<-- [start:solution]
def initialise(net, rng):
    """Set the starting weights and biases of a deep sigmoid network, in place.

    Parameters
    ----------
    net : gradlib.Network
        Sigmoid hidden and output units; ``net.weights[l]`` has shape
        ``(sizes[l], sizes[l+1])`` and ``net.biases[l]`` shape ``(sizes[l+1],)``.
    rng : numpy.random.Generator
        The only source of randomness to use.
    """
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        n_in = W.shape[0]
        # sigma'(0) = 1/4: weights 4 / sqrt(n_in) give each layer a gain of about one.
        W[...] = 4 * rng.standard_normal(W.shape) / np.sqrt(n_in)
        # Sigmoid outputs average about 1/2, which would push every z off centre;
        # the bias takes that mean back out, so the units start near z = 0.
        b[...] = 0 if l == 0 else -0.5 * W.sum(axis=0)
# --8<-- [end:solution]
