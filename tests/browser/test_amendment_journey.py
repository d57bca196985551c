"""A round agreement amendment (C05) as people click it: the coordinating partner's contact
applies to bring her participant home two months later, saves a draft and submits it; the adviser
finds it in the amendments queue, sees which checklist items move with it, and approves it. The
round, the checklist, the timeline and the agreement's history (today and as it stood yesterday)
show the change; the form prints as a PDF; the amendment's page fits a phone. Only by the links and
buttons the pages show; every page axe-clean."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from amendments.models import Amendment, AmendmentState
from exchanges.models import ChecklistItem, ChecklistTemplate, ChecklistTemplateItem, DueFrom, ItemStatus
from exchanges.programme_checklist import install_programme_checklist
from tests.browser.conftest import assert_accessible, signed_in
from tests.factories import AdviserFactory, OrganisationFactory, UserFactory
from tests.machines.builders import _round_now, _walk
from training.models import Venue
from training.venues import install_programme_venues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LEG = "Leg Bergen Health Trust → Mulago Hospital"


def long_date(day) -> str:
    return f"{day:%-d %B %Y}"


@pytest.fixture
def preparing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated data too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    install_programme_venues(Venue)
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(full_name="Kari Nordmann")
    sarah = UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    exchange_round = _walk(*_round_now(adviser, [bergen, mulago], departs_in=20), "preparing")
    leg = exchange_round.legs.get(home_organisation=bergen)
    return {
        "adviser": adviser,
        "kari": kari,
        "sarah": sarah,
        "case": exchange_round.partnership,
        "round": exchange_round,
        "leg": leg,
    }


def open_return_items(leg) -> dict[int, object]:
    """The open checklist items of the leg's participants due from the return: {pk: due date}."""
    return dict(
        ChecklistItem.objects.filter(participant__leg=leg, status=ItemStatus.OPEN, due_from=DueFrom.RETURN).values_list(
            "pk", "due_on"
        )
    )


