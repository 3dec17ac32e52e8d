"""`flask policy ...`: load the full text of a version of the privacy policy from a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from . import operations, queries

policy_cli = AppGroup("policy", help="Versions of the privacy policy.")


def _day(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("a day as YYYY-MM-DD, e.g. 2013-11-02") from None


@policy_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--effective", required=True, callback=_day,
              help="The day the version took effect (YYYY-MM-DD).")
@click.option("--posted", callback=_day, help="The day it was posted, if known.")
@click.option("--title", default="", help="Its title (a new version only).")
@click.option("--source", default="", help="Where the text was read (a new version only).")
@click.option("--replace", "replace_text", is_flag=True,
              help="Replace a text already loaded for this version.")
def load(file: Path, effective: date, posted: date | None, title: str, source: str,
         replace_text: bool) -> None:
    """Load FILE (UTF-8 text) as the full text of the version that took effect on --effective;
    a day no version has adds one, its clause copied from the version before, to review."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{file} is not UTF-8 text.") from None
    try:
        if queries.version_and_previous(effective)[0] is not None:
            outcome = operations.load_text(effective, text, replace_text=replace_text)
            click.echo(f"{outcome}: the text of the version of {effective} "
                       f"({len(text)} characters)")
            return
        operations.add_version(operations.VersionInput(
            effective_on=effective, text=text, posted_on=posted, title=title,
            source=source or f"loaded from {file.name}"))
    except operations.VersionRefused as refused:
        raise click.ClickException(refused.message) from None
    click.echo(f"added: the version of {effective} ({len(text)} characters); its dispute "
               "clause, promises and risks were copied from the version before: review them")
