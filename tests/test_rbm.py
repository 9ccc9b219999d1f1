"""The RBM against brute force: on a tiny model every state can be enumerated.

With 4 visible and 3 hidden units there are 2^7 = 128 joint states, so the
partition function, the free energy, the conditionals, the exact
log-likelihood and its exact gradient can all be computed by summing over
them, independently of the library's formulas.
"""

import runpy
from pathlib import Path

import numpy as np
import pytest

import gradlib as gl

ROOT = Path(__file__).resolve().parents[1]


def states(n):
    """All binary vectors of length n, shape (2**n, n), built independently of the library."""
    return np.array([[(s >> (n - 1 - i)) & 1 for i in range(n)] for s in range(2**n)], float)


def joint_energy(rbm, V, H):
    """E[a, b] = energy of (V[a], H[b]): -v.W.h - bv.v - bh.h."""
    return -(V @ rbm.W) @ H.T - (V @ rbm.b_visible)[:, None] - (H @ rbm.b_hidden)[None, :]


def exact_distribution(rbm):
    V, H = states(rbm.n_visible), states(rbm.n_hidden)
    P = np.exp(-joint_energy(rbm, V, H))
    return V, H, P / P.sum(), np.log(np.exp(-joint_energy(rbm, V, H)).sum())


def exact_log_likelihood(rbm, data):
    V, H, P, _ = exact_distribution(rbm)
    pv = P.sum(axis=1)
    index = (data @ (2 ** np.arange(rbm.n_visible - 1, -1, -1))).astype(int)
    return float(np.mean(np.log(pv[index])))


def exact_gradient(rbm, data):
    """d mean ln p(data) / d(W, b_visible, b_hidden): data term minus model term, enumerated."""
    V, H, P, _ = exact_distribution(rbm)
    # Data term: average over the data of E[v h^T | v], p(h | v) enumerated too.
    index = (data @ (2 ** np.arange(rbm.n_visible - 1, -1, -1))).astype(int)
    Ph_given_v = P / P.sum(axis=1, keepdims=True)          # (2^nv, 2^nh)
    mean_h = Ph_given_v[index] @ H                          # (n, nh)
    data_W = data.T @ mean_h / len(data)
    model_W = V.T @ P @ H
    gW = data_W - model_W
    gbv = data.mean(0) - P.sum(1) @ V
    gbh = mean_h.mean(0) - P.sum(0) @ H
    return np.concatenate([gW.ravel(), gbv, gbh])


def cosine(a, b):
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.fixture
def tiny():
    rng = np.random.default_rng(1)
    rbm = gl.RBM(4, 3, seed=0, weight_scale=1.0)
    rbm.b_visible[:] = rng.normal(0, 1, 4)
    rbm.b_hidden[:] = rng.normal(0, 1, 3)
    return rbm


DATA = np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0]], float)


def test_energy_matches_the_definition(tiny):
    V, H = states(4), states(3)
    E = joint_energy(tiny, V, H)
    Vr, Hr = np.repeat(V, len(H), axis=0), np.tile(H, (len(V), 1))
    np.testing.assert_allclose(tiny.energy(Vr, Hr), E.ravel())


def test_free_energy_sums_out_the_hidden_units(tiny):
    V, H = states(4), states(3)
    brute = -np.log(np.exp(-joint_energy(tiny, V, H)).sum(axis=1))
    np.testing.assert_allclose(tiny.free_energy(V), brute, rtol=1e-12)


def test_conditionals_match_enumeration(tiny):
    V, H, P, _ = exact_distribution(tiny)
    p_h_given_v = P / P.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(tiny.hidden_probabilities(V), p_h_given_v @ H, rtol=1e-12)
    p_v_given_h = P / P.sum(axis=0, keepdims=True)
    np.testing.assert_allclose(tiny.visible_probabilities(H), p_v_given_h.T @ V, rtol=1e-12)


