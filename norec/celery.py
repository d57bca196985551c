import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "norec.settings")

app = Celery("norec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The daily reminders go out at this hour of TIME_ZONE (Europe/Oslo): the same wall-clock hour in
# summer and winter, since beat reads crontabs in the app's time zone (CELERY_TIMEZONE).
# (Read here, not from the settings: this module is imported while the settings load.)
REMINDER_HOUR = int(os.environ.get("REMINDER_HOUR", "7"))

# Every periodic task of the service, in one place.
app.conf.beat_schedule = {
    # The outbox: whatever could not be handed to a worker at once (broker down) or failed and is
    # due for another try. Sending locks each row, so an overlapping run sends nothing twice.
    "send-due-emails": {
        "task": "norec.core.tasks.send_due_emails_task",
        "schedule": 60.0,
    },
    # Deadline reminders: one digest per person (norec/core/reminders). If beat was down, the next
    # sweep answers for the days it missed.
    "send-daily-reminders": {
        "task": "norec.core.tasks.send_reminders_task",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    # What each open case waits for, kept on the case (partnerships/waiting_state.py), is refreshed
    # with every change; time passing (an item falling overdue at midnight) is caught up here.
    "refresh-waiting": {
        "task": "partnerships.tasks.refresh_waiting_task",
        "schedule": crontab(hour=0, minute=5),
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
