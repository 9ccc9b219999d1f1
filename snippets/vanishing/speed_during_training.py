"""Speed of learning of each layer during training, and how far each layer's weights move."""

# %% [markdown]
# A network with four hidden layers of 30 sigmoid units, trained with Nielsen's settings
# (sigmoid outputs, cross-entropy, mini-batches of 10, learning rate 0.1), once with weights
# N(0, 1/n_in) and once with weights N(0, 1). gl.train records ||dC/db^l|| of every layer on
# the first 1000 training images after every epoch (History.bias_grad_norms). A small
# observer keeps each layer's distance from its starting weights at the end of every epoch.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
sizes = [64, 30, 30, 30, 30, 10]
epochs = 30
n_batches = -(-len(digits.X_train) // 10)  # steps per epoch
norm = np.linalg.norm


def train_and_watch(init):
    net = gl.Network(sizes, init=init, seed=0)
    W_start = [W.copy() for W in net.weights]
    moved = [[0.0] * net.n_layers]  # epoch 0: nothing has moved yet

    def observe(epoch, batch, gradients):
        if batch == n_batches - 1:  # the last step of an epoch
            pairs = zip(net.weights, W_start, strict=True)
            moved.append([norm(W - W0) / norm(W0) for W, W0 in pairs])

    history = gl.train(
        net, digits.X_train, digits.Y_train, epochs=epochs, learning_rate=0.1,
        batch_size=10, eval_data=(digits.X_test, digits.Y_test),
        observe=observe, seed=0,
    )
    return net, W_start, history, np.array(moved)


runs = {init: train_and_watch(init) for init in ("scaled_normal", "normal")}
# --8<-- [end:train]

# %% [markdown]
# What the histories say, for the weights N(0, 1/n_in) of Nielsen's numbers: the ratio of the
# last hidden layer's speed to the first's, epoch by epoch, and the accuracy reached.
# --8<-- [start:summary]
net, W_start, history, moved = runs["scaled_normal"]
speed = history.bias_grad_norms  # (epochs + 1, 5): 4 hidden + output
# last hidden layer over first hidden layer, after every epoch
ratio_by_epoch = (speed[:, 3] / speed[:, 0]).tolist()
ratio_median = float(np.median(ratio_by_epoch))
ratio_min = float(np.min(ratio_by_epoch))
final_accuracy = history.accuracy[-1]
final_moved = [float(m) for m in moved[-1]]  # relative change of W per layer
print(
    f"last/first hidden-layer speed over {epochs} epochs: "
    f"median {ratio_median:.0f}, smallest {ratio_min:.0f}"
)
print("relative change of the weights, layer by layer (W[4]: output):")
print("  " + ", ".join(f"W[{l}] {m:.1%}" for l, m in enumerate(final_moved)))
print(
    f"test accuracy after {epochs} epochs: {final_accuracy:.1%}; cost "
    f"{history.cost[0]:.3f} at the start, {history.cost[-1]:.3f} at the end"
)
# --8<-- [end:summary]
start_cost, end_cost = history.cost[0], history.cost[-1]
first_layer_speed_end = float(speed[-1, 0])
ordered_every_epoch = bool(np.all(np.diff(speed[:, :4], axis=1) > 0))
first_moved, output_moved = final_moved[0], final_moved[-1]
hidden_moved = final_moved[:4]
# The same for weights N(0, 1): the order of the speeds does not survive training.
_, _, history_n, moved_n = runs["normal"]
speed_n = history_n.bias_grad_norms
ratio_by_epoch_normal = (speed_n[:, 3] / speed_n[:, 0]).tolist()
ratio_normal_start = ratio_by_epoch_normal[0]
ratio_normal_end = ratio_by_epoch_normal[-1]
final_accuracy_normal = history_n.accuracy[-1]
n_steps = epochs * n_batches  # mini-batch updates; Nielsen's MNIST runs made 150 000
end_cost_normal = history_n.cost[-1]
final_moved_normal = moved_n[-1].tolist()

# %% [markdown]
# A trained network whose cost is still near where it began: the cross-entropy of a network
# that only learned how common each digit is, for comparison.
# --8<-- [start:baseline]
p = digits.Y_train.mean(axis=0)  # share of each digit in training
prior_only_cost = float(-np.sum(p * np.log(p) + (1 - p) * np.log(1 - p)))
# --8<-- [end:baseline]

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.8), sharey=True, num="speed-during-training"
)
labels = [f"hidden layer {l}" for l in range(1, 5)] + ["output layer"]
for ax, (init, title) in zip(
    axes,
    [
        ("scaled_normal", r"weights $N(0, 1/n_{\rm in})$"),
        ("normal", r"weights $N(0, 1)$"),
    ],
    strict=True,
):
    h = runs[init][2]
    for l in range(5):
        ax.semilogy(
            h.epoch,
            h.bias_grad_norms[:, l],
            color=f"C{l}",
            ls="-" if l < 4 else ":",
            label=labels[l],
        )
    ax.set_xlabel("epoch")
    ax.set_title(
        f"{title}: test accuracy {h.accuracy[-1]:.0%} after {epochs} epochs",
        fontsize="medium",
    )
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^l\|$")
axes[1].legend(fontsize="small", loc="upper right", ncols=2)
plt.show()

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.4), sharey=True, num="weight-change"
)
for ax, (init, title) in zip(
    axes,
    [
        ("scaled_normal", r"weights $N(0, 1/n_{\rm in})$"),
        ("normal", r"weights $N(0, 1)$"),
    ],
    strict=True,
):
    m = runs[init][3]
    for l in range(5):
        ax.plot(
            np.arange(epochs + 1),
            m[:, l],
            color=f"C{l}",
            ls="-" if l < 4 else ":",
            label=labels[l],
        )
    ax.set_xlabel("epoch")
    ax.set_title(title, fontsize="medium")
axes[0].set_ylabel(r"$\|W^l - W^l_{\rm start}\| \,/\, \|W^l_{\rm start}\|$")
axes[0].legend(fontsize="small", loc="upper left")
plt.show()

# %% [markdown]
# The first layer's weights as pictures: each hidden unit of the first layer has one weight
# per pixel, so its 64 weights form an 8x8 image. Before training, after training, and the
# difference, on one colour scale.
# --8<-- [start:images]
units = range(6)
before = [W_start[0][:, j].reshape(8, 8) for j in units]
after = [net.weights[0][:, j].reshape(8, 8) for j in units]
largest_pixel_change = float(np.abs(net.weights[0] - W_start[0]).max())
largest_start_weight = float(np.abs(W_start[0]).max())
# --8<-- [end:images]

# %%
fig, axes = plt.subplots(
    3, len(units), figsize=(8, 4.6), num="first-layer-weights"
)
limit = largest_start_weight
rows = [
    ("before", before),
    ("after", after),
    ("after − before", [b - a for a, b in zip(before, after, strict=True)]),
]
for r, (name, images) in enumerate(rows):
    for j, image in enumerate(images):
        ax = axes[r, j]
        im = ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if j == 0:
            ax.set_ylabel(name)
        if r == 0:
            ax.set_title(f"unit {j + 1}", fontsize="small")
fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
fig.suptitle(
    r"first hidden layer, weights $N(0, 1/n_{\rm in})$, "
    f"{epochs} epochs",
    fontsize="medium",
)
plt.show()
