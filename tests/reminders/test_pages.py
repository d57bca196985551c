"""Who may see which reminders page, what each shows, the settings form, running the sweep from the
administration, and a constant number of queries at 5 and 50 rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from norec.core.models import OutboxMessage, OutboxState, Reminder, ReminderOptOut, ReminderSweep
from tests.factories import UserFactory

MINE_QUERIES = 5
ALL_QUERIES = 6


def remind(user, *, count=1, kind="checklist_overdue", state=OutboxState.SENT, text="Apply for a visa"):
    day = timezone.localdate()
    message = OutboxMessage.objects.create(
        key=f"reminders:{user.pk}:{day}:{kind}",
        kind="reminders",
        to_email=user.email,
        subject="s",
        body="b",
        state=state,
        recipient=user,
    )
    Reminder.objects.bulk_create(
        Reminder(
            recipient=user,
            kind=kind,
            subject=f"checklistitem:{n}",
            day=day,
            url=f"/my-exchange/#item-{n}",
            details={"title": text, "participant": "Amina", "due_on": day.isoformat(), "own": True},
            message=message,
        )
        for n in range(count)
    )


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client):
    for name in ("reminders:mine", "reminders:all"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_only_advisers_see_everyones_reminders(
    adviser_client, contact_client, participant_client, other_adviser_client
):
    assert adviser_client.get(reverse("reminders:all")).status_code == 200
    assert other_adviser_client.get(reverse("reminders:all")).status_code == 200  # Norec's staff, every caseload
    assert contact_client.get(reverse("reminders:all")).status_code == 403
    assert participant_client.get(reverse("reminders:all")).status_code == 403


@pytest.mark.django_db
def test_a_person_sees_only_their_own_reminders(
    contact, contact_client, other_contact, other_contact_client, participant
):
    remind(contact, text="Chris's item")
    remind(other_contact, text="Olga's item")
    page = contact_client.get(reverse("reminders:mine")).content.decode()
    assert "Chris&#x27;s item" in page and "Olga" not in page
    page = other_contact_client.get(reverse("reminders:mine")).content.decode()
    assert "Olga&#x27;s item" in page and "Chris" not in page


@pytest.mark.django_db
def test_the_advisers_list_filters_by_kind_email_and_person(adviser_client, contact, other_contact):
    remind(contact, text="Chris's item", state=OutboxState.FAILED)
    remind(other_contact, text="Olga's item", kind="checklist_due_soon")
    page = adviser_client.get(reverse("reminders:all") + "?email=failed").content.decode()
    assert "Chris&#x27;s item" in page and "Olga&#x27;s item" not in page
    assert "1 reminder email could not be sent." in page
    page = adviser_client.get(reverse("reminders:all") + "?kind=checklist_due_soon").content.decode()
    assert "Olga&#x27;s item" in page and "Chris&#x27;s item" not in page
    page = adviser_client.get(reverse("reminders:all") + f"?person={other_contact.email}").content.decode()
    assert "Olga&#x27;s item" in page and "Chris&#x27;s item" not in page
    page = adviser_client.get(reverse("reminders:all") + "?since=not-a-date&kind=nonsense").content.decode()
    assert "Chris&#x27;s item" in page and "Olga&#x27;s item" in page  # a bad filter is said, not applied
    assert "Enter a valid date." in page


@pytest.mark.django_db
def test_a_person_turns_optional_kinds_off_but_not_overdue_ones(participant, participant_client):
    page = participant_client.get(reverse("reminders:mine")).content.decode()
    assert 'value="checklist_due_soon"' in page and 'value="checklist_overdue"' not in page
    assert "Always sent" in page and "Checklist items overdue" in page
    response = participant_client.post(reverse("reminders:mine"), {"receive": ["session_upcoming"]})
    assert response.status_code == 302
    assert set(ReminderOptOut.objects.filter(user=participant).values_list("kind", flat=True)) == {"checklist_due_soon"}
    refused = participant_client.post(reverse("reminders:mine"), {"receive": ["checklist_overdue"]})
    assert refused.status_code == 400 and "is not one of the available choices" in refused.content.decode()
    refused = participant_client.post(reverse("reminders:mine"), {"receive": ["course_1_missing"]})  # a contact's kind
    assert refused.status_code == 400
    participant_client.post(reverse("reminders:mine"), {"receive": ["session_upcoming", "checklist_due_soon"]})
    assert not ReminderOptOut.objects.filter(user=participant).exists()


@pytest.mark.django_db
def test_an_adviser_runs_todays_sweep_from_the_administration(adviser, adviser_client, contact_client):
    changelist = reverse("admin:norec_remindersweep_changelist")
    assert "sweep now</button>" in adviser_client.get(changelist).content.decode()
    run = reverse("admin:norec_remindersweep_run")
    assert adviser_client.get(run).status_code == 405
    assert contact_client.post(run).status_code == 403
    assert not ReminderSweep.objects.exists()
    response = adviser_client.post(run, follow=True)
    assert "Nothing new to send for" in response.content.decode()  # nothing is due in this test
    sweep = ReminderSweep.objects.get(day=timezone.localdate())
    assert sweep.run_by == adviser and sweep.finished_at is not None
    finished = sweep.finished_at
    adviser_client.post(run)  # again: the record of the run that did the work stays
    assert ReminderSweep.objects.get(pk=sweep.pk).finished_at == finished


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 50])
def test_the_reminders_pages_make_a_constant_number_of_queries(
    rows, contact, contact_client, adviser_client, django_assert_num_queries
):
    for person in [contact, *UserFactory.create_batch(2)]:
        remind(person, count=rows)
    with django_assert_num_queries(MINE_QUERIES):
        assert contact_client.get(reverse("reminders:mine")).status_code == 200
    with django_assert_num_queries(ALL_QUERIES):
        assert adviser_client.get(reverse("reminders:all") + "?email=sent").status_code == 200


@pytest.mark.django_db
def test_advisers_are_warned_when_todays_sweep_has_not_run(adviser_client, settings):
    from datetime import UTC, datetime

    import time_machine

    ReminderSweep.objects.create(
        day=datetime(2026, 12, 6).date(), since=datetime(2026, 12, 5).date(), finished_at=timezone.now()
    )
    hour = settings.REMINDER_HOUR
    with time_machine.travel(datetime(2026, 12, 7, hour - 1, 30, tzinfo=UTC), tick=False):  # Oslo: half an hour after
        assert "No sweep has run since" not in adviser_client.get(reverse("reminders:all")).content.decode()
    with time_machine.travel(datetime(2026, 12, 7, hour, 30, tzinfo=UTC), tick=False):  # Oslo: an hour and a half after
        page = adviser_client.get(reverse("reminders:all")).content.decode()
        assert "No sweep has run since the one for 6 December 2026." in page


@pytest.mark.django_db
@pytest.mark.parametrize("hour", [5, 10])  # UTC: before and after the sweep was due in Oslo
def test_the_advisers_list_always_links_to_the_sweeps(adviser_client, hour):
    from datetime import UTC, datetime

    import time_machine

    with time_machine.travel(datetime(2026, 12, 7, hour, 0, tzinfo=UTC), tick=False):
        page = adviser_client.get(reverse("reminders:all")).content.decode()
    assert page.count(reverse("admin:norec_remindersweep_changelist")) >= 1
    assert ">Reminder sweeps</a>" in page
