"""Explorer training grid, sigmoid units, init normal: speed and accuracy per epoch."""

# %%
from _explorer_training import report, summarize, train_cell

# %% [markdown]
# One cell of the explorer's training grid: one activation and one initialisation, two
# learning rates and three depths (2, 4 and 6 hidden layers). The eleven other snippets
# explorer_training_*.py train the other cells; all twelve call the same code, in
# _explorer_training.py. runs holds the histories as arrays, training what the page ships.
# --8<-- [start:cell]
activation, init, learning_rates = "sigmoid", "normal", [0.1, 0.5]
runs, training = train_cell(activation, init, learning_rates)
# --8<-- [end:cell]

# %% [markdown]
# What the page quotes, keyed "<learning rate>, <depth> layers" (see summarize).
(final_accuracy, leaves_plateau, ratio_at_start, ratio_by_block, all_dead,
 diverged) = summarize(runs)
print(report(activation, init, final_accuracy, leaves_plateau, ratio_by_block, all_dead,
             diverged))
