"""The participant's portal as a person reads it: what is due grouped as overdue, this week and
later by the date where they are; a preview of the photos they uploaded, turned upright and
shown only to whoever may see the photo; and what they just did said beside the item."""

import io
import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from exchanges.services import complete_item, invite_participant
from norec.core import thumbnails
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import ParticipantFactory, pdf_upload, recruit

PORTAL = reverse("exchanges:portal")
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def photo(size=(600, 400), orientation=None, mode="RGB", colour="white", kind="JPEG") -> bytes:
    """A picture whose stored left edge is red: with orientation 6 that edge is its top."""
    image = Image.new(mode, size, colour)
    image.paste((200, 0, 0) if mode == "RGB" else (200, 0, 0, 255), (0, 0, size[0] // 6, size[1]))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, kind, exif=exif)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.fixture
def amina(adviser, organisation, other_organisation, other_contact):
    """Kampala (Olga) sends Amina to Bergen (Chris), departing in 20 days; she has her account."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today)
    return invite_participant(recruit(leg), by=other_contact)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def amina_client(amina):
    return client_of(amina.user)


# --- What is due, by the reader's date ----------------------------------------------------------


def groups_at(client, moment: datetime) -> dict[str, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        due = client.get(PORTAL).context["next_items"]
    return {group: [item.title for item in due[group]] for group in ("overdue", "this_week", "later")}


def noon_in_oslo(day) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("days_before_due", "group"),
    [(-1, "overdue"), (0, "this_week"), (6, "this_week"), (7, "later")],
)
def test_an_item_is_overdue_from_the_day_after_it_is_due_and_this_week_for_seven_days(
    amina, amina_client, days_before_due, group
):
    visa = amina.checklist.get(title="Visa")
    found = groups_at(amina_client, noon_in_oslo(visa.due_on - timedelta(days=days_before_due)))
    assert [name for name, titles in found.items() if "Visa" in titles] == [group]


def test_the_day_is_the_readers_not_utcs(amina, amina_client, settings):
    """At 23:30 UTC on the day the visa is due it is already the next day in Oslo: overdue there."""
    assert settings.TIME_ZONE == "Europe/Oslo"
    visa = amina.checklist.get(title="Visa")
    late_evening_utc = datetime.combine(visa.due_on, time(23, 30), tzinfo=UTC)
    assert "Visa" in groups_at(amina_client, late_evening_utc)["overdue"]


def test_the_portal_says_each_group_under_its_heading(amina, amina_client):
    content = amina_client.get(PORTAL).content.decode()
    overdue = re.search(r'<ul class="plain-list due-group" aria-labelledby="due-overdue">(.*?)</ul>', content, re.S)
    this_week = re.search(r'aria-labelledby="due-this-week">(.*?)</ul>', content, re.S)
    assert ">Visa</a>" in overdue.group(1) and ">Visa</a>" not in this_week.group(1)
    assert ">Travel and health insurance</a>" in this_week.group(1)
    assert '<h3 class="ds-heading due-group__heading" data-size="2xs" id="due-later">Later</h3>' in content
    # What is due comes before the exchange's facts: it is what the first screen is for.
    assert content.index("What is due") < content.index("To Bergen Health Trust")


def test_a_participants_home_is_her_portal(amina_client):
    response = amina_client.get(reverse("home"))
    assert (response.status_code, response["Location"]) == (302, PORTAL)
    assert amina_client.get(reverse("home"), follow=True).templates[0].name == "exchanges/portal.html"


def test_a_participant_not_yet_registered_for_an_exchange_stays_on_the_home(participant_client):
    response = participant_client.get(reverse("home"))
    assert response.status_code == 200
    assert "will appear here once your partner organisation has registered you" in response.content.decode()


def test_the_portal_calls_her_you(amina, amina_client, other_contact):
    """The portal is hers: her own items are "You"'s, not a "Participant"'s; the contacts' pages
    still name the participant."""
    content = amina_client.get(PORTAL).content.decode()
    assert ">Visa</a> · " in content and "· You</li>" in content
    assert "Participant ·" not in content and "· Participant</li>" not in content
    visa = content[content.index('id="item-' + str(amina.checklist.get(title="Visa").pk)) :]
    assert "You ·" in visa[: visa.index("</li>")]
    detail = client_of(other_contact).get(reverse("exchanges:participant_detail", args=[amina.pk])).content.decode()
    assert "Participant ·" in detail and "You ·" not in detail


def test_the_portal_calls_her_you_in_bokmal(amina, amina_client):
    amina.user.preferred_language = "nb"
    amina.user.save(update_fields=["preferred_language"])
    content = amina_client.get(PORTAL).content.decode()
    assert "· Du</li>" in content and "Deltaker ·" not in content


# --- Previews of photos -------------------------------------------------------------------------


def thumbnail_url(item) -> str:
    return reverse("exchanges:item_thumbnail", args=[item.pk])


@pytest.fixture
def insurance(amina):
    """Amina's insurance, ticked with a portrait photo her phone stored sideways (EXIF orientation 6)."""
    item = amina.checklist.get(title="Travel and health insurance")
    return complete_item(item, by=amina.user, document=upload("IMG_0042.JPG", photo(orientation=6)))


def test_the_preview_is_small_upright_and_shown_beside_the_item(amina_client, insurance):
    response = amina_client.get(thumbnail_url(insurance))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    preview = Image.open(io.BytesIO(response.content))
    assert preview.size == (213, 320)  # 400 by 600 upright, at most 320 a side
    red, green, _blue = preview.getpixel((preview.width // 2, 5))
    assert red > 150 and green < 80, "the stored left edge is the top"
    content = amina_client.get(PORTAL).content.decode()
    assert (
        f'<img class="checklist__thumbnail" src="{thumbnail_url(insurance)}" alt="Preview of IMG_0042.JPG"' in content
    )


def test_a_transparent_png_is_previewed_on_white(amina, amina_client):
    item = amina.checklist.get(title="Visa")
    complete_item(item, by=amina.user, document=upload("visa.png", photo(mode="RGBA", colour=(0, 0, 0, 0), kind="PNG")))
    preview = Image.open(io.BytesIO(amina_client.get(thumbnail_url(item)).content))
    assert preview.getpixel((preview.width - 1, preview.height - 1)) == pytest.approx((255, 255, 255), abs=3)


def test_the_preview_is_made_once(amina_client, insurance):
    assert amina_client.get(thumbnail_url(insurance)).status_code == 200
    insurance.document.storage.delete(insurance.document.name)  # from now on only the cache has it
    assert amina_client.get(thumbnail_url(insurance)).status_code == 200


@pytest.mark.parametrize(
    ("name", "content"),
    [("insurance.pdf", pdf_upload().read()), ("IMG_0042.HEIC", HEIC_BYTES)],
    ids=["pdf", "heic-without-a-reader"],
)
def test_what_cannot_be_previewed_is_only_linked(amina, amina_client, name, content):
    item = amina.checklist.get(title="Travel and health insurance")
    complete_item(item, by=amina.user, document=SimpleUploadedFile(name, content))
    if name.endswith(".HEIC") and thumbnails.can_preview(item.document.name):
        pytest.skip("this Pillow reads HEIC")
    assert amina_client.get(thumbnail_url(item)).status_code == 404
    content = amina_client.get(PORTAL).content.decode()
    assert "checklist__thumbnail" not in content and f">{name}</a>" in content


def test_a_picture_too_large_to_decode_is_not_previewed(amina, amina_client, monkeypatch):
    monkeypatch.setattr(thumbnails, "MAX_PIXELS", 1000)
    item = amina.checklist.get(title="Visa")
    complete_item(item, by=amina.user, document=upload("visa.jpg", photo()))
    assert amina_client.get(thumbnail_url(item)).status_code == 404
    assert amina_client.get(reverse("exchanges:item_document", args=[item.pk])).status_code == 200


@pytest.mark.parametrize(
    ("who", "answer"),
    [
        ("the participant", 200),
        ("adviser_client", 200),
        ("other_adviser_client", 200),
        ("contact_client", 200),  # the host
        ("other_contact_client", 200),  # the sender
        ("outsider_client", 404),  # a contact of an organisation outside the case
        ("participant_client", 404),  # another participant
        ("anonymous_client", 302),
    ],
)
def test_the_preview_is_for_whoever_may_see_the_photo(request, insurance, amina_client, who, answer):
    client = amina_client if who == "the participant" else request.getfixturevalue(who)
    document = client.get(reverse("exchanges:item_document", args=[insurance.pk]))
    preview = client.get(thumbnail_url(insurance))
    assert (preview.status_code, document.status_code) == (answer, answer)
    if answer == 302:
        assert preview["Location"].startswith(reverse("account_login"))


def test_another_participants_preview_is_not_found(insurance, other_organisation):
    stranger = ParticipantFactory()
    assert client_of(stranger).get(thumbnail_url(insurance)).status_code == 404


def test_the_preview_answers_get_only(amina_client, insurance):
    assert amina_client.post(thumbnail_url(insurance)).status_code == 405


# --- What was just done, beside the item ----------------------------------------------------------


def item_element(content: str, item) -> str:
    return re.search(rf'<li class="checklist__item[^"]*" id="item-{item.pk}">(.*?)</li>\s*(<li|</ul>)', content, re.S)[
        1
    ]


def test_ticking_comes_back_to_the_item_with_its_message_beside_it(amina, amina_client):
    insurance = amina.checklist.get(title="Travel and health insurance")
    response = amina_client.post(
        reverse("exchanges:complete_item", args=[insurance.pk]),
        {"document": upload("insurance.jpg", photo()), "next": f"{PORTAL}#item-{insurance.pk}"},
    )
    assert response["Location"] == f"{PORTAL}#item-{insurance.pk}"
    content = amina_client.get(PORTAL).content.decode()
    assert "“Travel and health insurance” is done." in item_element(content, insurance)
    assert '<div class="messages">' not in content  # nothing else to say at the top
    assert "is done" not in amina_client.get(PORTAL).content.decode()  # said once


def test_a_refusal_is_said_beside_the_item_too(amina, amina_client):
    visa = amina.checklist.get(title="Visa")  # needs its document
    amina_client.post(reverse("exchanges:complete_item", args=[visa.pk]), {"next": f"{PORTAL}#item-{visa.pk}"})
    element = item_element(amina_client.get(PORTAL).content.decode(), visa)
    assert '<div class="ds-alert checklist__message" data-color="danger" role="alert">' in element


def test_the_contacts_see_their_message_beside_the_item_on_the_participants_page(
    amina, other_contact_client, contact_client
):
    contract = amina.checklist.get(title="Work contract")
    page = reverse("exchanges:participant_detail", args=[amina.pk])
    other_contact_client.post(
        reverse("exchanges:complete_item", args=[contract.pk]), {"document": pdf_upload(), "next": page}
    )
    content = other_contact_client.get(page).content.decode()
    assert "“Work contract” is done." in item_element(content, contract)
    # A page that lists no items (the round's matrix) says it at its top, in the right colour.
    housing = amina.checklist.get(title="Housing arranged")
    round_page = reverse("exchanges:round_detail", args=[amina.partnership.pk, 1])
    contact_client.post(reverse("exchanges:complete_item", args=[housing.pk]), {"next": round_page})
    content = contact_client.get(round_page).content.decode()
    assert re.search(
        r'<div class="ds-alert" data-color="success" role="status">\s*<p class="ds-paragraph">“Housing', content
    )
