"""The ``qtrax-disputes`` command: Flask's CLI bound to this app, plus ``serve`` under gunicorn.

Installed with the package (pyproject.toml, ``[project.scripts]``), so an installed copy runs
without the source tree: ``qtrax-disputes db upgrade``, ``qtrax-disputes outbox send``,
``qtrax-disputes run`` (the development server), ``qtrax-disputes serve`` (production). Every
command takes ``--env-file FILE`` first, the settings file cron and systemd share (deploy/).
"""

from __future__ import annotations

import os
import sys

import click
from flask.cli import FlaskGroup

from qtrax_disputes.web.app import create_app


def _build_app():
    return create_app()


@click.command(
    "serve",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve(gunicorn_args: tuple[str, ...]) -> None:
    """Serve the app with gunicorn; arguments go to gunicorn (e.g. --bind 127.0.0.1:8000 -w 4).

    Gunicorn's settings (qtrax_disputes.web.gunicorn_conf) refuse several workers counting
    sign-in attempts each in its own memory.
    """
    # Gunicorn's workers build their own app from qtrax_disputes.wsgi; the environment (and so
    # what --env-file loaded) is inherited. exec: systemd sees gunicorn itself as the service.
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:qtrax_disputes.web.gunicorn_conf",
            *gunicorn_args, "qtrax_disputes.wsgi:app"]
    os.execv(sys.executable, argv)  # noqa: S606  (fixed program, the operator's own arguments)


cli = FlaskGroup(
    name="qtrax-disputes",
    create_app=_build_app,
    # A .env in whatever folder cron starts in is not a settings file anyone chose.
    load_dotenv=False,
    help="Qtrax Disputes: the app's commands (database, jobs, servers).",
)
cli.add_command(serve)


def main() -> None:
    cli.main(prog_name="qtrax-disputes")