def test_a_partner_applies_for_a_longer_leg_and_the_adviser_approves_it(browser, live_server, preparing):
    case, leg = preparing["case"], preparing["leg"]
    assert preparing["round"].state == "preparing"
    old_return = leg.return_date
    new_return = old_return + relativedelta(months=2)
    assert new_return <= preparing["round"].planned_end  # the longer leg still fits in the round
    moved_by = (new_return - old_return).days
    due_before = open_return_items(leg)
    assert due_before, "the programme checklist has open items due from the return"

    # Kari, the coordinating partner's contact, applies from round 1's page.
    kari = signed_in(browser.new_context().new_page(), live_server, preparing["kari"])
    kari.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert_accessible(kari)
    kari.locator("#exchange").get_by_role("link", name="Round 1", exact=True).first.click()
    expect(kari.get_by_role("heading", level=1)).to_contain_text("Round 1")
    assert_accessible(kari)
    kari.get_by_role("link", name="Apply for a round agreement amendment (C05)").first.click()
    expect(kari.get_by_role("heading", level=1)).to_have_text("Round agreement amendment (C05): round 1")
    assert_accessible(kari)
    the_leg = kari.get_by_role("group", name=LEG)
    expect(the_leg.get_by_label("Return", exact=True)).to_have_value(old_return.isoformat())
    the_leg.get_by_label("Return", exact=True).fill(new_return.isoformat())
    kari.get_by_label("Justification").fill("The hospital needs the nurse two months longer for the new ward.")
    kari.get_by_role("button", name="Save as a draft").click()
    expect(kari.get_by_text(re.compile(r"C05-\d+ is saved as a draft"))).to_be_visible()
    assert_accessible(kari)
    amendment = Amendment.objects.get(partnership=case)
    reference = amendment.reference
    expect(kari.get_by_role("heading", level=1)).to_contain_text(reference)
    changes = kari.get_by_role("region", name="What changes")
    row = changes.get_by_role("row", name=re.compile(f"{LEG} · return"))
    expect(row).to_contain_text(long_date(old_return))
    expect(row).to_contain_text(long_date(new_return))
    kari.get_by_role("button", name="Submit to the programme adviser").click()
    expect(kari.get_by_text(f"{reference} is submitted to the programme adviser.")).to_be_visible()
    expect(kari.get_by_text("Waiting for the programme adviser, Ada Adviser, to decide.")).to_be_visible()
    assert_accessible(kari)

    # The adviser finds it in the queue, sees what approving it also does, and approves it.
    adviser = signed_in(browser.new_context().new_page(), live_server, preparing["adviser"])
    adviser.get_by_role("link", name="Amendments", exact=True).first.click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text("Amendments waiting for a decision")
    expect(adviser.get_by_text("Your cases, oldest first.")).to_be_visible()
    assert_accessible(adviser)
    adviser.get_by_role("link", name=reference).click()
    expect(adviser.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(adviser)
    effects = adviser.get_by_role("region", name="What approving it also does")
    expect(effects.get_by_role("table")).to_contain_text("Amina Nakato")
    for due in due_before.values():
        expect(effects.get_by_role("table")).to_contain_text(long_date(due + timedelta(days=moved_by)))
    # On a phone's width the page (the changes, the effects, the decision) does not scroll sideways.
    adviser.set_viewport_size(PHONE)
    assert adviser.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    adviser.set_viewport_size({"width": 1280, "height": 900})
    adviser.get_by_label("Reason").fill("The ward's plan supports it, and the budget holds.")
    adviser.get_by_role("button", name="Approve and apply").click()
    expect(adviser.get_by_text(f"{reference} is approved, and the change is applied.")).to_be_visible()
    assert_accessible(adviser)
    assert Amendment.objects.get(pk=amendment.pk).state == AmendmentState.APPROVED
    told = {(address, message.subject) for message in mail.outbox for address in message.to}
    assert (preparing["adviser"].email, "[Norec Exchange] Amendment submitted: Young nurses exchange") in told
    for contact in (preparing["kari"], preparing["sarah"]):
        assert (contact.email, "[Norec Exchange] Amendment approved and applied: Young nurses exchange") in told

    # The round shows the new return; the open items due from the return moved as far.
    adviser.get_by_role("link", name=f"Back to {case.name}").click()
    assert_accessible(adviser)
    adviser.locator("#exchange").get_by_role("link", name="Round 1", exact=True).first.click()
    legs = adviser.get_by_role("region", name="Legs")
    expect(legs.get_by_role("listitem").filter(has_text="Bergen Health Trust → Mulago Hospital")).to_contain_text(
        f"{long_date(leg.departure)} \N{EN DASH} {long_date(new_return)}"
    )
    assert_accessible(adviser)
    due_after = open_return_items(leg)
    assert due_after == {pk: due + timedelta(days=moved_by) for pk, due in due_before.items()}
    legs.get_by_role("link", name="Amina Nakato").first.click()
    expect(adviser.get_by_role("heading", level=1)).to_contain_text("Amina Nakato")
    for pk, due in due_after.items():
        expect(adviser.locator(f"#item-{pk}")).to_contain_text(f"due {long_date(due)}")
    assert_accessible(adviser)
    adviser.get_by_role("link", name="Back to Round 1").click()
    expect(adviser.get_by_role("heading", level=1)).to_contain_text("Round 1")
    assert_accessible(adviser)

    # The case's timeline tells it; its history shows the agreement today and yesterday.
    adviser.get_by_role("link", name=f"Back to {case.name}").click()
    approved = adviser.locator("#timeline li").filter(has_text="Amendment approved and applied")
    expect(approved).to_have_count(1)
    expect(approved).to_contain_text(f"{LEG} · return: {long_date(old_return)} → {long_date(new_return)}")
    assert_accessible(adviser)
    adviser.locator("#amendments").get_by_role("link", name="The agreement's history: as it stood on any date").click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text("The agreement's history")
    assert_accessible(adviser)
    by_amendment = adviser.get_by_role("region", name="Changes by amendment")
    expect(by_amendment.get_by_role("link", name=reference)).to_be_visible()
    # The row names the leg as the amendment's page does (its organisations from today's values).
    expect(by_amendment.get_by_role("row")).to_have_count(2)  # the header, and the one change
    history_row = by_amendment.get_by_role("row", name=re.compile(f"{LEG} · return"))
    expect(history_row).to_contain_text(long_date(old_return))
    expect(history_row).to_contain_text(long_date(new_return))
    today = timezone.localdate()
    as_of = adviser.get_by_role("region", name=re.compile("The agreement as it stood on"))
    expect(as_of).to_contain_text(long_date(new_return))
    yesterday = today - timedelta(days=1)
    adviser.get_by_role("textbox", name=re.compile("^Show the agreement as it stood on")).fill(yesterday.isoformat())
    adviser.get_by_role("button", name="Show").click()
    expect(adviser.get_by_role("heading", name=f"The agreement as it stood on {long_date(yesterday)}")).to_be_visible()
    assert_accessible(adviser)
    expect(as_of).to_contain_text(f"{long_date(leg.departure)} \N{EN DASH} {long_date(old_return)}")
    expect(as_of).not_to_contain_text(long_date(new_return))

    # The form as a PDF, from the amendment's page.
    by_amendment.get_by_role("link", name=reference).click()
    assert_accessible(adviser)
    href = adviser.get_by_role("link", name=f"The {reference} form (PDF)").get_attribute("href")
    form = adviser.request.get(f"{live_server.url}{href}")
    assert form.status == 200 and form.headers["content-type"] == "application/pdf"
    assert form.headers["content-disposition"].startswith("inline")
    assert form.body().startswith(b"%PDF")

    # Kari reads the decided amendment on her phone: nothing scrolls sideways.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    on_phone = signed_in(phone.new_page(), live_server, preparing["kari"])
    on_phone.goto(f"{live_server.url}{case.get_absolute_url()}")
    on_phone.locator("#amendments").get_by_role("link", name=reference).click()
    expect(on_phone.get_by_role("heading", level=1)).to_contain_text(reference)
    assert on_phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(on_phone)
