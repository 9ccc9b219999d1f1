"""Singular values of the layer Jacobians at initialisation, for every initializer of gradlib."""

# %% [markdown]
# Going back one layer, BP2 multiplies the error by a matrix: in gradlib's row-major form
# delta[l-1] = delta[l] @ J, with J = W[l].T * f'(Z[l-1]) (each column k of W[l].T scaled
# by the derivative of unit k), one J per example. The textbook's Jacobian
# dz^{l+1}/dz^l = w^{l+1} diag(sigma'(z^l)) is the same matrix.
# --8<-- [start:jacobian]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
n_examples = 100
X, Y = digits.X_train[:n_examples], digits.Y_train[:n_examples]
sizes = [64, 30, 30, 30, 30, 10]  # four hidden layers of 30
derivative = {"sigmoid": lambda A: A * (1 - A), "tanh": lambda A: 1 - A**2}


def jacobians(net, X):
    """J[l][i] takes example i's error from hidden layer l+1 to layer l.

    Shape (n_hidden - 1, n_samples, 30, 30): hidden layers only, first first.
    """
    trace = net.trace(X)
    f_prime = derivative[net.activation.name]
    return np.array([
        # J[i, j, k] = W[l].T[j, k] * f'(Z[l-1])[i, k]
        net.weights[l].T[None, :, :] * f_prime(trace.A[l])[:, None, :]
        for l in range(1, net.n_layers - 1)
    ])
# --8<-- [end:jacobian]


# %% [markdown]
# The Jacobians really are what BP2 multiplies by: check them against gradlib's deltas.
# --8<-- [start:check]
net = gl.Network(sizes, activation="sigmoid", init="scaled_normal", seed=0)
J = jacobians(net, X)
deltas = net.backward(X, Y).deltas
# row i of delta[l+1] times J[l][i], for every example i at once
back = [np.einsum("ij,ijk->ik", deltas[l + 1], J[l]) for l in range(len(J))]
pairs = zip(back, deltas[:-2], strict=True)
jacobian_error = max(float(np.abs(b - d).max()) for b, d in pairs)
print(f"delta[l+1] @ J against gradlib's delta[l]: "
      f"largest difference {jacobian_error:.1e}")
# --8<-- [end:check]

# %% [markdown]
# For every initializer, with sigmoid and with tanh units: the singular values of every J
# (100 examples, three Jacobians between the four hidden layers), the largest singular value
# of the weight matrices W alone, and of the product of the three Jacobians, which takes the
# error from the last hidden layer to the first.
# --8<-- [start:measure]
inits = list(gl.INITIALIZERS)
activations = ["sigmoid", "tanh"]
gamma = {"sigmoid": 0.25, "tanh": 1.0}  # the largest value of f'
seeds = range(5)


def measure(activation, init, seed):
    net = gl.Network(sizes, activation=activation, init=init, seed=seed)
    J = jacobians(net, X)
    s = np.linalg.svd(J, compute_uv=False)  # (3, n_examples, 30), largest first
    product = J[2] @ J[1] @ J[0]  # last hidden layer's error -> first's
    return {
        "singular_values": s,
        "s_max_W": max(np.linalg.norm(W, 2) for W in net.weights[1:-1]),
        "s_max_J": np.median(s[:, :, 0]),
        "s_median_J": np.median(s),
        "s_max_product": np.median(np.linalg.norm(product, 2, axis=(1, 2))),
    }


results = {a: {i: [measure(a, i, s) for s in seeds] for i in inits}
           for a in activations}
# --8<-- [end:measure]

# %% [markdown]
# The numbers of the first seed, for the page's table.
table = {a: {i: {k: float(v) for k, v in results[a][i][0].items() if k != "singular_values"}
             for i in inits} for a in activations}

# Values for the page and its tests.
s_max_W = {a: {i: [r["s_max_W"] for r in results[a][i]] for i in inits} for a in activations}
s_max_J = {a: {i: [float(r["s_max_J"]) for r in results[a][i]] for i in inits}
           for a in activations}
s_max_product = {a: {i: [float(r["s_max_product"]) for r in results[a][i]] for i in inits}
                 for a in activations}
# Every Jacobian's largest singular value, against the bound gamma * max s(W).
bound_holds = all(
    float(r["singular_values"][:, :, 0].max()) <= gamma[a] * r["s_max_W"] * (1 + 1e-12)
    for a in activations for i in inits for r in results[a][i]
)
# The error's own shrinkage, last hidden layer to first, is at most max s of the product.
ratio = np.linalg.norm(deltas[0], axis=1) / np.linalg.norm(deltas[3], axis=1)
J0 = jacobians(net, X)
product_bound = np.linalg.norm(J0[2] @ J0[1] @ J0[0], 2, axis=(1, 2))
ratio_below_bound = bool(np.all(ratio <= product_bound * (1 + 1e-12)))
ratio_median = float(np.median(ratio))
product_bound_median = float(np.median(product_bound))
# How far the singular values sit from 1, seed by seed: median |log10 s| over all of them.
distance_from_one = {
    a: {i: [float(np.median(np.abs(np.log10(r["singular_values"])))) for r in results[a][i]]
        for i in inits}
    for a in activations
}
closest_to_one = {a: min(inits, key=lambda i: distance_from_one[a][i][0]) for a in activations}
runner_up = {a: sorted(inits, key=lambda i: distance_from_one[a][i][0])[1] for a in activations}
# In how many of the starts the product of three Jacobians can stretch an error.
n_product_above_one = {a: {i: sum(v > 1 for v in s_max_product[a][i]) for i in inits}
                       for a in activations}
n_seeds = len(seeds)
s_max_product_max = {a: {i: max(s_max_product[a][i]) for i in inits} for a in activations}

# %%
labels = {"normal": "N(0,1)", "scaled_normal": "N(0,1/n)", "glorot_standard": "Glorot std",
          "lecun": "LeCun", "xavier": "Xavier", "he": "He", "orthogonal": "orthogonal"}
fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), sharey=True, num="jacobian-singular-values")
for ax, a in zip(axes, activations, strict=True):
    data = [results[a][i][0]["singular_values"].ravel() for i in inits]
    ax.boxplot(data, whis=(1, 99), showfliers=False)
    ax.set_yscale("log")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xticks(range(1, len(inits) + 1), [labels[i] for i in inits], rotation=40,
                  ha="right")
    ax.set_title(f"{a} hidden units", fontsize="medium")
axes[0].set_ylabel("singular values of $J$\n(box: quartiles, whiskers: 1% to 99%)")
plt.show()
