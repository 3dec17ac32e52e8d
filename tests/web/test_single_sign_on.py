"""Single sign-on against a real OpenID provider on loopback (tests/oidc_provider.py).

The app's test client starts the sign-in; the provider's authorize endpoint is called over
real HTTP as the browser would; the callback then makes the app fetch the token and the keys
from the provider over HTTP too, so discovery, JWKS, PKCE and every check of the ID token run
as in production.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.auth import oidc, operations
from qtrax_disputes.auth.models import SsoIdentity, SsoUsedNonce
from qtrax_disputes.web.extensions import db
from tests.conftest import TEST_PASSWORD, page_text
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider


@pytest.fixture(scope="module")
def provider():
    running = OpenIDProvider().start()
    yield running
    running.stop()


def _configure(app, **settings):
    """Turn single sign-on on for the session's app; the fixture's teardown turns it off."""
    saved = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    oidc.init_app(app)
    return saved


@pytest.fixture
def sso(app, provider):
    saved = _configure(app, OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                       OIDC_CLIENT_SECRET=CLIENT_SECRET, OIDC_LABEL="Sign in with Loopback")
    provider.misbehave = {}
    yield provider
    app.config.update(saved)
    app.config.update(OIDC_EMAIL_VERIFIED_CLAIM="email_verified")
    app.extensions.pop("qtrax_oidc", None)
    app.extensions.pop("authlib.integrations.flask_client", None)
    oidc.init_app(app)  # back to unconfigured: no button


def _to_provider(client, path="/login/sso") -> str:
    started = client.get(path)
    assert started.status_code == 302, started.get_data(as_text=True)
    return started.location


def _back_from_provider(client, authorize_url: str, *, state: str | None = None):
    consent = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert consent.status_code == 302, consent.text
    back = urlsplit(consent.headers["Location"])
    assert back.path == "/login/sso/callback"
    query = dict(parse_qsl(back.query))
    if state is not None:
        query["state"] = state
    return client.get(f"{back.path}?{urlencode(query)}")


def sign_in(client, path="/login/sso"):
    return _back_from_provider(client, _to_provider(client, path))


def audit(app, action):
    with app.app_context():
        return [e.detail for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


def assert_refused(app, client, response, reason, words):
    assert response.status_code == 302 and urlsplit(response.location).path == "/login"
    text = page_text(client.get("/login"))
    assert "Single sign-on failed: " in text and words in text
    assert audit(app, "auth.sso_failed")[-1]["reason"] == reason
    assert client.get("/").status_code == 302  # still signed out


# --- configured or not ---------------------------------------------------------------------


def test_without_settings_there_is_no_button_and_the_routes_are_not_found(client):
    assert "single sign-on" not in page_text(client.get("/login")).lower()
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_the_sign_in_page_has_the_button(sso, client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/login/sso"' in html and "Sign in with Loopback" in html


# --- signing in ----------------------------------------------------------------------------


def test_a_verified_email_signs_in_to_its_account_and_binds_the_subject(app, sso, client,
                                                                        make_user):
    user_id, email = make_user("counsel", "Carla@Qtrax.example")
    sso.sign_in_as("carla@qtrax.example", sub="carla-at-provider")
    authorize = _to_provider(client, "/login/sso?next=/cases")
    query = dict(parse_qsl(urlsplit(authorize).query))
    assert query["code_challenge_method"] == "S256" and query["nonce"] and query["state"]
    assert query["redirect_uri"] == "http://127.0.0.1:5000/login/sso/callback"
    response = _back_from_provider(client, authorize)
    assert response.status_code == 302 and response.location == "/cases"
    assert client.get("/cases").status_code == 200
    assert audit(app, "auth.login")[-1] == {"email": email, "method": "sso"}
    with app.app_context():
        bound = db.session.scalars(select(SsoIdentity)).all()
        assert [(b.user_id, b.issuer, b.subject) for b in bound] == [
            (user_id, sso.issuer, "carla-at-provider")]
        assert len(db.session.scalars(select(SsoUsedNonce)).all()) == 1
    # Roles stay the app's own: counsel, whatever the provider says.
    assert client.get("/admin/users").status_code == 403


def test_require_2fa_asks_no_app_code_of_a_single_sign_on_but_does_of_a_password(
        app, sso, client, make_user):
    """The provider does its own second factor; a password sign-in of the same counsel is
    still sent to set up the app's."""
    _, email = make_user("counsel", "cora@qtrax.example")
    app.config["REQUIRE_2FA"] = True
    try:
        sso.sign_in_as(email, sub="cora-1")
        sign_in(client)
        assert client.get("/cases").status_code == 200
        client.post("/logout")
        client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        held = client.get("/cases")
        assert held.status_code == 302 and "/account/two-factor" in held.location
    finally:
        app.config["REQUIRE_2FA"] = False


