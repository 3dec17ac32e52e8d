"""Logs are JSON lines, one per request with its request id, user, route, method, status and
duration; they hold no names, emails, case text or status links; a bug is logged loudly."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask import current_app

from .helpers import file_complaint, filed_number_and_token, upgraded_instance

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
FLASK = Path(sys.executable).with_name("flask")
PORT = 5211


def lines(text: str) -> list[dict]:
    """The JSON lines of the captured output (pytest's own lines and alembic's aside)."""
    found = []
    for line in text.splitlines():
        if line.startswith("{"):
            found.append(json.loads(line))
    return found


def requests_logged(capsys) -> list[dict]:
    return [line for line in lines(capsys.readouterr().err) if line["event"] == "request"]


def test_each_request_is_one_json_line_with_its_id_route_status_and_duration(
        client, auth, capsys):
    user_id = auth.login("staff")
    capsys.readouterr()
    response = client.get("/cases")
    (line,) = requests_logged(capsys)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert {key: line[key] for key in ("user_id", "route", "method", "status")} == {
        "user_id": user_id, "route": "/cases", "method": "GET", "status": 200}
    assert isinstance(line["duration_ms"], float) and line["level"] == "info"


def test_a_sane_request_id_is_taken_and_echoed_and_any_other_replaced(client, capsys):
    capsys.readouterr()
    taken = client.get("/livez", headers={"X-Request-ID": "lb-7f3a.42"})
    assert taken.headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/livez", headers={"X-Request-ID": "x" * 65})
    odd = client.get("/livez", headers={"X-Request-ID": "a b\"}{"})
    made = {replaced.headers["X-Request-ID"], odd.headers["X-Request-ID"]}
    assert all(len(rid) == 32 and rid.isalnum() for rid in made) and len(made) == 2
    assert [line["request_id"] for line in requests_logged(capsys)] == [
        "lb-7f3a.42", *[replaced.headers["X-Request-ID"], odd.headers["X-Request-ID"]]]


def test_filing_a_complaint_and_following_its_status_link_log_no_personal_data(
        client, capsys):
    capsys.readouterr()
    assert file_complaint(client).status_code == 302
    _, token = filed_number_and_token(client)
    client.get(f"/status/{token}")
    output = capsys.readouterr()
    logged = output.err + output.out
    assert lines(logged), "nothing was logged: the test would prove nothing"
    for personal in ("Jane Roe", "jane.roe@example.com", "janeroe", "555 0100",
                     "receiving spam", token):
        assert personal not in logged
    routes = [line["route"] for line in lines(logged) if line["event"] == "request"]
    assert "/complaint" in routes and "/status/<token>" in routes


def test_the_apps_own_log_calls_are_json_with_the_request_id_and_mask_emails(client, capsys):
    app = client.application
    with app.test_request_context("/"):
        app.preprocess_request()
        current_app.logger.warning("sending to %s failed", "someone@example.com")
    (line,) = [x for x in lines(capsys.readouterr().err) if x["logger"] == "qtrax_disputes"]
    assert line["event"] == "sending to [email] failed"
    assert line["level"] == "warning" and len(line["request_id"]) == 32


def test_a_bug_is_logged_as_an_error_with_its_traceback_and_request_id(
        app, client, capsys, monkeypatch):
    def broken():
        raise RuntimeError("a bug in a view")

    monkeypatch.setitem(app.view_functions, "health.livez", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    capsys.readouterr()
    response = client.get("/livez", headers={"X-Request-ID": "quote-me"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "quote-me"
    (error,) = [x for x in lines(capsys.readouterr().err) if x["level"] == "error"]
    assert error["request_id"] == "quote-me" and error["route"] == "/livez"
    assert "RuntimeError: a bug in a view" in error["exception"]


@pytest.fixture
def gunicorn(tmp_path):
    env = upgraded_instance(tmp_path, "gunicorn-log-test")
    out = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", "python:qtrax_disputes.web.gunicorn_conf", "-w", "1",
         "-b", f"127.0.0.1:{PORT}", "app:app"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{PORT}"
    deadline = time.monotonic() + 30
    try:
        while True:
            assert proc.poll() is None, "gunicorn exited"
            try:
                urllib.request.urlopen(f"{url}/livez", timeout=2)  # noqa: S310
                break
            except (urllib.error.URLError, OSError):  # refused, or still importing the app
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)

        def output() -> str:
            time.sleep(0.5)  # the access line is written after the response
            out.seek(0)
            return out.read().decode()

        yield url, output
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        out.close()


def test_gunicorns_access_log_is_json_naming_the_route_not_the_path(gunicorn):
    url, output = gunicorn
    request = urllib.request.Request(f"{url}/status/secret-token-123",
                                     headers={"X-Request-ID": "from-the-proxy"})
    try:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    except urllib.error.HTTPError:
        pass  # an unknown link: what matters is the log line
    logged = output()
    assert "secret-token-123" not in logged
    access = [x for x in lines(logged) if x["event"] == "access"]
    assert access and all(x["logger"] == "gunicorn.access" for x in access)
    (line,) = [x for x in access if x["request_id"] == "from-the-proxy"]
    assert line["route"] == "/status/<token>" and line["method"] == "GET"
    assert isinstance(line["status"], int) and line["duration_ms"] >= 0
    assert any(x["logger"] == "gunicorn.error" for x in lines(logged))  # "Booting worker"
