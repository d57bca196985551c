"""What a case waits for, kept on the case (partnerships.waiting_state): refreshed by each kind of
change through the services, once more when the change commits, each night for time passing,
in a constant number of queries; stored in no language and read in the reader's."""

from datetime import timedelta

import pytest
from django.apps import apps as installed
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from exchanges.services import complete_item, mark_round_exchange_done
from norec.celery import app as celery_app
from partnerships import services
from partnerships.models import Partnership
from partnerships.selectors.waiting import WaitingTexts
from partnerships.tasks import refresh_waiting_task
from partnerships.waiting_state import _RefreshOnCommit, deferred_refresh, refresh_waiting, waiting_changed
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import contact_of, make_case, pdf_upload, recruit, reload
from tests.test_page_queries import ADVISER_HOME_QUERIES, CASE_LIST_QUERIES, CONTACT_HOME_QUERIES

LIST = reverse("partnerships:case_list")
# The contact's home with cases in their exchange: as with none, and what their exchanges need
# (exchanges.selectors.homes; tests/exchanges/test_contact_home.py), the same for 5 cases or 50.
CONTACT_EXCHANGES_HOME_QUERIES = CONTACT_HOME_QUERIES + 3


def kept(case) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


def said(case, language="en"):
    """The kept state as a row says it, in `language`."""
    case = kept(case)
    with translation.override(language):
        return WaitingTexts().waiting(case.waiting_for, case.waiting_words)


class TestRefreshedByEachChange:
    def test_a_new_case_waits_for_the_partners(self, case):
        case = kept(case)
        assert case.waiting_for == "partners" and case.waiting_since is not None
        assert case.waiting_refreshed_at is not None
        assert said(case).summary == "Pre-study under way"

    def test_the_application_goes_to_the_adviser_and_back(self, adviser, case_in):
        case = case_in("application_submitted")
        assert (kept(case).waiting_for, said(case).summary) == ("adviser", "Application submitted")
        services.return_application(reload(case).application, comment="Say more about the budget.", by=adviser)
        assert (kept(case).waiting_for, said(case).summary) == ("partners", "Application returned for revision")

    def test_each_signature_leaves_fewer_missing(self, agreement, organisation, other_organisation):
        case = agreement.partnership
        assert len(said(case).missing) == 2
        services.sign_agreement(agreement, organisation=organisation, by=contact_of(organisation))
        assert said(case).missing == [f"the signature of {other_organisation.name}"]

    def test_a_checklist_item_done_is_owed_no_more(self, adviser, organisation, other_organisation, other_contact):
        today = timezone.localdate()
        case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
        amina = recruit(leg_departing(case, home=other_organisation, host=organisation, today=today))
        assert f"{other_organisation.name}: 3 overdue checklist items" in said(case).owed
        complete_item(amina.checklist.get(title="Work contract"), by=other_contact, document=pdf_upload())
        assert f"{other_organisation.name}: 2 overdue checklist items" in said(case).owed

    def test_a_round_marked_done_is_waited_for_no_more(self, exchange_case):
        assert len(said(exchange_case).owed) == 2
        mark_round_exchange_done(exchange_case.agreement.rounds.get(number=1), by=exchange_case.adviser)
        assert said(exchange_case).owed[0] == "Round 2 ended on 31 July 2026: its exchange to mark done"

    def test_the_final_report_goes_to_the_adviser(self, follow_up_case):
        assert kept(follow_up_case).waiting_for == "partners"
        services.submit_final_report(
            follow_up_case,
            text="What we learnt.",
            attachment=pdf_upload(),
            by=contact_of(follow_up_case.coordinating_organisation),
        )
        assert (kept(follow_up_case).waiting_for, said(follow_up_case).summary) == ("adviser", "Final report submitted")

    def test_a_closed_case_waits_for_nobody(self, case_in):
        case = case_in("withdrawn")
        assert (kept(case).waiting_for, kept(case).waiting_words, kept(case).waiting_since) == ("", {}, None)

    def test_a_renamed_organisation_is_named_anew(self, adviser, case, organisation):
        services.change_organisation(
            organisation, name="Bergen Care Trust", country=organisation.country, kind=organisation.kind, by=adviser
        )
        assert "a seminar representative of Bergen Care Trust" in said(case).missing


def refreshes_on_commit() -> list:
    """The refreshes the test's transaction (never committed) has queued for its commit."""
    return [callback for _s, callback, _r in connection.run_on_commit if isinstance(callback, _RefreshOnCommit)]


