"""`flask users ...`: staff accounts from the command line (the first admin is made here).

Every command that changes an account takes ``--by EMAIL``; its audit entry names that
person, or else the operating-system user (cli_actor.py).
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.extensions import db

from . import lifecycle, operations
from .cli_actor import by_option, cli_actor
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


def _refused(exc: operations.AccountError) -> click.ClickException:
    return click.ClickException(exc.message)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="The person's name, shown in the app.")
@by_option
def create(email: str, role: str, name: str, by: str | None) -> None:
    """Create an account; the password is read from a hidden prompt or standard input."""
    actor = cli_actor(by)
    try:
        user = operations.create_user(email, _read_password(), role, name=name, actor=actor)
    except operations.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="The person's name, shown in the app.")
@by_option
def invite(email: str, role: str, name: str, by: str | None) -> None:
    """Create an account without a password and email the person a link to choose one
    (sent by `flask outbox send`)."""
    try:
        user = lifecycle.invite_user(email, role, name=name, actor=cli_actor(by))
    except operations.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"Invited {user.email} ({user.role}); the email leaves with `flask outbox send`.")


@users_cli.command("list")
def list_users() -> None:
    """List accounts with their role and state (active, invited or disabled)."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        click.echo(f"{user.email}\t{user.role}\t{user.state}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@by_option
def set_role(email: str, role: str, by: str | None) -> None:
    """Change an account's role."""
    try:
        user = operations.set_role(_get(email), role, actor=cli_actor(by))
    except operations.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"{user.email} is now {user.role}.")


@users_cli.command("reset-password")
@click.argument("email")
@by_option
def reset_password(email: str, by: str | None) -> None:
    """Email the person a link to choose a new password (valid one hour); the old one works
    until the link is used."""
    user = _get(email)
    try:
        purpose = lifecycle.send_reset(user, actor=cli_actor(by))
    except operations.AccountError as exc:
        raise _refused(exc) from exc
    what = "a password reset link" if purpose == "reset" else "their invitation again"
    click.echo(f"Queued {what} for {user.email}; it leaves with `flask outbox send`.")


@users_cli.command("deactivate")
@click.argument("email")
@by_option
def deactivate(email: str, by: str | None) -> None:
    """Disable an account: it can no longer sign in, and open sessions end."""
    try:
        user = operations.deactivate(_get(email), actor=cli_actor(by))
    except operations.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"{user.email} is disabled.")


@users_cli.command("setup-link")
@click.option("--url", "base_url", default=None,
              help="Where the app is reached (default: PUBLIC_BASE_URL).")
@click.option("--if-needed", is_flag=True, help="Print nothing when accounts already exist.")
def setup_link(base_url: str | None, if_needed: bool) -> None:
    """While no account exists: print how to create the first administrator, with a setup
    link good for one hour (printed here only)."""
    from flask import current_app, url_for

    from .first_run import SETUP_VALID, accounts_exist, setup_token

    if accounts_exist():
        if not if_needed:
            click.echo("Accounts already exist: no setup link is needed. Sign in, or ask an "
                       "administrator (`flask --app app users list` shows them).")
        return
    base = (base_url or current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    with current_app.test_request_context():
        path = url_for("setup.first_admin", token=setup_token(current_app.config["SECRET_KEY"]))
    hours = int(SETUP_VALID.total_seconds() // 3600)
    click.echo(
        "\nNo account exists yet. Create the first administrator in the browser:\n\n"
        f"    {base}{path}\n\n"
        f"(good for {hours} hour and only until an account exists; shown only here), or on the\n"
        "command line: flask --app app users create EMAIL --role admin\n")


@users_cli.command("unlink-sso")
@click.argument("email")
@by_option
def unlink_sso(email: str, by: str | None) -> None:
    """Forget the single sign-on identity bound to an account, so that its next single
    sign-on binds the identity it comes with (the person got a new account at the provider)."""
    count = operations.unbind_sso(_get(email), actor=cli_actor(by))
    click.echo(f"{email}: {count} single sign-on identity unlinked." if count
               else f"{email} has no single sign-on identity.")


@users_cli.command("reset-2fa")
@click.argument("email")
@by_option
def reset_two_factor(email: str, by: str | None) -> None:
    """Turn off an account's two-factor sign-in (a lost phone); they set it up again."""
    from .two_factor.operations import reset_by_admin

    actor = cli_actor(by)
    user = _get(email)
    try:
        reset_by_admin(user, actor=actor)
    except Refused as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Two-factor sign-in of {user.email} is reset.")


@users_cli.command("reactivate")
@click.argument("email")
@by_option
def reactivate(email: str, by: str | None) -> None:
    """Let a disabled account sign in again with its password."""
    user = operations.reactivate(_get(email), actor=cli_actor(by))
    click.echo(f"{user.email} can sign in again.")
