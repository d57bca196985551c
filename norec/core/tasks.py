"""Celery tasks of the core. Each one is thin: it calls a plain, idempotent function."""

from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from norec.core import outbox, stored_files
from norec.core.reminders.sweep import run_reminder_sweep


# No autoretry: a failure is written on the outbox row, which the beat task tries again with backoff.
@shared_task
def send_outbox_message_task(message_id: int) -> bool:
    return outbox.send_outbox_message(message_id)


@shared_task
def send_due_emails_task() -> int:
    return outbox.send_due_messages()


@shared_task
def clear_expired_sessions_task() -> None:
    call_command("clearsessions")


@shared_task
def report_orphaned_uploads_task() -> int:
    """Log the uploads no row refers to (deleting them is for an operator: sweep_uploads --delete)."""
    return len(stored_files.sweep_orphaned_files().orphans)


# The daily sweep (celery beat, norec/celery.py). A database outage retries it with backoff; the sweep
# is one transaction and locks its day, so a retry, a redelivery or a second beat writes nothing twice.
@shared_task(autoretry_for=(DatabaseError,), retry_backoff=30, retry_backoff_max=900, max_retries=8)
def send_reminders_task() -> int:
    return run_reminder_sweep(timezone.localdate()).digests
