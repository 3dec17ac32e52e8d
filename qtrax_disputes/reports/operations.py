"""Generating and storing a week's report: its numbers and its PDF, together."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..outbox.operations import enqueue
from . import export
from .models import WeeklyReport
from .queries import weekly_figures
from .weeks import Week


def stylesheet_path() -> str:
    return str(Path(current_app.static_folder) / "css" / "report-print.css")


def render_pdf(figures: dict, generated_at) -> bytes:
    html = render_template("reports/weekly_print.html", f=figures, generated_at=generated_at)
    return export.as_pdf(html, stylesheet_path())


def report_dir() -> Path:
    path = Path(current_app.config["REPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def pdf_path(sha256: str) -> Path:
    return report_dir() / f"{sha256}.pdf"


def stored(week: Week) -> WeeklyReport | None:
    return db.session.scalar(select(WeeklyReport).where(
        WeeklyReport.iso_year == week.year, WeeklyReport.iso_week == week.number))


def generate(week: Week, *, actor: str | None = None, user_id: int | None = None
             ) -> WeeklyReport:
    """Compute the week, render its PDF and store both; a second run replaces the first."""
    generated_at = now_utc()
    figures = weekly_figures(week, today())
    pdf = render_pdf(figures, generated_at)
    sha = hashlib.sha256(pdf).hexdigest()
    path = pdf_path(sha)
    created = not path.exists()
    if created:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(path)
    try:
        report = stored(week)
        action = "report.regenerated" if report else "report.generated"
        if report is None:
            report = WeeklyReport(iso_year=week.year, iso_week=week.number)
            db.session.add(report)
        report.data, report.pdf_sha256 = figures, sha
        report.generated_at, report.generated_by_id = generated_at, user_id
        record(action, report, {"week": week.label, "pdf_sha256": sha}, actor=actor)
        db.session.commit()
    except Exception:
        db.session.rollback()
        if created:
            path.unlink(missing_ok=True)  # no PDF without its row
        raise
    return report


def email_subscribers(report: WeeklyReport) -> int:
    """Queue the report's summary for every active user who subscribed (once per week each)."""
    from ..auth.models import User

    f = report.data
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + \
        f"/reports/weekly?week={report.label}"
    context = {"label": report.label, "f": f, "link": link,
               "costs": f"${f['costs']['week']['total'] / 100:,.2f}"}
    queued = 0
    for user in db.session.scalars(select(User).where(User.active.is_(True),
                                                      User.report_subscribed.is_(True))):
        if enqueue(user.email, f"Weekly report {report.label}", template="weekly_report",
                   context=context,
                   dedupe_key=f"report:{report.label}:{user.id}"):
            queued += 1
    record("report.emailed", report, {"week": report.label, "queued": queued},
           actor="system")
    db.session.commit()
    return queued
