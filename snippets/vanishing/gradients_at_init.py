"""Activations, back-propagated gradients and weight gradients of each layer at initialisation."""

# %% [markdown]
# Glorot and Bengio's comparison, on the digits: four hidden layers of 30 units, softmax
# output, cross-entropy, standard initialisation (W ~ U[-1/sqrt(n_in), 1/sqrt(n_in)], zero
# biases), one forward and one backward pass over 1000 training images. Their histograms of
# gradients were for tanh units; sigmoid units are shown beside them.
# For each hidden layer: the activations A, the back-propagated gradients delta = dC_x/dZ of
# every example, and the gradient dC/dW that a training step would use.
# --8<-- [start:measure]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train[:1000], digits.Y_train[:1000]
sizes = [64, 30, 30, 30, 30, 10]
activations = ["sigmoid", "tanh"]
seeds = range(5)


def rms(x):
    return float(np.sqrt(np.mean(x**2)))


samples, delta_rms, weight_grad_rms = {}, {}, {}
for act in activations:
    per_seed_delta, per_seed_weight = [], []
    for seed in seeds:
        net = gl.Network(sizes, activation=act, output="softmax",
                         cost="cross_entropy", init="glorot_standard",
                         seed=seed)
        g, trace = net.backward(X, Y), net.trace(X)
        hidden = range(len(sizes) - 2)  # the four hidden layers
        per_seed_delta.append([rms(g.deltas[l]) for l in hidden])
        per_seed_weight.append([rms(g.weights[l]) for l in hidden])
        if seed == 0:  # histograms from one network
            samples[act] = {
                "A": [trace.A[l + 1].ravel() for l in hidden],
                "delta": [g.deltas[l].ravel() for l in hidden],
                "dW": [g.weights[l].ravel() for l in hidden],
            }
    delta_rms[act] = np.median(per_seed_delta, axis=0).tolist()
    weight_grad_rms[act] = np.median(per_seed_weight, axis=0).tolist()
# --8<-- [end:measure]

# %% [markdown]
# From the first hidden layer to the fourth: by how much do the back-propagated gradients
# grow, and how far apart are the weight gradients of the four layers?
# --8<-- [start:summary]
delta_growth = {a: delta_rms[a][-1] / delta_rms[a][0] for a in activations}
weight_grad_spread = {
    a: max(weight_grad_rms[a]) / min(weight_grad_rms[a]) for a in activations
}
print("rms of delta, hidden layers 1 to 4:")
for a in activations:
    values = " ".join(f"{v:.1e}" for v in delta_rms[a])
    print(f"  {a:<9}{values}   layer 4 / layer 1: {delta_growth[a]:.1f}")
print("rms of dC/dW, hidden layers 1 to 4:")
for a in activations:
    values = " ".join(f"{v:.1e}" for v in weight_grad_rms[a])
    print(f"  {a:<9}{values}   largest / smallest: "
          f"{weight_grad_spread[a]:.1f}")
# --8<-- [end:summary]
activation_std = {
    a: [float(x.std()) for x in samples[a]["A"]] for a in activations
}

# %%
fig, axes = plt.subplots(2, 3, figsize=(8.5, 5.6), num="histograms-at-init")
for r, act in enumerate(activations):
    ax_a, ax_d, ax_w = axes[r]
    lo = 0 if act == "sigmoid" else -1
    for l in range(4):
        style = {
            "color": f"C{l}",
            "histtype": "step",
            "lw": 1.6,
            "density": True,
            "label": f"layer {l + 1}",
        }
        ax_a.hist(samples[act]["A"][l], bins=np.linspace(lo, 1, 81), **style)
        ax_d.hist(
            np.log10(np.abs(samples[act]["delta"][l]) + 1e-300),
            bins=np.linspace(-9, 0, 91),
            **style,
        )
        ax_w.hist(
            np.log10(np.abs(samples[act]["dW"][l]) + 1e-300),
            bins=np.linspace(-9, -1, 81),
            **style,
        )
    ax_a.set_ylabel(f"{act} units\ndensity")
    ax_a.set_xlabel("activation $a$")
    ax_d.set_xlabel(r"$\log_{10} |\delta|$ (back-propagated gradient)")
    ax_w.set_xlabel(r"$\log_{10} |\partial C/\partial w|$ (weight gradient)")
    for ax in (ax_a, ax_d, ax_w):
        ax.set_yticks([])
axes[0, 0].set_title("activations", fontsize="medium")
axes[0, 1].set_title("back-propagated gradients", fontsize="medium")
axes[0, 2].set_title("weight gradients", fontsize="medium")
axes[0, 0].legend(fontsize="small", loc="upper left")
plt.show()

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.6), sharey=True, num="gradient-size-per-layer"
)
layers = np.arange(1, 5)
for ax, act in zip(axes, activations, strict=True):
    ax.semilogy(
        layers, delta_rms[act], "o-", label=r"back-propagated $\delta$"
    )
    ax.semilogy(
        layers,
        weight_grad_rms[act],
        "s-",
        label=r"weight gradient $\partial C/\partial W$",
    )
    ax.set_xticks(layers)
    ax.set_xlabel("hidden layer (1 = nearest the input)")
    ax.set_title(f"{act} units, standard initialisation", fontsize="medium")
axes[0].set_ylabel("root-mean-square size (median of 5 seeds)")
axes[1].legend(loc="lower right")
plt.show()
