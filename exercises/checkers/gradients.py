"""Checkers of the exercises of "Gradients"."""

import numpy as np

from ..checking import Exercise, Wrong, call, expect_array


def check_gradient_descent(gradient_descent):
    # The bowl C(w) = (w_1^2 + 10 w_2^2) / 2, steep along w_2.
    def gradient(w):
        return np.array([1.0, 10.0]) * w

    passed = []
    for eta, steps in ((0.15, 40), (0.05, 3)):
        w0 = np.array([-2.0, 1.5])
        path = [w0]
        for _ in range(steps):
            path.append(path[-1] - eta * gradient(path[-1]))
        expected = np.array(path)
        got = call(gradient_descent, gradient, w0.copy(), eta, steps)
        if isinstance(got, np.ndarray) and got.shape == (steps, 2):
            raise Wrong(f"your path has {steps} rows, expected {steps + 1}: the first row "
                        "is the start w0, then one row after each step")
        climb = [w0]
        for _ in range(steps):
            climb.append(climb[-1] + eta * gradient(climb[-1]))
        expect_array(got, expected, f"your path with eta={eta}, {steps} steps", mistakes={
            "Your path climbs: step against the gradient, w - eta * gradient(w).":
                np.array(climb)})
        passed.append(f"eta={eta}, {steps} steps: ends at {np.round(expected[-1], 4)}")
    return passed


def check_numerical_gradient(numerical_gradient):
    # f(w) = sum(sin(w) * w^2) + w_0 w_1: its true gradient is known.
    def f(w):
        return float(np.sum(np.sin(w) * w**2) + w[0] * w[1])

    passed = []
    for eps in (1e-3, 1e-5):
        w = np.array([0.3, -1.2, 2.0, 0.7])
        start = w.copy()
        expected = np.zeros(4)
        one_sided = np.zeros(4)
        for i in range(4):
            up, down = start.copy(), start.copy()
            up[i] += eps
            down[i] -= eps
            expected[i] = (f(up) - f(down)) / (2 * eps)
            one_sided[i] = (f(up) - f(start)) / eps
        got = call(numerical_gradient, f, w, eps)
        if not np.array_equal(w, start):
            changed = int(np.argmax(np.abs(w - start)))
            raise Wrong(f"your function changed w: w[{changed}] is {w[changed]:.6g} on "
                        f"return instead of {start[changed]:.6g}. Put each entry back "
                        "after perturbing it")
        expect_array(got, expected, f"your gradient with eps={eps}", rtol=1e-6, atol=1e-8,
                     mistakes={"That is the one-sided difference (f(w + eps) - f(w)) / eps; "
                               "use the central one, (f(w + eps) - f(w - eps)) / (2 eps).":
                               one_sided})
        passed.append(f"eps={eps}: the central difference at every entry")
    return passed


EXERCISES = [
    Exercise("gradient_descent", "gradients", "gradient_descent", check_gradient_descent),
    Exercise("numerical_gradient", "gradients", "numerical_gradient", check_numerical_gradient),
]
