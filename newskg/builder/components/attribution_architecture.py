"""The architectures of the attribution model, registered with spaCy's registry.

- ``newskg.CNNBiLSTMEncoder.v1``: spaCy's window-CNN encoder followed by a bidirectional LSTM
  (thinc's own, in NumPy: no PyTorch). The CNN sees a few words either side; the LSTM carries what a
  reporting verb or an opening quote mark says to every word of a long content span, which a window
  cannot reach.
- ``newskg.HashAndTensorEmbed.v1``: spaCy's hash embeddings of token attributes, concatenated with
  the token vectors the main pipeline already computed (its ``doc.tensor``, the output of
  en_core_web_sm's shared tok2vec: read, never trained or changed), mixed down to one width. The
  model runs on a copy of the Doc, which carries those vectors in ``user_data[MAIN_TENSOR]`` (its own
  ``doc.tensor`` is where its own tok2vec puts its output for its tagger).

Importing this module registers them; :mod:`.attribution_model` does so before it loads the shipped
model, and ``make train`` passes it to ``spacy train`` with ``--code``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import LSTM, Maxout, Model, chain, concatenate, with_array, with_padded
from thinc.types import Floats2d

__all__ = ["MAIN_TENSOR", "cnn_bilstm_encoder", "main_tensor", "hash_and_tensor_embed"]

#: The ``Doc.user_data`` key of the main pipeline's token vectors on the model's copy of a Doc.
MAIN_TENSOR = "newskg_main_tensor"


@registry.architectures("newskg.CNNBiLSTMEncoder.v1")
def cnn_bilstm_encoder(
    width: int, depth: int, window_size: int, maxout_pieces: int, lstm_depth: int, lstm_dropout: float
) -> Model[list[Floats2d], list[Floats2d]]:
    """``depth`` window-CNN layers of ``width`` (none when 0) then ``lstm_depth`` bidirectional LSTM
    layers whose two directions together are ``width`` wide (so ``width`` must be even)."""
    lstm = with_padded(LSTM(nO=width, nI=width, bi=True, depth=lstm_depth, dropout=lstm_dropout))
    if depth > 0:
        cnn = MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=maxout_pieces, depth=depth)
        model: Model[list[Floats2d], list[Floats2d]] = chain(cnn, lstm)
    else:
        model = lstm
    model.set_dim("nO", width)
    return model


def main_tensor(width: int) -> Model[list[Doc], list[Floats2d]]:
    """Each Doc's ``user_data[MAIN_TENSOR]`` as it is (zeros when the Doc has none of that width); no
    gradient flows back into it."""
    return Model("main_tensor", _main_tensor_forward, dims={"nO": width})


def _main_tensor_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Floats2d], Callable]:
    width = model.get_dim("nO")
    out = []
    for doc in docs:
        tensor = doc.user_data.get(MAIN_TENSOR)
        if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), width):
            out.append(model.ops.alloc2f(len(doc), width))
        else:
            out.append(model.ops.asarray2f(tensor))

    def backprop(d_out: list[Floats2d]) -> list[Doc]:
        return []

    return out, backprop


@registry.architectures("newskg.HashAndTensorEmbed.v1")
def hash_and_tensor_embed(
    width: int, attrs: list[str], rows: list[int], tensor_width: int, maxout_pieces: int = 3
) -> Model[list[Doc], list[Floats2d]]:
    """Hash embeddings of ``attrs`` (``width`` wide) beside the Docs' ``tensor_width``-wide token
    vectors, mixed by a maxout layer into ``width``."""
    hashes = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=False)
    mix = with_array(Maxout(nO=width, nI=width + tensor_width, nP=maxout_pieces, normalize=True))
    model: Model[list[Doc], list[Floats2d]] = chain(concatenate(hashes, main_tensor(tensor_width)), mix)
    model.set_dim("nO", width)
    return model
