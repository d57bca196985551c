"""The people of tests/conftest.py and `full_case` (tests/partnerships/conftest.py), built once for
a module's few hundred tests instead of once per test; each test changes them only inside its own
savepoint (tests/shared_data.py). A module imports all of these fixtures to use them: each takes
the name of the fixture it stands in for."""

import pytest
from django.test import override_settings

from norec.core.models import User
from partnerships.models import PartnerOrganisation, Partnership
from tests.factories import AdviserFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tests.partnerships.conftest import make_full_case
from tests.shared_data import built_once


@pytest.fixture(scope="module", name="media")
def shared_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True, name="_media_in_tmp")
def shared_media_in_tmp(settings, media):
    settings.MEDIA_ROOT = media  # where the shared case's files are


@pytest.fixture(scope="module", name="built")
def shared_build(django_db_setup, django_db_blocker, media):
    """The primary keys of what tests/conftest.py's people fixtures and full_case would make."""
    with built_once(django_db_blocker), override_settings(MEDIA_ROOT=media):
        contact, other_contact = UserFactory(full_name="Chris Contact"), UserFactory(full_name="Olga Other")
        organisation = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[contact])
        other = OrganisationFactory(name="Kampala Youth Network", country="UG", contacts=[other_contact])
        outsider = UserFactory(full_name="Una Unrelated")
        OrganisationFactory(name="Lusaka Teachers' Union", country="ZM", contacts=[outsider])
        adviser = AdviserFactory(full_name="Ada Adviser")
        case = make_full_case(adviser, [organisation, other])
        yield {
            "adviser": adviser.pk,
            "other_adviser": AdviserFactory(full_name="Otto Otheradviser").pk,
            "contact": contact.pk,
            "other_contact": other_contact.pk,
            "outsider_contact": outsider.pk,
            "participant": ParticipantFactory(full_name="Pat Participant").pk,
            "organisation": organisation.pk,
            "other_organisation": other.pk,
            "case": case.pk,
        }


@pytest.fixture(name="full_case")
def shared_full_case(built, db):
    return Partnership.objects.get(pk=built["case"])


@pytest.fixture(name="adviser")
def shared_adviser(built, db):
    return User.objects.get(pk=built["adviser"])


@pytest.fixture(name="other_adviser")
def shared_other_adviser(built, db):
    return User.objects.get(pk=built["other_adviser"])


@pytest.fixture(name="contact")
def shared_contact(built, db):
    return User.objects.get(pk=built["contact"])


@pytest.fixture(name="other_contact")
def shared_other_contact(built, db):
    return User.objects.get(pk=built["other_contact"])


@pytest.fixture(name="outsider_contact")
def shared_outsider_contact(built, db):
    return User.objects.get(pk=built["outsider_contact"])


@pytest.fixture(name="participant")
def shared_participant(built, db):
    return User.objects.get(pk=built["participant"])


@pytest.fixture(name="organisation")
def shared_organisation(built, db):
    return PartnerOrganisation.objects.get(pk=built["organisation"])


@pytest.fixture(name="other_organisation")
def shared_other_organisation(built, db):
    return PartnerOrganisation.objects.get(pk=built["other_organisation"])
