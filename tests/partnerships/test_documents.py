"""The collaboration agreement as PDF: its context, the rendering, and the restricted URL fetcher."""

from datetime import date

import pytest

from norec.core.pdf import BASE_URL, RefusedURL, RestrictedURLFetcher, render_pdf, restricted_url_fetcher
from partnerships import services
from partnerships.documents import agreement_pdf_context, render_agreement_pdf
from tests.pdf import pdf_text


def test_agreement_pdf_context(agreement, organisation, contact):
    services.sign_agreement(agreement, organisation=organisation, by=contact)
    context = agreement_pdf_context(agreement)

    assert context["partnership_name"] == "Young nurses exchange"
    assert context["adviser_name"] == "Ada Adviser"
    assert context["direction"] == "North–south"  # noqa: RUF001
    assert context["coordinating"]["name"] == "Bergen Health Trust"
    assert [(p["name"], p["country"], p["is_coordinating"]) for p in context["partners"]] == [
        ("Bergen Health Trust", "Norway", True),
        ("Kampala Youth Network", "Uganda", False),
    ]
    assert context["partners"][1]["goals"] == "Goals of Kampala Youth Network"
    assert context["partners"][0]["signature"].signed_by == contact
    assert context["partners"][1]["signature"] is None
    assert context["signed_by_all"] is False
    assert (context["period_start"], context["period_end"]) == (date(2025, 1, 10), date(2026, 7, 31))
    assert [(r["number"], str(r["participants"]), r["budget"]) for r in context["rounds"]] == [
        (1, "1 north → south and 1 south → north", "NOK 400,000.00"),
        (2, "1 north → south and 1 south → north", "NOK 450,000.00"),
    ]
    assert context["budget_total"] == "NOK 850,000.00"
    assert context["common_goals"].startswith("Better care")


def test_agreement_renders_as_pdf(agreement):
    text = pdf_text(render_agreement_pdf(agreement))
    assert "Collaboration agreement Young nurses exchange" in text
    assert "Coordinating partner Bergen Health Trust (Norway)" in text
    assert "Goals of Kampala Youth Network" in text
    assert "Signatures" in text and "Signed by" not in text  # nobody has signed yet


def test_render_pdf_asks_only_the_restricted_fetcher(tmp_path, settings, monkeypatch):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "probe.html").write_text(
        '<img src="http://169.254.169.254/latest/meta-data"><img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="/static/norec/site.css"><p>{{ text }}</p>'
    )
    asked = []
    original_fetch = RestrictedURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original_fetch(self, url, headers)
        except RefusedURL:
            asked.append((url, "refused"))
            raise
        asked.append((url, "served"))
        return response

    monkeypatch.setattr(RestrictedURLFetcher, "fetch", spy)
    assert pdf_text(render_pdf("probe.html", {"text": "Hello"})) == "Hello"
    assert sorted(url for url, outcome in asked if outcome == "refused") == [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data",
    ]
    served = [url for url, outcome in asked if outcome == "served"]
    assert BASE_URL + "static/norec/site.css" in served  # and the fonts it names, all our own static files
    assert all(url.startswith(BASE_URL + "static/") for url in served)


def test_fetcher_serves_static_files_and_data_urls_only():
    fetcher = restricted_url_fetcher()
    response = fetcher.fetch(BASE_URL + "static/norec/site.css")
    assert b"Designsystemet" in response.read()
    assert response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,SGk=").read() == b"Hi"
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data",
        "https://example.org/logo.png",
        BASE_URL + "static/../../norec/settings.py",
        BASE_URL + "media/cases/1/minutes/x.pdf",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
