"""`flask demo seed`: demo data for trying the app and for benchmarks. Never run by default."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from ..cases.models import Case
from ..core.progress import each
from .accounts import set_demo_accounts
from .seed import new_demo_password, seed

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--cases", default=200, show_default=True, type=click.IntRange(1, 2_000_000))
@click.option("--weeks", default=104, show_default=True, type=click.IntRange(1, 1000),
              help="Spread the filings over this many weeks back from today.")
@click.option("--seed", "seed_value", default=2026, show_default=True,
              help="The same seed gives the same data.")
@click.option("--if-empty", is_flag=True,
              help="Add no cases when the database has some (the demo accounts are still set).")
def seed_command(cases: int, weeks: int, seed_value: int, if_empty: bool) -> None:
    """Add demo cases with their history, parties, deadlines, costs and documents, and give
    the demo accounts (one for every role) new passwords, printed here."""
    if if_empty and db.session.scalar(select(func.count(Case.id))):
        click.echo("The database already has cases: no demo cases added.")
    else:
        _seed_cases(cases, weeks, seed_value)
    _print_sign_ins()


def _seed_cases(cases: int, weeks: int, seed_value: int) -> None:
    started = time.perf_counter()
    password = new_demo_password()
    counts = seed(cases, password=password, weeks=weeks, seed_value=seed_value, steps=each)
    click.echo(f"added {counts['cases']} cases, {counts['events']} events, "
               f"{counts['deadlines']} deadlines, {counts['costs']} costs in "
               f"{time.perf_counter() - started:.1f}s")


def _print_sign_ins() -> None:
    # Shown here only, never stored in clear or logged: note them now.
    sign_ins = set_demo_accounts(actor="demo seed")
    click.echo("Demo sign-ins (new passwords each time; shown only now):")
    width = max(len(s.email) for s in sign_ins)
    for s in sign_ins:
        click.echo(f"  {s.role:<8} {s.email:<{width}}  password “{s.password}”")
