"""Who a command-line change is by, for its audit entry: the account named with --by, else the
operating-system user running the command (a shell on the server is an administrator's)."""

from __future__ import annotations

import getpass

import click


def cli_actor(by: str | None) -> str:
    if not by:
        return f"os:{getpass.getuser()}"
    from .operations import find_user

    user = find_user(by)
    if user is None:
        raise click.ClickException(f"No account for {by} (--by).")
    return f"user:{user.id}"
