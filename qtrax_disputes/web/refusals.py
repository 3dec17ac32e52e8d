"""One way a page tells a refusal: next to the fields it concerns, or else as a flash.

The operation has rolled its transaction back already (``db.transactions.operation``); the
view only shows what was refused, with everything typed kept in the form.
"""

from __future__ import annotations

from flask import flash

from qtrax_disputes.core.refusals import Refused


def show_refusal(refused: Refused, form=None, *, field: str | None = None,
                 lead: str = "") -> bool:
    """Each of ``field_errors`` goes next to its field of ``form``; a refusal that names no field
    of the form goes next to ``field`` when given. The message is flashed unless it already
    stands next to a field; ``lead`` says, before it, what was not done. True when flashed."""
    fields = getattr(form, "_fields", {})
    errors = {name: message for name, message in refused.field_errors.items()
              if name in fields}
    if not errors and field is not None and field in fields:
        errors = {field: refused.message}
    for name, message in errors.items():
        fields[name].errors = [*fields[name].errors, message]
    if refused.message in errors.values():
        return False
    flash(f"{lead} {refused.message}" if lead else refused.message, "error")
    return True
