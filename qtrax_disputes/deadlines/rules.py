"""Deadline rules as data (../shared/DOMAIN.md § 4). Pure: no Flask, no database.

Each `Rule` names the event kind that starts it (`trigger`), the period (`n` `unit`s, the trigger
day not counted), how a period ending on a weekend or holiday rolls (`roll`: "NY", "FED" or
"none"), its citation and how sure we are of it (`mark`, `verified`), and the event kinds that
complete it (`ends_on`). Adding a rule is adding a row to `RULES`: nothing else looks at codes.

Nothing here is legal advice; rules marked unverified must be shown as such wherever their dates
appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .calendar import DueDate, compute_due

MARKS = ("V", "S", "U", "policy", "design")
ACTORS = ("us", "claimant", "either")

# A window is a period in which a side *may* act: passing unused, it lapses and is not overdue.
# A duty must be done and goes overdue. Counsel's "Qtrax will act" turns a window into a duty.
WINDOW = "window"
DUTY = "duty"
OBLIGATIONS = (WINDOW, DUTY)

# The sources classify these (DOMAIN.md § 4, "Windows and duties"). Rules they do not classify
# stay duties, so that nothing which went overdue before stops doing so unnoticed; a firm may
# change that with its setting DEADLINE_WINDOWS (see config.py).
_WINDOW_BY_STATUTE = "A side may apply within the period; unused, it lapses (DOMAIN.md § 4)"
_DUTY_UNCLASSIFIED = ("Not classified by the sources: kept a duty until counsel decides "
                      "otherwise (setting DEADLINE_WINDOWS)")

# A case that ends this way needs no further post-award step.
_CASE_ENDS = ("settled", "withdrawn", "closed")


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
    mark: str  # "V" | "S" | "U" | "policy" | "design" (DOMAIN.md marks)
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
    # closes it with a reason (DOMAIN.md § 4, [S] cautious practice).
    survives_modification: bool = False

    def start(self, kind: str, occurred_on: date, data: Mapping[str, object] | None) -> Start:
        """The day this rule counts from, for an event of `kind` on `occurred_on`."""
        plain = Start(occurred_on, f"“{kind.replace('_', ' ')}”")
        known = self.counts_from
        if known is None:
            return plain
        if kind == known.recorded_by:
            return Start(occurred_on, known.label)
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

    def obligation_under(self, config: Mapping[str, object] | None = None) -> str:
        """WINDOW or DUTY: the firm's setting DEADLINE_WINDOWS may make an unclassified rule
        a window; a rule the sources classify keeps its classification."""
        if self.obligation_mark != "design" or config is None:
            return self.obligation
        chosen = config.get("DEADLINE_WINDOWS") or ()
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
        return int(value)  # type: ignore[call-overload]

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


RULES: tuple[Rule, ...] = (
    Rule(
        code="CPLR7503_STAY",
        version="2026.1",
        title="Apply to stay arbitration",
        trigger="arbitration_demanded",
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
            recorded_by="demand_served",
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
            ("answer_filed", "Qtrax took part in the arbitration (answer filed with the AAA)"),
            ("arbitrator_appointed", "Qtrax took part in the arbitration (arbitrator appointed)"),
        ),
    ),
    Rule(
        code="CPLR7509_MODIFY",
        version="2026.1",
        title="Ask the arbitrator to modify the award",
        trigger="award_received",
        n=20,
        unit="days",
        roll="NY",
        source="CPLR 7509",
        mark="V",
        verified=True,
        ends_on=("modification_requested", *_CASE_ENDS),
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
        trigger="modification_requested",
        n=10,
        unit="days",
        roll="NY",
        source="CPLR 7509",
        mark="V",
        verified=True,
        ends_on=("award_received", *_CASE_ENDS),
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
        trigger="award_received",
        n=90,
        unit="days",
        roll="NY",
        source="CPLR 7511(a)",
        mark="V",
        verified=True,
        ends_on=("vacatur_filed", "vacated", "confirmed", *_CASE_ENDS),
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
        trigger="award_received",
        n=1,
        unit="years",
        roll="NY",
        source="CPLR 7510, 215(5)",
        mark="V",
        verified=True,
        ends_on=("confirmed", "vacated", *_CASE_ENDS),
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
        trigger="award_received",
        n=3,
        unit="months",
        roll="FED",
        source="9 U.S.C. § 12",
        mark="V",
        verified=True,
        ends_on=("vacatur_filed", "vacated", "confirmed", *_CASE_ENDS),
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
        trigger="award_issued",
        n=1,
        unit="years",
        roll="FED",
        source="9 U.S.C. § 9",
        mark="V",
        verified=True,
        ends_on=("confirmed", "vacated", *_CASE_ENDS),
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
        trigger="aaa_noticed",
        n=14,
        unit="days",
        roll="none",
        source="AAA Consumer Arbitration Rules",
        mark="V",
        verified=True,
        ends_on=("answer_filed", *_CASE_ENDS),
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
        moot_on=(("award_issued", "The award was issued: there is nothing left to answer"),),
        obligation=DUTY,
        obligation_source=_DUTY_UNCLASSIFIED,
        obligation_mark="design",
    ),
    Rule(
        code="AAA_AWARD",
        version="2014-09-01",
        title="Award due from the arbitrator",
        trigger="record_closed",
        n=30,
        unit="days",
        roll="none",
        source="AAA Consumer Arbitration Rules",
        mark="V",
        verified=True,
        ends_on=("award_issued", *_CASE_ENDS),
        act="either",
        concerns_claimant=True,
        note=(
            "The arbitrator renders the award within 30 calendar days after the hearing closes "
            "(desk cases: the record). Verified for the 2014 Consumer Rules; unverified for 2025."
        ),
        verified_under=(("2014", True), ("2025", False)),
        obligation=DUTY,
        obligation_source=_DUTY_UNCLASSIFIED,
        obligation_mark="design",
    ),
    Rule(
        code="GBL899AA_NOTICE",
        version="2026.1",
        title="Notify affected New York residents of the breach",
        trigger="breach_discovered",
        n=30,
        unit="days",
        roll="none",
        source="N.Y. Gen. Bus. Law § 899-aa",
        mark="V",
        verified=True,
        # A statutory duty to others: settling or withdrawing this case does not end it.
        ends_on=("breach_notices_sent",),
        act="us",
        concerns_claimant=False,
        note=(
            "Within 30 days after discovery of the breach. Counsel may treat GCL § 25-a as "
            "moving a period ending on a weekend or holiday; the raw date is the one to meet."
        ),
        alt_roll="NY",
        obligation=DUTY,
        obligation_source="A statutory duty to notify (N.Y. Gen. Bus. Law § 899-aa; DOMAIN.md § 4)",
        obligation_mark="V",
    ),
    Rule(
        code="POLICY_CHILD_DELETE",
        version="2026.1",
        title="Delete the child's data",
        trigger="child_data_discovered",
        n=0,
        unit="days",
        roll="none",
        source="Privacy policy (immediate deletion); stricter than COPPA, 16 CFR 312.10",
        mark="policy",
        verified=True,
        ends_on=("child_data_deleted",),
        act="us",
        concerns_claimant=True,
        note="The policy promises immediate deletion of data of a child under 13: same day.",
        obligation=DUTY,
        obligation_source="The policy's promise of immediate deletion (DOMAIN.md § 4)",
        obligation_mark="V",
    ),
    Rule(
        code="MEDIATION_WINDOW",
        version="2026.1",
        title="Hold the mediation (firm target)",
        trigger="mediation_requested",
        n=None,
        unit="days",
        roll="none",
        source="Firm target (the dispute clause sets no time for mediation)",
        mark="design",
        verified=True,
        ends_on=("mediation_held", "settled", "impasse", "withdrawn", "closed"),
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
