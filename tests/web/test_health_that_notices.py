"""/healthz turns not-ok when mail stops leaving or cron stops running the jobs the firm relies
on, and says which check failed and why; the figures behind it are for administrators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qtrax_disputes.audit.log import record
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.outbox.operations import enqueue
from qtrax_disputes.web.extensions import db

T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def healthz(client, at: datetime):
    with frozen(at):
        response = client.get("/healthz")
    return response.status_code, response.get_json()


def run(runner, at: datetime, *args: str):
    with frozen(at):
        result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def queued_email(app):
    with app.app_context(), frozen(T0):
        enqueue("someone@example.com", "Your deadline", "Body")
        db.session.commit()


@pytest.fixture
def in_use_since_t0(app):
    """Something was done at T0: the installation is in use from then on."""
    with app.app_context(), frozen(T0):
        record("case.created", actor="system", object_type="case", object_id=1)
        db.session.commit()


def test_an_email_waiting_longer_than_the_threshold_makes_healthz_503(client, queued_email):
    assert healthz(client, T0 + timedelta(minutes=29))[0] == 200
    status, body = healthz(client, T0 + timedelta(minutes=31))
    assert status == 503
    assert body["failing"] == ["outbox"]
    assert "waited longer than 30 minutes" in body["outbox"]


def test_the_outbox_threshold_is_configurable(app, client, queued_email):
    app.config["HEALTH_OUTBOX_MAX_AGE_MINUTES"] = 120
    assert healthz(client, T0 + timedelta(minutes=90))[0] == 200
    assert healthz(client, T0 + timedelta(minutes=121))[0] == 503


def test_a_sent_email_no_longer_counts(app, client, queued_email):
    from qtrax_disputes.outbox.models import SENT, OutboxMessage

    with app.app_context():
        db.session.query(OutboxMessage).update({"status": SENT})
        db.session.commit()
    assert healthz(client, T0 + timedelta(days=1))[0] == 200


def test_reminders_not_run_for_longer_than_the_threshold_make_healthz_503(runner, client):
    run(runner, T0, "deadlines", "remind")
    assert healthz(client, T0 + timedelta(hours=25))[0] == 200
    status, body = healthz(client, T0 + timedelta(hours=27))
    assert status == 503
    assert body["failing"] == ["deadlines_remind"]
    assert body["deadlines_remind"] == \
        "`flask deadlines remind` has not run for more than 26 hours"
    run(runner, T0 + timedelta(hours=27), "deadlines", "remind")
    assert healthz(client, T0 + timedelta(hours=28))[0] == 200


def test_reminders_that_never_ran_are_not_ok_once_the_install_is_older_than_the_threshold(
        client, in_use_since_t0):
    assert healthz(client, T0 + timedelta(hours=25))[0] == 200  # the first run is not due yet
    status, body = healthz(client, T0 + timedelta(hours=27))
    assert status == 503
    assert "deadlines_remind" in body["failing"]
    assert "has never run" in body["deadlines_remind"]


def test_a_fresh_install_with_nothing_done_is_healthy(client):
    assert healthz(client, T0 + timedelta(days=400)) == (200, {
        "status": "ok", "database": "ok", "files": "ok", "outbox": "ok",
        "deadlines_remind": "ok", "report_weekly": "ok"})


def test_a_weekly_report_not_made_by_cron_for_longer_than_the_threshold_is_not_ok(
        app, runner, client, tmp_path):
    run(runner, T0, "deadlines", "remind")
    run(runner, T0, "report", "weekly", "--output", str(tmp_path / "week.html"))
    app.config["HEALTH_REMIND_MAX_AGE_HOURS"] = 24 * 30
    assert healthz(client, T0 + timedelta(days=7))[0] == 200
    status, body = healthz(client, T0 + timedelta(days=9))
    assert status == 503
    assert body["failing"] == ["report_weekly"]
    assert "`flask report weekly` has not run for more than 8 days" == body["report_weekly"]


def test_the_public_probe_shows_answers_and_an_administrator_the_figures(
        client, auth, queued_email):
    status, body = healthz(client, T0 + timedelta(minutes=5))
    assert "figures" not in body
    assert "someone@example.com" not in str(body)
    auth.login("staff")
    assert "figures" not in healthz(client, T0 + timedelta(minutes=5))[1]
    auth.logout()
    auth.login("admin")
    figures = healthz(client, T0 + timedelta(minutes=5))[1]["figures"]
    assert figures["outbox"] == {"pending": 1, "oldest_unsent_minutes": 5}
    assert figures["deadlines_remind"] == {"last_run": None}
