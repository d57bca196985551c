"""Every URL of the partnerships and exchanges apps, for every role, with the answer each gets.

The list of URLs comes from the URLconf, so a new URL without an entry in ACCESS fails
test_every_named_url_has_an_access_entry. Each entry is then requested by each role on a case in
follow-up with its final report waiting and something behind every download (`full_case`, built
once for the module: tests/shared_data.py). An action is DONE (a success message, a row on the
case's timeline by that person) or REFUSED (an error message with the reason, and not a row
written anywhere); no other answer writes anything either."""

from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exchanges.models import Participant, RoundReport
from norec.core.models import AuditEvent
from partnerships import services
from partnerships.models import AgreementSignature, Partnership, Phase, SignatureMethod
from tests.factories import reload
from tests.partnerships.helpers import confirmed, messages_of
from tests.partnerships.shared_case import (  # noqa: F401 (fixtures, found by their names)
    shared_adviser,
    shared_build,
    shared_contact,
    shared_full_case,
    shared_media,
    shared_media_in_tmp,
    shared_organisation,
    shared_other_adviser,
    shared_other_contact,
    shared_other_organisation,
    shared_outsider_contact,
    shared_participant,
)
from tests.shared_data import tables_written

ROLES = ("adviser", "other_adviser", "contact", "outsider", "participant", "anonymous")
# The fixture of each role's person (for the timeline's "by whom").
PEOPLE = {
    "adviser": "adviser",
    "other_adviser": "other_adviser",
    "contact": "contact",
    "outsider": "outsider_contact",
    "participant": "participant",
    "anonymous": None,
}
NAMESPACES = ("partnerships", "exchanges")

OK = 200
LOGIN = "login"  # a redirect to sign in
DONE = "done"  # a redirect with a success message, and the case's timeline has a row by that person
REFUSED = "refused"  # a redirect with error messages giving the reason, and nothing written
NOT_FOUND = 404
FORBIDDEN = 403


def namespaced_url_names() -> set[str]:
    names = set()
    resolver = get_resolver()
    for namespace in NAMESPACES:
        if namespace not in resolver.namespace_dict:
            continue  # an app without URLs yet
        _prefix, app_resolver = resolver.namespace_dict[namespace]
        stack = list(app_resolver.url_patterns)
        while stack:
            pattern = stack.pop()
            if isinstance(pattern, URLResolver):
                stack.extend(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}")
    return names


@dataclass(frozen=True)
class Entry:
    method: str  # the method the URL is for
    answers: dict[str, object]  # role -> expected answer
    only: bool = True  # the URL answers this method only (the other gets 405)
    target: str = "case"  # what the URL's pk names: the case or its coordinating organisation
    extra: dict = field(default_factory=dict)  # more URL kwargs: name -> how to find it on the case


def answers(adviser, other_adviser, contact, outsider=NOT_FOUND, participant=NOT_FOUND):
    return dict(zip(ROLES, (adviser, other_adviser, contact, outsider, participant, LOGIN), strict=True))


CASE_PAGE = answers(OK, OK, OK)
DOWNLOAD = answers(OK, OK, OK)
# On full_case (follow-up, the final report waiting, round 1 reported): what nobody may do in this
# state, and what only the case's adviser may do.
NOT_NOW = answers(REFUSED, REFUSED, REFUSED)
ADVISER_DOES = answers(DONE, REFUSED, REFUSED)

