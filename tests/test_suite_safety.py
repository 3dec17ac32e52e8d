"""The suite itself must be safe to point at a database: it drops the schema of the one it is
given, so it refuses any whose name does not say it is for tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import not_a_test_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:5432/qtrax",
    "postgresql+psycopg://qtrax:secret@db.example/production",
    "postgresql+psycopg://postgres@127.0.0.1:5432/",
    "sqlite:////srv/tests/qtrax.db",  # the file's name counts, not a folder's
    "not a url at all",
])
def test_a_database_not_named_for_tests_is_refused(url):
    assert not_a_test_database(url)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://postgres@127.0.0.1:5432/qtrax_test",
    "postgresql+psycopg://postgres@127.0.0.1:5432/TEST_tests",
    "sqlite:////tmp/run/test.db",
])
def test_a_database_named_for_tests_is_accepted(url):
    assert not_a_test_database(url) is None


def test_the_suite_stops_before_touching_a_database_not_named_for_tests():
    # Port 9 (discard) has no database behind it: were the guard to let the run through, the
    # run would fail on connecting, not with the refusal this test reads.
    env = {**os.environ,
           "TEST_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/qtrax"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
         "tests/web/test_platform.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "names the database 'qtrax'" in output and "refuse" in output
    assert "passed" not in output and "failed" not in output


def test_every_test_has_a_time_limit(request):
    """pytest-timeout stops a hung test (a writer waiting forever) instead of stalling CI."""
    assert float(request.config.getini("timeout")) > 0


def test_a_tests_commits_are_undone_after_it(app):
    """Each test runs in one transaction rolled back after it: the app's commits inside it are
    savepoints, so nothing it wrote is there for the next test (or for another connection)."""
    from sqlalchemy import func, select

    from qtrax_disputes.auth.models import User
    from qtrax_disputes.web.extensions import db

    from . import factories
    from .conftest import _rolled_back

    def users(seen_by_the_test: bool) -> int:
        count = select(func.count()).select_from(User)
        with app.app_context():
            if seen_by_the_test:
                return db.session.scalar(count)
            with db.engine.connect() as another:  # what the next test, or a server, sees
                return another.scalar(count)

    before = users(seen_by_the_test=False)
    with _rolled_back(app):
        with app.app_context():
            factories.make_user("staff")  # commits, as the app's operations do
        assert users(seen_by_the_test=True) == before + 1
    assert users(seen_by_the_test=False) == before


def test_the_postgresql_pass_skips_the_browser_tests_without_connecting():
    """Their server is SQLite whatever the suite's database: pass 2 would only repeat them.
    Port 9 has no database: a run that connected would fail instead of skipping."""
    env = {**os.environ,
           "TEST_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/qtrax_test"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", "tests/e2e"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.OK, output
    assert "the browser tests run on the SQLite pass only" in output
    assert " passed" not in output and "failed" not in output
