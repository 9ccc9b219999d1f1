"""Small predicates the tests of the pages' claims share."""

import numpy as np


def increasing(values):
    """Whether ``values`` rise strictly from each entry to the next."""
    return bool(np.all(np.diff(values) > 0))


def decreasing(values):
    """Whether ``values`` fall strictly from each entry to the next."""
    return bool(np.all(np.diff(values) < 0))
