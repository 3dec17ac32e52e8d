"""The JSON API (/api/v1): the same app seen by programs — the same operations, checks and
audit as the pages, signed in with a personal access token (auth/api_tokens.py)."""
