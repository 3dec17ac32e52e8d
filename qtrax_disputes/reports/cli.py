"""`flask report weekly`: generate and store a week's report, for cron."""

from __future__ import annotations

import sys

import click
from flask import render_template
from flask.cli import AppGroup

from qtrax_disputes.core.clock import today

from . import export, operations
from .weeks import Week

report_cli = AppGroup("report", help="Reports.")


def _week(ctx, param, value):
    if value is None:
        return Week.last_complete(today())
    try:
        return Week.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@report_cli.command("weekly")
@click.option("--week", callback=_week, metavar="YYYY-Www",
              help="The ISO week (default: the last complete week).")
@click.option("--format", "fmt", type=click.Choice(["html", "csv", "pdf"]), default="html",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report here (default: standard output; PDF needs a file).")
@click.option("--email", is_flag=True, help="Queue it for the users who subscribed.")
def weekly(week: Week, fmt: str, output: str | None, email: bool) -> None:
    """Generate the week's report, store it, and write it out."""
    report = operations.generate(week, actor="system")
    if fmt == "pdf":
        if not output:
            raise click.UsageError("--format pdf needs --output PATH.")
        with open(output, "wb") as out:
            out.write(operations.pdf_path(report.pdf_sha256).read_bytes())
    else:
        text = export.as_csv(report.data) if fmt == "csv" else render_template(
            "reports/weekly_print.html", f=report.data, generated_at=report.generated_at)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        else:
            sys.stdout.write(text)
    if email:
        click.echo(f"queued for {operations.email_subscribers(report)} subscriber(s)",
                   err=True)
    click.echo(f"stored the report of {week.label}", err=True)


