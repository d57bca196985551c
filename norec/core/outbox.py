"""The email outbox: every email is a row written in the same transaction as the change it is
about, and is sent from that row, never from memory.

After the commit a Celery task sends the row at once; if the broker is down, queueing the task is
skipped (the person's request never fails for it) and the beat task (`send_due_messages`, every
minute) sends every row still pending whose time has come. Sending claims the row under
`select_for_update(skip_locked=True)` and marks it sent in the same transaction, so a redelivered
task or a concurrent run finds it sent or claimed and does nothing. A failure of any kind (the
mail server, the database) is written on the row and retried with exponential backoff; after
MAX_ATTEMPTS the row is failed, which advisers see in the admin and can send again.

Delivery is at least once, not exactly once: if the mail server accepted the email and the database
then failed before the row was marked sent, the email goes again on the next try. Without a
transaction spanning SMTP and PostgreSQL, no design can do better; a repeat is the lesser harm."""

import logging
import smtplib
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from norec.core.audit import CoreEvent, record_event
from norec.core.breaker import breaker_for
from norec.core.emails import RenderedEmail, render_templated_email, send_email
from norec.core.models import AuditEvent, OutboxMessage, OutboxState, User

logger = logging.getLogger(__name__)

# The defaults of settings.OUTBOX_MAX_ATTEMPTS and OUTBOX_FIRST_RETRY_SECONDS: a first retry after a
# minute, then 2, 4, 8 … minutes, the eighth try about two hours after the first.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
DUE_BATCH = 200
SEND_DUE_FOR_SECONDS = 50  # less than the minute between two beat runs


def queue_email(
    *,
    key: str,
    kind: str,
    to_email: str,
    template_prefix: str,
    context: dict,
    language: str,
    recipient: User | None = None,
    event: AuditEvent | None = None,
) -> OutboxMessage | None:
    """Write the email's row in the caller's transaction (once per `key`) and send it after the
    commit. Returns the new row, or None if this key was queued before."""
    rendered = render_templated_email(template_prefix=template_prefix, context=context, language=language)
    return queue_rendered_email(
        key=key, kind=kind, to_email=to_email, rendered=rendered, language=language, recipient=recipient, event=event
    )


def queue_rendered_email(
    *,
    key: str,
    kind: str,
    to_email: str,
    rendered: RenderedEmail,
    language: str,
    recipient: User | None = None,
    event: AuditEvent | None = None,
) -> OutboxMessage | None:
    """queue_email for an email rendered elsewhere (allauth renders its own: norec/core/adapters.py)."""
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to_email": to_email,
            "language": language,
            "subject": rendered.subject[:300],
            "body": rendered.body,
            "html_body": rendered.html_body,
            "recipient": recipient,
            "event": event,
        },
    )
    if not created:
        return None
    transaction.on_commit(partial(send_soon, message.pk))
    return message


def send_soon(message_id: int) -> None:
    """Hand the row to a worker. With the broker down this only logs: the row stays pending and the
    beat task sends it when it runs, so the person's request still succeeds."""
    from norec.core.tasks import send_outbox_message_task

    _hand_to_worker(send_outbox_message_task, (message_id,), what=f"email {message_id}")


def send_all_due_soon() -> None:
    """After many rows were written at once (a reminder sweep): one task sends every due row,
    rather than one task per row."""
    from norec.core.tasks import send_due_emails_task

    _hand_to_worker(send_due_emails_task, (), what="the due emails")


