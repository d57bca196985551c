"""The case's machines, state by action (issue [6/11], "tests that bite"): a case built in each
phase through the services (tests/factories.py's make_case), each of the case's, its
application's, its agreement's and its final report's actions pressed by the person who would
take it, and the answer each gets: DONE (a success, and something recorded on the timeline) or
REFUSED (a reason, and nothing written). The rounds' and participants' tables are in
tests/exchanges/test_round_machine.py and test_participant_machine.py.

And the invariant that keeps a machine from sticking: what a transition's condition waits for is
an action that is DONE in that transition's source state (a pre-study waits for representatives
and the partner meeting, and those can be recorded in the pre-study)."""

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse

from exchanges.services import accept_round_report, return_round_report, submit_round_report
from norec.core.models import AuditEvent
from partnerships.models import Partnership
from tests.factories import contact_of, make_case, pdf_upload, reload
from tests.shared_data import tables_written

pytestmark = pytest.mark.django_db

DONE, REFUSED = "done", "refused"

# (URL name, who presses it: the adviser, the coordinating partner's contact or the other's)
ACTIONS = {
    "add_representative": "coordinator",
    "partner_meeting": "coordinator",
    "start_application": "coordinator",
    "submit_application": "coordinator",
    "return_application": "adviser",
    "approve_application": "adviser",
    "decline_application": "adviser",
    "sign_agreement": "other",
    "submit_final_report": "coordinator",
    "accept_final_report": "adviser",
    "return_final_report": "adviser",
    "withdraw": "coordinator",
    "terminate": "adviser",
}
D, R = DONE, REFUSED
# Each phase's answers, in the order of ACTIONS.
TABLE = {
    "pre_study": (D, D, R, R, R, R, R, R, R, R, R, D, D),
    "pre_study_done": (D, D, D, R, R, R, R, R, R, R, R, D, D),
    "application_started": (R, R, R, R, R, R, R, R, R, R, R, D, D),  # an empty draft: nothing to submit
    "application_draft": (R, R, R, D, R, R, R, R, R, R, R, D, D),
    "application_submitted": (R, R, R, R, D, D, D, R, R, R, R, D, D),
    "application_returned": (R, R, R, D, R, R, R, R, R, R, R, D, D),
    "approved_awaiting_signatures": (R, R, R, R, R, R, R, D, R, R, R, R, D),
    "exchange": (R, R, R, R, R, R, R, R, R, R, R, R, D),
    "follow_up": (R, R, R, R, R, R, R, R, D, R, R, R, D),
    "follow_up_report_submitted": (R, R, R, R, R, R, R, R, R, D, D, R, D),
    "completed": (R,) * len(ACTIONS),
    "withdrawn": (R,) * len(ACTIONS),
    "declined": (R,) * len(ACTIONS),
    "terminated": (R,) * len(ACTIONS),
}

# What a transition's conditions wait for, and the action that brings it: it must be DONE in some
# state the transition starts from (the phases of its source, as built here).
WAITS_FOR = {
    "start_application": ("pre_study", ["add_representative", "partner_meeting"]),
    "submit": ("application_started", []),  # the draft is saved on its page (test_application_views)
    "start_exchange": ("approved_awaiting_signatures", ["sign_agreement"]),
    "complete": ("follow_up_report_submitted", ["accept_final_report"]),
    "accept": ("follow_up", ["submit_final_report"]),  # the final report's, once one is submitted
}


def posted(case: Partnership, name: str, person) -> dict:
    data = {
        "confirm": "on",
        "comment": "x",
        "reason": "x",
        "text": "What we learnt.",
        "revision": reload(case).revision,
        "full_name": "Rep Resentative",
        "seminar_date": "2026-03-02",
        "date": "2026-04-15",
        "place": "Kampala",
        "participants": "Both coordinators",
    }
    if name in ("add_representative", "sign_agreement"):
        data["organisation"] = min(person.organisations.filter(partnerships=case).values_list("pk", flat=True))
    if name in ("partner_meeting",):
        data["minutes"] = pdf_upload("minutes.pdf")
    if name == "submit_final_report":
        data["attachment"] = pdf_upload("final-report.pdf")
    return data


def press(case: Partnership, name: str, person) -> str:
    """Post the action as `person`, inside a savepoint rolled back; DONE or REFUSED (or what else
    it answered, for the assertion to show)."""
    client = Client()
    client.force_login(person)
    before = AuditEvent.objects.for_subject(case).count()
    with transaction.atomic():
        with tables_written() as written:
            response = client.post(reverse(f"partnerships:{name}", args=[case.pk]), posted(case, name, person))
        levels = {message.level_tag for message in get_messages(response.wsgi_request)}
        recorded = AuditEvent.objects.for_subject(case).count() > before
        transaction.set_rollback(True)
    if response.status_code == 302 and levels == {"success"} and recorded:
        return DONE
    if response.status_code == 302 and levels == {"error"} and not (written - {"django_session"}):
        return REFUSED
    return f"{response.status_code}, messages {levels}, recorded {recorded}, written {sorted(written)}"


@pytest.fixture(params=sorted(TABLE))
def phase(request):
    return request.param


def test_each_action_in_each_phase(phase, adviser, organisation, other_organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = make_case(phase, adviser=adviser, organisations=[organisation, other_organisation])
    people = {
        "adviser": adviser,
        "coordinator": contact_of(organisation),
        "other": contact_of(other_organisation),
    }
    answers = {name: press(case, name, people[who]) for name, who in ACTIONS.items()}
    assert answers == dict(zip(ACTIONS, TABLE[phase], strict=True))


def test_what_a_step_waits_for_is_done_where_the_step_starts():
    for transition, (phase, actions) in WAITS_FOR.items():
        for action in actions:
            assert TABLE[phase][list(ACTIONS).index(action)] == DONE, (transition, phase, action)


# The reports' machines (a round's C06/C04 and the case's final report): submitted → accepted,
# or returned (kept as history; the partners submit a new one). What the adviser may do to each.
REPORT_TABLE = {"submitted": (DONE, DONE), "accepted": (REFUSED, REFUSED), "returned": (REFUSED, REFUSED)}


@pytest.mark.parametrize("state", sorted(REPORT_TABLE))
def test_each_decision_on_a_round_report_in_each_state(
    state, adviser, organisation, other_organisation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = make_case("follow_up", adviser=adviser, organisations=[organisation, other_organisation])
    exchange_round = case.agreement.rounds.get(number=1)
    report = submit_round_report(
        exchange_round, kind="results", text="What they did.", by=contact_of(case.coordinating_organisation)
    )
    if state == "accepted":
        accept_round_report(report, by=case.adviser)
    elif state == "returned":
        return_round_report(report, comment="Say more.", by=case.adviser)
    client = Client()
    client.force_login(case.adviser)
    answers = []
    for name in ("accept_round_report", "return_round_report"):
        with transaction.atomic():
            before = AuditEvent.objects.for_subject(case).count()
            response = client.post(
                reverse(f"exchanges:{name}", args=[report.pk]),
                {"confirm": "on", "comment": "x", "revision": reload(case).revision},
            )
            levels = {message.level_tag for message in get_messages(response.wsgi_request)}
            recorded = AuditEvent.objects.for_subject(case).count() > before
            transaction.set_rollback(True)
        answers.append(DONE if levels == {"success"} and recorded else REFUSED if levels == {"error"} else levels)
    assert tuple(answers) == REPORT_TABLE[state]
