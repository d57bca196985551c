"""Fixtures per role, shared by every app (STYLE 10): the adviser (of the cases that
tests/partnerships/conftest.py builds), another adviser, the organisation's own contact (Chris,
Bergen), the contact of the second partner organisation (Olga, Kampala), a contact of an
organisation outside the case (Una, Lusaka), a participant, and nobody. Each has a logged-in
client of its own, so one test can act as several people."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from norec.celery import app as celery_app
from tests.factories import AdviserFactory, OrganisationFactory, ParticipantFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request activates its user's language in this thread (norec.core.middleware) and nothing
    # resets it; each test starts in the default language, whatever the test before it requested.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def adviser(db):
    return AdviserFactory(full_name="Ada Adviser")


@pytest.fixture
def contact(db):
    return UserFactory(full_name="Chris Contact")


@pytest.fixture
def organisation(contact):
    return OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[contact])


@pytest.fixture
def other_contact(db):
    return UserFactory(full_name="Olga Other")


@pytest.fixture
def other_organisation(other_contact):
    return OrganisationFactory(name="Kampala Youth Network", country="UG", contacts=[other_contact])


@pytest.fixture
def other_adviser(db):
    """A programme adviser, but not the adviser of the test's case."""
    return AdviserFactory(full_name="Otto Otheradviser")


@pytest.fixture
def outsider_contact(db):
    """A partner contact of an organisation that is not in the case."""
    contact = UserFactory(full_name="Una Unrelated")
    OrganisationFactory(name="Lusaka Teachers' Union", country="ZM", contacts=[contact])
    return contact


@pytest.fixture
def participant(db):
    return ParticipantFactory(full_name="Pat Participant")


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def adviser_client(adviser):
    return client_for(Client(), adviser)


@pytest.fixture
def other_adviser_client(other_adviser):
    return client_for(Client(), other_adviser)


@pytest.fixture
def contact_client(contact, organisation):
    return client_for(Client(), contact)


@pytest.fixture
def other_contact_client(other_contact, other_organisation):
    return client_for(Client(), other_contact)


@pytest.fixture
def outsider_client(outsider_contact):
    return client_for(Client(), outsider_contact)


@pytest.fixture
def participant_client(participant):
    return client_for(Client(), participant)


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def redis_worker(settings):
    """A worker thread consuming from Redis on a queue of this test's own, so parallel runs don't mix."""
    queue = f"test-{uuid.uuid4().hex}"
    keys = ("task_always_eager", "broker_url", "task_default_queue", "result_backend")
    saved = {key: celery_app.conf[key] for key in keys}
    # Results go to Redis too, so that a test can wait on a task's result instead of sleeping.
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=settings.REDIS_URL,
        task_default_queue=queue,
        result_backend=settings.REDIS_URL,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.update(saved)
