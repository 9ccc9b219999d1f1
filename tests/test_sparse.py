"""The sparse energy-based encoder-decoder: its gradients, its logistic, its learning."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture
def model():
    m = gl.SparseEncoderDecoder(6, 5, beta=2.0, eta=0.1, seed=0)
    m.log_zeta[:] = np.random.default_rng(1).normal(0, 1, 5)
    return m


def total_energy(m, X, Z):
    e_c, e_d = m.energy(X, Z)
    return e_c + e_d


def test_code_gradient_matches_finite_differences(model):
    rng = np.random.default_rng(0)
    X, Z = rng.random((4, 6)), rng.normal(0, 1, (4, 5))
    analytic = model.code_gradient(X, Z)
    numeric = np.zeros_like(Z)
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            up, down = Z.copy(), Z.copy()
            up[i, j] += 1e-6
            down[i, j] -= 1e-6
            difference = total_energy(model, X, up)[i] - total_energy(model, X, down)[i]
            numeric[i, j] = difference / 2e-6
    assert gl.relative_error(analytic, numeric) < 1e-7


def test_weight_gradients_match_finite_differences(model):
    rng = np.random.default_rng(0)
    X, Z = rng.random((4, 6)), rng.normal(0, 1, (4, 5))
    for analytic, W in zip(model.weight_gradients(X, Z), model.parameters(), strict=True):
        numeric = np.zeros_like(W)
        flat, nflat = W.reshape(-1), numeric.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + 1e-6
            up = total_energy(model, X, Z).mean()
            flat[k] = saved - 1e-6
            down = total_energy(model, X, Z).mean()
            flat[k] = saved
            nflat[k] = (up - down) / 2e-6
        assert gl.relative_error(analytic, numeric) < 1e-7


def test_sparsifying_logistic_is_the_papers_recursion():
    m = gl.SparseEncoderDecoder(3, 4, beta=3.0, eta=0.05, seed=0)
    rng = np.random.default_rng(2)
    zeta = np.ones(4)
    for _ in range(20):
        z = rng.normal(0, 1, (1, 4))
        # Ranzato et al.: zeta(k) = eta e^{beta z} + (1 - eta) zeta(k-1),
        # zbar = eta e^{beta z} / zeta(k).
        new_zeta = 0.05 * np.exp(3.0 * z[0]) + 0.95 * zeta
        np.testing.assert_allclose(m.sparsify(z)[0], 0.05 * np.exp(3.0 * z[0]) / new_zeta,
                                   rtol=1e-10)
        m._update_zeta(z)
        zeta = new_zeta
        np.testing.assert_allclose(np.exp(m.log_zeta), zeta, rtol=1e-10)


def test_a_batch_of_identical_codes_updates_zeta_like_as_many_single_steps():
    a = gl.SparseEncoderDecoder(3, 4, eta=0.05, seed=0)
    b = gl.SparseEncoderDecoder(3, 4, eta=0.05, seed=0)
    z = np.array([[0.3, -1.0, 2.0, 0.0]])
    a._update_zeta(np.repeat(z, 7, axis=0))
    for _ in range(7):
        b._update_zeta(z)
    np.testing.assert_allclose(a.log_zeta, b.log_zeta, rtol=1e-12, atol=1e-15)


def test_a_unit_that_is_always_equally_active_settles_at_eta():
    m = gl.SparseEncoderDecoder(3, 2, beta=2.0, eta=0.1, seed=0)
    z = np.array([[1.5, -0.7]])
    for _ in range(500):
        m._update_zeta(z)
    np.testing.assert_allclose(m.sparsify(z)[0], 0.1, rtol=1e-6)


def test_inference_lowers_the_energy_below_the_encoders_guess():
    X = gl.load_digits().X_train[:200]
    m = gl.SparseEncoderDecoder(64, 30, beta=5.0, eta=0.1, seed=0).fit(X, epochs=2,
                                                                   batch_size=20)
    guess = total_energy(m, X, m.predict_code(X))
    best = total_energy(m, X, m.infer(X))
    assert np.all(best <= guess + 1e-12) and best.mean() < 0.99 * guess.mean()


def test_training_lowers_the_reconstruction_energy_and_codes_are_sparse():
    X = gl.load_digits().X_train
    m = gl.SparseEncoderDecoder(64, 50, beta=5.0, eta=0.1, seed=0)
    assert m.fit(X, epochs=4, learning_rate=0.05, batch_size=20) is m
    assert len(m.code_energy) == len(m.reconstruction_energy) == 4
    assert m.reconstruction_energy[-1] < 0.8 * m.reconstruction_energy[0]
    Zbar = m.sparsify(m.infer(X))
    assert np.mean(Zbar > 0.5) < 0.2
    assert m.transform(X).shape == (1347, 50) and m.reconstruct(X).shape == (1347, 64)


def test_float32_stays_float32():
    X = gl.load_digits(dtype=np.float32).X_train[:100]
    m = gl.SparseEncoderDecoder(64, 10, seed=0, dtype=np.float32).fit(X, epochs=1)
    assert all(p.dtype == np.float32 for p in m.parameters())
    assert m.infer(X).dtype == np.float32 and m.encode(X).dtype == np.float32


def test_bad_input_is_named():
    m = gl.SparseEncoderDecoder(64, 10)
    with pytest.raises(ValueError, match="X has 63 features, but the model expects 64"):
        m.fit(np.zeros((5, 63)))
    with pytest.raises(ValueError, match="Z has 3 code units, but the model expects 10"):
        m.energy(np.zeros((2, 64)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="X has 2 samples but Z has 3"):
        m.code_gradient(np.zeros((2, 64)), np.zeros((3, 10)))
    with pytest.raises(ValueError, match="eta must be in"):
        gl.SparseEncoderDecoder(64, 10, eta=1.0)
