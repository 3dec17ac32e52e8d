"""Progress of a long command: a bar on a terminal, nothing in cron.

A person at a terminal wants to see that a backup or a purge is moving; cron mails whatever a
job writes, so there a job writes its one-line summary and its errors only. Whether someone is
watching is whether standard error is a terminal (where the bar is drawn).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

T = TypeVar("T")
Step = Callable[[int], None]


def on_terminal() -> bool:
    return sys.stderr.isatty()


def _no_step(n: int = 1) -> None:
    return None


@contextmanager
def progress(label: str, length: int) -> Iterator[Step]:
    """``step(n)`` moves the bar by n of ``length``; nothing is drawn off a terminal."""
    if not on_terminal() or length <= 0:
        yield _no_step
        return
    with click.progressbar(length=length, label=label, file=sys.stderr,
                           show_pos=True, show_eta=True) as bar:
        yield bar.update


def each(items: Iterable[T], label: str, length: int | None = None) -> Iterator[T]:
    """The items, drawing a bar on a terminal as they are taken."""
    items = list(items) if length is None else items
    total = length if length is not None else len(items)  # type: ignore[arg-type]
    with progress(label, total) as step:
        for item in items:
            yield item
            step(1)


def through(items: Iterable[T], label: str, length: int | None = None) -> Iterable[T]:
    """The items as they are: what an operation steps through when no command watches it
    (a web request must not draw on the server's terminal)."""
    return items


Steps = Callable[..., Iterable[Any]]


def details(text: str) -> None:
    """A line worth reading at a terminal and not worth mailing from cron."""
    if on_terminal():
        click.echo(text)
