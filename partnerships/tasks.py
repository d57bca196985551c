"""Celery tasks of the partnership app. Each one is thin: it calls a plain, idempotent function."""

from celery import shared_task
from django.db import DatabaseError

from partnerships.waiting_state import refresh_waiting


# Nightly (celery beat, norec/celery.py): what a case waits for changes with time alone (an item
# falls overdue at midnight, a round's planned end passes), not only with the changes that refresh it.
@shared_task(autoretry_for=(DatabaseError,), retry_backoff=30, retry_backoff_max=900, max_retries=8)
def refresh_waiting_task() -> int:
    return refresh_waiting()
