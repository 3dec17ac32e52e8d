"""The main navigation: the sections a role may open, with their addresses.

Every staff page shows it, so it is worked out once per role (and per address the app is
mounted at) instead of asking the access table and building seven links on every request.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import request, url_for

from qtrax_disputes.web.access import role_reaches

SECTIONS = (
    ("home.home", "My work"), ("cases.index", "Cases"), ("mass.index", "Masses"),
    ("deadlines.index", "Deadlines"),
    ("costs.index", "Costs"),
    ("reports.index", "Reports"), ("neutrals.index", "Neutrals"), ("policies.index", "Policy"),
    ("admin.users", "Users"),
    ("admin.audit", "Audit log"),
)


class Section(NamedTuple):
    endpoint: str
    blueprint: str
    label: str
    url: str

    def is_current(self, endpoint: str | None, blueprint: str | None) -> bool:
        """Whether the page shown belongs to this section: its blueprint's, unless another
        section shares the blueprint (Users and Audit log), then its own page only."""
        if self.blueprint in _SHARED_BLUEPRINTS:
            return endpoint == self.endpoint
        return blueprint == self.blueprint


_SHARED_BLUEPRINTS = frozenset(
    b for b in {e.split(".")[0] for e, _ in SECTIONS}
    if sum(e.split(".")[0] == b for e, _ in SECTIONS) > 1)

_built: dict[tuple[str, str], tuple[Section, ...]] = {}


def sections_for(role: str, endpoints: frozenset[str]) -> tuple[Section, ...]:
    key = (role, request.script_root)
    if key not in _built:
        _built[key] = tuple(
            Section(endpoint, endpoint.split(".")[0], label, url_for(endpoint))
            for endpoint, label in SECTIONS
            if endpoint in endpoints and role_reaches(role, endpoint)
        )
    return _built[key]
