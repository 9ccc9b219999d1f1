"""Glorot and Bengio's experiment: the top hidden layer of a deep sigmoid net saturates at 0."""

# %% [markdown]
# Their setting, scaled down to the 8x8 digits: four hidden layers of sigmoid units (30
# instead of 1000), a softmax output with the cross-entropy cost, the "standard" initialisation
# W ~ U[-1/sqrt(n_in), 1/sqrt(n_in)] with zero biases, mini-batches of 10. While the network
# trains, an observer records the mean and standard deviation of each hidden layer's
# activations on 300 fixed test images, five times per epoch.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X_watch = digits.X_test[:300]
net = gl.Network([64, 30, 30, 30, 30, 10], activation="sigmoid",
                 output="softmax", cost="cross_entropy",
                 init="glorot_standard", seed=0)
epochs, every = 50, 27  # 135 steps per epoch: observe 5 times per epoch
steps, mean, spread = [], [], []


def observe(epoch, batch, gradients):
    A = net.trace(X_watch).A[1:-1]  # activations of the four hidden layers
    steps.append(len(steps) * every + 1)  # steps taken so far
    mean.append([float(a.mean()) for a in A])
    spread.append([float(a.std()) for a in A])


history = gl.train(
    net, digits.X_train, digits.Y_train, epochs=epochs, learning_rate=0.5,
    batch_size=10, eval_data=(digits.X_test, digits.Y_test),
    observe=observe, observe_every=every, seed=0,
)
mean, spread = np.array(mean), np.array(spread)  # (n_observations, 4)
epoch_of_step = np.array(steps) / 135  # 135 steps make one epoch
# --8<-- [end:train]

# %% [markdown]
# How far the top hidden layer fell, and what the rest did.
# --8<-- [start:summary]
top_start, top_end = float(mean[0, 3]), float(mean[-1, 3])
top_min = float(mean[:, 3].min())
# the epoch at which the top layer's mean first drops under 0.1
below_0_1_from = float(epoch_of_step[np.argmax(mean[:, 3] < 0.1)])
lower_layers_end = mean[-1, :3].tolist()
final_accuracy = history.accuracy[-1]
best_accuracy = max(history.accuracy)
print(
    f"top hidden layer, mean activation: {top_start:.3f} at the start,\n"
    f"  below 0.1 from epoch {below_0_1_from:.1f}, "
    f"{top_end:.3f} after {epochs} epochs"
)
print(
    "hidden layers 1-3 after training: "
    + ", ".join(f"{m:.3f}" for m in lower_layers_end)
)
print(f"test accuracy: best {best_accuracy:.1%}, last {final_accuracy:.1%}")
# --8<-- [end:summary]
lower_layers_start = mean[0, :3].tolist()
top_spread_end = float(spread[-1, 3])

# %%
fig, ax = plt.subplots(figsize=(7, 4.2), num="mean-activation")
for l in range(4):
    ax.plot(
        epoch_of_step,
        mean[:, l],
        color=f"C{l}",
        label=f"hidden layer {l + 1}",
    )
    ax.fill_between(
        epoch_of_step,
        mean[:, l] - spread[:, l],
        mean[:, l] + spread[:, l],
        color=f"C{l}",
        alpha=0.15,
        lw=0,
    )
ax.set_xlabel("epoch")
ax.set_ylabel("activation (mean ± one standard deviation)")
ax.set_ylim(0, 1)
ax.set_title(
    "sigmoid units, standard initialisation: the top hidden layer saturates at 0",
    fontsize="medium",
)
ax.legend(loc="upper right", ncols=2)
plt.show()
