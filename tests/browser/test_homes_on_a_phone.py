"""The homes that say what to do, on a phone (390 by 844): the participant's portal groups their
items as overdue, this week and later under a compact header, shows the photo they uploaded, and
keeps the success message in view after they tick an item; the partner contact's home lists what
waits for them and their participants. Every page: no sideways scroll, axe clean."""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from exchanges.services import invite_participant
from norec.core.invitations import accept_invitation
from norec.core.models import Invitation
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_phone_layout import OVERFLOW
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import PASSWORD, AdviserFactory, OrganisationFactory, UserFactory, recruit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_SHARE = 0.20  # of the first screen, at most: the header and the main menu


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


def check_page(page):
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= PHONE["width"] and not found["offenders"], f"{page.url}: {found}"
    assert_accessible(page)


def upright_photo_taken_sideways() -> bytes:
    """A phone photo stored landscape (600 by 400) with EXIF orientation 6: shown upright it is
    portrait, and its top (red) is the stored left edge."""
    image = Image.new("RGB", (600, 400), "white")
    image.paste((200, 0, 0), (0, 0, 100, 400))  # the stored left edge: the top once turned
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the stored left column is the top, the stored top row the right
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def on_the_way(settings, tmp_path):
    """Mulago (Sarah) sends Amina to Bergen (Kari) in 20 days; Amina has set her password."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
    from exchanges.programme_checklist import install_programme_checklist

    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    today = timezone.localdate()
    kari, sarah = UserFactory(full_name="Kari Nordmann"), UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    case = case_with_current_round(
        adviser=AdviserFactory(full_name="Ada Adviser"), organisations=[bergen, mulago], today=today
    )
    amina = invite_participant(recruit(leg_departing(case, home=mulago, host=bergen, today=today)), by=sarah)
    accept_invitation(Invitation.objects.get(user=amina.user), password=PASSWORD)
    return {"amina": amina, "sarah": sarah, "kari": kari}


def test_the_portal_on_a_phone(page, live_server, on_the_way, tmp_path):
    amina = on_the_way["amina"]
    sign_in(page, live_server, amina.email, PASSWORD)
    page.get_by_role("link", name="My exchange").first.click()
    expect(page.get_by_role("heading", name="My exchange", level=1)).to_be_visible()

    header = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.site-header, .site-header nav')]"
        ".map((element) => element.getBoundingClientRect().bottom))"
    )
    assert header <= HEADER_SHARE * PHONE["height"], f"the header takes {header} of {PHONE['height']} px"
    check_page(page)

    due = page.get_by_role("region", name="What is due")
    expect(due.get_by_role("heading", name="Overdue")).to_be_visible()
    expect(due.get_by_role("list", name="Overdue")).to_contain_text("Visa")
    expect(due.get_by_role("list", name="This week")).to_contain_text("Travel and health insurance")
    expect(due.get_by_role("list", name="This week")).not_to_contain_text("Visa")
    expect(due.get_by_role("list", name="Later")).to_contain_text("Colleagues prepared")

    photo = tmp_path / "insurance.jpg"
    photo.write_bytes(upright_photo_taken_sideways())
    item = page.locator("li.checklist__item", has_text="Travel and health insurance")
    item.get_by_label("Document").set_input_files(str(photo))
    item.get_by_role("button", name=re.compile("Mark as done")).click()

    message = page.get_by_text("“Travel and health insurance” is done.")
    expect(message).to_be_visible()
    box = message.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"the message is at {box}"
    thumbnail = page.locator("li.checklist__item", has_text="Travel and health insurance").get_by_role("img")
    expect(thumbnail).to_be_visible()
    # decode() waits until the picture has loaded (on a busy machine it may not have yet).
    size = thumbnail.evaluate("(image) => image.decode().then(() => [image.naturalWidth, image.naturalHeight])")
    assert size[0] > 0 and size[1] > size[0], f"the thumbnail is {size}: not upright"
    check_page(page)


def test_the_partner_contacts_home_on_a_phone(page, live_server, on_the_way):
    sign_in(page, live_server, on_the_way["sarah"].email, PASSWORD)
    waits = page.get_by_role("region", name="What waits for you")
    expect(waits).to_contain_text("Amina Nakato: Work contract")
    participants = page.get_by_role("region", name="Your participants")
    expect(participants.get_by_role("row", name=re.compile("Amina Nakato"))).to_contain_text("Mulago Hospital")
    check_page(page)
    waits.get_by_role("link", name="Amina Nakato: Work contract").click()
    expect(page.locator("li.checklist__item", has_text="Work contract")).to_be_in_viewport()
    check_page(page)
