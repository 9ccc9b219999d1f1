"""One autoencoder layer on the digits, plain and denoising: filters and reconstructions."""

# %% [markdown]
# Two autoencoders with 100 sigmoid code units for the 64 pixels (more code units than inputs,
# as in Bengio et al.'s stacks), tied weights, cross-entropy reconstruction cost. The second is
# a denoising autoencoder: a quarter of its input pixels are zeroed at random during training,
# and it must reconstruct the clean digit.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, X_test = digits.X_train, digits.X_test       # grey levels in [0, 1]

epochs = 30
plain = gl.Autoencoder(64, 100, tied=True, seed=0)
plain.fit(X, epochs=epochs, learning_rate=0.1, batch_size=10)
denoising = gl.Autoencoder(64, 100, tied=True, seed=0)
denoising.fit(X, epochs=epochs, learning_rate=0.1, batch_size=10,
              corruption=0.25)
# --8<-- [end:train]

# %% [markdown]
# Reconstruction cost (cross-entropy per digit) of the test digits, clean and with a quarter of
# their pixels zeroed.
# --8<-- [start:numbers]
X_corrupted = plain.corrupt(X_test, 0.25, rng=1)
cost = {name: {"clean": ae.cost(X_test),
               "corrupted": ae.cost(X_test, X_corrupted)}
        for name, ae in [("plain", plain), ("denoising", denoising)]}
print("reconstruction cost of test digits   clean   from corrupted")
for name, c in cost.items():
    print(f"{name:35s} {c['clean']:6.1f} {c['corrupted']:16.1f}")
# --8<-- [end:numbers]
mean_image_cost = float(-(X_test * np.log(X.mean(0).clip(1e-3, 1 - 1e-3))
                          + (1 - X_test) * np.log(1 - X.mean(0).clip(1e-3, 1 - 1e-3)))
                        .sum(1).mean())
denoising_gain = cost["plain"]["corrupted"] - cost["denoising"]["corrupted"]

# %%
fig, axes = plt.subplots(4, 12, figsize=(8, 3.2), num="autoencoder-filters")
for r, (ae, name) in enumerate([(plain, "plain"), (denoising, "denoising")]):
    order = np.argsort(-np.linalg.norm(ae.W, axis=0))[:24]
    for i, j in enumerate(order):
        ax = axes[2 * r + i // 12, i % 12]
        w = ae.W[:, j]
        limit = np.abs(w).max()
        ax.imshow(w.reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if i == 0:
            ax.set_ylabel(name, fontsize="small", rotation=0, ha="right", va="center")
plt.show()

# %%
fig, axes = plt.subplots(4, 10, figsize=(8, 3.4), num="autoencoder-reconstructions")
rows = [("test digit", X_test), ("corrupted", X_corrupted),
        ("plain", plain.reconstruct(X_corrupted)),
        ("denoising", denoising.reconstruct(X_corrupted))]
for r, (name, images) in enumerate(rows):
    for j in range(10):
        ax = axes[r, j]
        ax.imshow(images[j].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if j == 0:
            ax.set_ylabel(name, fontsize="small", rotation=0, ha="right", va="center")
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6, 3.4), num="autoencoder-training")
_epochs = np.arange(1, epochs + 1)
ax.plot(_epochs, plain.reconstruction_error, label="plain: clean input")
ax.plot(_epochs, denoising.reconstruction_error, label="denoising: corrupted input")
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy per digit")
ax.set_title("training reconstruction cost", fontsize="medium")
ax.legend()
plt.show()
