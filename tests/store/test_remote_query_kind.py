"""Regression: a query whose comments say "drop" or "add" is still sent as a query, not an update
(SPARQLWrapper guesses the kind from keywords anywhere in the text)."""

from __future__ import annotations

from newskg.store.remote import RemoteStore

QUERY = """# Who dropped out, and who was added to the talks: drop nothing, add nothing.
# param ?x: IRI — DROP ALL ; ADD <a> TO <b>
# columns: ?n
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }
"""


def test_a_select_with_update_words_in_its_comments_runs_as_a_query(remote: RemoteStore) -> None:
    columns, rows = remote.select(QUERY, {})
    assert columns == ["n"]
    assert len(rows) == 1 and int(rows[0][0]) >= 0
