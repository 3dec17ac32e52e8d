"""How an operation ends its transaction: it commits, or it rolls back before it refuses.

A concurrent save is noticed at a flush or at the commit (the rows' version counter), as
SQLAlchemy's ``StaleDataError``; the person is told with the operation's own ``Stale``
refusal. Views never touch the session: by the time a ``Refused`` reaches them, nothing of
the operation is left in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from qtrax_disputes.core.refusals import Refused, Stale
from qtrax_disputes.web.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def commit_or_stale(stale: type[Stale] = Stale) -> None:
    """Commit; a row someone else changed meanwhile rolls everything back and refuses."""
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise stale() from exc


def operation(stale: type[Stale] = Stale) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """An operation that refuses leaves nothing behind: whatever it had added or changed in the
    session is rolled back before the refusal reaches its caller, whether the refusal is its
    own or a concurrent save noticed at any flush."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except Refused:
                db.session.rollback()
                raise
            except StaleDataError as exc:
                db.session.rollback()
                raise stale() from exc
        return guarded
    return decorate
