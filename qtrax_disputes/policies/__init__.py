"""Versions of the privacy policy: which one governs a dispute, and what it promised."""