def test_the_same_person_signs_in_again(app, sso, client, make_user):
    make_user("staff", "sam@qtrax.example")
    sso.sign_in_as("sam@qtrax.example", sub="sam-1")
    assert urlsplit(sign_in(client).location).path == "/"
    client.post("/logout")
    assert urlsplit(sign_in(client).location).path == "/"
    assert len(audit(app, "auth.sso_bound")) == 1


def test_entra_ids_verified_domain_claim_when_set(app, sso, client, make_user):
    make_user("staff", "erin@qtrax.example")
    sso.sign_in_as("erin@qtrax.example", verified=None, xms_edov=True)
    assert_refused(app, client, sign_in(client), "email not verified",
                   "the sign-in provider has not verified your email address")
    app.config["OIDC_EMAIL_VERIFIED_CLAIM"] = "xms_edov"
    assert urlsplit(sign_in(client).location).path == "/"


# --- refusals ------------------------------------------------------------------------------


def test_a_token_signed_with_another_key_is_refused(app, sso, client, make_user):
    make_user("staff", "bob@qtrax.example")
    sso.sign_in_as("bob@qtrax.example")
    sso.misbehave = {"other_key": True}
    assert_refused(app, client, sign_in(client), "bad signature",
                   "the sign-in could not be verified (its signature is not the provider's)")


def test_a_token_for_another_client_is_refused(app, sso, client, make_user):
    make_user("staff", "bob@qtrax.example")
    sso.sign_in_as("bob@qtrax.example")
    sso.misbehave = {"audience": "someone-elses-app"}
    assert_refused(app, client, sign_in(client), "wrong audience",
                   "the sign-in was issued for another application")


def test_a_token_for_another_client_naming_us_as_azp_is_refused(app, sso, client, make_user):
    # Authlib's own check lets this through (it only asks for azp when aud is not us).
    make_user("staff", "bob@qtrax.example")
    sso.sign_in_as("bob@qtrax.example", azp=CLIENT_ID)
    sso.misbehave = {"audience": ["someone-elses-app"]}
    assert_refused(app, client, sign_in(client), "wrong audience",
                   "the sign-in was issued for another application")


def test_a_token_from_another_issuer_is_refused(app, sso, client, make_user):
    make_user("staff", "bob@qtrax.example")
    sso.sign_in_as("bob@qtrax.example")
    sso.misbehave = {"issuer": "https://evil.example"}
    assert_refused(app, client, sign_in(client), "wrong issuer",
                   "the sign-in came from another provider")


def test_an_expired_token_is_refused(app, sso, client, make_user):
    make_user("staff", "bob@qtrax.example")
    sso.sign_in_as("bob@qtrax.example")
    sso.misbehave = {"expired": True}
    assert_refused(app, client, sign_in(client), "token expired", "the sign-in had expired")


def test_a_replayed_token_is_refused_even_with_the_old_session_put_back(app, sso, client,
                                                                      make_user):
    make_user("staff", "rita@qtrax.example")
    sso.sign_in_as("rita@qtrax.example")
    authorize = _to_provider(client)
    before = client.get_cookie("session").value  # holds the state and the nonce
    assert urlsplit(_back_from_provider(client, authorize).location).path == "/"
    client.post("/logout")
    # Whoever kept the cookie and the token tries them again: the state matches the
    # cookie, the nonce matches the token, the signature is good; the nonce was spent.
    client.set_cookie("session", before)
    sso.misbehave = {"replay": True}
    assert_refused(app, client, _back_from_provider(client, authorize), "replayed nonce",
                   "this sign-in was already used")


def test_a_token_with_the_wrong_nonce_is_refused(app, sso, client, make_user):
    make_user("staff", "rita@qtrax.example")
    sso.sign_in_as("rita@qtrax.example")
    assert urlsplit(sign_in(client).location).path == "/"
    client.post("/logout")
    sso.misbehave = {"replay": True}  # an earlier token, for this attempt's state
    assert_refused(app, client, sign_in(client), "nonce mismatch",
                   "the sign-in does not belong to this attempt")


def test_an_unverified_email_is_refused(app, sso, client, make_user):
    make_user("admin", "ada@qtrax.example")
    sso.sign_in_as("ada@qtrax.example", verified=False)
    assert_refused(app, client, sign_in(client), "email not verified",
                   "the sign-in provider has not verified your email address. Ask an "
                   "administrator.")
    sso.sign_in_as("ada@qtrax.example", verified=None)  # no email_verified at all
    assert_refused(app, client, sign_in(client), "email not verified",
                   "has not verified your email address")
    assert audit(app, "auth.sso_failed")[-1]["email"] == "ada@qtrax.example"


