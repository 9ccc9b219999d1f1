"""Explorer training grid, sigmoid units, init scaled_normal: speed and accuracy per epoch."""

# %%
import matplotlib.pyplot as plt
from _explorer_training import report, summarize, train_cell

# %% [markdown]
# One cell of the explorer's training grid: one activation and one initialisation, two
# learning rates and three depths (2, 4 and 6 hidden layers). The eleven other snippets
# explorer_training_*.py train the other cells; all twelve call the same code, in
# _explorer_training.py. runs holds the histories as arrays, training what the page ships.
# --8<-- [start:cell]
activation, init, learning_rates = "sigmoid", "scaled_normal", [0.1, 0.5]
runs, training = train_cell(activation, init, learning_rates)
# --8<-- [end:cell]

# %% [markdown]
# What the page quotes, keyed "<learning rate>, <depth> layers" (see summarize).
(final_accuracy, leaves_plateau, ratio_at_start, ratio_by_block, all_dead,
 diverged) = summarize(runs)
print(report(activation, init, final_accuracy, leaves_plateau, ratio_by_block, all_dead,
             diverged))

# %% [markdown]
# The lab's network (4 hidden layers, learning rate 0.5) beside the same network with a
# fifth of the step, as the explorer shows them epoch by epoch.
fig, (ax_ratio, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.6), num="training-preview")
for eta in map(str, learning_rates[::-1]):
    r = runs[eta]["4"]
    ax_ratio.semilogy(r["speed"][:, -1] / r["speed"][:, 0], label=f"learning rate {eta}")
    ax_acc.plot(r["accuracy"], label=f"learning rate {eta}")
ax_ratio.axhline(1, color="0.5", lw=0.8)
ax_ratio.set(xlabel="epoch", ylabel="last / first hidden layer's speed",
             title="how much faster the last layer learns")
ax_acc.set(xlabel="epoch", ylabel="test accuracy", ylim=(0, 1), title="test accuracy")
ax_acc.legend(fontsize="small")
fig.suptitle(f"4 hidden layers of {training['width']} {activation} units, weights N(0, 1/n_in)")
plt.show()
