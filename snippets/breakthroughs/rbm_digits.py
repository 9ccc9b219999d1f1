"""An RBM learns the digits: filters, reconstructions, fantasies and the free-energy gap."""

# %% [markdown]
# The bundled digits, grey levels scaled to [0, 1]. The RBM treats each pixel value as the
# probability that a binary pixel is on, as Hinton and Salakhutdinov do with MNIST.
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, X_test = digits.X_train, digits.X_test      # (1347, 64), (450, 64)
# --8<-- [end:setup]

# %% [markdown]
# Hinton and Salakhutdinov's recipe (CD-1, learning rate 0.1, momentum 0.5 then 0.9, weight
# decay 0.0002, mini-batches of 100, weights 0.1 N(0, 1)) is the default of RBM.fit. After
# each epoch an observer records the mean free energy of the training and of the test digits.
# --8<-- [start:train]
rbm = gl.RBM(n_visible=64, n_hidden=100, seed=0)
free_energy = {"train": [], "test": []}


def observe(epoch, rbm):
    free_energy["train"].append(float(rbm.free_energy(X).mean()))
    free_energy["test"].append(float(rbm.free_energy(X_test).mean()))


epochs = 60
rbm.fit(X, epochs=epochs, learning_rate=0.1, batch_size=100, k=1,
        observe=observe)
# --8<-- [end:train]

# %% [markdown]
# Numbers for the page: the reconstruction error at the start and end, the free-energy gap
# between test and training digits, and how far a test digit's reconstruction is from it.
# --8<-- [start:numbers]
reconstruction_error = rbm.reconstruction_error   # per epoch, as training
gap = np.array(free_energy["test"]) - np.array(free_energy["train"])


def squared_error(A, B):
    return float(((A - B) ** 2).sum(axis=1).mean())   # per digit


test_reconstruction = rbm.reconstruct(X_test)     # p(v | p(h | x))
test_error = squared_error(test_reconstruction, X_test)
train_error = squared_error(rbm.reconstruct(X), X)
mean_image_error = squared_error(X.mean(axis=0), X_test)
first, last = reconstruction_error[0], reconstruction_error[-1]
print(f"training's reconstruction error: {first:.2f} after epoch 1, "
      f"{last:.2f} after {epochs}")
print(f"p(v | p(h | x)) is off by {train_error:.2f} (training digits), "
      f"{test_error:.2f} (test)")
print(f"the mean image is off by {mean_image_error:.2f}")
print(f"free energy, test minus training: {gap[0]:+.2f} after epoch 1, "
      f"{gap[-1]:+.2f} after {epochs}")
# p(v) = exp(-F(v)) / Z with the same Z for every digit, so exp(gap) is the ratio of the
# geometric-mean probabilities of a training and a test digit; per pixel, its 64th root.
likelihood_ratio = float(np.exp(gap[-1]))
likelihood_ratio_per_pixel = float(np.exp(gap[-1] / X.shape[1]))
print(f"p(training digit) / p(test digit), geometric means: {likelihood_ratio:.2f} "
      f"per digit, {likelihood_ratio_per_pixel:.4f} per pixel")
# --8<-- [end:numbers]
first_error, last_error = reconstruction_error[0], reconstruction_error[-1]
gap_start, gap_end = float(gap[0]), float(gap[-1])
hidden_activity = float(rbm.transform(X).mean())

# %% [markdown]
# Fantasies: Gibbs chains started from random pixels, and from test digits.
# --8<-- [start:sample]
n_gibbs = [1, 10, 100, 1000]
from_noise = {n: rbm.sample(8, n_gibbs=n, seed=1) for n in n_gibbs}
start = (X_test[:8] > 0.5).astype(float)         # eight test digits, binary
from_digits = {n: rbm.sample(8, n_gibbs=n, seed=1, start=start)
               for n in n_gibbs}
# --8<-- [end:sample]

# %%
_order = np.argsort(-np.linalg.norm(rbm.W, axis=0))       # strongest filters first
# One mosaic image, each filter on its own scale, a white line between them
# (zero is white in this colour map): one picture, not 72 axes.
_mosaic = np.zeros((6 * 9 - 1, 12 * 9 - 1))
for k, j in enumerate(_order[:72]):
    r, c = divmod(k, 12)
    _mosaic[9 * r:9 * r + 8, 9 * c:9 * c + 8] = (rbm.W[:, j] / np.abs(rbm.W[:, j]).max()
                                                 ).reshape(8, 8)
fig, ax = plt.subplots(figsize=(8, 4.2), num="rbm-filters")
ax.imshow(_mosaic, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="none")
ax.set_axis_off()
fig.suptitle(f"weights of 72 of the {rbm.n_hidden} hidden units, largest first "
             "(red positive, blue negative, each on its own scale)", fontsize="medium")
plt.show()

# %%
fig, axes = plt.subplots(2, 10, figsize=(8, 1.9), num="rbm-reconstructions")
for j in range(10):
    for r, (images, name) in enumerate([(X_test, "test digit"),
                                        (test_reconstruction, "reconstruction")]):
        ax = axes[r, j]
        ax.imshow(images[j].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if j == 0:
            ax.set_ylabel(name, fontsize="small", rotation=0, ha="right", va="center")
plt.show()

# %%
fig, axes = plt.subplots(len(n_gibbs), 16, figsize=(9, 2.9), num="rbm-fantasies")
for r, n in enumerate(n_gibbs):
    for j, image in enumerate(np.vstack([from_digits[n], from_noise[n]])):
        ax = axes[r, j]
        ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if j == 0:
            ax.set_ylabel(f"{n} step{'s' if n > 1 else ''}", fontsize="small", rotation=0,
                          ha="right", va="center")
axes[0, 3].set_title("chains started at test digits", fontsize="small")
axes[0, 11].set_title("chains started at random pixels", fontsize="small")
plt.show()

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), num="rbm-training")
_epochs = np.arange(1, epochs + 1)
axes[0].plot(_epochs, reconstruction_error)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("squared error per digit")
axes[0].set_title("reconstruction error (one Gibbs step)", fontsize="medium")
axes[1].plot(_epochs, gap, color="C1")
axes[1].axhline(0, color="0.5", lw=0.8)
axes[1].set_xlabel("epoch")
axes[1].set_ylabel(r"$\bar F_{\rm test} - \bar F_{\rm train}$")
axes[1].set_title("free-energy gap, test minus training", fontsize="medium")
plt.show()
