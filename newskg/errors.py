"""The exceptions newskg raises: one root, one subclass per layer.

Each carries the place it is about (document id, offsets, IRI, URL, file and line) so that a
message can name it. The CLI maps them to exit codes (see ``newskg.cli``).
"""

from __future__ import annotations

import re

__all__ = [
    "NewsKGError",
    "InputError",
    "OntologyError",
    "ExtractionError",
    "LinkingError",
    "StoreError",
    "QueryError",
    "ValidationError",
    "redact",
]

# the user-information part of a URL ("http://user:secret@host/"): never shown
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")


def redact(text: str) -> str:
    """``text`` with the credentials of every URL in it removed.

    >>> redact("cannot connect to http://analyst:s3cret@db.example.org:8890/sparql")
    'cannot connect to http://db.example.org:8890/sparql'
    """
    return _USERINFO.sub(r"\1", text)


class NewsKGError(Exception):
    """Root of every error newskg raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        # a URL with credentials in it may reach a message from anywhere (an option, a server's
        # answer): no newskg error ever carries them
        self.message = redact(message)
        self.where = redact(where) if where is not None else None
        self.hint = redact(hint) if hint is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(NewsKGError, ValueError):
    """A document or input file cannot be read: names the file, line or document id."""


class OntologyError(NewsKGError):
    """The ontology or its shapes cannot be loaded, or a graph is inconsistent with it."""


class ExtractionError(NewsKGError):
    """The spaCy pipeline could not be loaded or failed on a document."""


class LinkingError(NewsKGError):
    """Entity linking failed in a way the caller must hear about (not a mere offline fallback)."""


class StoreError(NewsKGError, OSError):
    """Reading from or writing to a store (file, embedded, remote endpoint) failed: names the store or URL."""


class QueryError(NewsKGError, ValueError):
    """A query is unknown, malformed, or given bad parameters: names the query and parameter."""


class ValidationError(NewsKGError):
    """A built graph does not conform to the SHACL shapes or is inconsistent with the ontology."""
