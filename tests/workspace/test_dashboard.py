"""The adviser's dashboard: who sees it, whose caseload, what it counts, and its cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AdviserFactory
from tests.test_valid_html import check_with_vnu
from tests.workspace.builders import case_abroad, open_cases

URL = "/dashboard/"


@pytest.fixture
def head(adviser):
    adviser.is_head_of_programme = True
    adviser.save(update_fields=["is_head_of_programme"])
    return adviser


def test_url():
    assert reverse("dashboard") == URL


def test_it_works_for_an_adviser(adviser_client, adviser, organisation, other_organisation):
    open_cases(3, adviser, other_organisation, organisation)
    open_cases(2, AdviserFactory(), other_organisation, organisation, prefix="Not hers")
    response = adviser_client.get(URL)
    assert response.status_code == 200
    assert response.context["overall"].phases == {"pre_study": 3}  # hers only
    assert response.context["overall"].waiting == {"partners": 3}
    assert response.context["loads"] is None  # no caseload per adviser for a plain adviser
    content = response.content.decode()
    assert "Your dashboard" in content
    assert '<tr><th scope="row">Pre-study</th><td>0</td><td>3</td><td>0</td><td>0</td></tr>' in content
    assert '<desc id="chart-phases-desc">Pre-study: 3; Application: 0; Exchange: 0; Follow-up: 0.</desc>' in content


@pytest.mark.parametrize("query", ["scope=all", "adviser=1"])
def test_a_plain_adviser_sees_no_one_elses_caseload(adviser_client, query):
    assert adviser_client.get(f"{URL}?{query}").status_code == 403


@pytest.mark.parametrize("who", ["contact_client", "other_contact_client", "outsider_client", "participant_client"])
def test_it_requires_an_adviser(request, who):
    assert request.getfixturevalue(who).get(URL).status_code == 403


def test_anonymous_signs_in_first(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_it_rejects_post(adviser_client):
    assert adviser_client.post(URL).status_code == 405


def test_the_menu_and_home_link_it_for_advisers_only(adviser_client, contact_client):
    assert f'href="{URL}"' in adviser_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' not in contact_client.get(reverse("home")).content.decode()


def test_the_head_of_programme_sees_every_adviser(head, adviser_client, organisation, other_organisation):
    other = AdviserFactory(full_name="Bo Berg")
    open_cases(2, head, other_organisation, organisation)
    open_cases(3, other, other_organisation, organisation, prefix="Bo's")
    response = adviser_client.get(URL, {"scope": "all"})
    assert response.status_code == 200
    assert response.context["overall"].phases == {"pre_study": 5}
    loads = {load.name: load for load in response.context["loads"]}
    assert loads["Bo Berg"].total == 3 and loads[head.full_name].total == 2
    content = response.content.decode()
    assert "Caseload per adviser" in content
    assert f'href="/cases/?scope=all&amp;adviser={other.pk}&amp;sort=waiting"' in content
    # One adviser's caseload alone.
    response = adviser_client.get(URL, {"adviser": other.pk})
    assert response.context["overall"].phases == {"pre_study": 3}
    assert "Dashboard: the caseload of Bo Berg" in response.content.decode()


def test_an_adviser_who_has_left_still_shows_with_her_cases(head, adviser_client, organisation, other_organisation):
    """Her open cases are the head of programme's to give on: a row of her own, and a filter choice."""
    gone = AdviserFactory(full_name="Ida Gone")
    open_cases(2, gone, other_organisation, organisation)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    AdviserFactory(full_name="Old Timer", is_active=False)  # without cases: not listed
    loads = {load.name: load for load in adviser_client.get(URL, {"scope": "all"}).context["loads"]}
    assert loads["Ida Gone (has left)"].total == 2 and "Old Timer (has left)" not in loads
    assert adviser_client.get(URL, {"adviser": gone.pk}).context["overall"].phases == {"pre_study": 2}
    case_list = adviser_client.get("/cases/", {"scope": "all", "adviser": gone.pk}).content.decode()
    assert "Case 00" in case_list and "Case 01" in case_list


def test_a_bad_adviser_is_an_error_beside_its_field(head, adviser_client):
    response = adviser_client.get(URL, {"adviser": "nobody"})
    assert response.status_code == 200
    assert response.context["form"].errors["adviser"]
    assert response.context["scope"] == head  # her own, meanwhile


def test_it_counts_participants_abroad_and_overdue_items(adviser_client, adviser, organisation, other_organisation):
    today = timezone.localdate()
    case_abroad(adviser, [organisation, other_organisation], today)
    response = adviser_client.get(URL)
    context = response.context
    assert context["abroad_count"] == 2  # both ways
    assert context["soon_count"] == 0  # six months, left 40 days ago
    assert [row.full_name for row in context["abroad"]] == sorted(row.full_name for row in context["abroad"])
    this_month = context["charts"][2].series[0].values[-7]  # the marked month: MONTHS_AHEAD after it
    assert this_month == 2  # both left before this month's first day, and return months after it
    directions = context["charts"][1]
    assert sum(sum(values) for _year, values in directions.rows) == 2
    progress = context["charts"][3]
    assert progress.categories == ("Nurses abroad, round 1",)
    done, applicable = progress.rows[0][1]
    assert 0 <= done <= applicable and applicable > 0


def queries_of(client, url, query=None) -> int:
    client.get(url, query)  # content types and the like, cached once per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured.captured_queries)


# session, user, cases by adviser/phase/waiting, what waits (rows), what waits (counts), overdue
# items, participants abroad, course sessions, failed reminders, and the charts: participants per
# direction, abroad per month, checklists per round.
DASHBOARD_QUERIES = 12
# and: the advisers of the scope form (its choices), of the table, and the advisers' overdue items
HEAD_ALL_QUERIES = DASHBOARD_QUERIES + 3


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_is_pinned(adviser_client, adviser, organisation, other_organisation, rows):
    open_cases(rows, adviser, other_organisation, organisation)
    assert queries_of(adviser_client, URL) == DASHBOARD_QUERIES


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_is_pinned_for_the_head(head, adviser_client, organisation, other_organisation, rows):
    for number in range(3):
        open_cases(rows // 3 + 1, AdviserFactory(), other_organisation, organisation, prefix=f"A{number}")
    assert queries_of(adviser_client, URL, {"scope": "all"}) == HEAD_ALL_QUERIES


def test_the_dashboard_is_valid_html(head, adviser_client, adviser, organisation, other_organisation, tmp_path):
    case_abroad(adviser, [organisation, other_organisation], timezone.localdate())
    pages = {
        "own": adviser_client.get(URL).content.decode(),
        "all": adviser_client.get(URL, {"scope": "all"}).content.decode(),
    }
    assert check_with_vnu(pages, tmp_path) == []
