"""A deep ReLU network with large initial weights: gradients explode; clipping tames them."""

# %% [markdown]
# Sigmoid units saturate when their weights are large, which shrinks sigma'(z) and the
# gradient with it. Units that do not saturate let large weights through: here eight hidden
# layers of 30 ReLU units, softmax output, cross-entropy. He et al.'s initialisation
# (weights N(0, 2/n_in)) keeps the forward spread from layer to layer, and with equal widths
# the gradient's size too; we start from He's weights multiplied by a scale s, so each layer
# multiplies the back-propagated gradient by about s.
# --8<-- [start:init]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train[:1000], digits.Y_train[:1000]
sizes = [64] + [30] * 8 + [10]
hidden = len(sizes) - 2


def relu_net(scale, seed=0):
    net = gl.Network(sizes, activation="relu", output="softmax",
                     cost="cross_entropy", init="he", seed=seed)
    for W in net.weights:
        W *= scale
    return net


scales = [0.5, 1.0, 2.0]
speed = {}  # ||dC/db^l|| per hidden layer
for s in scales:
    g = relu_net(s).backward(X, Y)
    speed[s] = [float(np.linalg.norm(b)) for b in g.biases[:hidden]]
print(f"||dC/db|| of hidden layers 1 to {hidden}:")
for s in scales:
    values = " ".join(f"{v:<7.2g}" for v in speed[s])
    print(f"  s = {s}:  {values.rstrip()}")
# --8<-- [end:init]
# Keyed by the scale as text ("0.5", "1.0", "2.0") for the page.
growth_first_over_last = {str(s): speed[s][0] / speed[s][-1] for s in scales}
rate_per_layer = {
    k: float(v ** (1 / (hidden - 1)))
    for k, v in growth_first_over_last.items()
}
initial_cost_large = relu_net(2.0).cost_of(X, Y)

# %% [markdown]
# Train the s = 2 network with SGD (mini-batches of 10, learning rate 0.05), first as it is,
# then with gradient clipping: whenever the gradient's norm over all weights and biases
# exceeds 1, it is scaled down to norm 1 before the step. An observer records, for every
# step, the gradient's norm and the length of the step actually taken.
# --8<-- [start:train]
learning_rate, epochs = 0.05, 15


def global_norm(arrays):
    """The length of all the arrays together, as one long vector."""
    return float(np.sqrt(sum(np.vdot(a, a) for a in arrays)))


def train_relu(scale, clip_norm, watch=False):
    """Train one network; return (history or None, error, record, net)."""
    net = relu_net(scale)
    record = {"grad_norm": [], "step_norm": []}
    previous = [p.copy() for p in net.parameters()]

    def observe(epoch, batch, g):
        # g is the gradient before clipping; the step has been taken
        now = net.parameters()
        step = [p - q for p, q in zip(now, previous, strict=True)]
        record["grad_norm"].append(global_norm(g.weights + g.biases))
        record["step_norm"].append(global_norm(step))
        previous[:] = [p.copy() for p in now]

    try:
        history = gl.train(
            net, digits.X_train, digits.Y_train, epochs=epochs,
            learning_rate=learning_rate, batch_size=10, clip_norm=clip_norm,
            eval_data=(digits.X_test, digits.Y_test),
            observe=observe if watch else None, seed=0,
        )
        return history, None, record, net
    except gl.DivergenceError as exc:
        return None, str(exc), record, net


_, divergence_message, unclipped, _ = train_relu(2.0, None, watch=True)
clipped_history, _, clipped, _ = train_relu(2.0, clip_norm=1.0, watch=True)
loose_history, _, _, loose_net = train_relu(2.0, clip_norm=5.0)
he_history, _, _, _ = train_relu(1.0, clip_norm=None)
# gradlib's message, one clause per line
print("without clipping:\n  " + divergence_message.replace(": ", ":\n  ", 1)
      .replace("; ", ";\n  "))
print(
    f"clipped at 1: {clipped_history.n_clipped} of "
    f"{len(clipped['step_norm'])} steps clipped,\n  test accuracy "
    f"{clipped_history.accuracy[-1]:.1%} after {epochs} epochs"
)
print(
    f"clipped at 5: {loose_history.n_clipped} steps clipped, "
    f"test accuracy {loose_history.accuracy[-1]:.1%} after {epochs} epochs"
)
print(
    f"He's scale, no clipping: test accuracy {he_history.accuracy[-1]:.1%} "
    f"after {epochs} epochs"
)
# A dead ReLU unit: its weighted input is negative for every training image,
# so it outputs 0 and passes back no gradient.
Z_hidden = loose_net.trace(digits.X_train).Z[:-1]
dead = [float(np.mean(np.all(Z <= 0, axis=0))) for Z in Z_hidden]
print("clipped at 5, share of dead units per hidden layer:",
      " ".join(f"{d:.0%}" for d in dead))
# --8<-- [end:train]
dead_share_loose = float(np.mean(dead))            # over all hidden units
dead_share_top = dead[-1]                          # the last hidden layer