@pytest.mark.parametrize("sizes", [(4, 3), (3, 5)])
def test_log_partition_and_likelihood_are_exact(sizes):
    rbm = gl.RBM(*sizes, seed=2, weight_scale=1.0)
    rbm.b_visible[:] = 0.3
    rbm.b_hidden[:] = -0.2
    _, _, _, log_z = exact_distribution(rbm)
    assert rbm.log_partition() == pytest.approx(log_z, rel=1e-12)
    data = states(sizes[0])[[1, 2, 5]]
    assert rbm.log_likelihood(data) == pytest.approx(exact_log_likelihood(rbm, data), rel=1e-12)


def test_exact_gradient_helper_agrees_with_finite_differences(tiny):
    # The test's own exact gradient, checked before it is used to judge CD-k.
    g = exact_gradient(tiny, DATA)
    params = tiny.parameters()
    numeric = []
    for p in params:
        flat = p.reshape(-1)
        for i in range(flat.size):
            saved = flat[i]
            flat[i] = saved + 1e-6
            up = exact_log_likelihood(tiny, DATA)
            flat[i] = saved - 1e-6
            down = exact_log_likelihood(tiny, DATA)
            flat[i] = saved
            numeric.append((up - down) / 2e-6)
    assert gl.relative_error(g, np.array(numeric)) < 1e-7


def test_cd_k_approaches_the_likelihood_gradient_as_k_grows():
    # Large weights make the Gibbs chain mix slowly, so CD-1 is visibly biased.
    rng = np.random.default_rng(1)
    rbm = gl.RBM(4, 3, seed=0, weight_scale=3.0)
    rbm.b_visible[:] = rng.normal(0, 1, 4)
    rbm.b_hidden[:] = rng.normal(0, 1, 3)
    exact = exact_gradient(rbm, DATA)
    # Many copies of the data average out the sampling noise of the estimate.
    many = np.tile(DATA, (12500, 1))
    cos = {k: cosine(rbm.gradient_estimate(many, k=k, rng=k, sample_visible=True).flat(), exact)
           for k in (1, 2, 3, 10)}
    assert cos[1] < cos[2] < cos[3] < cos[10]
    assert cos[1] < 0.98 and cos[10] > 0.9998
    # Ending the chain on probabilities (the default, Hinton's choice) leaves a bias
    # that no number of steps removes.
    mean_field = rbm.gradient_estimate(many, k=10, rng=0).flat()
    assert cosine(mean_field, exact) < cos[10] - 1e-3


def test_gradient_estimate_is_the_update_fit_applies(tiny):
    before = [p.copy() for p in tiny.parameters()]
    g = tiny.gradient_estimate(DATA, k=1, rng=5)
    tiny.fit(DATA, epochs=1, learning_rate=0.1, batch_size=4, initial_momentum=0.0,
             weight_decay=0.0, seed=5, shuffle=False)
    for after, b, step in zip(tiny.parameters(), before, (g.W, g.b_visible, g.b_hidden),
                              strict=True):
        np.testing.assert_allclose(after - b, 0.1 * step, atol=1e-15)


# Persistent chains cannot keep up with parameters that move fast: with the CD recipe's
# momentum 0.9 and learning rate 0.1, PCD wanders; gentler settings suit it.
@pytest.mark.parametrize("settings", [dict(persistent=False),
                                      dict(persistent=True, momentum=0.5, learning_rate=0.05)])
def test_training_raises_the_exact_log_likelihood(settings):
    rng = np.random.default_rng(0)
    # A data set with structure: two prototypes with bits flipped 10% of the time.
    protos = np.array([[1, 1, 0, 0, 1, 0], [0, 0, 1, 1, 0, 1]], float)
    data = protos[rng.integers(0, 2, 400)]
    data = np.abs(data - (rng.random(data.shape) < 0.1))
    rbm = gl.RBM(6, 4, seed=0)
    before = rbm.log_likelihood(data)
    rbm.fit(data, epochs=30, batch_size=20, seed=1, **settings)
    after = rbm.log_likelihood(data)
    assert after > before + 1.0
    # The entropy of the data's own distribution bounds what any model can reach.
    assert after < -1.5


