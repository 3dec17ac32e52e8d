"""Deadline rules as data (docs/rules.md). Pure: no Flask, no database.

Each `Rule` names the event kind that starts it (`trigger`), the period (`n` `unit`s, the trigger
day not counted), how a period ending on a weekend or holiday rolls (`roll`: "NY", "FED" or
"none"), its citation and how sure we are of it (`mark`, `verified`), and the event kinds that
complete it (`ends_on`). Adding a rule is adding a row to `RULES`: nothing else looks at codes.

Nothing here is legal advice; rules marked unverified must be shown as such wherever their dates
appear.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import cast

from ..cases import event_kinds as ek
from ..cases import event_labels
from ..cases import workflow as wf
from ..cases.aaa import RULE_SET_VERSIONS, RULE_SETS
from .calendar import DueDate, compute_due

MARKS = ("V", "S", "U", "policy", "design")
ACTORS = ("us", "claimant", "either")

# A window is a period in which a side *may* act: passing unused, it lapses and is not overdue.
# A duty must be done and goes overdue. Counsel's "Qtrax will act" turns a window into a duty.
WINDOW = "window"
DUTY = "duty"
OBLIGATIONS = (WINDOW, DUTY)

# The sources classify these (docs/rules.md § Windows and duties; the texts below are shown to
# staff, so they cite the law, never this repository's files). Rules they do not classify
# stay duties, so that nothing which went overdue before stops doing so unnoticed; a firm may
# change that with its setting DEADLINE_WINDOWS (see config.py).
_WINDOW_BY_STATUTE = "A side may apply within the period; unused, it lapses"
_DUTY_UNCLASSIFIED = ("Not classified by the sources: kept a duty until counsel decides "
                      "otherwise (setting DEADLINE_WINDOWS)")

def _rule_set_key(ruleset: str | None) -> str | None:
    """The key of cases/aaa.py's RULE_SETS for a stored rule set ("2025", "2025-05-01")."""
    if ruleset is None:
        return None
    key = str(ruleset).strip()
    if key in RULE_SETS:
        return key
    return key[:4] if key[:4] in RULE_SETS else None


MARK_NAMES = {"V": "verified", "S": "secondary source", "U": "unverified",
              "policy": "the policy's own promise", "design": "firm practice"}

# A case that ends this way needs no further post-award step.
_CASE_ENDS = (wf.SETTLED, wf.WITHDRAWN, wf.CLOSED)


@dataclass(frozen=True)
class CountsFrom:
    """A period that runs from a day other than the step's own date (e.g. service of a demand
    that was filed earlier). The step keeps that day in its data under `fact`."""

    fact: str  # key of the step's data holding the day, e.g. "served_on"
    label: str  # what the day is, as the explanation says it
    # A later step that records the day when the first did not know it ("" for none).
    recorded_by: str = ""
    # Why counting from the step's own date meanwhile is safe to assume; "" when the day is
    # required with the step and never assumed.
    assumed: str = ""
    # The key of the recording step's data holding the day ("" when the recording step's own
    # date is the day). Without it in that step's data, the step leaves the count alone.
    recorded_fact: str = ""

    def recorded_day(self, occurred_on: date, data: Mapping[str, object] | None) -> date | None:
        """The day a `recorded_by` step says the period runs from, or None if it does not say."""
        if not self.recorded_fact:
            return occurred_on
        value = (data or {}).get(self.recorded_fact)
        return date.fromisoformat(str(value)) if value else None


@dataclass(frozen=True)
class OnlyAbove:
    """A rule that applies only when a number the step records is above a threshold (GBL
    § 899-aa(8)(b): consumer reporting agencies when more than 5,000 residents are notified)."""

    fact: str  # key of the step's data holding the number
    threshold: int  # the rule applies when the number is strictly greater
    source: str
    mark: str

    def met_by(self, data: Mapping[str, object] | None) -> bool:
        value = (data or {}).get(self.fact)
        return value not in (None, "") and int(value) > self.threshold  # type: ignore[call-overload]


@dataclass(frozen=True)
class Start:
    """The day a period counts from, said in words, and whether that day is assumed."""

    on: date
    phrase: str
    assumed: str = ""  # why it is assumed; "" when it is the day the law names


