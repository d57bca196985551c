"""Emails about audit events, each person at most once per event (the outbox's key says so)."""

from collections.abc import Iterable

from norec.core.models import AuditEvent, User
from norec.core.outbox import queue_email


def email_about_event(
    event: AuditEvent, recipients: Iterable[User], *, template_prefix: str, context: dict
) -> list[User]:
    """Queue an email to every active recipient but the actor, in the caller's transaction; returns
    who was queued (nobody twice for one event, however often this runs)."""
    queued = []
    for recipient in recipients:
        if not recipient.is_active or recipient.pk == event.actor_id:
            continue
        message = queue_email(
            key=f"{template_prefix}:{event.pk}:{recipient.pk}",
            kind=template_prefix,
            to_email=recipient.email,
            template_prefix=template_prefix,
            context={**context, "event": event, "recipient": recipient},
            language=recipient.preferred_language,
            recipient=recipient,
            event=event,
        )
        if message is not None:
            queued.append(recipient)
    return queued
