"""Imports every model so SQLAlchemy's metadata (and Alembic) sees the whole schema."""

from qtrax_disputes.audit.models import AuditEntry  # noqa: F401
from qtrax_disputes.auth.models import SsoIdentity, SsoUsedNonce, User  # noqa: F401
from qtrax_disputes.auth.two_factor.models import RecoveryCode, TwoFactor  # noqa: F401
from qtrax_disputes.cases.models import (  # noqa: F401
    Case,
    CaseEvent,
    CaseNumberCounter,
    NeutralProposal,
    Party,
)
from qtrax_disputes.costs.models import CostItem, CostPayment, FeeScheduleRecord  # noqa: F401
from qtrax_disputes.deadlines.models import Deadline  # noqa: F401
from qtrax_disputes.documents.models import Document, HeldUpload  # noqa: F401
from qtrax_disputes.intake.models import StatusLink  # noqa: F401
from qtrax_disputes.mass.models import (  # noqa: F401
    BulkStep,
    BulkStepItem,
    Mass,
    MassAcceptance,
    MassBatch,
    MassFeeAmount,
    MassMember,
    MassOffer,
)
from qtrax_disputes.messages.models import Message, MessageAttachment  # noqa: F401
from qtrax_disputes.neutrals.models import Neutral  # noqa: F401
from qtrax_disputes.outbox.models import OutboxMessage  # noqa: F401
from qtrax_disputes.policies.models import PolicyVersionRecord  # noqa: F401
from qtrax_disputes.reports.models import WeeklyReport  # noqa: F401
from qtrax_disputes.tasks.models import CounselTask  # noqa: F401
