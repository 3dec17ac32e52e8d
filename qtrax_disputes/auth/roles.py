"""Staff roles, from least to most trusted.

Each role can do everything the roles before it can; a route names the least role it needs.
"""

from __future__ import annotations

VIEWER = "viewer"
STAFF = "staff"
COUNSEL = "counsel"
ADMIN = "admin"

ROLES: tuple[str, ...] = (VIEWER, STAFF, COUNSEL, ADMIN)

# The least role a case can be assigned to: a viewer reads cases but works none.
ASSIGNABLE_FROM = STAFF

def rank(role: str) -> int:
    return ROLES.index(role)


def at_least(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return role in ROLES and rank(role) >= rank(needed)


def assignable_roles() -> tuple[str, ...]:
    return tuple(r for r in ROLES if at_least(r, ASSIGNABLE_FROM))
