r"""The sparse energy-based encoder-decoder of Ranzato, Poultney, Chopra and LeCun (2007).

"Efficient learning of sparse representations with an energy-based model"
(NIPS 19, 2006 conference).  A linear encoder predicts a code ``Z`` from the
input ``X``; a "sparsifying logistic" turns the code into a sparse,
nearly binary vector ``Zbar``; a linear decoder reconstructs ``X`` from
``Zbar``.  The energy of an input and a code is the sum of how far the code
is from the encoder's prediction and how badly it reconstructs the input.
Learning alternates two steps: find the code of minimum energy, starting
from the encoder's prediction, then take one gradient step on the encoder
and decoder weights at that code.

Arrays are row-major batches: ``X`` has shape ``(n_samples, n_visible)``,
``Z`` and ``Zbar`` have shape ``(n_samples, n_code)``; the encoder
``W_c`` has shape ``(n_visible, n_code)`` (``Z = X @ W_c``) and the decoder
``W_d`` has shape ``(n_code, n_visible)`` (``X_hat = Zbar @ W_d``): each
is the transpose of the paper's column-vector matrix.
"""

import numpy as np

from . import _checks
from .numerics import logsumexp, sigmoid
from .protocol import BatchGradients, all_finite, copy_model, diverged, momentum_step


