"""The list pages' shared helper (norec/core/listing.py): the order read from the URL, the sort
links with their aria-sort, the page, the query a download keeps, and the filter form."""

import pytest
from django import forms
from django.http import QueryDict

from norec.core.listing import Column, FilterForm, Sorting, counted_page_of, first_of, page_of, share_query
from partnerships.models import PartnerOrganisation
from tests.factories import OrganisationFactory

SORTING = Sorting(
    [Column("name", "Name", ("name",)), Column("created", "Created", ("created_at",), descending_first=True)],
    default="name",
)


def test_the_order_comes_from_the_url_and_falls_back_to_the_default():
    assert SORTING.chosen(QueryDict("sort=-created")).value == "-created"
    assert SORTING.chosen(QueryDict("sort=created")).order_by[-1] == "pk"
    assert SORTING.chosen(QueryDict("sort=-created")).order_by[-1] == "-pk"  # ties broken the same way round
    for bad in ("sort=evil", "sort=", "sort=--name", "sort=" + "x" * 5000, ""):
        assert SORTING.chosen(QueryDict(bad)).value == "name"


def test_a_default_that_names_no_column_is_refused():
    with pytest.raises(ValueError, match="names no column"):
        Sorting([Column("name", "Name", ("name",))], default="evil")


def test_the_sort_links_keep_the_filters_drop_the_page_and_turn_the_current_order_round():
    query = QueryDict("country=UG&page=3&sort=name")
    links = SORTING.chosen(query).links(query)
    assert links["name"].aria_sort == "ascending"
    assert links["name"].href == "?country=UG&sort=-name"
    assert links["created"].aria_sort == ""
    assert links["created"].href == "?country=UG&sort=-created"  # a date: the newest first, first
    descending = QueryDict("sort=-name")
    assert SORTING.chosen(descending).links(descending)["name"].aria_sort == "descending"
    assert SORTING.chosen(descending).links(descending)["name"].href == "?sort=name"


def test_the_share_query_keeps_the_filters_only():
    assert share_query(QueryDict("country=UG&kind=ngo&page=2&sort=-name")) == "?country=UG&kind=ngo"
    assert share_query(QueryDict("page=2")) == ""
    assert share_query(QueryDict("country=UG&sort=-name"), drop=("page",)) == "?country=UG&sort=-name"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "number", "names"),
    [
        ("1", 1, ["O0", "O1"]),
        ("2", 2, ["O2", "O3"]),
        ("3", 3, ["O4"]),
        ("abc", 1, ["O0", "O1"]),
        ("99999", 3, ["O4"]),
        # past PostgreSQL's bigint as an offset: the last page too, not an error
        ("100000000000000000000", 3, ["O4"]),
    ],
)
def test_pages_in_one_query_and_bad_page_numbers(django_assert_max_num_queries, asked, number, names):
    for n in range(5):
        OrganisationFactory(name=f"O{n}")
    rows = PartnerOrganisation.objects.order_by("name").values_list("name", flat=False)
    with django_assert_max_num_queries(1 if len(asked) < 5 else 3):
        page = counted_page_of(rows, QueryDict(f"page={asked}"), per_page=2)
    assert (page.number, [name for (name,) in page.object_list], page.paginator.count) == (number, names, 5)
    assert page_of(rows, QueryDict(f"page={asked}"), per_page=2).number == number


@pytest.mark.django_db
def test_counted_pages_of_instances_and_of_an_empty_list(django_assert_num_queries):
    OrganisationFactory(name="Only")
    with django_assert_num_queries(1):
        page = counted_page_of(PartnerOrganisation.objects.order_by("pk"), QueryDict(""), per_page=10)
        assert [organisation.name for organisation in page] == ["Only"] and page.paginator.count == 1
    empty = counted_page_of(PartnerOrganisation.objects.none(), QueryDict("page=abc"), per_page=10)
    assert (empty.number, list(empty), empty.paginator.count) == (1, [], 0)


@pytest.mark.django_db
def test_first_of_says_how_many_there_are(django_assert_num_queries):
    for n in range(4):
        OrganisationFactory(name=f"O{n}")
    with django_assert_num_queries(1):
        rows, total = first_of(PartnerOrganisation.objects.order_by("name"), 3)
    assert ([row.name for row in rows], total) == (["O0", "O1", "O2"], 4)


class _Filters(FilterForm):
    name = forms.CharField(label="Name contains", required=False, max_length=10)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All"), ("ngo", "NGO")])


def test_a_bad_filter_is_an_error_beside_its_field_and_the_others_still_filter():
    filters = _Filters(QueryDict("name=Kampala&kind=evil"))
    assert filters.chosen() == {"name": "Kampala"}
    assert filters.filtered
    html = str(filters.fields_html())
    assert 'class="ds-field has-error"' in html and "Select a valid choice" in html
    assert '<label class="ds-label" for="filter-name">Name contains</label>' in html
    too_long = _Filters(QueryDict("name=" + "x" * 11))
    assert too_long.chosen() == {} and "name" in too_long.errors


def test_an_empty_query_filters_nothing_and_shows_no_error():
    filters = _Filters(QueryDict(""))
    assert filters.chosen() == {} and not filters.filtered and "has-error" not in str(filters.fields_html())
    assert _Filters(QueryDict("sort=-name")).chosen() == {}


def test_field_labels_and_values_are_escaped():
    filters = _Filters(QueryDict("name=<b>x"))
    filters.fields["name"].label = "<i>Name</i>"
    html = str(filters.fields_html())
    assert "<i>" not in html and "<b>x" not in html and "&lt;b&gt;x" in html