def test_gibbs_chains_sample_the_model_distribution(tiny):
    V, _, P, _ = exact_distribution(tiny)
    pv = P.sum(axis=1)
    chains = tiny.gibbs(np.zeros((20000, 4)), rng=3, steps=30)
    index = (chains @ (2 ** np.arange(3, -1, -1))).astype(int)
    empirical = np.bincount(index, minlength=16) / len(index)
    total_variation = 0.5 * np.abs(empirical - pv).sum()
    assert total_variation < 0.02


def test_fit_returns_the_model_and_shapes(tiny):
    X = gl.load_digits().X_train[:300]
    rbm = gl.RBM(64, 20, seed=0)
    assert rbm.fit(X, epochs=3, batch_size=50) is rbm
    assert rbm.transform(X).shape == (300, 20)
    assert rbm.reconstruct(X).shape == (300, 64)
    assert rbm.sample(5, n_gibbs=10).shape == (5, 64)
    assert len(rbm.reconstruction_error) == 3 and rbm.epochs_trained == 3
    assert rbm.reconstruction_error[-1] < rbm.reconstruction_error[0]
    rbm.fit(X, epochs=2, batch_size=50)
    assert rbm.epochs_trained == 5 and len(rbm.reconstruction_error) == 5


def test_same_seed_same_model():
    X = gl.load_digits().X_train[:200]
    a = gl.RBM(64, 10, seed=4).fit(X, epochs=2, k=2)
    b = gl.RBM(64, 10, seed=4).fit(X, epochs=2, k=2)
    np.testing.assert_array_equal(a.W, b.W)
    c = gl.RBM(64, 10, seed=4).fit(X, epochs=2, k=2, seed=9)
    assert not np.array_equal(a.W, c.W)


def test_float32_stays_float32():
    X = gl.load_digits(dtype=np.float32).X_train[:200]
    for persistent in (False, True):
        rbm = gl.RBM(64, 10, seed=0, dtype=np.float32).fit(X, epochs=2, persistent=persistent)
        assert all(p.dtype == np.float32 for p in rbm.parameters())
        assert rbm.transform(X).dtype == np.float32
        assert rbm.free_energy(X).dtype == np.float32


def test_bad_input_is_named():
    rbm = gl.RBM(64, 10)
    with pytest.raises(ValueError, match="X has 63 features, but the RBM expects 64"):
        rbm.fit(np.zeros((5, 63)))
    with pytest.raises(ValueError, match=r"X must lie in \[0, 1\].*got values in \[16, 16\]"):
        rbm.fit(np.full((5, 64), 16.0))
    with pytest.raises(ValueError, match=r"2-D with shape \(n_samples, 64\)"):
        rbm.transform(np.zeros(64))
    with pytest.raises(ValueError, match="H has 3 hidden units, but the RBM expects 10"):
        rbm.visible_probabilities(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="V has 2 samples but H has 3"):
        rbm.energy(np.zeros((2, 64)), np.zeros((3, 10)))
    with pytest.raises(ValueError, match="momentum must be in"):
        rbm.fit(np.zeros((5, 64)), momentum=1.0)
    with pytest.raises(ValueError, match="exact ln Z enumerates 2\\^64 states"):
        gl.RBM(64, 70).log_partition()
    with pytest.raises(ValueError, match="needs binary X"):
        gl.RBM(4, 3).log_likelihood(np.full((2, 4), 0.5))
    with pytest.raises(ValueError, match="dtype must be"):
        gl.RBM(4, 3, dtype=np.int64)


def test_benchmark_runs_on_tiny_sizes(capsys):
    bench = runpy.run_path(str(ROOT / "benchmarks" / "rbm_epoch.py"))
    rows = bench["main"](["--tiny"])
    assert rows[0]["ratio_cd"] > 0 and rows[0]["ratio_pcd"] > 0
    assert "gradlib CD-1  / sklearn" in capsys.readouterr().out
