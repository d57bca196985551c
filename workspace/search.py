"""The search across partnerships, organisations, participants and amendments: what each person
may see (each kind through its app's own scoping), narrowed by the filters, ranked, and marked.

On PostgreSQL names are matched by pg_trgm word similarity (a part of the name, or a typo in it)
and texts by full-text search in Norwegian, each through a GIN index (the models' Meta; the
expressions are norec.core.search's, identical in the index and here). Ranking: the exact name,
then a name that starts with the query, then the most similar name, then the text's rank.

On SQLite (the zero-setup demo) there is no pg_trgm and no Norwegian stemmer: names and texts
are matched with `icontains`, ranked exact, prefix, then by name, and marked in Python.

Each kind is one query (plus one for the partner countries of the partnerships shown), whatever
the number of rows: a page is bounded (PER_KIND in the overview, PER_PAGE for one kind)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.postgres.search import SearchHeadline, SearchRank, TrigramWordSimilarity
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from amendments.selectors import visible_amendments
from exchanges.models import Participant
from norec.core.search import (
    HEADLINE_OPTIONS,
    HEADLINE_START,
    Matches,
    StemmedQuery,
    TextVector,
    WordSimilar,
    is_postgres,
    mark_name,
    marked_excerpt,
    marked_headline,
    set_word_similarity_threshold,
)
from partnerships.models import Application, Partner, PartnerOrganisation, Partnership
from partnerships.selectors.lists import filter_cases

PER_KIND = 5  # results of each kind in the overview; "more" shows one kind, page by page
PER_PAGE = 20
# Low enough that a typo in a short name still matches ("Mulgo": 0.5 like "Mulago"), high enough
# that a short query does not match every name.
WORD_SIMILARITY = 0.3
_REFERENCE = re.compile(r"^\s*(B03|C05)\s*-?\s*0*(\d{1,9})\s*$", re.IGNORECASE)  # "B03-0012", "c05 13"


class Kind:
    PARTNERSHIPS, ORGANISATIONS = "partnerships", "organisations"
    PARTICIPANTS, AMENDMENTS = "participants", "amendments"
    CHOICES = (
        (PARTNERSHIPS, _("Partnerships")),
        (ORGANISATIONS, _("Partner organisations")),
        (PARTICIPANTS, _("Participants")),
        (AMENDMENTS, _("Amendments")),
    )


@dataclass
class Hit:
    url: str
    title: str  # safe HTML: the name with the match marked
    context: list[str]  # phase, country, adviser, round: plain text
    excerpt: str = ""  # safe HTML: where the text matched, marked
    case_url: str = ""  # a participant's or an amendment's case, a link of its own beside the result
    case_name: str = ""


@dataclass
class KindResults:
    kind: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False


@dataclass(frozen=True)
class Filters:
    phase: str = ""
    country: str = ""
    adviser: object = None
    year: int | None = None

    @property
    def narrow_cases(self) -> bool:
        return bool(self.phase or self.adviser or self.year or self.country)


def search(user, text: str, filters: Filters, *, kind: str = "", page: int = 1) -> list[KindResults]:
    """The results for `user`: every kind, PER_KIND each, or only `kind`, its `page` of PER_PAGE."""
    kinds = [kind] if kind else [value for value, _label in Kind.CHOICES]
    size = PER_PAGE if kind else PER_KIND
    start = (page - 1) * size if kind else 0
    cases = _cases(user, filters)
    finders = {
        Kind.PARTNERSHIPS: _partnerships,
        Kind.ORGANISATIONS: _organisations,
        Kind.PARTICIPANTS: _participants,
        Kind.AMENDMENTS: _amendments,
    }
    labels = dict(Kind.CHOICES)
    postgres = is_postgres()
    results = []
    with transaction.atomic():  # the threshold is set for this transaction only
        if postgres:
            set_word_similarity_threshold(WORD_SIMILARITY)
        for name in kinds:
            rows = finders[name](user, text, filters, cases, postgres=postgres)[start : start + size + 1]
            hits = _hits(name, list(rows), text, postgres=postgres)
            results.append(KindResults(name, str(labels[name]), hits[:size], has_more=len(hits) > size))
    return results


def _cases(user, filters: Filters) -> QuerySet:
    """The cases `user` may see that the filters describe (every kind is narrowed by its case)."""
    cases = filter_cases(
        Partnership.objects.visible_to(user), phase=filters.phase, country=filters.country, adviser=filters.adviser
    )
    if filters.year:
        zone = timezone.get_current_timezone()
        start = datetime.combine(date(filters.year, 1, 1), time.min, zone)
        cases = cases.filter(created_at__gte=start, created_at__lt=start.replace(year=filters.year + 1))
    return cases


# --- Each kind: a queryset of the matches, best first ------------------------------------------


def _name_match(queryset: QuerySet, name_field: str, text: str, *, postgres: bool) -> tuple[QuerySet, Q]:
    """The queryset ranked by how its name matches, and the condition that it matches at all."""
    queryset = queryset.annotate(
        search_exact=ExpressionWrapper(Q(**{f"{name_field}__iexact": text}), output_field=BooleanField()),
        search_prefix=ExpressionWrapper(Q(**{f"{name_field}__istartswith": text}), output_field=BooleanField()),
    )
    if postgres:
        queryset = queryset.annotate(search_similarity=TrigramWordSimilarity(text, name_field))
        return queryset, Q(WordSimilar(name_field, text))
    return queryset.annotate(search_similarity=Value(0.0)), Q(**{f"{name_field}__icontains": text})


NAME_ORDER = ("-search_exact", "-search_prefix", "-search_similarity")


def _joined(*fields: str) -> Concat:
    """The fields' texts, one after the other (what a headline or an excerpt is cut from)."""
    parts = [Coalesce(name, Value(""), output_field=TextField()) for name in fields]
    return Concat(*(part for name in parts for part in (name, Value(" "))), output_field=TextField())