# %% [markdown]
# Is a smaller learning rate enough? One epoch of the s = 2 network, without clipping, for
# learning rates down to a hundredth of 0.05.
# --8<-- [start:rates]
survives_first_epoch = {}
for eta in [0.05, 0.01, 0.005, 0.001, 0.0005]:
    try:
        gl.train(relu_net(2.0), digits.X_train, digits.Y_train, epochs=1,
                 learning_rate=eta, batch_size=10, probe_size=10, seed=0)
        survives_first_epoch[eta] = True
    except gl.DivergenceError:
        survives_first_epoch[eta] = False
    fate = "survives" if survives_first_epoch[eta] else "diverges in"
    print(f"learning rate {eta}: {fate} the first epoch")
largest_surviving_rate = max(
    eta for eta, ok in survives_first_epoch.items() if ok
)
# --8<-- [end:rates]

# %% [markdown]
# Surviving one epoch does not settle it: the weights may still drift into the regime where
# the gradient explodes. Train at the largest surviving rate for the same number of epochs as
# the clipped network, without clipping.
# --8<-- [start:longer]
try:
    slow_history = gl.train(
        relu_net(2.0), digits.X_train, digits.Y_train, epochs=epochs,
        learning_rate=largest_surviving_rate, batch_size=10,
        eval_data=(digits.X_test, digits.Y_test), seed=0,
    )
    slow_diverged = False
    print(f"learning rate {largest_surviving_rate}, {epochs} epochs: no divergence, "
          f"test accuracy {slow_history.accuracy[-1]:.1%}")
except gl.DivergenceError as exc:
    slow_history, slow_diverged = None, True
    print(f"learning rate {largest_surviving_rate}: {exc}")
# --8<-- [end:longer]
slow_accuracy = None if slow_diverged else slow_history.accuracy[-1]
slow_rate_ratio = learning_rate / largest_surviving_rate
diverging_rates = [eta for eta, ok in survives_first_epoch.items() if not ok]
# the rates below the one used above that still diverge
smaller_diverging_rates = [eta for eta in diverging_rates if eta < learning_rate]
diverged = divergence_message is not None
steps_before_divergence = len(unclipped["step_norm"])
unclipped_grad_norms = unclipped["grad_norm"]
unclipped_step_norms = unclipped["step_norm"]
largest_unclipped_step = max(unclipped_step_norms)
largest_clipped_step = max(clipped["step_norm"])
clipped_step_bound = learning_rate * 1.0  # eta times clip_norm
loose_step_bound = learning_rate * 5.0
largest_clipped_grad = max(clipped["grad_norm"])
n_clipped = clipped_history.n_clipped
n_steps = len(clipped["step_norm"])
share_clipped = n_clipped / n_steps
share_clipped_first_epoch = float(
    np.mean(np.array(clipped["grad_norm"][:135]) > 1.0)
)
share_clipped_last_epoch = float(
    np.mean(np.array(clipped["grad_norm"][-135:]) > 1.0)
)
clipped_accuracy = clipped_history.accuracy[-1]
loose_accuracy = loose_history.accuracy[-1]
n_clipped_loose = loose_history.n_clipped
he_accuracy = he_history.accuracy[-1]

# %%
fig, axes = plt.subplot_mosaic("ab;cc", figsize=(8, 6.4), num="exploding-training")
ax = axes["a"]
for k, s in enumerate(scales):
    ax.semilogy(range(1, hidden + 1), speed[s], "o-", ms=4, color=f"C{k}",
                label=f"$s = {s}$")
ax.set_xlabel("hidden layer (1 = nearest the input)")
ax.set_ylabel(r"$\|\partial C/\partial b^\ell\|$ at the start")
ax.set_title("(a) gradient per layer", fontsize="medium")
ax.legend(fontsize="small")
ax = axes["b"]
first = np.arange(1, 11)
n_bad = steps_before_divergence
ax.semilogy(first[:n_bad], unclipped_grad_norms, "x--", color="C3", lw=1,
            label="gradient, no clipping")
ax.semilogy(first[:n_bad], unclipped_step_norms, "x-", color="C3",
            label="step, no clipping")
ax.semilogy(first, clipped["grad_norm"][:10], "o--", ms=4, color="C2", lw=1,
            label="gradient, clipped at 1")
ax.semilogy(first, clipped["step_norm"][:10], "o-", ms=4, color="C2",
            label="step, clipped at 1")
ax.set_xlabel("training step")
ax.set_ylabel("norm")
ax.set_title("(b) $s = 2$: the first ten steps", fontsize="medium")
ax.legend(fontsize="small", loc="center right")
ax = axes["c"]
ax.plot(he_history.epoch, he_history.accuracy, "s-", ms=3, color="C1",
        label="$s = 1$ (He), no clipping")
ax.plot(clipped_history.epoch, clipped_history.accuracy, "o-", ms=3,
        color="C2", label="$s = 2$, clipped at norm 1")
ax.plot(loose_history.epoch, loose_history.accuracy, "^-", ms=3, color="C4",
        label="$s = 2$, clipped at norm 5")
if not slow_diverged:
    ax.plot(slow_history.epoch, slow_history.accuracy, "v--", ms=3, color="C0",
            label=rf"$s = 2$, $\eta = {largest_surviving_rate}$, no clipping")
ax.set_ylim(0, 1)
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy")
ax.set_title(rf"(c) test accuracy; $s = 2$, $\eta = {learning_rate}$, no clipping: "
             "NaN in epoch 1", fontsize="medium")
ax.legend(fontsize="small", loc="lower right", bbox_to_anchor=(1, 0.12))
plt.show()
