"""A saturated sigmoid neuron learning under the quadratic and the cross-entropy cost."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# One neuron, input x = 1, target y = 0, starting badly wrong: w = b = 2 gives a = sigma(4) = 0.98.
# --8<-- [start:train]
X, Y = np.array([[1.0]]), np.array([[0.0]])
learning_rate, epochs = 0.15, 300
runs = {}
for cost in ("quadratic", "cross_entropy"):
    net = gl.Network([1, 1], activation="sigmoid", output="sigmoid",
                     cost=cost)
    net.weights[0][:] = 2.0
    net.biases[0][:] = 2.0
    sgd = gl.SGD(net, learning_rate=learning_rate)
    output, cost_value, grad_w = [], [], []
    for _ in range(epochs):
        output.append(net.forward(X)[0, 0])
        g = sgd.step(X, Y)   # backprop, then w -= eta dC/dw, b -= eta dC/db
        cost_value.append(g.cost)
        grad_w.append(g.weights[0][0, 0])
    runs[cost] = {"output": np.array(output), "cost": np.array(cost_value),
                  "grad_w": np.array(grad_w)}
# --8<-- [end:train]

# %% [markdown]
# The gradient at the start: the quadratic cost carries the factor sigma'(z),
# the cross-entropy does not.
# --8<-- [start:why]
z0 = 2.0 * 1.0 + 2.0
a0 = 1 / (1 + np.exp(-z0))
sigma_prime_z0 = a0 * (1 - a0)                        # sigma'(4)
grad_w_quadratic = (a0 - 0.0) * sigma_prime_z0 * 1.0  # (a - y) sigma'(z) x
grad_w_cross_entropy = (a0 - 0.0) * 1.0               # (a - y) x
# --8<-- [end:why]
output_start = float(a0)
grad_w_start = {cost: float(r["grad_w"][0]) for cost, r in runs.items()}
slowdown = grad_w_start["cross_entropy"] / grad_w_start["quadratic"]     # = 1 / sigma'(z0)

# Epochs until the output first drops below 0.5, i.e. the neuron's answer turns right.
epochs_to_half = {cost: int(np.argmax(r["output"] < 0.5)) for cost, r in runs.items()}
output_after_50 = {cost: float(r["output"][50]) for cost, r in runs.items()}
# Each cost as a share of its own starting value after 50 epochs.
cost_share_after_50 = {cost: float(r["cost"][50] / r["cost"][0]) for cost, r in runs.items()}
output_end = {cost: float(r["output"][-1]) for cost, r in runs.items()}

# %%
labels = {"quadratic": "quadratic cost", "cross_entropy": "cross-entropy cost"}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4), num="saturated-neuron")
for cost, r in runs.items():
    ax1.plot(r["output"], label=labels[cost])
    ax2.plot(np.abs(r["grad_w"]), label=labels[cost])
ax1.axhline(0.0, color="0.6", lw=0.8, ls="--")
ax1.text(epochs * 0.98, 0.03, "target $y = 0$", ha="right", color="0.4")
ax1.set_xlabel("epoch")
ax1.set_ylabel("output $a$")
ax1.set_title(r"output of the neuron, from $a = \sigma(4) \approx 0.98$", fontsize="medium")
ax1.legend()
ax2.set_yscale("log")
ax2.set_xlabel("epoch")
ax2.set_ylabel(r"$|\partial C / \partial w|$")
ax2.set_title("size of the weight's gradient", fontsize="medium")
ax2.legend()
plt.show()