def _partnerships(user, text, filters, cases, *, postgres):
    cases, by_name = _name_match(cases, "name", text, postgres=postgres)
    goals, cooperation = "application__common_goals", "application__cooperation"
    if postgres:
        query = StemmedQuery(text)
        # pk IN (the applications that match): one scan of the text index, not one per case.
        matching = Application.objects.filter(Matches(TextVector("common_goals", "cooperation"), query))
        by_text = Q(pk__in=matching.values("partnership_id"))
        cases = cases.annotate(
            search_rank=Coalesce(SearchRank(TextVector(goals, cooperation), query), Value(0.0)),
            search_text=_joined(goals, cooperation),
            search_headline=SearchHeadline(F("search_text"), query, config="norwegian", **HEADLINE_OPTIONS),
        )
    else:
        by_text = Q(**{f"{goals}__icontains": text}) | Q(**{f"{cooperation}__icontains": text})
        cases = cases.annotate(
            search_rank=Value(0.0),
            search_text=_joined(goals, cooperation),
        )
    return cases.filter(by_name | by_text).select_related("adviser").order_by(*NAME_ORDER, "-search_rank", "name", "pk")


def _organisations(user, text, filters, cases, *, postgres):
    organisations, by_name = _name_match(PartnerOrganisation.objects.visible_to(user), "name", text, postgres=postgres)
    if filters.country:
        organisations = organisations.filter(country=filters.country)
    if filters.phase or filters.adviser or filters.year:
        organisations = organisations.filter(
            Exists(Partner.objects.filter(organisation=OuterRef("pk"), partnership__in=cases))
        )
    return organisations.filter(by_name).order_by(*NAME_ORDER, "name", "pk")


def _participants(user, text, filters, cases, *, postgres):
    # Scoped as the participant page is (exchanges.permissions.get_participant_for_user): the people
    # of a case the user may see. A participant's own record is on her portal, not in the search.
    participants = Participant.objects.filter(leg__exchange_round__agreement__partnership__in=cases)
    participants, by_name = _name_match(participants, "full_name", text, postgres=postgres)
    return (
        participants.filter(by_name)
        .select_related(
            "leg__home_organisation", "leg__host_organisation", "leg__exchange_round__agreement__partnership"
        )
        .order_by(*NAME_ORDER, "full_name", "pk")
    )


