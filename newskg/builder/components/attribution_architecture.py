"""The encoder architecture of the attribution model, registered with spaCy's registry.

``newskg.CNNBiLSTMEncoder.v1`` is spaCy's window-CNN encoder followed by a bidirectional LSTM (thinc's
own, in NumPy: no PyTorch). The CNN sees a few words either side; the LSTM carries what a reporting
verb or an opening quote mark says to every word of a long content span, which a window cannot reach
(on PolNeAR dev the CNN alone reaches content overlap 0.65, with the LSTM 0.81).

Importing this module registers it; :mod:`.attribution_model` does so before it loads the shipped
model, and ``make train`` passes it to ``spacy train`` with ``--code``.
"""

from __future__ import annotations

from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.util import registry
from thinc.api import LSTM, Model, chain, with_padded
from thinc.types import Floats2d

__all__ = ["cnn_bilstm_encoder"]


@registry.architectures("newskg.CNNBiLSTMEncoder.v1")
def cnn_bilstm_encoder(
    width: int, depth: int, window_size: int, maxout_pieces: int, lstm_depth: int, lstm_dropout: float
) -> Model[list[Floats2d], list[Floats2d]]:
    """``depth`` window-CNN layers of ``width`` (none when 0) then ``lstm_depth`` bidirectional LSTM
    layers whose two directions together are ``width`` wide (so ``width`` must be even)."""
    lstm: Model[list[Floats2d], list[Floats2d]] = with_padded(
        LSTM(nO=width, nI=width, bi=True, depth=lstm_depth, dropout=lstm_dropout)
    )
    if depth > 0:
        cnn = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
        model: Model[list[Floats2d], list[Floats2d]] = chain(cnn, lstm)
    else:
        model = lstm
    model.set_dim("nO", width)
    return model
