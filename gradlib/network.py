"""A fully-connected feed-forward network with backpropagation written out.

Notation (see the notation page of the guide): layer ``l`` takes the
activations ``A[l]`` of the layer below, forms the weighted input
``Z[l] = A[l] @ W[l] + b[l]`` and outputs ``A[l+1] = f(Z[l])``.  ``A[0]`` is
the input batch ``X``.  Arrays are row-major batches, one row per example,
which is the transpose of the column-vector equations in most textbooks:
``Z = A @ W + b`` here is ``z = w a + b`` there, with ``W`` here equal to
``w`` there transposed.
"""

from dataclasses import dataclass

import numpy as np

from . import _checks
from .activations import ACTIVATIONS, OUTPUTS
from .costs import COSTS
from .initializers import INITIALIZERS
from .protocol import copy_model


@dataclass
class Gradients:
    """What :meth:`Network.backward` returns.

    Attributes
    ----------
    cost : float
        Mean over the batch of the per-example cost.
    weights : list of ndarray
        ``weights[l]``, shape ``(sizes[l], sizes[l+1])``: gradient of ``cost``
        with respect to ``Network.weights[l]``.
    biases : list of ndarray
        ``biases[l]``, shape ``(sizes[l+1],)``: gradient of ``cost`` with
        respect to ``Network.biases[l]``.
    deltas : list of ndarray
        ``deltas[l]``, shape ``(n_samples, sizes[l+1])``: the error
        ``dC_x/dZ[l]`` of each example's own cost, before averaging.  The
        back-propagated signal whose size the vanishing-gradient pages follow.
    """

    cost: float
    weights: list
    biases: list
    deltas: list

    def arrays(self):
        """The gradients in the order of :meth:`Network.parameters`, ``[dW0, db0, dW1, ...]``."""
        return [q for pair in zip(self.weights, self.biases, strict=True) for q in pair]


@dataclass
class Trace:
    """Every intermediate value of a forward pass.

    Attributes
    ----------
    Z : list of ndarray
        ``Z[l]``, shape ``(n_samples, sizes[l+1])``: weighted inputs of layer ``l``.
    A : list of ndarray
        ``A[0]`` is the input; ``A[l+1] = f(Z[l])``, shape ``(n_samples, sizes[l+1])``.
    """

    Z: list
    A: list


