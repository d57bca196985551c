"""Celery tasks of the core. Each one is thin: it calls a plain, idempotent function."""

from celery import shared_task
from django.core.management import call_command

from norec.core import invitations


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email_task(invitation_id: int) -> bool:
    return invitations.send_invitation_email(invitation_id)


@shared_task
def clear_expired_sessions_task() -> None:
    call_command("clearsessions")
