"""Fixtures shared by every test: an app on a real database, a client that speaks CSRF.

The database is SQLite in a temporary folder, or the one named by TEST_DATABASE_URL
(PostgreSQL in CI). Its schema comes from the migrations, as in production. Tests never see
each other's rows: a test runs inside one transaction that is rolled back after it (the app's
commits are savepoints inside it), and a test marked ``commits`` (its writes are read by
another connection, thread or process) commits for real and every table is emptied after it.
Because the suite empties tables, a TEST_DATABASE_URL whose database name does not contain
"test" is refused before anything connects to it.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import current_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSqlalchemySession
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from qtrax_disputes.web.app import create_app
from qtrax_disputes.web.extensions import db, limiter

TEST_PASSWORD = "correct horse battery staple"


def database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


def not_a_test_database(url: str) -> str | None:
    """Why the suite must not touch this database, or None when its name says it is for tests.

    The suite drops the schema of the database it is given and empties every table after each
    test: a URL copied from production must stop the run, not wipe the cases.
    """
    try:
        name = Path(make_url(url).database or "").name
    except Exception:  # noqa: BLE001 (an unreadable URL is refused like a wrong one)
        return f"TEST_DATABASE_URL is not a database URL: {url!r}."
    if "test" in name.lower():
        return None
    return (f"TEST_DATABASE_URL names the database {name!r}, whose name does not contain "
            "'test'. The tests drop its schema and empty its tables, so they refuse to run "
            "on it: create a database for the tests (e.g. qtrax_test) and name that one.")


def pytest_sessionstart(session):
    url = os.environ.get("TEST_DATABASE_URL")
    if url and (reason := not_a_test_database(url)):
        pytest.exit(reason, returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_collection_modifyitems(config, items):
    """The browser tests' server always runs on SQLite (tests/e2e/conftest.py): on the
    PostgreSQL pass they would repeat the SQLite pass's run and cover nothing more."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="the browser tests run on the SQLite pass only: their "
                                   "server uses SQLite whatever TEST_DATABASE_URL says")
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def reset_schema(app) -> None:
    """Start from nothing, then build the schema the only way production does: migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()


def empty_tables(app) -> None:
    from qtrax_disputes.web import read_cache

    # Emptied tables hand out their ids again, so a version seen in one test can recur.
    read_cache.clear()
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in reversed(tables):
                    conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(instance),
            "UPLOAD_DIR": str(instance / "uploads"),
            "REPORT_DIR": str(instance / "reports"),
            "MAIL_SERVER": None,
            "COMPLAINT_RATE_LIMIT": "1000 per minute",
        }
    )
    reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


class _OnTheTestsConnection(FlaskSqlalchemySession):
    """Flask-SQLAlchemy picks an engine by table and ignores the session's ``bind``; inside a
    test's transaction every statement of the test's app must go to that transaction's one
    connection. Another app the test makes (a probe with a broken database) keeps its own."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and current_app._get_current_object() is self.info["tests_app"]:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@contextmanager
def _rolled_back(app):
    """The test inside one transaction on one connection, rolled back after it: faster than
    emptying every table (PostgreSQL's TRUNCATE of 40 tables took most of a test's time).
    ``db.session`` of every app context in the test shares that connection, and each commit
    the app makes releases a savepoint instead of ending the transaction."""
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    driver = connection.connection.dbapi_connection
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # pysqlite begins a transaction itself, late, so a SAVEPOINT would be the outermost
        # transaction and its release a real commit: this connection's BEGIN is ours instead
        # (SQLAlchemy's recipe, on this one connection only; the app's are as in production).
        driver.isolation_level = None
        connection.exec_driver_sql("BEGIN")
    shared = db.session
    db.session = db._make_scoped_session({
        "class_": _OnTheTestsConnection, "bind": connection, "info": {"tests_app": app},
        "join_transaction_mode": "create_savepoint"})
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        db.session = shared
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""
        connection.close()


@pytest.fixture(autouse=True)
def _clean_state(request):
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    if request.node.get_closest_marker("commits"):
        yield
        empty_tables(app)
    else:
        with _rolled_back(app):
            yield
        from qtrax_disputes.web import read_cache

        read_cache.clear()  # a rolled-back test's cached pages name versions that never were
    shutil.rmtree(app.config["UPLOAD_DIR"], ignore_errors=True)
    app.extensions.pop("healthz_files", None)  # each test's files are its own
    with app.app_context():
        limiter.reset()


@pytest.fixture(scope="session", autouse=True)
def _the_test_password_hashed_once():
    """Nearly every test signs someone in with TEST_PASSWORD, and each hash and check of it is
    a full scrypt (0.1–0.2 s, by design: passwords.METHOD). Both are pure for a given salt, so
    the suite works them out once for that one password: its hash is reused (salt and all),
    and a check of it against a hash already seen is answered from memory. Any other password
    (a wrong one, a new one, the stand-in for a missing account) still runs scrypt, which is
    what the tests of sign-in measure."""
    from qtrax_disputes.auth import passwords

    real_hash, real_check = passwords.generate_password_hash, passwords.check_password_hash
    hashed: dict[str, str] = {}
    checked: dict[str, bool] = {}

    def generate(password, method="scrypt", salt_length=16):
        if password != TEST_PASSWORD:
            return real_hash(password, method=method, salt_length=salt_length)
        if method not in hashed:
            hashed[method] = real_hash(password, method=method, salt_length=salt_length)
        return hashed[method]

    def check(pwhash, password):
        if password != TEST_PASSWORD:
            return real_check(pwhash, password)
        if pwhash not in checked:
            checked[pwhash] = real_check(pwhash, password)
        return checked[pwhash]

    passwords.generate_password_hash, passwords.check_password_hash = generate, check
    yield
    passwords.generate_password_hash, passwords.check_password_hash = real_hash, real_check


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token with every form, like a browser would.

    Pass ``csrf=False`` to send a form without one.
    """

    def csrf_token(self) -> str:
        with self.session_transaction() as sess:
            raw = sess.setdefault("csrf_token", hashlib.sha1(os.urandom(64)).hexdigest())
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(
            raw
        )

    def open(self, *args, **kwargs):
        csrf = kwargs.pop("csrf", True)
        method = kwargs.get("method", "GET")
        if csrf and method in {"POST", "PUT", "PATCH", "DELETE"} and "json" not in kwargs:
            data = kwargs.get("data")
            if data is None:
                data = kwargs["data"] = {}
            if isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = CsrfClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """``make_user(role)``: an account made as an admin makes one; (its id, its email)."""
    from tests import factories

    def make(role: str = "staff", email: str | None = None, name: str = ""):
        with app.app_context():
            user = factories.make_user(role, email=email, name=name)
            return user.id, user.email

    return make


@pytest.fixture
def new_case(app):
    """``new_case(stage, **facts)``: a case made by tests/factories.py's make_case; its
    number."""
    from tests import factories

    def make(stage: str = "filed", **kwargs) -> str:
        with app.app_context():
            return factories.make_case(stage, **kwargs).number

    return make


class Auth:
    def __init__(self, client, make_user):
        self.client = client
        self.make_user = make_user

    def login(self, role: str = "staff", email: str | None = None):
        user_id, email = self.make_user(role, email)
        response = self.client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user_id

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client, make_user):
    return Auth(client, make_user)


def page_text(response) -> str:
    """The visible text of a page, whitespace collapsed, for asserting what a user reads."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
