"""Ranzato et al.'s sparse energy-based encoder-decoder on the digits: codes, decoder filters."""

# %% [markdown]
# 100 code units for the 64 pixels. The gain beta = 5 makes the sparsifying logistic nearly
# binary; eta = 0.1 asks each unit to be on for about a tenth of the digits. Each mini-batch
# of 20 digits: 20 gradient steps on the codes, from the encoder's prediction, then one step on
# the encoder and decoder weights.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, X_test = digits.X_train, digits.X_test                # grey levels in [0, 1]

model = gl.SparseEncoderDecoder(n_visible=64, n_code=100, beta=5.0, eta=0.1, seed=0)
epochs = 30
model.fit(X, epochs=epochs, learning_rate=0.05, batch_size=20, code_steps=20, code_rate=0.1)
# --8<-- [end:train]

# %% [markdown]
# The codes of the test digits: the minimum-energy codes, and the encoder's fast prediction.
# --8<-- [start:codes]
Z = model.infer(X_test, steps=20, rate=0.1)              # minimum-energy codes z*
Zbar = model.sparsify(Z)                                 # sparse codes, (450, 100)
active_per_digit = float((Zbar > 0.5).sum(axis=1).mean())
nearly_binary = float(np.mean((Zbar < 0.1) | (Zbar > 0.9)))
reconstruction_error = float(((Zbar @ model.W_d - X_test) ** 2).sum(axis=1).mean())
mean_image_error = float(((X.mean(axis=0) - X_test) ** 2).sum(axis=1).mean())
E_c, E_d = model.energy(X_test, Z)
E_c_guess, E_d_guess = model.energy(X_test, model.predict_code(X_test))
print(f"active code units per digit: {active_per_digit:.1f} of {model.n_code}")
print(f"code values below 0.1 or above 0.9: {nearly_binary:.0%}")
print(f"squared reconstruction error per digit: {reconstruction_error:.2f} "
      f"(the mean image: {mean_image_error:.2f})")
print(f"energy at the encoder's guess {np.mean(E_c_guess + E_d_guess):.2f}, "
      f"at the minimum-energy code {np.mean(E_c + E_d):.2f}")
# --8<-- [end:codes]
energy_guess = float(np.mean(E_c_guess + E_d_guess))
energy_optimal = float(np.mean(E_c + E_d))
encoder_error = float(((model.encode(X_test) @ model.W_d - X_test) ** 2).sum(axis=1).mean())
units_used = int(np.sum((Zbar > 0.5).any(axis=0)))

# %%
fig, axes = plt.subplots(6, 12, figsize=(8, 4.2), num="sparse-decoder-filters")
_usage = (Zbar > 0.5).mean(axis=0)
for ax, j in zip(axes.flat, np.argsort(-_usage), strict=False):
    ax.imshow(model.W_d[j].reshape(8, 8), cmap="gray_r")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.suptitle("decoder rows $W_d$ of 72 of the 100 code units, most used first", fontsize="medium")
plt.show()

# %%
fig = plt.figure(figsize=(9, 4.2), num="sparse-codes")
_grid = fig.add_gridspec(4, 3, width_ratios=[1, 1, 5])
for r in range(4):
    for c, (image, name) in enumerate([(X_test[r], "digit"),
                                       (Zbar[r] @ model.W_d, "reconstruction")]):
        ax = fig.add_subplot(_grid[r, c])
        ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if r == 0:
            ax.set_title(name, fontsize="small")
    ax = fig.add_subplot(_grid[r, 2])
    ax.bar(np.arange(model.n_code), Zbar[r], width=1.0, color="C0")
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.5, model.n_code - 0.5)
    ax.set_yticks([0, 1])
    if r == 0:
        ax.set_title(r"sparse code $\bar z^*$ (100 units)", fontsize="small")
    if r < 3:
        ax.set_xticklabels([])
ax.set_xlabel("code unit")
plt.show()

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.3), num="sparse-training")
axes[0].hist(Zbar.ravel(), bins=20, range=(0, 1), color="C0")
axes[0].set_yscale("log")
axes[0].set_xlabel(r"code value $\bar z$")
axes[0].set_ylabel("count (test digits × units)")
axes[0].set_title("the codes are nearly binary", fontsize="medium")
_epochs = np.arange(1, epochs + 1)
axes[1].plot(_epochs, model.reconstruction_energy, label="reconstruction $E_D$")
axes[1].plot(_epochs, model.code_energy, label="code prediction $E_C$")
axes[1].set_xlabel("epoch")
axes[1].set_ylabel("mean energy per digit")
axes[1].set_title("energy at the minimum-energy codes", fontsize="medium")
axes[1].legend()
plt.show()
