"""The per-document index the components read instead of spaCy's objects agrees with spaCy."""

from __future__ import annotations

from newskg.builder.components.doc_index import doc_index


def test_the_index_lists_equal_the_token_attributes(nlp):
    text = (
        "Turkish President Recep Tayyip Erdogan said on Tuesday that \u201cthe talks must go on,\u201d "
        "and Russia's Foreign Ministry agreed.\n\nThe U.S. urged both sides to stop the fighting."
    )
    doc = nlp(text)
    index = doc_index(doc)
    assert index.doc is doc and index.text == doc.text
    assert index.texts == [t.text for t in doc]
    assert index.lower == [t.lower_ for t in doc]
    assert index.lemma == [t.lemma_.lower() for t in doc]
    assert index.pos == [t.pos_ for t in doc]
    assert index.space == [t.is_space for t in doc]
    assert index.starts == [t.idx for t in doc]
    assert index.ends == [t.idx + len(t.text) for t in doc]
    assert index.ents == [(e.start, e.end, e.label_) for e in doc.ents]
    assert index.sent_bounds == [(s.start, s.end) for s in doc.sents]
    assert all(index.sent_bounds[index.sent_of[t.i]][0] <= t.i < index.sent_bounds[index.sent_of[t.i]][1] for t in doc)
    # the quote region (character offsets) covers the quoted words and nothing after the closing mark
    assert len(index.quotes) == 1
    begin, end = index.quotes[0]
    assert "the talks must go on" in text[begin:end] and "Russia" not in text[begin:end]
    # a second doc gets its own index
    other = nlp("Iran denied it.")
    assert doc_index(other).texts == ["Iran", "denied", "it", "."]


def test_the_index_of_a_doc_without_tagger_reads_capitalised_words_as_proper():
    import spacy

    nlp = spacy.blank("en")
    doc = nlp("The UN and iPhone  maker\nApple met in Geneva.")
    index = doc_index(doc)
    assert index.proper == [t.is_alpha and (t.is_title or t.is_upper) for t in doc]
    assert index.pos == [t.pos_ for t in doc] and index.lemma == [t.lemma_.lower() for t in doc]
    assert index.space == [t.is_space for t in doc] and index.text == doc.text
    assert doc_index(nlp("")).texts == []


def test_the_index_lists_equal_the_token_attributes_on_a_long_article(nlp):
    from pathlib import Path

    text = sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))[0].read_text(encoding="utf-8")
    doc = nlp(text)
    index = doc_index(doc)
    assert index.text == doc.text
    assert index.texts == [t.text for t in doc] and index.lower == [t.lower_ for t in doc]
    assert index.lemma == [t.lemma_.lower() for t in doc] and index.pos == [t.pos_ for t in doc]
    assert index.proper == [t.pos_ == "PROPN" for t in doc]
    assert index.starts == [t.idx for t in doc] and index.space == [t.is_space for t in doc]
    assert index.deps == [t.dep_ for t in doc] and index.heads == [t.head.i for t in doc] and index.parsed
    assert index.punct == [t.is_punct for t in doc]
    assert [index.kids(t.i) for t in doc] == [[c.i for c in t.children] for t in doc]
    assert [index.subtree(t.i) for t in doc] == [[s.i for s in t.subtree] for t in doc]
    assert index.conj_heads == {t.i for t in doc if any(c.dep_ == "conj" for c in t.children)}


def test_the_subtree_follows_spacy_order_where_a_parse_crosses_itself():
    import spacy
    from spacy.tokens import Doc

    # "A hearing is scheduled on the issue today": the subtree of "hearing" takes in "on the issue",
    # which lies after "is scheduled" (a non-projective parse, set by hand)
    words = ["A", "hearing", "is", "scheduled", "on", "the", "issue", "today", "."]
    heads = [1, 3, 3, 3, 1, 6, 4, 3, 3]
    deps = ["det", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "npadvmod", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    index = doc_index(doc)
    assert [index.subtree(t.i) for t in doc] == [[s.i for s in t.subtree] for t in doc]
    assert index.subtree(1) == [0, 1, 4, 5, 6]


def test_a_parse_deeper_than_the_python_stack_still_has_its_subtrees():
    import spacy
    from spacy.tokens import Doc

    n = 3000  # each word the dependent of the next: a chain far deeper than the recursion limit
    heads = [i + 1 if i < n - 1 else i for i in range(n)]
    doc = Doc(spacy.blank("en").vocab, words=["w"] * n, heads=heads, deps=["dep"] * (n - 1) + ["ROOT"])
    index = doc_index(doc)
    assert index.subtree(n - 1) == list(range(n))
    assert index.subtree(5) == list(range(6))


def test_doc_extensions_read_from_user_data_are_what_doc_underscore_holds():
    import spacy

    from newskg.builder.components import doc_extension, facts_of
    from newskg.builder.facts import Document

    doc = spacy.blank("en")("Iran denied it.")
    assert doc_extension(doc, "newskg_facts") is None and doc_extension(doc, "newskg_document") is None
    doc._.newskg_document = Document(id="x", text="Iran denied it.")
    facts = facts_of(doc)
    assert facts.document.id == "x" and doc._.newskg_facts is facts
    assert doc_extension(doc, "newskg_facts") is facts and facts_of(doc) is facts
    other = spacy.blank("en")("Iran denied it.")
    assert facts_of(other) is not facts and facts_of(other).document.id == ""
