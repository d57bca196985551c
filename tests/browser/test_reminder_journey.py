"""Deadline reminders as people click them: a participant's checklist has an item of hers due in
three days and one of her sending organisation's a day overdue. The adviser finds no reminder yet,
runs today's sweep from the administration, and sees both reminders sent (the participant's and the
sending organisation's contact's), then filters them by kind. The participant, on a phone, finds her
reminder in her account pages, with its link to her checklist item, and turns off the reminders of
items due soon. Each of them got one email, the participant's linking to her item and to her
settings. Only by the links and buttons the pages show; every page of the journey axe-clean."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from exchanges.models import ChecklistItem, ChecklistTemplate, ChecklistTemplateItem, ItemStatus, Participant
from exchanges.programme_checklist import install_programme_checklist
from exchanges.reminders import LIVE_ROUND_STATES
from norec.core.models import Reminder, ReminderOptOut
from norec.core.reminders.registry import Window, reminder_kinds
from tests.browser.conftest import assert_accessible, signed_in
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import AdviserFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tests.machines.builders import _walk
from training.models import Venue
from training.venues import install_programme_venues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Her own item, due in three days; her sending organisation's, due yesterday.
HERS = "Travel and health insurance"
SENDINGS = "Travel booked"


def long_date(day) -> str:
    return f"{day:%-d %B %Y}"


def round_end(today):
    """Nine months ahead, or a day later: the agreement starts a year before the round ends, and the
    partner contacts' "partner training missing" reminder fires every 30 days after that start."""
    ends = today + relativedelta(months=9)
    while (today - (ends - relativedelta(months=12))).days % 30 == 0:
        ends += timedelta(days=1)
    return ends


@pytest.fixture
def due(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated data too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    install_programme_venues(Venue)
    today = timezone.localdate()
    adviser = AdviserFactory(full_name="Ada Adviser")
    ingrid = UserFactory(full_name="Ingrid Berg", email="ingrid@bergen.example")
    sarah = UserFactory(full_name="Sarah Namubiru", email="sarah@mulago.example")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[ingrid])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    case = case_with_current_round(adviser=adviser, organisations=[bergen, mulago], today=today, ends=round_end(today))
    # Leaving in 20 days: not 28 or 56 days ahead, when "not enrolled on course 1" would fire.
    legs = [
        leg_departing(case, home=bergen, host=mulago, today=today, departs_in=20),
        leg_departing(case, home=mulago, host=bergen, today=today, departs_in=20),
    ]
    exchange_round = _walk(case.agreement.rounds.get(number=1), legs, "preparing")
    assert exchange_round.state in LIVE_ROUND_STATES
    amina = Participant.objects.get(leg=legs[0])  # sent by Bergen, Ingrid's organisation
    amina.user = ParticipantFactory(full_name="Amina Nakato", email="amina@example.org", preferred_language="en")
    amina.save(update_fields=["user"])
    hers = amina.checklist.get(title=HERS, responsible="participant", status=ItemStatus.OPEN)
    sendings = amina.checklist.get(title=SENDINGS, responsible="sending", status=ItemStatus.OPEN)
    # The round's other open items to a day no reminder fires on (the programme's offsets would put
    # some on one), then the two items on theirs.
    ChecklistItem.objects.filter(participant__leg__exchange_round=exchange_round, status=ItemStatus.OPEN).exclude(
        pk__in=[hers.pk, sendings.pk]
    ).update(due_on=today + timedelta(days=100))
    ChecklistItem.objects.filter(pk=hers.pk).update(due_on=today + timedelta(days=3))
    ChecklistItem.objects.filter(pk=sendings.pk).update(due_on=today - timedelta(days=1))
    # What today's sweep will find: these two reminders and nothing else (no other kind fires).
    window = Window(since=today - timedelta(days=1), today=today)
    found = {(one.recipient_id, kind.name, one.subject) for kind in reminder_kinds() for one in kind.find(window)}
    assert found == {
        (amina.user.pk, "checklist_due_soon", f"checklistitem:{hers.pk}"),
        (ingrid.pk, "checklist_overdue", f"checklistitem:{sendings.pk}"),
    }
    return {
        "adviser": adviser,
        "ingrid": ingrid,
        "sarah": sarah,
        "amina": amina.user,
        "participant": amina,
        "hers": hers,
        "sendings": sendings,
        "today": today,
    }


