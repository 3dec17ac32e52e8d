"""`flask deadlines ...`: the daily reminder job (for cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from qtrax_disputes.core.clock import OUT_OF_RANGE, in_range
from qtrax_disputes.core.progress import each

from .reminders import send_reminders

deadlines_cli = AppGroup("deadlines", help="Legal deadlines.")


def _parse_day(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected a date as YYYY-MM-DD") from None
    if not in_range(day):
        raise click.BadParameter(OUT_OF_RANGE)
    return day


@deadlines_cli.command("remind")
@click.option("--on", "on", callback=_parse_day, metavar="YYYY-MM-DD",
              help="Remind as of this New York date (testing, backfill). Default: today.")
def remind(on: date | None) -> None:
    """Queue one email per person listing deadlines overdue or within their window."""
    report = send_reminders(on)
    click.echo(f"queued {report.queued} reminder(s), {report.skipped_duplicates} already sent "
               f"today")


@deadlines_cli.command("recompute")
@click.option("--apply", "apply_", is_flag=True,
              help="Apply the changes shown (without it, nothing changes).")
def recompute(apply_: bool) -> None:
    """Show open deadlines whose rule now gives another date; apply them with --apply."""
    from .engine import pending_rule_changes
    from .operations import apply_rule_changes

    changes = pending_rule_changes(steps=each)
    if not changes:
        click.echo("Every open deadline matches its rule.")
        return
    for c in changes:
        d = c.deadline
        click.echo(f"{d.case.number}  {d.rule_code} {d.rule_version}  "
                   f"{c.old_due.isoformat()} -> {c.new_due.isoformat()}  {d.title}")
    if apply_:
        click.echo(f"applied {apply_rule_changes(changes)} change(s)")
    else:
        click.echo(f"{len(changes)} change(s) shown; run again with --apply to make them")