@dataclass(frozen=True)
class Rule:
    code: str
    version: str
    title: str
    trigger: str  # event kind that starts the period
    n: int | None  # None: supplied by configuration (`n_config`); no deadline when unset
    unit: str  # "days" | "months" | "years" | "business_days"
    roll: str  # "NY" | "FED" | "none"
    source: str
    mark: str  # "V" | "S" | "U" | "policy" | "design" (docs/README.md § Marks)
    verified: bool
    ends_on: tuple[str, ...]
    act: str  # who must act: "us" | "claimant" | "either"
    concerns_claimant: bool  # shown on the complainant's status page
    note: str = ""
    # Verification by AAA rule set, e.g. (("2014", True), ("2025", False)); empty when the rule
    # does not depend on the rule set. Keys are the set's year; "2014-09-01" also matches.
    verified_under: tuple[tuple[str, bool], ...] = ()
    # The act this deadline is for ("vacate", "confirm", ...): where a CPLR and an FAA rule cover
    # the same act, both are shown and the earlier is the one to meet.
    covers: str = ""
    # Config key supplying `n` when `n` is None (e.g. "MEDIATION_WINDOW_DAYS").
    n_config: str = ""
    # A roll counsel may hold applies to a "none" period although none is verified: its next
    # business day is shown beside the raw date, which stays the date to meet.
    alt_roll: str = ""
    # Set when the period runs from a day the step records apart from its own date.
    counts_from: CountsFrom | None = None
    # Set when a later award (a modified one) does not end this deadline: courts may apply the
    # original award's period to what was not modified, so it stays open, marked, until counsel
    # closes it with a reason (docs/rules.md § Rule by rule, [S] cautious practice).
    survives_modification: bool = False

    def start(self, kind: str, occurred_on: date, data: Mapping[str, object] | None) -> Start:
        """The day this rule counts from, for an event of `kind` on `occurred_on`."""
        plain = Start(occurred_on, f"“{event_labels.label(kind)}”")
        known = self.counts_from
        if known is None:
            return plain
        if kind == known.recorded_by:
            return Start(known.recorded_day(occurred_on, data) or occurred_on, known.label)
        if kind != self.trigger:
            return plain
        value = (data or {}).get(known.fact)
        if value:
            return Start(date.fromisoformat(str(value)), known.label)
        return Start(occurred_on, plain.phrase, known.assumed or "the day is not recorded")
    # WINDOW or DUTY, with why (and the mark of that classification, as for the period).
    obligation: str = DUTY
    obligation_source: str = _DUTY_UNCLASSIFIED
    obligation_mark: str = "design"
    # Events that make the period moot, each with the reason shown on the deadline.
    moot_on: tuple[tuple[str, str], ...] = ()
    # The clock stops while the AAA suspends the arbitration for a court application and
    # resumes with the days it had left (AAA-rule periods only; statutory clocks run on).
    stops_while_suspended: bool = False
    # Set when the rule applies only above a recorded number (see `OnlyAbove`).
    only_above: OnlyAbove | None = None

    def applies_to(self, data: Mapping[str, object] | None) -> bool:
        """Whether an event with this data starts the rule (its threshold, if any, is met)."""
        return self.only_above is None or self.only_above.met_by(data)

    def version_under(self, ruleset: str | None = None) -> str:
        """The version of the source the rule follows: for a rule that depends on the AAA rule
        set, that set's date (the 2025 rules are not the 2014 ones); otherwise `version`."""
        if not self.verified_under or ruleset is None:
            return self.version
        key = _rule_set_key(ruleset)
        return RULE_SET_VERSIONS[key] if key else self.version

    def source_under(self, ruleset: str | None = None) -> str:
        """The source as staff read it: the named AAA rule set for a rule that depends on it,
        with "unverified" where it is, e.g. "AAA Consumer Arbitration Rules and Mediation
        Procedures (2025-05-01), unverified". Internal codes and versions stay out of it."""
        text = self.source
        key = _rule_set_key(ruleset) if self.verified_under else None
        if key:
            text = RULE_SETS[key]
        return text if self.is_verified(ruleset) else f"{text}, unverified"

    def obligation_reason(self, obligation: str | None = None) -> str:
        """Why a deadline of this rule is a window or a duty, with how sure that is (its
        mark). `obligation` is the deadline's own, which the firm's setting may have made a
        window."""
        obligation = obligation or self.obligation
        word = "Window" if obligation == WINDOW else "Duty"
        if obligation != self.obligation:
            return f"{word}: this firm's setting DEADLINE_WINDOWS [{MARK_NAMES['design']}]"
        return f"{word}: {self.obligation_source} [{MARK_NAMES[self.obligation_mark]}]"

    def obligation_under(self, config: Mapping[str, object] | None = None) -> str:
        """WINDOW or DUTY: the firm's setting DEADLINE_WINDOWS may make an unclassified rule
        a window; a rule the sources classify keeps its classification."""
        if self.obligation_mark != "design" or config is None:
            return self.obligation
        # The setting is a list of rule codes (web/config.py); a wrong type fails here as before.
        chosen = cast("Collection[str]", config.get("DEADLINE_WINDOWS") or ())
        return WINDOW if self.code in chosen else self.obligation

    def is_verified(self, ruleset: str | None = None) -> bool:
        """Whether the rule is verified, under the case's AAA rule set when it depends on one.

        An AAA rule asked about an unknown rule set is unverified; asked with no rule set, it
        reports its base `verified` flag.
        """
        if not self.verified_under or ruleset is None:
            return self.verified
        table = dict(self.verified_under)
        key = str(ruleset).strip()
        if key in table:
            return table[key]
        return table.get(key[:4], False)

    def period_n(self, config: Mapping[str, object] | None = None) -> int | None:
        """The period length: `n`, or the configured value when `n` is None (None if unset)."""
        if self.n is not None:
            return self.n
        if not self.n_config or config is None:
            return None
        value = config.get(self.n_config)
        if value in (None, "", 0):
            return None
        # A setting is a number or its text; anything else fails here as before.
        return int(cast("int | str", value))

    def compute(
        self, trigger_on: date, config: Mapping[str, object] | None = None
    ) -> DueDate | None:
        """The due date this rule gives for a trigger on `trigger_on`; None when unconfigured."""
        n = self.period_n(config)
        if n is None:
            return None
        return compute_due(trigger_on, n, self.unit, self.roll, self.alt_roll)

    @property
    def period_label(self) -> str:
        """ "20 days", "3 months", "1 year", "same day", "configurable"."""
        if self.n is None:
            return "configurable"
        if self.n == 0:
            return "same day"
        word = {"days": "day", "months": "month", "years": "year", "business_days": "business day"}[
            self.unit
        ]
        return f"{self.n} {word}" if self.n == 1 else f"{self.n} {word}s"


