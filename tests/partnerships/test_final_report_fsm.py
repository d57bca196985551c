"""The final report's status is a state machine: only a submitted report is decided, only by the
case's adviser, only during the follow-up; the services take its transitions under the case lock."""

import pytest
from django_fsm import TransitionNotAllowed

from partnerships import services
from partnerships.models import FinalReportStatus, FollowUpReport
from partnerships.permissions import CaseAction, refusal_reasons, transition_refusal_reasons
from partnerships.services import TransitionRefused
from tests.partnerships.conftest import pdf_upload, reload


def test_the_status_cannot_be_set_by_hand(submitted_report):
    with pytest.raises(AttributeError):
        submitted_report.status = FinalReportStatus.ACCEPTED


def test_a_decided_report_cannot_be_decided_again(submitted_report, adviser):
    case = submitted_report.partnership
    returned = services.return_final_report(case, comment="Add the budget.", by=adviser)
    assert returned.status == FinalReportStatus.RETURNED
    report = FollowUpReport.objects.get(pk=returned.pk)
    assert transition_refusal_reasons(report, "accept", adviser) == [
        "“Accept the final report” is not possible while the final report is “Returned for revision”."
    ]
    with pytest.raises(TransitionNotAllowed):
        report.accept()  # django-fsm itself refuses, whoever calls


def test_the_transitions_declare_the_adviser(submitted_report, adviser, contact, outsider_contact):
    report = FollowUpReport.objects.get(pk=submitted_report.pk)
    assert transition_refusal_reasons(report, "accept", adviser) == []
    assert transition_refusal_reasons(report, "return_for_revision", contact) == [
        "Only the partnership's programme adviser may do this."
    ]
    assert transition_refusal_reasons(report, "accept", outsider_contact) == [
        "Only the partnership's programme adviser may do this."
    ]


def test_a_report_of_an_ended_case_is_not_decided(submitted_report, adviser):
    case = services.terminate(submitted_report.partnership, reason="Funding stopped.", by=adviser)
    # The submitted report is still there: its transition's condition says why.
    assert refusal_reasons(case, CaseAction.ACCEPT_FINAL_REPORT, adviser) == [
        "The partnership is no longer in the follow-up phase (it is terminated)."
    ]
    report = FollowUpReport.objects.select_related("partnership").get(pk=submitted_report.pk)
    assert transition_refusal_reasons(report, "accept", adviser) == [
        "The partnership is no longer in the follow-up phase (it is terminated)."
    ]
    with pytest.raises(TransitionRefused):
        services.accept_final_report(case, by=adviser)
    assert FollowUpReport.objects.get(pk=report.pk).status == FinalReportStatus.SUBMITTED


def test_accepting_keeps_the_comment_and_completes(submitted_report, adviser):
    case = reload(submitted_report.partnership)
    report = services.accept_final_report(case, comment="  Thank you. ", expected_revision=case.revision, by=adviser)
    stored = FollowUpReport.objects.get(pk=report.pk)
    assert (stored.status, stored.adviser_comment, stored.decided_at is not None) == (
        FinalReportStatus.ACCEPTED,
        "Thank you.",
        True,
    )


def test_a_stale_page_is_refused_and_changes_nothing(submitted_report, adviser, contact):
    case = reload(submitted_report.partnership)
    stale_revision = case.revision - 1
    for act in (
        lambda: services.accept_final_report(case, expected_revision=stale_revision, by=adviser),
        lambda: services.return_final_report(case, comment="More.", expected_revision=stale_revision, by=adviser),
        lambda: services.add_comment(case, text="Hello", expected_revision=stale_revision, by=contact),
        lambda: services.terminate(case, reason="Stop.", expected_revision=stale_revision, by=adviser),
    ):
        with pytest.raises(TransitionRefused) as refusal:
            act()
        assert refusal.value.reasons == [
            "Someone else changed this case while you were working on it (it is now in the “Follow-up” phase). "
            "Reload the page to see the change, then try again."
        ]
    assert FollowUpReport.objects.get(pk=submitted_report.pk).status == FinalReportStatus.SUBMITTED
    assert reload(case).revision == case.revision


def test_a_new_report_after_a_return(submitted_report, adviser, contact):
    case = submitted_report.partnership
    services.return_final_report(case, comment="Add the budget.", by=adviser)
    second = services.submit_final_report(case, text="With budget.", attachment=pdf_upload("v2.pdf"), by=contact)
    assert second.status == FinalReportStatus.SUBMITTED
