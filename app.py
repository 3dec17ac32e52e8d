"""Entry point: `flask --app app run`, `gunicorn app:app`."""

from qtrax_disputes.web.app import create_app

app = create_app()
