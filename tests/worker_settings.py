"""Settings of a Celery worker process a test starts (tests/reminders/test_worker.py): the test
settings, with the queue, email backend and retry timing the test gives in the environment."""

import os

from tests.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["WORKER_QUEUE"]
CELERY_RESULT_BACKEND = os.environ["WORKER_RESULT_BACKEND"]
CELERY_TASK_IGNORE_RESULT = False
EMAIL_BACKEND = os.environ.get("WORKER_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("WORKER_EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 2
