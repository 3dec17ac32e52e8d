"""Staff roles, from least to most trusted.

Each role can do everything the roles before it can; a route names the least role it needs.
"""

from __future__ import annotations

VIEWER = "viewer"
STAFF = "staff"
COUNSEL = "counsel"
ADMIN = "admin"

ROLES: tuple[str, ...] = (VIEWER, STAFF, COUNSEL, ADMIN)

def rank(role: str) -> int:
    return ROLES.index(role)


def at_least(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return role in ROLES and rank(role) >= rank(needed)
