"""Celery tasks of the core. Each one is thin: it calls a plain, idempotent function."""

from celery import shared_task
from django.core.management import call_command

from norec.core import outbox, stored_files


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
