"""`flask users ...`: staff accounts from the command line (the first admin is made here)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.extensions import db

from . import operations
from .models import User
from .roles import ROLES

users_cli = AppGroup("users", help="Manage staff accounts.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _get(email: str) -> User:
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="The person's name, shown in the app.")
def create(email: str, role: str, name: str) -> None:
    """Create an account; the password is read from a hidden prompt or standard input."""
    try:
        user = operations.create_user(email, _read_password(), role, name=name, actor="system")
    except operations.AccountError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("list")
def list_users() -> None:
    """List accounts with their role and whether they can sign in."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email}\t{user.role}\t{state}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = operations.set_role(_get(email), role, actor="system")
    click.echo(f"{user.email} is now {user.role}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Disable an account: it can no longer sign in, and open sessions end."""
    user = operations.deactivate(_get(email), actor="system")
    click.echo(f"{user.email} is disabled.")


@users_cli.command("reset-2fa")
@click.argument("email")
@click.option("--by", default=None, help="The administrator's email, for the audit log.")
def reset_two_factor(email: str, by: str | None) -> None:
    """Turn off an account's two-factor sign-in (a lost phone); they set it up again."""
    from .cli_actor import cli_actor
    from .two_factor.operations import reset_by_admin

    actor = cli_actor(by)
    user = _get(email)
    try:
        reset_by_admin(user, actor=actor)
    except Refused as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Two-factor sign-in of {user.email} is reset.")
