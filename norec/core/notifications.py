"""Emails about audit events, each person at most once per event, so the task may run twice."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from norec.core.emails import send_templated_email
from norec.core.models import AuditEvent, EventNotification, User


def email_about_event(
    event: AuditEvent, recipients: Iterable[User], *, template_prefix: str, context: dict
) -> list[User]:
    """Email every active recipient who has not been told about `event` yet; returns who was emailed.

    The claim (a unique row) and the sending share a transaction: a failed send leaves no claim,
    so a retry tries again, and a concurrent second run waits for the first and then skips."""
    emailed = []
    for recipient in recipients:
        if not recipient.is_active or recipient.pk == event.actor_id:
            continue
        try:
            with transaction.atomic():
                EventNotification.objects.create(event=event, recipient=recipient)
                send_templated_email(
                    to=recipient.email,
                    template_prefix=template_prefix,
                    context={**context, "event": event, "recipient": recipient},
                    language=recipient.preferred_language,
                )
        except IntegrityError:
            continue  # already told
        emailed.append(recipient)
    return emailed
