"""`flask tokens ...`: personal access tokens for the JSON API, from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from qtrax_disputes.core.clock import to_local

from ..audit.log import acting_as
from . import api_tokens, operations
from .cli_actor import by_option, cli_actor
from .models import TOKEN_SCOPES

tokens_cli = AppGroup("tokens", help="Personal access tokens for the JSON API.")


def _person(email: str):
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@tokens_cli.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice(TOKEN_SCOPES), required=True)
@click.option("--expires", "days", type=int, default=None,
              help="Days the token works (default: the API_TOKEN_DAYS setting).")
@click.option("--name", default="Command line", show_default=True,
              help="What the token is for, as its owner will see it.")
@by_option
def create(email: str, scope: str, days: int | None, name: str, by: str | None) -> None:
    """Make a token acting as EMAIL's account and print it once."""
    user = _person(email)
    with acting_as(cli_actor(by)):
        try:
            made = api_tokens.create_token(user, name=name, scope=scope, days=days)
        except api_tokens.TokenRefused as exc:
            raise click.ClickException(exc.message) from exc
    click.echo(made.secret)
    click.echo(f"{scope} token for {user.email}, works until "
               f"{to_local(made.token.expires_at):%Y-%m-%d %H:%M %Z}. It is shown only now.",
               err=True)


@tokens_cli.command("list")
@click.argument("email")
def list_tokens(email: str) -> None:
    """EMAIL's tokens: id, what it starts with, scope, until when, last use."""
    for token in api_tokens.tokens_of(_person(email)):
        state = "revoked" if token.revoked_at else f"until {token.expires_at:%Y-%m-%d}"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}Z" if token.last_used_at else "never used"
        click.echo(f"{token.id}\t{token.prefix}…\t{token.scope}\t{state}\t{used}\t{token.name}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
@by_option
def revoke(token_id: int, by: str | None) -> None:
    """Revoke the token with this id (from `tokens list`)."""
    token = api_tokens.token_by_id(token_id)
    if token is None:
        raise click.ClickException(f"No token {token_id}.")
    with acting_as(cli_actor(by)):
        try:
            api_tokens.revoke_token(token)
        except api_tokens.TokenRefused as exc:
            raise click.ClickException(exc.message) from exc
    click.echo(f"Token {token_id} revoked.")
