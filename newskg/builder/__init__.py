"""The builder: read -> annotate (spaCy) -> facts -> link -> map -> write."""