def test_the_adviser_runs_the_sweep_and_the_participant_chooses_her_reminders(browser, live_server, due):
    today, hers, sendings = due["today"], due["hers"], due["sendings"]
    amina, ingrid = due["amina"], due["ingrid"]
    mail.outbox.clear()  # the emails of building the case
    her_line = f"{HERS}: due on {long_date(today + timedelta(days=3))}."
    ingrids_line = f"{SENDINGS} (Amina Nakato): it was due on {long_date(today - timedelta(days=1))}."

    # The adviser opens the reminders: none yet.
    adviser = signed_in(browser.new_context(locale="en-GB").new_page(), live_server, due["adviser"])
    adviser.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reminders sent", exact=True).click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text("Reminders sent")
    expect(adviser.get_by_text("No sweep has run yet.")).to_be_visible()
    expect(adviser.get_by_text("No reminder has been sent yet.")).to_be_visible()
    expect(adviser.get_by_role("table")).to_have_count(0)
    assert_accessible(adviser)

    # She runs today's sweep in the administration.
    adviser.get_by_role("link", name="Reminder sweeps").click()
    run = adviser.get_by_role("button", name="Run today's sweep now")
    expect(run).to_be_visible()
    run.click()
    expect(adviser.get_by_text(re.compile(r"^Sent 2 reminders for .+ in 2 emails\.$"))).to_be_visible()
    assert Reminder.objects.filter(day=today).count() == 2

    # Back on the site, the reminders page lists both, their emails sent.
    adviser.get_by_role("link", name="View site").click()
    adviser.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reminders sent", exact=True).click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text("Reminders sent")
    expect(
        adviser.get_by_text(f"The last sweep, for {long_date(today)}, sent 2 reminders in 2 emails.")
    ).to_be_visible()
    rows = adviser.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    to_amina = rows.filter(has_text=amina.email)
    expect(to_amina).to_contain_text("Amina Nakato")
    expect(to_amina).to_contain_text("Checklist items due soon")
    expect(to_amina.get_by_role("link", name=her_line)).to_have_attribute("href", f"/my-exchange/#item-{hers.pk}")
    expect(to_amina).to_contain_text("Sent")
    to_ingrid = rows.filter(has_text=ingrid.email)
    expect(to_ingrid).to_contain_text("Ingrid Berg")
    expect(to_ingrid).to_contain_text("Checklist items overdue")
    expect(to_ingrid.get_by_role("link", name=ingrids_line)).to_have_attribute(
        "href", re.compile(rf"/#item-{sendings.pk}$")
    )
    expect(to_ingrid).to_contain_text("Sent")
    assert_accessible(adviser)

    # Filtered by kind: the overdue item's reminder only, the filter kept in the address.
    adviser.get_by_label("Kind").select_option(label="Checklist items overdue")
    adviser.get_by_role("button", name="Filter").click()
    expect(adviser).to_have_url(re.compile(r"[?&]kind=checklist_overdue(&|$)"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ingrid.email)
    expect(rows.first).not_to_contain_text(amina.email)
    expect(adviser.get_by_label("Kind")).to_have_value("checklist_overdue")
    assert_accessible(adviser)

    # Amina, on her phone, finds her reminder in her account pages.
    phone = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    participant = signed_in(phone.new_page(), live_server, amina)
    participant.get_by_role("navigation", name="Main menu").get_by_role("link", name="Account security").click()
    participant.get_by_role("navigation", name="Account").get_by_role("link", name="Reminders").click()
    expect(participant.get_by_role("heading", level=1)).to_have_text("Reminders")
    history = participant.get_by_role("list", name="Reminders sent to you")
    expect(history.get_by_role("listitem")).to_have_count(1)
    expect(history).to_contain_text(long_date(today))
    expect(history).to_contain_text("Checklist items due soon")
    expect(history).to_contain_text("Sent")
    expect(history.get_by_role("link", name=her_line)).to_have_attribute("href", f"/my-exchange/#item-{hers.pk}")
    expect(participant.get_by_text("Always sent (you cannot turn these off):")).to_be_visible()

    # She turns off the reminders of items due soon.
    due_soon = participant.get_by_role("checkbox", name="Checklist items due soon")
    expect(due_soon).to_be_checked()
    due_soon.uncheck()
    participant.get_by_role("button", name="Save my choices").click()
    expect(participant.get_by_text("Your reminder settings are saved.")).to_be_visible()
    participant.reload()
    expect(participant.get_by_role("heading", level=1)).to_have_text("Reminders")
    expect(participant.get_by_role("checkbox", name="Checklist items due soon")).not_to_be_checked()
    assert list(ReminderOptOut.objects.filter(user=amina).values_list("kind", flat=True)) == ["checklist_due_soon"]
    width = participant.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the reminders page is {width} px wide on a phone"
    assert_accessible(participant)

    # Her reminder's link opens her checklist item.
    participant.get_by_role("link", name=her_line).click()
    expect(participant).to_have_url(re.compile(rf"/my-exchange/#item-{hers.pk}$"))
    expect(participant.locator(f"#item-{hers.pk}")).to_contain_text(HERS)

    # One email each, the participant's linking to her item and to her settings.
    assert Counter(address for message in mail.outbox for address in message.to) == {amina.email: 1, ingrid.email: 1}
    (hers_email,) = [message for message in mail.outbox if amina.email in message.to]
    assert hers_email.subject == f"[Norec Exchange] 1 reminder for {long_date(today)}"
    assert f"{settings.NOREC_SITE_URL}/reminders/" in hers_email.body
    assert her_line in hers_email.body
    html, mimetype = hers_email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{settings.NOREC_SITE_URL}/my-exchange/#item-{hers.pk}"' in html
    (ingrids_email,) = [message for message in mail.outbox if ingrid.email in message.to]
    assert ingrids_line in ingrids_email.body
