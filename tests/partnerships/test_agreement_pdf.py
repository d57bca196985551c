"""The collaboration agreement PDF: every script of partners' names is drawn with a real font, it
is written in the case's language whoever downloads it, and its dates read the one way the
service writes them ("1. august 2025", "1 August 2025"; never "08/01/2025")."""

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.documents import render_agreement_pdf
from tests.factories import OrganisationFactory, UserFactory, make_case
from tests.pdf import pdf_fonts, pdf_text

# A name per script, as partners write them (Chinese: Wang Xiaoming).
NAMES = {
    "NO": "Bjørn Ærø Åsen",
    "TH": "สมชาย ใจดี",
    "ET": "አበበ በቀለ",
    "VN": "Nguyễn Thị Minh Khai",
    "CN": "王小明",
}


@pytest.fixture
def world_agreement(adviser):
    """An agreement of five organisations whose names and contacts are written in five scripts."""
    organisations = [
        OrganisationFactory(name=f"{name} org", country=country, contacts=[UserFactory(full_name=name)])
        for country, name in NAMES.items()
    ]
    return make_case("approved_awaiting_signatures", adviser=adviser, organisations=organisations).agreement


@pytest.mark.django_db
def test_every_script_is_drawn_with_a_font_that_has_it(world_agreement):
    pdf = render_agreement_pdf(world_agreement)
    text = pdf_text(pdf)
    for name in NAMES.values():
        assert name in text, f"{name} is not in the PDF's text"
    fonts = pdf_fonts(pdf).replace("-", "")  # "Noto-Sans-Thai-Bold"
    # Without the Noto families these scripts would fall to a font without them: empty boxes.
    for family in ("NotoSansThai", "NotoSerifThai"), ("NotoSansEthiopic", "NotoSerifEthiopic"), ("CJK",):
        assert any(name in fonts for name in family), f"no {family[0]} font embedded:\n{fonts}"
    assert "Type 3" not in fonts  # WeasyPrint draws no glyph as a bitmap fallback


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "date"),
    [("nb", "Samarbeidsavtale", "1. august 2025"), ("en", "Collaboration agreement", "1 August 2025")],
)
def test_the_pdf_is_in_the_cases_language_with_its_dates(adviser, language, title, date):
    case = make_case("approved_awaiting_signatures", adviser=adviser)
    case.language = language
    case.save(update_fields=["language"])
    with translation.override("en" if language == "nb" else "nb"):  # the downloader's language differs
        text = pdf_text(render_agreement_pdf(case.agreement))
    assert title in text
    assert date in text
    assert "08/01/2025" not in text and "01/08/2025" not in text


@pytest.mark.django_db
def test_the_downloader_language_does_not_change_the_pdf(client, adviser):
    adviser.preferred_language = "nb"
    adviser.save(update_fields=["preferred_language"])
    case = make_case("approved_awaiting_signatures", adviser=adviser)  # English, the default
    client.force_login(adviser)
    response = client.get(reverse("partnerships:agreement_pdf", args=[case.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Collaboration agreement" in text
    assert "Samarbeidsavtale" not in text
