"""What a complaint can be about: the promises of the privacy policy a user can say were broken."""

from __future__ import annotations

from qtrax_disputes.core.words import N_

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("email_sold", N_("My email address was sold, rented or shared")),
    ("third_party_disclosure", N_("My information was disclosed to a third party")),
    ("cookies_tracking", N_("Cookies and tracking")),
    ("child_under_13", N_("Information about a child under 13")),
    ("security_breach", N_("A security incident or data breach")),
    ("access_correction_deletion", N_("A request to see, correct or delete my information")),
    ("unwanted_marketing", N_("Unwanted marketing")),
    ("disclosure_to_authorities", N_("Disclosure to the authorities")),
    ("other", N_("Something else")),
)

CATEGORY_LABELS = dict(CATEGORIES)


def label(code: str) -> str:
    return CATEGORY_LABELS.get(code, code)
