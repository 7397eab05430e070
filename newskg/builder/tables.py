"""Tab-separated tables: ``#`` comment lines, a header row, then one row per line; the format of the
tables newskg ships (lexicons, literal referents) and reads.

>>> from newskg.errors import InputError
>>> list(read_tsv("# a comment\\nword\\tkind\\nsaid\\tstatement\\n", where="t.tsv", error=InputError))
[(3, {'word': 'said', 'kind': 'statement'})]
>>> try:
...     list(read_tsv("word\\tkind\\nsaid\\n", where="t.tsv", error=InputError))
... except InputError as exc:
...     print(exc.where)
t.tsv:2
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

__all__ = ["read_tsv"]


def read_tsv(text: str, *, where: str, error: Callable[..., Exception]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, the row keyed by the header) for each row of ``text``, cells as written; blank
    and ``#`` lines are skipped, the first other line is the header. A row with another number of
    cells than the header raises ``error(message, where="{where}:{line}")``."""
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise error(f"expected {len(header)} tab-separated columns, found {len(cells)}", where=f"{where}:{number}")
        yield number, dict(zip(header, cells, strict=True))
