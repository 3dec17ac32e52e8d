"""Settings read from the environment, with defaults that serve one machine.

Every setting can also be given to ``create_app(config={...})``, which is how tests run the
app against a temporary instance folder or another database.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def ratelimit_storage_uri() -> str:
    """Where the rate limits count. memory:// is each worker's own memory: with several
    workers a limit is multiplied by their number, so they must share a store (redis://)."""
    return os.environ.get("RATELIMIT_STORAGE_URI", "memory://")


def counts_in_process_memory(storage_uri: str) -> bool:
    return storage_uri.split("://", 1)[0] == "memory"


def secret_key_for(instance_path: Path) -> str:
    """The key from SECRET_KEY, else one generated once into the instance folder.

    Generating it on first run keeps a fresh install safe (no shared default key) while letting
    sessions survive restarts; the file is created with owner-only permissions.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def from_environment(instance_path: Path) -> dict:
    """The configuration as a mapping, environment first, defaults second."""
    max_file_mb = _env_int("MAX_FILE_MB", 25)
    max_request_mb = _env_int("MAX_UPLOAD_MB", 100)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'qtrax.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads"),
        "REPORT_DIR": os.environ.get("REPORT_DIR") or str(instance_path / "reports"),
        "MAX_FILE_BYTES": max_file_mb * 1024 * 1024,
        "MAX_CONTENT_LENGTH": max_request_mb * 1024 * 1024,
        "ALLOWED_UPLOAD_TYPES": tuple(
            t.strip()
            for t in os.environ.get("ALLOWED_UPLOAD_TYPES", "").split(",")
            if t.strip()
        )
        or None,
        "TIMEZONE": os.environ.get("TIMEZONE", "America/New_York"),
        # Whether Qtrax's clause is in the AAA's Consumer Clause Registry. No source here says it is
        # (docs/costs.md § Fee schedules), so by default a demand proposes the clause review fee.
        "AAA_CLAUSE_REGISTERED": _env_bool("AAA_CLAUSE_REGISTERED", False),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),  # STARTTLS (port 587)
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),  # TLS from the start (port 465)
        # A CA to trust besides the system's (a private relay's); verification stays on.
        "MAIL_SSL_CA_FILE": os.environ.get("MAIL_SSL_CA_FILE") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "disputes@qtrax.example"),
        "MAIL_REPLY_TO": os.environ.get("MAIL_REPLY_TO") or None,
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "RATELIMIT_STORAGE_URI": ratelimit_storage_uri(),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "qtrax"),
        # While the shared store is unreachable each worker counts on its own rather than
        # answering every limited form with a server error or letting it through unlimited.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "COMPLAINT_RATE_LIMIT": os.environ.get("COMPLAINT_RATE_LIMIT", "10 per hour"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "20 per 15 minutes"),
        # Sign-in attempts on one email, from whatever addresses they come.
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT",
                                                   "10 per 15 minutes"),
        # Single sign-on through OpenID Connect (auth/oidc.py, README § Single sign-on): all
        # three of issuer, client id and secret set turn it on; unset, there is no button.
        "OIDC_ISSUER": (os.environ.get("OIDC_ISSUER") or "").rstrip("/") or None,
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID") or None,
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET") or None,
        "OIDC_LABEL": os.environ.get("OIDC_LABEL") or "Sign in with single sign-on",
        # Which claim holds the email, and which claim must be true for it to be trusted.
        # Entra ID sends no email_verified: there it is xms_edov (an optional claim).
        "OIDC_EMAIL_CLAIM": os.environ.get("OIDC_EMAIL_CLAIM") or "email",
        "OIDC_EMAIL_VERIFIED_CLAIM": os.environ.get("OIDC_EMAIL_VERIFIED_CLAIM")
        or "email_verified",
        "OIDC_SCOPE": os.environ.get("OIDC_SCOPE") or "openid email profile",
        # How long a sign-in begun at the provider may take to come back, in minutes.
        "OIDC_FLOW_MINUTES": _env_int("OIDC_FLOW_MINUTES", 10),
        "OIDC_TIMEOUT_SECONDS": _env_int("OIDC_TIMEOUT_SECONDS", 10),
        # Admins and counsel must use two-factor sign-in (README § Two-factor sign-in).
        "REQUIRE_2FA": _env_bool("REQUIRE_2FA", False),
        # The key the TOTP secrets are sealed with is derived from this, else from SECRET_KEY.
        "TOTP_KEY": os.environ.get("TOTP_KEY") or None,
        # How long a right password waits for its code before the sign-in starts over.
        "TWO_FACTOR_PENDING_SECONDS": _env_int("TWO_FACTOR_PENDING_SECONDS", 300),
        # "Forgot your password?" requests from one client address, and for one typed email
        # (so nobody's mailbox can be filled with reset emails).
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get("PASSWORD_RESET_RATE_LIMIT",
                                                    "10 per hour"),
        "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": os.environ.get(
            "PASSWORD_RESET_ACCOUNT_RATE_LIMIT", "3 per hour"),
        # How long an administrator's invitation link works: the firm's choice.
        "INVITE_VALID_HOURS": _env_int("INVITE_VALID_HOURS", 72),
        "API_TOKEN_DAYS": _env_int("API_TOKEN_DAYS", 90),
        # How long "Keep me signed in" lasts: a lost or shared computer stays signed in as long.
        "REMEMBER_COOKIE_DURATION": timedelta(days=_env_int("REMEMBER_COOKIE_DAYS", 14)),
        "MEDIATION_WINDOW_DAYS": _env_int("MEDIATION_WINDOW_DAYS", 0) or None,
        # Rules the sources do not classify (deadlines/rules.py) that this firm treats as
        # windows, lapsing unused instead of going overdue: comma-separated rule codes.
        "DEADLINE_WINDOWS": frozenset(
            code.strip() for code in os.environ.get("DEADLINE_WINDOWS", "").split(",")
            if code.strip()),
        "STATUS_LINK_DAYS": _env_int("STATUS_LINK_DAYS", 0) or None,
        # Closed cases older than this may be purged of personal data (`flask retention purge`).
        "RETENTION_YEARS": _env_int("RETENTION_YEARS", 7),
        # How long a deleted document's file is kept before `documents gc` may remove it.
        # The firm's retention policy decides; unset keeps deleted files for good.
        "DOCUMENT_RETENTION_DAYS": _env_int("DOCUMENT_RETENTION_DAYS", 0) or None,
        # A stored file no document uses is kept this long before `documents gc` (or the
        # retention purge) may remove it: a request still writing its rows may need it.
        "UPLOAD_GRACE_MINUTES": _env_int("UPLOAD_GRACE_MINUTES", 60),
        # Files chosen on the complaint form are kept this long when the form is sent back
        # for corrections, so the person need not choose them again (`documents purge-held`).
        "HELD_UPLOAD_MINUTES": _env_int("HELD_UPLOAD_MINUTES", 60),
        # /healthz counts missing document files at most this often per worker (0: every probe).
        "HEALTHZ_FILES_EVERY_SECONDS": _env_int("HEALTHZ_FILES_EVERY_SECONDS", 60),
        # /healthz turns 503 past these (README § Health): an email unsent this long means the
        # outbox worker stopped; a reminder run or weekly report this old means cron did.
        "HEALTH_OUTBOX_MAX_AGE_MINUTES": _env_int("HEALTH_OUTBOX_MAX_AGE_MINUTES", 30),
        "HEALTH_REMIND_MAX_AGE_HOURS": _env_int("HEALTH_REMIND_MAX_AGE_HOURS", 26),
        "HEALTH_REPORT_MAX_AGE_DAYS": _env_int("HEALTH_REPORT_MAX_AGE_DAYS", 8),
        # Served over HTTPS behind a proxy: set SESSION_COOKIE_SECURE=1 and
        # PREFERRED_URL_SCHEME=https so cookies are never sent in clear.
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "TRUST_PROXY_HEADERS": _env_int("TRUST_PROXY_HEADERS", 0),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # How long the case list and the navigation's overdue count may be served again while
        # no write has happened (read_cache.py); 0 turns that off.
        "READ_CACHE_SECONDS": _env_int("READ_CACHE_SECONDS", 5),
    }


def engine_options(database_url: str, options: dict) -> dict:
    """Pool settings for the database in use. A server can drop a connection the pool still
    holds, so each checkout is pinged first; a SQLite file cannot, and is spared that round
    trip on every request. A failed statement's message leaves out the values it was given:
    they are rows of personal data, and such messages reach logs and consoles."""
    return {"pool_pre_ping": not database_url.startswith("sqlite"), "hide_parameters": True,
            **options}
