"""Who ran a `flask users ...` command, for its audit entry.

``--by EMAIL`` names the staff member at the keyboard (their account must exist); without
it the entry names the operating-system user, so a change made on the server is never
anonymous.
"""

from __future__ import annotations

import getpass

import click

from .operations import find_user


def cli_actor(by: str | None) -> str:
    """The audit actor for a command run with ``--by`` ``by`` (or without it)."""
    if by:
        user = find_user(by)
        if user is None:
            raise click.BadParameter(f"No account for {by}.", param_hint="--by")
        return f"user:{user.id}"
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        name = "unknown"
    return f"os:{name}"


by_option = click.option(
    "--by", "by", metavar="EMAIL", default=None,
    help="Your own account's email, recorded as who made the change "
         "(without it: the operating-system user).")
