"""What each stage means, told to the person who filed the complaint.

Plain language, no legal jargon: what the stage means and what happens next. Every stage of
``workflow.STAGES`` has an entry (a test checks it); an unknown stage gets a neutral text.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import workflow as w


@dataclass(frozen=True)
class PublicStage:
    title: str
    meaning: str
    next: str


_TEXT: dict[str, PublicStage] = {
    w.FILED: PublicStage(
        "Complaint received",
        "We have received your complaint and given it a case number.",
        "Our team will read it and decide how best to handle it. We will contact you if we "
        "need more information.",
    ),
    w.TRIAGE: PublicStage(
        "Being reviewed",
        "Our team is reviewing your complaint to understand what happened and what you are "
        "asking for.",
        "We will either try to resolve it with you directly or suggest mediation, a meeting "
        "with an independent person who helps both sides reach an agreement.",
    ),
    w.MEDIATION_REQUESTED: PublicStage(
        "Mediation suggested",
        "We have asked to resolve your complaint through mediation: a confidential meeting "
        "led by an independent person, the mediator, who helps both sides find an agreement.",
        "Both sides will propose and agree on who the mediator will be.",
    ),
    w.MEDIATOR_SELECTION: PublicStage(
        "Choosing a mediator",
        "Both sides are choosing the mediator together. Nobody becomes the mediator unless "
        "both sides accept them.",
        "Once both sides accept the same person, we will arrange the mediation with you.",
    ),
    w.MEDIATION_AGREED: PublicStage(
        "Mediation agreed",
        "Both sides have agreed on a mediator and to go ahead with mediation.",
        "Before a meeting can be set, both sides sign an agreement to keep what is said in "
        "mediation private. Then we will agree a date and place (in New York City, or online "
        "if both sides agree).",
    ),
    w.MEDIATION_SCHEDULED: PublicStage(
        "Mediation meeting arranged",
        "A date and place have been set for the mediation meeting.",
        "You will meet with the mediator and our representatives on the agreed date. Let us "
        "know quickly if you cannot attend.",
    ),
    w.MEDIATION_HELD: PublicStage(
        "Mediation meeting held",
        "The mediation meeting has taken place.",
        "Either both sides sign an agreement that settles the complaint, another meeting is "
        "arranged, or the mediation ends without agreement.",
    ),
    w.SETTLED: PublicStage(
        "Agreement reached",
        "Both sides have signed an agreement that settles your complaint.",
        "Each side does what the agreement says, by the dates it sets. After that, the case "
        "is closed.",
    ),
    w.IMPASSE: PublicStage(
        "Mediation ended without agreement",
        "The mediation did not lead to an agreement, and this has been confirmed in writing.",
        "The next step under the privacy policy is arbitration: an independent decision-maker "
        "hears both sides and makes a decision. You may also be able to go to small claims "
        "court instead.",
    ),
    w.ARBITRATION_DEMANDED: PublicStage(
        "Arbitration started",
        "A request has been filed with the American Arbitration Association (AAA), an "
        "independent organisation, to decide the dispute.",
        "The AAA will send both sides a notice confirming the case has been opened.",
    ),
    w.AAA_NOTICED: PublicStage(
        "Arbitration case opened",
        "The AAA has confirmed the arbitration case. Each side now has a short time to give "
        "its written response.",
        "The AAA will appoint the arbitrator, the independent person who will decide the "
        "dispute.",
    ),
    w.ARBITRATOR_APPOINTED: PublicStage(
        "Arbitrator appointed",
        "An independent arbitrator has been appointed to decide the dispute.",
        "The arbitrator will set out how the case goes forward: either by written documents "
        "only, or with a hearing where both sides are heard.",
    ),
    w.DESK_SUBMISSIONS: PublicStage(
        "Written documents being exchanged",
        "The arbitrator will decide the dispute from the written documents and evidence both "
        "sides send, without a hearing.",
        "Once both sides have sent everything, the arbitrator closes the file and makes a "
        "decision.",
    ),
    w.HEARING_SCHEDULED: PublicStage(
        "Hearing arranged",
        "A date has been set for a hearing where both sides can explain their position to the "
        "arbitrator.",
        "The hearing takes place on the agreed date. Let us know quickly if you cannot attend.",
    ),
    w.HEARING_HELD: PublicStage(
        "Hearing held",
        "The hearing has taken place.",
        "The arbitrator will close the case file and then make a decision.",
    ),
    w.RECORD_CLOSED: PublicStage(
        "Waiting for the decision",
        "The arbitrator has everything needed and no more evidence can be added.",
        "The arbitrator will write a decision, usually within about 30 days.",
    ),
    w.AWARD_ISSUED: PublicStage(
        "Decision made",
        "The arbitrator has made a written decision.",
        "The decision will be sent to both sides.",
    ),
    w.AWARD_RECEIVED: PublicStage(
        "Decision received",
        "Both sides have received the arbitrator's written decision.",
        "The decision is carried out, or a side may ask a court to confirm, correct or "
        "cancel it within the time limits the law sets.",
    ),
    w.MODIFICATION_REQUESTED: PublicStage(
        "Correction of the decision requested",
        "A side has asked for the decision to be corrected.",
        "A corrected decision, or a refusal to change it, will be sent to both sides.",
    ),
    w.CONFIRMED: PublicStage(
        "Decision confirmed by a court",
        "A court has confirmed the arbitrator's decision, so it can be enforced like a "
        "court judgment.",
        "Any money owed under the decision will be paid.",
    ),
    w.PAID: PublicStage(
        "Paid",
        "What the decision requires has been paid.",
        "The case will be closed.",
    ),
    w.VACATED: PublicStage(
        "Decision cancelled by a court",
        "A court has cancelled the arbitrator's decision.",
        "The dispute may be decided again in a new arbitration, or the case will be closed. "
        "We will tell you which.",
    ),
    w.NO_ACTION: PublicStage(
        "No further steps on the decision",
        "Neither side is taking any further step about the arbitrator's decision.",
        "The case will be closed.",
    ),
    w.WITHDRAWN: PublicStage(
        "Complaint withdrawn",
        "The complaint has been withdrawn.",
        "The case will be closed. Contact us if you think this is a mistake.",
    ),
    w.SUSPENDED: PublicStage(
        "On hold",
        "The case is paused for now, for example while a court looks at a question or while "
        "something is awaited.",
        "The case will continue from where it stopped once the reason for the pause is "
        "resolved. We will let you know.",
    ),
    w.DISMISSED: PublicStage(
        "Complaint not taken forward",
        "After review, the complaint will not be taken forward.",
        "The case will be closed. Contact us if you would like to know more or think "
        "something was missed.",
    ),
    w.SMALL_CLAIMS: PublicStage(
        "Moved to small claims court",
        "The dispute is going to small claims court instead of arbitration.",
        "The small claims court will handle it from here, and this case will be closed.",
    ),
    w.CLOSED: PublicStage(
        "Case closed",
        "Your case is closed.",
        "Nothing more needs to happen. Keep your case number if you need to contact us about "
        "it.",
    ),
}

_UNKNOWN = PublicStage(
    "In progress",
    "Your case is being handled by our team.",
    "We will contact you when there is news.",
)


def describe(stage: str) -> PublicStage:
    return _TEXT.get(stage, _UNKNOWN)
