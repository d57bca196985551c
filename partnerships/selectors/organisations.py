"""Reads of the organisation list: its filters, its sortable columns, the countries its filter
offers (cached), and its table rows written out in one pass (a page of 50 organisations is two
queries, the page with its count and its contacts, and for a partner contact a third, their countries)."""

from html import escape

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from norec.core.listing import Column, Sorting
from partnerships.models import OrganisationKind, PartnerOrganisation
from partnerships.selectors.lists import country_names_once, url_pattern

ORGANISATION_SORTING = Sorting(
    [
        Column("name", _("Name"), ("name",)),
        # By the country's code, then the name: close to the names' order, and an index's order.
        Column("country", _("Country"), ("country", "name")),
        Column("kind", _("Kind"), ("kind", "name")),
    ],
    default="name",
)
# The programme's countries change when an adviser registers an organisation in a new one: a few
# minutes late in the filter's menu is fine (the filter accepts any country meanwhile).
COUNTRIES_CACHE_SECONDS = 300
NO_CONTACTS = "\u2013"  # an en dash


def filter_organisations(organisations: QuerySet, *, country: str = "", kind: str = "", name: str = "") -> QuerySet:
    """The organisation list's filters; an empty value does not filter."""
    if country:
        organisations = organisations.filter(country=country)
    if kind:
        organisations = organisations.filter(kind=kind)
    if name:
        organisations = organisations.filter(name__icontains=name)
    return organisations


def country_choices(user) -> list[tuple[str, str]]:
    """The countries of the organisations `user` sees, as (code, name) in the active language, by
    name. An adviser sees every organisation: the programme's countries, cached per language (no
    query on most requests); a partner contact's few organisations are asked for each time."""
    if user.is_adviser:
        key = f"organisation-list:countries:{get_language()}"
        choices = cache.get(key)
        if choices is None:
            choices = _named(PartnerOrganisation.objects.all())
            cache.set(key, choices, COUNTRIES_CACHE_SECONDS)
        return choices
    return _named(PartnerOrganisation.objects.visible_to(user))


def _named(organisations: QuerySet) -> list[tuple[str, str]]:
    codes = organisations.order_by().values_list("country", flat=True).distinct()
    name = country_names_once()
    return sorted(((code, name(code)) for code in codes), key=lambda choice: choice[1])


def organisation_values(organisations: QuerySet, order_by: list) -> QuerySet:
    """The list's columns as values in the chosen order (paginate this, then pass the page to table_rows)."""
    return organisations.order_by(*order_by).values_list("pk", "name", "country", "kind")


# One row of the table; every value put in it is escaped first (table_rows).
ROW = (
    '<td data-label="{label[name]}"><a class="ds-link" href="{url}">{name}</a></td>'
    '<td data-label="{label[country]}">{country}</td><td data-label="{label[kind]}">{kind}</td>'
    '<td data-label="{label[contacts]}">{contacts}</td>'
)


def table_rows(values, country_names: dict[str, str]) -> list[SafeString]:
    """The table's rows, each one string with its contacts (one query), the countries named from
    `country_names` (the filter's cached choices). Written out here, not by the template: per-cell
    template lookups, translations and format_html calls were most of the page's time."""
    values = list(values)
    url = url_pattern("partnerships:organisation_detail")
    kinds = {kind.value: escape(kind.label) for kind in OrganisationKind}
    countries = {code: escape(name) for code, name in country_names.items()}
    label = {key: escape(text) for key, text in _labels().items()}
    contacts: dict[int, list[str]] = {pk: [] for pk, *_rest in values}
    through = PartnerOrganisation.contacts.through.objects.filter(partnerorganisation_id__in=contacts)
    for organisation_pk, contact in through.order_by("user__full_name", "user_id").values_list(
        "partnerorganisation_id", "user__full_name"
    ):
        contacts[organisation_pk].append(contact)
    return [
        mark_safe(  # noqa: S308 — every value is escaped above or here
            ROW.format(
                label=label,
                url=url.format(pk),
                name=escape(name),
                country=countries.get(code) or escape(code),
                kind=kinds.get(kind) or escape(kind),
                contacts=escape(", ".join(contacts[pk])) or NO_CONTACTS,
            )
        )
        for pk, name, code, kind in values
    ]


def _labels() -> dict[str, str]:
    return {
        "name": gettext("Name"),
        "country": gettext("Country"),
        "kind": gettext("Kind"),
        "contacts": gettext("Contacts"),
    }