# N.Y. GBL § 899-aa (docs/road.md § Side tracks of a case): each recipient's notice is its own duty,
# ended by its own "notice sent" step. The residents' 30 days are the statute's [V]; the statute
# gives the agencies' notices no period of their own, so they are shown with the residents' 30 days
# and marked unverified. The residents' duty keeps the code it always had, so deadlines opened
# before the notices were separated still end with their step ("breach_notices_sent").
_BREACH_AGENCY_NOTE = (
    "The statute gives this notice no period of its own: it is shown with the residents' 30 "
    "days after discovery, unverified. Counsel may treat GCL § 25-a as moving a period ending "
    "on a weekend or holiday; the raw date is the one to meet.")
MORE_THAN_5000_RESIDENTS = OnlyAbove(
    fact="ny_residents_affected", threshold=5000, source="N.Y. Gen. Bus. Law § 899-aa",
    mark="V")


def _breach_notice(code: str, title: str, step: str, *, verified: bool, note: str,
                   only_above: OnlyAbove | None = None,
                   legacy_steps: tuple[str, ...] = ()) -> Rule:
    return Rule(
        code=code, version="2026.1", title=title, trigger=ek.BREACH_DISCOVERED, n=30,
        unit="days", roll="none", source="N.Y. Gen. Bus. Law § 899-aa",
        mark="V" if verified else "U", verified=verified,
        # A statutory duty to others: settling or withdrawing this case does not end it.
        ends_on=(step, *legacy_steps), act="us",
        # Compliance duties of Qtrax to residents and agencies, not steps of the complainant's
        # dispute: kept off the complainant's page.
        concerns_claimant=False, note=note, alt_roll="NY", only_above=only_above,
        obligation=DUTY,
        obligation_source="A statutory duty to notify (N.Y. Gen. Bus. Law § 899-aa)",
        obligation_mark="V")


