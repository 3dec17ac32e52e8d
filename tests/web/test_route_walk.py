"""Every route of the URL map, every method it allows, as every role, with hostile values in
its address and its query string: the answer is never a server error.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, whose integers and text are
stricter (ids are 32-bit, text cannot hold a NUL).
"""

from __future__ import annotations

from urllib.parse import quote

from werkzeug.routing import IntegerConverter

from qtrax_disputes.auth.roles import ROLES

from ..conftest import TEST_PASSWORD

WALKERS = ("anonymous", *ROLES)

# For an <int:> id: past 64 and 32 bits, negative, a digit that is not ASCII.
HOSTILE_IDS = [str(2**63), str(2**31), str(2**64 + 1), "-1", "\u00b2"]
# For any other segment (case numbers, tokens, step names, file names).
HOSTILE_SEGMENTS = ["\x00", "QD-2026-000001\x00", "A" * 5000, "\u00b2\u0663",
                    "../../etc/passwd", "<script>", "%"]

# Every name a page reads from its query string, all set to the same value at once.
QUERY_NAMES = [
    "week", "since", "until", "from", "to", "filed_from", "filed_to", "assignee", "page",
    "case", "q", "stage", "category", "child", "state", "sort", "dir", "inline", "doc_tag",
    "next", "action", "actor", "object_type", "object_id", "kind", "inactive", "mass", "batch",
]
HOSTILE_QUERY = ["0001-01-01", "9999-12-31", "0001-W01", "9999-W52", "\u00b2",
                 "99999999999999999999", "\x00", "A" * 3000]

SKIPPED_WHEN_SIGNED_IN = {"auth.logout"}  # it would end the walk's session; test_auth covers it


def sign_in(app, make_user, role):
    client = app.test_client()
    if role != "anonymous":
        _, email = make_user(role)
        response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 302, role
    return client


def hostile_values(rule, name):
    return HOSTILE_IDS if isinstance(rule._converters[name], IntegerConverter) \
        else HOSTILE_SEGMENTS


def requests_for(app, ids):
    """(endpoint, method, url, query, hostile) for each rule and method: the valid address,
    then each argument in turn given each hostile value, then each hostile query value."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        valid = {name: ids.get(name, "x") for name in rule.arguments}
        url = rule.build(valid, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url, None, False
            for name in rule.arguments:
                marker = "987654321987"  # digits: an <int:> argument builds only from one
                built = rule.build({**valid, name: int(marker)}, append_unknown=False)[1]
                for value in hostile_values(rule, name):
                    hostile_url = built.replace(marker, quote(value, safe=""))
                    yield rule.endpoint, method, hostile_url, None, True
            for value in HOSTILE_QUERY:
                yield rule.endpoint, method, url, dict.fromkeys(QUERY_NAMES, value), True


def test_no_route_answers_a_server_error_to_hostile_values(app, make_user, world):
    """Each route's valid address is tried by every walker; its hostile variants are dealt
    out among the walkers in turn, so each walker meets every route and every hostile value
    while the walk stays short (the PDF pages take most of a second each)."""
    clients = {role: sign_in(app, make_user, role) for role in WALKERS}
    # Last week's report stored, as the Monday job leaves it: most PDF requests serve it.
    assert clients["admin"].post("/reports/weekly/regenerate").status_code == 302
    failures, sent = [], 0
    for index, (endpoint, method, url, query, hostile) in enumerate(requests_for(app, world)):
        roles = (WALKERS[index % len(WALKERS)],) if hostile else WALKERS
        for role in roles:
            if role != "anonymous" and endpoint in SKIPPED_WHEN_SIGNED_IN:
                continue
            shown = (role, endpoint, method, url[:100], query and next(iter(query.values())))
            try:
                response = clients[role].open(url, method=method, query_string=query)
            except Exception as error:  # under TESTING a bug propagates: note it, walk on
                failures.append((*shown, repr(error)[:200]))
                continue
            sent += 1
            if response.status_code >= 500:
                failures.append((*shown, response.status_code))
            response.close()
    assert failures == [], f"{len(failures)} of {sent} requests failed: {failures}"
    assert sent > 500
