"""`flask demo seed`: demo data for trying the app and for benchmarks. Never run by default."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from ..cases.models import Case
from ..core.progress import each
from .seed import new_demo_password, seed

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--cases", default=200, show_default=True, type=click.IntRange(1, 2_000_000))
@click.option("--weeks", default=104, show_default=True, type=click.IntRange(1, 1000),
              help="Spread the filings over this many weeks back from today.")
@click.option("--seed", "seed_value", default=2026, show_default=True,
              help="The same seed gives the same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has cases.")
def seed_command(cases: int, weeks: int, seed_value: int, if_empty: bool) -> None:
    """Add demo cases with their history, parties, deadlines, costs and documents."""
    if if_empty and db.session.scalar(select(func.count(Case.id))):
        click.echo("The database already has cases: no demo data added.")
        return
    started = time.perf_counter()
    password = new_demo_password()
    counts = seed(cases, password=password, weeks=weeks, seed_value=seed_value, steps=each)
    click.echo(f"added {counts['cases']} cases, {counts['events']} events, "
               f"{counts['deadlines']} deadlines, {counts['costs']} costs in "
               f"{time.perf_counter() - started:.1f}s")
    # Shown here only, never stored in clear or logged: note it now.
    click.echo("demo sign-in: counsel@demo.qtrax.example, staff@demo.qtrax.example, "
               f"manager@demo.qtrax.example — password “{password}”")