class TestRefreshedOnCommit:
    def test_once_per_transaction_whatever_the_number_of_events(self, adviser, case_in):
        case = case_in("application_submitted")
        other = case_in("application_submitted", name="Another exchange")
        services.return_application(reload(case).application, comment="More, please.", by=adviser)
        services.add_comment(reload(case), text="A note.", by=adviser)
        (refresh,) = refreshes_on_commit()  # one refresh after the commit, for both cases
        assert {case.pk, other.pk} <= refresh.pks

    def test_the_commit_sees_what_changed_after_the_last_event(self, case):
        waiting_changed(case)
        # A change after the event (the refresh at the event did not see it): the one at the commit does.
        Partnership.objects.filter(pk=case.pk).update(waiting_for="adviser")
        (refresh,) = refreshes_on_commit()
        refresh()
        assert kept(case).waiting_for == "partners"

    def test_a_block_of_many_changes_refreshes_once_at_its_end(self, case):
        Partnership.objects.filter(pk=case.pk).update(waiting_for="", waiting_words={})
        with deferred_refresh():
            waiting_changed(case)
            waiting_changed(case.pk)
            assert kept(case).waiting_for == ""
        assert kept(case).waiting_for == "partners"


class TestTimePassing:
    def test_the_nightly_refresh_shows_an_item_fallen_overdue(self, adviser, organisation, other_organisation):
        today = timezone.localdate()
        case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
        # Departing in 90 days: nothing is due yet.
        recruit(leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=90))
        assert (kept(case).waiting_for, said(case).who_text) == ("", "Nothing is overdue")
        # Eighty days on, without a change: the items due before then are overdue.
        assert refresh_waiting(today=today + timedelta(days=80)) >= 1
        assert kept(case).waiting_for == "partners"
        assert f"{other_organisation.name}: 3 overdue checklist items" in said(case).owed

    def test_the_task_refreshes_every_open_case_and_runs_each_night(self, case, case_in):
        closed = case_in("withdrawn", name="Ended exchange")
        Partnership.objects.update(waiting_for="", waiting_words={})
        assert refresh_waiting_task() == 1  # the open one; a closed case waits for nobody
        assert kept(case).waiting_for == "partners" and kept(closed).waiting_for == ""
        (entry,) = [e for e in celery_app.conf.beat_schedule.values() if e["task"] == refresh_waiting_task.name]
        assert entry["schedule"].hour == {0} and entry["schedule"].minute == {5}


class TestKeptInNoLanguage:
    def test_written_in_english_read_in_bokmal(self, exchange_case, adviser):
        with translation.override("en"):
            refresh_waiting([exchange_case.pk])
        words = kept(exchange_case).waiting_words
        assert "Round" not in str(words) and "exchanges.round_ended" in str(words)
        nb = said(exchange_case, "nb")
        assert (nb.summary, nb.who_text) == ("Utveksling pågår", "Venter på programrådgiveren")
        assert nb.owed[0] == "Runde 1 sluttet 20. desember 2025: utvekslingen skal markeres som ferdig"

    def test_the_list_cell_reads_in_bokmal(self, case, adviser):
        with translation.override("en"):
            refresh_waiting([case.pk])
        adviser.preferred_language = "nb"
        adviser.save(update_fields=["preferred_language"])
        client = Client()
        client.force_login(adviser)
        content = client.get(LIST).content.decode()
        assert "Venter på partnerne" in content and "Waiting for the partners" not in content


class TestConstantQueries:
    @pytest.mark.parametrize("rows", [5, 50])
    def test_a_refresh_whatever_the_number_of_cases(self, adviser, django_assert_num_queries, rows, exchange_case):
        for number in range(rows - 1):
            make_case("application_submitted", name=f"Case {number:02d}", adviser=adviser)
        # The cases with the rules, their partners, each source's owed (exchanges, amendments), the update.
        with django_assert_num_queries(5):
            assert refresh_waiting() == rows

    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_pages_read_exchanges_at_a_fixed_count(
        self, adviser, adviser_client, contact_client, django_assert_num_queries, rows, organisation, other_organisation
    ):
        for number in range(rows):
            make_case(
                "exchange",
                name=f"Exchange {number:02d}",
                adviser=adviser,
                organisations=[organisation, other_organisation],
            )
        with django_assert_num_queries(CASE_LIST_QUERIES):
            content = adviser_client.get(LIST, {"scope": "all", "sort": "waiting"}).content.decode()
        assert content.count(": its exchange to mark done</li>") == 2 * rows
        with django_assert_num_queries(ADVISER_HOME_QUERIES):
            home = adviser_client.get(reverse("home"))
        assert len(home.context["waiting"]) == min(rows, 20)
        with django_assert_num_queries(CONTACT_EXCHANGES_HOME_QUERIES):
            home = contact_client.get(reverse("home"))
        assert len(home.context["cases"]) == min(rows, 20)


@pytest.mark.django_db
def test_migrate_gives_cases_never_refreshed_their_wait():
    """Cases made before the wait was kept (or by a data migration) read "Nobody" no longer after migrate."""
    case = make_case("application_submitted")
    Partnership.objects.filter(pk=case.pk).update(waiting_for="", waiting_since=None, waiting_refreshed_at=None)
    config = installed.get_app_config("partnerships")
    post_migrate.send(
        sender=config, app_config=config, apps=installed, verbosity=0, interactive=False, using="default", plan=[]
    )
    case.refresh_from_db()
    assert case.waiting_for == "adviser" and case.waiting_refreshed_at is not None
