"""The orthogonal initializer of Saxe, McClelland & Ganguli (2014)."""

import numpy as np
import pytest

import gradlib as gl
from gradlib.initializers import orthogonal


@pytest.mark.parametrize(("n_in", "n_out"), [(30, 30), (64, 30), (30, 64), (1, 5), (5, 1)])
def test_every_singular_value_is_one(n_in, n_out):
    W, b = orthogonal(n_in, n_out, np.random.default_rng(0), np.float64)
    assert W.shape == (n_in, n_out) and b.shape == (n_out,)
    assert W.flags.c_contiguous  # like the other initializers: in-place updates see one layout
    assert not b.any()
    np.testing.assert_allclose(np.linalg.svd(W, compute_uv=False), 1.0, atol=1e-12)
    k = min(n_in, n_out)
    gram = W.T @ W if n_in >= n_out else W @ W.T
    np.testing.assert_allclose(gram, np.eye(k), atol=1e-12)


def test_tall_keeps_the_length_of_errors_sent_back_and_wide_of_inputs():
    rng = np.random.default_rng(1)
    W_tall, _ = orthogonal(50, 20, rng, np.float64)
    delta = rng.standard_normal((7, 20))
    np.testing.assert_allclose(np.linalg.norm(delta @ W_tall.T, axis=1),
                               np.linalg.norm(delta, axis=1))
    W_wide, _ = orthogonal(20, 50, rng, np.float64)
    a = rng.standard_normal((7, 20))
    np.testing.assert_allclose(np.linalg.norm(a @ W_wide, axis=1), np.linalg.norm(a, axis=1))


def test_float32_and_seeded():
    a = gl.Network([64, 30, 30, 10], init="orthogonal", seed=3, dtype=np.float32)
    b = gl.Network([64, 30, 30, 10], init="orthogonal", seed=3, dtype=np.float32)
    c = gl.Network([64, 30, 30, 10], init="orthogonal", seed=4, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in a.parameters())
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.weights[1], c.weights[1])
    s = np.linalg.svd(a.weights[1].astype(np.float64), compute_uv=False)
    np.testing.assert_allclose(s, 1.0, atol=1e-6)


def test_signs_are_not_fixed_by_the_factorisation():
    # Without the sign correction every draw would have R's diagonal positive and
    # the first column of Q would point into one half-space of the Gaussian draw;
    # with it, the diagonal of a square orthogonal W is symmetric about zero.
    rng = np.random.default_rng(5)
    diag = np.concatenate([np.diag(orthogonal(8, 8, rng, np.float64)[0]) for _ in range(500)])
    assert abs(diag.mean()) < 0.02
    # Haar-distributed orthogonal 8x8: each entry has variance 1/8.
    assert diag.var() == pytest.approx(1 / 8, rel=0.1)
