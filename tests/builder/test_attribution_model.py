"""The learned attribution model's pieces: the tag scheme, the grouping of role spans into
attributions, and the component on texts written for these tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy
import pytest
import spacy

from newskg.builder.components.attribution_grouping import ParseView, group_spans, merge_close_cues
from newskg.builder.components.attribution_model import AttributionModel, default_model_path, parse_view
from newskg.builder.components.attribution_tags import (
    TAGS,
    best_tags,
    best_tags_batch,
    bio_tags,
    role_token_spans,
    spans_from_tags,
)
from newskg.builder.facts import AttributionProposal
from newskg.builder.pipeline import resolve_model
from newskg.errors import ExtractionError


@dataclass
class Gold:
    cue: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...] = ()
    content: tuple[tuple[int, int], ...] = ()

    @property
    def content_spans(self) -> tuple[tuple[int, int], ...]:
        return self.content


def char_span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return (start, start + len(phrase))


def test_character_spans_become_tags_without_overlaps():
    nlp = spacy.blank("en")
    text = '"Talks will resume," the envoy said on Tuesday.'
    doc = nlp(text)
    gold = Gold(cue=(char_span(text, "said"),), source=(char_span(text, "the envoy"),),
                content=(char_span(text, '"Talks will resume,"'),))
    # a second, overlapping attribution: the cue keeps its token, the content loses it
    nested = Gold(cue=(char_span(text, "will"),), content=(char_span(text, "will resume"),))
    spans = role_token_spans(doc, [gold, nested])
    tags = bio_tags(len(doc), spans)
    assert [(doc[s:e].text, role) for s, e, role in spans] == [
        ('"Talks', "CONTENT"), ("will", "CUE"), ('resume,"', "CONTENT"), ("the envoy", "SOURCE"), ("said", "CUE"),
    ]
    assert spans_from_tags(tags) == [(s, e, r) for s, e, r in spans]
    assert set(tags) <= set(TAGS)


def test_tags_read_leniently_and_decoded_validly():
    assert spans_from_tags(["I-CUE", "I-CUE", "O", "I-CONTENT", "B-CONTENT"]) == [
        (0, 2, "CUE"), (3, 4, "CONTENT"), (4, 5, "CONTENT"),
    ]
    labels = ["O", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
    # argmax would open the content with I-CONTENT after O; the decoder keeps the sequence valid
    probs = numpy.array([[0.9, 0.05, 0.0, 0.05, 0.0], [0.3, 0.0, 0.0, 0.3, 0.4], [0.1, 0.0, 0.0, 0.1, 0.8]])
    assert [labels[k] for k in best_tags(probs, labels)] == ["O", "B-CONTENT", "I-CONTENT"]
    assert best_tags(numpy.zeros((0, 5)), labels) == []


def test_a_batch_decodes_each_document_as_alone():
    """The batched Viterbi pads the shorter documents: each path is the one its document has alone,
    of its own length, and an empty document has none."""
    labels = ["O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT"]
    rng = numpy.random.default_rng(7)
    tables = [rng.dirichlet(numpy.ones(7) * 0.3, size=n) for n in (40, 1, 0, 17, 40, 3)]
    tables.append(numpy.round(rng.dirichlet(numpy.ones(7) * 0.3, size=25), 1))  # ties
    alone = [best_tags_batch([t], labels)[0] for t in tables]
    assert best_tags_batch(tables, labels) == alone
    assert [len(p) for p in alone] == [len(t) for t in tables]
    inside = {j for j, label in enumerate(labels) if label.startswith("I-")}
    for path in alone:  # valid BIO: an I- tag follows a tag of its role
        assert all(k not in inside or (i and labels[path[i - 1]][2:] == labels[k][2:]) for i, k in enumerate(path))


def parse_of(nlp, text):
    return nlp(text)


@pytest.fixture(scope="module")
def english():
    return spacy.load(resolve_model(None))


def test_sources_and_contents_go_to_their_own_cue(english):
    text = "The mayor said the bridge would reopen. Critics, however, argued that it was unsafe."
    doc = english(text)

    def tokens(phrase: str) -> tuple[int, int]:
        span = doc.char_span(*char_span(text, phrase))
        return (span.start, span.end)

    groups = group_spans(
        [tokens("said"), tokens("argued")],
        [tokens("The mayor"), tokens("Critics")],
        [tokens("the bridge would reopen"), tokens("that it was unsafe")],
        parse_view(doc),
    )
    assert [(doc[g.cue[0]:g.cue[1]].text, [doc[a:b].text for a, b in g.sources],
             [doc[a:b].text for a, b in g.contents]) for g in groups] == [
        ("said", ["The mayor"], ["the bridge would reopen"]),
        ("argued", ["Critics"], ["that it was unsafe"]),
    ]


def test_a_quote_before_its_cue_and_a_second_source_that_moves_on():
    # tokens: 0-4 a quote, 5 "he", 6 "said", 7 ".", 8 "She", 9 "agreed"
    parse = ParseView(heads=list(range(10)), deps=[""] * 10, sentences=[0] * 8 + [1] * 2)
    groups = group_spans([(6, 7), (9, 10)], [(5, 6), (8, 9)], [(0, 5)], parse)
    assert [(g.cue, g.sources, g.contents) for g in groups] == [((6, 7), [(5, 6)], [(0, 5)]), ((9, 10), [(8, 9)], [])]
    assert group_spans([], [(0, 1)], [(2, 3)], parse) == []


def test_content_after_the_cue_does_not_take_the_quote_before_it(english):
    """'X says B' reports B: the quote the paragraph before ends with is not part of it, though the
    parser puts that quote's closing mark into X's sentence; a quote that goes on after '"A," X said.'
    stays."""
    text = ('The mine was sold to Mr. Clarke. "He stepped in when no one else would."\n\n'
            'Mr. Clarke says he relies on seasoned coal executives. "We will reopen," Ms. Reyes said. "All of it."')
    doc = english(text)

    def tokens(phrase: str) -> tuple[int, int]:
        span = doc.char_span(*char_span(text, phrase))
        return (span.start, span.end)

    quote_before = tokens('"He stepped in when no one else would."')
    said = [tokens("says"), tokens("said")]
    contents = [quote_before, tokens("he relies on seasoned coal executives"), tokens('"We will reopen,"'),
                tokens('"All of it."')]
    groups = group_spans(said, [], contents, parse_view(doc))
    assert [[doc[a:b].text for a, b in g.contents] for g in groups] == [
        ["he relies on seasoned coal executives"],
        ['"We will reopen,"', '"All of it."'],
    ]


def test_fragments_of_one_cue_are_joined():
    assert merge_close_cues([(1, 2), (3, 4), (7, 8)], 1) == [(1, 4), (7, 8)]
    assert merge_close_cues([(1, 2), (3, 4)], 0) == [(1, 2), (3, 4)]


MODEL = default_model_path()
needs_model = pytest.mark.skipif(not (MODEL / "config.cfg").exists(), reason="the model is not trained (make train)")


@pytest.fixture(scope="module")
def with_model():
    nlp = spacy.load(resolve_model(None))
    nlp.add_pipe("newskg_attribution_model")
    return nlp


@needs_model
def test_the_model_proposes_cue_source_and_content(with_model):
    doc = with_model("The foreign minister said on Monday that the talks would resume next week.")
    proposals = doc._.newskg_attributions
    assert proposals and all(isinstance(p, AttributionProposal) for p in proposals)
    said = next(p for p in proposals if p.cue.text.split()[0] == "said")  # 1.1.0 reads "said on"
    assert [s.text for s in said.sources] == ["The foreign minister"]
    assert "the talks would resume next week" in said.content_text
    assert 0.5 < said.score <= 1.0
    for proposal in proposals:  # offsets point into the text
        assert doc.text[proposal.cue.start : proposal.cue.end] == proposal.cue.text


@needs_model
def test_the_model_leaves_the_main_pipeline_annotation_alone(english, with_model):
    text = '"We will not accept this," a government spokeswoman told reporters in Oslo.'
    plain, annotated = english(text), with_model(text)
    for attr in ("TAG", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "LEMMA"):
        assert (plain.to_array([attr]) == annotated.to_array([attr])).all(), attr
    assert (plain.tensor == annotated.tensor).all()
    told = next(p for p in annotated._.newskg_attributions if p.cue.text.startswith("told"))
    assert any("spokeswoman" in s.text for s in told.sources)


@needs_model
def test_pipe_gives_what_single_calls_give(with_model):
    texts = ["Officials said the border would stay closed.", "Nothing happened.", "She argued it was late."]
    one_by_one = [with_model(t)._.newskg_attributions for t in texts]
    assert [d._.newskg_attributions for d in with_model.pipe(texts, batch_size=2)] == one_by_one
    assert one_by_one[1] == []


def test_a_missing_model_is_an_extraction_error(tmp_path):
    nlp = spacy.blank("en")
    component = AttributionModel(nlp, "x", model_path=tmp_path / "nowhere")
    with pytest.raises(ExtractionError, match="nowhere"):
        component(nlp("Text."))


def test_the_model_names_its_version_from_its_meta_without_loading(tmp_path):
    english = spacy.blank("en")
    assert AttributionModel(english, "m").version == "newskg_attribution-1.1.0"  # the shipped one
    (tmp_path / "meta.json").write_text('{"name": "mine", "version": "2.0.0"}', encoding="utf-8")
    assert AttributionModel(english, "m", model_path=tmp_path).version == "mine-2.0.0"
    assert AttributionModel(english, "m", model_path=tmp_path / "absent").version == "unversioned"


@needs_model
def test_a_store_rebuilds_its_documents_when_the_learned_model_changes(monkeypatch):
    """The content hash a store keeps per document names the learned model's version: a build with
    another model reads the document again instead of skipping it as unchanged."""
    from newskg.builder.document_builder import Builder
    from newskg.builder.facts import Document

    document = Document(id="d1", text="Russia accused Ukraine of shelling the plant.")
    shipped = Builder(offline=True)
    rules_only = Builder(offline=True, learned=False)
    monkeypatch.setattr(AttributionModel, "version", property(lambda self: "newskg_attribution-9.9.9"))
    other = Builder(offline=True)
    assert "newskg_attribution-1.1.0" in shipped.pipeline_version
    assert len({shipped.hash_of(document), other.hash_of(document), rules_only.hash_of(document)}) == 3


@needs_model
def test_the_graph_names_the_attribution_model_that_took_part():
    """The build activity of a default build names the learned model beside spaCy's (a SPARQL user can
    tell which graphs the model read); a rules-only build names none and is another activity."""
    from newskg.builder.document_builder import Builder
    from newskg.builder.facts import Document
    from newskg.ontology.terms import NK

    document = Document(id="d1", text="Russia accused Ukraine of shelling the plant.")
    activities = {}
    for name, builder in (("default", Builder(offline=True)), ("rules", Builder(offline=True, learned=False))):
        triples = list(builder.graph(document).triples)
        (activity,) = {t.subject for t in triples if t.predicate.value == str(NK.spacyModel)}
        activities[name] = activity.value
        said = [t for t in triples if t.subject == activity and t.predicate.value == str(NK.attributionModel)]
        models = [t.object.value for t in said]
        assert models == (["newskg_attribution-1.1.0"] if name == "default" else [])
    assert activities["default"] != activities["rules"]
    assert activities["default"].endswith("/newskg_attribution-1.1.0")
