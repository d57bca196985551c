"""[2/7] as people click it: a partner contact drafts and submits the application, the adviser
returns it with a comment, the partner fixes and resubmits, the adviser approves, both partners
sign, and the case is in exchange with every step on its timeline."""

from datetime import date

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Partnership, Phase
from tests.browser.conftest import assert_accessible, signed_in
from tests.factories import AdviserFactory, OrganisationFactory, UserFactory
from tests.partnerships.conftest import pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUBMIT_CONSEQUENCE = "I understand that the application goes to the programme adviser"


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(full_name="Kari Nordmann")
    sarah = UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    case = services.create_partnership(
        name="Young nurses exchange", organisations=[bergen, mulago], coordinating=bergen, adviser=adviser, by=adviser
    )
    for organisation, person in [(bergen, kari), (mulago, sarah)]:
        services.add_seminar_representative(
            case, organisation=organisation, full_name=person.full_name, seminar_date=date(2026, 3, 2), by=person
        )
    services.record_partner_meeting(
        Partnership.objects.get(pk=case.pk),
        date=date(2026, 4, 15),
        place="Kampala",
        participants="Kari Nordmann, Sarah Namubiru",
        minutes=pdf_upload("minutes.pdf"),
        by=kari,
    )
    return {"adviser": adviser, "kari": kari, "sarah": sarah, "case": case}


def page_for(browser, live_server, user):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    return signed_in(context.new_page(), live_server, user)


def open_case(page, name="Young nurses exchange"):
    page.get_by_role("link", name="Partnerships", exact=True).click()
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)  # the case list
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def fill_round(page, number, start, end, budget):
    """A mutual round, as the seeds' nurse swap: one participant each way."""
    round_group = page.get_by_role("group", name=f"Round {number}")
    round_group.get_by_label("Participants north → south").fill("1")
    round_group.get_by_label("Participants south → north").fill("1")
    round_group.get_by_label("Planned start").fill(start)
    round_group.get_by_label("Planned end").fill(end)
    round_group.get_by_label("Budget (NOK)").fill(budget)


def test_application_to_exchange(browser, live_server, people):
    kari = page_for(browser, live_server, people["kari"])
    open_case(kari)
    assert_accessible(kari)

    # Kari starts and drafts the application; submission first lists what is missing.
    kari.get_by_role("button", name="Start the application").click()
    expect(kari.get_by_text("Application", exact=True).first).to_be_visible()
    kari.get_by_role("link", name="Edit the application").first.click()
    expect(
        kari.get_by_text("The goals are missing: give shared goals, or the goals of each organisation")
    ).to_be_visible()
    kari.get_by_label("Shared goals").fill("Better care for young patients in both hospitals.")
    kari.get_by_label("Goals of Bergen Health Trust").fill("Learn community-based care.")
    kari.get_by_label("Goals of Mulago Hospital").fill("Learn digital patient records.")
    kari.get_by_label("How the partners will cooperate").fill("Monthly calls; yearly partner meeting.")
    fill_round(kari, 1, "2027-01-10", "2027-12-15", "400000")
    fill_round(kari, 2, "2027-08-01", "2028-07-31", "450000")
    kari.get_by_role("button", name="Save draft").click()
    expect(kari.get_by_text("Draft saved.")).to_be_visible()
    assert_accessible(kari)
    kari.get_by_role("button", name="Submit the application").click()
    expect(kari.get_by_role("heading", name="Submit the application?")).to_be_visible()
    assert_accessible(kari)
    kari.get_by_label(SUBMIT_CONSEQUENCE).check()
    kari.get_by_role("button", name="Submit", exact=True).click()
    expect(kari.get_by_text("Submitted", exact=True).first).to_be_visible()

    # The adviser returns it with a comment.
    adviser = page_for(browser, live_server, people["adviser"])
    open_case(adviser)
    assert_accessible(adviser)
    adviser.get_by_label("What should the partners revise?").fill("Say how returning nurses train colleagues.")
    adviser.get_by_label("I understand that the application goes back to the partners").check()
    adviser.get_by_role("button", name="Return the application").click()
    expect(adviser.get_by_text("Returned for revision").first).to_be_visible()

    # Kari sees the comment, fixes the application and submits again.
    kari.reload()
    kari.get_by_role("link", name="Edit the application").first.click()
    expect(kari.get_by_text("Say how returning nurses train colleagues.")).to_be_visible()
    kari.get_by_label("How the partners will cooperate").fill(
        "Monthly calls; yearly partner meeting; every returning nurse runs two training days for colleagues."
    )
    kari.get_by_role("button", name="Submit the application").click()  # saves what is typed first
    kari.get_by_label(SUBMIT_CONSEQUENCE).check()
    kari.get_by_role("button", name="Submit", exact=True).click()

    # The adviser approves, having confirmed what approving does; the agreement appears.
    adviser.reload()
    adviser.get_by_role("button", name="Approve the application").click()
    expect(adviser.get_by_text("Tick the box to confirm.", exact=True)).to_be_visible()  # nothing happened without it
    adviser.get_by_label("I understand that approving makes the collaboration agreement").check()
    adviser.get_by_role("button", name="Approve the application").click()
    expect(adviser.get_by_role("link", name="The collaboration agreement (PDF)")).to_be_visible()
    assert_accessible(adviser)

    # Both partners sign in the app.
    for user, organisation in [(people["kari"], "Bergen Health Trust"), (people["sarah"], "Mulago Hospital")]:
        partner = kari if user == people["kari"] else page_for(browser, live_server, user)
        if partner is kari:
            kari.reload()
        else:
            open_case(partner)
        partner.get_by_label(f"I confirm that I am authorised to sign for {organisation}.").check()
        partner.get_by_role("button", name="Sign the agreement").click()
        assert_accessible(partner)

    # The case is in exchange, and the timeline tells the whole story.
    adviser.reload()
    expect(adviser.locator(".case-header, header, dl").get_by_text("Exchange", exact=True).first).to_be_visible()
    assert Partnership.objects.get(pk=people["case"].pk).phase == Phase.EXCHANGE
    # Each round is mutual: one nurse each way, counted both ways.
    expect(adviser.locator("#exchange").get_by_text("1 north → south and 1 south → north")).to_have_count(2)
    timeline = adviser.locator("#timeline")
    for step in [
        "Application phase started",
        "Application submitted",
        "Application returned for revision",
        "Application approved",
        "Collaboration agreement created",
        "Collaboration agreement signed",
        "Exchange phase started",
    ]:
        expect(timeline.get_by_text(step, exact=True).first).to_be_visible()
    expect(timeline.get_by_text("Application submitted", exact=True)).to_have_count(2)
    expect(timeline.get_by_text("Say how returning nurses train colleagues.")).to_be_visible()
    assert_accessible(adviser)
