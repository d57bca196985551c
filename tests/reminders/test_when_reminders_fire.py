"""Which reminders fire on which day (the day is the sweep's argument: time stands still), to whom,
and what the sweep does when it runs twice or after days without one."""

from django.conf import settings
from django.core import mail

from norec.core.models import OutboxMessage, Reminder, ReminderSweep
from norec.core.reminders.sweep import run_reminder_sweep
from tests.reminders.conftest import Responsible, another_item, days, only_item


def kinds_on(day, user) -> list[str]:
    run_reminder_sweep(day)
    return sorted(Reminder.objects.filter(day=day, recipient=user).values_list("kind", flat=True))


def test_an_item_reminds_14_and_3_days_before_it_is_due_and_weekly_once_overdue(amina, today):
    due = today + days(20)
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=due)
    fired = {
        offset: kinds_on(due + days(offset), amina.user) for offset in (-15, -14, -13, -3, -2, 0, 1, 2, 7, 8, 9, 15)
    }
    assert fired == {
        -15: [],
        -14: ["checklist_due_soon"],
        -13: [],
        -3: ["checklist_due_soon"],
        -2: [],
        0: [],
        1: ["checklist_overdue"],
        2: [],
        7: [],
        8: ["checklist_overdue"],
        9: [],
        15: ["checklist_overdue"],
    }


def test_each_item_reminds_whoever_is_responsible(amina, today, contact, other_contact):
    due = today + days(14)
    own = only_item(amina, responsible=Responsible.PARTICIPANT, due_on=due, title="Apply for a visa")
    another_item(amina, responsible=Responsible.SENDING, due_on=due, title="Buy the ticket")
    another_item(amina, responsible=Responsible.HOST, due_on=due, title="Find housing")
    run_reminder_sweep(today)
    sent = {(r.recipient.email, r.details["title"]) for r in Reminder.objects.select_related("recipient")}
    assert sent == {
        (amina.user.email, "Apply for a visa"),
        (other_contact.email, "Buy the ticket"),  # Olga: Kampala sends Amina
        (contact.email, "Find housing"),  # Chris: Bergen hosts her
    }
    assert Reminder.objects.get(recipient=amina.user).url == f"/my-exchange/#item-{own.pk}"
    assert Reminder.objects.get(recipient=contact).url.startswith(f"/participants/{amina.pk}/#item-")


def test_a_participant_without_an_account_has_their_items_reminded_to_the_sending_contacts(leg, today, other_contact):
    from tests.factories import recruit

    participant = recruit(leg, full_name="No Account", email="none@example.org")
    only_item(participant, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    run_reminder_sweep(today)
    assert [r.recipient for r in Reminder.objects.all()] == [other_contact]


def test_done_items_are_not_reminded(amina, today):
    item = only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    item.status = "done"
    item.save(update_fields=["status"])
    assert kinds_on(today, amina.user) == []


def test_one_email_per_person_a_day_collects_all_their_reminders_overdue_first(
    amina, today, django_capture_on_commit_callbacks
):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3), title="Apply for a visa")
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1), title="Send the passport copy")
    with django_capture_on_commit_callbacks(execute=True):
        run_reminder_sweep(today)
    [message] = OutboxMessage.objects.filter(recipient=amina.user)
    assert message.key == f"reminders:{amina.user.pk}:{today.isoformat()}"
    assert message.subject.endswith(f"2 reminders for {today.day} {today:%B %Y}")
    assert message.body.index("Send the passport copy") < message.body.index("Apply for a visa")  # overdue first
    assert "CHECKLIST ITEMS OVERDUE" in message.body and "CHECKLIST ITEMS DUE SOON" in message.body
    assert f"{settings.NOREC_SITE_URL}/reminders/" in message.body  # the settings link
    assert (
        f"{settings.NOREC_SITE_URL}/my-exchange/#item-" in message.html_body
        and "Choose which reminders you receive" in message.html_body
    )
    [email] = [email for email in mail.outbox if email.to == ["amina@example.org"]]
    assert email.alternatives[0][1] == "text/html"


