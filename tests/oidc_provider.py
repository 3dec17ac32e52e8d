"""A small, real OpenID provider on loopback, for the single sign-on tests.

A Flask app served by werkzeug in a thread on a free 127.0.0.1 port: discovery, JWKS, an
authorize endpoint that consents at once as ``provider.identity`` and redirects back with a
code and the state, and a token endpoint that checks the client, the code (once only), the
redirect URI and the PKCE verifier before returning an ID token signed with an RSA key made
at start (joserfc, the JOSE library Authlib itself uses).

``provider.misbehave`` makes it answer as a broken or hostile provider would:
``other_key`` (signed with a key not in its JWKS, under the same key id), ``audience`` (issued
for another client), ``expired``, ``issuer``, ``replay`` (hand back the last ID token issued
instead of a new one), ``error`` (the authorize endpoint answers ``error=…``), ``broken``
(the token endpoint fails with a 500), ``no_id_token`` (an OAuth answer without an ID token).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "qtrax-disputes-test"
CLIENT_SECRET = "loopback-client-secret"  # noqa: S105 (a test provider's, on loopback only)
KEY_ID = "loopback-1"


def _rsa_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"})


class OpenIDProvider:
    def __init__(self):
        self.key = _rsa_key()
        self.other_key = _rsa_key()  # a forger's: same key id, not in the JWKS
        self.identity: dict = {}
        self.misbehave: dict = {}
        self.issued: list[str] = []  # every ID token handed out, in order
        self._codes: dict[str, dict] = {}
        self._server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> OpenIDProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)

    def sign_in_as(self, email: str, *, sub: str | None = None, verified=True, **claims):
        """Who the next consent is given as; ``verified=None`` sends no email_verified."""
        self.identity = {"sub": sub or "sub-" + email, "email": email, **claims}
        if verified is not None:
            self.identity["email_verified"] = verified
        self.misbehave = {}

    # --- the provider ----------------------------------------------------------------------

    def _app(self) -> Flask:
        app = Flask("loopback_openid_provider")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify({
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                          "client_secret_post"],
                "scopes_supported": ["openid", "email", "profile"],
            })

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            args = request.args
            if (args.get("client_id") != CLIENT_ID or args.get("response_type") != "code"
                    or "openid" not in args.get("scope", "").split()
                    or args.get("code_challenge_method") != "S256"
                    or not args.get("code_challenge") or not args.get("redirect_uri")):
                abort(400)
            back = {"state": args.get("state", "")}
            if self.misbehave.get("error"):
                back["error"] = self.misbehave["error"]
                back["error_description"] = "The person declined."
            else:
                code = secrets.token_urlsafe(24)
                self._codes[code] = {"redirect_uri": args["redirect_uri"],
                                     "challenge": args["code_challenge"],
                                     "nonce": args.get("nonce"), "identity": dict(self.identity)}
                back["code"] = code
            return redirect(f"{args['redirect_uri']}?{urlencode(back)}")

        @app.post("/token")
        def token():
            client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
            if request.authorization:
                client_id = request.authorization.username
                secret = request.authorization.password
            if client_id != CLIENT_ID or secret != CLIENT_SECRET:
                return jsonify(error="invalid_client"), 401
            grant = self._codes.pop(request.form.get("code", ""), None)  # once only
            verifier = request.form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(
                hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if (grant is None or request.form.get("grant_type") != "authorization_code"
                    or grant["redirect_uri"] != request.form.get("redirect_uri")
                    or not secrets.compare_digest(challenge, grant["challenge"])):
                return jsonify(error="invalid_grant"), 400
            if self.misbehave.get("broken"):
                return "Internal Server Error", 500
            if self.misbehave.get("no_id_token"):
                return jsonify({"access_token": "a", "token_type": "Bearer"})
            if self.misbehave.get("replay") and self.issued:
                id_token = self.issued[-1]
            else:
                id_token = self._id_token(grant)
                self.issued.append(id_token)
            return jsonify({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                            "expires_in": 300, "id_token": id_token})

        return app

    def _id_token(self, grant: dict) -> str:
        now = int(time.time())
        if self.misbehave.get("expired"):
            now -= 3600
        claims = {"iss": self.misbehave.get("issuer", self.issuer),
                  "aud": self.misbehave.get("audience", CLIENT_ID),
                  "iat": now, "exp": now + 300, **grant["identity"]}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        key = self.other_key if self.misbehave.get("other_key") else self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)
