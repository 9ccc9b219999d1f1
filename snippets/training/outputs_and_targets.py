"""A training set, the network's outputs against the targets, and the cost of the gap."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# The training set: 8x8 images of handwritten digits, each with a one-hot target.
# --8<-- [start:data]
digits = gl.load_digits()
X, Y = digits.X_train, digits.Y_train   # pixels and one-hot targets
net = gl.Network([64, 30, 10], cost="quadratic", init="scaled_normal",
                 seed=0)
# --8<-- [end:data]
n_train, n_inputs = X.shape

# %% [markdown]
# Output against target for three examples, and each example's cost.
# --8<-- [start:cost]
# The first 0, 3 and 7 of the training set:
shown = [int(np.flatnonzero(digits.y_train == d)[0]) for d in (0, 3, 7)]
x, y = X[shown], Y[shown]           # three examples of the training set
a = net.forward(x)                  # (3, 10): the network's outputs
cost_per_example = 0.5 * np.sum((a - y) ** 2, axis=1)   # C_x
cost_mean = cost_per_example.mean()                     # C
# gradlib computes the same mean inside net.backward:
assert np.isclose(cost_mean, net.backward(x, y).cost)
# --8<-- [end:cost]
labels = digits.y_train[shown].tolist()
cost_per_example_before = cost_per_example.tolist()
cost_mean_before = float(cost_mean)
a_before = a

# %% [markdown]
# Training adjusts the weights and biases to lower the mean cost over the whole set.
# --8<-- [start:train]
history = gl.train(net, X, Y, epochs=20, learning_rate=3.0, batch_size=10,
                   seed=0)
a_after = net.forward(x)
cost_per_example_after = 0.5 * np.sum((a_after - y) ** 2, axis=1)
# --8<-- [end:train]
cost_per_example_after = cost_per_example_after.tolist()
training_cost = history.cost                      # mean cost over all 1347 examples, per epoch
training_cost_start, training_cost_end = training_cost[0], training_cost[-1]

# %%
fig, axes = plt.subplots(3, 3, figsize=(9, 6.6), num="outputs-vs-targets",
                         gridspec_kw={"width_ratios": [1, 2.2, 2.2]})
classes = np.arange(10)
for i in range(len(shown)):
    ax = axes[i, 0]
    ax.imshow(x[i].reshape(8, 8), cmap="gray_r")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel(f"example {i + 1}\n(a {labels[i]})")
    for j, (out, c, when) in enumerate([(a_before[i], cost_per_example_before[i], "before"),
                                         (a_after[i], cost_per_example_after[i], "after")]):
        ax = axes[i, j + 1]
        ax.bar(classes - 0.2, y[i], width=0.4, label="target $y$", color="C7")
        ax.bar(classes + 0.2, out, width=0.4, label="output $a$", color="C0")
        ax.set_ylim(0, 1.05)
        ax.set_xticks(classes)
        ax.set_title(f"{when} training: $C_x$ = {c:.2g}", fontsize="medium")
        if i == 2:
            ax.set_xlabel("output unit (digit)")
axes[0, 2].legend(loc="upper right", fontsize="small")
plt.show()
