"""The demo's reminders: the sweeps of last week, as if beat had run them each morning until three
days ago (it has been down since), so every demo person has a reminder history, and an adviser who
runs today's sweep from the administration sees it catch up on the days it missed. One digest is
shown as failed (a mail server refused its address), as advisers see a real failure."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from norec.core.audit import CoreEvent, record_event
from norec.core.models import OutboxMessage, OutboxState
from norec.core.reminders.sweep import run_reminder_sweep

DAYS_OF_HISTORY = 10
BEAT_DOWN_FOR_DAYS = 2
REFUSED = "SMTPRecipientsRefused: {'%s': (550, b'5.1.1 User unknown')}"


def seed_demo_reminders(demo) -> None:
    today = timezone.localdate()
    sweep_log = logging.getLogger("norec.core.reminders.sweep")
    sweep_log.disabled = True  # `make demo` prints a few plain lines, not a line per made-up morning
    try:
        for days_ago in range(DAYS_OF_HISTORY, BEAT_DOWN_FOR_DAYS, -1):
            run_reminder_sweep(today - timedelta(days=days_ago))
    finally:
        sweep_log.disabled = False
    _one_refused_digest()


def _one_refused_digest() -> None:
    """The first digest, as the outbox leaves one its mail server refused every time (the demo sends
    its emails after this transaction, and a failed one is not sent)."""
    message = OutboxMessage.objects.filter(kind="reminders").order_by("created_at", "pk").first()
    if message is None or message.state == OutboxState.FAILED:
        return
    message.state, message.attempts = OutboxState.FAILED, settings.OUTBOX_MAX_ATTEMPTS
    message.last_error = REFUSED % message.to_email
    message.save(update_fields=["state", "attempts", "last_error"])
    record_event(message, action=CoreEvent.EMAIL_FAILED, data={"attempts": message.attempts})
