"""The claims of the training page's section on symmetry breaking."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture(scope="module")
def sym(snippet_values):
    return snippet_values("training/symmetry")


def test_symmetric_starts_keep_every_hidden_unit_exactly_identical(sym):
    assert sym["largest_spread"]["zero"] == 0.0
    assert sym["largest_spread"]["constant"] == 0.0
    for kind in ("zero", "constant"):
        for net, spread, _ in sym["runs"][kind]:
            assert len(spread) == sym["epochs"] + 1 and max(spread) == 0.0
            # one distinct unit: every column of W[0], entry of b[0], row of W[1]
            units = np.vstack([net.weights[0], net.biases[0], net.weights[1].T])
            assert np.unique(units, axis=1).shape[1] == 1


def test_the_symmetric_units_did_move(sym):
    assert sym["weights_moved"]["zero"] > 0.01
    net = sym["runs"]["constant"][0][0]
    assert not np.all(net.weights[0] == 0.1)


def test_random_starts_keep_their_units_apart(sym):
    assert sym["random_spread_end"] > 1.0


def test_random_beats_symmetric_in_every_run(sym):
    assert len(sym["seeds"]) == 3
    assert sym["accuracy_random_min"] > 0.9
    assert sym["accuracy_symmetric_max"] < 0.15
    assert sym["accuracy_random_min"] > sym["accuracy_symmetric_max"] + 0.5


def test_zero_start_sends_no_error_to_the_hidden_layer_at_the_first_step(sym):
    digits = gl.load_digits()
    net = gl.Network([64, 30, 10], seed=0)
    for W, b in zip(net.weights, net.biases, strict=True):
        W[...] = 0.0
        b[...] = 0.0
    g = net.backward(digits.X_train[:50], digits.Y_train[:50])
    assert not g.deltas[0].any() and not g.weights[0].any()
    assert g.weights[1].any()
