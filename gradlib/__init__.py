"""gradlib: a small numpy library for feed-forward networks with backprop written out.

The library behind "Training deep networks: an executable guide". Everything
is plain numpy, one module per concept:

- :mod:`gradlib.activations` and :mod:`gradlib.costs`: the functions and their derivatives;
- :mod:`gradlib.initializers`: how the weights start;
- :mod:`gradlib.network`: the forward pass and backpropagation;
- :mod:`gradlib.training`: mini-batch SGD and the history it records;
- :mod:`gradlib.deep`: batch normalisation and residual connections;
- :mod:`gradlib.gradcheck`: backprop against finite differences;
- :mod:`gradlib.data`: scikit-learn's bundled 8x8 digits;
- :mod:`gradlib.rbm`: the restricted Boltzmann machine of deep belief nets;
- :mod:`gradlib.autoencoder`: the (denoising) autoencoder of stacked autoencoders;
- :mod:`gradlib.pretraining`: greedy layer-wise stacks handed to a network;
- :mod:`gradlib.updown`: Hinton et al.'s deep belief net with a label memory, fine-tuned up-down;
- :mod:`gradlib.sparse`: Ranzato et al.'s sparse energy-based encoder-decoder;
- :mod:`gradlib.stats`: intervals over seeds and paired tests for comparing runs;
- :mod:`gradlib.protocol`: the protocol every model implements for its trainers;
- :mod:`gradlib.numerics`: the stable sigmoid, softplus, log-sum-exp and softmax they share.
"""

from .activations import ACTIVATIONS, OUTPUTS
from .autoencoder import Autoencoder, AutoencoderGradients
from .costs import COSTS
from .data import Digits, load_digits, one_hot
from .deep import DeepGradients, DeepNetwork, DeepTrace
from .gradcheck import GradientCheck, gradient_check, numerical_gradient, relative_error
from .initializers import INITIALIZERS
from .network import Gradients, Network, Trace
from .pretraining import DBN, StackedAutoencoder
from .rbm import RBM, RBMGradients
from .sparse import SparseEncoderDecoder
from .stats import (
    PairedResult,
    Summary,
    bootstrap_interval,
    mcnemar,
    paired_bootstrap,
    paired_t,
    summarize,
)
from .training import SGD, DivergenceError, History, train
from .updown import AssociativeMemory, UpDownDBN, UpDownUpdate

__all__ = [
    "ACTIVATIONS", "COSTS", "INITIALIZERS", "OUTPUTS", "DeepGradients", "DeepNetwork",
    "DeepTrace", "Digits", "DivergenceError", "GradientCheck", "Gradients", "History",
    "Network", "SGD", "Trace", "gradient_check", "load_digits", "numerical_gradient",
    "one_hot", "relative_error", "train",
    # Pretraining models.
    "Autoencoder", "AutoencoderGradients", "DBN", "RBM", "RBMGradients",
    "SparseEncoderDecoder", "StackedAutoencoder",
    # Hinton, Osindero and Teh's deep belief net.
    "AssociativeMemory", "UpDownDBN", "UpDownUpdate",
    # Statistics for comparing runs.
    "PairedResult", "Summary", "bootstrap_interval", "mcnemar", "paired_bootstrap",
    "paired_t", "summarize",
]
__version__ = "0.1.0"
