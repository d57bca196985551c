"""Typed work is never lost: two partner contacts edit the same field and the second chooses per
field; the history shows both versions and restores one; Submit sends what was typed; autosave says
when it saved; a failed save puts focus on the error summary."""

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Application, ApplicationStatus, Partnership
from tests.browser.conftest import assert_accessible
from tests.browser.test_case_journey import fill_round, open_case, page_for, people  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def application_of(journey_people) -> Application:
    return Application.objects.get(partnership=journey_people["case"])


def open_application(page):
    open_case(page)
    page.get_by_role("link", name="Edit the application").first.click()


@pytest.fixture
def started(people):  # noqa: F811 (the journey's fixture)
    services.start_application(Partnership.objects.get(pk=people["case"].pk), by=people["kari"])
    return people


def test_two_contacts_choose_per_field_and_the_history_restores_one(browser, live_server, started):
    kari = page_for(browser, live_server, started["kari"])
    sarah = page_for(browser, live_server, started["sarah"])
    for page in (kari, sarah):
        open_application(page)

    kari.get_by_label("How the partners will cooperate").fill("Kari's plan: monthly calls.")
    kari.get_by_role("button", name="Save draft").click()
    expect(kari.get_by_text("Draft saved.")).to_be_visible()

    sarah.get_by_label("How the partners will cooperate").fill("Sarah's plan: quarterly visits.")
    sarah.get_by_label("Shared goals").fill("Sarah's shared goals.")
    sarah.get_by_role("button", name="Save draft").click()
    expect(sarah.get_by_role("heading", name="Someone else changed the same fields")).to_be_visible()
    field = sarah.get_by_role("group", name="How the partners will cooperate")
    expect(field.get_by_role("region", name="Saved by Kari Nordmann")).to_have_text(
        "Saved by Kari Nordmann Kari's plan: monthly calls."
    )
    expect(field.get_by_role("region", name="As you typed it")).to_contain_text("Sarah's plan: quarterly visits.")
    expect(sarah.get_by_role("group", name="Shared goals")).to_have_count(0)  # only Sarah changed it
    assert application_of(started).cooperation == "Kari's plan: monthly calls."  # nothing overwritten yet
    assert_accessible(sarah)

    field.get_by_label("Keep mine").check()
    sarah.get_by_role("button", name="Save with these choices").click()
    expect(sarah.get_by_text("Draft saved.")).to_be_visible()
    saved = application_of(started)
    assert (saved.cooperation, saved.common_goals) == ("Sarah's plan: quarterly visits.", "Sarah's shared goals.")

    # Kari reads the history, compares her version with the draft, and restores her text.
    kari.reload()
    kari.get_by_role("link", name="Versions of the application: who changed what, and when").click()
    expect(kari.get_by_role("cell", name="Sarah Namubiru")).to_be_visible()
    expect(kari.get_by_role("cell", name="Kari Nordmann")).to_be_visible()
    kari.get_by_role("link", name="Compare version 2 with the current draft").click()
    expect(kari.get_by_role("region", name="How the partners will cooperate in version 2")).to_contain_text(
        "Kari's plan: monthly calls."
    )
    expect(kari.get_by_role("region", name="How the partners will cooperate now")).to_contain_text("Sarah's plan")
    assert_accessible(kari)
    kari.get_by_role("button", name="Restore “How the partners will cooperate” from version 2").click()
    expect(kari.get_by_text("The field was restored from version 2.")).to_be_visible()
    saved = application_of(started)
    assert (saved.cooperation, saved.common_goals) == ("Kari's plan: monthly calls.", "Sarah's shared goals.")


def test_submit_sends_what_was_typed(browser, live_server, started):
    kari = page_for(browser, live_server, started["kari"])
    open_application(kari)
    kari.get_by_label("Goals of Bergen Health Trust").fill("Learn community-based care.")
    kari.get_by_label("Goals of Mulago Hospital").fill("Learn digital patient records.")
    kari.get_by_label("How the partners will cooperate").fill("Typed, never saved by hand.")
    fill_round(kari, 1, "2027-01-10", "2027-12-15", "150 000 kr")
    kari.get_by_role("button", name="Submit the application").click()

    expect(kari.get_by_role("heading", name="Submit the application?")).to_be_visible()
    expect(kari.get_by_text("Typed, never saved by hand.")).to_be_visible()
    expect(kari.get_by_text("NOK 150,000.00").first).to_be_visible()  # the total, computed from the round
    kari.get_by_label("I understand that the application goes to the programme adviser").check()
    kari.get_by_role("button", name="Submit", exact=True).click()
    expect(kari.get_by_text("The application was submitted to your programme adviser.")).to_be_visible()
    submitted = application_of(started)
    assert (submitted.status, submitted.cooperation) == (ApplicationStatus.SUBMITTED, "Typed, never saved by hand.")


def test_autosave_says_when_it_saved(browser, live_server, started):
    kari = page_for(browser, live_server, started["kari"])
    open_application(kari)
    kari.get_by_label("How the partners will cooperate").fill("Saved while typing.")
    expect(kari.get_by_role("status")).to_contain_text("Saved at ", timeout=10_000)
    assert application_of(started).cooperation == "Saved while typing."
    # A second pause saves again with the new revision, without a conflict with itself.
    with kari.expect_response(lambda response: "/autosave/" in response.url, timeout=10_000):
        kari.get_by_label("Shared goals").fill("Still typing.")
    expect(kari.get_by_role("status")).to_contain_text("Saved at ")
    assert application_of(started).common_goals == "Still typing."
    kari.get_by_role("button", name="Save draft").click()
    expect(kari.get_by_text("Draft saved.")).to_be_visible()  # no conflict with its own autosave


def test_the_error_summary_takes_focus(browser, live_server, started):
    kari = page_for(browser, live_server, started["kari"])
    open_application(kari)
    kari.get_by_label("How the partners will cooperate").fill("Kept although the date is wrong.")
    fill_round(kari, 1, "2027-12-15", "2027-01-10", "400000")
    kari.get_by_role("button", name="Save draft").click()
    summary = kari.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Round 1, Planned end: The planned end must be after the planned start.")
    ).to_be_visible()
    expect(kari.get_by_label("How the partners will cooperate")).to_have_value("Kept although the date is wrong.")
    assert_accessible(kari)
