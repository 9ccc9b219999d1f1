"""Seven recipes for a network of 10 hidden layers, trained the same way on the digits."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# %% [markdown]
# Ten hidden layers of 30 units, softmax output, cross-entropy cost. The recipes differ only
# in the hidden units, the initial weights, and whether the hidden layers use batch
# normalisation or residual connections.
# --8<-- [start:recipes]
digits = gl.load_digits()
sizes = [64] + [30] * 10 + [10]
recipes = {
    "sigmoid + normal": dict(activation="sigmoid", init="normal"),
    "sigmoid + xavier": dict(activation="sigmoid", init="xavier"),
    "tanh + xavier": dict(activation="tanh", init="xavier"),
    "ReLU + He": dict(activation="relu", init="he"),
    "ReLU + He + batch norm": dict(activation="relu", init="he",
                                   batch_norm=True),
    "ReLU + He + residual": dict(activation="relu", init="he", residual=True),
}
nets = {name: gl.DeepNetwork(sizes, output="softmax", seed=0, **kw)
        for name, kw in recipes.items()}
# --8<-- [end:recipes]

# %% [markdown]
# The seventh recipe is the 2006 one: a deep belief net. Ten RBMs, each trained for 10 epochs
# of CD-1 on the hidden probabilities of the one below (mini-batches of 20: with 1347 images,
# the reference recipe's 100 would give only 14 updates an epoch), hand their weights and
# hidden biases to a sigmoid network; its softmax output layer starts random.
# --8<-- [start:dbn]
dbn = gl.DBN(sizes[:-1], seed=0).fit(digits.X_train, epochs=10, batch_size=20)
nets["DBN-pretrained sigmoid"] = dbn.to_network(n_outputs=10, output="softmax",
                                                seed=0)
# --8<-- [end:dbn]

# %% [markdown]
# Every network trains with the same plain SGD: 10 epochs of mini-batches of 20, learning
# rate 0.1, and gradient clipping at norm 5 as a guard against the occasional huge step.
# train() records the speed of learning ||dC/db^l|| of every layer on 500 training images,
# and the test accuracy, at the start and after every epoch.
# --8<-- [start:train]
settings = dict(epochs=10, learning_rate=0.1, batch_size=20, clip_norm=5.0,
                probe_size=500, seed=0)
test = (digits.X_test, digits.Y_test)
histories = {name: gl.train(net, digits.X_train, digits.Y_train,
                            eval_data=test, **settings)
             for name, net in nets.items()}
# --8<-- [end:train]

# %% [markdown]
# The same residual network without clipping: its first steps are too large.
# --8<-- [start:no_clipping]
unclipped = gl.DeepNetwork(sizes, output="softmax", seed=0,
                           **recipes["ReLU + He + residual"])
try:
    gl.train(unclipped, digits.X_train, digits.Y_train,
             **{**settings, "clip_norm": None})
    unclipped_error = ""
except gl.DivergenceError as exc:
    # "training diverged at epoch ..., batch ...: the cost is nan"
    unclipped_error = str(exc).split(" (")[0]
# --8<-- [end:no_clipping]

# %% [markdown]
# The numbers the page quotes. Speeds are per hidden layer, first hidden layer first
# (the last column of bias_grad_norms is the output layer, left out).
speed_init = {name: h.bias_grad_norms[0, :-1] for name, h in histories.items()}
speed_end = {name: h.bias_grad_norms[-1, :-1] for name, h in histories.items()}
# How many times faster the last hidden layer learns than the first.
ratio_init = {name: float(s[-1] / s[0]) for name, s in speed_init.items()}
ratio_end = {name: float(s[-1] / s[0]) for name, s in speed_end.items()}
# The largest over the smallest speed among the hidden layers.
spread_init = {name: float(s.max() / s.min()) for name, s in speed_init.items()}
accuracy = {name: h.accuracy for name, h in histories.items()}
final_accuracy = {name: h.accuracy[-1] for name, h in histories.items()}
final_error = {name: 1 - a for name, a in final_accuracy.items()}
n_clipped = {name: h.n_clipped for name, h in histories.items()}
n_steps = settings["epochs"] * -(-len(digits.X_train) // settings["batch_size"])

# Dead units: ReLU units that output 0 for every test image, at the start and after training.
# --8<-- [start:dead]
def count_dead(net):
    A = net.trace(digits.X_test).A[1:-1]    # hidden layers, inference mode
    return int(sum(np.sum(np.all(a == 0, axis=0)) for a in A))


relu_recipes = [n for n, kw in recipes.items() if kw["activation"] == "relu"]
dead_at_start = {n: count_dead(gl.DeepNetwork(sizes, output="softmax", seed=0,
                                              **recipes[n]))
                 for n in relu_recipes}
dead_units = {n: count_dead(nets[n]) for n in relu_recipes}
n_hidden_units = sum(sizes[1:-1])
# --8<-- [end:dead]

# --8<-- [start:table]
print(f"{'':<24}{'last/first speed':>18}{'test':>10}{'clipped':>9}")
print(f"{'recipe':<24}{'start':>9}{'end':>9}{'accuracy':>10}{'steps':>9}")
for name in nets:
    print(f"{name:<24}{ratio_init[name]:>9.3g}{ratio_end[name]:>9.3g}"
          f"{final_accuracy[name]:>10.1%}{n_clipped[name]:>9d}")
# --8<-- [end:table]

# %%
layers = np.arange(1, len(sizes) - 1)
markers = "osD^vP*X"
fig, axes = plt.subplots(1, 2, figsize=(10, 4.6), sharey=True, num="recipes-speed")
for ax, speeds, title in [(axes[0], speed_init, "at initialisation"),
                          (axes[1], speed_end, f"after {settings['epochs']} epochs")]:
    for k, name in enumerate(nets):
        ax.plot(layers, speeds[name], marker=markers[k], ms=4, label=name)
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel("hidden layer (1 = nearest the input)")
    ax.set_title(title)
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^l\|$")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3,
           fontsize="small", frameon=False)
plt.show()

# %%
fig, ax = plt.subplots(figsize=(8, 5.2), num="recipes-accuracy")
for k, name in enumerate(nets):
    ax.plot(histories[name].epoch, accuracy[name], marker=markers[k], ms=4, label=name)
ax.axhline(0.1, color="0.6", lw=0.8, ls="--")
ax.text(settings["epochs"], 0.04, "chance", ha="right", color="0.4", fontsize="small")
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy")
ax.set_ylim(0, 1)
ax.set_title("10 hidden layers of 30 units on the digits, same SGD for all")
fig.legend(loc="outside lower center", ncol=3, fontsize="small", frameon=False)
plt.show()
