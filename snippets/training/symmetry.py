"""Symmetry breaking: hidden units that start identical stay identical; random starts differ."""

# %% [markdown]
# Three starts of the same [64, 30, 10] network: every weight and bias zero; every weight
# 0.1 and every bias zero; and gradlib's random N(0, 1/n_in) weights. The first two are set
# by hand through net.weights and net.biases.
# --8<-- [start:starts]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
sizes = [64, 30, 10]


def start(kind, seed=0):
    net = gl.Network(sizes, init="scaled_normal", seed=seed)
    if kind != "random":
        value = {"zero": 0.0, "constant": 0.1}[kind]
        for W, b in zip(net.weights, net.biases, strict=True):
            W[...] = value
            b[...] = 0.0
    return net


def unit_spread(net):
    """Largest difference between any hidden unit and hidden unit 0.

    A hidden unit is its column of W[0], its bias b[0] and its row of W[1].
    """
    # one column per hidden unit
    units = np.vstack([net.weights[0], net.biases[0], net.weights[1].T])
    return float(np.abs(units - units[:, :1]).max())
# --8<-- [end:starts]


# %% [markdown]
# Train each for 15 epochs with the guide's usual settings, recording the spread after
# every epoch, and the test accuracy at the end; three shuffling seeds for each start.
# --8<-- [start:train]
epochs = 15
kinds = ["zero", "constant", "random"]
seeds = [0, 1, 2]


def run(kind, seed):
    net = start(kind, seed)
    spread = [unit_spread(net)]
    for epoch in range(epochs):
        gl.train(net, digits.X_train, digits.Y_train, epochs=1, learning_rate=0.1,
                 batch_size=10, seed=100 * seed + epoch)
        spread.append(unit_spread(net))
    return net, spread, net.accuracy(digits.X_test, digits.Y_test)


runs = {kind: [run(kind, seed) for seed in seeds] for kind in kinds}
# --8<-- [end:train]

# %% [markdown]
# What the runs say.
# --8<-- [start:summary]
largest_spread = {k: max(max(r[1]) for r in runs[k]) for k in kinds}
random_spread_end = min(r[1][-1] for r in runs["random"])
accuracy = {k: [r[2] for r in runs[k]] for k in kinds}
accuracy_random_min = min(accuracy["random"])
accuracy_symmetric = accuracy["zero"] + accuracy["constant"]
accuracy_symmetric_min = min(accuracy_symmetric)
accuracy_symmetric_max = max(accuracy_symmetric)
weights_moved = {k: float(np.abs(runs[k][0][0].weights[0]).max()) for k in kinds}
for k in kinds:
    print(f"{k} start: largest difference between hidden units "
          f"{largest_spread[k]:.1e}")
    print(f"  test accuracy {', '.join(f'{a:.1%}' for a in accuracy[k])}")
# --8<-- [end:summary]

# %% [markdown]
# A network with a single hidden unit, for comparison: what the symmetric starts amount to.
one_unit = [gl.Network([64, 1, 10], init="scaled_normal", seed=s) for s in seeds]
for s, net in zip(seeds, one_unit, strict=True):
    gl.train(net, digits.X_train, digits.Y_train, epochs=epochs, learning_rate=0.1,
             batch_size=10, seed=s)
accuracy_one_unit = [net.accuracy(digits.X_test, digits.Y_test) for net in one_unit]

# %%
fig, axes = plt.subplots(3, 6, figsize=(8, 4.4), num="hidden-units")
titles = {"zero": "all zero", "constant": "all 0.1", "random": r"$N(0, 1/n_{\rm in})$"}
for r, k in enumerate(kinds):
    W0 = runs[k][0][0].weights[0]
    limit = np.abs(W0[:, :6]).max()
    for j in range(6):
        ax = axes[r, j]
        ax.imshow(W0[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if j == 0:
            ax.set_ylabel(titles[k], fontsize="small")
        if r == 0:
            ax.set_title(f"unit {j + 1}", fontsize="small")
fig.suptitle(f"first-layer weights of six hidden units after {epochs} epochs",
             fontsize="medium")
plt.show()
