"""Jobs go through a real Redis broker to a real Celery worker."""

import time

import pytest
from celery.backends.redis import RedisBackend
from django.core import mail

from norec.celery import app as celery_app
from norec.core.invitations import invite_user
from norec.core.models import OutboxMessage, OutboxState
from norec.core.outbox import send_outbox_message
from norec.core.tasks import send_outbox_message_task
from tests.factories import AdviserFactory, UserFactory


def invitee_without_password():
    user = UserFactory(verified_email=False)
    user.set_unusable_password()
    user.save()
    return user


def result_of(async_result, settings, seconds=20):
    """Wait on a task's result, read from the Redis result backend the worker fixture configures
    (this thread's app may have cached the disabled backend of an earlier test)."""
    backend = RedisBackend(app=celery_app, url=settings.REDIS_URL)
    return celery_app.AsyncResult(async_result.id, backend=backend).get(timeout=seconds)


def wait_until_sent(message, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.state == OutboxState.SENT:
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not send the email in time")


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_by_the_worker_once_even_if_queued_twice(redis_worker, settings):
    invitee = invitee_without_password()
    invite_user(invitee, by=AdviserFactory())  # autocommit: on_commit queues the task at once
    message = OutboxMessage.objects.get(recipient=invitee)
    # A duplicate delivery, as after a broker redelivery. The solo worker runs its queue in order, so
    # once the duplicate has answered, the first delivery has run too.
    duplicate = send_outbox_message_task.apply_async((message.pk,), ignore_result=False)
    assert result_of(duplicate, settings) is False  # the duplicate found the email sent and sent nothing
    wait_until_sent(message)
    assert [message.to for message in mail.outbox] == [[invitee.email]]


@pytest.mark.django_db
def test_sending_is_idempotent():
    invite_user(invitee_without_password(), by=AdviserFactory())
    message = OutboxMessage.objects.get()
    assert send_outbox_message(message.pk) is True
    assert send_outbox_message(message.pk) is False
    assert len(mail.outbox) == 1


def test_every_periodic_task_is_registered():
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks
