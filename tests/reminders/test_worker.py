"""The daily sweep through a real Redis broker to a real Celery worker process (started by the
test, as `celery worker` runs in production): its emails land in the outbox exactly once when the
task is delivered twice and when the worker is killed mid-task; a failing send is retried with
backoff and then recorded as failed, for advisers to see."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from celery.backends.redis import RedisBackend
from django.db import connection
from django.utils import timezone

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from norec.celery import app as celery_app
from norec.core.models import AuditEvent, OutboxMessage, OutboxState, Reminder, ReminderSweep
from norec.core.tasks import send_due_emails_task, send_reminders_task
from tests.reminders.conftest import Responsible, another_item, days, only_item

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


class Worker:
    """`celery -A norec worker` in a process of its own, on a queue of this test's own."""

    def __init__(self, redis_url: str, queue: str, log: Path, **environment: str):
        self.redis_url, self.queue, self.log = redis_url, queue, log
        self.environment = environment
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": self.redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "WORKER_QUEUE": self.queue,
            "WORKER_RESULT_BACKEND": self.redis_url,
            **self.environment,
        }
        command = [sys.executable, "-m", "celery", "-A", "norec", "worker", "--pool=solo", "-Q", self.queue]
        command += ["--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "info"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, as when a machine dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker(settings):
    """The app pointed at Redis (as in production) while the test publishes tasks; restored after."""
    keys = ("task_always_eager", "broker_url", "result_backend", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    celery_app.conf.update(saved)


@pytest.fixture
def workers(settings, tmp_path, broker):
    """`workers(**environment)` starts a worker on this test's queue; all are stopped at the end."""
    queue = f"test-reminders-{uuid.uuid4().hex}"
    started: list[Worker] = []

    def start(**environment: str) -> Worker:
        worker = Worker(settings.REDIS_URL, queue, tmp_path / "worker.log", **environment).start()
        started.append(worker)
        return worker

    start.queue = queue
    start.log = tmp_path / "worker.log"
    yield start
    for worker in started:
        worker.stop()


def result(async_result, settings, seconds=60):
    backend = RedisBackend(app=celery_app, url=settings.REDIS_URL)
    return celery_app.AsyncResult(async_result.id, backend=backend).get(timeout=seconds)


def wait_for(condition, *, seconds=60, what="the worker"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(autouse=True)
def _programme_checklist(transactional_db):
    """A transactional test's database is flushed after it, migrated data too: the checklist back."""
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)


@pytest.fixture
def reminders_due(_programme_checklist, amina, today):
    """Amina has two reminders today (one item due in 3 days, one overdue since yesterday), and so
    her digest holds both."""
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3), title="Apply for a visa")
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1), title="Send the passport copy")
    return amina


def digests_by_person() -> dict[str, int]:
    found: dict[str, int] = {}
    for email in OutboxMessage.objects.filter(kind="reminders").values_list("to_email", flat=True):
        found[email] = found.get(email, 0) + 1
    return found


def test_a_sweep_delivered_twice_emails_each_person_once(reminders_due, workers, settings):
    workers()
    first = send_reminders_task.apply_async(queue=workers.queue, ignore_result=False)
    second = send_reminders_task.apply_async(
        queue=workers.queue, ignore_result=False
    )  # as a redelivery, or a second beat
    assert result(first, settings) >= 1
    assert result(second, settings) == 0  # it found the day's digests written
    wait_for(lambda: not OutboxMessage.objects.filter(state=OutboxState.PENDING).exists(), what="the emails")
    assert digests_by_person()["amina@example.org"] == 1
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert Reminder.objects.filter(recipient=reminders_due.user).count() == 2


def test_a_worker_killed_mid_sweep_leaves_it_to_another_which_emails_each_person_once(reminders_due, workers, settings):
    today = timezone.localdate()
    ReminderSweep.objects.create(day=today, since=today - days(1))
    database = connection.settings_dict
    # Another session holds the day's row: the worker's sweep claims it and waits there, mid-task.
    holder = psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"]
    )
    try:
        holder.execute("SELECT 1 FROM norec_remindersweep WHERE day = %s FOR UPDATE", (today,))
        first = workers(CELERY_VISIBILITY_TIMEOUT_SECONDS="3")
        send_reminders_task.apply_async(queue=workers.queue, ignore_result=False)

        def sweep_waits() -> bool:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                return cursor.fetchone()[0] > 0

        wait_for(sweep_waits, what="the sweep to start")
        first.kill()
    finally:
        holder.rollback()
        holder.close()
    assert not OutboxMessage.objects.filter(kind="reminders").exists()  # the killed sweep wrote nothing
    time.sleep(4)  # past the visibility timeout: Redis hands the unacknowledged task to the next worker
    workers(CELERY_VISIBILITY_TIMEOUT_SECONDS="3")
    wait_for(
        lambda: OutboxMessage.objects.filter(to_email="amina@example.org", state=OutboxState.SENT).exists(),
        what="the redelivered sweep",
    )
    assert digests_by_person()["amina@example.org"] == 1
    assert ReminderSweep.objects.get(day=today).finished_at is not None


def test_a_failing_send_is_retried_with_backoff_then_recorded_as_failed(
    reminders_due, workers, settings, adviser_client
):
    workers(
        WORKER_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        WORKER_EMAIL_PORT=str(closed_port()),  # the mail server is down: worth another try, later
        OUTBOX_MAX_ATTEMPTS="3",
        OUTBOX_FIRST_RETRY_SECONDS="1",
    )
    result(send_reminders_task.apply_async(queue=workers.queue, ignore_result=False), settings)
    digest = OutboxMessage.objects.get(to_email="amina@example.org")
    wait_for(lambda: OutboxMessage.objects.get(pk=digest.pk).attempts >= 1, what="the first try")
    next_tries = [OutboxMessage.objects.get(pk=digest.pk).next_attempt_at]
    while OutboxMessage.objects.get(pk=digest.pk).state == OutboxState.PENDING:
        time.sleep(max(0.0, (next_tries[-1] - timezone.now()).total_seconds()) + 0.1)
        result(send_due_emails_task.apply_async(queue=workers.queue, ignore_result=False), settings)  # beat's task
        next_tries.append(OutboxMessage.objects.get(pk=digest.pk).next_attempt_at)
    digest.refresh_from_db()
    assert (digest.state, digest.attempts) == (OutboxState.FAILED, 3)
    # The second wait (2 s) is twice the first (1 s): the retries back off.
    assert (next_tries[1] - next_tries[0]).total_seconds() >= 2
    assert "Connection refused" in digest.last_error or "ConnectionRefused" in digest.last_error
    assert AuditEvent.objects.for_subject(digest).filter(action="email.failed").exists()
    page = adviser_client.get("/reminders/sent/?email=failed").content.decode()
    assert "1 reminder email could not be sent." in page
    assert "Apply for a visa" in page
