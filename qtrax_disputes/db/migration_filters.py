"""What autogenerate compares: the models, except what is kept outside them on purpose.

``flask db migrate`` (through migrations/env.py) and the test that models and migrations agree
both use this filter, so the test sees the differences a new migration would contain.
"""

from __future__ import annotations

# The text search's indexes, made by migration 0012. SQLite's is an FTS5 virtual table plus
# the shadow tables FTS5 keeps its index in: SQLAlchemy cannot declare a virtual table.
# PostgreSQL's is a trigram index on an expression, which autogenerate cannot compare: it
# reads the expression back with casts and parentheses added and reports it as changed.
# Without this, autogenerate would propose dropping them.
# Migration 0022's is SQLite's index of what surrounds a case (parties, notes, documents).
_FTS5_SHADOWS = ("", "_data", "_idx", "_docsize", "_config", "_content")
SEARCH_INDEX_TABLES = frozenset(
    f"{table}{shadow}" for table in ("cases_fts", "case_surroundings_fts")
    for shadow in _FTS5_SHADOWS
)
# Migration 0021's, on what the search reads around the case (parties, notes, documents).
SEARCH_INDEXES = frozenset({
    "ix_cases_search_trgm", "ix_parties_search_trgm", "ix_case_events_note_trgm",
    "ix_documents_name_trgm",
})


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    if type_ == "table":
        return name not in SEARCH_INDEX_TABLES
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True
