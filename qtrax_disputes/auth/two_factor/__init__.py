"""Two-factor sign-in: a TOTP app's six-digit code after the password, or a recovery code.

`codes.py` is the rule (which code is right at which time, what a recovery code is) without
Flask; `sealing.py` keeps the secrets encrypted at rest; `qr.py` draws the enrolment QR code;
`operations.py` holds the writes; `pending.py` the half-signed-in state between password and
code; `views.py` the pages.
"""
