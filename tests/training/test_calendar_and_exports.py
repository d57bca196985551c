"""The calendar feed (parsed with `icalendar`): only the owner's events, an event updated in place
after a date change (same UID, higher SEQUENCE), a cancelled session shown as cancelled; and the
attendee list as CSV and XLSX with formulas written as text."""

import csv
import io
import re
import zipfile
from datetime import timedelta

import icalendar
from django.test import Client
from django.urls import reverse

from tests.training.conftest import plan
from training import services
from training.exports import defused
from training.services.feeds import issue_feed_token


def events_of(user) -> dict[str, icalendar.Event]:
    token = issue_feed_token(user)
    response = Client().get(reverse("training:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_the_owners_course_and_deadlines_only(course_1, amina, bwalya, other_contact, participant):
    amina.user = participant
    amina.save(update_fields=["user"])
    mine = services.enrol(course_1, participant=amina, by=other_contact)
    services.enrol(course_1, participant=bwalya, by=other_contact)
    events = events_of(participant)
    course = events[f"enrolment-{mine.pk}@norec-exchange"]
    assert str(course["summary"]) == "Participant course 1, Kampala"
    assert course.decoded("dtstart").tzinfo is not None and str(course["dtstart"].params["TZID"]) == "Africa/Kampala"
    assert not any("Bwalya" in str(event.get("summary")) for event in events.values())
    deadlines = [event for uid, event in events.items() if uid.startswith("item-")]
    assert deadlines and all("Amina Nakato" in str(event["summary"]) for event in deadlines)


def test_a_date_change_updates_the_event_in_place_and_a_cancellation_shows(adviser, course_1, amina, other_contact):
    enrolment = services.enrol(course_1, participant=amina, by=other_contact)
    uid = f"enrolment-{enrolment.pk}@norec-exchange"
    before = events_of(other_contact)  # a contact: not their own course
    assert uid not in before
    owner = amina.user or _participant_account(amina)
    first = events_of(owner)[uid]
    later = course_1.starts_on + timedelta(days=7)
    services.change_session(
        course_1,
        by=adviser,
        starts_on=later,
        ends_on=later + timedelta(days=5),
        enrolment_deadline=later - timedelta(days=7),
    )
    moved = events_of(owner)[uid]
    assert int(moved["sequence"]) > int(first["sequence"])
    assert moved.decoded("dtstart").date() == later
    services.cancel_session(course_1, reason="Venue closed", by=adviser)
    cancelled = events_of(owner)[uid]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) > int(moved["sequence"])


def _participant_account(participant):
    from tests.factories import ParticipantFactory

    participant.user = ParticipantFactory()
    participant.save(update_fields=["user"])
    return participant.user


def test_a_new_address_replaces_the_old(participant):
    old = issue_feed_token(participant)
    new = issue_feed_token(participant)
    assert Client().get(reverse("training:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("training:calendar_feed", args=[new])).status_code == 200
    from training.models import CalendarFeed

    assert CalendarFeed.objects.get(user=participant).token_hash != new  # only its hash is kept


def test_formulas_are_written_as_text(adviser, leg, other_contact, client):
    from tests.factories import recruit

    evil = recruit(leg, full_name='=HYPERLINK("http://x")', email="evil@example.org")
    session = plan(adviser)
    services.enrol(session, participant=evil, by=other_contact)
    client.force_login(adviser)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("training:attendees_csv", args=[session.pk])).content.decode("utf-8-sig"))
        )
    )
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    xlsx = client.get(reverse("training:attendees_xlsx", args=[session.pk])).content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet and "=HYPERLINK" in strings
    assert [defused(v) for v in ("+1", "-1", "@a", "plain")] == ["'+1", "'-1", "'@a", "plain"]


def test_the_new_address_is_shown_once_and_a_reload_keeps_it_working(participant):
    client = Client()
    client.force_login(participant)
    url = reverse("training:calendar_settings")
    response = client.post(url, {"action": "issue"})
    assert response.status_code == 302 and response["Location"] == url
    shown = client.get(url).content.decode()
    address = re.search(r'value="(http[^"]+\.ics)"', shown).group(1)
    again = client.get(url).content.decode()  # a reload: no new address, and the old one still works
    assert address not in again and "Your feed is on" in again
    assert Client().get(address.removeprefix("http://testserver")).status_code == 200


def test_the_export_names_its_session_and_keeps_dates_as_dates(adviser, course_1, amina, other_contact, client):
    services.enrol(course_1, participant=amina, by=other_contact)
    client.force_login(adviser)
    response = client.get(reverse("training:attendees_xlsx", args=[course_1.pk]))
    assert f"attendees-course_1-kampala-{course_1.starts_on.isoformat()}.xlsx" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    # Column F (arrive) of the first attendee: a number with a date format, not a string ('t="s"').
    assert re.search(r'<c r="F2" s="\d+"><v>\d+</v>', sheet), sheet