ACCESS = {
    "partnerships:organisation_list": Entry("get", answers(OK, OK, OK, OK, FORBIDDEN), only=False, target="none"),
    "partnerships:organisation_detail": Entry("get", answers(OK, OK, OK), only=False, target="organisation"),
    "partnerships:organisation_create": Entry(
        "get", answers(OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN), only=False, target="none"
    ),
    "partnerships:organisation_edit": Entry("get", answers(OK, OK, FORBIDDEN), only=False, target="organisation"),
    "partnerships:invite_contact": Entry("post", answers(DONE, DONE, FORBIDDEN), target="organisation"),
    "partnerships:case_list": Entry("get", answers(OK, OK, OK, OK, FORBIDDEN), target="none"),
    # What each may download is in tests/partnerships/test_case_exports.py (an outsider gets no case).
    "partnerships:export_cases": Entry("get", answers(OK, OK, OK, OK, FORBIDDEN), target="export"),
    "partnerships:case_create": Entry(
        "get", answers(OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN), only=False, target="none"
    ),
    "partnerships:case_detail": Entry("get", CASE_PAGE),
    "partnerships:case_timeline": Entry("get", CASE_PAGE),
    "partnerships:add_representative": Entry("post", NOT_NOW),
    "partnerships:remove_representative": Entry("post", NOT_NOW, extra={"representative_pk": "representative"}),
    "partnerships:partner_meeting": Entry("get", NOT_NOW, only=False),
    "partnerships:partner_meeting_minutes": Entry("get", DOWNLOAD),
    "partnerships:start_application": Entry("post", NOT_NOW),
    "partnerships:application_edit": Entry("get", CASE_PAGE, only=False),
    "partnerships:application_autosave": Entry("post", answers(OK, OK, OK)),  # a fragment saying why not
    "partnerships:application_history": Entry("get", CASE_PAGE),
    "partnerships:restore_application_field": Entry("post", NOT_NOW, extra={"number": "version"}),
    "partnerships:confirm_submit_application": Entry("get", NOT_NOW),
    "partnerships:submit_application": Entry("post", NOT_NOW),
    "partnerships:return_application": Entry("post", NOT_NOW),
    "partnerships:approve_application": Entry("post", NOT_NOW),
    "partnerships:decline_application": Entry("post", NOT_NOW),
    "partnerships:agreement_pdf": Entry("get", DOWNLOAD),
    "partnerships:sign_agreement": Entry("post", NOT_NOW),
    "partnerships:signed_copy": Entry("get", DOWNLOAD, extra={"signature_pk": "signature"}),
    "partnerships:submit_final_report": Entry("post", NOT_NOW),
    "partnerships:final_report_attachment": Entry("get", DOWNLOAD, extra={"report_pk": "report"}),
    "partnerships:accept_final_report": Entry("post", ADVISER_DOES),
    "partnerships:return_final_report": Entry("post", ADVISER_DOES),
    "partnerships:withdraw": Entry("post", NOT_NOW),
    "partnerships:terminate": Entry("post", ADVISER_DOES),
    "partnerships:add_comment": Entry("post", answers(DONE, REFUSED, DONE)),
    # The head of programme's (tests/workspace/test_reassign.py); no role here is head.
    "partnerships:reassign_case": Entry("post", answers(FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "exchanges:mark_round_exchange_done": Entry("post", NOT_NOW, extra={"number": "round"}),
    "exchanges:round_detail": Entry("get", CASE_PAGE, extra={"number": "round"}),
    "exchanges:add_leg": Entry("post", NOT_NOW, extra={"number": "round"}),
    "exchanges:change_leg": Entry("post", NOT_NOW, extra={"number": "round", "leg_pk": "leg"}),
    "exchanges:remove_leg": Entry("post", NOT_NOW, extra={"number": "round", "leg_pk": "leg"}),
    "exchanges:accept_extra_place": Entry("post", NOT_NOW, extra={"number": "round", "leg_pk": "leg"}),
    "exchanges:advance_round": Entry("post", NOT_NOW, extra={"number": "round", "step": "step"}),
    "exchanges:correct_departure": Entry("post", NOT_NOW, extra={"number": "round"}),
    "exchanges:submit_round_report": Entry("post", NOT_NOW, extra={"number": "round", "kind": "kind"}),
    "exchanges:close_round": Entry("post", ADVISER_DOES, extra={"number": "round"}),
    "exchanges:set_round_agreement": Entry("post", NOT_NOW, extra={"number": "round"}),
    "exchanges:round_agreement_pdf": Entry("get", DOWNLOAD, extra={"number": "round"}),
    "exchanges:approve_round_agreement": Entry("post", NOT_NOW, extra={"number": "round"}),
    "exchanges:accept_round_report": Entry("post", NOT_NOW, target="round_report"),
    "exchanges:return_round_report": Entry("post", NOT_NOW, target="round_report"),
    "exchanges:round_report_document": Entry("get", DOWNLOAD, target="round_report"),
    "exchanges:recruit": Entry("get", NOT_NOW, only=False, extra={"number": "round", "leg_pk": "leg"}),
    # A participant's pages: the case's people; the participant of these tests is someone else.
    "exchanges:participant_detail": Entry("get", CASE_PAGE, target="participant"),
    "exchanges:participant_pdf": Entry("get", DOWNLOAD, target="participant"),
    "exchanges:follow_up_plan": Entry("post", NOT_NOW, target="participant"),
    "exchanges:invite_participant": Entry("post", NOT_NOW, target="participant"),
    "exchanges:accept_age": Entry("post", NOT_NOW, target="participant"),
    "exchanges:withdraw_participant": Entry("post", NOT_NOW, target="participant"),  # back home: too late
    "exchanges:return_early": Entry("post", NOT_NOW, target="participant"),
    "exchanges:complete_item": Entry("post", NOT_NOW, target="item"),
    "exchanges:item_not_applicable": Entry("post", NOT_NOW, target="item"),
    "exchanges:reopen_item": Entry("post", NOT_NOW, target="item"),
    "exchanges:item_document": Entry("get", DOWNLOAD, target="item"),
    "exchanges:item_thumbnail": Entry("get", DOWNLOAD, target="item"),  # the item's photo, smaller
    # Only a participant with an exchange has a portal; nobody of these tests has one.
    "exchanges:portal": Entry("get", answers(*[NOT_FOUND] * 5), target="none"),
    "exchanges:caseload_participants": Entry("get", answers(OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN), target="none"),
    # What each may list and download is in tests/exchanges/test_list_exports.py (an outsider lists no round).
    "exchanges:export_participants": Entry("get", answers(OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN), target="export"),
    "exchanges:round_list": Entry("get", answers(OK, OK, OK, OK, FORBIDDEN), target="none"),
    "exchanges:export_rounds": Entry("get", answers(OK, OK, OK, OK, FORBIDDEN), target="export"),
}
# Where a role may write, what it posts: enough for every form to be valid, so that the answer is
# the permission and state check, not an input error.
POSTED = {
    "comment": "x",
    "reason": "x",
    "text": "x",
    "full_name": "New Person",
    "email": "new@example.org",
    "preferred_language": "en",
    "returned_on": "2025-06-01",  # during the leg of round 1 (from 10 January 2025, for 12 months)
}


def address(name: str, entry: Entry, case: Partnership) -> str:
    if entry.target == "none":
        return reverse(name)
    if entry.target == "export":
        return reverse(name, kwargs={"file_format": "csv"})
    if entry.target == "organisation":
        return reverse(name, kwargs={"pk": case.coordinating_organisation.pk})
    if entry.target == "round_report":  # the financial report: it has a document
        report = RoundReport.objects.get(
            exchange_round__agreement__partnership=case, exchange_round__number=1, kind="financial"
        )
        return reverse(name, kwargs={"report_pk": report.pk})
    participant = Participant.objects.get(leg__exchange_round__agreement__partnership=case, full_name="Amina Nakato")
    if entry.target == "participant":
        return reverse(name, kwargs={"participant_pk": participant.pk})
    if entry.target == "item":
        return reverse(name, kwargs={"item_pk": participant.checklist.exclude(document="").get().pk})
    found = {
        "representative": lambda: case.seminar_representatives.order_by("pk").first().pk,
        "signature": lambda: (
            AgreementSignature.objects.get(agreement__partnership=case, method=SignatureMethod.UPLOAD).pk
        ),
        "report": lambda: case.final_reports.get().pk,
        "round": lambda: 1,
        "step": lambda: "start_recruiting",
        "kind": lambda: "results",
        "leg": lambda: participant.leg.pk,
        "version": lambda: case.application.revisions.order_by("number").first().number,
    }
    return reverse(name, kwargs={"pk": case.pk, **{key: found[what]() for key, what in entry.extra.items()}})


def request(client, entry: Entry, where: str, case: Partnership):
    if entry.method == "get":
        return client.get(where)
    data = confirmed(organisation=case.coordinating_organisation.pk, revision=reload(case).revision, **POSTED)
    return client.post(where, data)


def test_every_named_url_has_an_access_entry():
    assert namespaced_url_names() == set(ACCESS)
    for name, entry in ACCESS.items():
        assert set(entry.answers) == set(ROLES), name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_its_answer(request_fixture, full_case, name, role):
    entry = ACCESS[name]
    where = address(name, entry, full_case)
    client = request_fixture(f"{role}_client")
    user = request_fixture(PEOPLE[role]) if PEOPLE[role] else None
    timeline_before = AuditEvent.objects.for_subject(full_case).filter(actor=user).count() if user else 0
    with tables_written() as written:
        response = request(client, entry, where, full_case)
    expected = entry.answers[role]
    levels = [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]
    if expected == DONE:
        assert response.status_code == 302, response.status_code
        assert levels and all(level == "success" for level, _text in levels), levels
        assert written - {"django_session"}, "a success message, but nothing was written"
        if entry.target not in {"none", "organisation"}:
            timeline = AuditEvent.objects.for_subject(full_case).filter(actor=user).count()
            assert timeline > timeline_before, "done, but not on the case's timeline"
        return
    assert not written, f"{expected} ({response.status_code}), yet {sorted(written)} written"
    if expected == REFUSED:
        assert response.status_code == 302, response.status_code
        assert levels and all(level == "error" and text.strip() for level, text in levels), levels
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("name", sorted(name for name, entry in ACCESS.items() if entry.only))
def test_the_wrong_method_is_405(adviser_client, full_case, name):
    entry = ACCESS[name]
    where = address(name, entry, full_case)
    wrong = adviser_client.post if entry.method == "get" else adviser_client.get
    assert wrong(where).status_code == 405


def test_a_case_that_does_not_exist_is_404(adviser_client, db):
    assert adviser_client.get(reverse("partnerships:case_detail", args=[987654])).status_code == 404


# On a completed case each action is refused with this reason, for the adviser and the partner
# contact alike; comments stay possible.
CLOSED_CASE_ANSWERS = {
    "exchanges:mark_round_exchange_done": "The exchange of round 1 is already marked done.",
    "exchanges:add_leg": "Legs are planned before the exchange; round 1 is “Closed”.",
    "exchanges:change_leg": "Legs are planned before the exchange; round 1 is “Closed”.",
    "exchanges:remove_leg": "Legs are planned before the exchange; round 1 is “Closed”.",
    "exchanges:accept_extra_place": "“Accept an extra place” is not possible while round 1 is “Closed”.",
    "exchanges:advance_round": "“Start recruiting” is not possible while round 1 is “Closed”.",
    "exchanges:correct_departure": "“Correct the departure” is not possible while round 1 is “Closed”.",
    "exchanges:submit_round_report": "Round 1 is reported in its follow-up; it is “Closed”.",
    "exchanges:close_round": "“Close the round” is not possible while round 1 is “Closed”.",
    "exchanges:approve_round_agreement": "The round agreement of round 1 is approved before its participants are prepared.",  # noqa: E501
    "exchanges:set_round_agreement": "The budget of round 1 is set before its participants are prepared; it is “Closed”.",  # noqa: E501
    "partnerships:accept_final_report": "“Accept the final report” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:add_comment": "Your comment was added to the timeline.",
    "partnerships:add_representative": "“Record the pre-study” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:approve_application": "“Approve the application” is not possible while the application is “Approved”.",  # noqa: E501
    "partnerships:decline_application": "“Decline the application” is not possible while the application is “Approved”.",  # noqa: E501
    "partnerships:remove_representative": "“Record the pre-study” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:restore_application_field": "The partnership is no longer in the application phase (it is completed).",  # noqa: E501
    "partnerships:return_application": "“Return for revision” is not possible while the application is “Approved”.",
    "partnerships:return_final_report": "“Return the final report for revision” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:sign_agreement": "“Sign the agreement” is not possible while the case is in the “Completed” phase.",
    "partnerships:start_application": "“Start the application” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:submit_application": "“Submit the application” is not possible while the application is “Approved”.",
    "partnerships:submit_final_report": "“Submit the final report” is not possible while the case is in the “Completed” phase.",  # noqa: E501
    "partnerships:terminate": "“End the partnership” is not possible while the case is in the “Completed” phase.",
    "partnerships:withdraw": "“Withdraw” is not possible while the case is in the “Completed” phase.",
}


CASE_ACTIONS = sorted(
    name
    for name, entry in ACCESS.items()
    if (entry.method, entry.target) == ("post", "case") and entry.answers["contact"] in (DONE, REFUSED)
)


@pytest.mark.parametrize("name", CASE_ACTIONS)
def test_every_action_on_a_closed_case_is_refused_with_its_reason(
    adviser_client, contact_client, adviser, full_case, name
):
    """Forced POSTs (a stale tab, a crafted request) on a completed case: the reason, never a 500."""
    services.accept_final_report(full_case, by=adviser)
    case = reload(full_case)
    entry = ACCESS[name]
    for role, client in (("adviser", adviser_client), ("contact", contact_client)):
        with tables_written() as written:
            response = request(client, entry, address(name, entry, case), case)
        assert response.status_code == 302, (role, response.status_code)
        assert messages_of(response) == [CLOSED_CASE_ANSWERS[name]], role
        assert name == "partnerships:add_comment" or not written, (role, written)
    assert reload(case).phase == Phase.COMPLETED


@pytest.fixture
def request_fixture(request):
    return request.getfixturevalue
