"""Single sign-on through OpenID Connect: the provider's client, and the checks of its answer.

Authlib does the protocol: discovery from ``<issuer>/.well-known/openid-configuration``, state,
nonce and PKCE (S256) at the start; at the callback the state is matched, the code exchanged
and the ID token checked (signature against the provider's JWKS, iss, aud, exp/iat, nonce).
This module turns each way that can fail into one ``SsoFailed`` with a reason for the audit
log and words for the sign-in page, and reads the verified email out of the claims. Who the
claims open (matching, binding, replay) is decided by ``operations.sign_in_by_sso``.

Each app gets its own Authlib registry (``app.extensions``): tests run apps with different
providers in one process, and Authlib keeps a client's metadata and keys once loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

# Authlib ships no type hints: what it hands back is Any.
from authlib.integrations.base_client import (  # type: ignore[import-untyped]
    MismatchingStateError,
    OAuthError,
)
from authlib.integrations.flask_client import OAuth  # type: ignore[import-untyped]
from flask import Flask, abort, current_app
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)

from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused

NAME = "sso"
_EXTENSION = "qtrax_oidc"


class SsoFailed(Refused):
    """A single sign-on that opens no session: ``reason`` for the audit log, ``message``
    (the end of "Single sign-on failed: …") for the person."""

    def __init__(self, reason: str, message: str, *, email: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.email = email


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in, from an ID token that passed every check."""

    issuer: str
    subject: str
    email: str
    nonce: str
    expires_at: int  # the token's exp, seconds since the epoch


def is_configured(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID")
                and config.get("OIDC_CLIENT_SECRET"))


def init_app(app: Flask) -> None:
    # The sign-in page shows the button only when there is somewhere for it to go.
    app.jinja_env.globals["sso_label"] = app.config["OIDC_LABEL"] if is_configured(app) else None
    if not is_configured(app):
        return
    oauth = OAuth(app)
    config = app.config
    oauth.register(
        NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=config["OIDC_ISSUER"] + "/.well-known/openid-configuration",
        client_kwargs={"scope": config["OIDC_SCOPE"], "code_challenge_method": "S256",
                       # A provider that hangs must not hold a worker for ever.
                       "default_timeout": config["OIDC_TIMEOUT_SECONDS"]},
    )
    app.extensions[_EXTENSION] = oauth


def client():
    """The provider's Authlib client, or 404 when single sign-on is not configured."""
    oauth = current_app.extensions.get(_EXTENSION)
    if oauth is None:
        abort(404)
    return oauth.create_client(NAME)


def _checked_metadata(sso) -> dict:
    # The discovery document must name the issuer configured (OpenID Connect Discovery § 4.3):
    # otherwise tokens would be checked against an issuer nobody chose.
    try:
        metadata = sso.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise SsoFailed("provider unreachable",
                        "the sign-in provider could not be reached. Try again later, or sign "
                        "in with your password.") from exc
    if (metadata.get("issuer") or "").rstrip("/") != current_app.config["OIDC_ISSUER"]:
        sso.server_metadata = {}  # read it again next time: the provider may be fixed
        raise SsoFailed("discovery names another issuer",
                        "the sign-in provider is not set up as expected. Ask an administrator.")
    return metadata


def start(redirect_uri: str):
    """The redirect to the provider's sign-in page, with a fresh state, nonce and PKCE."""
    sso = client()
    _checked_metadata(sso)
    try:
        return sso.authorize_redirect(redirect_uri)
    except (requests.RequestException, OAuthError, KeyError, ValueError) as exc:
        raise SsoFailed("provider unreachable",
                        "the sign-in provider could not be reached. Try again later, or sign "
                        "in with your password.") from exc


def finish() -> ProviderIdentity:
    """The checked identity the provider sent back to the callback, or ``SsoFailed``."""
    sso = client()
    metadata = _checked_metadata(sso)
    config = current_app.config
    # Authlib on its own checks aud only through azp (a token for another client passes if it
    # names us as azp): the audience must contain our client id (OpenID Connect Core
    # § 3.1.3.7), and the issuer must be the one configured, exactly as the provider spells
    # it (some end it with a slash).
    claims_options = {"iss": {"essential": True, "value": metadata["issuer"]},
                      "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"]}}
    try:
        token = sso.authorize_access_token(claims_options=claims_options)
    except MismatchingStateError as exc:
        raise SsoFailed("state missing or altered",
                        "the answer from the sign-in provider does not match a sign-in "
                        "started here. Start again from this page.") from exc
    except OAuthError as exc:
        raise SsoFailed(f"provider error: {str(exc.error or '')[:80]}",
                        "the sign-in provider did not sign you in. Try again, or ask an "
                        "administrator.") from exc
    except (BadSignatureError, InvalidKeyIdError) as exc:
        raise SsoFailed("bad signature", "the sign-in could not be verified (its signature "
                        "is not the provider's).") from exc
    except ExpiredTokenError as exc:
        raise SsoFailed("token expired", "the sign-in had expired. Start again.") from exc
    except (InvalidClaimError, MissingClaimError) as exc:
        raise _claim_failure(exc.claim) from exc
    except JoseError as exc:
        raise SsoFailed("unreadable token", "the sign-in could not be verified.") from exc
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise SsoFailed("provider unreachable",
                        "the sign-in provider could not be reached. Try again later, or sign "
                        "in with your password.") from exc
    claims = token.get("userinfo")
    if not claims:
        raise SsoFailed("no ID token", "the sign-in provider sent no proof of who you are.")
    return ProviderIdentity(
        issuer=current_app.config["OIDC_ISSUER"],
        subject=str(claims["sub"]),
        email=verified_email(claims),
        nonce=str(claims["nonce"]),
        expires_at=int(claims["exp"]),
    )


def _claim_failure(claim: str) -> SsoFailed:
    if claim == "aud":
        return SsoFailed("wrong audience",
                         "the sign-in was issued for another application.")
    if claim == "iss":
        return SsoFailed("wrong issuer", "the sign-in came from another provider.")
    if claim == "nonce":
        return SsoFailed("nonce mismatch", "the sign-in does not belong to this attempt. "
                         "Start again from this page.")
    return SsoFailed(f"invalid claim: {claim}", "the sign-in could not be verified.")


def verified_email(claims: dict) -> str:
    """The email the provider vouches for, or ``SsoFailed``.

    Which claims say it are settings: ``email``/``email_verified`` by the OpenID standard;
    Entra ID sends no ``email_verified``, and there ``xms_edov`` (the email's domain is
    verified by the tenant) is the claim to trust. An email without it is never used.
    """
    config = current_app.config
    email = claims.get(config["OIDC_EMAIL_CLAIM"])
    email = normalise_email(email) if isinstance(email, str) else ""
    if "@" not in email:
        raise SsoFailed("no email", "the sign-in provider did not say your email address. "
                        "Ask an administrator.")
    verified = claims.get(config["OIDC_EMAIL_VERIFIED_CLAIM"])
    # Some providers send the boolean as a string; nothing else counts as verified.
    if verified is not True and str(verified).lower() != "true":
        raise SsoFailed("email not verified", "the sign-in provider has not verified your "
                        "email address. Ask an administrator.", email=email)
    return email
