"""The B03 and C05 forms as PDF: the form code, the partnership, the agreement or round, the
changes before and after, the justification, the attachments and the decision; user text with
markup reaches no network and shows as text."""

import socket

import pytest
from django.test import Client
from django.urls import reverse

from amendments import services
from norec.core.pdf import RestrictedURLFetcher
from tests.amendments.conftest import draft_b03, draft_c05, extend_leg, leg_keys
from tests.factories import contact_of, pdf_upload
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

INJECTED = '<img src="http://169.254.169.254/latest/meta-data"><b>bold</b> & <script>alert(1)</script>'


def pdf_of(amendment, user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("amendments:pdf", args=[amendment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_c05_form_with_its_changes_and_decision(exchange_round, adviser):
    (leg, _key), _other = leg_keys(exchange_round)
    coordinator = contact_of(exchange_round.partnership.coordinating_organisation)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    services.add_document(amendment, upload=pdf_upload("hospital-letter.pdf"), by=coordinator)
    services.submit_amendment(amendment, by=coordinator)
    services.approve_amendment(amendment, reason="The hospital's letter explains the need.", by=adviser)
    text = pdf_of(amendment, adviser)
    assert "Form C05" in text and "Round agreement amendment application" in text
    assert amendment.reference in text and "Young nurses exchange" in text and "Round 1" in text
    assert "return" in text and "hospital-letter.pdf" in text
    assert "Approved" in text and "Ada Adviser" in text and "The hospital's letter explains the need." in text


def test_user_text_is_text_and_reaches_no_network(case, adviser, monkeypatch):
    asked = []
    original = RestrictedURLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(RestrictedURLFetcher, "fetch", spy)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    amendment = draft_b03(case, justification=INJECTED, common_goals=f"Goals {INJECTED}")
    text = pdf_of(amendment, adviser)
    assert "Form B03" in text and "Collaboration agreement amendment application" in text
    assert '<img src="http://169.254.169.254/latest/meta-data"><b>bold</b>' in text
    assert "<script>alert(1)</script>" in text
    assert not [url for url in asked if "169.254" in url]
    assert all(url.startswith(("data:", "https://pdf.norec-exchange.invalid/static/")) for url in asked)
