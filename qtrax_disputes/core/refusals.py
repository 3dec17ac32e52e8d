"""A refusal: the app will not do what was asked, and says why in words for the person asking.

Every operation refuses the same way, so every view shows a refusal the same way: ``message``
for the page, ``field_errors`` for the form fields it concerns. Pure: no Flask, no database.
"""

from __future__ import annotations


class Refused(Exception):
    """Nothing of the operation was kept; ``message`` says why, ``field_errors`` say where."""

    message: str = "This could not be done."

    def __init__(self, message: str | None = None,
                 field_errors: dict[str, str] | None = None):
        message = message or type(self).message
        super().__init__(message)
        self.message = message
        self.field_errors = dict(field_errors or {})

    @classmethod
    def at(cls, field: str | None, message: str) -> Refused:
        """The refusal of one field's value, told next to that field."""
        return cls(message, {field: message} if field else None)

    @property
    def field(self) -> str | None:
        """The first field the refusal points at, if any."""
        return next(iter(self.field_errors), None)


class Stale(Refused):
    """Someone else saved the record after this person opened it: nothing was saved."""

    message = ("Someone else saved this record while you were editing it. Nothing was saved; "
               "review it as it is now and try again.")
