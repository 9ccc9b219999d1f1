"""What the vanishing gradient costs: epochs to a target accuracy, and accuracy, against depth."""

# %% [markdown]
# Networks with 1 to 5 hidden layers of 30 sigmoid units (sigmoid outputs, cross-entropy),
# trained by SGD with mini-batches of 10 and learning rate 0.5, from three random starts
# each, for both weight scales. After every epoch we look at the test accuracy and note the
# first epoch at which it reaches 90%. Time is counted in epochs (passes over the 1347
# training images), not seconds, so the numbers do not depend on the machine.
# Training stops once the target is reached and the 5-epoch budget is spent, or after 50
# epochs.
# --8<-- [start:train]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
target, budget, cap = 0.90, 5, 50
learning_rate = 0.5
depths = [1, 2, 3, 4, 5]
inits = ["scaled_normal", "normal"]
seeds = [0, 1, 2]


def train_until_target(depth, init, seed):
    """First epoch at the target (or None), and accuracy at the budget."""
    net = gl.Network([64] + [30] * depth + [10], init=init, seed=seed)
    # one shuffling stream for all epochs, as in a single long run
    rng = np.random.default_rng(seed)
    reached, accuracy_at_budget = None, None
    for epoch in range(1, cap + 1):
        gl.train(net, digits.X_train, digits.Y_train, epochs=1,
                 learning_rate=learning_rate, batch_size=10, probe_size=1,
                 seed=rng)
        accuracy = net.accuracy(digits.X_test, digits.y_test)
        if reached is None and accuracy >= target:
            reached = epoch
        if epoch == budget:
            accuracy_at_budget = accuracy
        if reached is not None and epoch >= budget:
            break
    return reached, accuracy_at_budget


results = {
    init: {d: [train_until_target(d, init, s) for s in seeds] for d in depths}
    for init in inits
}
# --8<-- [end:train]

# %% [markdown]
# Median over the three starts. "Not reached" counts as more than 50 epochs.
# --8<-- [start:table]
epochs_to_target, accuracy_after_budget = {}, {}
for init in inits:
    runs = results[init]
    epochs_to_target[init] = {d: [r[0] for r in runs[d]] for d in depths}
    accuracy_after_budget[init] = {d: [r[1] for r in runs[d]] for d in depths}


def median_of(epochs):
    """Median number of epochs; "not reached" if most runs never got there."""
    m = float(np.median([np.inf if e is None else e for e in epochs]))
    return m if np.isfinite(m) else "not reached"


median_epochs = {i: {d: median_of(epochs_to_target[i][d]) for d in depths}
                 for i in inits}
median_accuracy = {i: {d: float(np.median(accuracy_after_budget[i][d]))
                       for d in depths} for i in inits}
print(f"{'hidden layers':<15}" + "".join(f"{d:>12}" for d in depths))
for init in inits:
    print(init)
    cells = ["/".join(f">{cap}" if e is None else str(e)
                      for e in epochs_to_target[init][d]) for d in depths]
    print(f"{'  epochs to 90%':<15}" + "".join(f"{c:>12}" for c in cells))
    print(f"{'  accuracy@' + str(budget):<15}"
          + "".join(f"{median_accuracy[init][d]:>12.1%}" for d in depths))
# --8<-- [end:table]
never_reached = {
    init: [
        d for d in depths if all(e is None for e in epochs_to_target[init][d])
    ]
    for init in inits
}
shallow_epochs = median_epochs["scaled_normal"][1]
four_layer_epochs = median_epochs["scaled_normal"][4]
deep_accuracy = median_accuracy["scaled_normal"][5]
shallow_accuracy = median_accuracy["scaled_normal"][1]

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.8), num="depth-cost")
names = {
    "scaled_normal": r"weights $N(0, 1/n_{\rm in})$",
    "normal": r"weights $N(0, 1)$",
}
for k, init in enumerate(inits):
    x = np.array(depths) + (k - 0.5) * 0.12
    for d, xd in zip(depths, x, strict=True):
        es = epochs_to_target[init][d]
        shown = [e if e is not None else cap + 5 for e in es]
        ax1.scatter(
            [xd] * len(es),
            shown,
            color=f"C{k}",
            alpha=0.7,
            s=22,
            marker="o" if all(e is not None for e in es) else "^",
        )
    ax1.plot(
        x,
        [
            cap + 5 if m == "not reached" else m
            for m in median_epochs[init].values()
        ],
        "-",
        color=f"C{k}",
        label=names[init],
    )
    ax2.plot(
        depths,
        [median_accuracy[init][d] for d in depths],
        "o-",
        color=f"C{k}",
        label=names[init],
    )
    for d in depths:
        acc = accuracy_after_budget[init][d]
        ax2.vlines(d, min(acc), max(acc), color=f"C{k}", lw=1)
ax1.axhline(cap, color="0.5", ls="--", lw=0.8)
ax1.text(
    1,
    cap + 8,
    f"not reached in {cap} epochs (triangles)",
    fontsize="small",
    color="0.3",
)
ax1.set_ylim(0, cap + 15)
ax1.set_xlabel("hidden layers")
ax1.set_ylabel(f"epochs to {target:.0%} test accuracy")
ax1.set_title("(a) time to learn (line: median)", fontsize="medium")
ax2.axhline(0.1, color="0.5", ls=":", lw=0.8)
ax2.text(4.2, 0.03, "chance: 10%", fontsize="small", color="0.3")
ax2.set_ylim(0, 1)
ax2.set_xlabel("hidden layers")
ax2.set_ylabel(f"test accuracy after {budget} epochs")
ax2.set_title("(b) accuracy after a fixed budget", fontsize="medium")
for ax in (ax1, ax2):
    ax.set_xticks(depths)
ax1.legend(loc="center left")
plt.show()
