"""The search page (/search/): what it finds (a part of a name, a typo, a Norwegian word in another
form), what each person may find, the filters, the marks (escaped), its query count, its HTML, and
the GIN indexes behind it."""

from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amendments.models import Amendment, AmendmentState
from exchanges.models import Participant
from norec.core.search import mark_name, marked_headline
from partnerships import services
from tests.amendments.conftest import draft_c05, extend_leg
from tests.factories import OrganisationFactory, contact_of, fill_application, make_case, make_leg, recruit, reload
from tests.machines.builders import _round_now, _walk
from tests.test_valid_html import check_with_vnu
from workspace.search import PER_KIND

URL = reverse("search")


@pytest.fixture
def exchange_round(adviser, organisation, other_organisation):
    """Young nurses exchange: Bergen Health Trust (NO) and Kampala Youth Network (UG), round 1
    preparing, with Amina Nakato going north and Kari Nordmann going south."""
    return _walk(*_round_now(adviser, [organisation, other_organisation], departs_in=20), "preparing")


@pytest.fixture
def case(exchange_round):
    return exchange_round.partnership


@pytest.fixture
def amendment(exchange_round):
    changes = extend_leg(exchange_round, exchange_round.legs.order_by("pk").first())
    return draft_c05(exchange_round, justification="Sykepleierne på barneavdelingen trenger to måneder til.", **changes)


@pytest.fixture
def world(case, amendment, organisation, other_organisation):
    """The case, its amendment, a Norwegian application in another case, and an organisation in no case."""
    mulago = OrganisationFactory(name="Mulago National Referral Hospital", country="UG", with_contact=True)
    norwegian = make_case(
        "application_started", name="Helsepartnerskap Bergen-Kampala", organisations=[organisation, mulago]
    )
    fill_application(
        norwegian.application,
        by=contact_of(organisation),
        common_goals="Vi sender en sykepleier hvert år til et sykehus i Uganda.",
    )
    return {"case": case, "amendment": amendment, "mulago": mulago, "norwegian": reload(norwegian)}


def results(client, **params) -> dict[str, list[str]]:
    """{kind: [the text of each result's link]} for a search."""
    response = client.get(URL, params)
    assert response.status_code == 200
    return {group.kind: [_text(hit.title) for hit in group.hits] for group in response.context["results"] or []}


def _text(html: str) -> str:
    return unescape(str(html).replace("<mark>", "").replace("</mark>", ""))


# --- What it finds -------------------------------------------------------------------------------


def test_it_finds_a_part_of_a_name(adviser_client, world):
    found = results(adviser_client, q="Mulago")
    assert found["organisations"] == ["Mulago National Referral Hospital"]
    assert found["participants"] == []


def test_it_forgives_a_typo(adviser_client, world):
    assert results(adviser_client, q="Mulgo")["organisations"] == ["Mulago National Referral Hospital"]
    assert "Kampala Youth Network" in results(adviser_client, q="Kampla")["organisations"]
    assert results(adviser_client, q="Amina Nakatp")["participants"] == ["Amina Nakato"]


def test_it_finds_a_norwegian_word_in_another_form(adviser_client, world):
    # The application says "sykepleier"; the stemmer cuts "sykepleiere" to another stem.
    found = results(adviser_client, q="sykepleiere")
    assert found["partnerships"] == ["Helsepartnerskap Bergen-Kampala"]
    # The amendment says "Sykepleierne".
    assert found["amendments"] == [f"{world['amendment'].reference} · Round 1"]


def test_the_exact_name_comes_first_then_a_prefix(adviser_client, world, organisation):
    OrganisationFactory(name="Network of Bergen nurses", country="NO")
    OrganisationFactory(name="Bergen", country="NO")
    names = results(adviser_client, q="Bergen")["organisations"]
    assert names[:2] == ["Bergen", "Bergen Health Trust"]
    assert "Network of Bergen nurses" in names


def test_it_finds_an_amendment_by_its_reference(adviser_client, world):
    amendment = world["amendment"]
    assert results(adviser_client, q=amendment.reference.lower())["amendments"] == [f"{amendment.reference} · Round 1"]


def test_the_results_link_to_their_pages(adviser_client, world, exchange_round):
    response = adviser_client.get(URL, {"q": "Nakato"})
    (hit,) = next(group for group in response.context["results"] if group.kind == "participants").hits
    amina = Participant.objects.get(full_name="Amina Nakato")
    assert hit.url == reverse("exchanges:participant_detail", args=[amina.pk])
    assert (hit.case_name, hit.context[0]) == ("Young nurses exchange", "Round 1")
    assert adviser_client.get(hit.url).status_code == 200
    assert adviser_client.get(hit.case_url).status_code == 200
    content = response.content.decode()
    assert f'href="{hit.url}"' in content and "<mark>Nakato</mark>" in content
    assert f'href="{hit.case_url}"' in content  # her case, a click away


