"""Small SQL pieces that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class days_between(FunctionElement):  # noqa: N801 (reads as a SQL function)
    """Whole days from ``earlier`` to ``later`` (two DATE columns)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)")


def nearest_rank(n: ColumnElement, percent: int) -> ColumnElement:
    """The 1-based rank of the ``percent``th percentile among ``n`` ordered values, by the
    nearest-rank method: ceil(percent/100 × n), in integer arithmetic."""
    return (n * percent + 99) // 100
