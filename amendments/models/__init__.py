"""The amendments app's models: amendment applications (B03, C05) with their documents, and the
history of what approved amendments changed."""

from amendments.models.amendments import (
    MAX_DOCUMENTS,
    SUPPORTING_TYPES,
    Amendment,
    AmendmentDocument,
    validate_supporting_document,
)
from amendments.models.history import AgreementChange
from amendments.models.states import (
    DECIDED_STATES,
    EDITABLE_STATES,
    OPEN_STATES,
    AmendmentKind,
    AmendmentState,
)

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "MAX_DOCUMENTS",
    "OPEN_STATES",
    "SUPPORTING_TYPES",
    "AgreementChange",
    "Amendment",
    "AmendmentDocument",
    "AmendmentKind",
    "AmendmentState",
    "validate_supporting_document",
]
