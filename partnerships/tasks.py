from celery import shared_task

from partnerships.notifications import notify_case_event


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_case_event_task(event_id: int) -> int:
    return len(notify_case_event(event_id))
