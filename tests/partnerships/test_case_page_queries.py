"""The case list and the case page make as many queries with 50 rows as with 5 (STYLE 11).

The limits are the most queries each page may make, whatever the number of rows. A rise is a
change to justify, not a number to bump."""

import pytest
from django.urls import reverse

from norec.core import timeline
from norec.core.audit import events_for
from partnerships import services
from tests.factories import make_case
from tests.partnerships.helpers import url

CASE_LIST_MAX_QUERIES = 8  # 7, plus the count for the pages
# Was 21 before the page loaded the case once with its parts; the session is one, the training section one.
CASE_PAGE_MAX_QUERIES = 15
TIMELINE_PAGE_MAX_QUERIES = 5  # one of them the session


@pytest.mark.parametrize("rows", [5, 50])
def test_the_case_list_does_not_grow_with_cases(adviser_client, adviser, django_assert_max_num_queries, rows):
    for number in range(rows):
        case = make_case(name=f"Partnership {number}", adviser=adviser)
        services.add_comment(case, text="A note.", by=adviser)
    filters = {"scope": "all", "phase": "pre_study", "country": "UG", "adviser": adviser.pk}
    with django_assert_max_num_queries(CASE_LIST_MAX_QUERIES):
        response = adviser_client.get(reverse("partnerships:case_list"), filters)
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"') == rows


@pytest.mark.parametrize("entries", [5, 50])
@pytest.mark.parametrize("viewer", ["adviser", "contact"])
@pytest.mark.parametrize("phase", ["pre_study_done", "approved_awaiting_signatures", "follow_up_report_submitted"])
def test_the_case_page_does_not_grow_with_the_timeline(
    request, case_in, django_assert_max_num_queries, phase, viewer, entries
):
    case = case_in(phase)
    user = request.getfixturevalue(viewer)
    for number in range(entries):
        services.add_comment(case, text=f"Note {number}", by=user)
    client = request.getfixturevalue(f"{viewer}_client")
    with django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES):
        response = client.get(url("case_detail", case))
    assert response.status_code == 200
    page = response.content.decode()
    # The latest entries, and a link to the rest when there are more.
    assert page.count("Note ") == min(entries, timeline.LATEST_ENTRIES)
    more = events_for(case).count() > timeline.LATEST_ENTRIES
    assert (reverse("partnerships:case_timeline", args=[case.pk]) in page) == more


@pytest.mark.parametrize("entries", [5, 50])
def test_the_whole_timeline_page_does_not_grow_with_it(
    case_in, contact, contact_client, django_assert_max_num_queries, entries
):
    case = case_in("pre_study_done")
    for number in range(entries):
        services.add_comment(case, text=f"Note {number}", by=contact)
    with django_assert_max_num_queries(TIMELINE_PAGE_MAX_QUERIES):
        response = contact_client.get(url("case_timeline", case))
    assert response.status_code == 200
    assert response.content.decode().count("Note ") == entries
