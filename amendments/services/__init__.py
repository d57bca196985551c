"""Everything that changes an amendment: drafting, documents, the decision and its application."""

from amendments.services.decisions import (
    approve_amendment,
    reject_amendment,
    return_amendment,
    submit_amendment,
    withdraw_amendment,
)
from amendments.services.drafts import (
    add_document,
    rebased_proposal,
    remove_document,
    save_amendment,
    start_amendment,
)

__all__ = [
    "add_document",
    "approve_amendment",
    "rebased_proposal",
    "reject_amendment",
    "remove_document",
    "return_amendment",
    "save_amendment",
    "start_amendment",
    "submit_amendment",
    "withdraw_amendment",
]
