"""Every spaCy factory newskg registers, in one place, so the whole pipeline is visible at once.

Pipeline order (see :func:`newskg.builder.pipeline.load_pipeline`)::

    <model: tok2vec, tagger, parser, ner, ...>
      -> newskg_attribution_model   the learned attribution model (default on; learned=False leaves it
                              out): cue/source/content proposals on doc._.newskg_attributions
      -> newskg_actors        NER spans -> canonical actors (gazetteer: capitals, demonyms, metonyms)
      -> newskg_conflicts     named / described conflicts
      -> newskg_speech_acts   speech acts and consultations with their participants; reads the
                              model's proposals after the lexicon's cues (components/speech/learned.py)
      -> newskg_relations     supports, mediates, memberOf, holdsPosition

Each component only annotates ``doc._.newskg_facts`` (see :mod:`newskg.builder.components`); the
model component only ``doc._.newskg_attributions``. It is not in :data:`COMPONENTS`: it runs batched
with the spaCy model's own pipes (``nlp.pipe``), the rules document by document.
"""

from __future__ import annotations

from spacy.language import Language

__all__ = ["COMPONENTS"]

#: The newskg components in the order they run.
COMPONENTS: tuple[str, ...] = ("newskg_actors", "newskg_conflicts", "newskg_speech_acts", "newskg_relations")


@Language.factory(
    "newskg_actors",
    default_config={"gazetteer_path": None},
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc._.newskg_facts"],
)
def make_actor_resolver(nlp: Language, name: str, gazetteer_path: str | None):
    """Actors from NER spans and noun phrases, normalised to canonical actors.

    gazetteer_path: a gazetteer file to use instead of the one shipped with newskg.
    """
    from .components.actors import ActorResolver

    return ActorResolver(nlp, name, gazetteer_path=gazetteer_path)


@Language.factory(
    "newskg_conflicts",
    default_config={},
    requires=["doc._.newskg_facts"],
    assigns=["doc._.newskg_facts"],
)
def make_conflict_finder(nlp: Language, name: str):
    """Named or described conflicts ("the war in and around Karabakh") as Conflict facts."""
    from .components.conflicts import ConflictFinder

    return ConflictFinder(nlp, name)


@Language.factory(
    "newskg_speech_acts",
    default_config={"lexicon_path": None, "min_confidence": 0.0},
    requires=["doc._.newskg_facts", "token.dep", "token.lemma"],
    assigns=["doc._.newskg_facts"],
)
def make_speech_act_extractor(nlp: Language, name: str, lexicon_path: str | None, min_confidence: float):
    """Speech acts and consultations: cue, type, speaker, addressee, target, content.

    lexicon_path: a cue lexicon (JSON, the shape of newskg/builder/data/speech_acts_cues.json) to use
        instead of the shipped one.
    min_confidence: acts below this confidence are not kept (0 keeps every act).
    """
    from .components.cues import CueLexicon
    from .components.speech_acts import SpeechActExtractor

    lexicon = CueLexicon.from_path(lexicon_path) if lexicon_path else None
    return SpeechActExtractor(nlp, name, lexicon=lexicon, min_confidence=min_confidence)


@Language.factory(
    "newskg_relations",
    default_config={},
    requires=["doc._.newskg_facts", "token.dep"],
    assigns=["doc._.newskg_facts"],
)
def make_relation_extractor(nlp: Language, name: str):
    """Relations between actors and conflicts: supports, mediates, memberOf, holdsPosition."""
    from .components.relations import RelationExtractor

    return RelationExtractor(nlp, name)


@Language.factory(
    "newskg_attribution_model",
    default_config={"model_path": None, "batch_size": 8, "min_score": 0.0},
    requires=["token.tag", "token.dep"],
    assigns=["doc._.newskg_attributions"],
)
def make_attribution_model(nlp: Language, name: str, model_path: str | None, batch_size: int, min_score: float):
    """The learned attribution model (cue, source and content spans grouped into attributions), as
    :class:`~newskg.builder.facts.AttributionProposal` on ``doc._.newskg_attributions``.

    model_path: a model directory to use instead of the shipped one (newskg/builder/models/attribution).
    batch_size: documents the model runs on at once in ``nlp.pipe``.
    min_score: proposals whose cue scores below this are dropped (0 keeps every proposal).
    """
    from .components.attribution_model import AttributionModel

    return AttributionModel(nlp, name, model_path=model_path, batch_size=batch_size, min_score=min_score)