def test_the_digest_is_in_the_persons_language(amina, today):
    amina.user.preferred_language = "nb"
    amina.user.save(update_fields=["preferred_language"])
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1), title="Travel and health insurance")
    run_reminder_sweep(today)
    message = OutboxMessage.objects.get(recipient=amina.user)
    assert message.language == "nb"
    assert "1 påminnelse for" in message.subject
    assert (
        "Hei Amina Nakato" in message.body
        and "FORFALTE SJEKKLISTEPUNKTER" in message.body
        and "Reise- og helseforsikring" in message.body
    )  # the item's title too
    assert 'lang="nb"' in message.html_body


def test_an_optional_kind_turned_off_is_not_sent_but_overdue_items_always_are(amina, today):
    from norec.core.reminders.services import choose_reminders

    choose_reminders(amina.user, receive=set())  # every optional kind she may turn off, off
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1), title="Overdue")
    assert kinds_on(today, amina.user) == ["checklist_overdue"]
    choose_reminders(amina.user, receive={"checklist_due_soon"})  # and on again
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(4))
    assert kinds_on(today + days(1), amina.user) == ["checklist_due_soon"]


def test_running_the_sweep_again_sends_nothing_new(amina, today, django_capture_on_commit_callbacks):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    with django_capture_on_commit_callbacks(execute=True):
        first = run_reminder_sweep(today)
        again = run_reminder_sweep(today)
    assert first.reminders > 0 and (again.reminders, again.digests) == (0, 0)
    assert OutboxMessage.objects.filter(recipient=amina.user).count() == 1
    assert [email.to for email in mail.outbox].count(["amina@example.org"]) == 1
    assert ReminderSweep.objects.get(day=today).reminders == first.reminders


def test_a_sweep_after_two_missed_days_sends_one_digest_of_what_is_still_relevant(amina, today):
    run_reminder_sweep(today - days(3))  # the last sweep before beat stopped
    # Missed: on today-2, "due in 14 days"; on today-1, "overdue since yesterday"; an item due soon
    # on today-2 that has been done since.
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(2) + days(14), title="Fourteen")
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(2), title="Overdue")
    done = another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(2) + days(3), title="Done")
    done.status = "done"
    done.save(update_fields=["status"])
    result = run_reminder_sweep(today)
    assert result.since == today - days(3)
    titles = sorted(r.details["title"] for r in Reminder.objects.filter(day=today, recipient=amina.user))
    assert titles == ["Fourteen", "Overdue"]
    assert OutboxMessage.objects.filter(recipient=amina.user).count() == 1


def test_a_sweep_after_a_long_outage_catches_up_a_week_at_most(amina, today, settings):
    run_reminder_sweep(today - days(30))
    assert run_reminder_sweep(today).since == today - days(settings.REMINDER_CATCH_UP_DAYS)


def test_the_first_sweep_ever_answers_for_its_own_day_only(amina, today):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(3))  # fired three days ago
    result = run_reminder_sweep(today)
    assert result.since == today - days(1) and result.reminders == 0


def test_inactive_people_get_nothing(amina, today, other_contact):
    only_item(amina, responsible=Responsible.SENDING, due_on=today + days(3))
    other_contact.is_active = False
    other_contact.save(update_fields=["is_active"])
    run_reminder_sweep(today)
    assert not Reminder.objects.filter(recipient=other_contact).exists()


def test_an_opt_out_of_a_kind_since_made_mandatory_is_ignored(amina, today):
    from norec.core.models import ReminderOptOut

    ReminderOptOut.objects.create(user=amina.user, kind="checklist_overdue")  # from when it was optional
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1))
    assert kinds_on(today, amina.user) == ["checklist_overdue"]


def test_a_catch_up_says_due_soon_only_of_what_is_not_yet_past(amina, today):
    run_reminder_sweep(today - days(7))  # then beat was down six days
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(2), title="Past")  # 3 days before: missed
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today, title="Today")  # 3 days before: missed
    run_reminder_sweep(today)
    found = sorted((r.kind, r.details["title"]) for r in Reminder.objects.filter(day=today, recipient=amina.user))
    assert found == [("checklist_due_soon", "Today"), ("checklist_overdue", "Past")]


