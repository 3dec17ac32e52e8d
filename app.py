"""Entry point: `flask --app app run`, `gunicorn app:app`."""

from qtrax_disputes import create_app

app = create_app()
