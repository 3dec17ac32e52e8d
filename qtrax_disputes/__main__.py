"""``python -m qtrax_disputes``: the same as the ``qtrax-disputes`` command."""

from qtrax_disputes.web.console import main

main()
