"""What every list page shares, all of it kept in the URL so a list can be bookmarked, shared and
gone back to: the filter form (a GET form; a bad value is said beside its field while the other
filters still apply), the sort order (`?sort=name` or `?sort=-name`; an unknown one falls back to the
page's default), the column headers' sort links with their aria-sort, the page (`?page=`; a bad or
too large number shows the first or the last page, never an error), and the query a download or a
shared link of the same rows keeps.

A list page declares its sortable columns once:

    SORTING = Sorting([Column("name", _("Name"), ("name",)), Column("country", _("Country"), ("country",))])
    order = SORTING.chosen(request.GET)
    rows = rows.order_by(*order.order_by)           # the pk breaks ties, so pages never overlap
    page = page_of(rows, request.GET, per_page=50)
    context = {"sort": order.links(request.GET), "page": page, ...}

and the template prints `{% include "includes/sort_header.html" with column=sort.name %}` for each
sortable header, `{% include "includes/sort_nav.html" %}` above the table (the header row is hidden
on a narrow screen) and `{% include "includes/pager.html" %}` below it."""

from dataclasses import dataclass
from html import escape

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from norec.core.limits import EARLIEST_DATE, LATEST_DATE

DESCENDING = "-"
# The parameters that name a view of a list rather than filter it: a download holds every page, in
# the list's default order.
VIEW_PARAMETERS = ("page", "sort")
MAX_PAGE = 1_000_000  # beyond any list's last page; a larger number shows the last page


@dataclass(frozen=True)
class Column:
    """A sortable column: its name in the URL, its header, and the fields it orders by (ascending)."""

    name: str
    label: str
    fields: tuple[str, ...]
    # Dates and counts read best newest or largest first: the first click on them sorts descending.
    descending_first: bool = False


@dataclass(frozen=True)
class SortLink:
    """One column's header link: where it goes (the other direction if it is the current order, its
    first direction if not) and its aria-sort ("ascending", "descending", or "" when not sorted by)."""

    label: str
    href: str
    aria_sort: str
    ascending_href: str
    descending_href: str

    @property
    def is_sorted(self) -> bool:
        return bool(self.aria_sort)


@dataclass(frozen=True)
class SortOrder:
    sorting: "Sorting"  # the list's columns, which the links are for
    column: Column
    descending: bool

    @property
    def value(self) -> str:
        """The order as the URL writes it: "name", "-name"."""
        return f"{DESCENDING if self.descending else ''}{self.column.name}"

    @property
    def order_by(self) -> list:
        """The queryset's order: the column's fields in its direction (empty values last either
        way), then the tie-breaker in the same direction, so every row has one place."""
        fields = [
            F(field).desc(nulls_last=True) if self.descending else F(field).asc(nulls_last=True)
            for field in self.column.fields
        ]
        return [*fields, f"{DESCENDING if self.descending else ''}{self.sorting.tie_breaker}"]

    def links(self, query: QueryDict) -> dict[str, SortLink]:
        """Each sortable column's link, keeping the filters (and dropping the page: a new order
        starts at the first page), by the column's name."""
        kept = query.copy()
        for name in VIEW_PARAMETERS:
            kept.pop(name, None)
        prefix = f"?{kept.urlencode()}&" if kept else "?"
        links = {}
        for column in self.sorting.columns.values():
            ascending = f"{prefix}sort={column.name}"
            descending = f"{prefix}sort={DESCENDING}{column.name}"
            current = column.name == self.column.name
            if current:
                href = ascending if self.descending else descending
                aria = "descending" if self.descending else "ascending"
            else:
                href = descending if column.descending_first else ascending
                aria = ""
            links[column.name] = SortLink(column.label, href, aria, ascending, descending)
        return links


class Sorting:
    """A list's sortable columns and its default order ("name" or "-submitted")."""

    def __init__(self, columns: list[Column], *, default: str, tie_breaker: str = "pk"):
        self.columns = {column.name: column for column in columns}
        self.tie_breaker = tie_breaker
        self.default = self._parse(default)
        if self.default is None:
            raise ValueError(f"the default order {default!r} names no column")

    def _parse(self, value: str) -> SortOrder | None:
        descending = value.startswith(DESCENDING)
        column = self.columns.get(value.removeprefix(DESCENDING))
        if column is None:
            return None
        return SortOrder(self, column, descending)

    def chosen(self, query: QueryDict) -> SortOrder:
        """The order the URL asks for, or the default if it asks for none or for one this list does
        not have (`?sort=evil` is ignored, not an error: the page says which order it shows)."""
        value = query.get("sort", "")
        return (self._parse(value[:50]) if value else None) or self.default


def page_of(rows, query: QueryDict, *, per_page: int) -> Page:
    """The page the URL asks for: `?page=abc` is the first page and `?page=99999` the last."""
    return Paginator(rows, per_page).get_page(query.get("page"))


