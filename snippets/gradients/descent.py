"""Gradient descent on a two-weight cost: a rock rolling downhill."""

# %%
# An elongated bowl: along w2 the cost rises ten times faster than along w1,
# like the valleys a real network's cost has in many directions at once.
# --8<-- [start:cost]
import matplotlib.pyplot as plt
import numpy as np

curvature = np.array([1.0, 10.0])


def cost(w):
    return 0.5 * np.sum(curvature * w**2)


def gradient(w):
    return curvature * w
# --8<-- [end:cost]


# %%
# Descend: step against the gradient, a little at a time.
# --8<-- [start:descend]
eta = 0.15  # the learning rate
w = np.array([-4.0, 1.5])  # where the rock starts
path = [w]
for step in range(1, 41):
    w = w - eta * gradient(w)
    path.append(w)
    if step % 8 == 0:
        print(f"step {step:2d}: w = ({w[0]:+.4f}, {w[1]:+.4f}),",
              f"cost {cost(w):.6f}")
# --8<-- [end:descend]
path = np.array(path)
n_steps = len(path) - 1
start_cost = cost(path[0])
final_cost = cost(path[-1])

# %%
# The path on a map of the cost: contour lines join weights of equal cost.
w1, w2 = np.meshgrid(np.linspace(-4.5, 4.5, 300), np.linspace(-2.2, 2.2, 200))
surface = 0.5 * (curvature[0] * w1**2 + curvature[1] * w2**2)

fig, ax = plt.subplots(num="descent-path")
ax.contour(w1, w2, surface, levels=np.geomspace(0.05, 40, 12), cmap="viridis", linewidths=1)
ax.plot(path[:, 0], path[:, 1], "o-", color="crimson", markersize=3, linewidth=1.2,
        label=rf"gradient descent, $\eta = {eta}$")
ax.plot(0, 0, "*", color="black", markersize=12, label="minimum")
ax.set_xlabel("$w_1$")
ax.set_ylabel("$w_2$")
ax.set_aspect("equal")
ax.grid(False)
ax.legend(loc="upper right")
plt.show()