def _breach_notices() -> tuple[Rule, ...]:
    return (
        _breach_notice(
            "GBL899AA_NOTICE", "Notify affected New York residents of the breach",
            ek.BREACH_NOTICE_RESIDENTS_SENT, verified=True,
            legacy_steps=(ek.BREACH_NOTICES_SENT,),
            note="Within 30 days after discovery of the breach. Counsel may treat GCL § 25-a as "
                 "moving a period ending on a weekend or holiday; the raw date is the one to "
                 "meet."),
        _breach_notice("GBL899AA_AG", "Notify the New York Attorney General of the breach",
                       ek.BREACH_NOTICE_AG_SENT, verified=False, note=_BREACH_AGENCY_NOTE),
        _breach_notice("GBL899AA_DOS", "Notify the New York Department of State of the breach",
                       ek.BREACH_NOTICE_DOS_SENT, verified=False, note=_BREACH_AGENCY_NOTE),
        _breach_notice("GBL899AA_POLICE", "Notify the New York State Police of the breach",
                       ek.BREACH_NOTICE_POLICE_SENT, verified=False, note=_BREACH_AGENCY_NOTE),
        _breach_notice("GBL899AA_CRA", "Notify the consumer reporting agencies of the breach",
                       ek.BREACH_NOTICE_CRA_SENT, verified=False,
                       note="Owed because more than 5,000 New York residents are affected. "
                            + _BREACH_AGENCY_NOTE,
                       only_above=MORE_THAN_5000_RESIDENTS),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        code="CPLR7503_STAY",
        version="2026.1",
        title="Apply to stay arbitration",
        trigger=wf.ARBITRATION_DEMANDED,
        n=20,
        unit="days",
        roll="NY",
        source="CPLR 7503(c)",
        mark="V",
        verified=True,
        ends_on=_CASE_ENDS,
        act="us",
        concerns_claimant=False,
        note=(
            "Runs from service of the demand or notice of intention to arbitrate; the bar "
            "applies only when the notice carries CPLR 7503(c)'s 20-day warning."
        ),
        counts_from=CountsFrom(
            fact="served_on",
            label="service of the demand on Qtrax",
            recorded_by=ek.DEMAND_SERVED,
            # Service cannot come before there is a demand to serve, so the filing day gives
            # the earliest the period can end: counting from it never lets the bar pass unseen.
            assumed=(
                "the day Qtrax was served is not recorded, so this counts from the day the "
                "demand was filed with the AAA; record the service to count from it"
            ),
        ),
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
        # Taking part in the arbitration ends the right to a stay (CPLR 7503(b) lets only a party
        # who has not participated apply). On the road the first step that is Qtrax's own part
        # in the arbitration is filing its answer with the AAA; the appointment of the
        # arbitrator comes after the AAA's notice, by which time the answer period has run.
        # Either, whichever is recorded first, ends the window.
        moot_on=(
            (ek.ANSWER_FILED, "Qtrax took part in the arbitration (answer filed with the AAA)"),
            (wf.ARBITRATOR_APPOINTED,
             "Qtrax took part in the arbitration (arbitrator appointed)"),
        ),
    ),
    Rule(
        code="CPLR7509_MODIFY",
        version="2026.1",
        title="Ask the arbitrator to modify the award",
        trigger=wf.AWARD_RECEIVED,
        n=20,
        unit="days",
        roll="NY",
        source="CPLR 7509",
        mark="V",
        verified=True,
        ends_on=(wf.MODIFICATION_REQUESTED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="Runs from delivery (receipt) of the award.",
        covers="modify",
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="CPLR7509_OBJECT",
        version="2026.1",
        title="Object to the request to modify the award",
        trigger=wf.MODIFICATION_REQUESTED,
        n=10,
        unit="days",
        roll="NY",
        source="CPLR 7509",
        mark="V",
        verified=True,
        ends_on=(wf.AWARD_RECEIVED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="Written objection by the other party, from receipt of notice of the application.",
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="CPLR7511_VACATE",
        version="2026.1",
        title="Apply to vacate or modify the award (state court)",
        trigger=wf.AWARD_RECEIVED,
        n=90,
        unit="days",
        roll="NY",
        source="CPLR 7511(a)",
        mark="V",
        verified=True,
        ends_on=(ek.VACATUR_FILED, wf.VACATED, wf.CONFIRMED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="90 days after delivery (receipt) of the award; no 5-day extension for mailing.",
        covers="vacate",
        survives_modification=True,
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="CPLR7510_CONFIRM",
        version="2026.1",
        title="Apply to confirm the award (state court)",
        trigger=wf.AWARD_RECEIVED,
        n=1,
        unit="years",
        roll="NY",
        source="CPLR 7510, 215(5)",
        mark="V",
        verified=True,
        ends_on=(wf.CONFIRMED, wf.VACATED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="Within one year after delivery (receipt) of the award.",
        covers="confirm",
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="FAA12_VACATE",
        version="2026.1",
        title="Serve notice of motion to vacate or modify the award (FAA)",
        trigger=wf.AWARD_RECEIVED,
        n=3,
        unit="months",
        roll="FED",
        source="9 U.S.C. § 12",
        mark="V",
        verified=True,
        ends_on=(ek.VACATUR_FILED, wf.VACATED, wf.CONFIRMED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="Three months after the award is filed or delivered; the notice must be served.",
        covers="vacate",
        survives_modification=True,
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="FAA9_CONFIRM",
        version="2026.1",
        title="Apply to confirm the award (FAA)",
        trigger=wf.AWARD_ISSUED,
        n=1,
        unit="years",
        roll="FED",
        source="9 U.S.C. § 9",
        mark="V",
        verified=True,
        ends_on=(wf.CONFIRMED, wf.VACATED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note="Within one year after the award is made.",
        covers="confirm",
        obligation=WINDOW,
        obligation_source=_WINDOW_BY_STATUTE,
        obligation_mark="V",
    ),
    Rule(
        code="AAA_ANSWER",
        version="2014-09-01",
        title="File the answer and any counterclaim with the AAA",
        trigger=wf.AAA_NOTICED,
        n=14,
        unit="days",
        roll="none",
        source="AAA Consumer Arbitration Rules",
        mark="V",
        verified=True,
        ends_on=(ek.ANSWER_FILED, *_CASE_ENDS),
        act="us",
        concerns_claimant=True,
        note=(
            "14 calendar days after the AAA's notice of filing (not the demand). Verified for "
            "the 2014 Consumer Rules; unverified for the 2025 rules. No roll verified."
        ),
        verified_under=(("2014", True), ("2025", False)),
        # From the day the AAA sent its notice, not the day it reached us; the step asks for it.
        counts_from=CountsFrom(fact="notice_sent_on",
                               label="the AAA sent its notice of the filing"),
        moot_on=((wf.AWARD_ISSUED, "The award was issued: there is nothing left to answer"),),
        stops_while_suspended=True,
        obligation=DUTY,
        obligation_source=_DUTY_UNCLASSIFIED,
        obligation_mark="design",
    ),
    Rule(
        code="AAA_AWARD",
        version="2014-09-01",
        title="Award due from the arbitrator",
        trigger=wf.RECORD_CLOSED,
        n=30,
        unit="days",
        roll="none",
        source="AAA Consumer Arbitration Rules",
        mark="V",
        verified=True,
        ends_on=(wf.AWARD_ISSUED, *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note=(
            "The arbitrator renders the award within 30 calendar days after the hearing closes "
            "(desk cases: the record). Verified for the 2014 Consumer Rules; unverified for 2025."
        ),
        verified_under=(("2014", True), ("2025", False)),
        stops_while_suspended=True,
        obligation=DUTY,
        obligation_source=_DUTY_UNCLASSIFIED,
        obligation_mark="design",
    ),
    Rule(
        code="AAA_CORRECTION",
        version="2022-09-01",
        title="Ask the arbitrator to correct a clerical error in the award",
        trigger=wf.AWARD_ISSUED,
        n=20,
        unit="days",
        roll="none",
        source="AAA Commercial Arbitration Rules (2022-09-01), by analogy (commercial analog)",
        mark="U",
        verified=False,
        ends_on=(ek.CORRECTION_REQUESTED, *_CASE_ENDS),
        act="either",
        # Unverified: it must never reach the complainant's page, whoever it concerns.
        concerns_claimant=False,
        note=(
            "20 days after the award was sent to the parties, by analogy with the Commercial "
            "Rules; the Consumer Rules' own provision is not verified."
        ),
        # The period runs from the AAA's transmittal, which the receipt step records. Until
        # then the signing day stands in: an award cannot be sent before it is signed, so the
        # date shown is never later than the true one.
        counts_from=CountsFrom(
            fact="transmitted_on",
            label="the AAA sent the award to the parties",
            recorded_by=wf.AWARD_RECEIVED,
            recorded_fact="transmitted_on",
            assumed=(
                "the day the AAA sent the award to the parties is not recorded yet, so this "
                "counts from the day it was signed; record its receipt with the day it was "
                "transmitted to count from that day"
            ),
        ),
        stops_while_suspended=True,
        obligation=WINDOW,
        obligation_source="A party may ask within the period; unused, it lapses (commercial "
                          "analog)",
        obligation_mark="U",
    ),
    *_breach_notices(),
    Rule(
        code="COURT_ORDER_RETURN",
        version="2026.1",
        title="Answer the court order or subpoena",
        trigger=ek.COURT_ORDER_RECEIVED,
        n=0,
        unit="days",
        roll="none",
        source="The court order or subpoena, which sets the return date",
        mark="design",
        verified=True,
        # Owed to the court whatever becomes of the dispute: ending the case does not end it.
        ends_on=(ek.COURT_ORDER_ANSWERED,),
        act="us",
        # Whether the user is told of the order is counsel's decision, recorded with the step;
        # the complainant's page must not pre-empt it.
        concerns_claimant=False,
        note="Due on the return date the order or subpoena sets.",
        counts_from=CountsFrom(fact="return_on", label="the return date of the order or "
                                                       "subpoena"),
        obligation=DUTY,
        obligation_source="An order or subpoena must be answered by its return date",
        obligation_mark="design",
    ),
    Rule(
        code="POLICY_CHILD_DELETE",
        version="2026.1",
        title="Delete the child's data",
        trigger=ek.CHILD_DATA_DISCOVERED,
        n=0,
        unit="days",
        roll="none",
        source="Privacy policy (immediate deletion); stricter than COPPA, 16 CFR 312.10",
        mark="policy",
        verified=True,
        ends_on=(ek.CHILD_DATA_DELETED,),
        act="us",
        concerns_claimant=True,
        note="The policy promises immediate deletion of data of a child under 13: same day.",
        obligation=DUTY,
        obligation_source="The policy's promise of immediate deletion",
        obligation_mark="V",
    ),
    Rule(
        code="MEDIATION_WINDOW",
        version="2026.1",
        title="Hold the mediation (firm target)",
        trigger=wf.MEDIATION_REQUESTED,
        n=None,
        unit="days",
        roll="none",
        source="Firm target (the dispute clause sets no time for mediation)",
        mark="design",
        verified=True,
        ends_on=(wf.MEDIATION_HELD, wf.SETTLED, wf.IMPASSE, wf.WITHDRAWN, wf.CLOSED),
        act="either",
        concerns_claimant=True,
        note="Length from config MEDIATION_WINDOW_DAYS; no deadline is created when it is unset.",
        n_config="MEDIATION_WINDOW_DAYS",
        obligation=DUTY,
        obligation_source=_DUTY_UNCLASSIFIED,
        obligation_mark="design",
    ),
)

if len({r.code for r in RULES}) != len(RULES):  # pragma: no cover - guards the table above
    raise RuntimeError("duplicate rule code in RULES")


def rule(code: str) -> Rule:
    """The rule with this code; KeyError if there is none."""
    for r in RULES:
        if r.code == code:
            return r
    raise KeyError(f"no deadline rule {code!r}")


def rules_triggered_by(kind: str) -> list[Rule]:
    """Rules an event of `kind` starts, in table order."""
    return [r for r in RULES if r.trigger == kind]


def rules_ended_by(kind: str) -> list[Rule]:
    """Rules an event of `kind` completes, in table order."""
    return [r for r in RULES if kind in r.ends_on]


def rules_recorded_by(kind: str) -> list[Rule]:
    """Rules whose starting day an event of `kind` records after the fact."""
    return [r for r in RULES if r.counts_from and r.counts_from.recorded_by == kind]
def rules_mooted_by(kind: str) -> list[tuple[Rule, str]]:
    """Rules an event of `kind` makes moot, each with the reason, in table order."""
    return [(r, reason) for r in RULES for mooting, reason in r.moot_on if mooting == kind]


def rules_covering(act: str) -> list[Rule]:
    """Rules for the same act ("vacate", "confirm", ...): show all, meet the earliest."""
    return [r for r in RULES if act and r.covers == act]
