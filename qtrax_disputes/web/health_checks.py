"""The checks /healthz makes beyond the database and the files: is mail leaving, and is cron
running the jobs the firm relies on?

Each check answers ``ok`` or a reason in words, and the figures behind it (counts, ages, last
runs) separately: the public probe shows only the answer, an administrator also the figures.

The jobs' last runs are read from the audit log, which `deadlines remind` and `report weekly`
already write on every run (``deadlines.reminded``; ``report.generated`` / ``.regenerated``
by the system actor, so a report made from the web does not hide a stopped cron). A job that
has never run is only overdue once the installation is older than the job's threshold: its
age is that of the first audit entry, since every write leaves one. A new install is not
reported down for a job whose first run is simply not due yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from qtrax_disputes.audit.log import SYSTEM
from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.outbox.models import PENDING, OutboxMessage
from qtrax_disputes.web.extensions import db

OK = "ok"
REMIND_ACTIONS = ("deadlines.reminded",)
REPORT_ACTIONS = ("report.generated", "report.regenerated")


@dataclass(frozen=True)
class Check:
    name: str
    answer: str  # "ok", or why not, in words a monitor's alert can show
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.answer == OK


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def outbox_check(now: datetime) -> Check:
    limit = timedelta(minutes=current_app.config["HEALTH_OUTBOX_MAX_AGE_MINUTES"])
    pending, oldest = db.session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status == PENDING)).one()
    figures = {"pending": pending, "oldest_unsent_minutes": (
        _minutes(now - oldest) if oldest is not None else None)}
    if oldest is not None and now - oldest > limit:
        return Check("outbox", f"an email has waited longer than {_minutes(limit)} minutes "
                     "to be sent (is `flask outbox send` running?)", figures)
    return Check("outbox", OK, figures)


def _last_run(actions: tuple[str, ...]) -> datetime | None:
    return db.session.scalar(select(func.max(AuditEntry.at)).where(
        AuditEntry.action.in_(actions), AuditEntry.actor == SYSTEM))


def _installed_at() -> datetime | None:
    return db.session.scalar(select(func.min(AuditEntry.at)))


def job_check(name: str, command: str, actions: tuple[str, ...], limit: timedelta,
              limit_words: str, now: datetime, installed_at: datetime | None) -> Check:
    last = _last_run(actions)
    figures = {"last_run": _stamp(last)}
    if last is not None:
        if now - last > limit:
            return Check(name, f"`{command}` has not run for more than {limit_words}", figures)
        return Check(name, OK, figures)
    if installed_at is not None and now - installed_at > limit:
        return Check(name, f"`{command}` has never run (in use for more than {limit_words})",
                     figures)
    return Check(name, OK, figures)


def cron_checks() -> list[Check]:
    now = now_utc()
    config = current_app.config
    installed_at = _installed_at()
    hours = config["HEALTH_REMIND_MAX_AGE_HOURS"]
    days = config["HEALTH_REPORT_MAX_AGE_DAYS"]
    return [
        outbox_check(now),
        job_check("deadlines_remind", "flask deadlines remind", REMIND_ACTIONS,
                  timedelta(hours=hours), f"{hours} hours", now, installed_at),
        job_check("report_weekly", "flask report weekly", REPORT_ACTIONS,
                  timedelta(days=days), f"{days} days", now, installed_at),
    ]