def counted_page_of(rows: QuerySet, query: QueryDict, *, per_page: int) -> Page:
    """As page_of, in one query instead of two: each row carries the number of rows of the whole
    list (a window count), which is taken off again (rows may be instances, values or values_list).
    A page past the end (a stale bookmark, `?page=99999`) finds no row: then the count is asked for
    and the last page shown, as page_of does."""
    try:
        number = max(int(query.get("page") or 1), 1)
    except (TypeError, ValueError):
        number = 1
    if number > MAX_PAGE:  # an offset past PostgreSQL's bigint is an error, not an empty page
        return page_of(rows, query, per_page=per_page)
    offset = (number - 1) * per_page
    fetched = list(rows.annotate(list_total=Window(Count("pk")))[offset : offset + per_page])
    if not fetched and number > 1:
        return page_of(rows, query, per_page=per_page)
    paginator = Paginator(rows, per_page)
    paginator.count = _total_of(fetched[0]) if fetched else 0  # a cached_property: no COUNT query follows
    if fetched and isinstance(fetched[0], tuple):
        fetched = [row[:-1] for row in fetched]
    elif fetched and isinstance(fetched[0], dict):
        for row in fetched:
            del row["list_total"]
    return Page(fetched, number, paginator)


def first_of(rows: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many there are in all, in one query (a window count): a
    section of a page that shows a bounded part of a list and says how long the list is."""
    fetched = list(rows.annotate(list_total=Window(Count("pk")))[:limit])
    return fetched, (_total_of(fetched[0]) if fetched else 0)


def _total_of(row) -> int:
    if isinstance(row, tuple):
        return row[-1]
    return row["list_total"] if isinstance(row, dict) else row.list_total


def share_query(query: QueryDict, *, drop: tuple[str, ...] = VIEW_PARAMETERS) -> str:
    """The query string of the same rows without their page (and by default without their order),
    for a download link or a link to share: "?country=UG&kind=ngo", or "" without filters."""
    kept = query.copy()
    for name in drop:
        kept.pop(name, None)
    return f"?{kept.urlencode()}" if kept else ""


def list_page_context(request, *, filters, sort: SortOrder, page: Page, rows, filter_names) -> dict:
    """What a list page's template reads of its list: the filter form (and whether any of
    `filter_names` is set, to offer clearing them), the order and the column headers' links, the
    page and its rows, and the query its downloads keep (filters and order, not the page)."""
    return {
        "filters": filters,
        "filtered": any(request.GET.get(name) for name in filter_names),
        "sort": sort.value,
        "sort_links": sort.links(request.GET),
        "page": page,
        "rows": rows,
        "download_query": share_query(request.GET, drop=("page",)),
    }


class FilterForm(forms.Form):
    """A list's GET filters: every field optional and bounded. After `chosen()`, a field whose value
    is bad carries its error (shown beside it) and filters nothing; the valid ones still filter."""

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        # An empty query is unbound: no field shows an error before anything was asked.
        super().__init__(data if data else None, *args, **kwargs)

    def chosen(self) -> dict:
        """The valid, non-empty filters by field name."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [], ())}

    def fields_html(self) -> SafeString:
        """The fields as forms/field.html writes a select or a text input (label, errors, input),
        written here: through the template, a filter form of three fields cost a list page more
        than its 50 rows. Every filter is optional, so none says so."""
        parts = []
        for field in self:
            # The input's aria-describedby names "<id>_error" (Django's own field markup gives it that id).
            error_id = f' id="{escape(field.auto_id)}_error"'
            errors = "".join(
                f'<p class="ds-validation-message" data-color="danger"{"" if index else error_id}>'
                f"{escape(str(error))}</p>"
                for index, error in enumerate(field.errors)
            )
            parts.append(
                f'<div class="ds-field{" has-error" if errors else ""}">'
                f'<label class="ds-label" for="{escape(field.id_for_label)}">{escape(str(field.label))}</label>'
                f"{errors}{field.as_widget()}</div>"
            )
        return mark_safe("".join(parts))  # noqa: S308 — every value is escaped, the widgets by Django

    @property
    def filtered(self) -> bool:
        """Whether any filter is set (valid or not): the page offers to clear them."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class ListFilterForm(FilterForm):
    """A FilterForm whose menus hold what the list holds: its countries and its partnerships, given
    by the view (naming all of django-countries' ~250 countries costs more than the page)."""

    def __init__(self, *args, country_codes=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            names = ((code, str(countries.name(code)) or code) for code in country_codes)
            self.fields["country"].choices = [("", _("All countries")), *sorted(names, key=lambda choice: choice[1])]
        if "case" in self.fields:
            self.fields["case"].choices = [("", _("All partnerships")), *((str(pk), name) for pk, name in cases)]


def year_field(label) -> forms.IntegerField:
    """A year filter within the years a programme date may fall in. A text box that asks for digits,
    not type=number: a bad value typed into it is shown back as typed, which a number input may not hold."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=EARLIEST_DATE.year,
        max_value=LATEST_DATE.year,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 4}),
    )
