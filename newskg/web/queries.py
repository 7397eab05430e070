"""The app's own SPARQL: what each page reads, beside the canned queries it reuses.

Every query follows docs/rdf-model.md ("Reading labels at scale"), so each page's work grows with
what it shows, not with the square of the corpus: an actor's label is read inside ``GRAPH ?g`` of
the fact that names it; required patterns and class walks come before OPTIONALs; each OPTIONAL is
one pattern. Parameters (``?id``, ``?g``, ``?actor``, ``?types``, dates) are bound as RDF terms by
:func:`newskg.queries.binding.inject_values`, never pasted in. ``tests/web/test_scale.py`` checks
the growth of each with Oxigraph's ``--explain --stats``.
"""

from __future__ import annotations

__all__ = ["PAGE_QUERIES"]

PREFIXES = """PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# -- corpus overview -----------------------------------------------------------------------------
COUNT_DOCUMENTS = PREFIXES + """
SELECT (COUNT(?doc) AS ?n) WHERE { GRAPH ?g { ?doc a nk:NewsArticle } }
"""

COUNT_ACTORS = PREFIXES + """
SELECT (COUNT(DISTINCT ?actor) AS ?n) WHERE { ?type rdfs:subClassOf* nk:Actor . GRAPH ?g { ?actor a ?type } }
"""

ACTS_BY_TYPE = PREFIXES + """
SELECT ?type (COUNT(?act) AS ?n) WHERE {
  ?type rdfs:subClassOf* nk:CommunicationEvent .
  GRAPH ?g { ?act a ?type }
}
GROUP BY ?type
"""

ACTS_BY_MONTH = PREFIXES + """
SELECT ?month (COUNT(?act) AS ?n) WHERE {
  ?type rdfs:subClassOf* nk:CommunicationEvent .
  GRAPH ?g { ?act a ?type ; nk:inDocument ?doc }
  OPTIONAL { GRAPH ?g { ?act nk:date ?actDate } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?docDate } }
  BIND (SUBSTR(STR(COALESCE(?actDate, ?docDate)), 1, 7) AS ?month)
}
GROUP BY ?month
"""

TOP_ACTORS = PREFIXES + """
SELECT ?actor (COUNT(?act) AS ?n) WHERE {
  ?type rdfs:subClassOf* nk:CommunicationEvent .
  GRAPH ?g { ?act a ?type ; ?role ?actor }
  VALUES ?role { nk:speaker nk:addressee nk:target }
}
GROUP BY ?actor
ORDER BY DESC(?n) ?actor
LIMIT 15
"""

LABELS = PREFIXES + """
SELECT ?entity (MIN(?someLabel) AS ?label) WHERE { GRAPH ?g { ?entity rdfs:label ?someLabel } }
GROUP BY ?entity
"""

DOCUMENTS = PREFIXES + """
SELECT ?id ?date ?title WHERE {
  GRAPH ?g { ?doc a nk:NewsArticle ; nk:documentId ?id }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:title ?title } }
}
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
SELECT ?act ?property ?mention ?begin ?end ?entity WHERE {
  GRAPH ?g { ?act nk:cue ?cue ; ?property ?mention . ?mention nif:beginIndex ?begin ; nif:endIndex ?end }
  VALUES ?property { nk:cue nk:speakerMention nk:addresseeMention nk:targetMention nk:contentMention }
  OPTIONAL { GRAPH ?g { ?mention nk:denotes ?entity } }
}
"""

ARTICLE_MENTIONS = PREFIXES + """
SELECT ?mention ?begin ?end ?entity WHERE {
  GRAPH ?g { ?mention nk:denotes ?entity ; nif:beginIndex ?begin ; nif:endIndex ?end }
}
"""

GRAPH_LABELS = PREFIXES + """
SELECT ?entity ?label ?type WHERE {
  GRAPH ?g { ?entity rdfs:label ?label }
  OPTIONAL { GRAPH ?g { ?entity a ?type } }
}
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

ACTOR_ACTS = PREFIXES + """
SELECT ?act ?role ?type ?id ?date ?docDate ?content ?confidence WHERE {
  GRAPH ?g { ?act ?role ?actor ; a ?type ; nk:inDocument ?doc . ?doc nk:documentId ?id }
  VALUES ?role { nk:speaker nk:addressee nk:target }
  OPTIONAL { GRAPH ?g { ?act nk:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?docDate } }
  OPTIONAL { GRAPH ?g { ?act nk:content ?content } }
  OPTIONAL { GRAPH ?g { ?act nk:confidence ?confidence } }
}
"""

ACTOR_PARTNERS = PREFIXES + """
SELECT ?act ?other ?otherRole ?otherLabel WHERE {
  GRAPH ?g { ?act ?role ?actor ; ?otherRole ?other }
  VALUES ?role { nk:speaker nk:addressee nk:target }
  VALUES ?otherRole { nk:speaker nk:addressee nk:target }
  FILTER (?other != ?actor)
  OPTIONAL { GRAPH ?g { ?other rdfs:label ?otherLabel } }
}
"""

# -- network -------------------------------------------------------------------------------------
# ?types: the act classes asked for (bound); ?actor (optional) restricts to acts it takes part in.
NETWORK = PREFIXES + """
SELECT ?act ?type ?source ?relation ?other ?id ?date ?docDate WHERE {
  GRAPH ?g { ?act a ?type ; nk:speaker ?source ; ?relation ?other ; nk:inDocument ?doc . ?doc nk:documentId ?id }
  VALUES ?relation { nk:target nk:addressee }
  OPTIONAL { GRAPH ?g { ?act nk:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?docDate } }
}
"""

NETWORK_OF_ACTOR = PREFIXES + """
SELECT ?act ?type ?source ?relation ?other ?id ?date ?docDate WHERE {
  {
    GRAPH ?g { ?act nk:speaker ?actor ; a ?type ; ?relation ?other ; nk:inDocument ?doc . ?doc nk:documentId ?id }
    BIND (?actor AS ?source)
  } UNION {
    GRAPH ?g { ?act ?relation ?actor ; a ?type ; nk:speaker ?source ; nk:inDocument ?doc . ?doc nk:documentId ?id }
    BIND (?actor AS ?other)
  }
  VALUES ?relation { nk:target nk:addressee }
  OPTIONAL { GRAPH ?g { ?act nk:date ?date } }
  OPTIONAL { GRAPH ?g { ?doc dcterms:date ?docDate } }
}
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
}
