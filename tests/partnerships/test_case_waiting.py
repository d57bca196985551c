"""What waits for whom, and since when: the case list's "Waiting for" column, its sort, and the
adviser's home, which lists what waits for her first, the longest wait first."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from norec.core.models import AuditEvent
from partnerships import services
from partnerships.events import CaseEvent
from partnerships.waiting_state import refresh_waiting
from tests.factories import contact_of, make_case, pdf_upload, reload

LIST = reverse("partnerships:case_list")


def waiting_of(client, case_name, **query):
    response = client.get(LIST, {"scope": "all", **query})
    (row,) = [row for row in response.context["cases"] if row.name == case_name]
    return row.waiting


def backdate(case, action, days):
    """The case's history happened `days` earlier (a test cannot wait that long); returns when `action` did."""
    events = AuditEvent.objects.for_subject(case)
    events.update(created_at=F("created_at") - timedelta(days=days))
    refresh_waiting([case.pk])  # history rewritten, as time passing: the nightly refresh would see it
    return events.get(action=action).created_at


class TestWhatWaits:
    def test_a_new_pre_study_waits_for_the_partners_and_says_what_is_missing(self, adviser_client, case):
        waiting = waiting_of(adviser_client, case.name)
        assert waiting.who == "partners"
        assert waiting.summary == "Pre-study under way"
        assert waiting.missing == [
            "a seminar representative of Bergen Health Trust",
            "a seminar representative of Kampala Youth Network",
            "the partner meeting",
        ]

    def test_a_done_pre_study_waits_for_the_application_to_start(self, adviser_client, ready_case):
        waiting = waiting_of(adviser_client, ready_case.name)
        assert (waiting.who, waiting.summary, waiting.missing) == (
            "partners",
            "Pre-study done: the application can be started",
            [],
        )

    def test_a_submitted_application_waits_for_the_adviser_since_its_submission(
        self, adviser_client, submitted_application
    ):
        case = submitted_application.partnership
        moment = backdate(case, CaseEvent.APPLICATION_SUBMITTED, 12)
        services.add_comment(reload(case), text="A comment does not restart the wait.", by=case.adviser)
        waiting = waiting_of(adviser_client, case.name)
        assert (waiting.who, waiting.summary) == ("adviser", "Application submitted")
        assert waiting.since_iso == timezone.localtime(moment).replace(microsecond=0).isoformat()
        content = adviser_client.get(LIST).content.decode()
        assert "Application submitted" in content
        assert f'Waiting for the programme adviser since <time datetime="{waiting.since_iso}">' in content

    def test_a_returned_application_waits_for_the_partners(self, adviser_client, case_in):
        case = case_in("application_returned")
        waiting = waiting_of(adviser_client, case.name)
        assert (waiting.who, waiting.summary) == ("partners", "Application returned for revision")

    def test_an_agreement_waits_for_the_signatures_still_missing(self, adviser_client, agreement, organisation):
        case = agreement.partnership
        services.sign_agreement(agreement, organisation=organisation, by=contact_of(organisation))
        waiting = waiting_of(adviser_client, case.name)
        assert (waiting.who, waiting.summary) == ("partners", "Agreement waiting for signatures")
        assert waiting.missing == ["the signature of Kampala Youth Network"]

    def test_the_exchange_says_who_owes_what(self, adviser_client, exchange_case):
        # What an exchange waits for comes from the exchanges app: tests/exchanges/test_exchange_waiting.py.
        waiting = waiting_of(adviser_client, exchange_case.name)
        assert (waiting.who, waiting.summary) == ("adviser", "Exchange under way")
        assert "Round 1 ended on 20 December 2025: its exchange to mark done" in waiting.owed
        assert "Nobody" not in adviser_client.get(LIST).content.decode()

    def test_the_cell_keeps_its_sentences_apart(self, adviser_client, case):
        """Each part of the cell is an element of its own, with a space between: "…4 December
        2026Missing: …" ran two sentences together (for screen readers, copying, and the home
        page, which had no style to put each on a line)."""
        content = adviser_client.get(LIST).content.decode()
        cell = re.search(r'<td data-label="Waiting for">(.*?)</td>', content, re.S).group(1)
        text = " ".join(strip_tags(cell).split())
        since = waiting_of(adviser_client, case.name).since_display
        assert text == (
            f"Pre-study under way Waiting for the partners since {since} Missing: a seminar representative of "
            "Bergen Health Trust; a seminar representative of Kampala Youth Network; the partner meeting"
        )
        assert re.search(r"</span>\s+<span", cell)

    def test_the_final_report_waits_for_the_partners_then_the_adviser(self, adviser_client, follow_up_case):
        waiting = waiting_of(adviser_client, follow_up_case.name)
        assert (waiting.who, waiting.summary) == ("partners", "Final report to submit")
        services.submit_final_report(
            follow_up_case,
            text="What we learnt.",
            attachment=pdf_upload(),
            by=contact_of(follow_up_case.coordinating_organisation),
        )
        waiting = waiting_of(adviser_client, follow_up_case.name)
        assert (waiting.who, waiting.summary) == ("adviser", "Final report submitted")

    def test_a_closed_case_waits_for_nobody(self, adviser_client, case_in):
        case = case_in("withdrawn")
        assert waiting_of(adviser_client, case.name) is None

    def test_the_partner_contact_sees_the_same(self, contact_client, submitted_application):
        content = contact_client.get(LIST).content.decode()
        assert "Waiting for the programme adviser since" in content


