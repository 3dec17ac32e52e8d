"""Where a mediation session may be held.

The policy's dispute clause fixes New York City as the place of mediation (docs/road.md § The
clause the road follows, § Mediation).
A session is accepted when its venue names one of the five boroughs (or "New York, NY",
"New York City", "NYC", or a New York City ZIP code after "NY"), or when both sides agreed to a
virtual session (checked by the workflow, not here). Anything else is refused with the reason.

Pure text rules, no I/O. The check is deliberately conservative: a bare "New York" is refused
(it may mean the state), and a place that names another state ("Manhattan, KS",
"Brooklyn Park, MN") is refused even though it contains a borough's name.
"""

from __future__ import annotations

import re

# Names that on their own mean New York City (word boundaries apply, so "Bronxville" and
# "Queensbury", which are outside the city, do not match).
_CITY_PATTERNS: tuple[str, ...] = (
    r"\bnew york city\b",
    r"\bnyc\b",
    r"\bcity of new york\b",
    r"\bnew york,?\s+(?:ny|n\.y\.|new york)\b",
    r"\bmanhattan\b",
    r"\bbrooklyn\b",
    r"\bqueens\b",
    r"\b(?:the\s+)?bronx\b",
    r"\bstaten island\b",
    r"\b(?:new york|kings|bronx|queens|richmond) county\b",
)

# Queens addresses use the neighbourhood as the postal town ("Flushing, NY"); these count
# only when followed by NY, because several are also place names elsewhere.
_QUEENS_TOWNS: tuple[str, ...] = (
    "long island city", "astoria", "flushing", "jamaica", "forest hills", "jackson heights",
    "elmhurst", "corona", "bayside", "ridgewood", "far rockaway", "rockaway park",
    "fresh meadows", "kew gardens", "woodside", "sunnyside", "richmond hill", "ozone park",
    "howard beach", "whitestone", "college point", "maspeth", "middle village", "rego park",
    "little neck", "douglaston", "hollis", "queens village", "saint albans", "st. albans",
    "springfield gardens", "rosedale", "cambria heights", "east elmhurst", "glen oaks",
)

# Places that contain a borough's name but are not in the city.
_NOT_THE_CITY: tuple[str, ...] = (
    "manhattan beach", "brooklyn park", "brooklyn center", "brooklyn heights, oh",
    "west new york", "new york mills",
)

_STATES: dict[str, str] = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
    "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia",
    "kansas": "ks", "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md",
    "massachusetts": "ma", "michigan": "mi", "minnesota": "mn", "mississippi": "ms",
    "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv", "new hampshire": "nh",
    "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn",
    "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
    "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy", "district of columbia": "dc",
}
_STATE_CODES = frozenset(_STATES.values())

_ZIP_AFTER_NY = re.compile(r"\b(?:ny|n\.y\.|new york)\s+(\d{5})(?:-\d{4})?\b")
_TRAILING_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$")


def _normalise(text: str) -> str:
    return " ".join((text or "").lower().replace("\u2019", "'").split())


def _stated_state(text: str) -> str | None:
    """The two-letter state the venue ends with ("..., KS 66502" -> "ks"), if it names one."""
    last = text.rsplit(",", 1)[-1].strip() if "," in text else ""
    last = _TRAILING_ZIP.sub("", last).strip().rstrip(".")
    if not last:
        return None
    if last in _STATES:
        return _STATES[last]
    if last.replace(".", "") in _STATE_CODES:
        return last.replace(".", "")
    return None


def _nyc_zip(code: str) -> bool:
    """ZIP codes served by New York City post offices (Manhattan 100-102, Staten Island 103,
    Bronx 104, Brooklyn 112, Queens 111/113/114/116 and 11004-11005)."""
    prefix = code[:3]
    return prefix in {"100", "101", "102", "103", "104", "111", "112", "113", "114", "116"} or (
        code in {"11004", "11005"}
    )


def is_nyc_venue(text: str) -> bool:
    """Whether ``text`` names a place in New York City."""
    venue = _normalise(text)
    if not venue:
        return False
    state = _stated_state(venue)
    if state is not None and state != "ny":
        return False
    if any(name in venue for name in _NOT_THE_CITY):
        return False
    if any(re.search(pattern, venue) for pattern in _CITY_PATTERNS):
        return True
    for town in _QUEENS_TOWNS:
        if re.search(rf"\b{re.escape(town)},?\s+(?:ny|n\.y\.|new york)\b", venue):
            return True
    match = _ZIP_AFTER_NY.search(venue)
    return bool(match and _nyc_zip(match.group(1)))
