"""What each stage means, told to the person who filed the complaint.

Plain language, no legal jargon: what the stage means and what happens next. Every stage of
``workflow.STAGES`` has an entry (a test checks it); an unknown stage gets a neutral text.
"""

from __future__ import annotations

from dataclasses import dataclass

from qtrax_disputes.core.words import N_

from . import workflow as w


@dataclass(frozen=True)
class PublicStage:
    title: str
    meaning: str
    next: str


_TEXT: dict[str, PublicStage] = {
    w.FILED: PublicStage(
        N_("Complaint received"),
        N_("We have received your complaint and given it a case number."),
        N_("Our team will read it and decide how best to handle it. We will contact you if we "
        "need more information."),
    ),
    w.TRIAGE: PublicStage(
        N_("Being reviewed"),
        N_("Our team is reviewing your complaint to understand what happened and what you are "
        "asking for."),
        N_("We will either try to resolve it with you directly or suggest mediation, a meeting "
        "with an independent person who helps both sides reach an agreement."),
    ),
    w.MEDIATION_REQUESTED: PublicStage(
        N_("Mediation suggested"),
        N_("We have asked to resolve your complaint through mediation: a confidential meeting "
        "led by an independent person, the mediator, who helps both sides find an agreement."),
        N_("Both sides will propose and agree on who the mediator will be."),
    ),
    w.MEDIATOR_SELECTION: PublicStage(
        N_("Choosing a mediator"),
        N_("Both sides are choosing the mediator together. Nobody becomes the mediator unless "
        "both sides accept them."),
        N_("Once both sides accept the same person, we will arrange the mediation with you."),
    ),
    w.MEDIATION_AGREED: PublicStage(
        N_("Mediation agreed"),
        N_("Both sides have agreed on a mediator and to go ahead with mediation."),
        N_("Before a meeting can be set, both sides sign an agreement to keep what is said in "
        "mediation private. Then we will agree a date and place (in New York City, or online "
        "if both sides agree)."),
    ),
    w.MEDIATION_SCHEDULED: PublicStage(
        N_("Mediation meeting arranged"),
        N_("A date and place have been set for the mediation meeting."),
        N_("You will meet with the mediator and our representatives on the agreed date. Let us "
        "know quickly if you cannot attend."),
    ),
    w.MEDIATION_HELD: PublicStage(
        N_("Mediation meeting held"),
        N_("The mediation meeting has taken place."),
        N_("Either both sides sign an agreement that settles the complaint, another meeting is "
        "arranged, or the mediation ends without agreement."),
    ),
    w.SETTLED: PublicStage(
        N_("Agreement reached"),
        N_("Both sides have signed an agreement that settles your complaint."),
        N_("Each side does what the agreement says, by the dates it sets. After that, the case "
        "is closed."),
    ),
    w.IMPASSE: PublicStage(
        N_("Mediation ended without agreement"),
        N_("The mediation did not lead to an agreement, and this has been confirmed in writing."),
        N_("The next step under the privacy policy is arbitration: an independent decision-maker "
        "hears both sides and makes a decision. You may also be able to go to small claims "
        "court instead."),
    ),
    w.ARBITRATION_DEMANDED: PublicStage(
        N_("Arbitration started"),
        N_("A request has been filed with the American Arbitration Association (AAA), an "
        "independent organisation, to decide the dispute."),
        N_("The AAA will send both sides a notice confirming the case has been opened."),
    ),
    w.AAA_NOTICED: PublicStage(
        N_("Arbitration case opened"),
        N_("The AAA has confirmed the arbitration case. Each side now has a short time to give "
        "its written response."),
        N_("The AAA will appoint the arbitrator, the independent person who will decide the "
        "dispute."),
    ),
    w.ARBITRATOR_APPOINTED: PublicStage(
        N_("Arbitrator appointed"),
        N_("An independent arbitrator has been appointed to decide the dispute."),
        N_("The arbitrator will set out how the case goes forward: either by written documents "
        "only, or with a hearing where both sides are heard."),
    ),
    w.DESK_SUBMISSIONS: PublicStage(
        N_("Written documents being exchanged"),
        N_("The arbitrator will decide the dispute from the written documents and evidence both "
        "sides send, without a hearing."),
        N_("Once both sides have sent everything, the arbitrator closes the file and makes a "
        "decision."),
    ),
    w.HEARING_SCHEDULED: PublicStage(
        N_("Hearing arranged"),
        N_("A date has been set for a hearing where both sides can explain their position to the "
        "arbitrator."),
        N_("The hearing takes place on the agreed date. Let us know quickly if you cannot attend."),
    ),
    w.HEARING_HELD: PublicStage(
        N_("Hearing held"),
        N_("The hearing has taken place."),
        N_("The arbitrator will close the case file and then make a decision."),
    ),
    w.RECORD_CLOSED: PublicStage(
        N_("Waiting for the decision"),
        N_("The arbitrator has everything needed and no more evidence can be added."),
        N_("The arbitrator will write a decision, usually within about 30 days."),
    ),
    w.AWARD_ISSUED: PublicStage(
        N_("Decision made"),
        N_("The arbitrator has made a written decision."),
        N_("The decision will be sent to both sides."),
    ),
    w.AWARD_RECEIVED: PublicStage(
        N_("Decision received"),
        N_("Both sides have received the arbitrator's written decision."),
        N_("The decision is carried out, or a side may ask a court to confirm, correct or "
        "cancel it within the time limits the law sets."),
    ),
    w.MODIFICATION_REQUESTED: PublicStage(
        N_("Correction of the decision requested"),
        N_("A side has asked for the decision to be corrected."),
        N_("A corrected decision, or a refusal to change it, will be sent to both sides."),
    ),
    w.CONFIRMED: PublicStage(
        N_("Decision confirmed by a court"),
        N_("A court has confirmed the arbitrator's decision, so it can be enforced like a "
        "court judgment."),
        N_("Any money owed under the decision will be paid."),
    ),
    w.PAID: PublicStage(
        "Paid",
        N_("What the decision requires has been paid."),
        N_("The case will be closed."),
    ),
    w.VACATED: PublicStage(
        N_("Decision cancelled by a court"),
        N_("A court has cancelled the arbitrator's decision."),
        N_("The dispute may be decided again in a new arbitration, or the case will be closed. "
        "We will tell you which."),
    ),
    w.NO_ACTION: PublicStage(
        N_("No further steps on the decision"),
        N_("Neither side is taking any further step about the arbitrator's decision."),
        N_("The case will be closed."),
    ),
    w.WITHDRAWN: PublicStage(
        N_("Complaint withdrawn"),
        N_("The complaint has been withdrawn."),
        N_("The case will be closed. Contact us if you think this is a mistake."),
    ),
    w.SUSPENDED: PublicStage(
        N_("On hold"),
        N_("The case is paused for now, for example while a court looks at a question or while "
        "something is awaited."),
        N_("The case will continue from where it stopped once the reason for the pause is "
        "resolved. We will let you know."),
    ),
    w.DISMISSED: PublicStage(
        N_("Complaint not taken forward"),
        N_("After review, the complaint will not be taken forward."),
        N_("The case will be closed. Contact us if you would like to know more or think "
        "something was missed."),
    ),
    w.SMALL_CLAIMS: PublicStage(
        N_("Moved to small claims court"),
        N_("The dispute is going to small claims court instead of arbitration."),
        N_("The small claims court will handle it from here, and this case will be closed."),
    ),
    w.CLOSED: PublicStage(
        N_("Case closed"),
        N_("Your case is closed."),
        N_("Nothing more needs to happen. Keep your case number if you need to contact us about "
        "it."),
    ),
}

_UNKNOWN = PublicStage(
    N_("In progress"),
    N_("Your case is being handled by our team."),
    N_("We will contact you when there is news."),
)


def describe(stage: str) -> PublicStage:
    return _TEXT.get(stage, _UNKNOWN)
