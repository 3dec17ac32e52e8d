"""Qtrax Disputes: a case tracker for privacy disputes under the Qtrax privacy policy."""