def _amendments(user, text, filters, cases, *, postgres):
    amendments = visible_amendments(user)
    if filters.narrow_cases:
        amendments = amendments.filter(partnership__in=cases)
    reference = _REFERENCE.match(text)
    by_reference = Q(kind=reference[1].upper(), pk=int(reference[2])) if reference else Q(pk__in=[])
    both = _joined("justification", "decision_reason")
    if postgres:
        query = StemmedQuery(text)
        vector = TextVector("justification", "decision_reason")
        by_text = Q(Matches(vector, query))
        amendments = amendments.annotate(
            search_rank=SearchRank(vector, query),
            search_headline=SearchHeadline(both, query, config="norwegian", **HEADLINE_OPTIONS),
        )
    else:
        by_text = Q(justification__icontains=text) | Q(decision_reason__icontains=text)
        amendments = amendments.annotate(search_rank=Value(0.0), search_text=both)
    return (
        amendments.filter(by_reference | by_text)
        .select_related("partnership", "exchange_round")
        .order_by("-search_rank", "-created_at", "-pk")
    )


# --- Rows into hits --------------------------------------------------------------------------------


def _hits(kind: str, rows: list, text: str, *, postgres: bool) -> list[Hit]:
    if kind == Kind.PARTNERSHIPS:
        countries_of = _partner_countries([row.pk for row in rows])
        return [_partnership_hit(row, text, countries_of.get(row.pk, []), postgres=postgres) for row in rows]
    if kind == Kind.ORGANISATIONS:
        return [
            Hit(row.get_absolute_url(), mark_name(row.name, text), [row.country.name, row.get_kind_display()])
            for row in rows
        ]
    if kind == Kind.PARTICIPANTS:
        return [_participant_hit(row, text) for row in rows]
    return [_amendment_hit(row, text, postgres=postgres) for row in rows]


def _partner_countries(case_pks: list[int]) -> dict[int, list[str]]:
    """The partners' countries of each case shown, by name, in one query (none without cases)."""
    if not case_pks:
        return {}
    found: dict[int, list[str]] = {}
    pairs = Partner.objects.current().filter(partnership_id__in=case_pks)  # not a partner that has left
    pairs = pairs.values_list("partnership_id", "organisation__country")
    for case_pk, code in pairs.order_by("partnership_id", "organisation__country").distinct():
        found.setdefault(case_pk, []).append(str(countries.name(code)) or code)
    return found


def _excerpt(row, text: str, *, postgres: bool) -> str:
    if postgres:
        # ts_headline returns the text's first words even without a match: only a match is an excerpt.
        return marked_headline(row.search_headline) if HEADLINE_START in (row.search_headline or "") else ""
    return marked_excerpt(row.search_text or "", text)


def _partnership_hit(case, text: str, case_countries: list[str], *, postgres: bool) -> Hit:
    context = [case.get_phase_display(), ", ".join(case_countries), case.adviser.full_name]
    return Hit(
        case.get_absolute_url(),
        mark_name(case.name, text),
        [part for part in context if part],
        _excerpt(case, text, postgres=postgres),
    )


def _participant_hit(participant, text: str) -> Hit:
    leg = participant.leg
    exchange_round = leg.exchange_round
    case = exchange_round.agreement.partnership
    return Hit(
        reverse("exchanges:participant_detail", args=[participant.pk]),
        mark_name(participant.full_name, text),
        [
            str(_("Round %(number)s") % {"number": exchange_round.number}),
            f"{leg.home_organisation.name} → {leg.host_organisation.name}",
            participant.get_status_display(),
        ],
        case_url=case.get_absolute_url(),
        case_name=case.name,
    )


def _amendment_hit(amendment, text: str, *, postgres: bool) -> Hit:
    return Hit(
        amendment.get_absolute_url(),
        mark_name(f"{amendment.reference} · {amendment.subject}", text),
        [amendment.get_state_display(), amendment.partnership.get_phase_display()],
        _excerpt(amendment, text, postgres=postgres),
        case_url=amendment.partnership.get_absolute_url(),
        case_name=amendment.partnership.name,
    )
