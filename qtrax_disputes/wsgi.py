"""The WSGI app for servers of an installed package: ``gunicorn qtrax_disputes.wsgi:app``.

(app.py at the root does the same in the source tree; it is not part of the package.)
"""

from qtrax_disputes.web.app import create_app

app = create_app()
