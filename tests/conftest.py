"""Fixtures per role: an adviser, the organisation's own contact, a contact of another
organisation, a participant, and nobody. Views are tested against all of them."""

import pytest
from django.core.cache import cache

from tests.factories import AdviserFactory, OrganisationFactory, ParticipantFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache.
    cache.clear()
    yield
    cache.clear()


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
def participant(db):
    return ParticipantFactory(full_name="Pat Participant")


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def adviser_client(client, adviser):
    return client_for(client, adviser)


@pytest.fixture
def contact_client(client, contact, organisation):
    return client_for(client, contact)


@pytest.fixture
def other_contact_client(client, other_contact, other_organisation):
    return client_for(client, other_contact)


@pytest.fixture
def participant_client(client, participant):
    return client_for(client, participant)