class SparseEncoderDecoder:
    r"""Encoder, sparsifying logistic and decoder, trained by minimising an energy.

    Parameters
    ----------
    n_visible : int
        Input width.
    n_code : int
        Code width (the paper uses more code units than inputs:
        "overcomplete").
    beta : float, default 1.0
        :math:`\beta`, the gain of the sparsifying logistic: large values
        give nearly binary codes.
    eta : float, default 0.02
        :math:`\eta`, which sets both how sparse the code is (a unit that
        is always equally active settles at :math:`\bar z = \eta`) and the
        length of the running average, about :math:`1/\eta` examples.
    seed : int or numpy.random.Generator, default 0
        Source of the initial weights and of the shuffling in :meth:`fit`.
    dtype : numpy float dtype, default numpy.float64

    Attributes
    ----------
    W_c : ndarray of shape (n_visible, n_code)
        Encoder weights.
    W_d : ndarray of shape (n_code, n_visible)
        Decoder weights; row ``j`` is the image that code unit ``j`` adds
        to the reconstruction.
    log_zeta : ndarray of shape (n_code,)
        :math:`\ln \zeta_i`, the running average of :math:`e^{\beta z_i}`
        kept in the log domain so that it cannot overflow.  Fixed after
        training.
    code_energy, reconstruction_energy : list of float
        After each epoch of :meth:`fit`, the means over the epoch's examples
        of :math:`E_C` and :math:`E_D` at the minimum-energy codes.

    Notes
    -----
    The energy of input :math:`x` and code :math:`z` (Ranzato et al., eq. 1-3):

    .. math::

        E(x, z) = E_C + E_D
        = \tfrac12 \lVert z - x W_c \rVert^2 + \tfrac12 \lVert x - \bar z W_d \rVert^2.

    The sparsifying logistic of unit :math:`i` at the :math:`k`-th training
    example is

    .. math::

        \bar z_i(k) = \frac{\eta\, e^{\beta z_i(k)}}{\zeta_i(k)}, \qquad
        \zeta_i(k) = \eta\, e^{\beta z_i(k)} + (1 - \eta)\, \zeta_i(k-1),

    that is, a logistic with an adaptive threshold,
    :math:`\bar z_i = \sigma\bigl(\beta z_i - \ln\tfrac{(1-\eta)\zeta_i(k-1)}{\eta}\bigr)`.
    A unit that has been active recently has a large :math:`\zeta_i` and a
    high threshold: each unit is kept quiet on most examples, which is what
    makes the code sparse across the data set.

    Mini-batches: every example of a batch uses the :math:`\zeta` from
    before the batch, and :math:`\zeta` is then updated once with the
    batch mean of :math:`e^{\beta z}` and the rate
    :math:`1 - (1 - \eta)^{n_\text{batch}}`, which keeps the window at
    :math:`1/\eta` examples.  With ``batch_size=1`` this is the paper's
    per-example recursion exactly.

    With :math:`\zeta` held fixed, the gradient of the energy with respect
    to the code is

    .. math::

        \frac{\partial E}{\partial z} = (z - x W_c)
        - \beta\, \bar z (1 - \bar z) \odot \bigl((x - \bar z W_d) W_d^\top\bigr),

    and at the minimum-energy code :math:`z^*` the gradients with respect to
    the weights are :math:`-x^\top (z^* - x W_c)` and
    :math:`-\bar z^{*\top} (x - \bar z^* W_d)`.
    """

    def __init__(self, n_visible, n_code, beta=1.0, eta=0.02, seed=0, dtype=np.float64):
        self.n_visible = _checks.positive("n_visible", n_visible, integer=True)
        self.n_code = _checks.positive("n_code", n_code, integer=True)
        self.beta = _checks.positive("beta", beta)
        self.eta = _checks.positive("eta", eta)
        if eta >= 1:
            raise ValueError(f"eta must be in (0, 1), got {eta!r}")
        self.dtype = _checks.float_dtype(dtype)
        self._rng = _checks.rng_from(seed)
        self.W_c = (self._rng.standard_normal((n_visible, n_code)) / np.sqrt(n_visible)).astype(
            self.dtype)
        self.W_d = (0.01 * self._rng.standard_normal((n_code, n_visible))).astype(
            self.dtype)
        # zeta starts at e^{beta * 0} = 1: no unit has been active yet.
        self.log_zeta = np.zeros(n_code, dtype=self.dtype)
        self.code_energy = []
        self.reconstruction_energy = []

    def __repr__(self):
        return (f"SparseEncoderDecoder(n_visible={self.n_visible}, n_code={self.n_code}, "
                f"beta={self.beta}, eta={self.eta}, dtype={self.dtype.name})")

    def parameters(self):
        """``[W_c, W_d]``, the arrays themselves."""
        return [self.W_c, self.W_d]

    def copy(self):
        """An independent copy: parameters, training state and random generator."""
        return copy_model(self)

    # -- checks --------------------------------------------------------------

    def _input(self, X, name="X"):
        return _checks.matrix(name, X, self.n_visible, self.dtype, owner="the model")

    def _code(self, Z, name="Z"):
        return _checks.matrix(name, Z, self.n_code, self.dtype, what="code units",
                              owner="the model")

    # -- the model --------------------------------------------------------------

    @property
    def threshold(self):
        r"""The logistic's threshold :math:`\ln((1-\eta)\zeta/\eta)`, shape ``(n_code,)``."""
        return self.log_zeta + self.dtype.type(np.log((1 - self.eta) / self.eta))

    def sparsify(self, Z):
        r"""The sparsifying logistic with the current, fixed :math:`\zeta`.

        Parameters
        ----------
        Z : array_like of shape (n_samples, n_code)

        Returns
        -------
        ndarray of shape (n_samples, n_code), values in (0, 1)
        """
        return self._sparsify(self._code(Z))

    def predict_code(self, X):
        """The encoder's prediction ``Z = X @ W_c``, shape ``(n_samples, n_code)``."""
        return self._input(X) @ self.W_c

    def encode(self, X):
        """Sparse code of the encoder's prediction, ``sparsify(X @ W_c)``: fast, no descent.

        Returns
        -------
        ndarray of shape (n_samples, n_code)
        """
        return self._sparsify(self.predict_code(X))

    transform = encode

    def decode(self, Zbar):
        """Reconstruction ``Zbar @ W_d`` from sparse codes, shape ``(n_samples, n_visible)``."""
        return self._code(Zbar, "Zbar") @ self.W_d

    def energy(self, X, Z):
        """Code-prediction and reconstruction energies of each row.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        Z : array_like of shape (n_samples, n_code)

        Returns
        -------
        E_C, E_D : ndarray of shape (n_samples,)
            Their sum is the energy :math:`E(x, z)`.
        """
        X, Z = self._input(X), self._code(Z)
        _checks.same_rows("X", X, "Z", Z)
        return self._energies(X, Z)

    def code_gradient(self, X, Z):
        r""":math:`\partial E / \partial z` for each row, with :math:`\zeta` held fixed.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        Z : array_like of shape (n_samples, n_code)

        Returns
        -------
        ndarray of shape (n_samples, n_code)
        """
        X, Z = self._input(X), self._code(Z)
        _checks.same_rows("X", X, "Z", Z)
        return self._code_gradient(X, Z, X @ self.W_c)

    def weight_gradients(self, X, Z):
        r"""Gradients of the batch-mean energy with respect to ``W_c`` and ``W_d`` at codes ``Z``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        Z : array_like of shape (n_samples, n_code)

        Returns
        -------
        grad_W_c : ndarray of shape (n_visible, n_code)
        grad_W_d : ndarray of shape (n_code, n_visible)
        """
        X, Z = self._input(X), self._code(Z)
        _checks.same_rows("X", X, "Z", Z)
        grad_W_c, grad_W_d, _, _ = self._weight_gradients(X, Z)
        return grad_W_c, grad_W_d

    def infer(self, X, steps=20, rate=0.1):
        r"""Minimum-energy codes, by gradient descent from the encoder's prediction.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        steps : int, default 20
            Gradient steps on the code.
        rate : float, default 0.1
            Step size.

        Returns
        -------
        ndarray of shape (n_samples, n_code)
            The codes :math:`z^*`; ``sparsify`` gives :math:`\bar z^*`.
        """
        X = self._input(X)
        _checks.positive("steps", steps, integer=True, allow_zero=True)
        _checks.positive("rate", rate)
        return self._infer(X, steps, self.dtype.type(rate))

    def reconstruct(self, X, steps=20, rate=0.1):
        """Decode the sparse minimum-energy code of ``X``: shape ``(n_samples, n_visible)``."""
        return self._sparsify(self.infer(X, steps, rate)) @ self.W_d

    # -- the model protocol (see gradlib.protocol): unchecked, for trainers ----

    def batch_cost(self, X, Z):
        """Batch-mean energy ``E_C + E_D`` at codes ``Z`` (``zeta`` fixed), without checks."""
        e_code, e_recon = self._energies(X, Z)
        return float((e_code + e_recon).mean())

    def batch_gradients(self, X, Z):
        """Gradients of :meth:`batch_cost` with respect to ``[W_c, W_d]``, without checks."""
        grad_W_c, grad_W_d, e_code, e_recon = self._weight_gradients(X, Z)
        return BatchGradients(e_code + e_recon, [grad_W_c, grad_W_d])

    # -- learning ----------------------------------------------------------------

    def fit(self, X, epochs=10, learning_rate=0.01, batch_size=10, code_steps=20,
            code_rate=0.1, seed=None, observe=None):
        r"""Alternate minimum-energy codes and one gradient step on ``W_c`` and ``W_d``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_visible)
        epochs : int, default 10
        learning_rate : float, default 0.01
            Step on the weights, for the batch-mean gradient.
        batch_size : int, default 10
            ``1`` follows the paper's per-example updates exactly.
        code_steps : int, default 20
            Gradient steps towards the minimum-energy code of each batch.
        code_rate : float, default 0.1
            Their step size.
        seed : int or numpy.random.Generator, optional
            Source of the shuffling; by default the model's own generator.
        observe : callable, optional
            Called as ``observe(epoch, model)`` after each epoch.

        Returns
        -------
        SparseEncoderDecoder
            ``self``, trained.

        Notes
        -----
        For each batch: (1) :math:`z \leftarrow x W_c`; (2) ``code_steps``
        steps of :math:`z \leftarrow z - \alpha\, \partial E/\partial z`;
        (3) :math:`W_c \leftarrow W_c + \epsilon\, x^\top (z^* - x W_c)/n`
        and :math:`W_d \leftarrow W_d + \epsilon\, \bar z^{*\top}(x - \bar z^* W_d)/n`;
        (4) update :math:`\zeta` with the batch's :math:`z^*`.
        """
        X = self._input(X)
        _checks.positive("epochs", epochs, integer=True, allow_zero=True)
        _checks.positive("learning_rate", learning_rate)
        _checks.positive("batch_size", batch_size, integer=True)
        _checks.positive("code_steps", code_steps, integer=True, allow_zero=True)
        _checks.positive("code_rate", code_rate)
        rng = self._rng if seed is None else _checks.rng_from(seed)
        n = X.shape[0]
        _checks.callback("observe", observe)
        alpha = self.dtype.type(code_rate)
        # Overflow on the way to divergence is reported once, as DivergenceError.
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                epoch = len(self.code_energy) + 1
                Xs = X[rng.permutation(n)]
                e_c = e_d = 0.0
                for batch, start in enumerate(range(0, n, batch_size)):
                    Xb = Xs[start:start + batch_size]
                    m = Xb.shape[0]
                    Z = self._infer(Xb, code_steps, alpha)
                    grad_W_c, grad_W_d, e_code, e_recon = self._weight_gradients(Xb, Z)
                    if not np.isfinite(e_code + e_recon):
                        raise diverged("training", epoch, batch, learning_rate=learning_rate,
                                       code_rate=code_rate)
                    e_c += m * e_code
                    e_d += m * e_recon
                    momentum_step([self.W_c, self.W_d], [grad_W_c, grad_W_d], learning_rate)
                    self._update_zeta(Z)
                if not all_finite([self.W_c, self.W_d, self.log_zeta]):
                    raise diverged("training", epoch, batch, learning_rate=learning_rate,
                                       code_rate=code_rate)
                self.code_energy.append(e_c / n)
                self.reconstruction_energy.append(e_d / n)
                if observe is not None:
                    observe(epoch, self)
        return self

    # -- the computation, unchecked -------------------------------------------------

    # --8<-- [start:sparsify]
    def _sparsify(self, Z):
        # zbar = sigma(beta z - ln((1 - eta) zeta / eta)), with zeta fixed.
        A = self.dtype.type(self.beta) * Z
        A -= self.threshold
        return sigmoid(A, out=A)

    def _update_zeta(self, Z):
        m = Z.shape[0]
        # The batch mean of e^{beta z}, in the log domain.
        A = self.beta * Z.astype(np.float64)
        log_mean = logsumexp(A, axis=0) - np.log(m)
        # zeta <- rate * mean(e^{beta z}) + (1 - rate) * zeta, with the rate
        # of m single steps of size eta.
        rate = 1.0 - (1.0 - self.eta) ** m
        self.log_zeta[:] = np.logaddexp(np.log(rate) + log_mean,
                                        np.log1p(-rate) + self.log_zeta)
    # --8<-- [end:sparsify]

    def _energies(self, X, Z):
        code_error = Z - X @ self.W_c
        recon_error = X - self._sparsify(Z) @ self.W_d
        return (0.5 * np.einsum("ij,ij->i", code_error, code_error),
                0.5 * np.einsum("ij,ij->i", recon_error, recon_error))

    # The --8<-- comments mark the lines that the sparse energy-based page shows.
    # --8<-- [start:infer]
    def _code_gradient(self, X, Z, Z_pred):
        Zbar = self._sparsify(Z)
        back = (X - Zbar @ self.W_d) @ self.W_d.T
        back *= Zbar
        back *= 1.0 - Zbar
        back *= self.dtype.type(self.beta)
        # dE/dZ = (Z - Z_pred) - beta zbar (1 - zbar) (x - zbar W_d) W_d^T
        grad = Z - Z_pred
        grad -= back
        return grad

    def _weight_gradients(self, X, Z):
        """Gradients of the batch-mean energy, and the batch-mean E_C and E_D."""
        m = X.shape[0]
        Zbar = self._sparsify(Z)
        code_error = Z - X @ self.W_c
        recon_error = X - Zbar @ self.W_d
        grad_W_c = X.T @ code_error
        grad_W_c /= -m
        grad_W_d = Zbar.T @ recon_error
        grad_W_d /= -m
        e_code = 0.5 * float(np.vdot(code_error, code_error)) / m
        e_recon = 0.5 * float(np.vdot(recon_error, recon_error)) / m
        return grad_W_c, grad_W_d, e_code, e_recon

    def _infer(self, X, steps, rate):
        Z_pred = X @ self.W_c
        Z = Z_pred.copy()
        for _ in range(steps):
            grad = self._code_gradient(X, Z, Z_pred)
            grad *= rate
            Z -= grad
        return Z
    # --8<-- [end:infer]

