"""Fixtures for the unit tests (pure domain modules: no app, no database)."""

from __future__ import annotations

import pytest

from qtrax_disputes.deadlines import holidays_ny


@pytest.fixture(autouse=True)
def fresh_holiday_tables():
    """Each test works its holiday tables out itself.

    The tables are cached per process. Mutation testing (`make mutants`) runs every mutant in
    one process, so a table cached by an earlier test would hide a mutant of the code that
    builds it; clearing before each test makes every test exercise that code.
    """
    holidays_ny.clear_caches()
    yield
    holidays_ny.clear_caches()
