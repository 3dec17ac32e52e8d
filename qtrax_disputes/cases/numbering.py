"""Case numbers QD-YYYY-NNNNNN, unique even when many complaints arrive at once.

A counter row per year is incremented with a single UPDATE … RETURNING: PostgreSQL locks the
row until the filing's transaction ends and SQLite serialises writers, so no two filings can
read the same value.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from qtrax_disputes.web.extensions import db

from .models import CaseNumberCounter


def format_number(year: int, sequence: int) -> str:
    return f"QD-{year}-{sequence:06d}"


def next_number(year: int) -> str:
    bump = (
        update(CaseNumberCounter)
        .where(CaseNumberCounter.year == year)
        .values(last=CaseNumberCounter.last + 1)
        .returning(CaseNumberCounter.last)
    )
    sequence = db.session.execute(bump).scalar()
    if sequence is None:
        insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        db.session.execute(
            insert(CaseNumberCounter).values(year=year, last=0).on_conflict_do_nothing()
        )
        sequence = db.session.execute(bump).scalar_one()
    return format_number(year, sequence)
