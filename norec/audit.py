"""Audit events: the record of everything that changes a case, shown on its timeline.

Each app registers the actions it records with a human label, so a timeline entry can be
read in the user's language long after it was written.
"""

from django.utils.translation import gettext_lazy as _

from norec.models import AuditEvent

_ACTION_LABELS = {
    "user.invited": _("Invited to Norec Exchange"),
    "user.invitation_accepted": _("Accepted the invitation"),
    "user.created": _("Account created in the administration"),
    "user.changed": _("Account changed in the administration"),
    "organisation.created": _("Organisation created in the administration"),
    "organisation.changed": _("Organisation changed in the administration"),
}


def register_actions(labels: dict) -> None:
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(_ACTION_LABELS.get(action, action))


def record_event(
    subject,
    *,
    action: str,
    by=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditEvent:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        subject=subject,
        action=action,
        actor=actor,
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment,
        data=data or {},
    )


def events_for(subject):
    return AuditEvent.objects.for_subject(subject)
