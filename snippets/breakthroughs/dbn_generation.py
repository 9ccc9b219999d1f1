"""A deep belief net with a label memory: how it classifies, and the digits it generates."""

# %% [markdown]
# One net of the comparison's shape, trained on all 1347 training digits: greedy pretraining,
# then up-down fine-tuning with the learning rate chosen on validation in `dbn_tuning.py`.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
net = gl.UpDownDBN([64, 64, 64, 128], seed=0)
net.pretrain(digits.X_train, digits.Y_train, epochs=20, batch_size=20)
greedy_error = net.error_rate(digits.X_test, digits.y_test)
net.fit_updown(digits.X_train, digits.Y_train, epochs=30, learning_rate=0.03,
               batch_size=20, k=3, seed=0)
# --8<-- [end:train]

# %% [markdown]
# The paper's test procedures. The one behind its reported 1.25 %: a deterministic up-pass
# (probabilities, not samples) to the code, then the free energy of each label clamped in turn.
# The noisier one: a stochastic up-pass (binary states) before the same free energies; and the
# paper's remedy, averaging the label log-probabilities over 20 stochastic up-passes.
# --8<-- [start:classify]
def stochastic_code(X, rng):
    """Binary states drawn layer by layer through the recognition weights."""
    A = X
    for W, b in zip(net.recognition_W, net.recognition_b, strict=True):
        P = 1 / (1 + np.exp(-(A @ W + b)))
        A = (rng.random(P.shape) < P).astype(float)
    return A


rng = np.random.default_rng(1)
X_test, y_test = digits.X_test, digits.y_test
log_p = [np.log(net.memory.label_probabilities(stochastic_code(X_test, rng)))
         for _ in range(20)]
test_error = {
    "deterministic up-pass": net.error_rate(X_test, y_test),
    "one stochastic up-pass": float(np.mean(np.argmax(log_p[0], 1) != y_test)),
    "20 stochastic up-passes, averaged": float(np.mean(np.argmax(np.mean(log_p, 0), 1)
                                                       != y_test)),
}
for procedure, error in test_error.items():
    print(f"{procedure:34s} {error:.1%} test error")
# --8<-- [end:classify]

# %% [markdown]
# Generation: clamp a label, run alternating Gibbs sampling in the memory from random code
# states, then draw the last code down through the generative weights. Ten chains per label.
# --8<-- [start:generate]
n_gibbs = 1000
samples = np.stack([net.generate(label, n_samples=10, n_gibbs=n_gibbs, seed=label)
                    for label in range(10)])                   # (10 labels, 10 chains, 64)
# --8<-- [end:generate]

# %% [markdown]
# Do the generated digits show their label? A separate judge, a one-hidden-layer network
# trained by backprop on the training digits, names the class of each generated image.
# --8<-- [start:judge]
judge = gl.Network([64, 100, 10], output="softmax", init="glorot_standard", seed=0)
gl.train(judge, digits.X_train, digits.Y_train, epochs=30, learning_rate=0.5, batch_size=20)
judge_error = 1 - judge.accuracy(X_test, digits.Y_test)
judged = judge.predict(samples.reshape(-1, 64)).reshape(10, 10)
recognised = float(np.mean(judged == np.arange(10)[:, None]))  # chance: 10 %
recognised_per_label = (judged == np.arange(10)[:, None]).mean(axis=1)
print(f"the judge names the clamped label for {recognised:.0%} of the generated digits "
      f"(its own test error: {judge_error:.1%})")
# --8<-- [end:judge]

# %% [markdown]
# What the net "has in mind" as one chain per label runs: the down-pass of the code at a few
# steps of the chain, from the random start (step 0) on.
# --8<-- [start:chain]
steps = [0, 1, 2, 3, 5, 10, 20, 50, 100, 300, 1000]
chains = [net.dream(label, n_samples=1, n_gibbs=steps[-1], record=steps, seed=100 + label)
          for label in range(10)]
thoughts = np.stack([[net.down(chain[s])[0] for s in steps] for chain in chains])
# How many of the ten chains the judge reads as their label, at each recorded step.
chain_recognised = {s: int(np.sum(judge.predict(thoughts[:, i]) == np.arange(10)))
                    for i, s in enumerate(steps)}
# --8<-- [end:chain]


# %%
def show_grid(images, num, row_labels, col_labels=None, xlabel=None):
    # One mosaic image with a pixel of white between digits: a single picture,
    # not rows * cols axes, keeps the figure light.
    rows, cols = images.shape[:2]
    mosaic = np.zeros((rows * 9 - 1, cols * 9 - 1))
    for r in range(rows):
        for c in range(cols):
            mosaic[9 * r:9 * r + 8, 9 * c:9 * c + 8] = images[r, c].reshape(8, 8)
    fig, ax = plt.subplots(figsize=(0.62 * cols + 0.6, 0.62 * rows + 0.4), num=num)
    ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="none")
    ax.set_yticks(9 * np.arange(rows) + 3.5, row_labels)
    ax.set_xticks(9 * np.arange(cols) + 3.5, col_labels if col_labels is not None else [])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize="small")
    return fig


show_grid(samples, "dbn-generated", [str(d) for d in range(10)])
show_grid(thoughts, "dbn-chain", [str(d) for d in range(10)], [str(s) for s in steps],
          xlabel="Gibbs steps in the memory, label clamped")
plt.show()
