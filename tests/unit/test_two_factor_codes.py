"""The two-factor rules at fixed times, checked against RFC 6238's own test values.

RFC 6238 Appendix B: the SHA-1 secret is the ASCII "12345678901234567890" (base32
GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ); its 8-digit codes at these Unix times are given there, and
a 6-digit code is the same number's last six digits (the code is a remainder mod 10**digits).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import InvalidToken

from qtrax_disputes.auth.two_factor import codes, policy
from qtrax_disputes.auth.two_factor.sealing import fernet_for

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

# 1111111109 s after 1970 is 2005-03-18 01:58:29 UTC: step 1111111109 // 30 = 37037036,
# whose RFC code is 07081804. Two seconds later (…111) the step is 37037037: 14050471.
T1 = datetime(2005, 3, 18, 1, 58, 29, tzinfo=UTC)
T2 = datetime(2005, 3, 18, 1, 58, 31, tzinfo=UTC)


@pytest.mark.parametrize(("moment", "step", "code"), [
    (datetime(1970, 1, 1, 0, 0, 59, tzinfo=UTC), 1, "287082"),  # 94287082
    (T1, 37037036, "081804"),
    (T2, 37037037, "050471"),
    (datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC), 41152263, "005924"),  # 89005924
    (datetime(2033, 5, 18, 3, 33, 20, tzinfo=UTC), 66666666, "279037"),  # 69279037
])
def test_the_code_of_each_step_is_rfc_6238s(moment, step, code):
    assert codes.step_at(moment) == step
    assert codes.matching_step(RFC_SECRET, code, moment) == step


def test_a_code_of_the_step_before_or_after_is_accepted_for_a_clock_a_little_off():
    # 081804 belongs to step 37037036. Typed 30 s later (step …37) it is the step before: in.
    assert codes.matching_step(RFC_SECRET, "081804", T1 + timedelta(seconds=30)) == 37037036
    # Typed 60 s later (step …38), two steps away: out.
    assert codes.matching_step(RFC_SECRET, "081804", T1 + timedelta(seconds=60)) is None
    # The phone a little fast: at T1 (step …36) it already shows step …37's 050471.
    assert codes.matching_step(RFC_SECRET, "050471", T1) == 37037037
    # Two steps early is too far: step …36's code typed at step …34.
    assert codes.matching_step(RFC_SECRET, "081804", T1 - timedelta(seconds=60)) is None


def test_a_code_cannot_be_used_for_a_step_already_used():
    assert codes.matching_step(RFC_SECRET, "081804", T1, last_used_step=37037035) == 37037036
    assert codes.matching_step(RFC_SECRET, "081804", T1, last_used_step=37037036) is None
    # After step …37 was used, the code of …36 (still inside the window) is refused too.
    assert codes.matching_step(RFC_SECRET, "081804", T2, last_used_step=37037037) is None


@pytest.mark.parametrize("typed", ["081 804", " 081804 ", "081-804"])
def test_spaces_and_a_dash_in_a_typed_code_are_ignored(typed):
    assert codes.matching_step(RFC_SECRET, typed, T1) == 37037036


@pytest.mark.parametrize("typed", ["", "81804", "0818045", "08180a", "081804\x00", "٠٨١٨٠٤"])
def test_anything_but_six_ascii_digits_is_no_code(typed):
    assert codes.matching_step(RFC_SECRET, typed, T1) is None


def test_a_wrong_code_is_refused():
    assert codes.matching_step(RFC_SECRET, "081805", T1) is None


def test_recovery_codes_are_ten_different_codes_easy_to_read_off_paper():
    made = codes.new_recovery_codes()
    assert len(made) == 10 and len(set(made)) == 10
    for code in made:
        assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
        assert not set(code) & set("0O1IL5S2Z8B")  # characters people mistake for others
        assert not codes.looks_like_totp(code)  # never taken for an app's code


def test_a_recovery_code_hash_ignores_case_spaces_and_dashes_but_not_the_code():
    stored = codes.recovery_code_hash("ACDEF-GHJKM")
    assert codes.recovery_code_hash("acdef ghjkm") == stored
    assert codes.recovery_code_hash("ACDEFGHJKM") == stored
    assert codes.recovery_code_hash("ACDEF-GHJKN") != stored
    assert "ACDEF" not in stored


def test_the_secret_is_shown_in_groups_of_four_and_in_the_apps_address():
    assert codes.grouped(RFC_SECRET) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    uri = codes.provisioning_uri(RFC_SECRET, "pat@qtrax.example")
    assert uri.startswith("otpauth://totp/Qtrax%20Disputes:pat%40qtrax.example?")
    assert f"secret={RFC_SECRET}" in uri and "issuer=Qtrax%20Disputes" in uri
    assert len(codes.new_secret()) == 32


def test_a_secret_sealed_with_one_key_cannot_be_opened_with_another():
    sealed = fernet_for("key one").encrypt(RFC_SECRET.encode())
    assert RFC_SECRET.encode() not in sealed
    assert fernet_for("key one").decrypt(sealed) == RFC_SECRET.encode()
    with pytest.raises(InvalidToken):
        fernet_for("key two").decrypt(sealed)


@pytest.mark.parametrize(("role", "required", "must"), [
    ("admin", True, True), ("counsel", True, True), ("staff", True, False),
    ("viewer", True, False), ("admin", False, False), ("counsel", False, False),
])
def test_require_2fa_applies_to_admins_and_counsel_only(role, required, must):
    assert policy.must_use_two_factor(role, required) is must
