"""Random starts against DBN and autoencoder pretraining: one deep network, one training budget."""

# %% [markdown]
# A deep network of sigmoid units for the digits: five hidden layers of 100 units and a
# softmax output. Every run fine-tunes it with the same backprop budget and the same seed:
# 30 epochs of mini-batches of 20 at learning rate 0.2, cross-entropy cost.
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train, digits.Y_train                    # 1347 digits, grey levels in [0, 1]
hidden = [64, 100, 100, 100, 100, 100]                   # input and five hidden layers
sizes = hidden + [10]
fine_tuning = dict(epochs=30, learning_rate=0.2, batch_size=20, seed=0,
                   eval_data=(digits.X_test, digits.Y_test))
# --8<-- [end:setup]

# %% [markdown]
# Greedy layer-wise pretraining, unsupervised (no labels): a stack of RBMs, each trained with
# CD-1 on the hidden probabilities of the one below, and a stack of autoencoders, each trained
# to reconstruct the codes of the one below.
# --8<-- [start:pretrain]
dbn = gl.DBN(hidden, seed=0).fit(X, epochs=30, batch_size=20)
stack = gl.StackedAutoencoder(hidden, seed=0).fit(X, epochs=20, learning_rate=0.1,
                                                  batch_size=10)
# --8<-- [end:pretrain]

# %% [markdown]
# Four starting points for the same network. The pretrained stacks become its hidden layers;
# their output layer starts as the N(0, 1/n_in) network's does (same initializer, same seed).
# --8<-- [start:finetune]
starts = {
    "random N(0, 1)": gl.Network(sizes, output="softmax", init="normal", seed=0),
    "random N(0, 1/n_in)": gl.Network(sizes, output="softmax", init="scaled_normal", seed=0),
    "DBN": dbn.to_network(10, output="softmax", init="scaled_normal", seed=0),
    "autoencoder stack": stack.to_network(10, output="softmax", init="scaled_normal", seed=0),
}
histories = {name: gl.train(net, X, Y, **fine_tuning) for name, net in starts.items()}
# --8<-- [end:finetune]

# %% [markdown]
# For reference, a shallow network (one hidden layer of 100 units) with the same budget, from
# the random start that suits it best here.
# --8<-- [start:shallow]
shallow = gl.Network([64, 100, 10], output="softmax", init="normal", seed=0)
shallow_history = gl.train(shallow, X, Y, **fine_tuning)
# --8<-- [end:shallow]

# %% [markdown]
# Test error after 1, 5 and 30 epochs of fine-tuning, and each run's speed of learning of the
# first hidden layer, ||dC/db^1||, averaged over the 30 epochs.
# --8<-- [start:table]
test_error = {name: (1 - np.array(h.accuracy)).tolist() for name, h in histories.items()}
test_error["shallow, N(0, 1)"] = (1 - np.array(shallow_history.accuracy)).tolist()
first_layer_speed = {name: float(h.bias_grad_norms[1:, 0].mean())
                     for name, h in histories.items()}
final_error = {name: e[-1] for name, e in test_error.items()}
print(f"{'start':24s}{'after 1':>9s}{'after 5':>9s}{'after 30':>10s}   first-layer speed")
for name, e in test_error.items():
    speed = f"{first_layer_speed[name]:.1e}" if name in first_layer_speed else "-"
    print(f"{name:24s}{e[1]:9.1%}{e[5]:9.1%}{e[30]:10.1%}   {speed:>8s}")
# --8<-- [end:table]
n_test = len(digits.y_test)
misclassified = {name: round(e * n_test) for name, e in final_error.items()}
speed_ratio_start = {name: float(h.bias_grad_norms[0, 0] / h.bias_grad_norms[0, -2])
                     for name, h in histories.items()}       # first / last hidden, epoch 0
speed_ratio_mean = {name: float(np.mean(h.bias_grad_norms[1:, 0] / h.bias_grad_norms[1:, -2]))
                    for name, h in histories.items()}       # first / last hidden, training
final_training_cost = {name: h.cost[-1] for name, h in histories.items()}
final_test_cost = {name: h.eval_cost[-1] for name, h in histories.items()}
mean_test_error = {name: float(np.mean(e[1:])) for name, e in test_error.items()}
# One standard error of a measured error rate near 2% on 450 test digits.
error_noise = float(np.sqrt(0.02 * 0.98 / n_test))
hinton_2006_error = 0.0125                                  # MNIST, Hinton et al. 2006
bengio_2007_errors = {"DBN": 0.012, "autoassociator stack": 0.014, "no pretraining": 0.024}

# %%
fig, ax = plt.subplots(figsize=(7, 4), num="pretraining-test-error")
_styles = {"random N(0, 1)": "C0", "random N(0, 1/n_in)": "C1", "DBN": "C2",
           "autoencoder stack": "C3"}
for name, color in _styles.items():
    ax.plot(np.arange(31), test_error[name], color=color, label=name)
ax.plot(np.arange(31), test_error["shallow, N(0, 1)"], color="0.5", ls="--",
        label="one hidden layer, N(0, 1) (reference)")
ax.set_yscale("log")
ax.set_xlabel("epoch of fine-tuning")
ax.set_ylabel("test error (450 digits)")
ax.set_title("the same deep network from four starting points", fontsize="medium")
ax.legend(fontsize="small")
plt.show()

# %%
fig, axes = plt.subplots(1, 4, figsize=(11, 3.3), sharey=True, num="pretraining-speed")
for ax, (name, h) in zip(axes, histories.items(), strict=True):
    for l in range(len(hidden) - 1):
        ax.semilogy(h.epoch, h.bias_grad_norms[:, l], color=f"C{l}",
                    label=f"hidden layer {l + 1}")
    ax.semilogy(h.epoch, h.bias_grad_norms[:, -1], color="0.4", ls=":", label="output layer")
    ax.set_title(name, fontsize="medium")
    ax.set_xlabel("epoch")
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^l\|$")
axes[-1].legend(fontsize="x-small", loc="lower right")
plt.show()
