"""The reports after a round (C06 results, C04 accounts): due dates, who submits and decides,
the round reported when both are accepted, and the case's follow-up waiting for every round."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchanges import services
from exchanges.models import BudgetLine, ReportKind, ReportStatus, RoundBudgetLine, RoundState, report_due_on
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from partnerships import services as case_services
from partnerships.permissions import CaseAction, refusal_reasons
from tests.factories import pdf_upload, reload
from tests.partnerships.helpers import messages_of


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


SPENT = {line: Decimal("1000") for line in BudgetLine.values}


@pytest.fixture
def round_one(follow_up_case):
    return follow_up_case.agreement.rounds.get(number=1)


def _submit(exchange_round, kind, by, **fields):
    if kind == ReportKind.FINANCIAL:
        fields.setdefault("actuals", SPENT)
    return services.submit_round_report(exchange_round, kind=kind, text=fields.pop("text", "Done."), by=by, **fields)


def _report_fully(exchange_round, contact, adviser):
    for kind in ReportKind:
        services.accept_round_report(_submit(exchange_round, kind, contact), by=adviser)


def test_reports_are_due_one_and_four_months_after_the_round_ends(round_one):
    round_one.planned_end = date(2027, 1, 31)
    assert report_due_on(round_one, ReportKind.RESULTS) == date(2027, 2, 28)
    assert report_due_on(round_one, ReportKind.FINANCIAL) == date(2027, 5, 31)


def test_a_round_is_reported_when_both_reports_are_accepted(round_one, contact, adviser):
    results = _submit(round_one, ReportKind.RESULTS, contact, text="Two nurses each way.")
    returned = services.return_round_report(results, comment="Say what changed at the hospital.", by=adviser)
    assert (returned.status, returned.adviser_comment) == (ReportStatus.RETURNED, "Say what changed at the hospital.")
    again = _submit(round_one, ReportKind.RESULTS, contact, text="New triage routine.")
    services.accept_round_report(again, by=adviser)
    assert fresh(round_one).state == RoundState.FOLLOW_UP  # the accounts are still to come

    financial = _submit(round_one, ReportKind.FINANCIAL, contact, actuals={**SPENT, "housing": Decimal("2500.50")})
    services.accept_round_report(financial, comment="Thank you.", by=adviser)
    assert fresh(round_one).state == RoundState.REPORTED
    actual = dict(RoundBudgetLine.objects.filter(exchange_round=round_one).values_list("line", "actual"))
    assert actual["housing"] == Decimal("2500.50") and actual["travel"] == Decimal("1000")
    actions = [event.action for event in events_for(round_one.partnership)[:7]]
    assert actions == [
        "round.reported",
        "round.report_accepted",
        "round.report_submitted",
        "round.report_accepted",
        "round.report_submitted",
        "round.report_returned",
        "round.report_submitted",
    ]


def test_only_the_partner_contacts_submit_and_only_once(round_one, contact, other_contact, adviser):
    with pytest.raises(TransitionRefused) as refused:
        _submit(round_one, ReportKind.RESULTS, adviser)
    assert refused.value.reasons == ["The partner contacts of the partnership submit its round reports."]
    _submit(round_one, ReportKind.RESULTS, contact)
    with pytest.raises(TransitionRefused) as refused:
        _submit(round_one, ReportKind.RESULTS, other_contact)
    assert refused.value.reasons == ["The Results report (C06) of round 1 is already submitted."]


def test_a_round_still_in_exchange_is_not_reported(exchange_case, contact):
    exchange_round = exchange_case.agreement.rounds.get(number=1)
    with pytest.raises(TransitionRefused) as refused:
        _submit(exchange_round, ReportKind.RESULTS, contact)
    assert refused.value.reasons == ["Round 1 is reported in its follow-up; it is “Planned”."]


def test_the_accounts_give_every_budget_line(round_one, contact):
    with pytest.raises(ValidationError):
        _submit(round_one, ReportKind.FINANCIAL, contact, actuals={"housing": Decimal(10)})


def test_a_contact_cannot_decide_on_a_report(round_one, contact, other_contact):
    report = _submit(round_one, ReportKind.RESULTS, contact)
    with pytest.raises(TransitionRefused) as refused:
        services.accept_round_report(report, by=other_contact)
    assert refused.value.reasons == ["Only the partnership's programme adviser may do this."]


def test_the_final_report_waits_for_every_round(follow_up_case, contact, adviser):
    case_services.submit_final_report(follow_up_case, text="All done.", attachment=pdf_upload("final.pdf"), by=contact)
    case = reload(follow_up_case)
    assert refusal_reasons(case, CaseAction.ACCEPT_FINAL_REPORT, adviser) == [
        "Round 1 is not reported yet (its results and financial reports).",
        "Round 2 is not reported yet (its results and financial reports).",
    ]
    for exchange_round in case.agreement.rounds.all():
        _report_fully(exchange_round, contact, adviser)
    case_services.accept_final_report(reload(case), by=adviser)
    case = reload(case)
    assert case.phase == "completed"
    assert set(case.agreement.rounds.values_list("state", flat=True)) == {RoundState.CLOSED}


# --- Through the round page --------------------------------------------------------------------


def _round_url(case):
    return reverse("exchanges:round_detail", args=[case.pk, 1])


def _submit_url(case, kind):
    return reverse("exchanges:submit_round_report", args=[case.pk, 1, kind])


def test_the_round_page_shows_the_reports_and_their_forms(follow_up_case, contact_client, adviser_client):
    page = contact_client.get(_round_url(follow_up_case)).content.decode()
    assert "Round reports" in page and _submit_url(follow_up_case, "results") in page
    assert _submit_url(follow_up_case, "financial") in page
    adviser_page = adviser_client.get(_round_url(follow_up_case)).content.decode()
    assert "Round reports" in adviser_page and _submit_url(follow_up_case, "results") not in adviser_page


def test_a_contact_submits_the_accounts_and_the_adviser_accepts(
    follow_up_case, contact_client, adviser_client, django_assert_max_num_queries
):
    data = {"text": "As planned.", **{f"actual_{line}": "1 000 kr" for line in BudgetLine.values}}
    data["actual_housing"] = "12 500,50"
    response = contact_client.post(_submit_url(follow_up_case, "financial"), data)
    assert response.status_code == 302
    assert messages_of(response) == ["The Financial report (C04) is submitted. The programme adviser has been told."]
    report = follow_up_case.agreement.rounds.get(number=1).reports.get()
    assert report.actual_amounts()["housing"] == Decimal("12500.50")
    page = adviser_client.get(_round_url(follow_up_case)).content.decode()
    assert reverse("exchanges:accept_round_report", args=[report.pk]) in page
    assert "NOK 12,500.50" in page  # the actual beside the planned, with the difference
    response = adviser_client.post(reverse("exchanges:accept_round_report", args=[report.pk]), {"comment": ""})
    assert messages_of(response) == ["The report is accepted."]
    assert fresh(report).status == ReportStatus.ACCEPTED


def test_a_report_with_errors_keeps_what_was_typed(follow_up_case, contact_client):
    data = {"text": "", **{f"actual_{line}": "2 000" for line in BudgetLine.values}}
    response = contact_client.post(_submit_url(follow_up_case, "financial"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and 'value="2 000"' in page


def test_a_report_document_of_a_wrong_type_is_refused_and_nothing_is_lost(follow_up_case, contact_client):
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = contact_client.post(_submit_url(follow_up_case, "results"), {"text": "Our results.", "attachment": exe})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Our results." in page
    assert not follow_up_case.agreement.rounds.get(number=1).reports.exists()


def test_returning_a_report_needs_a_reason(follow_up_case, contact, adviser_client):
    report = _submit(follow_up_case.agreement.rounds.get(number=1), ReportKind.RESULTS, contact)
    response = adviser_client.post(reverse("exchanges:return_round_report", args=[report.pk]), {"comment": ""})
    assert response.status_code == 400
    assert fresh(report).status == ReportStatus.SUBMITTED


def test_the_round_page_asks_as_many_queries_with_reports(
    follow_up_case, contact, adviser, adviser_client, django_assert_max_num_queries
):
    exchange_round = follow_up_case.agreement.rounds.get(number=1)
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES_IN_FOLLOW_UP):
        response = adviser_client.get(_round_url(follow_up_case))
    assert response.status_code == 200
    assert "Round reports" in response.content.decode()
    reports = [_submit(exchange_round, kind, contact) for kind in (ReportKind.RESULTS, ReportKind.FINANCIAL)]
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES_IN_FOLLOW_UP):
        response = adviser_client.get(_round_url(follow_up_case))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(reverse("exchanges:accept_round_report", args=[report.pk]) in page for report in reports)


ROUND_PAGE_QUERIES_IN_FOLLOW_UP = 8
