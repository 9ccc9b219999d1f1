"""Backpropagation checked against central finite differences on several networks."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# Networks of different shapes, activations, outputs and costs, each checked on a small batch.
# --8<-- [start:check]
configs = [
    # sizes,           hidden,       output,     cost
    ([4, 5, 3],        "sigmoid",    "sigmoid",  "quadratic"),
    ([4, 5, 3],        "sigmoid",    "sigmoid",  "cross_entropy"),
    ([4, 6, 5, 3],     "tanh",       "softmax",  "cross_entropy"),
    ([4, 6, 6, 2],     "relu",       "identity", "quadratic"),
    ([4, 8, 8, 8, 3],  "sigmoid",    "softmax",  "cross_entropy"),
]
rng = np.random.default_rng(0)
errors = []
for sizes, hidden, output, cost in configs:
    net = gl.Network(sizes, activation=hidden, output=output, cost=cost,
                     init="scaled_normal", seed=1)
    X = rng.normal(size=(5, sizes[0]))
    Y = gl.one_hot(rng.integers(0, sizes[-1], 5), sizes[-1])
    # Backprop against central differences, layer by layer:
    check = gl.gradient_check(net, X, Y, eps=1e-5)
    errors.append(check.max_error)
    print(f"{str(sizes):<16}{hidden:>8}{output:>9}{cost:>14}"
          f"   error {check.max_error:.1e}")
# --8<-- [end:check]
max_error = max(errors)
n_configs = len(configs)

# %% [markdown]
# Layer by layer, for the deepest network: the relative error is largest where the gradient
# is smallest, since rounding noise has a fixed absolute size.
# --8<-- [start:layers]
deep_errors = check.weights           # for W[0], W[1], ... of the last net
deep_grad_norms = [float(np.linalg.norm(G))
                   for G in net.backward(X, Y).weights]
for l in range(len(deep_errors)):
    print(f"W[{l}]: |dC/dW| = {deep_grad_norms[l]:.1e}, "
          f"relative error {deep_errors[l]:.1e}")
# --8<-- [end:layers]

# %% [markdown]
# How the step size eps matters: truncation error shrinks with eps, rounding error grows as
# eps shrinks; central differences (error ~ eps^2) tolerate a larger eps than one-sided ones.
# --8<-- [start:eps]
net = gl.Network([4, 5, 3], cost="cross_entropy", init="scaled_normal",
                 seed=1)
X = rng.normal(size=(5, 4))
Y = gl.one_hot(rng.integers(0, 3, 5), 3)
exact = net.backward(X, Y).weights[0]    # backprop's gradient for W[0]
W = net.weights[0]
eps_values = np.logspace(-12, -1, 23)
central_error, forward_error = [], []
for eps in eps_values:
    central, one_sided = np.zeros_like(W), np.zeros_like(W)
    C0 = net.cost_of(X, Y)
    for idx in np.ndindex(W.shape):
        saved = W[idx]
        W[idx] = saved + eps
        up = net.cost_of(X, Y)
        W[idx] = saved - eps
        down = net.cost_of(X, Y)
        W[idx] = saved
        central[idx] = (up - down) / (2 * eps)
        one_sided[idx] = (up - C0) / eps
    central_error.append(gl.relative_error(central, exact))
    forward_error.append(gl.relative_error(one_sided, exact))
# --8<-- [end:eps]
best_eps_central = float(eps_values[np.argmin(central_error)])
best_eps_forward = float(eps_values[np.argmin(forward_error)])
best_error_central = float(min(central_error))
best_error_forward = float(min(forward_error))

# %%
fig, ax = plt.subplots(figsize=(6.5, 4.2), num="finite-difference-error")
ax.loglog(eps_values, central_error, "o-", ms=4,
          label=r"central: $[C(w+\epsilon)-C(w-\epsilon)]/2\epsilon$")
ax.loglog(eps_values, forward_error, "s-", ms=4,
          label=r"one-sided: $[C(w+\epsilon)-C(w)]/\epsilon$")
ax.axvline(1e-5, color="0.6", ls="--", lw=0.8)
ax.text(1.3e-5, ax.get_ylim()[1] * 0.3, r"gradlib's default $\epsilon = 10^{-5}$", color="0.4",
        fontsize="small")
ax.set_xlabel(r"step $\epsilon$")
ax.set_ylabel("relative error against backprop")
ax.set_title("finite differences: rounding error (left) against truncation error (right)",
             fontsize="medium")
ax.legend(fontsize="small", loc="lower left")
plt.show()