def test_a_text_match_shows_where_it_matched(adviser_client, world):
    response = adviser_client.get(URL, {"q": "sykepleiere"})
    (hit,) = next(group for group in response.context["results"] if group.kind == "partnerships").hits
    assert "<mark>sykepleier</mark>" in hit.excerpt
    assert hit.context[0] == "Application"
    assert "<mark>sykepleier</mark>" in response.content.decode()


def test_without_postgresql_it_falls_back_to_icontains(adviser_client, world, monkeypatch):
    """The zero-setup demo runs on SQLite: no trigrams, no stemmer, a part of a name still found."""
    monkeypatch.setattr("workspace.search.is_postgres", lambda: False)
    assert results(adviser_client, q="ulago")["organisations"] == ["Mulago National Referral Hospital"]
    assert results(adviser_client, q="Mulgo")["organisations"] == []  # no typos forgiven there
    response = adviser_client.get(URL, {"q": "sykepleier"})
    (hit,) = next(group for group in response.context["results"] if group.kind == "partnerships").hits
    assert "<mark>sykepleier</mark> hvert år" in hit.excerpt
    assert results(adviser_client, q="Bergen")["organisations"][0] == "Bergen Health Trust"


@pytest.mark.parametrize(
    "query",
    ["'", "''", "o'neil", "a:*", "!", "&|", '"sykepleier barn"', "-sykepleier", "\\", "(", "%_", "<>", "og", "ø", "🙂"],
)
def test_any_query_is_answered(adviser_client, case, query):
    """Whatever is typed (the text query's own syntax, quotes, stop words, symbols), never a 500."""
    response = adviser_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.context["results"] is not None


# --- Filters ---------------------------------------------------------------------------------------


def test_the_filters_narrow_every_kind(adviser_client, world, other_adviser):
    # "Bergen" is in the name of the application-phase case and of an organisation in both cases.
    assert results(adviser_client, q="Bergen", phase="application")["partnerships"] == [
        "Helsepartnerskap Bergen-Kampala"
    ]
    assert results(adviser_client, q="Bergen", phase="completed") == {
        "partnerships": [],
        "organisations": [],
        "participants": [],
        "amendments": [],
    }
    assert results(adviser_client, q="Nakato", phase="exchange")["participants"] == ["Amina Nakato"]
    assert results(adviser_client, q="Nakato", adviser=other_adviser.pk)["participants"] == []
    assert results(adviser_client, q="Mulago", country="NO")["organisations"] == []
    this_year = date.today().year
    assert results(adviser_client, q="Nakato", year=this_year)["participants"] == ["Amina Nakato"]
    assert results(adviser_client, q="Nakato", year=this_year - 1)["participants"] == []
    assert results(adviser_client, q="sykepleiere", year=this_year - 1)["amendments"] == []


