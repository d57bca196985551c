"""A partnership case at each step of its life, built through the services as users build it.

Bergen Health Trust (Norway, coordinating; contact Chris) and Kampala Youth Network (Uganda;
contact Olga) are the partners; Ada is their adviser."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships import services
from partnerships.models import Partnership
from partnerships.services import PlannedRoundData
from tests.factories import AdviserFactory, OrganisationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "document.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def reload(case: Partnership) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


ROUNDS = [
    PlannedRoundData("north_south", 2, date(2027, 1, 10), date(2027, 12, 20), Decimal("400000.00")),
    PlannedRoundData("south_north", 2, date(2027, 8, 1), date(2028, 7, 31), Decimal("450000.00")),
]


def fill_application(application, *, by, **changes):
    """Save a complete draft: goals for both organisations, two rounds, a matching budget."""
    content = {
        "common_goals": "Better care for young patients in both hospitals.",
        "cooperation": "Monthly video meetings; the coordinators visit each other once a year.",
        "budget_total": Decimal("850000.00"),
        "organisation_goals": {
            goal.organisation_id: f"Goals of {goal.organisation.name}" for goal in application.organisation_goals.all()
        },
        "rounds": ROUNDS,
        "expected_version": application.version,
    }
    return services.save_application_draft(application, **{**content, **changes}, by=by)


def complete_pre_study(case, *, by):
    for organisation in case.organisations.all():
        services.add_seminar_representative(
            case,
            organisation=organisation,
            full_name=f"Rep of {organisation.name}",
            seminar_date=date(2026, 3, 2),
            by=by,
        )
    services.record_partner_meeting(
        case,
        date=date(2026, 4, 15),
        place="Kampala",
        participants="Chris Contact, Olga Other",
        minutes=pdf_upload("minutes.pdf"),
        by=by,
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_adviser(db):
    return AdviserFactory(full_name="Otto Otheradviser")


@pytest.fixture
def outsider_contact(db):
    """A partner contact of an organisation that is not in the case."""
    contact = UserFactory(full_name="Una Unrelated")
    OrganisationFactory(name="Lusaka Teachers' Union", country="ZM", contacts=[contact])
    return contact


@pytest.fixture
def case(adviser, organisation, other_organisation):
    return services.create_partnership(
        name="Young nurses exchange",
        organisations=[organisation, other_organisation],
        coordinating=organisation,
        adviser=adviser,
        by=adviser,
    )


@pytest.fixture
def ready_case(case, adviser):
    """Pre-study complete: representatives of both organisations and the partner meeting with minutes."""
    complete_pre_study(case, by=adviser)
    return reload(case)


@pytest.fixture
def application(ready_case, contact):
    return services.start_application(ready_case, by=contact)


@pytest.fixture
def filled_application(application, contact):
    return fill_application(application, by=contact)


@pytest.fixture
def submitted_application(filled_application, contact):
    return services.submit_application(filled_application, by=contact)


@pytest.fixture
def agreement(submitted_application, adviser):
    return services.approve_application(submitted_application, by=adviser)


@pytest.fixture
def exchange_case(agreement, organisation, other_organisation, contact, other_contact):
    services.sign_agreement(agreement, organisation=organisation, by=contact)
    services.sign_agreement(agreement, organisation=other_organisation, by=other_contact)
    return reload(agreement.partnership)


@pytest.fixture
def follow_up_case(exchange_case, adviser):
    for exchange_round in exchange_case.agreement.rounds.all():
        services.mark_exchange_done(exchange_case, round_number=exchange_round.number, by=adviser)
    return reload(exchange_case)


@pytest.fixture
def submitted_report(follow_up_case, contact):
    return services.submit_final_report(
        follow_up_case, text="What we learnt.", attachment=pdf_upload("final-report.pdf"), by=contact
    )