def _hand_to_worker(task, arguments: tuple, *, what: str) -> None:
    app = task.app
    if app.conf.task_always_eager:  # the demo: sent in-process, without a producer (nor kombu's warnings)
        task.apply(arguments)
        return
    breaker = breaker_for(app.conf.broker_url)
    if breaker.is_open:  # the broker failed a moment ago: don't wait for it again
        logger.info("outbox: broker unavailable, %s wait for the periodic task", what)
        return
    try:
        # One try, briefly: kombu's default is to retry connecting for seconds, which would keep the
        # person waiting on a down broker, while the row is safe and the beat task will send it.
        timeout = settings.REDIS_TIMEOUT_SECONDS
        options = {"max_retries": 0, "socket_connect_timeout": timeout, "socket_timeout": timeout}
        with app.connection_for_write(connect_timeout=timeout, transport_options=options) as broker:
            task.apply_async(arguments, retry=False, connection=broker)
    except Exception as error:  # any broker error (kombu, redis, socket): never the person's problem
        breaker.failed(error)
        logger.warning("outbox: could not queue %s; the periodic task will send it", what, exc_info=True)
    else:
        breaker.succeeded()


def send_outbox_message(message_id: int) -> bool:
    """Send one pending, due email and mark it sent; True if this call sent it. Safe to run twice."""
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, state=OutboxState.PENDING, next_attempt_at__lte=timezone.now())
                .first()
            )
            if message is None:
                return False  # sent, given up, not due yet, or being sent by another worker right now
            send_email(to=message.to_email, subject=message.subject, body=message.body, html_body=message.html_body)
            message.state = OutboxState.SENT
            message.sent_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["state", "sent_at", "attempts"])
    except Exception as error:  # the mail server, or the database itself: retried, never lost
        _record_failure(message_id, error)
        return False
    return True


def is_permanent(error: Exception) -> bool:
    """The mail server refused the address or the message for good (a 5xx answer): trying again
    would fail again. A refused connection or a 4xx answer is worth another try."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _record_failure(message_id: int, error: Exception) -> None:
    if isinstance(error, DatabaseError) and not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()  # a dropped connection: start afresh
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, state=OutboxState.PENDING)
                .first()
            )
            if message is None:
                return
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= getattr(settings, "OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS) or is_permanent(error):
                message.state = OutboxState.FAILED
                record_event(message, action=CoreEvent.EMAIL_FAILED, data={"attempts": message.attempts})
                logger.error("outbox: gave up on email %s after %s attempts: %s", message_id, message.attempts, error)
            else:
                first_retry = timedelta(seconds=getattr(settings, "OUTBOX_FIRST_RETRY_SECONDS", FIRST_RETRY.seconds))
                message.next_attempt_at = timezone.now() + first_retry * 2 ** (message.attempts - 1)
                logger.warning("outbox: email %s failed (attempt %s): %s", message_id, message.attempts, error)
            message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    except DatabaseError:
        # The database is down too: nothing is recorded, the row stays pending and is tried again.
        logger.exception("outbox: could not record the failure of email %s", message_id)


def send_due_messages(*, limit: int = DUE_BATCH, seconds: float = SEND_DUE_FOR_SECONDS) -> int:
    """Send every pending email whose time has come (the beat task, and after a reminder sweep's
    thousand digests), `limit` at a time, for at most `seconds` (the next run goes on); returns how
    many were sent. A batch that sends nothing (the mail server down) ends the run."""
    deadline = time.monotonic() + seconds
    sent = 0
    while True:
        due = list(
            OutboxMessage.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        sent_now = sum(send_outbox_message(pk) for pk in due)
        sent += sent_now
        if len(due) < limit or not sent_now or time.monotonic() > deadline:
            return sent


def retry_failed_messages(messages: QuerySet, *, by: User) -> int:
    """Give failed emails a fresh set of tries, starting now; returns how many."""
    with transaction.atomic():
        failed = list(
            messages.select_for_update(skip_locked=True, of=("self",))
            .filter(state=OutboxState.FAILED)
            .select_related("recipient")
        )
        for message in failed:
            message.state, message.attempts, message.next_attempt_at = OutboxState.PENDING, 0, timezone.now()
            if message.recipient is not None:  # to the address the person has now (it may have been corrected)
                message.to_email = message.recipient.email
            message.save(update_fields=["state", "attempts", "next_attempt_at", "to_email"])
            record_event(message, action=CoreEvent.EMAIL_RETRIED, by=by)
            transaction.on_commit(partial(send_soon, message.pk))
    return len(failed)
