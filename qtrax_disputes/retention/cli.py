"""`flask retention purge`: remove personal data of closed cases past the retention period."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.progress import each

from .operations import candidates, cutoff, purge

retention_cli = AppGroup("retention", help="Data retention.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="List the cases that would be purged.")
@click.option("--yes", is_flag=True, help="Purge them.")
@click.option("--years", type=click.IntRange(1, 100), default=None,
              help="Retention period in years (default: RETENTION_YEARS, 7 unless set).")
def purge_command(dry_run: bool, yes: bool, years: int | None) -> None:
    """Purge closed cases older than the retention period (choose --dry-run or --yes)."""
    if dry_run == yes:
        raise click.UsageError("Choose --dry-run to list the cases, or --yes to purge them.")
    years = years or current_app.config.get("RETENTION_YEARS") or 7
    on = today()
    if dry_run:
        due = candidates(on, years)
        for case in due:
            click.echo(f"{case.number}  closed {case.closed_on.isoformat()}"
                       + ("  (child data)" if case.is_child_data else ""))
        click.echo(f"{len(due)} case(s) closed before {cutoff(on, years).isoformat()} would "
                   "be purged")
        return
    report = purge(on, years, steps=each)
    click.echo(f"purged {report.cases} case(s): {report.documents} document(s), "
               f"{report.files} file(s) removed")
