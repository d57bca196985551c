"""The adviser registers an organisation and invites its contact in the product, then opens a
partnership with it through the partner picker, by keyboard on a phone: a filter finds the
organisation, a box is ticked, and the coordinating partner is chosen among the ticked ones."""

import pytest
from playwright.sync_api import expect

from norec.core.models import Invitation
from partnerships.models import Partnership
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_phone_layout import VIEWPORTS, assert_fits
from tests.factories import PASSWORD, AdviserFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def adviser(db):
    adviser = AdviserFactory(full_name="Ada Adviser")
    OrganisationFactory(name="Haukeland University Hospital", country="NO")
    for number in range(12):
        OrganisationFactory(name=f"District council {number}", country="KE")
    return adviser


def test_the_adviser_adds_an_organisation_and_opens_a_partnership_with_it(browser, live_server, adviser):
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    sign_in(page, live_server, adviser.email, PASSWORD)

    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name="Add an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    assert_fits(page, "new organisation")
    assert_accessible(page)
    page.get_by_label("Name").fill("Mulago National Referral Hospital")
    page.get_by_label("Country").select_option(label="Uganda")
    page.get_by_label("Kind of organisation").select_option(label="Health institution")
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mulago National Referral Hospital")
    expect(page.get_by_text("Invite its partner contacts below")).to_be_visible()

    page.get_by_label("Full name").fill("Sarah Namubiru")
    page.get_by_label("Email address").fill("sarah@mulago.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Sarah Namubiru was invited by email.")).to_be_visible()
    assert Invitation.objects.filter(user__email="sarah@mulago.example").count() == 1

    page.get_by_role("link", name="Partnerships", exact=True).click()
    page.get_by_role("link", name="New partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New partnership")
    assert_fits(page, "new partnership")
    assert_accessible(page)
    page.get_by_label("Name of the partnership").fill("Young nurses exchange")
    boxes = page.get_by_role("group", name="Partner organisations").get_by_role("checkbox")
    expect(boxes).to_have_count(14)
    coordinating = page.get_by_label("Coordinating partner")
    expect(coordinating.locator("option")).to_have_count(1)  # nothing ticked yet: nothing to choose

    search = page.get_by_label("Find an organisation by name")
    search.fill("mulago")
    expect(page.get_by_text("1 of 14 shown")).to_be_visible()
    mulago = page.get_by_role("checkbox", name="Mulago National Referral Hospital (Uganda)")
    mulago.focus()
    page.keyboard.press("Space")
    expect(mulago).to_be_checked()
    search.fill("haukeland")
    # What is ticked stays in view while another name is looked for.
    expect(page.get_by_text("2 of 14 shown")).to_be_visible()
    page.get_by_text("Haukeland University Hospital (Norway)").click()  # the label ticks its box
    search.press("Enter")  # does not send the form half-filled
    expect(page.get_by_role("heading", level=1)).to_have_text("New partnership")

    expect(coordinating.locator("option")).to_have_text(
        ["---------", "Haukeland University Hospital (Norway)", "Mulago National Referral Hospital (Uganda)"]
    )
    coordinating.select_option(label="Mulago National Referral Hospital (Uganda)")
    page.get_by_role("checkbox", name="Mulago National Referral Hospital (Uganda)").uncheck()
    expect(coordinating).to_have_value("")  # no longer a partner, so no longer its coordinator
    page.get_by_role("checkbox", name="Mulago National Referral Hospital (Uganda)").check()
    coordinating.select_option(label="Haukeland University Hospital (Norway)")
    assert_fits(page, "new partnership, filled in")
    page.get_by_role("button", name="Open the partnership").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Young nurses exchange")
    case = Partnership.objects.get(name="Young nurses exchange")
    assert sorted(case.organisations.values_list("name", flat=True)) == [
        "Haukeland University Hospital",
        "Mulago National Referral Hospital",
    ]
    assert case.coordinating_organisation.name == "Haukeland University Hospital"
    context.close()


def test_without_javascript_the_server_refuses_a_coordinator_that_was_not_ticked(browser, live_server, adviser):
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, adviser.email, PASSWORD)
    page.goto(f"{live_server.url}/cases/new/")
    expect(page.get_by_label("Find an organisation by name")).to_be_hidden()
    page.get_by_label("Name of the partnership").fill("Water engineers")
    page.get_by_role("checkbox", name="Haukeland University Hospital (Norway)").check()
    page.get_by_role("checkbox", name="District council 1 (Kenya)", exact=True).check()
    page.get_by_label("Coordinating partner").select_option(label="District council 2 (Kenya)")
    page.get_by_role("button", name="Open the partnership").click()
    expect(page.get_by_text("District council 2 (Kenya) is not one of the partners you chose.").first).to_be_visible()
    expect(page.get_by_role("checkbox", name="Haukeland University Hospital (Norway)")).to_be_checked()
    assert not Partnership.objects.exists()
    context.close()
