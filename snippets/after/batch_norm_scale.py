"""Batch norm: gradients at right angles to the weights, a batch mean SGD still moves."""

# %% [markdown]
# A ReLU network with batch norm in both hidden layers, and one mini-batch of 100 digits.
# Scaling a batch-normalised unit's incoming weights w scales its weighted inputs s = A w,
# which the normalisation undoes: the cost does not depend on the length of w (up to the
# small eps added to the variance), so its gradient has no component along w.
# --8<-- [start:orthogonal]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train[:100], digits.Y_train[:100]
net = gl.DeepNetwork([64, 30, 30, 10], activation="relu", output="softmax",
                     init="he", batch_norm=True, seed=0)
g = net.backward(X, Y)


def cosines(W, G):
    """Cosine between each unit's incoming weights (a column) and its gradient."""
    return np.sum(W * G, axis=0) / (np.linalg.norm(W, axis=0) * np.linalg.norm(G, axis=0))


hidden = net.bn_layers
largest_cosine = {l: float(np.abs(cosines(net.weights[l], g.weights[l])).max())
                  for l in hidden}
output_cosine = float(np.abs(cosines(net.weights[-1], g.weights[-1])).max())
for l in hidden:
    print(f"hidden layer {l + 1}: largest |cos(w, dC/dw)| = {largest_cosine[l]:.1e}")
print(f"output layer (no batch norm): largest |cos(w, dC/dw)| = {output_cosine:.2f}")
# --8<-- [end:orthogonal]

# %% [markdown]
# One step of plain SGD on the first layer's weights. Its inputs are the pixels, which do
# not change, so any change in the batch mean and spread of s = X W comes from the step.
# --8<-- [start:step]
eta = 0.1
W_before = net.weights[0].copy()
W_after = W_before - eta * g.weights[0]
S_before, S_after = X @ W_before, X @ W_after
spread = S_before.std(axis=0)
mean_shift = np.abs(S_after.mean(axis=0) - S_before.mean(axis=0)) / spread
spread_change = np.abs(S_after.std(axis=0) / spread - 1)
print(f"one step, eta = {eta}: batch mean of s moves by up to "
      f"{mean_shift.max():.1%} of its spread, the spread changes by up to "
      f"{spread_change.max():.1%}")
# Orthogonal step: the squared length grows by exactly eta^2 ||g||^2, unit by unit.
growth = np.sum(W_after**2, axis=0) - np.sum(W_before**2, axis=0)
predicted = eta**2 * np.sum(g.weights[0] ** 2, axis=0)
print(f"||w||^2 grows by {growth.sum():.3e}; eta^2 ||g||^2 = {predicted.sum():.3e}")
# --8<-- [end:step]
largest_mean_shift = float(mean_shift.max())
largest_spread_change = float(spread_change.max())
growth_over_predicted = float(growth.sum() / predicted.sum())

# %% [markdown]
# Plain SGD for a few epochs, no weight decay and no momentum: the length of the weights
# feeding the batch-normalised layers only grows.
# --8<-- [start:train]
net = gl.DeepNetwork([64, 30, 30, 10], activation="relu", output="softmax",
                     init="he", batch_norm=True, seed=0)
epochs = 10
weight_norm = {l: [float(np.linalg.norm(net.weights[l]))] for l in hidden}


def observe(epoch, batch, g):
    for l in hidden:
        weight_norm[l].append(float(np.linalg.norm(net.weights[l])))


history = gl.train(net, digits.X_train, digits.Y_train, epochs=epochs,
                   learning_rate=eta, batch_size=10, observe=observe, seed=0)
for l in hidden:
    print(f"hidden layer {l + 1}: ||W|| from {weight_norm[l][0]:.2f} to "
          f"{weight_norm[l][-1]:.2f} in {len(weight_norm[l]) - 1} steps")
# --8<-- [end:train]
norm_growth = {l: weight_norm[l][-1] / weight_norm[l][0] for l in hidden}
n_steps = len(weight_norm[hidden[0]]) - 1
# the share of steps after which a layer's norm is not larger than before
shrinking_steps = {l: float(np.mean(np.diff(weight_norm[l]) <= 0)) for l in hidden}

# %%
fig, ax = plt.subplots(figsize=(6, 3.4), num="weight-norm-growth")
for k, l in enumerate(hidden):
    ax.plot(np.arange(n_steps + 1) / (n_steps / epochs), weight_norm[l], color=f"C{k}",
            label=f"hidden layer {l + 1}")
ax.set_xlabel("epoch")
ax.set_ylabel(r"$\|W\|$ of the layer's weights")
ax.legend(fontsize="small")
plt.show()