def test_a_bad_filter_is_an_error_beside_its_field_and_the_others_still_apply(adviser_client, world):
    response = adviser_client.get(URL, {"q": "Nakato", "year": "nineteen", "phase": "completed"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"year"}
    assert "Enter a whole number." in response.content.decode()
    assert [group.hits for group in response.context["results"] if group.kind == "participants"] == [[]]
    response = adviser_client.get(URL, {"q": "Nakato", "country": "XX", "page": "0", "kind": "nonsense"})
    assert set(response.context["form"].errors) == {"country"}
    assert response.context["page"] == 1 and response.context["kind"] == ""


def test_a_query_too_long_is_a_form_error_and_searches_nothing(adviser_client, world):
    with CaptureQueriesContext(connection) as queries:
        response = adviser_client.get(URL, {"q": "x" * 101})
    assert response.context["form"].errors.keys() == {"q"}
    assert response.context["results"] is None
    assert not any("exchanges_participant" in query["sql"] for query in queries.captured_queries)


def test_an_empty_query_shows_the_form_and_a_hint_and_reads_no_data(adviser_client, world):
    with CaptureQueriesContext(connection) as queries:
        response = adviser_client.get(URL, {"q": "   "})
    assert response.status_code == 200 and response.context["results"] is None
    assert "Type a name or a part of it" in response.content.decode()
    touched = " ".join(query["sql"] for query in queries.captured_queries)
    assert "partnerships_" not in touched and "exchanges_" not in touched and "amendments_" not in touched


def test_more_results_of_one_kind_come_page_by_page(adviser_client, adviser):
    for number in range(PER_KIND + 1):
        OrganisationFactory(name=f"Mbarara Clinic {number:02d}")
    overview = adviser_client.get(URL, {"q": "Mbarara"})
    group = next(group for group in overview.context["results"] if group.kind == "organisations")
    assert len(group.hits) == PER_KIND and group.has_more
    assert "kind=organisations" in overview.content.decode()
    one_kind = adviser_client.get(URL, {"q": "Mbarara", "kind": "organisations"})
    (group,) = one_kind.context["results"]
    assert len(group.hits) == PER_KIND + 1 and not group.has_more


# --- Who finds what ------------------------------------------------------------------------------


def test_a_contact_finds_her_own_partnership_people_and_amendments(contact_client, world):
    assert results(contact_client, q="Nakato")["participants"] == ["Amina Nakato"]
    assert results(contact_client, q="Young nurses")["partnerships"] == ["Young nurses exchange"]
    assert results(contact_client, q="sykepleiere")["amendments"] == [f"{world['amendment'].reference} · Round 1"]
    assert results(contact_client, q="Bergen Health")["organisations"] == ["Bergen Health Trust"]
    # Not another organisation she is not a contact of (the organisations' own scoping).
    assert results(contact_client, q="Mulago")["organisations"] == []


def test_a_contact_of_another_organisation_finds_nothing_of_the_case(outsider_client, world):
    for query in ("Nakato", "Nordmann", "Young nurses", "Bergen", "Kampala", "sykepleiere", "Mulago"):
        found = results(outsider_client, q=query)
        assert found == {"partnerships": [], "organisations": [], "participants": [], "amendments": []}, query
    assert results(outsider_client, q=world["amendment"].reference)["amendments"] == []
    # Her own organisation she finds.
    assert results(outsider_client, q="Lusaka")["organisations"] == ["Lusaka Teachers' Union"]


def test_a_participant_may_not_search(participant_client, world):
    assert participant_client.get(URL, {"q": "Nakato"}).status_code == 403


def test_the_header_offers_the_search_to_advisers_and_contacts_only(adviser_client, contact_client, participant_client):
    box = 'id="site-search-q"'
    assert box in adviser_client.get(reverse("home")).content.decode()
    assert box in contact_client.get(reverse("partnerships:case_list")).content.decode()
    participant_home = participant_client.get(reverse("home"))
    assert participant_home.status_code == 200 and box not in participant_home.content.decode()


def test_anonymous_is_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(URL, {"q": "Nakato"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_it_answers_only_get_and_head(adviser_client):
    assert adviser_client.post(URL, {"q": "x"}).status_code == 405


# --- Marks ---------------------------------------------------------------------------------------


def test_a_name_with_markup_is_escaped(adviser_client, adviser):
    OrganisationFactory(name="<script>alert(1)</script> Clinic", country="UG")
    content = adviser_client.get(URL, {"q": "script"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; Clinic" in content


def test_marks_are_safe_whatever_the_text():
    assert mark_name("Mulago <b>National</b>", "mulgo") == "<mark>Mulago</mark> &lt;b&gt;National&lt;/b&gt;"
    assert mark_name("Anna & Ola", "ola") == "Anna &amp; <mark>Ola</mark>"
    assert marked_headline("a ⟦<i>x</i>⟧ ⟦ b") == "a <mark>&lt;i&gt;x&lt;/i&gt;</mark>  b"


def test_a_text_with_markup_is_escaped_in_its_excerpt(adviser_client, exchange_round):
    changes = extend_leg(exchange_round, exchange_round.legs.order_by("pk").first())
    draft_c05(exchange_round, justification="<img src=x onerror=alert(1)> sykepleier trengs", **changes)
    content = adviser_client.get(URL, {"q": "sykepleier"}).content.decode()
    assert "<img src=x" not in content
    assert "onerror=alert(1)&gt; <mark>sykepleier</mark>" in content


# --- Cost ----------------------------------------------------------------------------------------


@pytest.fixture
def tororo(adviser, organisation, other_organisation, amendment):
    """A function adding matching ("Tororo") partnerships, organisations, participants and
    amendments numbered `first` to `last`, through the services (see below for amendments)."""
    new_round, _legs = _round_now(adviser, [organisation, other_organisation], departs_in=20)
    leg = make_leg(new_round, home=organisation, host=other_organisation, participants=50)
    # One amendment through the service (one may be open per round): the others are decided copies
    # of it, which the search reads the same way.
    Amendment.objects.filter(pk=amendment.pk).update(justification="Tororo trenger flere sykepleiere.")
    original = Amendment.objects.get(pk=amendment.pk)
    fields = {f.attname: getattr(original, f.attname) for f in Amendment._meta.concrete_fields if not f.primary_key}

    def add(first: int, last: int) -> None:
        for number in range(first, last + 1):
            OrganisationFactory(name=f"Tororo Health Centre {number:02d}", country="UG")
            services.create_partnership(
                name=f"Tororo partnership {number:02d}",
                organisations=[organisation, other_organisation],
                coordinating=organisation,
                adviser=adviser,
                by=adviser,
            )
            recruit(leg, full_name=f"Tororo Person {number:02d}", email=f"tororo{number}@example.org")
        copies = last - first + (0 if first == 1 else 1)
        Amendment.objects.bulk_create(Amendment(**{**fields, "state": AmendmentState.WITHDRAWN}) for _ in range(copies))

    return add


@pytest.mark.parametrize("kind", ["", "participants"])
def test_the_query_count_is_the_same_for_5_and_50_results(adviser_client, tororo, kind):
    def count_queries(params):
        with CaptureQueriesContext(connection) as queries:
            response = adviser_client.get(URL, params)
        assert response.status_code == 200
        return len(queries), response

    params = {"q": "Tororo", "kind": kind} if kind else {"q": "Tororo"}
    tororo(1, 5)
    few, response = count_queries(params)
    assert all(len(group.hits) == 5 for group in response.context["results"])
    tororo(6, 50)
    many, response = count_queries(params)
    assert many == few
    assert all(group.has_more for group in response.context["results"])
    # Session and user, the filter's choices (countries, advisers), a savepoint and the threshold,
    # one query a kind, the partner countries of the partnerships shown, the savepoint's release.
    assert few == (12 if not kind else 8)


# --- HTML and indexes ------------------------------------------------------------------------------


def test_the_page_is_valid_html(adviser_client, contact_client, world, tmp_path):
    pages = {
        "empty": adviser_client.get(URL).content.decode(),
        "results": adviser_client.get(URL, {"q": "sykepleiere"}).content.decode(),
        "typo": adviser_client.get(URL, {"q": "Mulgo", "year": "bad"}).content.decode(),
        "one kind": adviser_client.get(URL, {"q": "Bergen", "kind": "organisations", "page": 2}).content.decode(),
        "contact": contact_client.get(URL, {"q": "Nakato"}).content.decode(),
        "too long": contact_client.get(URL, {"q": "x" * 101}).content.decode(),
    }
    assert check_with_vnu(pages, tmp_path) == []


INDEXES = {
    "partnership_name_trgm": "partnerships_partnership",
    "organisation_name_trgm": "partnerships_partnerorganisation",
    "participant_name_trgm": "exchanges_participant",
    "application_text_search": "partnerships_application",
    "amendment_text_search": "amendments_amendment",
}


def test_the_gin_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [[*INDEXES]])
        found = {name: (table, definition) for name, table, definition in cursor.fetchall()}
    assert {name: table for name, (table, _definition) in found.items()} == INDEXES
    assert all("USING gin" in definition for _table, definition in found.values())


def test_a_name_search_uses_its_index(db):
    OrganisationFactory.create_batch(3000, country="UG")
    OrganisationFactory(name="Mulago National Referral Hospital", country="UG")
    from partnerships.models import PartnerOrganisation
    from workspace.search import Filters, _organisations

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_partnerorganisation")
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', true)")
        # Names this alike ("Organisation 123") make a scan as cheap as the index: show the planner can.
        cursor.execute("SET LOCAL enable_seqscan = off")
    queryset = _organisations(
        type("Adviser", (), {"is_authenticated": True, "is_active": True, "is_adviser": True})(),
        "Mulgo",
        Filters(),
        None,
        postgres=True,
    )
    assert [o.name for o in queryset] == ["Mulago National Referral Hospital"]
    assert "organisation_name_trgm" in queryset.explain()
    assert PartnerOrganisation.objects.count() > 3000


def test_a_text_search_uses_its_index(db, world):
    from norec.core.search import Matches, StemmedQuery, TextVector
    from partnerships.models import Application

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the planner show it can
    vector = TextVector("common_goals", "cooperation")
    matching = Application.objects.filter(Matches(vector, StemmedQuery("sykepleiere")))
    assert matching.count() == 1
    assert "application_text_search" in matching.explain()
