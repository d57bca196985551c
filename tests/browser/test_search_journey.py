"""The search on a phone (390 by 844) and a laptop: a partner contact follows the header's search
link (on a phone; a box on a laptop), types a participant's name with a typo and reaches the
participant's page; the results page fits, is axe clean, and the header stays small."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, signed_in
from tests.browser.test_phone_layout import OVERFLOW
from tests.factories import AdviserFactory, OrganisationFactory, UserFactory
from tests.machines.builders import _round_now, _walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_SHARE = 0.20  # of the first screen, at most (as the homes' test): the search is a link there


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


def test_a_contact_finds_a_participant_from_the_header(page, live_server):
    contact = UserFactory(full_name="Chris Contact")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[contact])
    kampala = OrganisationFactory(name="Kampala Youth Network", country="UG", with_contact=True)
    _walk(*_round_now(AdviserFactory(), [bergen, kampala], departs_in=20), "preparing")

    signed_in(page, live_server, contact)
    header = page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert header <= HEADER_SHARE * PHONE["height"], f"the header takes {header} of {PHONE['height']} px"
    page.get_by_role("banner").get_by_role("link", name="Search").click()
    expect(page.get_by_text("Type a name or a part of it")).to_be_visible()
    page.get_by_role("main").get_by_role("searchbox", name="Search").fill("Nakatp")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    found = page.get_by_role("region", name="Participants")
    expect(found.get_by_role("link", name="Amina Nakato")).to_be_visible()
    expect(found.get_by_role("link", name="Young nurses exchange")).to_be_visible()  # her case, a click away
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= PHONE["width"] and not result["offenders"], result
    assert_accessible(page)
    found.get_by_role("link", name="Amina Nakato").click()
    expect(page.get_by_role("heading", name="Amina Nakato", level=1)).to_be_visible()


def test_on_a_laptop_the_header_holds_a_search_box(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    contact = UserFactory(full_name="Chris Contact")
    OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[contact])
    signed_in(page, live_server, contact)
    expect(page.get_by_role("banner").get_by_role("link", name="Search")).to_be_hidden()
    page.get_by_role("banner").get_by_role("searchbox", name="Search").fill("Bergn")
    page.get_by_role("banner").get_by_role("button", name="Search").click()
    found = page.get_by_role("region", name="Partner organisations")
    expect(found.get_by_role("link")).to_have_text("Bergen Health Trust")
    assert_accessible(page)
