"""Signing the collaboration agreement, the exchange rounds, and the final follow-up report."""

import re

import pytest
from django.core.exceptions import ValidationError

from norec.core.audit import events_for
from partnerships import services
from partnerships.models import FinalReportStatus, Phase, SignatureMethod
from partnerships.permissions import CaseAction, refusal_reasons, transition_refusal_reasons
from partnerships.services import TransitionRefused
from tests.partnerships.conftest import pdf_upload, reload

# --- Signing ---


def test_each_organisation_signs_and_the_last_signature_starts_the_exchange(
    agreement, organisation, other_organisation, contact, other_contact
):
    first = services.sign_agreement(agreement, organisation=organisation, by=contact)
    assert (first.method, first.signed_by) == (SignatureMethod.CONFIRMATION, contact)
    assert reload(agreement.partnership).phase == Phase.APPLICATION
    assert transition_refusal_reasons(reload(agreement.partnership), "start_exchange", contact) == [
        "Kampala Youth Network has not signed the collaboration agreement."
    ]

    services.sign_agreement(agreement, organisation=other_organisation, by=other_contact)
    case = reload(agreement.partnership)
    assert case.phase == Phase.EXCHANGE
    assert [(e.action, e.actor, e.comment, e.from_state, e.to_state) for e in events_for(case)[:3]] == [
        ("case.exchange_started", other_contact, "", "application", "exchange"),
        ("agreement.signed", other_contact, "Kampala Youth Network", "", ""),
        ("agreement.signed", contact, "Bergen Health Trust", "", ""),
    ]


def test_contact_may_sign_with_an_uploaded_copy(agreement, organisation, contact):
    signature = services.sign_agreement(
        agreement, organisation=organisation, by=contact, signed_copy=pdf_upload("signed.pdf")
    )
    assert signature.method == SignatureMethod.UPLOAD
    assert re.fullmatch(rf"cases/{agreement.partnership_id}/signatures/[0-9a-f]{{32}}\.pdf", signature.signed_copy.name)
    assert events_for(agreement.partnership).first().comment == "Bergen Health Trust: signed.pdf"


