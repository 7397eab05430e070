"""Entity linking to Wikidata: cache -> offline gazetteer -> online (API / SPARQL)."""
