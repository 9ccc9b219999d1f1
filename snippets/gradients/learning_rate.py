"""The learning rate decides whether descent crawls, converges or blows up."""

# %%
# The elongated bowl of descent.py again.
import matplotlib.pyplot as plt
import numpy as np

curvature = np.array([1.0, 10.0])


def cost(w):
    return 0.5 * np.sum(curvature * w**2)


def gradient(w):
    return curvature * w


# %%
# Along a direction of curvature k one step multiplies the weight by (1 - eta k):
# it shrinks only while |1 - eta k| < 1, so every direction converges only for
# eta below 2 / (largest curvature).
# --8<-- [start:critical]
critical_eta = 2 / curvature.max()
# --8<-- [end:critical]
rates = {"too small": 0.01, "about right": 0.15, "too large": 0.205}


def descend(eta, steps=40):
    w = np.array([-4.0, 1.5])
    path = [w]
    for _ in range(steps):
        w = w - eta * gradient(w)
        path.append(w)
    return np.array(path)


paths = {name: descend(eta) for name, eta in rates.items()}
final_cost = {name: cost(path[-1]) for name, path in paths.items()}
start_cost = cost(paths["too small"][0])

print(f"start: cost {start_cost:.3f}; steps only converge for eta < {critical_eta:.3f}")
for name, eta in rates.items():
    print(f"eta = {eta:<5} ({name:>11}): cost after 40 steps {final_cost[name]:10.4g}")

# %%
# The three paths side by side, on the same map.
# A grid step of 0.1 draws smooth ellipses; a finer grid only adds points to the SVG.
w1, w2 = np.meshgrid(np.linspace(-4.5, 4.5, 91), np.linspace(-3.0, 3.0, 61))
surface = 0.5 * (curvature[0] * w1**2 + curvature[1] * w2**2)
fig, axes = plt.subplots(1, 3, figsize=(9.5, 3.0), num="learning-rates", sharey=True)
for ax, (name, eta) in zip(axes, rates.items(), strict=True):
    path = paths[name]
    ax.contour(w1, w2, surface, levels=np.geomspace(0.05, 40, 12), cmap="viridis",
               linewidths=1)
    ax.plot(path[:, 0], path[:, 1], "o-", color="crimson", markersize=3, linewidth=1.2)
    ax.plot(0, 0, "*", color="black", markersize=12)
    ax.set_xlim(-4.5, 4.5)
    ax.set_ylim(-3.0, 3.0)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_title(rf"$\eta = {eta}$: {name}")
    ax.set_xlabel("$w_1$")
axes[0].set_ylabel("$w_2$")

# %%
# The cost after each step, on a log scale: a straight line is a constant
# factor per step.
fig, ax = plt.subplots(num="cost-per-step")
for name, eta in rates.items():
    costs = [cost(w) for w in paths[name]]
    ax.semilogy(costs, label=rf"$\eta = {eta}$ ({name})")
ax.set_xlabel("step")
ax.set_ylabel("cost")
ax.legend()
plt.show()
