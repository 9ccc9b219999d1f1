"""Exercise initialise (The vanishing gradient): fill in initialise().

Check your answer from the root of the repository:

    python -m exercises check initialise
"""

import numpy as np

import gradlib as gl


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
    # Replace these two lines: gradlib's scaled_normal start, under which
    # this network does not learn.
    for W, b in zip(net.weights, net.biases, strict=True):
        W[...], b[...] = gl.INITIALIZERS["scaled_normal"](*W.shape, rng, W.dtype)