def test_adviser_registers_a_signed_copy_but_cannot_confirm(agreement, other_organisation, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.sign_agreement(agreement, organisation=other_organisation, by=adviser)
    assert refusal.value.reasons == [
        "A programme adviser can only register a signed copy for an organisation: upload it."
    ]
    signature = services.sign_agreement(
        agreement, organisation=other_organisation, by=adviser, signed_copy=pdf_upload("scan.pdf")
    )
    assert signature.method == SignatureMethod.UPLOAD


def test_contact_signs_only_for_own_organisation(agreement, organisation, other_contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.sign_agreement(agreement, organisation=organisation, by=other_contact)
    assert refusal.value.reasons == ["Only the partner contacts of Bergen Health Trust may sign for it."]


def test_outsiders_cannot_sign(agreement, organisation, outsider_contact, participant, other_adviser):
    for user in (outsider_contact, participant, other_adviser):
        with pytest.raises(TransitionRefused) as refusal:
            services.sign_agreement(agreement, organisation=organisation, by=user, signed_copy=pdf_upload())
        assert refusal.value.reasons == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]


def test_an_organisation_signs_once(agreement, organisation, contact):
    services.sign_agreement(agreement, organisation=organisation, by=contact)
    with pytest.raises(TransitionRefused) as refusal:
        services.sign_agreement(agreement, organisation=organisation, by=contact)
    assert refusal.value.reasons == ["Bergen Health Trust has already signed the agreement."]


def test_nothing_to_sign_before_approval(submitted_application, contact):
    assert refusal_reasons(submitted_application.partnership, CaseAction.SIGN_AGREEMENT, contact) == [
        "There is no collaboration agreement to sign yet."
    ]


def test_no_signing_once_the_case_is_ended(agreement, organisation, adviser, contact):
    services.terminate(agreement.partnership, reason="Partner closed down.", by=adviser)
    with pytest.raises(TransitionRefused) as refusal:
        # A page shown after the end (a stale one is told to reload: test_concurrency.py).
        services.sign_agreement(reload(agreement.partnership).agreement, organisation=organisation, by=contact)
    assert refusal.value.reasons == [
        "“Sign the agreement” is not possible while the case is in the “Terminated” phase."
    ]


def test_signed_copy_must_be_a_real_document(agreement, organisation, contact):
    with pytest.raises(ValidationError):
        services.sign_agreement(
            agreement, organisation=organisation, by=contact, signed_copy=pdf_upload("signed.pdf", b"not a pdf")
        )
    assert not agreement.signatures.exists()


# --- Exchange → follow-up ---
# Marking rounds done is the exchanges app's (tests/exchanges); the case only asks its exchange gates.


def test_the_follow_up_waits_for_every_round(exchange_case, adviser):
    assert transition_refusal_reasons(exchange_case, "start_follow_up", adviser) == [
        "The exchange of round 1 has not been marked done.",
        "The exchange of round 2 has not been marked done.",
    ]
    with pytest.raises(TransitionRefused) as refusal:
        services.start_follow_up(exchange_case, by=adviser)
    assert refusal.value.reasons == [
        "The exchange of round 1 has not been marked done.",
        "The exchange of round 2 has not been marked done.",
    ]
    assert reload(exchange_case).phase == Phase.EXCHANGE


def test_the_agreement_keeps_its_period_from_the_planned_rounds(agreement):
    planned = list(agreement.application.rounds.all())
    assert (agreement.period_start, agreement.period_end) == (
        min(r.planned_start for r in planned),
        max(r.planned_end for r in planned),
    )


def test_the_follow_up_starts_when_every_round_is_done(follow_up_case):
    assert follow_up_case.phase == Phase.FOLLOW_UP
    assert [(e.action, e.from_state, e.to_state) for e in events_for(follow_up_case)[:1]] == [
        ("case.follow_up_started", "exchange", "follow_up")
    ]


def test_only_the_adviser_starts_the_follow_up(exchange_case, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.start_follow_up(exchange_case, by=contact)
    assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]


# --- Final report → completed ---


def test_final_report_accepted_completes_the_case(submitted_report, adviser, contact):
    assert submitted_report.submitted_by == contact
    report = services.accept_final_report(submitted_report.partnership, comment="Thank you.", by=adviser)
    assert report.status == FinalReportStatus.ACCEPTED
    case = reload(report.partnership)
    assert case.phase == Phase.COMPLETED
    assert [(e.action, e.from_state, e.to_state) for e in events_for(case)[:5]] == [
        ("round.closed", "reported", "closed"),  # completing the case closes its reported rounds
        ("round.closed", "reported", "closed"),
        ("case.completed", "follow_up", "completed"),
        ("final_report.accepted", "", ""),
        ("final_report.submitted", "", ""),
    ]


def test_returned_report_is_replaced_by_a_new_one(submitted_report, adviser, contact):
    case = submitted_report.partnership
    returned = services.return_final_report(case, comment="Add the budget follow-up.", by=adviser)
    assert (returned.status, returned.adviser_comment) == (FinalReportStatus.RETURNED, "Add the budget follow-up.")
    assert transition_refusal_reasons(reload(case), "complete", adviser) == [
        "The final follow-up report has not been accepted."
    ]
    services.submit_final_report(case, text="Now with budget.", attachment=pdf_upload("v2.pdf"), by=contact)
    assert case.final_reports.count() == 2


def test_final_report_needs_text_and_a_valid_attachment(follow_up_case, contact):
    with pytest.raises(ValidationError) as error:
        services.submit_final_report(follow_up_case, text="", attachment=pdf_upload(), by=contact)
    assert error.value.messages == ["Write the final report."]
    with pytest.raises(ValidationError) as error:
        services.submit_final_report(follow_up_case, text="Report", attachment=None, by=contact)
    assert error.value.messages == ["Attach the final report document."]


def test_final_report_is_submitted_by_contacts_once(submitted_report, adviser, contact):
    case = submitted_report.partnership
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_final_report(case, text="Again", attachment=pdf_upload(), by=contact)
    assert refusal.value.reasons == ["A final report is already waiting for the adviser's decision."]
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_final_report(case, text="Mine", attachment=pdf_upload(), by=adviser)
    assert refusal.value.reasons == ["Only the partner contacts of this partnership may do this."]


def test_final_report_only_in_follow_up(exchange_case, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_final_report(exchange_case, text="Early", attachment=pdf_upload(), by=contact)
    assert refusal.value.reasons == [
        "“Submit the final report” is not possible while the case is in the “Exchange” phase."
    ]


def test_only_the_adviser_decides_on_the_report(submitted_report, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.accept_final_report(submitted_report.partnership, by=contact)
    assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]
    with pytest.raises(TransitionRefused) as refusal:
        services.return_final_report(submitted_report.partnership, comment="x", by=contact)
    assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]


def test_no_decision_without_a_submitted_report(follow_up_case, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.accept_final_report(follow_up_case, by=adviser)
    assert refusal.value.reasons == ["There is no submitted final report to decide on."]
