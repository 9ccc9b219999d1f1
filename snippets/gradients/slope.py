"""The gradient of a one-weight cost is the slope of its graph."""

# %%
# A cost that depends on a single weight w. Any smooth function would do; this
# one has a valley and a shoulder, so its slope changes size and sign.
# --8<-- [start:cost]
import matplotlib.pyplot as plt
import numpy as np


def cost(w):
    return 0.5 * (w - 1.5) ** 2 + 0.3 * np.sin(3 * w)


def slope(w):
    """The derivative dC/dw, worked out by hand."""
    return (w - 1.5) + 0.9 * np.cos(3 * w)
# --8<-- [end:cost]


# %%
# The slope at one weight, two ways: from the derivative, and as rise over run
# across a tiny step on either side (a central difference).
# --8<-- [start:check]
w0 = 0.5
h = 1e-5
slope_exact = slope(w0)
slope_numeric = (cost(w0 + h) - cost(w0 - h)) / (2 * h)
print(f"slope at w = {w0}: {slope_exact:.6f} from the derivative")
print(f"slope at w = {w0}: {slope_numeric:.6f} as rise over run")
# --8<-- [end:check]
difference = abs(slope_exact - slope_numeric)

# %%
# Tangent lines at a few weights: steep where the cost changes fast, flat at
# the bottom of the valley.
ws = np.linspace(-1.0, 3.5, 400)
points = [-0.5, 0.5, 1.55, 2.4]
slopes = [float(slope(p)) for p in points]

fig, ax = plt.subplots(num="cost-slopes")
ax.plot(ws, cost(ws), color="black", label="cost $C(w)$")
for p, s in zip(points, slopes, strict=True):
    t = np.array([p - 0.45, p + 0.45])
    ax.plot(t, cost(p) + s * (t - p), linewidth=3, label=f"slope ${s:+.2f}$ at $w = {p:g}$")
    ax.plot(p, cost(p), "o", color="black", markersize=4)
ax.set_xlabel("weight $w$")
ax.set_ylabel("cost $C(w)$")
ax.legend(loc="upper center")
plt.show()
