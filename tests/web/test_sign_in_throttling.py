"""Sign-in attempts are limited per client address and per account, and the limits hold
however many workers serve: they count in a store the workers share (the machine's Redis)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.conftest import TEST_PASSWORD, page_text

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")
REDIS = "redis://127.0.0.1:6379/0"


def sign_in(client, email, password="a wrong password", address="198.51.100.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_one_address_is_stopped_after_the_limit_whatever_emails_it_tries(
        app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    _, email = make_user("staff")
    answers = [sign_in(client, f"guess{n}@qtrax.example").status_code for n in range(3)]
    assert answers == [200, 200, 200]
    assert sign_in(client, email, TEST_PASSWORD).status_code == 429
    assert sign_in(client, email, TEST_PASSWORD, address="198.51.100.2").status_code == 302


def test_one_account_is_stopped_after_the_limit_from_whatever_addresses(
        app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per minute")
    _, email = make_user("staff")
    _, other = make_user("staff")
    for n in range(3):
        assert sign_in(client, email, address=f"198.51.100.{n}").status_code == 200
    # Even the right password waits now; the address itself is not what is blocked.
    assert sign_in(client, email.upper(), TEST_PASSWORD, "203.0.113.9").status_code == 429
    assert sign_in(client, other, TEST_PASSWORD, "203.0.113.9").status_code == 302


def test_being_throttled_does_not_tell_whether_the_account_exists(
        app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "1 per minute")
    _, email = make_user("staff")
    for typed in (email, "nobody@qtrax.example"):
        sign_in(client, typed)
    real, unknown = sign_in(client, email), sign_in(client, "nobody@qtrax.example")
    assert real.status_code == unknown.status_code == 429
    assert page_text(real) == page_text(unknown)


# Two worker processes, as gunicorn runs them: each a real server on its own port with the
# same database and the same limiter store.

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served_database(tmp_path_factory):
    base = tmp_path_factory.mktemp("workers")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{base / 'workers.db'}",
           "UPLOAD_DIR": str(base / "uploads"), "REPORT_DIR": str(base / "reports"),
           "SECRET_KEY": "shared-by-the-workers", "LOGIN_RATE_LIMIT": "4 per minute",
           "FLASK_DEBUG": "0"}
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run([str(FLASK), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    return env


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the machine's Redis, removed afterwards. Redis
    must be running: without it this fails, as production would lose its limits."""
    prefix = f"qtrax-test-{uuid.uuid4().hex}"
    store = redis.Redis.from_url(REDIS)
    store.ping()
    yield prefix
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)


@contextmanager
def worker(env: dict, **settings):
    port = _free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [str(FLASK), "--app", "app", "run", "--port", str(port), "--no-reload"],
        cwd=ROOT, env={**env, **settings}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"the worker exited:\n{log.read().decode()}")
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the worker did not start"
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


class Browser:
    """Cookies and the form's CSRF token, shared by the workers as one secret key signs both."""

    def __init__(self, url: str):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(f"{url}/login").read().decode()
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def sign_in(self, url: str, email: str) -> int:
        form = urllib.parse.urlencode({"csrf_token": self.token, "email": email,
                                       "password": "a wrong password"}).encode()
        try:
            return self.opener.open(f"{url}/login", data=form).status
        except urllib.error.HTTPError as refused:
            return refused.code


def test_the_limit_holds_across_two_workers_sharing_redis(served_database, redis_prefix):
    shared = {"RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": redis_prefix}
    with worker(served_database, **shared) as first, worker(served_database, **shared) as second:
        browser = Browser(first)
        answers = [browser.sign_in(url, f"guess{n}@qtrax.example")
                   for n, url in enumerate([first, second] * 4)]
    # Four attempts in all, not four at each worker.
    assert answers == [200] * 4 + [429] * 4


def test_while_the_shared_store_is_down_each_worker_still_limits_and_answers(
        served_database):
    unreachable = f"redis://127.0.0.1:{_free_port()}/0"
    with worker(served_database, RATELIMIT_STORAGE_URI=unreachable) as url:
        browser = Browser(url)
        answers = [browser.sign_in(url, f"guess{n}@qtrax.example") for n in range(6)]
    assert answers == [200] * 4 + [429] * 2


def test_several_gunicorn_workers_refuse_to_count_in_their_own_memory(served_database):
    env = {**served_database, "RATELIMIT_STORAGE_URI": "memory://"}
    started = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c",
         "python:qtrax_disputes.web.gunicorn_conf", "-w", "2", "-b", f"127.0.0.1:{_free_port()}",
         "app:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert started.returncode != 0
    assert "set RATELIMIT_STORAGE_URI to a store they share" in started.stderr
