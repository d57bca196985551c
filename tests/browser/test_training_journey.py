"""[7/11] as people click it: the adviser plans a session in Kampala with one place; two partner
contacts enrol their participants, the second lands on the waiting list; the first cancels; the
second is confirmed and emailed; the participant, on a phone, sees the course with its travel days
and opens the invitation letter. Only by the links and buttons the pages show; every page axe-clean."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from tests.browser.conftest import assert_accessible, signed_in
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import (
    AdviserFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    recruit,
)
from training.models import Enrolment, EnrolmentState, Venue
from training.venues import install_programme_venues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated data too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    install_programme_venues(Venue)
    today = timezone.localdate()
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(full_name="Kari Nordmann")
    sarah = UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    case = case_with_current_round(adviser=adviser, organisations=[bergen, mulago], today=today)
    to_bergen = leg_departing(case, home=mulago, host=bergen, today=today, departs_in=90)
    to_mulago = leg_departing(case, home=bergen, host=mulago, today=today, departs_in=90)
    recruit(to_bergen, full_name="Amina Nakato", email="amina@example.org")
    ola = recruit(to_mulago, full_name="Ola Nordmann", email="ola@example.org", nationality="NO")
    ola.user = ParticipantFactory(full_name="Ola Nordmann", email="ola@example.org")
    ola.save(update_fields=["user"])
    return {"adviser": adviser, "kari": kari, "sarah": sarah, "ola": ola.user}


def next_sunday(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(6 - day.weekday()) % 7)


def open_session(page):
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="Participant course 1").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participant course 1, Kampala")
    assert_accessible(page)


def test_waiting_list_moves_up_and_the_participant_gets_the_letter(browser, live_server, people):
    first_day = next_sunday(28)
    adviser = signed_in(browser.new_context(locale="en-GB").new_page(), live_server, people["adviser"])
    adviser.get_by_role("link", name="Training", exact=True).click()
    assert_accessible(adviser)
    adviser.get_by_role("link", name="Plan a session").click()
    assert_accessible(adviser)
    adviser.get_by_label("Course", exact=True).select_option(label="Participant course 1")
    adviser.get_by_label("Venue").select_option(label="Kampala")
    adviser.get_by_label("First day").fill(first_day.isoformat())
    adviser.get_by_label("Places").fill("1")
    adviser.get_by_label("Course language").select_option(label="English")
    adviser.get_by_label("Enrolment deadline").fill((first_day - timedelta(days=7)).isoformat())
    adviser.get_by_role("button", name="Plan the session").click()
    expect(adviser.get_by_text("The session was planned.")).to_be_visible()
    expect(adviser.get_by_text(re.compile(r"Arrive .*, leave "))).to_be_visible()
    assert_accessible(adviser)

    # Sarah (Mulago) enrols Amina: the one place is hers.
    sarah = signed_in(browser.new_context(locale="en-GB").new_page(), live_server, people["sarah"])
    open_session(sarah)
    sarah.get_by_label("Who").select_option(label="Amina Nakato (Mulago Hospital)")
    sarah.get_by_role("button", name="Enrol", exact=True).click()
    expect(sarah.get_by_text("Amina Nakato has a place on this session.")).to_be_visible()
    expect(sarah.locator(".enrolment-list")).to_contain_text("Confirmed")
    assert_accessible(sarah)

    # Kari (Bergen) enrols Ola: the session is full, he waits.
    kari = signed_in(browser.new_context(locale="en-GB").new_page(), live_server, people["kari"])
    open_session(kari)
    expect(kari.get_by_text("Every place is taken")).to_be_visible()
    kari.get_by_label("Who").select_option(label="Ola Nordmann (Bergen Health Trust)")
    kari.get_by_role("button", name="Enrol", exact=True).click()
    expect(kari.get_by_text(re.compile("Number 1 on the waiting list"))).to_be_visible()
    assert_accessible(kari)

    # Sarah cancels Amina's place; Ola moves up and is told.
    sarah.reload()
    sarah.get_by_text("Cancel the enrolment").first.click()
    sarah.get_by_label("Why it is cancelled").fill("Amina's visa was refused.")
    sarah.get_by_role("button", name="Cancel the enrolment").click()
    expect(sarah.get_by_text("The enrolment of Amina Nakato was cancelled.")).to_be_visible()
    assert_accessible(sarah)
    kari.reload()
    expect(kari.locator(".enrolment-list").first).to_contain_text("Ola Nordmann")
    expect(kari.locator(".enrolment-list").first).to_contain_text("Confirmed")
    assert Enrolment.objects.get(participant__full_name="Ola Nordmann").state == EnrolmentState.CONFIRMED
    told = [message for message in mail.outbox if "ola@example.org" in message.to]
    assert len(told) == 1 and "Moved up from a course's waiting list" in told[0].subject

    # Ola, on his phone, sees the course with its travel days and opens the letter.
    phone = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    ola = signed_in(phone.new_page(), live_server, people["ola"])
    ola.get_by_role("link", name="My exchange").first.click()
    courses = ola.get_by_role("region", name="My courses")
    expect(courses).to_contain_text("Participant course 1, Kampala")
    arrive, leave = first_day, first_day + timedelta(days=6)
    expect(courses).to_contain_text(f"Arrive {arrive:%-d %B %Y}, leave {leave:%-d %B %Y}")
    assert ola.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(ola)
    # The link the page shows, fetched as the browser would download it (with Ola's session).
    href = courses.get_by_role("link", name="Invitation letter for your visa (PDF)").get_attribute("href")
    letter = ola.request.get(f"{live_server.url}{href}")
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    # Ola subscribes to his course in his calendar: the address, shown once, copied with a press.
    phone.grant_permissions(["clipboard-read", "clipboard-write"])
    ola.get_by_role("link", name="My courses").first.click()
    ola.get_by_role("link", name="Add your courses and deadlines to your calendar").click()
    ola.get_by_role("button", name="Make my calendar address").click()
    address = ola.get_by_label(re.compile("Your calendar address")).input_value()
    ola.get_by_role("button", name="Copy the address").click()
    expect(ola.locator("#feed-copied")).to_have_text("Copied.")
    assert ola.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(ola)
    feed = icalendar.Calendar.from_ical(ola.request.get(address.replace("http://testserver", live_server.url)).body())
    assert any("Participant course 1, Kampala" in str(event["summary"]) for event in feed.walk("VEVENT"))