class Network:
    """A fully-connected network trained by backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``[64, 30, 10]`` is 64 inputs, one hidden
        layer of 30 units and 10 outputs.
    activation : str, default "sigmoid"
        Hidden units: one of ``gradlib.ACTIVATIONS``.
    output : str, default "sigmoid"
        Output units: one of ``gradlib.OUTPUTS``.
    cost : str, default "cross_entropy"
        One of ``gradlib.COSTS``.  Cross-entropy needs sigmoid or softmax outputs.
    init : str, default "normal"
        One of ``gradlib.INITIALIZERS``.
    seed : int or numpy.random.Generator, default 0
        Source of the initial weights.
    dtype : numpy float dtype, default numpy.float64
        ``float64`` or ``float32``; inputs are converted to it and every
        computation stays in it.  Inputs must be real numbers: bools and
        ints convert exactly (``True`` is 1) and are accepted; complex
        numbers, strings and objects raise ``ValueError``.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l].shape == (sizes[l], sizes[l+1])``.
    biases : list of ndarray
        ``biases[l].shape == (sizes[l+1],)``.

    Examples
    --------
    >>> import numpy as np, gradlib as gl
    >>> net = gl.Network([2, 3, 1], seed=0)
    >>> g = net.backward(np.array([[0.5, -1.0]]), np.array([[1.0]]))
    >>> [w.shape for w in g.weights]
    [(2, 3), (3, 1)]
    """

    def __init__(self, sizes, activation="sigmoid", output="sigmoid",
                 cost="cross_entropy", init="normal", seed=0, dtype=np.float64):
        self.sizes = _checks.layer_sizes(sizes)
        self.activation = _checks.choice("activation", activation, ACTIVATIONS)
        self.output = _checks.choice("output", output, OUTPUTS)
        self.cost = _checks.choice("cost", cost, COSTS)
        self.cost.check_output(self.output)
        self.init = init
        initializer = _checks.choice("init", init, INITIALIZERS)
        self.dtype = _checks.float_dtype(dtype)
        rng = _checks.rng_from(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            W, b = initializer(n_in, n_out, rng, self.dtype)
            self.weights.append(W)
            self.biases.append(b)

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
                f"output={self.output.name!r}, cost={self.cost.name!r}, init={self.init!r}, "
                f"dtype={self.dtype.name})")

    @property
    def n_layers(self):
        """Number of weight layers (hidden layers plus the output layer)."""
        return len(self.weights)

    @property
    def n_parameters(self):
        """Total number of weights and biases."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases, strict=True))

    def parameters(self):
        """All parameter arrays, ``[W0, b0, W1, b1, ...]`` (the arrays themselves, not copies)."""
        return [p for pair in zip(self.weights, self.biases, strict=True) for p in pair]

    def copy(self):
        """An independent copy, of the same class, with the same parameters and state."""
        return self.astype(self.dtype)

    def astype(self, dtype):
        """An independent copy of the same class whose arrays are converted to ``dtype``.

        Parameters
        ----------
        dtype : numpy float dtype
            ``float32`` or ``float64``.

        Returns
        -------
        Network
            Of ``type(self)``; a subclass's extra arrays (batch-norm scales
            and statistics) are converted and copied too.
        """
        return copy_model(self, _checks.float_dtype(dtype))

    # -- checked public interface --------------------------------------

    def forward(self, X):
        """Output activations for a batch.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])

        Returns
        -------
        ndarray of shape (n_samples, sizes[-1])
        """
        return self._forward(self.check_inputs(X)).A[-1]

    def trace(self, X):
        """Forward pass keeping every layer's ``Z`` and ``A`` (see :class:`Trace`).

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        """
        return self._forward(self.check_inputs(X))

    def backward(self, X, Y):
        """Batch-mean cost and its gradient with respect to every weight and bias.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
            Inputs.
        Y : array_like of shape (n_samples, sizes[-1])
            Targets (one-hot rows for classification).

        Returns
        -------
        Gradients

        Notes
        -----
        The four equations of backpropagation, in this module's row-major
        notation (``*`` is the element-wise product, the sums run over the
        batch of ``n`` examples):

        - BP1: ``delta[L] = dC/dA[L] * f'(Z[L])`` (``A - Y`` for cross-entropy)
        - BP2: ``delta[l] = (delta[l+1] @ W[l+1].T) * f'(Z[l])``
        - BP3: ``dC/db[l] = sum(delta[l]) / n``
        - BP4: ``dC/dW[l] = A[l].T @ delta[l] / n``
        """
        X, Y = self.check_data(X, Y)
        return self._backprop(X, Y)

    def cost_of(self, X, Y):
        """Batch-mean cost for inputs ``X`` and targets ``Y``, as a float."""
        X, Y = self.check_data(X, Y)
        trace = self._forward(X)
        return float(self.cost.value(trace.Z[-1], trace.A[-1], Y, self.output).mean())

    def predict(self, X):
        """Index of the largest output for each row, shape ``(n_samples,)``."""
        return np.argmax(self.forward(X), axis=1)

    def accuracy(self, X, Y):
        """Share of rows whose largest output matches the target class.

        ``Y`` is either one-hot of shape ``(n_samples, sizes[-1])`` or integer
        class labels in ``[0, sizes[-1])`` of shape ``(n_samples,)``.
        """
        predicted = self.predict(X)
        Y = np.asarray(Y)
        n, n_out = predicted.shape[0], self.sizes[-1]
        expected = f"expected ({n}, {n_out}) one-hot rows or ({n},) integer labels"
        if Y.ndim == 2 and Y.shape == (n, n_out):
            labels = np.argmax(_checks.matrix("Y", Y, n_out, self.dtype, what="columns"), axis=1)
        elif Y.ndim == 1 and Y.shape == (n,) and Y.dtype.kind in "iu":
            if Y.min() < 0 or Y.max() >= n_out:
                raise ValueError(f"Y labels must lie in [0, {n_out - 1}], got values in "
                                 f"[{Y.min()}, {Y.max()}]")
            labels = Y
        else:
            raise ValueError(f"Y has shape {Y.shape} and dtype {Y.dtype}; {expected}")
        return float(np.mean(predicted == labels))

    # -- checks --------------------------------------------------------

    def check_inputs(self, X, name="X"):
        """Return ``X`` as a finite ``(n_samples, sizes[0])`` array of the network's dtype."""
        return _checks.matrix(name, X, self.sizes[0], self.dtype)

    def check_data(self, X, Y, X_name="X", Y_name="Y"):
        """Check inputs and targets together; return both as arrays of the network's dtype."""
        X = self.check_inputs(X, X_name)
        Y = _checks.matrix(Y_name, Y, self.sizes[-1], self.dtype, what="columns")
        _checks.same_rows(X_name, X, Y_name, Y)
        if self.cost.name == "cross_entropy":
            _checks.unit_interval(Y_name, Y, "for the cross-entropy cost")
            if self.output.name == "softmax":
                sums = Y.sum(axis=1)
                if not np.allclose(sums, 1.0, atol=1e-4):
                    bad = int(np.argmax(np.abs(sums - 1.0)))
                    raise ValueError(
                        f"{Y_name} rows must sum to 1 for softmax cross-entropy "
                        f"(one-hot or probabilities), got a row summing to {sums[bad]:g}"
                    )
        return X, Y

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers --

    def batch_gradients(self, X, Y):
        """:meth:`backward` without the checks, for arrays ``check_data`` accepted."""
        return self._backprop(X, Y)

    def batch_cost(self, X, Y):
        """Batch-mean cost without the checks, the one :meth:`batch_gradients` differentiates."""
        trace = self._forward(X, training=True)
        return float(self.cost.value(trace.Z[-1], trace.A[-1], Y, self.output).mean())

    def after_step(self, g):
        """Called by :class:`~gradlib.training.SGD` after each update with its gradients.

        Nothing to do here; :class:`~gradlib.deep.DeepNetwork` updates its
        running statistics.
        """

    # -- the computation, unchecked --

    def _forward(self, X, training=False):
        # ``training`` matters only to subclasses whose layers behave
        # differently while training (batch norm); here it changes nothing.
        Zs, As = [], [X]
        last = self.n_layers - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            Z = As[-1] @ W
            Z += b
            f = self.output if l == last else self.activation
            Zs.append(Z)
            As.append(f.forward(Z))
        return Trace(Zs, As)

    # The --8<-- comments mark the lines that the backpropagation page shows.
    # --8<-- [start:backprop]
    def _backprop(self, X, Y):
        trace = self._forward(X)
        Zs, As = trace.Z, trace.A
        n = X.shape[0]
        L = self.n_layers
        grad_W, grad_b, deltas = [None] * L, [None] * L, [None] * L

        # --8<-- [start:bp1]
        # BP1: the error at the output layer.
        delta = self.cost.delta(Zs[-1], As[-1], Y, self.output)
        # --8<-- [end:bp1]
        for l in range(L - 1, -1, -1):
            deltas[l] = delta
            # BP3 and BP4, averaged over the batch.
            # --8<-- [start:bp3]
            grad_b[l] = delta.sum(axis=0) / n
            # --8<-- [end:bp3]
            # --8<-- [start:bp4]
            grad_W[l] = As[l].T @ delta
            grad_W[l] /= n
            # --8<-- [end:bp4]
            if l > 0:
                # --8<-- [start:bp2]
                # BP2: send the error back through W[l], then through f'(Z[l-1]).
                delta = self.activation.backprop(Zs[l - 1], As[l], delta @ self.weights[l].T)
                # --8<-- [end:bp2]

        cost = float(self.cost.value(Zs[-1], As[-1], Y, self.output).mean())
        return Gradients(cost, grad_W, grad_b, deltas)
    # --8<-- [end:backprop]

