"""Jobs go through a real Redis broker to a real Celery worker."""

import time

import pytest
from django.core import mail

from norec.celery import app as celery_app
from norec.core.invitations import invite_user, send_invitation_email
from norec.core.models import Invitation
from norec.core.tasks import send_invitation_email_task
from tests.factories import AdviserFactory, UserFactory


def invitee_without_password():
    user = UserFactory(verified_email=False)
    user.set_unusable_password()
    user.save()
    return user


def wait_until_sent(invitation, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at:
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not send the invitation in time")


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_by_the_worker_once_even_if_queued_twice(redis_worker):
    invitee = invitee_without_password()
    invitation = invite_user(invitee, by=AdviserFactory())  # autocommit: on_commit queues the task at once
    send_invitation_email_task.delay(invitation.pk)  # a duplicate delivery, as after a broker redelivery
    wait_until_sent(invitation)
    time.sleep(0.5)  # give the duplicate time to run
    assert [message.to for message in mail.outbox] == [[invitee.email]]


@pytest.mark.django_db
def test_sending_is_idempotent():
    invitation = Invitation.objects.create(user=invitee_without_password())
    assert send_invitation_email(invitation.pk) is True
    assert send_invitation_email(invitation.pk) is False
    assert len(mail.outbox) == 1


def test_every_periodic_task_is_registered():
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks
