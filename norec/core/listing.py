"""List pages whose filters, sort and page live in the URL: the sort links of a table's column
headers (with their aria-sort), the sort a request asks for, and the query a download link keeps.
Each list names its sortable columns once (key → label) and its orders (key → order_by fields)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from norec.core.limits import EARLIEST_DATE, LATEST_DATE


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str
    url: str  # "?…&sort=…": this list's filters kept, its first page
    aria: str  # "ascending", "descending", or "" when the list is not sorted by this column

    @property
    def current(self) -> bool:
        return bool(self.aria)


def chosen_sort(query: QueryDict, orders: Mapping[str, Sequence[str]], default: str) -> str:
    """The sort the URL asks for ("name", or "-name" for the other way) if the list has it; else `default`."""
    sort = query.get("sort", "")
    return sort if sort.removeprefix("-") in orders else default


def order_by(sort: str, orders: Mapping[str, Sequence[str]]) -> list[str]:
    """The order_by() fields of `sort`, each turned round for "-key"; the last field (a unique
    one, the pk) keeps its direction so the order is total."""
    fields = list(orders[sort.removeprefix("-")])
    if not sort.startswith("-"):
        return fields
    return [field.removeprefix("-") if field.startswith("-") else f"-{field}" for field in fields[:-1]] + fields[-1:]


def sort_links(query: QueryDict, sort: str, columns: Mapping[str, str]) -> dict[str, SortLink]:
    """For each sortable column (key → label): the link that sorts by it (from the first page),
    ascending first and the other way when it is already sorted so, and its aria-sort."""
    query = query.copy()
    query.pop("page", None)
    links = {}
    for key, label in columns.items():
        if sort == key:
            to, aria = f"-{key}", "ascending"
        elif sort == f"-{key}":
            to, aria = key, "descending"
        else:
            to, aria = key, ""
        query["sort"] = to
        links[key] = SortLink(key, label, f"?{query.urlencode()}", aria)
    return links


def download_query(query: QueryDict) -> str:
    """The list's filters and sort for its download links, without its page (a download holds every row)."""
    query = query.copy()
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""


def in_chunks(rows, size: int):
    """`rows` (an iterator) as lists of at most `size`: a streamed download reads a chunk's
    related rows in one query, never the whole list at once."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ListFilterForm(forms.Form):
    """Filters with the choices of what the list holds (countries, cases) given by the view."""

    def __init__(self, *args, country_codes=(), cases=(), **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            # Only the countries shown: naming all of django-countries' ~250 costs more than the page.
            names = ((code, str(countries.name(code)) or code) for code in country_codes)
            self.fields["country"].choices = [("", _("All countries")), *sorted(names, key=lambda choice: choice[1])]
        if "case" in self.fields:
            self.fields["case"].choices = [("", _("All partnerships")), *((str(pk), name) for pk, name in cases)]

    def chosen(self) -> dict:
        """The valid filters, by field name (an empty or invalid value does not filter)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


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
