"""Report pages: the stored reports, a week's report, its CSV and PDF."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.web.downloads import attachment
from qtrax_disputes.web.errors import render_error

from . import export, operations, present
from .models import WeeklyReport
from .queries import stored_reports, weekly_figures
from .weeks import Week

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _week() -> tuple[Week, str | None]:
    text = request.args.get("week", "")
    if not text:
        return Week.last_complete(today()), None
    try:
        return Week.parse(text), None
    except ValueError as exc:
        return Week.last_complete(today()), f"{exc} Showing the last complete week."


def _figures(week: Week) -> tuple[dict, WeeklyReport | None]:
    snapshot = operations.stored(week)
    return (snapshot.data, snapshot) if snapshot else (weekly_figures(week, today()), None)


@bp.route("")
def index():
    reports = stored_reports()
    return render_template("reports/index.html", reports=reports,
                           last_week=Week.last_complete(today()))


@bp.route("/weekly")
def weekly():
    week, error = _week()
    figures, snapshot = _figures(week)
    return render_template("reports/weekly.html", week=week, week_error=error,
                           snapshot=snapshot, f=figures,
                           chart_svgs=present.chart_svgs(figures),
                           report_tables=present.tables(figures))


@bp.route("/weekly.csv")
def weekly_csv():
    week, _ = _week()
    figures, _ = _figures(week)
    return attachment(export.as_csv(figures), "text/csv", f"weekly-report-{week.label}.csv")


@bp.route("/weekly.pdf")
def weekly_pdf():
    week, _ = _week()
    snapshot = operations.stored(week)
    if snapshot and snapshot.pdf_sha256:
        path = operations.pdf_path(snapshot.pdf_sha256)
        if not path.exists():
            return render_error(404, "The stored PDF of this report is missing. Regenerate "
                                     "the report to make it again.")
        pdf = path.read_bytes()
    else:
        pdf = operations.render_pdf(weekly_figures(week, today()), now_utc())
    return attachment(pdf, "application/pdf", f"weekly-report-{week.label}.pdf")


@bp.route("/weekly/regenerate", methods=["POST"])
def regenerate():
    week, _ = _week()
    existed = operations.stored(week) is not None
    operations.generate(week, user_id=current_user.id)
    flash(f"The report of {week.label} was {'regenerated' if existed else 'stored'}.",
          "success")
    return redirect(url_for("reports.weekly", week=week.label))
