"""The case list keeps its state in the URL: every link and form of the list (the scope, the
filters, the sort, the pages) changes its own part and keeps the others. A new filter, sort or
scope starts again at the first page (another list has other pages); the pager keeps all."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, make_case

LIST_URL = reverse("partnerships:case_list")
STATE = {"scope": "all", "phase": "pre_study", "sort": "-waiting", "page": "2"}


class Controls(HTMLParser):
    """The page's links (text → query) and the filter form's fields (name → value)."""

    def __init__(self):
        super().__init__()
        self.links: dict[str, dict] = {}
        self.form: dict[str, str] = {}
        self._href = None
        self._text = ""
        self._in_filters = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("?"):
            self._href, self._text = attrs["href"], ""
        elif tag == "form" and "case-filters" in (attrs.get("class") or ""):
            self._in_filters = True
        elif self._in_filters and tag == "input" and attrs.get("type") == "hidden":
            self.form[attrs["name"]] = attrs.get("value", "")
        elif self._in_filters and tag == "select":
            self.form[attrs["name"]] = "(chosen)"

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            query = {name: values[0] for name, values in parse_qs(urlsplit(self._href).query).items()}
            self.links[" ".join(self._text.split())] = query
            self._href = None
        elif tag == "form":
            self._in_filters = False


@pytest.fixture
def controls(adviser_client, adviser, monkeypatch):
    monkeypatch.setattr("partnerships.views.cases.CASES_PER_PAGE", 2)
    partners = [OrganisationFactory(country="NO", with_contact=True), OrganisationFactory(country="UG")]
    for number in range(5):
        make_case(name=f"Paged {number}", adviser=adviser, organisations=partners)
    response = adviser_client.get(LIST_URL, STATE)
    assert response.status_code == 200
    assert "Page 2 of 3" in response.content.decode()
    parsed = Controls()
    parsed.feed(response.content.decode())
    return parsed


def without(state: dict, *names: str) -> dict:
    return {name: value for name, value in state.items() if name not in names}


def test_the_pager_keeps_the_scope_filters_and_sort(controls):
    assert controls.links["Next page"] == {**STATE, "page": "3"}
    assert controls.links["Previous page"] == {**STATE, "page": "1"}


@pytest.mark.parametrize(
    ("link", "sort"),
    [
        ("By name", "name"),
        ("The longest wait first", "waiting"),
        ("The newest wait first", "-waiting"),
        ("Name", "name"),
        ("Waiting for (sort the longest wait first)", "waiting"),
    ],
)
def test_the_sort_links_keep_the_scope_and_filters(controls, link, sort):
    assert controls.links[link] == {**without(STATE, "page"), "sort": sort}


def test_the_filter_form_keeps_the_scope_and_sort(controls):
    assert controls.form == {
        "scope": "all",
        "sort": "-waiting",
        "phase": "(chosen)",
        "country": "(chosen)",
        "adviser": "(chosen)",
    }


def test_the_scope_links_keep_the_filters_and_sort(controls):
    assert controls.links["All cases"] == without(STATE, "page")
    assert controls.links["My cases"] == {**without(STATE, "page"), "scope": "mine"}


def test_clearing_the_filters_keeps_the_scope_and_sort(controls):
    assert controls.links["Clear the filters"] == without(STATE, "page", "phase")


def test_my_cases_drops_the_adviser_filter_it_has_no_field_for(adviser_client, adviser, case):
    response = adviser_client.get(LIST_URL, {"scope": "all", "adviser": adviser.pk, "sort": "waiting"})
    parsed = Controls()
    parsed.feed(response.content.decode())
    assert parsed.links["My cases"] == {"scope": "mine", "sort": "waiting"}
    assert parsed.links["All cases"] == {"scope": "all", "adviser": str(adviser.pk), "sort": "waiting"}
