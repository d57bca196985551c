import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "norec.settings")

app = Celery("norec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task of the service, in one place.
app.conf.beat_schedule = {
    # The outbox: whatever could not be handed to a worker at once (broker down) or failed and is
    # due for another try. Sending locks each row, so an overlapping run sends nothing twice.
    "send-due-emails": {
        "task": "norec.core.tasks.send_due_emails_task",
        "schedule": 60.0,
    },
    "clear-expired-sessions": {
        "task": "norec.core.tasks.clear_expired_sessions_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Uploads that no row refers to any more (norec/core/stored_files.py): reported, not deleted.
    "report-orphaned-uploads": {
        "task": "norec.core.tasks.report_orphaned_uploads_task",
        "schedule": crontab(hour=3, minute=45),
    },
}
