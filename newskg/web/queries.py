"""The app's own SPARQL: what each page reads, beside the canned queries it reuses.

Every query follows docs/rdf-model.md ("Reading labels at scale"), so each page's work grows with
what it shows, not with the square of the corpus: an actor's label is read inside ``GRAPH ?g`` of
the fact that names it; required patterns and class walks come before OPTIONALs; each OPTIONAL is
one pattern. Parameters (``?id``, ``?g``, ``?actor``, ``?types``, dates) are bound as RDF terms by
:func:`newskg.queries.binding.inject_values`, never pasted in. ``tests/web/test_scale.py`` checks
the growth of each with Oxigraph's ``--explain --stats``.
"""

from __future__ import annotations

from newskg.ontology.terms import NAMESPACE

__all__ = ["PAGE_QUERIES"]

PREFIXES = f"""PREFIX nk: <{NAMESPACE}>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
"""

# -- corpus overview -----------------------------------------------------------------------------
COUNT_ACTORS = PREFIXES + """
SELECT (COUNT(DISTINCT ?actor) AS ?n) WHERE { ?type rdfs:subClassOf* nk:Actor . GRAPH ?g { ?actor a ?type } }
"""

DOCUMENTS = PREFIXES + """
SELECT ?doc ?id ?date ?title WHERE {
  GRAPH ?g { ?doc a nk:NewsArticle ; nk:documentId ?id }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:title ?title } }
}
"""

# -- the act index: every communication event, read once per worker (newskg.web.index) ---------------
ACT_TYPES = PREFIXES + """
SELECT ?act ?type WHERE { ?type rdfs:subClassOf* nk:CommunicationEvent . ?act a ?type }
"""

# one query per property, each a single pattern over the union (an act is in one graph only)
ACT_PROPERTY = {
    name: PREFIXES + f"SELECT ?act ?value WHERE {{ ?act nk:{name} ?value }}"
    for name in ("speaker", "addressee", "target", "inDocument", "date", "confidence")
}

ACTOR_LABELS = PREFIXES + """
SELECT ?entity (MIN(?someLabel) AS ?label) WHERE {
  ?type rdfs:subClassOf* nk:Actor .
  GRAPH ?g { ?entity a ?type ; rdfs:label ?someLabel }
}
GROUP BY ?entity
"""

LABELS = PREFIXES + """
SELECT ?entity (MIN(?someLabel) AS ?label) WHERE { GRAPH ?g { ?entity rdfs:label ?someLabel } }
GROUP BY ?entity
"""

CONTENTS = PREFIXES + """
SELECT ?act ?content WHERE { GRAPH ?g { ?act nk:content ?content } }
"""

CONFLICTS = PREFIXES + """
SELECT ?conflict (MIN(?someLabel) AS ?label) (COUNT(DISTINCT ?g) AS ?documents) WHERE {
  ?type rdfs:subClassOf* nk:Conflict .
  GRAPH ?g { ?conflict a ?type ; rdfs:label ?someLabel }
}
GROUP BY ?conflict
ORDER BY DESC(?documents) ?label
"""

# -- article -------------------------------------------------------------------------------------
ARTICLE = PREFIXES + """
SELECT ?g ?doc ?text ?title ?date ?source WHERE {
  GRAPH ?g { ?doc nk:documentId ?id ; nif:isString ?text }
  OPTIONAL { GRAPH ?g { ?doc dcterms:title ?title } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:source ?source } }
}
LIMIT 1
"""

ARTICLE_ACTS = PREFIXES + """
SELECT ?act ?type ?property ?value WHERE {
  GRAPH ?g { ?act nk:cue ?cue ; a ?type ; ?property ?value }
  VALUES ?property { nk:speaker nk:addressee nk:target nk:topic nk:content nk:respondsTo nk:reportedBy
                     nk:confidence nk:negated nk:isQuote nk:modality nk:date nk:dateText nk:evidence }
}
"""

ARTICLE_SPANS = PREFIXES + """
SELECT ?act ?property ?mention ?begin ?end ?entity ?literal ?metonymy WHERE {
  GRAPH ?g { ?act nk:cue ?cue ; ?property ?mention . ?mention nif:beginIndex ?begin ; nif:endIndex ?end }
  VALUES ?property { nk:cue nk:speakerMention nk:addresseeMention nk:targetMention nk:contentMention }
  OPTIONAL { GRAPH ?g { ?mention nk:denotes ?entity } }
  OPTIONAL { GRAPH ?g { ?mention itsrdf:taIdentRef ?literal } }
  OPTIONAL { GRAPH ?g { ?mention nk:metonymyType ?metonymy } }
}
"""

# the actor a mention stands for (nk:denotes) and, where its words name an item of their own, that
# item (itsrdf:taIdentRef: "Washington" -> Q61) and the kind of metonymy
ARTICLE_MENTIONS = PREFIXES + """
SELECT ?mention ?begin ?end ?entity ?literal ?metonymy WHERE {
  GRAPH ?g { ?mention nk:denotes ?entity ; nif:beginIndex ?begin ; nif:endIndex ?end }
  OPTIONAL { GRAPH ?g { ?mention itsrdf:taIdentRef ?literal } }
  OPTIONAL { GRAPH ?g { ?mention nk:metonymyType ?metonymy } }
}
"""

GRAPH_LABELS = PREFIXES + """
SELECT ?entity ?label WHERE { GRAPH ?g { ?entity rdfs:label ?label } }
"""

# -- actor and conflict --------------------------------------------------------------------------
DESCRIPTION = PREFIXES + """
SELECT DISTINCT ?label ?type ?wikidata WHERE {
  GRAPH ?g { ?entity rdfs:label ?label }
  OPTIONAL { GRAPH ?g { ?entity a ?type } }
  OPTIONAL { GRAPH ?g { ?entity owl:sameAs ?wikidata } }
}
LIMIT 200
"""

POSITIONS = PREFIXES + """
SELECT DISTINCT ?label WHERE { GRAPH ?g { ?actor nk:holdsPosition ?position . ?position rdfs:label ?label } }
"""

# the other IRIs the store's identity graph finds to name the same actor (newskg identities)
IDENTITY = PREFIXES + """
SELECT ?other ?canonical ?rule ?confidence WHERE {
  GRAPH ?ig { ?identity nk:identifies ?actor ; nk:identifies ?other ; nk:canonicalActor ?canonical ;
                        nk:identityRule ?rule ; nk:confidence ?confidence }
  FILTER (?other != ?actor)
}
"""

MENTION_COUNT = PREFIXES + """
SELECT (COUNT(DISTINCT ?mention) AS ?n) WHERE { ?mention nk:denotes ?actor }
"""

EVIDENCE = PREFIXES + """
SELECT ?act ?sentence WHERE {
  GRAPH ?g { ?act nk:evidence ?evidence . ?evidence nif:anchorOf ?sentence }
}
"""

# -- any resource --------------------------------------------------------------------------------
OUTGOING = PREFIXES + """
SELECT DISTINCT ?property ?value WHERE { ?resource ?property ?value }
LIMIT 500
"""

INCOMING = PREFIXES + """
SELECT DISTINCT ?subject ?property WHERE { ?subject ?property ?resource }
LIMIT 200
"""

PAGE_QUERIES: dict[str, str] = {
    name: text for name, text in globals().items() if name.isupper() and isinstance(text, str) and "SELECT" in text
} | {f"ACT_PROPERTY_{name}": text for name, text in ACT_PROPERTY.items()}
