"""Qtrax Disputes: a case tracker for privacy disputes under the Qtrax privacy policy.

The package itself imports nothing: the app is built by ``qtrax_disputes.web.app.create_app``.
"""
