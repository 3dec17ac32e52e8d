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

from flask import Blueprint, Flask, url_for
from flask.sansio.app import App

from qtrax_disputes.auth.roles import VIEWER, at_least

# Where on the case page a section stands: above the columns, at the head of the main column,
# in the main column after the case's own record, and in the side column.
SLOTS = ("top", "lead", "record", "side")

# The parts of the case page a person jumps between, each at its own address
# (``?section=timeline``): the page renders only the part asked for, so it is short, works
# without script, and a link opens the part it names. The header stands above every part.
OVERVIEW, TIMELINE, DEADLINES, DOCUMENTS, COSTS, PARTIES = (
    "overview", "timeline", "deadlines", "documents", "costs", "parties")
TABS: tuple[tuple[str, str], ...] = (
    (OVERVIEW, "Overview"), (TIMELINE, "Timeline"), (DEADLINES, "Deadlines"),
    (DOCUMENTS, "Documents"), (COSTS, "Costs"), (PARTIES, "Parties and neutrals"),
)
TAB_NAMES = tuple(name for name, _ in TABS)


def tab_asked(asked: str | None) -> str:
    """The part of the page an address asks for; the overview for anything else."""
    return asked if asked in TAB_NAMES else OVERVIEW


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
    tab: str = OVERVIEW  # the part of the page it belongs to (TABS)

    def __post_init__(self):
        if self.slot not in SLOTS:
            raise ValueError(f"The case page has no slot {self.slot!r}; it has {SLOTS}.")
        if self.tab not in TAB_NAMES:
            raise ValueError(f"The case page has no part {self.tab!r}; it has {TAB_NAMES}.")


def add_section(app: App, section: Section) -> None:
    sections = app.extensions.setdefault("case_sections", {})
    if section.name in sections:
        raise ValueError(f"A case-page section named {section.name!r} is registered already.")
    sections[section.name] = section


def register_section(blueprint: Blueprint, section: Section) -> None:
    """Add ``section`` to the case page of each app that registers ``blueprint``; a form of
    the feature sent back with errors shows the part of the page its section is in."""
    def add(state) -> None:
        add_section(state.app, section)
        state.app.extensions.setdefault("case_section_tabs", {}).setdefault(
            blueprint.name, section.tab)

    blueprint.record_once(add)


def registered(app: Flask) -> list[Section]:
    return sorted(app.extensions.get("case_sections", {}).values(),
                  key=lambda s: (SLOTS.index(s.slot), s.order, s.name))


def visible(app: Flask, role: str, tab: str | None = None) -> list[Section]:
    """The sections ``role`` sees, in the part ``tab`` of the page (None: in every part)."""
    return [s for s in registered(app)
            if at_least(role, s.sees) and (tab is None or s.tab == tab)]


def tab_of_blueprint(app: Flask, blueprint: str | None) -> str:
    """The part of the page of the first section ``blueprint`` registered (the case's own
    views name their part themselves)."""
    return app.extensions.get("case_section_tabs", {}).get(blueprint or "", OVERVIEW)


def part_url(number: str, tab: str, anchor: str | None = None) -> str:
    """The address of one part of a case's page, at ``anchor`` (the part's own by default)."""
    return url_for("cases.show", number=number, section=tab) + f"#{anchor or tab}"
