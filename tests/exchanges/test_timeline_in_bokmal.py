"""What the services record on a case's timeline reads in the reader's language: the rounds'
agreements and reports, the participants' checklist items (the programme's titles translated),
invitations, follow-up plans and a round cancelled with its partnership. English-speaking partners
act, a Norwegian adviser reads; what a person typed (a reason, a comment) stays as typed."""

import pytest
from dateutil.relativedelta import relativedelta

from exchanges import services
from exchanges.models import BudgetLine, ReportKind
from norec.core.audit import events_for
from norec.core.models import OutboxMessage
from partnerships import services as case_services
from tests.factories import ROUND_AGREEMENT, contact_of, make_leg, recruit
from tests.partnerships.helpers import url

SPENT = dict.fromkeys(BudgetLine.values, 1000)

# What the services used to store as comments, in the writer's (here English) language.
ENGLISH = (
    "Round 1",
    "Round 2",
    "Financial report",
    "Results report",
    "needs the adviser's approval",
    "Work contract",
    "Travel booked",
    "Housing arranged",
    "The partnership ended",
)


def bokmal_timeline(client, user, case) -> str:
    user.preferred_language = "nb"
    user.save(update_fields=["preferred_language"])
    page = client.get(url("case_timeline", case))
    assert page.status_code == 200
    return page.content.decode()


def stored_comments(case) -> str:
    return "\n".join(events_for(case).values_list("comment", flat=True))


def assert_no_english(text: str) -> None:
    assert [words for words in ENGLISH if words in text] == []


def test_the_rounds_agreements_reports_and_endings_read_in_bokmal(case_in, adviser, adviser_client):
    case = case_in("follow_up")  # both rounds marked done by the adviser
    contact = contact_of(case.coordinating_organisation)
    round_one = case.agreement.rounds.get(number=1)
    results = services.submit_round_report(round_one, kind=ReportKind.RESULTS, text="Done.", by=contact)
    services.return_round_report(results, comment="Say what changed.", by=adviser)
    results = services.submit_round_report(round_one, kind=ReportKind.RESULTS, text="New routines.", by=contact)
    services.accept_round_report(results, by=adviser)
    accounts = services.submit_round_report(
        round_one, kind=ReportKind.FINANCIAL, text="Spent.", actuals=SPENT, by=contact
    )
    services.accept_round_report(accounts, comment="Thank you.", by=adviser)
    services.close_round(round_one, by=adviser)

    assert_no_english(stored_comments(case))
    page = bokmal_timeline(adviser_client, adviser, case)
    assert "Runde 1: Resultatrapport (C06)<br>Say what changed." in page  # the adviser's words as typed
    assert "Runde 1: Regnskapsrapport (C04)<br>Thank you." in page
    assert page.count("Runde 1: Regnskapsrapport (C04)") == 2  # submitted, accepted
    assert page.count("Runde 1: Resultatrapport (C06)") == 4  # submitted, returned, submitted, accepted
    assert page.count('<blockquote class="timeline__comment">Runde 2</blockquote>') == 1  # its exchange done
    assert page.count('<blockquote class="timeline__comment">Runde 1</blockquote>') == 3  # done, reported, closed
    assert_no_english(page)


