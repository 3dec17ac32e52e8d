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
    return next_numbers(year, 1)[0]


def next_numbers(year: int, count: int) -> list[str]:
    """``count`` consecutive numbers of ``year`` in one UPDATE: a chunk of imported cases
    takes its numbers together, as one filing takes its one."""
    bump = (
        update(CaseNumberCounter)
        .where(CaseNumberCounter.year == year)
        .values(last=CaseNumberCounter.last + count)
        .returning(CaseNumberCounter.last)
    )
    last = db.session.execute(bump).scalar()
    if last is None:
        insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        db.session.execute(
            insert(CaseNumberCounter).values(year=year, last=0).on_conflict_do_nothing()
        )
        last = db.session.execute(bump).scalar_one()
    return [format_number(year, sequence) for sequence in range(last - count + 1, last + 1)]
