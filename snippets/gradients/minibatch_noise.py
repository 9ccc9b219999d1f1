"""The mini-batch gradient as a noisy, unbiased estimate of the full gradient: its variance."""

# %% [markdown]
# Every example's own gradient g_i, as one row of a matrix G: BP4 and BP3 before the batch
# average. The full-batch gradient, what gradient descent would follow, is their mean.
# --8<-- [start:per_example]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train, digits.Y_train
N = len(X)  # 1347 training digits
net = gl.Network([64, 30, 10], init="scaled_normal", seed=0)
# one epoch of training first, to measure past the start
gl.train(net, X, Y, epochs=1, learning_rate=0.1, batch_size=10, seed=0)

g = net.backward(X, Y)
A = net.trace(X).A
# per example: outer product A[l]_i delta[l]_i for W[l], then delta[l]_i for b[l]
G = np.hstack([
    np.hstack([np.einsum("ij,ik->ijk", A[l], d).reshape(N, -1), d])
    for l, d in enumerate(g.deltas)
])  # shape (N, n_parameters)
pairs = zip(g.weights, g.biases, strict=True)
full = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in pairs])
mean_matches_full = float(np.abs(G.mean(axis=0) - full).max())
print(f"{N} examples, {G.shape[1]} parameters")
print(f"mean of the g_i against net.backward: largest difference "
      f"{mean_matches_full:.1e}")
# --8<-- [end:per_example]

# %% [markdown]
# Draw many mini-batches of m examples without replacement, as an epoch of shuffled
# batches does, and measure how far their gradient falls from the full one. Theory: the
# population variance sigma^2 = mean ||g_i - full||^2 divided by m, times the
# finite-population correction (N - m) / (N - 1) for sampling without replacement.
# --8<-- [start:variance]
rng = np.random.default_rng(0)
D = G - full  # each example's deviation from the full gradient
sigma2 = float(np.mean(np.sum(D**2, axis=1)))
batch_sizes = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, N]
n_draws = 300
measured, predicted, bias = [], [], []
for m in batch_sizes:
    S = np.zeros((n_draws, N))
    for k in range(n_draws):
        S[k, rng.choice(N, size=m, replace=False)] = 1.0 / m
    errors = S @ D  # each draw's mini-batch gradient minus the full gradient
    measured.append(float(np.mean(np.sum(errors**2, axis=1))))
    predicted.append(sigma2 / m * (N - m) / (N - 1))
    # unbiased: the draws' average error should be about sqrt(variance / n_draws)
    bias.append(float(np.linalg.norm(errors.mean(axis=0))))
# --8<-- [end:variance]

# %%
ratio = [mv / pv for mv, pv in zip(measured[:-1], predicted[:-1], strict=True)]
full_norm_sq = float(full @ full)
# Where the noise is as large as the signal: sigma^2/m (N-m)/(N-1) = ||full||^2.
m_noise_equals_signal = sigma2 * N / ((N - 1) * full_norm_sq + sigma2)
print(f"sigma^2 = {sigma2:.3f}, ||full gradient||^2 = {full_norm_sq:.4f}")
print("   m   measured  predicted  ratio")
for m, mv, pv in zip(batch_sizes, measured, predicted, strict=True):
    print(f"{m:4d}  {mv:9.2e}  {pv:9.2e}  {mv / pv if pv else float('nan'):5.2f}")
ratio_min, ratio_max = min(ratio), max(ratio)
measured_at_N = measured[-1]
bias_in_sd = [b / np.sqrt(p / n_draws) for b, p in zip(bias[:-1], predicted[:-1], strict=True)]
fpc_divides_at_1000 = (N - 1) / (N - 1000)
batch_10_noise = float(np.sqrt(measured[batch_sizes.index(10)] / full_norm_sq))

# %%
fig, ax = plt.subplots(figsize=(6, 4), num="minibatch-variance")
m_line = np.arange(1, N)
ax.loglog(m_line, sigma2 / m_line, color="0.5", ls="--",
          label=r"$\sigma^2/m$ (with replacement)")
ax.loglog(m_line, sigma2 / m_line * (N - m_line) / (N - 1), color="C0",
          label=r"$(\sigma^2/m)\,(N-m)/(N-1)$ (without)")
ax.loglog(batch_sizes[:-1], measured[:-1], "o", color="C1",
          label=f"measured, {n_draws} batches each")
ax.axhline(full_norm_sq, color="C2", ls=":", label=r"$\|\nabla C\|^2$, the signal")
ax.set_ylim(1e-3, 30)
ax.set_xlabel("mini-batch size $m$")
ax.set_ylabel(r"$E\,\|\hat g_m - \nabla C\|^2$")
ax.legend(fontsize="small")
plt.show()