def test_an_unknown_email_makes_no_account(app, sso, client):
    sso.sign_in_as("stranger@elsewhere.example")
    assert_refused(app, client, sign_in(client), "no account",
                   "no account for this email; ask an administrator.")
    with app.app_context():
        assert operations.find_user("stranger@elsewhere.example") is None


def test_a_disabled_account_is_refused(app, sso, client, make_user):
    make_user("staff", "dora@qtrax.example")
    with app.app_context():
        operations.deactivate(operations.find_user("dora@qtrax.example"))
    sso.sign_in_as("dora@qtrax.example")
    assert_refused(app, client, sign_in(client), "account disabled",
                   "this account cannot sign in; ask an administrator.")


def test_the_same_email_with_another_subject_is_refused(app, sso, client, make_user, runner):
    make_user("counsel", "carl@qtrax.example")
    sso.sign_in_as("carl@qtrax.example", sub="the-first-carl")
    assert urlsplit(sign_in(client).location).path == "/"
    client.post("/logout")
    # The provider gave the address to somebody else: a new sub with the old email.
    sso.sign_in_as("carl@qtrax.example", sub="the-second-carl")
    assert_refused(app, client, sign_in(client), "another subject for this account",
                   "this account is linked to another sign-in at the provider")
    # An administrator, told the person really has a new identity there, unlinks the old.
    result = runner.invoke(args=["users", "unlink-sso", "carl@qtrax.example"])
    assert result.exit_code == 0 and "1 single sign-on identity unlinked" in result.output
    assert urlsplit(sign_in(client).location).path == "/"
    assert audit(app, "auth.sso_unbound")[-1]["email"] == "carl@qtrax.example"


def test_a_tampered_state_is_refused(app, sso, client, make_user):
    make_user("staff", "tess@qtrax.example")
    sso.sign_in_as("tess@qtrax.example")
    response = _back_from_provider(client, _to_provider(client), state="not-the-state")
    assert_refused(app, client, response, "state missing or altered",
                   "the answer from the sign-in provider does not match a sign-in started here")


def test_a_callback_without_a_sign_in_started_is_refused(app, sso, client):
    for query in ("?code=abc&state=def", "", "?state=&code="):
        response = client.get("/login/sso/callback" + query)
        assert_refused(app, client, response, "state missing or altered",
                       "does not match a sign-in started here. Start again from this page.")


def test_an_error_from_the_provider_is_refused(app, sso, client, make_user):
    make_user("staff", "tess@qtrax.example")
    sso.sign_in_as("tess@qtrax.example")
    sso.misbehave = {"error": "access_denied"}
    assert_refused(app, client, sign_in(client), "provider error: access_denied",
                   "the sign-in provider did not sign you in")


@pytest.mark.parametrize(("knob", "reason", "words"), [
    ("broken", "provider unreachable", "the sign-in provider could not be reached"),
    ("no_id_token", "no ID token", "the sign-in provider sent no proof of who you are"),
])
def test_a_token_endpoint_that_fails_is_refused(app, sso, client, make_user, knob, reason,
                                                words):
    make_user("staff", "tess@qtrax.example")
    sso.sign_in_as("tess@qtrax.example")
    sso.misbehave = {knob: True}
    assert_refused(app, client, sign_in(client), reason, words)


def test_a_discovery_document_naming_another_issuer_is_refused(app, sso, client):
    # The same provider reached by another name: its discovery names the issuer it is.
    app.config["OIDC_ISSUER"] = sso.issuer.replace("127.0.0.1", "localhost")
    app.extensions.pop("qtrax_oidc")
    oidc.init_app(app)
    assert_refused(app, client, client.get("/login/sso"), "discovery names another issuer",
                   "the sign-in provider is not set up as expected. Ask an administrator.")


def test_a_provider_that_is_down_is_refused(app, sso, client):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # discard: nothing listens
    app.extensions.pop("qtrax_oidc")
    oidc.init_app(app)
    assert_refused(app, client, client.get("/login/sso"), "provider unreachable",
                   "the sign-in provider could not be reached")
    assert_refused(app, client, client.get("/login/sso/callback?code=a&state=b"),
                   "provider unreachable", "the sign-in provider could not be reached")


@pytest.mark.parametrize("query", [
    {"code": "x" * 5000, "state": "y" * 5000},
    {"code": "<script>alert(1)</script>", "state": "' OR 1=1 --"},
    {"error": "<b>access_denied</b>" * 50, "error_description": "\u202e\u0007", "state": "s"},
    {"code": ["a", "b"], "state": ["c", "d"]},
])
def test_hostile_callbacks_are_refused_plainly(app, sso, client, query):
    response = client.get("/login/sso/callback", query_string=query)
    assert response.status_code == 302 and urlsplit(response.location).path == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert "Single sign-on failed: " in html and "<b>access_denied" not in html
