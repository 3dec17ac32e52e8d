"""The case page's sections, which each feature adds when its blueprint is registered.

The case page does not know the features: documents, costs and deadlines each register a
``Section`` (its title, anchor, template, the data it needs and the least role that sees it)
and the page shows, in each of its slots, the sections of the app it is rendered in. A
section's template is included without ``ignore missing``, so a renamed template fails
loudly instead of silently dropping a part of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask
from flask.sansio.app import App

from qtrax_disputes.auth.roles import VIEWER, at_least

# Where on the case page a section stands: above the columns, at the head of the main column,
# in the main column after the case's own record, and in the side column.
SLOTS = ("top", "lead", "record", "side")

# (case, role, what the view passed) -> the names the section's template reads. What the
# view passed are the forms it rendered with errors, and which of them to show open.
SectionData = Callable[[Any, str, dict], dict]


def _nothing(case, role: str, given: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Section:
    name: str
    title: str  # the heading the section shows
    anchor: str  # the id of its element on the page, for links to "#anchor"
    template: str
    slot: str
    order: int  # within its slot, smaller first
    data: SectionData = field(default=_nothing, compare=False)
    sees: str = VIEWER  # the least role, of the access table's roles, that sees it

    def __post_init__(self):
        if self.slot not in SLOTS:
            raise ValueError(f"The case page has no slot {self.slot!r}; it has {SLOTS}.")


def add_section(app: App, section: Section) -> None:
    sections = app.extensions.setdefault("case_sections", {})
    if section.name in sections:
        raise ValueError(f"A case-page section named {section.name!r} is registered already.")
    sections[section.name] = section


def register_section(blueprint: Blueprint, section: Section) -> None:
    """Add ``section`` to the case page of each app that registers ``blueprint``."""
    blueprint.record_once(lambda state: add_section(state.app, section))


def registered(app: Flask) -> list[Section]:
    return sorted(app.extensions.get("case_sections", {}).values(),
                  key=lambda s: (SLOTS.index(s.slot), s.order, s.name))


def visible(app: Flask, role: str) -> list[Section]:
    return [s for s in registered(app) if at_least(role, s.sees)]
