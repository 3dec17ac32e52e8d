import click
from flask.cli import AppGroup

from .operations import send_pending, strike_clear_links

outbox_cli = AppGroup("outbox", help="Outgoing email.")


@outbox_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages in one run.")
def send(limit: int) -> None:
    """Deliver pending messages over SMTP (for cron); failures are retried later."""
    report = send_pending(limit)
    click.echo(f"sent {report.sent}, retry later {report.retried}, failed {report.failed}, "
               f"logged only {report.logged_only}, withheld (updates turned off) "
               f"{report.withheld}")


@outbox_cli.command("strike-links")
def strike_links() -> None:
    """Strike status links that delivered messages kept in clear (once, after upgrading)."""
    click.echo(f"struck the status link from {strike_clear_links()} delivered message(s)")
