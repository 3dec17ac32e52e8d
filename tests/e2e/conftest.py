"""Real-browser tests: Debian's Chromium, driven by Playwright, against a live server.

The server is a real `flask run` process on a free loopback port with its own SQLite database,
upload folder and instance folder in a temporary directory; the accounts the journeys sign in
with are made by the same CLI an operator uses (`flask users create`).

Missing tools fail the run instead of skipping it: CI must not pass quietly without a browser.
Chromium comes from apt (`.ci/run` installs it); axe-core from npm (`make test` runs `npm ci`).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..web.helpers import Inbox

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
FLASK = Path(sys.executable).with_name("flask")

ROLES = {
    "staff": "staff@qtrax.example",
    "counsel": "counsel@qtrax.example",
    "viewer": "manager@qtrax.example",
}


@dataclass
class LiveServer:
    url: str
    port: int
    env: dict
    inbox: Inbox = field(default_factory=Inbox)
    emails: dict = field(default_factory=lambda: dict(ROLES))
    password: str = PASSWORD

    def has_endpoint(self, endpoint: str) -> bool:
        """Whether the app has the endpoint: checked in-process against the same code."""
        from qtrax_disputes.web.app import create_app

        app = create_app({"INSTANCE_PATH": self.env["INSTANCE_PATH"],
                          "UPLOAD_DIR": self.env["UPLOAD_DIR"],
                          "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "probe"})
        return endpoint in {rule.endpoint for rule in app.url_map.iter_rules()}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(env, *args, stdin: str | None = None) -> None:
    result = subprocess.run(
        [str(FLASK), "--app", "app", *args], cwd=ROOT, env=env, input=stdin,
        capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"`flask {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")


def _wait_until_healthy(url: str, proc: subprocess.Popen, log: Path, timeout=30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"The e2e server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"The e2e server did not answer /healthz in {timeout}s:\n{log.read_text()}")


@contextmanager
def serving(env: dict, port: int, base: Path):
    """`flask run` on the loopback port with ``env``, healthy before the block, stopped after
    it; its output goes to ``base``/server.log."""
    log = base / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [str(FLASK), "--app", "app", "run", "--host", "127.0.0.1", "--port", str(port),
             "--no-reload"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(f"http://127.0.0.1:{port}", proc, log)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    from aiosmtpd.controller import Controller

    base = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    # The server's outbox is sent only when a test runs `flask outbox send`: to this inbox.
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        # The instance folder, and everything it would hold pointed into `base` below anyway
        # (database, uploads, reports) with SECRET_KEY given, so nothing lands in instance/.
        "INSTANCE_PATH": str(base / "instance"),
        # Always SQLite, even on CI's PostgreSQL pass (TEST_DATABASE_URL set): the web tests own
        # that database and drop or truncate it around every test, which would pull rows out
        # from under this long-lived server. The PG pass still covers the schema and queries.
        "DATABASE_URL": f"sqlite:///{base / 'e2e.db'}",
        "UPLOAD_DIR": str(base / "uploads"),
        "REPORT_DIR": str(base / "reports"),
        "SECRET_KEY": "e2e-secret-key-not-for-production",
        "COMPLAINT_RATE_LIMIT": "1000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
        "PUBLIC_BASE_URL": url,
        "FLASK_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("TEST_DATABASE_URL", "MAIL_SERVER", "FLASK_RUN_PORT", "FLASK_RUN_HOST",
                 "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME"):
        env.pop(name, None)
    env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port))
    _flask(env, "db", "upgrade")
    # The accounts, made the way an operator makes them (password on standard input); the
    # three commands run side by side, as most of each one's time is starting Python.
    creating = [
        (email, subprocess.Popen(
            [str(FLASK), "--app", "app", "users", "create", email, "--role", role,
             "--name", role.title()],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True))
        for role, email in ROLES.items()
    ]
    for email, proc in creating:
        output, _ = proc.communicate(PASSWORD + "\n", timeout=120)
        if proc.returncode != 0:
            pytest.fail(f"`flask users create {email}` failed:\n{output}")

    try:
        with serving(env, port, base):
            yield LiveServer(url=url, port=port, env=env, inbox=inbox)
    finally:
        smtp.stop()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """pytest-playwright gives every context this base URL, so tests use paths."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests cannot run. Install it with "
            "`apt-get install chromium chromium-driver` (.ci/run does this).", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True}


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}): run `npm ci` at the repository root "
            "(`make test` does it when node_modules/axe-core is missing).", pytrace=False)
    return AXE_JS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(page, request):
    """pytest-playwright's page, with a shorter wait for actions and, when the test failed, a
    screenshot of where the browser was: tests/e2e/artifacts/<test name>.png.

    This fixture wraps the plugin's, so its teardown runs while the page is still open."""
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed or page.is_closed():
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    except Exception as exc:  # a screenshot must never hide the real failure
        sys.stderr.write(f"could not save a screenshot for {name}: {exc}\n")


@pytest.fixture
def login(page, live_server):
    """Sign in through the form, as the person with that role would."""

    def sign_in(role: str):
        page.goto("/login")
        page.get_by_label("Email").fill(live_server.emails[role])
        page.get_by_label("Password").fill(live_server.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/login" not in page.url, "sign-in failed"

    return sign_in


@pytest.fixture
def logout(page):
    def sign_out():
        page.get_by_role("button", name=re.compile("Sign out|Log out", re.I)).first.click()
        page.wait_for_load_state()

    return sign_out



@dataclass
class SsoLiveServer:
    url: str
    env: dict
    provider: object  # tests/oidc_provider.py's OpenIDProvider, running in this process
    email: str


@pytest.fixture(scope="module")
def sso_live_server(tmp_path_factory):
    """A second live server, with single sign-on on, against the loopback OpenID provider.

    Its own folder and database, so the shared ``live_server`` (without single sign-on, as
    most installations run) is untouched; one counsel account, made by the CLI."""
    from ..oidc_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider

    provider = OpenIDProvider().start()
    base = tmp_path_factory.mktemp("e2e-sso")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OIDC_", "MAIL_", "FLASK_RUN_")) and key != "TEST_DATABASE_URL"}
    env.update({
        "INSTANCE_PATH": str(base / "instance"),
        "DATABASE_URL": f"sqlite:///{base / 'e2e.db'}",
        "UPLOAD_DIR": str(base / "uploads"),
        "REPORT_DIR": str(base / "reports"),
        "SECRET_KEY": "e2e-sso-secret-key-not-for-production",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "PUBLIC_BASE_URL": url,
        "FLASK_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_LABEL": "Sign in with Loopback ID",
    })
    email = "sso-counsel@qtrax.example"
    _flask(env, "db", "upgrade")
    _flask(env, "users", "create", email, "--role", "counsel", "--name", "Casey Counsel",
           stdin=PASSWORD + "\n")
    try:
        with serving(env, port, base):
            yield SsoLiveServer(url=url, env=env, provider=provider, email=email)
    finally:
        provider.stop()
