"""The autoencoder: backprop through encoder and decoder against finite differences."""

import numpy as np
import pytest

import gradlib as gl


def numerical_gradients(ae, X, X_in, eps=1e-6):
    """Central differences of ae.cost(X, X_in) for every parameter entry."""
    grads = []
    for p in ae.parameters():
        g = np.zeros_like(p)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + eps
            up = ae.cost(X, X_in)
            flat[i] = saved - eps
            down = ae.cost(X, X_in)
            flat[i] = saved
            gflat[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("corruption", [0.0, 0.3])
def test_gradients_match_finite_differences(tied, corruption):
    rng = np.random.default_rng(0)
    ae = gl.Autoencoder(7, 4, tied=tied, seed=1)
    ae.b_hidden[:] = rng.normal(0, 0.5, 4)
    ae.b_visible[:] = rng.normal(0, 0.5, 7)
    X = rng.random((5, 7))
    X_in = ae.corrupt(X, corruption, rng=2) if corruption else X
    g = ae.gradients(X, X_in)
    assert g.cost == pytest.approx(ae.cost(X, X_in))
    for analytic, numeric in zip(g.arrays(), numerical_gradients(ae, X, X_in), strict=True):
        assert analytic.shape == numeric.shape
        assert gl.relative_error(analytic, numeric) < 1e-7


def test_corruption_masks_the_expected_share():
    ae = gl.Autoencoder(64, 10)
    X = np.ones((200, 64))
    corrupted = ae.corrupt(X, 0.25, rng=0)
    assert set(np.unique(corrupted)) == {0.0, 1.0}
    assert np.mean(corrupted == 0) == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("corruption", [0.0, 0.25])
def test_fit_lowers_the_reconstruction_cost(corruption):
    X = gl.load_digits().X_train[:400]
    ae = gl.Autoencoder(64, 30, seed=0)
    before = ae.cost(X)
    assert ae.fit(X, epochs=5, learning_rate=0.1, corruption=corruption, momentum=0.5) is ae
    assert len(ae.reconstruction_error) == 5
    assert ae.cost(X) < 0.8 * before
    assert ae.transform(X).shape == (400, 30) and ae.reconstruct(X).shape == (400, 64)


def test_same_seed_same_model_and_float32():
    X = gl.load_digits(dtype=np.float32).X_train[:200]
    a = gl.Autoencoder(64, 10, tied=False, seed=3, dtype=np.float32).fit(X, epochs=2,
                                                                        corruption=0.1)
    b = gl.Autoencoder(64, 10, tied=False, seed=3, dtype=np.float32).fit(X, epochs=2,
                                                                        corruption=0.1)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
        assert p.dtype == np.float32
    assert a.transform(X).dtype == np.float32


def test_bad_input_is_named():
    ae = gl.Autoencoder(64, 10)
    with pytest.raises(ValueError, match="X has 63 features, but the autoencoder expects 64"):
        ae.fit(np.zeros((5, 63)))
    with pytest.raises(ValueError, match=r"X must lie in \[0, 1\].*got values in \[-1, 0.5\]"):
        ae.encode(np.where(np.arange(64) % 2, 0.5, -1.0)[None, :])
    with pytest.raises(ValueError, match="corruption must be in"):
        ae.fit(np.zeros((5, 64)), corruption=1.0)
    with pytest.raises(ValueError, match="X has 5 samples but X_input has 4"):
        ae.gradients(np.zeros((5, 64)), np.zeros((4, 64)))
    with pytest.raises(ValueError, match="H has 3 code units, but the autoencoder expects 10"):
        ae.decode(np.zeros((2, 3)))
