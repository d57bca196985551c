"""How a case's timeline shows the amendments' events, in the reader's language."""

from django.utils.translation import gettext as _

from amendments.changes import day, recorded_rows
from amendments.events import AmendmentEvent
from norec.core.audit import register_event_details


def _reference(data: dict) -> str:
    if data.get("round"):
        return _("%(reference)s for round %(number)s") % {"reference": data["reference"], "number": data["round"]}
    return _("%(reference)s for the collaboration agreement") % {"reference": data["reference"]}


def _approved(data: dict) -> str:
    changes = "; ".join(f"{row.what}: {row.before} → {row.after}" for row in recorded_rows(data))
    return _("%(reference)s, from %(date)s: %(changes)s") % {
        "reference": _reference(data),
        "date": day(data["effective_on"]),
        "changes": changes,
    }


def _document(data: dict) -> str:
    return f"{_reference(data)}: {data.get('document', '')}"


def register() -> None:
    for kind in (
        AmendmentEvent.STARTED,
        AmendmentEvent.CHANGED,
        AmendmentEvent.SUBMITTED,
        AmendmentEvent.RETURNED,
        AmendmentEvent.REJECTED,
        AmendmentEvent.WITHDRAWN,
    ):
        register_event_details(kind, _reference, needs=("reference",))
    register_event_details(AmendmentEvent.APPROVED, _approved, needs=("reference", "effective_on"))
    for kind in (AmendmentEvent.DOCUMENT_ADDED, AmendmentEvent.DOCUMENT_REMOVED):
        register_event_details(kind, _document, needs=("reference", "document"))
    register_event_details(
        AmendmentEvent.PARTNER_INVITED,
        lambda data: f"{_reference(data)}: {data.get('email', '')}",
        needs=("reference",),
    )
