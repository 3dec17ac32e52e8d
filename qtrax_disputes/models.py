"""Imports every model so SQLAlchemy's metadata (and Alembic) sees the whole schema."""

from .audit.models import AuditEntry  # noqa: F401
from .auth.models import User  # noqa: F401
from .cases.models import (  # noqa: F401
    Case,
    CaseEvent,
    CaseNumberCounter,
    NeutralProposal,
    Party,
)
from .costs.models import CostItem, CostPayment, FeeScheduleRecord  # noqa: F401
from .deadlines.models import Deadline  # noqa: F401
from .documents.models import Document  # noqa: F401
from .neutrals.models import Neutral  # noqa: F401
from .outbox.models import OutboxMessage  # noqa: F401
from .policies.models import PolicyVersionRecord  # noqa: F401
from .reports.models import WeeklyReport  # noqa: F401