def test_the_round_agreement_and_the_checklist_read_in_bokmal(round_ahead, adviser, adviser_client):
    case = round_ahead.agreement.partnership
    contact = contact_of(case.coordinating_organisation)
    other = case.organisations.exclude(pk=case.coordinating_organisation.pk).get()
    services.set_round_agreement(round_ahead, **ROUND_AGREEMENT, by=contact)
    services.approve_round_agreement(round_ahead, by=adviser)
    services.set_round_agreement(round_ahead, **{**ROUND_AGREEMENT, "activities": "Changed."}, by=contact)
    amina = recruit(make_leg(round_ahead, home=other, host=case.coordinating_organisation))
    sending = contact_of(other)
    services.complete_item(amina.checklist.get(title="Travel booked"), by=sending)
    services.reopen_item(amina.checklist.get(title="Travel booked"), by=sending)
    services.mark_item_not_applicable(amina.checklist.get(title="Work contract"), reason="Has one.", by=sending)
    services.complete_item(amina.checklist.get(title="Housing arranged"), by=contact)
    services.invite_participant(amina, by=sending)
    services.save_follow_up_plan(amina, text="Teach colleagues.", expected_revision=0, by=sending)

    assert_no_english(stored_comments(case))
    page = bokmal_timeline(adviser_client, adviser, case)
    assert "Runde 1<br>Den endrede rundeavtalen må godkjennes av rådgiveren på nytt." in page
    assert page.count("Amina Nakato: Reise bestilt") == 2  # done, reopened
    assert "Amina Nakato: Arbeidskontrakt<br>Has one." in page
    assert "Amina Nakato: Bolig ordnet" in page
    assert page.count('<blockquote class="timeline__comment">Amina Nakato</blockquote>') == 2  # invited, plan
    assert_no_english(page)


def test_a_round_cancelled_with_its_partnership_reads_in_bokmal(round_ahead, adviser, adviser_client):
    case = round_ahead.agreement.partnership
    other = case.organisations.exclude(pk=case.coordinating_organisation.pk).get()
    leg = make_leg(round_ahead, home=other, host=case.coordinating_organisation)
    assert leg.return_date > leg.departure + relativedelta(months=1)  # still ahead: she is withdrawn
    recruit(leg)
    case_services.terminate(case, reason="Funding stopped.", by=adviser)

    assert_no_english(stored_comments(case))
    page = bokmal_timeline(adviser_client, adviser, case)
    assert "Runde 1<br>Funding stopped." in page
    assert "Amina Nakato: partnerskapet ble avsluttet.<br>Funding stopped." in page
    assert_no_english(page)


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "Round 1: Results report (C06)<br>Thank you."),
        ("nb", "Runde 1: Resultatrapport (C06)<br>Thank you."),
    ],
)
def test_an_entry_written_before_shows_its_sentence_once(round_ahead, adviser, adviser_client, language, shown):
    # Before, the service stored the sentence in its writer's language before the adviser's words.
    from partnerships.notifications import record_case_event

    case = round_ahead.agreement.partnership
    for comment in ("Round 1: Results report (C06)\nThank you.", "Runde 1: Resultatrapport (C06)\nThank you."):
        record_case_event(
            case,
            action="round.report_accepted",
            by=adviser,
            comment=comment,
            data={"round": 1, "report_id": 1, "kind": "results"},
        )
    adviser.preferred_language = language
    adviser.save(update_fields=["preferred_language"])
    page = adviser_client.get(url("case_timeline", case)).content.decode()
    assert page.count(f'<blockquote class="timeline__comment">{shown}</blockquote>') == 2


def test_an_entry_written_before_its_data_shows_its_stored_comment(round_ahead, adviser, adviser_client):
    from partnerships.notifications import record_case_event

    case = round_ahead.agreement.partnership
    record_case_event(
        case, action="participant.item_done", by=adviser, comment="Amina: Visa", data={"participant": 1, "item": 1}
    )
    page = bokmal_timeline(adviser_client, adviser, case)
    assert '<blockquote class="timeline__comment">Amina: Visa</blockquote>' in page


def test_the_email_about_a_report_names_it_in_the_recipients_language(case_in, adviser):
    adviser.preferred_language = "nb"
    adviser.save(update_fields=["preferred_language"])
    case = case_in("follow_up")
    round_one = case.agreement.rounds.get(number=1)
    contact = contact_of(case.coordinating_organisation)
    services.submit_round_report(round_one, kind=ReportKind.RESULTS, text="Done.", by=contact)
    body = OutboxMessage.objects.get(event__action="round.report_submitted", recipient=adviser).body
    assert "Runde 1: Resultatrapport (C06)" in body
    assert_no_english(body)
