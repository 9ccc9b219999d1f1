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
X, X_test = digits.X_train, digits.X_test       # grey levels in [0, 1]

model = gl.SparseEncoderDecoder(n_visible=64, n_code=100, beta=5.0, eta=0.1,
                                seed=0)
epochs = 30
model.fit(X, epochs=epochs, learning_rate=0.05, batch_size=20,
          code_steps=20, code_rate=0.1)
# --8<-- [end:train]

# %% [markdown]
# The codes of the test digits: the minimum-energy codes, and the encoder's fast prediction.
# --8<-- [start:codes]
Z = model.infer(X_test, steps=20, rate=0.1)     # minimum-energy codes z*
Zbar = model.sparsify(Z)                        # sparse codes, (450, 100)


def squared_error(A, B):
    return float(((A - B) ** 2).sum(axis=1).mean())   # per digit


active_per_digit = float((Zbar > 0.5).sum(axis=1).mean())
nearly_binary = float(np.mean((Zbar < 0.1) | (Zbar > 0.9)))
reconstruction_error = squared_error(Zbar @ model.W_d, X_test)
mean_image_error = squared_error(X.mean(axis=0), X_test)
E_c, E_d = model.energy(X_test, Z)
E_c_guess, E_d_guess = model.energy(X_test, model.predict_code(X_test))
print(f"active code units per digit: {active_per_digit:.1f} of 100")
print(f"code values below 0.1 or above 0.9: {nearly_binary:.0%}")
print(f"squared error of the reconstructions: {reconstruction_error:.2f}, "
      f"of the mean image: {mean_image_error:.2f}")
print(f"mean energy: {np.mean(E_c_guess + E_d_guess):.2f} at the encoder's "
      f"guess, {np.mean(E_c + E_d):.2f} at z*")
# --8<-- [end:codes]
energy_guess = float(np.mean(E_c_guess + E_d_guess))
energy_optimal = float(np.mean(E_c + E_d))
encoder_error = float(((model.encode(X_test) @ model.W_d - X_test) ** 2).sum(axis=1).mean())
# How much of the minimum-energy code does the encoder's one-step guess get right? Of the units
# z* switches on (above 0.5), the fraction the encoder's sparse code also switches on.
_guess_on, _optimal_on = model.encode(X_test) > 0.5, Zbar > 0.5
guess_recall = float((_guess_on & _optimal_on).sum() / _optimal_on.sum())
guess_active_per_digit = float(_guess_on.sum(axis=1).mean())
units_used = int(np.sum((Zbar > 0.5).any(axis=0)))
# Do digits of the same class switch on the same units? Overlap of the sets of active units
# (intersection over union), averaged over pairs of test digits of the same and of different
# classes.
_active = (Zbar > 0.5).astype(float)
_shared = _active @ _active.T
_union = _active.sum(1)[:, None] + _active.sum(1)[None, :] - _shared
_overlap = np.divide(_shared, _union, out=np.zeros_like(_shared), where=_union > 0)
_same = digits.y_test[:, None] == digits.y_test[None, :]
_pairs = ~np.eye(len(X_test), dtype=bool)
overlap_same_class = float(_overlap[_same & _pairs].mean())
overlap_other_class = float(_overlap[~_same].mean())

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
axes[0].set_title("most code values are near zero", fontsize="medium")
_epochs = np.arange(1, epochs + 1)
axes[1].plot(_epochs, model.reconstruction_energy, label="reconstruction $E_D$")
axes[1].plot(_epochs, model.code_energy, label="code prediction $E_C$")
axes[1].set_xlabel("epoch")
axes[1].set_ylabel("mean energy per digit")
axes[1].set_title("energy at the minimum-energy codes", fontsize="medium")
axes[1].legend()
plt.show()