class TestSortByWaitingTime:
    @pytest.fixture
    def cases(self, adviser):
        made = {
            "Alpha": make_case("application_submitted", name="Alpha", adviser=adviser),
            "Bravo": make_case("exchange", name="Bravo", adviser=adviser),
            "Charlie": make_case("application_submitted", name="Charlie", adviser=adviser),
            "Delta": make_case("pre_study", name="Delta", adviser=adviser),
            "Echo": make_case("withdrawn", name="Echo", adviser=adviser),
        }
        backdate(made["Alpha"], CaseEvent.APPLICATION_SUBMITTED, 3)
        backdate(made["Charlie"], CaseEvent.APPLICATION_SUBMITTED, 30)
        backdate(made["Delta"], CaseEvent.CREATED, 10)
        return made

    def names(self, client, **query):
        return [row.name for row in client.get(LIST, query).context["cases"]]

    def test_by_name_unless_asked(self, adviser_client, cases):
        assert self.names(adviser_client) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
        assert self.names(adviser_client, sort="nonsense") == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]

    def test_the_longest_wait_first_and_nobody_waiting_last(self, adviser_client, cases):
        # Bravo's exchange waits for the adviser since its round 1 ended (20 December 2025).
        assert self.names(adviser_client, sort="waiting") == ["Bravo", "Charlie", "Delta", "Alpha", "Echo"]
        assert self.names(adviser_client, sort="-waiting") == ["Alpha", "Delta", "Charlie", "Bravo", "Echo"]

    def test_the_headers_link_to_the_orders_and_say_which_is_used(self, adviser_client, cases):
        content = adviser_client.get(LIST, {"phase": "application"}).content.decode()
        sorted_by = '<th scope="col" aria-sort="ascending"><a class="ds-link sort-link" href="?phase=application&amp;'
        sorted_by += "sort="
        assert f'{sorted_by}name">' in content
        assert 'href="?phase=application&amp;sort=waiting">Waiting for' in content
        content = adviser_client.get(LIST, {"phase": "application", "sort": "waiting"}).content.decode()
        assert f'{sorted_by}-waiting">Waiting for' in content
        content = adviser_client.get(LIST, {"sort": "-waiting"}).content.decode()
        assert '<th scope="col" aria-sort="descending">' in content

    def test_the_pages_keep_the_order(self, adviser_client, cases, monkeypatch):
        monkeypatch.setattr("partnerships.views.cases.CASES_PER_PAGE", 2)
        content = adviser_client.get(LIST, {"sort": "waiting", "page": 2}).content.decode()
        assert "?sort=waiting&amp;page=1" in content


class TestAdviserHome:
    def test_what_waits_for_her_comes_first_the_oldest_first(self, adviser_client, adviser, other_adviser):
        recent = make_case("application_submitted", name="Recent submission", adviser=adviser)
        old = make_case("follow_up_report_submitted", name="Old final report", adviser=adviser)
        make_case("pre_study", name="A pre-study", adviser=adviser)
        make_case("application_submitted", name="Not hers", adviser=other_adviser)
        backdate(recent, CaseEvent.APPLICATION_SUBMITTED, 2)
        backdate(old, CaseEvent.FINAL_REPORT_SUBMITTED, 20)
        response = adviser_client.get(reverse("home"))
        assert [row.name for row in response.context["waiting"]] == ["Old final report", "Recent submission"]
        assert [row.name for row in response.context["cases"]] == ["A pre-study"]
        content = response.content.decode()
        assert content.index("Waiting for you") < content.index("Old final report") < content.index("Recent submission")
        assert content.index("Recent submission") < content.index("A pre-study")
        assert "Not hers" not in content

    def test_nothing_waiting_is_said(self, adviser_client, case):
        content = adviser_client.get(reverse("home")).content.decode()
        assert "Nothing waits for you" in content
