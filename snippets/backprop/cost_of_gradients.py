"""What one gradient costs: backprop against finite differences, counted and timed."""

# %%
# --8<-- [start:imports]
import sys
import time

import matplotlib.pyplot as plt

import gradlib as gl

# --8<-- [end:imports]


# %% [markdown]
# Work counted as multiply-adds in the matrix products, per example, line by line of the code.
# Element-wise work (biases, activations, sigma') is one operation per unit, not per weight,
# and is left out.
# --8<-- [start:count]
def layers(sizes):
    """(n_in, n_out) of each weight layer."""
    return list(zip(sizes[:-1], sizes[1:], strict=True))


def forward_work(sizes):
    """Multiply-adds of one forward pass: Z = A @ W for every layer."""
    return sum(n_in * n_out for n_in, n_out in layers(sizes))


def backprop_work(sizes):
    """Forward pass, then A.T @ delta (BP4) and delta @ W.T (BP2)."""
    bp4 = sum(n_in * n_out for n_in, n_out in layers(sizes))
    # BP2 runs for every layer but the first: no delta for the inputs.
    bp2 = sum(n_in * n_out for n_in, n_out in layers(sizes)[1:])
    return forward_work(sizes) + bp4 + bp2


def n_parameters(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in layers(sizes))


def finite_difference_work(sizes):
    """Central differences: two forward passes per weight and bias."""
    return 2 * n_parameters(sizes) * forward_work(sizes)
# --8<-- [end:count]


# %% [markdown]
# Two families of networks on the 64-pixel digits: one hidden layer, and four hidden layers.
# --8<-- [start:families]
widths = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
families = {
    "one hidden layer [64, h, 10]": [[64, h, 10] for h in widths],
    "four hidden layers [64, h, h, h, h, 10]":
        [[64, h, h, h, h, 10] for h in widths],
}
work = {}
for family, nets in families.items():
    work[family] = {
        "parameters": [n_parameters(s) for s in nets],
        "forward": [forward_work(s) for s in nets],
        "backprop": [backprop_work(s) for s in nets],
        "finite differences": [finite_difference_work(s) for s in nets],
        # In units of one forward pass:
        "backprop / forward":
            [backprop_work(s) / forward_work(s) for s in nets],
        "finite differences / forward":
            [finite_difference_work(s) / forward_work(s) for s in nets],
    }
# --8<-- [end:families]
ratios = [r for w in work.values() for r in w["backprop / forward"]]
backprop_ratio_min, backprop_ratio_max = min(ratios), max(ratios)
digits_net = [64, 30, 10]
digits_net_ratio = backprop_work(digits_net) / forward_work(digits_net)
mnist_net = [784, 30, 10]
mnist_net_ratio = backprop_work(mnist_net) / forward_work(mnist_net)
deep_net = [64] + [100] * 10 + [10]
deep_net_ratio = backprop_work(deep_net) / forward_work(deep_net)
digits_net_parameters = n_parameters(digits_net)
digits_net_fd_passes = 2 * digits_net_parameters

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.2), num="gradient-work")
for (family, w), marker in zip(work.items(), ("o", "s"), strict=True):
    short = family.split(" [")[0]
    P = w["parameters"]
    ax1.loglog(P, w["finite differences / forward"], marker + "-", ms=4, color="C3",
               label=f"finite differences, {short}")
    ax1.loglog(P, w["backprop / forward"], marker + "-", ms=4, color="C0",
               label=f"backprop, {short}")
    ax2.loglog(P, w["finite differences"], marker + "-", ms=4, color="C3",
               label=f"finite differences, {short}")
    ax2.loglog(P, w["backprop"], marker + "-", ms=4, color="C0", label=f"backprop, {short}")
ax1.set_title("(a) one gradient, in forward passes", fontsize="medium")
ax1.set_ylabel("work, in forward passes")
ax2.set_title("(b) one gradient, in multiply-adds", fontsize="medium")
ax2.set_ylabel("multiply-adds per example")
for ax in (ax1, ax2):
    ax.set_xlabel("number of weights and biases $P$")
    ax.legend(fontsize="small")

fig, ax = plt.subplots(figsize=(6.4, 3.8), num="backprop-ratio")
for (family, w), marker in zip(work.items(), ("o", "s"), strict=True):
    ax.semilogx(w["parameters"], w["backprop / forward"], marker + "-", ms=4, label=family)
ax.axhline(2, color="0.5", ls="--", lw=0.8)
ax.axhline(3, color="0.5", ls=":", lw=0.8)
ax.text(200, 2.03, "Nielsen: \"about two forward passes\"", color="0.35", fontsize="small",
        va="bottom")
ax.set_ylim(1.8, 3.2)
ax.set_xlabel("number of weights and biases $P$")
ax.set_ylabel("backprop work / forward work")
ax.set_title("backprop, counted in forward passes", fontsize="medium")
ax.legend(fontsize="small", loc="lower right")
plt.show()

# %% [markdown]
# Wall-clock time on this machine for a batch of 100 digits. It varies from run to run and
# machine to machine (the counts above do not), so it goes to standard error: shown when you
# run the script, kept off the page.
# --8<-- [start:timing]
digits = gl.load_digits()
X, Y = digits.X_train[:100], digits.Y_train[:100]


def best_time(f, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


print(f"{'network':<18}{'P':>7}{'forward':>11}{'backprop':>11}{'ratio':>7}"
      f"{'finite diff.':>14}{'ratio':>9}", file=sys.stderr)
for h in (10, 30, 60):
    net = gl.Network([64, h, 10], seed=0)
    t_forward = best_time(lambda net=net: net.forward(X), 20)
    t_backprop = best_time(lambda net=net: net.backward(X, Y), 20)
    t_fd = best_time(lambda net=net: gl.numerical_gradient(net, X, Y), 1)
    print(f"{str(net.sizes):<18}{net.n_parameters:>7}"
          f"{t_forward * 1e3:>9.3f}ms{t_backprop * 1e3:>9.3f}ms"
          f"{t_backprop / t_forward:>7.1f}"
          f"{t_fd * 1e3:>12.0f}ms{t_fd / t_forward:>9.0f}", file=sys.stderr)
# --8<-- [end:timing]
