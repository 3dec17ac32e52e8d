"""A staff password must score 3 or more on zxcvbn's guess estimate, and be 12 characters."""

import pytest

from qtrax_disputes.auth.passwords import password_problem


@pytest.mark.parametrize("password", [
    "Password123!",          # what a short common-password list lets through
    "password1234",
    "qwertyuiop12",          # a keyboard row
    "aaaaaaaaaaaaaaaa",
    "19901990199019",         # a repeated year
])
def test_passwords_a_guesser_tries_early_are_refused(password):
    assert password_problem(password) is not None


def test_a_password_made_of_the_persons_own_name_and_email_is_refused():
    assert password_problem("ada.lovelace1990", "ada.lovelace@qtrax.example", "Ada Lovelace")
    # The same shape with words that are not hers passes.
    assert password_problem("ada.lovelace1990", "pat@qtrax.example", "Pat Paralegal") is None


def test_the_products_own_name_counts_as_easy_to_guess():
    assert password_problem("qtraxdisputes1") is not None


@pytest.mark.parametrize("password", ["correct horse battery staple", "Tr0ub4dor&3xx!",
                                      "vivid-lantern-oboe-92"])
def test_long_unusual_passwords_pass(password):
    assert password_problem(password) is None


def test_the_refusal_says_why_and_what_to_do():
    message = password_problem("Password123!")
    assert "commonly used password" in message and "Add another word" in message


def test_short_passwords_are_refused_for_their_length_first():
    assert password_problem("x7#Kq!") == "Use at least 12 characters."


def test_a_very_long_password_is_judged_quickly_and_by_its_start():
    assert password_problem("vivid lantern oboe " + "x" * 5000) is None
    assert password_problem("a" * 5000) is not None
