"""A document waiting for the adviser's decision says "Submitted" once, with its date, not as its
status and again as the label of its date ("Submitted · Submitted 5 December 2026")."""

import re

from django.urls import reverse

from exchanges import services as round_services
from exchanges.models import ReportKind
from tests.factories import contact_of


def said(word: str, html: str) -> int:
    return len(re.findall(rf"\b{word}\b", html))


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_case_pages_application_says_submitted_once(adviser_client, submitted_application):
    case = submitted_application.partnership
    html = adviser_client.get(reverse("partnerships:case_detail", args=[case.pk])).content.decode()
    section = between(html, 'id="application"', "</dl>")
    assert said("Submitted", section) == 1
    assert 'datetime="' in section.split("Submitted", 1)[1].split("</dd>", 1)[0]  # the date, beside the status


def test_the_application_pages_facts_say_submitted_once(adviser_client, submitted_application):
    case = submitted_application.partnership
    html = adviser_client.get(reverse("partnerships:application_edit", args=[case.pk])).content.decode()
    facts = between(html, '<dl class="facts">', "</dl>")
    assert said("Submitted", facts) == 1


def test_a_decided_application_still_gives_both_dates(adviser_client, agreement):
    html = adviser_client.get(reverse("partnerships:case_detail", args=[agreement.partnership.pk])).content.decode()
    section = between(html, 'id="application"', "</dl>")
    assert said("Approved", section) == 1 and said("Submitted", section) == 1 and said("Decided", section) == 1


def test_a_round_report_to_decide_says_submitted_once(adviser_client, follow_up_case):
    exchange_round = follow_up_case.agreement.rounds.get(number=1)
    round_services.submit_round_report(
        exchange_round,
        kind=ReportKind.RESULTS,
        text="Two nurses each way.",
        by=contact_of(follow_up_case.coordinating_organisation),
    )
    url = reverse("exchanges:round_detail", args=[follow_up_case.pk, 1])
    panel = between(adviser_client.get(url).content.decode(), 'id="report-results-panel"', "</p>")
    assert said("Submitted", panel) == 1
    assert "by Chris Contact" in panel
