"""A partnership case at each step of its life, built through the services as users build it
(tests/factories.py `make_case`).

Bergen Health Trust (Norway, coordinating; contact Chris) and Kampala Youth Network (Uganda;
contact Olga) are the partners; Ada is their adviser. `case_in("exchange")` makes their case in
any phase; the fixtures below are the phases most tests start from."""

import pytest

from tests.factories import (  # noqa: F401  (re-exported: tests import these helpers from here)
    PDF_BYTES,
    ROUNDS,
    complete_pre_study,
    fill_application,
    make_case,
    participant_on_record,
    pdf_upload,
    reload,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case_in(adviser, organisation, other_organisation):
    """`case_in(phase, **options)`: Ada's case of Bergen and Kampala in that phase (see make_case)."""

    def build(phase: str, **options):
        return make_case(phase, adviser=adviser, organisations=[organisation, other_organisation], **options)

    return build


@pytest.fixture
def case(case_in):
    return case_in("pre_study")


@pytest.fixture
def ready_case(case_in):
    """Pre-study complete: representatives of both organisations and the partner meeting with minutes."""
    return case_in("pre_study_done")


@pytest.fixture
def application(case_in):
    return case_in("application_started").application


@pytest.fixture
def filled_application(case_in):
    return case_in("application_draft").application


@pytest.fixture
def submitted_application(case_in):
    return case_in("application_submitted").application


@pytest.fixture
def agreement(case_in):
    return case_in("approved_awaiting_signatures").agreement


@pytest.fixture
def exchange_case(case_in):
    return case_in("exchange")


@pytest.fixture
def follow_up_case(case_in):
    return case_in("follow_up")


@pytest.fixture
def submitted_report(case_in):
    return case_in("follow_up_report_submitted").final_reports.get()


def make_full_case(adviser, organisations):
    """Something behind every download URL: minutes, a signed copy (Bergen's), a final report to decide."""
    return make_case(
        "follow_up_report_submitted",
        adviser=adviser,
        organisations=organisations,
        signed_copy=True,
        with_participant=True,
    )


@pytest.fixture
def full_case(adviser, organisation, other_organisation):
    return make_full_case(adviser, [organisation, other_organisation])
