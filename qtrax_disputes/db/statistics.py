"""Telling the query planner what a bulk load changed."""

from __future__ import annotations

from sqlalchemy import text

from qtrax_disputes.web.extensions import db


def refresh_statistics() -> None:
    """After a bulk load the planner still believes the tables are as they were (empty, say)
    and picks plans for that: tell it now, rather than when autovacuum next gets round to it
    (or never, where it is turned off)."""
    if db.engine.dialect.name == "sqlite":
        # Sampled statistics: a full ANALYZE would read every index of every table.
        db.session.execute(text("PRAGMA analysis_limit = 1000"))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
