"""Train one cell of the explorer's training grid and summarise it for the page.

Twelve snippets, ``explorer_training_<activation>_<init>.py``, each name one cell
(one activation, one initialisation and its two learning rates) and call
:func:`train_cell`, :func:`summarize` and :func:`report`; the build runs them in
parallel. The settings are the lab's (docs/labs/vanishing-gradients.ipynb):
hidden layers of 30 units, sigmoid outputs and cross-entropy, mini-batches of
10, 60 epochs, seed 0.
"""

import numpy as np

import gradlib as gl

# --8<-- [start:train]
depths = [2, 4, 6]
width, epochs = 30, 60


def train_cell(activation, init, learning_rates):
    """Train the cell's six networks: every learning rate, every depth.

    gl.train records after every epoch the speed of learning ||dC/db^l|| of every
    layer, on the first 1000 training images as one batch, and the accuracy on the
    450 test images. A run whose cost becomes NaN or infinite keeps gradlib's
    message instead.
    """
    digits = gl.load_digits()

    def run(learning_rate, depth):
        """Per epoch: the speed of each hidden layer and the test accuracy."""
        net = gl.Network([64] + [width] * depth + [10], activation=activation, init=init,
                         seed=0)
        try:
            history = gl.train(net, digits.X_train, digits.Y_train, epochs=epochs,
                               learning_rate=learning_rate, batch_size=10, seed=0,
                               eval_data=(digits.X_test, digits.Y_test))
        except gl.DivergenceError as exc:
            return {"diverged": str(exc)}
        # bias_grad_norms has shape (epochs + 1, depth + 1); the last column is the
        # output layer.
        return {"speed": history.bias_grad_norms[:, :-1],
                "accuracy": np.array(history.accuracy)}

    runs = {str(eta): {str(d): run(eta, d) for d in depths} for eta in learning_rates}
    return runs, shipped(activation, init, learning_rates, runs, len(digits.X_test))
# --8<-- [end:train]


def _round(values):
    return np.vectorize(lambda x: float(f"{x:.3g}"), otypes=[float])(values).tolist()


def shipped(activation, init, learning_rates, runs, n_test):
    """What the page ships: the numbers to three significant figures.

    Nested dicts and lists: ``["runs"][learning rate][depth]["speed"][epoch][layer]``
    and ``["accuracy"][epoch]``, beside the settings.
    """
    return {
        "activation": activation, "init": init, "learning_rates": learning_rates,
        "depths": depths, "width": width, "epochs": epochs, "batch_size": 10,
        "probe": 1000, "n_test": n_test,
        "runs": {eta: {d: r if "diverged" in r else {k: _round(v) for k, v in r.items()}
                       for d, r in by_d.items()}
                 for eta, by_d in runs.items()},
    }


def summarize(runs):
    """What the page quotes, keyed ``"<learning rate>, <depth> layers"``.

    For every run that did not diverge: the test accuracy at the end, the first
    epoch at which it reaches 50% (the network has left the plateau; absent when it
    never does), the first epoch after which no hidden layer learns at all (every
    bias gradient is 0: every unit is dead; absent when that never happens), and,
    while every hidden layer still learns, the last hidden layer's speed over the
    first's: at the start, and its median over each block of ten epochs. For every
    run that diverged: gradlib's message.

    Returns
    -------
    tuple of dict
        ``final_accuracy, leaves_plateau, ratio_at_start, ratio_by_block,
        all_dead, diverged``.
    """
    final_accuracy, leaves_plateau, ratio_at_start, ratio_by_block = {}, {}, {}, {}
    all_dead, diverged = {}, {}
    for eta, by_d in runs.items():
        for d, r in by_d.items():
            key = f"{eta}, {d} layers"
            if "diverged" in r:
                diverged[key] = r["diverged"]
                continue
            final_accuracy[key] = float(r["accuracy"][-1])
            above = np.flatnonzero(r["accuracy"] >= 0.5)
            if above.size:
                leaves_plateau[key] = int(above[0])
            dead = np.flatnonzero(np.all(r["speed"] == 0, axis=1))
            if dead.size:
                all_dead[key] = int(dead[0])
            if np.all(r["speed"] > 0):
                ratio = r["speed"][:, -1] / r["speed"][:, 0]
                ratio_at_start[key] = float(ratio[0])
                ratio_by_block[key] = [float(np.median(ratio[e + 1:e + 11]))
                                       for e in range(0, epochs, 10)]
    return final_accuracy, leaves_plateau, ratio_at_start, ratio_by_block, all_dead, diverged


def report(activation, init, final_accuracy, leaves_plateau, ratio_by_block, all_dead,
           diverged):
    """The summary as text: one line per run."""
    lines = [f"{activation}, {init}: test accuracy after {epochs} epochs, first epoch at "
             "50%, median last/first speed over epochs 1-10, 11-20, ..."]
    for key, acc in final_accuracy.items():
        left = f"epoch {leaves_plateau[key]}" if key in leaves_plateau else "never"
        if key in all_dead:
            left += f", every unit dead from epoch {all_dead[key]}"
        blocks = " ".join(f"{x:7.3g}" for x in ratio_by_block.get(key, []))
        lines.append(f"  rate {key:>14}: {acc:6.1%}, {left:>8}; {blocks}")
    for key, message in diverged.items():
        lines.append(f"  rate {key:>14}: {message}")
    return "\n".join(lines)
