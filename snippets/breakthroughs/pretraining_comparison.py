"""Random starts against DBN and autoencoder pretraining: one deep network, one training budget."""

# %% [markdown]
# A deep network of sigmoid units for the digits: five hidden layers of 100 units and a
# softmax output. Every run fine-tunes it with the same backprop budget and the same seed:
# 30 epochs of mini-batches of 20 at learning rate 0.2, cross-entropy cost. The speed of
# learning of each layer is measured on the first 500 training digits after every epoch.
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train, digits.Y_train          # 1347 digits, in [0, 1]
hidden = [64, 100, 100, 100, 100, 100]         # input, five hidden layers
sizes = hidden + [10]
fine_tuning = dict(epochs=30, learning_rate=0.2, batch_size=20, seed=0,
                   eval_data=(digits.X_test, digits.Y_test), probe_size=500)
# --8<-- [end:setup]

# %% [markdown]
# Greedy layer-wise pretraining, unsupervised (no labels): a stack of RBMs, each trained with
# CD-1 on the hidden probabilities of the one below, and a stack of autoencoders, each trained
# to reconstruct the codes of the one below.
# --8<-- [start:pretrain]
dbn = gl.DBN(hidden, seed=0).fit(X, epochs=30, batch_size=20)
stack = gl.StackedAutoencoder(hidden, seed=0).fit(
    X, epochs=20, learning_rate=0.2, batch_size=20)
# --8<-- [end:pretrain]

# %% [markdown]
# Four starting points for the same network. The pretrained stacks become its hidden layers;
# their output layer starts as the N(0, 1/n_in) network's does (same initializer, same seed).
# --8<-- [start:finetune]
net = dict(output="softmax", seed=0)
starts = {
    "random N(0, 1)": gl.Network(sizes, init="normal", **net),
    "random N(0, 1/n_in)": gl.Network(sizes, init="scaled_normal", **net),
    "DBN": dbn.to_network(10, init="scaled_normal", **net),
    "autoencoder stack": stack.to_network(10, init="scaled_normal", **net),
}
histories = {name: gl.train(network, X, Y, **fine_tuning)
             for name, network in starts.items()}
# --8<-- [end:finetune]

# %% [markdown]
# For reference, a shallow network (one hidden layer of 100 units) with the same budget, from
# the random start that suits it best here.
# --8<-- [start:shallow]
shallow = gl.Network([64, 100, 10], output="softmax", init="normal", seed=0)
shallow_history = gl.train(shallow, X, Y, **fine_tuning)
# --8<-- [end:shallow]

# %% [markdown]
# Test error after 1, 5 and 30 epochs of fine-tuning, and ("speed 1") the speed of learning of
# the first hidden layer, ||dC/db^1||, averaged over the 30 epochs.
# --8<-- [start:table]
all_runs = {**histories, "shallow, N(0, 1)": shallow_history}
test_error = {name: [1 - a for a in h.accuracy]
              for name, h in all_runs.items()}
final_error = {name: e[-1] for name, e in test_error.items()}
first_layer_speed = {name: float(h.bias_grad_norms[1:, 0].mean())
                     for name, h in all_runs.items()}
print(f"{'test error':22s}{'epoch 1':>9s}{'epoch 5':>9s}{'epoch 30':>10s}"
      f"{'speed 1':>10s}")
for name, e in test_error.items():
    speed = first_layer_speed[name]
    print(f"{name:22s}{e[1]:9.1%}{e[5]:9.1%}{e[30]:10.1%}{speed:10.1e}")
# --8<-- [end:table]
n_test = len(digits.y_test)
misclassified = {name: round(e * n_test) for name, e in final_error.items()}
speed_ratio_start = {name: float(h.bias_grad_norms[0, 0] / h.bias_grad_norms[0, -2])
                     for name, h in histories.items()}       # first / last hidden, epoch 0
speed_ratio_mean = {name: float(np.mean(h.bias_grad_norms[1:, 0] / h.bias_grad_norms[1:, -2]))
                    for name, h in histories.items()}       # first / last hidden, training
slowdown_small = 1 / speed_ratio_mean["random N(0, 1/n_in)"]  # last / first hidden layer
speedup_over_small = {name: first_layer_speed[name] / first_layer_speed["random N(0, 1/n_in)"]
                      for name in ("DBN", "autoencoder stack")}
final_training_cost = {name: h.cost[-1] for name, h in histories.items()}
final_test_cost = {name: h.eval_cost[-1] for name, h in histories.items()}
mean_test_error = {name: float(np.mean(e[1:])) for name, e in test_error.items()}
# One standard error of a measured error rate near 2% on 450 test digits.
error_noise = float(np.sqrt(0.02 * 0.98 / n_test))
# Scale against MNIST (60,000 training and 10,000 test images of 28 x 28 pixels) and against
# Hinton et al.'s 784-500-500-2000 network with 10 label units.
n_train = len(X)
n_weights = sum(W.size for W in starts["DBN"].weights)
mnist_ratios = {"training images": 60000 / n_train, "test images": 10000 / n_test,
                "pixels": 784 / 64}
hinton_2006_weights = 784 * 500 + 500 * 500 + 500 * 2000 + 2000 * 10

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
fig, axes = plt.subplots(2, 2, figsize=(8, 6), sharex=True, sharey=True,
                         num="pretraining-speed")
for ax, (name, h) in zip(axes.flat, histories.items(), strict=True):
    for l in range(len(hidden) - 1):
        ax.semilogy(h.epoch, h.bias_grad_norms[:, l], color=f"C{l}",
                    label=f"hidden layer {l + 1}")
    ax.semilogy(h.epoch, h.bias_grad_norms[:, -1], color="0.4", ls=":", label="output layer")
    ax.set_title(name, fontsize="medium")
for ax in axes[1]:
    ax.set_xlabel("epoch of fine-tuning")
for ax in axes[:, 0]:
    ax.set_ylabel(r"$\|\partial C/\partial b^l\|$")
axes[1, 0].legend(fontsize="x-small", loc="lower left", ncols=2)
plt.show()
