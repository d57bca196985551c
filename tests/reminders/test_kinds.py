"""Each app's kinds of reminder: which fires on which day, to whom, and which stops once done."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from amendments.models import Amendment
from exchanges.models import ExchangeRound, Participant, RoundState
from exchanges.models.reports import MONTHS_TO_REPORT, ReportKind
from norec.core.models import Reminder
from norec.core.reminders.sweep import run_reminder_sweep
from partnerships import services as case_services
from partnerships.models import Application
from tests.factories import contact_of, make_case, reload
from tests.machines.builders import amendment_returned, amendment_submitted
from tests.training.conftest import plan
from training import services as training_services


def fired(day) -> set[tuple[str, str]]:
    """(kind, recipient's email) of the reminders the sweep of `day` wrote."""
    run_reminder_sweep(day)
    return set(Reminder.objects.filter(day=day).values_list("kind", "recipient__email"))


def days_ago(moment_field_model, pk, field, days):
    moment = timezone.now() - timedelta(days=days)
    moment_field_model.objects.filter(pk=pk).update(**{field: moment})


def test_an_application_waiting_two_weeks_reminds_its_adviser_then_weekly(adviser, organisation, other_organisation):
    case = make_case("application_submitted", adviser=adviser, organisations=[organisation, other_organisation])
    days_ago(Application, case.application.pk, "submitted_at", 14)
    today = timezone.localdate()
    assert ("application_waiting", adviser.email) in fired(today)
    assert not any(kind == "application_waiting" for kind, _ in fired(today + timedelta(days=1)))
    assert ("application_waiting", adviser.email) in fired(today + timedelta(days=7))


def test_a_returned_application_reminds_the_partner_contacts_until_resubmitted(
    adviser, organisation, other_organisation
):
    case = make_case("application_submitted", adviser=adviser, organisations=[organisation, other_organisation])
    case_services.return_application(case.application, comment="Add the budget.", by=adviser)
    days_ago(Application, case.application.pk, "decided_at", 7)
    today = timezone.localdate()
    contacts = {contact_of(organisation).email, contact_of(other_organisation).email}
    assert {email for kind, email in fired(today) if kind == "application_returned"} == contacts
    case_services.submit_application(reload(case).application, by=contact_of(organisation))
    assert not any(kind == "application_returned" for kind, _ in fired(today + timedelta(days=7)))


def test_an_amendment_waiting_reminds_the_adviser_and_a_returned_one_the_contacts(
    adviser, organisation, other_organisation
):
    [submitted] = amendment_submitted(adviser, [organisation, other_organisation])
    days_ago(Amendment, submitted.pk, "submitted_at", 14)
    today = timezone.localdate()
    assert ("amendment_waiting", adviser.email) in fired(today)
    [returned] = amendment_returned(adviser, [organisation, other_organisation])
    days_ago(Amendment, returned.pk, "decided_at", 7)
    later = today + timedelta(days=7)
    found = fired(later)
    assert ("amendment_returned", contact_of(organisation).email) in found
    assert ("amendment_waiting", adviser.email) in found  # the first is still waiting: weekly


def test_a_confirmed_course_reminds_the_enrolled_participant_with_venue_and_travel_days(adviser, amina, other_contact):
    session = plan(adviser, in_days=21)
    training_services.enrol(session, participant=amina, by=other_contact)
    day = session.starts_on - timedelta(days=14)
    run_reminder_sweep(day)
    reminder = Reminder.objects.get(kind="session_upcoming")
    assert reminder.recipient == amina.user and reminder.url == "/my-courses/"
    assert reminder.details["venue"] == "Kampala"
    assert reminder.details["arrive"] == session.starts_on.isoformat()
    assert reminder.details["leave"] == (session.ends_on + timedelta(days=1)).isoformat()


def test_a_participant_without_course_1_is_reminded_to_the_sending_contacts_until_enrolled(
    adviser, amina, other_contact
):
    departure = amina.leg.departure
    assert ("course_1_missing", other_contact.email) in fired(departure - timedelta(days=56))
    training_services.enrol(plan(adviser, in_days=21), participant=amina, by=other_contact)
    assert not any(kind == "course_1_missing" for kind, _ in fired(departure - timedelta(days=28)))


def test_contacts_without_partner_training_are_reminded_monthly_from_the_agreements_start(case, contact, other_contact):
    start = case.agreement.period_start
    assert {("partner_training_missing", contact.email), ("partner_training_missing", other_contact.email)} <= fired(
        start + timedelta(days=30)
    )
    assert not any(kind == "partner_training_missing" for kind, _ in fired(start + timedelta(days=31)))


def test_an_overdue_round_report_reminds_the_contacts_weekly(adviser, organisation, other_organisation):
    case = make_case("follow_up", adviser=adviser, organisations=[organisation, other_organisation])
    exchange_round = ExchangeRound.objects.filter(agreement__partnership=case, state=RoundState.FOLLOW_UP).first()
    due = exchange_round.planned_end + relativedelta(months=MONTHS_TO_REPORT[ReportKind.RESULTS])
    found = fired(due + timedelta(days=1))
    assert ("round_report_overdue", contact_of(organisation).email) in found
    reminder = Reminder.objects.filter(kind="round_report_overdue").first()
    assert reminder.details["report"] == ReportKind.RESULTS and reminder.url.endswith("#reports")


def test_a_participant_without_course_2_is_reminded_before_the_return(adviser, organisation, other_organisation):
    from tests.machines.builders import _round_now, _walk

    exchange_round = _walk(*_round_now(adviser, [organisation, other_organisation], departs_in=20), "preparing")
    participant = Participant.objects.filter(leg__exchange_round=exchange_round).select_related("leg").first()
    back = participant.leg.return_date
    sending = contact_of(participant.leg.home_organisation).email
    assert ("course_2_missing", sending) in fired(back - timedelta(days=90))
    assert not any(kind == "course_2_missing" for kind, _ in fired(back - timedelta(days=89)))
    assert ("course_2_missing", sending) in fired(back - timedelta(days=45))
    reminder = Reminder.objects.filter(
        kind="course_2_missing", subject=f"participant:{participant.pk}:course_2"
    ).first()
    assert reminder.details["on"] == back.isoformat() and reminder.details["participant"] == participant.full_name


def test_the_final_report_reminds_the_contacts_once_overdue_until_submitted(adviser, organisation, other_organisation):
    from partnerships.reminders import final_report_due_on

    owing = make_case("follow_up", name="Owing", adviser=adviser, organisations=[organisation, other_organisation])
    due = final_report_due_on(owing.agreement.period_end)
    found = fired(due + timedelta(days=1))
    assert ("final_report_overdue", contact_of(organisation).email) in found
    reminder = Reminder.objects.get(kind="final_report_overdue", recipient=contact_of(organisation))
    assert reminder.url == f"/cases/{owing.pk}/#final-report" and reminder.due_on == due


def test_a_submitted_final_report_is_reminded_no_more(adviser, organisation, other_organisation):
    from partnerships.reminders import final_report_due_on

    case = make_case("follow_up_report_submitted", adviser=adviser, organisations=[organisation, other_organisation])
    assert not any(
        kind == "final_report_overdue"
        for kind, _ in fired(final_report_due_on(case.agreement.period_end) + timedelta(days=1))
    )


def test_a_submitted_round_report_is_reminded_no_more(adviser, organisation, other_organisation):
    from exchanges import services as exchange_services
    from tests.factories import pdf_upload

    case = make_case("follow_up", adviser=adviser, organisations=[organisation, other_organisation])
    exchange_round = ExchangeRound.objects.filter(agreement__partnership=case, state=RoundState.FOLLOW_UP).first()
    exchange_services.submit_round_report(
        exchange_round, kind=ReportKind.RESULTS, text="Done.", attachment=pdf_upload(), by=contact_of(organisation)
    )
    due = exchange_round.planned_end + relativedelta(months=MONTHS_TO_REPORT[ReportKind.RESULTS])
    fired(due + timedelta(days=1))
    assert not Reminder.objects.filter(kind="round_report_overdue", subject__endswith=":results").exists()


def test_an_application_of_a_case_that_ended_is_reminded_no_more(adviser, organisation, other_organisation):
    from partnerships.models import Partnership

    case = make_case("application_submitted", adviser=adviser, organisations=[organisation, other_organisation])
    days_ago(Application, case.application.pk, "submitted_at", 14)
    Partnership.objects.filter(pk=case.pk).update(phase="withdrawn")
    assert not any(kind == "application_waiting" for kind, _ in fired(timezone.localdate()))


def test_a_withdrawn_amendment_waits_for_no_one(adviser, organisation, other_organisation):
    from amendments import services as amendment_services

    [submitted] = amendment_submitted(adviser, [organisation, other_organisation])
    days_ago(Amendment, submitted.pk, "submitted_at", 14)
    amendment_services.withdraw_amendment(submitted, by=contact_of(organisation))
    assert not any(kind == "amendment_waiting" for kind, _ in fired(timezone.localdate()))


def test_a_cancelled_place_or_session_is_reminded_no_more(adviser, amina, other_contact):
    first = plan(adviser, in_days=21)
    enrolment = training_services.enrol(first, participant=amina, by=other_contact)
    training_services.cancel_enrolment(enrolment, reason="She cannot travel then.", by=other_contact)
    run_reminder_sweep(first.starts_on - timedelta(days=14))
    assert not Reminder.objects.filter(kind="session_upcoming").exists()
    second = plan(adviser, in_days=35)
    training_services.enrol(second, participant=amina, by=other_contact)
    training_services.cancel_session(second, reason="The venue is closed.", by=adviser)
    run_reminder_sweep(second.starts_on - timedelta(days=14))
    assert not Reminder.objects.filter(kind="session_upcoming").exists()


def test_a_contact_enrolled_on_partner_training_is_reminded_no_more(adviser, case, contact, other_contact):
    from training.models import CourseKind

    session = plan(adviser, CourseKind.PARTNER_TRAINING, in_days=21)
    training_services.enrol(session, person=contact, by=contact)
    found = fired(case.agreement.period_start + timedelta(days=30))
    assert ("partner_training_missing", other_contact.email) in found
    assert ("partner_training_missing", contact.email) not in found


def test_an_amendment_of_a_case_that_ended_waits_for_no_one(adviser, organisation, other_organisation):
    from partnerships.models import Partnership

    [submitted] = amendment_submitted(adviser, [organisation, other_organisation])
    days_ago(Amendment, submitted.pk, "submitted_at", 14)
    Partnership.objects.filter(pk=submitted.partnership_id).update(phase="terminated")
    assert not any(kind == "amendment_waiting" for kind, _ in fired(timezone.localdate()))
