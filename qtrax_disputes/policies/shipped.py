"""The versions of the privacy policy the app ships: the 2013 policy, read from its archived
copy (../shared/seed-policy.txt in the project's papers). Its full text is not shipped: an admin
loads it (`flask --app app policy load FILE --effective 2013-11-02`) so that what the app shows
is the published text word for word, from the firm's own copy."""

from __future__ import annotations

from datetime import date

from .versions import ClauseRisk, DisputeClause, PolicyVersion, Promise, Term

ARCHIVED_2013 = date(2013, 11, 2)
SOURCE_2013 = ("qtrax.com privacy policy, archived copy of 2013-11-02 (Wayback Machine, "
               "web.archive.org/web/20131102024310/http://qtrax.com/privacy)")

CLAUSE_2013 = DisputeClause({
    "governing_law": Term("New York", "governed by the laws of the State of New York"),
    "mediation_first": Term(True, "we agree to first try to resolve it with the help of a "
                                  "mutually agreed-upon mediator"),
    "mediation_place": Term("New York City, New York",
                            "in the following location: New York City, New York"),
    "mediator_chosen": Term("mutually agreed by the parties", "a mutually agreed-upon mediator"),
    "mediation_costs": Term("user", "Any costs and fees other than attorney fees associated with "
                                    "mediation will be at the user’s sole expense"),
    "arbitration_provider": Term("American Arbitration Association",
                                 "under the rules of the American Arbitration Association"),
    "arbitration_rules": Term("the AAA's rules (the AAA decides which: the Consumer Rules for "
                              "individuals)", "under the rules of the American Arbitration "
                                              "Association"),
    "arbitration_place": Term("New York City, New York",
                              "binding arbitration at the following location: New York City, "
                              "New York"),
    "judgment": Term("in any court with jurisdiction",
                     "Judgment upon the award rendered by the arbitration may be entered in any "
                     "court with jurisdiction to do so"),
})

PROMISES_2013: tuple[Promise, ...] = (
    Promise("never_sell_email", "Never sell, barter or rent email addresses",
            "We will never sell, barter, or rent your email address to any unauthorized third "
            "party, period!", ("email_sold",)),
    Promise("no_sharing", "Not share information with anyone",
            "We respect your privacy and do not share your information with anyone.",
            ("third_party_disclosure",)),
    Promise("merger_transfer", "User information may pass in a merger or sale",
            "In such transactions, user information may be among the transferred assets.",
            ("third_party_disclosure",)),
    Promise("child_delete", "Delete a child's information immediately",
            "If we discover we have received any information from a child under 13 in violation "
            "of this policy, we will delete that information immediately.", ("child_under_13",)),
    Promise("court_order", "Disclose on a court order or when required by law",
            "We may also disclose your information in response to a court order, at other times "
            "when we believe we are reasonably required to do so by law",
            ("disclosure_to_authorities",)),
    Promise("cookies", "Cookies may store the user name and password",
            "the cookie may store your user name and password", ("cookies_tracking",)),
    Promise("secure_datacenter", "Keep the data in a controlled, secure datacenter",
            "All data resides in a tightly controlled and secure datacenter.",
            ("security_breach",)),
    Promise("communications", "Use information to communicate about Qtrax's services",
            "to communicate with you about your registration and customization preferences, our "
            "Terms of Service and privacy policy, services and products offered by Qtrax and "
            "other topics we think you might find of interest", ("unwanted_marketing",)),
    Promise("only_as_permitted", "Use information only as permitted by law",
            "We will use your information only as permitted by law.",
            ("access_correction_deletion", "other")),
)

RISKS_2013: tuple[ClauseRisk, ...] = (
    ClauseRisk(
        "The policy disclaims creating any rights",
        "not intended to and do not create any contractual or other legal rights in or on "
        "behalf of any party",
        "An agreement to arbitrate needs an agreement, and courts have often declined to treat "
        "website privacy policies as contracts: on an application to stay or compel arbitration "
        "(CPLR 7503) a court may find there is no agreement to arbitrate.", "U"),
    ClauseRisk(
        "Changes accepted by continued use",
        "Your continued use of our site following the posting of changes to these terms will "
        "mean you accept those changes",
        "Acceptance by continued use after a posted change, without notice to the user, is a "
        "browsewrap pattern courts scrutinise for notice and assent.", "U"),
)

POLICY_2013 = PolicyVersion(
    effective_on=ARCHIVED_2013,
    posted_on=None,
    title="Privacy policy (archived 2013-11-02)",
    source=SOURCE_2013,
    clause=CLAUSE_2013,
    promises=PROMISES_2013,
    archived_on=ARCHIVED_2013,
    note=("The policy states no date of its own: it is taken as in force from the day of its "
          "archived copy, the earliest day it is known to have been published."),
    risks=RISKS_2013,
)

SHIPPED: tuple[PolicyVersion, ...] = (POLICY_2013,)
