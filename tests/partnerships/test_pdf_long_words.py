"""A word longer than a line breaks inside the page in every PDF (templates/includes/pdf_style.html).

Issue 20 found a 200-character organisation name without spaces running off the agreement PDF,
where poppler no longer saw the end of it, and squeezing the partner table's country and role
columns off the page. The PDFs are read back with pdftotext: its word boxes must lie within the
page's right margin, and the whole name must be there."""

import pytest
from django.urls import reverse

from exchanges import services as exchange_services
from partnerships.documents import render_agreement_pdf
from tests.factories import OrganisationFactory, UserFactory, contact_of, make_case
from tests.pdfs import pdf_text, pdf_words

LONG_NAME = ("Distriktshelsetjenesteutviklingssamarbeidsorganisasjonen" * 4)[:200]
RIGHT_MARGIN = 22 * 72 / 25.4  # the pages' right margin (pdf_style.html's @page), in points
TOLERANCE = 1  # a point, for rounding in poppler's boxes


def beyond_the_margin(pdf: bytes) -> list[str]:
    return [word.text for word in pdf_words(pdf) if word.right > word.page_width - RIGHT_MARGIN + TOLERANCE]


def without_spaces(pdf: bytes) -> str:
    """The text with the breaks a wrapped word gets taken out, so its pieces read as one word."""
    return pdf_text(pdf).replace(" ", "")


@pytest.mark.django_db
def test_a_long_name_wraps_inside_the_agreement_and_its_partner_table(adviser):
    organisations = [
        OrganisationFactory(name=LONG_NAME, country="NO", contacts=[UserFactory(full_name="Kari Nordmann")]),
        OrganisationFactory(name="Kampala Youth Network", country="UG", with_contact=True),
    ]
    case = make_case("approved_awaiting_signatures", adviser=adviser, organisations=organisations)
    pdf = render_agreement_pdf(case.agreement)
    assert beyond_the_margin(pdf) == []
    assert without_spaces(pdf).count(LONG_NAME) >= 3  # the coordinating partner, the partner table, the signatures
    # The partner table keeps every column, each word whole: only the name breaks.
    words = {word.text for word in pdf_words(pdf)}
    assert {"Organisation", "Country", "Role", "Norway", "Uganda", "Coordinating", "Partner"} <= words


@pytest.mark.django_db
def test_a_long_word_wraps_inside_the_round_agreement(adviser, client):
    case = make_case("exchange", adviser=adviser, name=LONG_NAME)
    exchange_round = case.agreement.rounds.get(number=1)
    exchange_services.set_round_agreement(
        exchange_round,
        activities=LONG_NAME,
        contribution="Shared routines.",
        planned={},
        by=contact_of(case.coordinating_organisation),
    )
    client.force_login(adviser)
    response = client.get(reverse("exchanges:round_agreement_pdf", args=[case.pk, 1]))
    assert response.status_code == 200
    assert beyond_the_margin(response.content) == []
    assert without_spaces(response.content).count(LONG_NAME) >= 2  # the case's name and what the participants do
