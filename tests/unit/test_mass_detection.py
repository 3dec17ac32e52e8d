"""A wave: 25 or more open cases by the same claimants' counsel with similar claims."""

from qtrax_disputes.mass.detection import OpenCase, counsel_key, waves

TEMPLATE = ("Qtrax kept my listening history and shared it with advertisers after I opted out "
            "of data sharing in my account settings on {day}. Claimant {name} seeks damages.")


def templated(n, *, start=1, firm="Keller Postman LLP", email="", category="data_sharing"):
    return [OpenCase(i, category, TEMPLATE.format(day=f"May {i % 28 + 1}", name=f"Person {i}"),
                     firm, email) for i in range(start, start + n)]


def test_25_templated_demands_by_one_firm_are_a_wave():
    [wave] = waves(templated(25))
    assert wave.size == 25 and wave.counsel == "Keller Postman LLP"


def test_24_are_not():
    assert waves(templated(24)) == []


def test_the_firm_is_known_by_its_name_or_else_its_email_domain():
    assert counsel_key("Keller Postman LLP", "") == counsel_key("keller postman", "") \
        == "keller postman"
    assert counsel_key("", "jane@labatonlaw.example") == "labatonlaw.example"
    # A personal mailbox is one person, not a firm.
    assert counsel_key("", "jane@gmail.com") == "jane@gmail.com"
    assert counsel_key("", "") == ""


def test_cases_from_two_firms_are_two_groups_not_one():
    cases = templated(20, firm="Firm A") + templated(20, start=100, firm="Firm B")
    assert waves(cases) == []


def test_the_same_domain_counts_as_the_same_counsel():
    cases = (templated(13, firm="", email="a@massfirm.example")
             + templated(12, start=50, firm="", email="b@massfirm.example"))
    [wave] = waves(cases)
    assert wave.counsel == "massfirm.example" and wave.size == 25


def test_different_claims_by_one_firm_are_not_a_wave():
    subjects = ["cookies stayed after I refused them", "my email went to a marketing list",
                "the app tracked my location while closed", "billing data leaked in a breach",
                "the camera turned on during a call", "my child's account was profiled"]
    cases = [OpenCase(i, "data_sharing", f"{subjects[i % 6]} (claim {i})", "Firm A")
             for i in range(30)]
    assert waves(cases) == []


def test_another_category_is_another_wave():
    cases = templated(25) + templated(25, start=100, category="deletion_refused")
    assert sorted(w.category for w in waves(cases)) == ["data_sharing", "deletion_refused"]


def test_cases_without_counsel_are_never_a_wave():
    assert waves(templated(30, firm="", email="")) == []
