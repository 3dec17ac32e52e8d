"""Gunicorn reads this file when started from the source tree (``gunicorn app:app``).

The settings are the package's (qtrax_disputes/web/gunicorn_conf.py), so an installed copy
(``qtrax-disputes serve``) and the tree serve alike.
"""

from qtrax_disputes.web.gunicorn_conf import *  # noqa: F403
