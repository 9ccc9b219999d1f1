"""Per-example gradients against their average: on a plateau they cancel."""

# %% [markdown]
# A step of gradient descent moves the weights by eta times the *average* of the examples'
# gradients. Its length can be small because every example's gradient is small, or because
# large gradients point different ways and cancel. To tell the two apart, compare the norm
# of the average with the average of the norms. Per example, the gradient of W[l] is the
# outer product of A[l] and delta[l] (BP4 before averaging), whose norm is
# ||A[l]_i|| * ||delta[l]_i||, and the gradient of b[l] is delta[l]_i (BP3).
# --8<-- [start:measure]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
probe_X, probe_Y = digits.X_train[:500], digits.Y_train[:500]
sizes = [64, 30, 30, 30, 30, 10]
norm = np.linalg.norm


def cancellation(net):
    """Mean over examples of ||g_i||, and ||mean of g_i||, all parameters."""
    g = net.backward(probe_X, probe_Y)
    A = net.trace(probe_X).A
    # ||g_i||^2: sum over layers of ||A[l]_i||^2 ||delta[l]_i||^2 (the weights)
    # plus ||delta[l]_i||^2 (the biases)
    per_example_sq = sum((norm(A[l], axis=1) ** 2 + 1) * norm(d, axis=1) ** 2
                         for l, d in enumerate(g.deltas))
    mean_of_norms = float(np.sqrt(per_example_sq).mean())
    pairs = zip(g.weights, g.biases, strict=True)
    squares = [norm(W) ** 2 + norm(b) ** 2 for W, b in pairs]
    norm_of_mean = float(np.sqrt(sum(squares)))
    return mean_of_norms, norm_of_mean
# --8<-- [end:measure]


# %% [markdown]
# The per-example formula, checked against one backward pass per example.
# --8<-- [start:check]
net = gl.Network(sizes, init="scaled_normal", seed=0)
one_by_one = [net.backward(probe_X[i:i + 1], probe_Y[i:i + 1]) for i in range(20)]
by_hand = np.array([
    np.sqrt(sum(norm(W) ** 2 + norm(b) ** 2
                for W, b in zip(g.weights, g.biases, strict=True)))
    for g in one_by_one
])
g = net.backward(probe_X[:20], probe_Y[:20])
A = net.trace(probe_X[:20]).A
formula = np.sqrt(sum((norm(A[l], axis=1) ** 2 + 1) * norm(d, axis=1) ** 2
                      for l, d in enumerate(g.deltas)))
formula_error = float(np.max(np.abs(formula - by_hand) / by_hand))
print(f"per-example norms, formula against one backward pass each:\n"
      f"  largest relative difference {formula_error:.1e}")
# --8<-- [end:check]

# %% [markdown]
# Train the four-hidden-layer sigmoid network of the previous pages, weights N(0, 1/n_in),
# mini-batches of 10, learning rate 0.1, and measure after every epoch; three random starts,
# and one run with weights N(0, 1), which leaves the plateau on this problem.
# --8<-- [start:train]
epochs = 20


def run(init, seed):
    net = gl.Network(sizes, init=init, seed=seed)
    rows, cost = [cancellation(net)], [net.cost_of(probe_X, probe_Y)]
    for epoch in range(epochs):
        gl.train(net, digits.X_train, digits.Y_train, epochs=1, learning_rate=0.1,
                 batch_size=10, seed=1000 * seed + epoch)
        rows.append(cancellation(net))
        cost.append(net.cost_of(probe_X, probe_Y))
    rows = np.array(rows)
    return {"mean_of_norms": rows[:, 0], "norm_of_mean": rows[:, 1],
            "coherence": rows[:, 1] / rows[:, 0], "cost": np.array(cost)}


seeds = [0, 1, 2]
plateau = {seed: run("scaled_normal", seed) for seed in seeds}
learning = run("normal", 0)
# --8<-- [end:train]

# %% [markdown]
# What the runs say. The plateau: from epoch 3 on, where the cost of the N(0, 1/n_in)
# network has stopped falling.
# --8<-- [start:summary]
p0 = plateau[0]
on_plateau = slice(3, None)
coherence_start = [float(plateau[s]["coherence"][0]) for s in seeds]
coherence = {s: plateau[s]["coherence"][on_plateau] for s in seeds}
coherence_plateau_max = [float(coherence[s].max()) for s in seeds]
coherence_plateau_median = [float(np.median(coherence[s])) for s in seeds]
# how many times longer an example's gradient is than the gradient itself
longer_median = [float(np.median(1 / coherence[s])) for s in seeds]
cost_change_on_plateau = [
    float(abs(plateau[s]["cost"][-1] / plateau[s]["cost"][3] - 1)) for s in seeds
]
cost_change_max = max(cost_change_on_plateau)
cost_plateau_end = [float(plateau[s]["cost"][-1]) for s in seeds]
p_digit = digits.Y_train.mean(axis=0)
prior_only_cost = float(-np.sum(p_digit * np.log(p_digit)
                                + (1 - p_digit) * np.log(1 - p_digit)))
mean_of_norms_end = float(p0["mean_of_norms"][-1])
norm_of_mean_end = float(p0["norm_of_mean"][-1])
learning_cost_end = float(learning["cost"][-1])
learning_coherence_median = float(np.median(learning["coherence"][on_plateau]))
for s in seeds:
    print(f"N(0,1/n_in), start {s}: ratio {coherence_start[s]:.2f} at epoch 0, "
          f"median {coherence_plateau_median[s]:.3f} from epoch 3 on;\n"
          f"  cost {cost_plateau_end[s]:.3f} after {epochs} epochs")
print(f"cost of outputting each digit's share of the training set: "
      f"{prior_only_cost:.3f}")
print(f"N(0,1): cost {learning_cost_end:.3f} after {epochs} epochs, "
      f"median ratio {learning_coherence_median:.3f} from epoch 3 on")
# --8<-- [end:summary]

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), num="cancellation")
epoch_axis = np.arange(epochs + 1)
for r, name, color in [(p0, r"$N(0, 1/n_{\rm in})$", "C0"), (learning, r"$N(0, 1)$", "C1")]:
    axes[0].semilogy(epoch_axis, r["mean_of_norms"], color=color,
                     label=f"{name}: mean of $\\|g_i\\|$")
    axes[0].semilogy(epoch_axis, r["norm_of_mean"], color=color, ls="--",
                     label=f"{name}: $\\|$mean of $g_i\\|$")
    axes[1].semilogy(epoch_axis, r["coherence"], color=color, label=name)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("gradient norm, 500 digits")
axes[0].legend(fontsize="small")
axes[0].set_title("(a) per example and averaged", fontsize="medium")
axes[1].set_xlabel("epoch")
axes[1].set_ylabel(r"$\|$mean of $g_i\|$ / mean of $\|g_i\|$")
axes[1].set_title("(b) what survives the average", fontsize="medium")
axes[1].legend(fontsize="small")
plt.show()
