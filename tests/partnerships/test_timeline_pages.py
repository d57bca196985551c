"""The whole timeline of a case (/cases/<pk>/timeline/): paged, a bad page number never an error,
the pages' links, and who sees it."""

import pytest

from norec.core import timeline
from partnerships import services
from tests.partnerships.helpers import url


@pytest.fixture
def case_with_notes(case_in, contact):
    case = case_in("pre_study_done")
    for number in range(5):
        services.add_comment(case, text=f"Note {number}", by=contact)
    return case


def test_pages_and_bad_page_numbers(contact_client, case_with_notes, monkeypatch):
    monkeypatch.setattr(timeline, "ENTRIES_PER_PAGE", 2)
    address = url("case_timeline", case_with_notes)
    entries = contact_client.get(address).context["page"].paginator.count
    last = (entries + 1) // 2
    for asked, number in (("", 1), ("?page=2", 2), ("?page=abc", 1), ("?page=99999", last), ("?page=-3", last)):
        response = contact_client.get(address + asked)
        assert response.status_code == 200 and response.context["page"].number == number, asked
    second = contact_client.get(address + "?page=2").content.decode()
    assert 'rel="prev" href="?page=1"' in second and 'rel="next" href="?page=3"' in second


def test_who_sees_it(
    adviser_client, contact_client, outsider_client, participant_client, anonymous_client, case_with_notes
):
    address = url("case_timeline", case_with_notes) + "?page=2"
    assert adviser_client.get(address).status_code == 200
    assert contact_client.get(address).status_code == 200
    assert outsider_client.get(address).status_code == 404
    assert participant_client.get(address).status_code == 404
    assert anonymous_client.get(address).status_code == 302
