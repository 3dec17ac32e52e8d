"""Who must use two-factor sign-in. Pure: the caller passes in whether REQUIRE_2FA is set."""

from __future__ import annotations

from ..roles import ADMIN, COUNSEL

# The roles that can change who may do what (admin) or take the decisions on a case
# (counsel): with REQUIRE_2FA set, a stolen password alone must not open them.
REQUIRED_FOR: frozenset[str] = frozenset({ADMIN, COUNSEL})


def must_use_two_factor(role: str, require_2fa: bool) -> bool:
    return require_2fa and role in REQUIRED_FOR