def test_an_overdue_item_is_reminded_weekly_for_a_year_and_then_no_more(amina, today, settings):
    until = settings.REMINDER_TIMING["checklist_overdue"]["until"]  # 365: the 53rd weekly reminder
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(until))
    assert kinds_on(today, amina.user) == ["checklist_overdue"]
    assert kinds_on(today + days(7), amina.user) == []


def test_withdrawn_participants_and_closed_rounds_are_not_reminded(amina, today):
    from exchanges.models import ExchangeRound, Participant

    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    Participant.objects.filter(pk=amina.pk).update(status="withdrawn")
    assert kinds_on(today, amina.user) == []
    Participant.objects.filter(pk=amina.pk).update(status="active")
    ExchangeRound.objects.filter(pk=amina.leg.exchange_round_id).update(state="closed")
    assert kinds_on(today + days(11), amina.user) == []  # 14 days before its new due date
    ExchangeRound.objects.filter(pk=amina.leg.exchange_round_id).update(state="preparing")
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(12) + days(3))
    assert kinds_on(today + days(12), amina.user) == ["checklist_due_soon"]  # the same item, its round live again


def test_the_contacts_of_a_partner_that_left_hear_nothing_more(amina, today, other_contact, other_organisation):
    from partnerships.models import Partner

    only_item(amina, responsible=Responsible.SENDING, due_on=today + days(3))
    Partner.objects.filter(organisation=other_organisation).update(member_until=today)
    run_reminder_sweep(today)
    assert not Reminder.objects.filter(recipient=other_contact).exists()


def test_a_kind_that_fails_is_left_out_and_named_while_the_others_go_out(amina, today, monkeypatch):
    from norec.core.reminders import registry

    def broken(window):
        raise KeyError("a setting someone forgot")

    monkeypatch.setitem(
        registry._kinds,
        "broken",
        registry.ReminderKind(
            name="broken", label="Broken", find=broken, describe=str, roles=frozenset({"participant"})
        ),
    )
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    run_reminder_sweep(today)
    assert ReminderSweep.objects.get(day=today).failed_kinds == ["broken"]
    assert Reminder.objects.filter(recipient=amina.user, kind="checklist_due_soon").exists()


def test_a_contact_of_an_organisation_outside_the_case_hears_nothing_of_it(amina, today, outsider_contact):
    only_item(amina, responsible=Responsible.SENDING, due_on=today + days(3), title="Buy the ticket")
    another_item(amina, responsible=Responsible.HOST, due_on=today - days(1), title="Find housing")
    run_reminder_sweep(today)
    assert Reminder.objects.exists()
    assert not Reminder.objects.filter(recipient=outsider_contact).exists()


def test_a_contact_whose_role_changed_hears_nothing_of_the_case(amina, today, other_contact):
    only_item(amina, responsible=Responsible.SENDING, due_on=today + days(3))
    other_contact.role = "participant"
    other_contact.save(update_fields=["role"])
    run_reminder_sweep(today)
    assert not Reminder.objects.filter(recipient=other_contact).exists()


def test_a_participant_whose_account_is_closed_has_their_items_reminded_to_the_sending_contacts(
    amina, today, other_contact
):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    amina.user.is_active = False
    amina.user.save(update_fields=["is_active"])
    run_reminder_sweep(today)
    assert [r.recipient for r in Reminder.objects.all()] == [other_contact]


def test_reminders_found_after_todays_email_go_in_the_next_one(amina, today):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3), title="First")
    run_reminder_sweep(today)
    # A fix deployed at ten: the run of the day again finds something new for Amina.
    another_item(amina, responsible=Responsible.PARTICIPANT, due_on=today - days(1), title="Found later")
    again = run_reminder_sweep(today)
    assert (again.digests, again.held) == (0, 1)
    held = Reminder.objects.get(details__title="Found later")
    assert held.message is None and OutboxMessage.objects.filter(recipient=amina.user).count() == 1
    run_reminder_sweep(today + days(1))
    held.refresh_from_db()
    tomorrows = OutboxMessage.objects.get(recipient=amina.user, key__endswith=(today + days(1)).isoformat())
    assert held.message == tomorrows and "Found later" in tomorrows.body
