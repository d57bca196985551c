"""`manage.py build_caseload`: the benchmark's and the demo's large caseload, at a small scale here."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from amendments.models import Amendment, AmendmentState
from exchanges.models import ChecklistItem, ExchangeRound, Participant
from norec.core.models import AuditEvent, User
from norec.core.roles import Role
from partnerships.models import Partnership, Phase
from training.models import CourseSession, Enrolment
from workspace.caseload import FIRST_ADVISER

pytestmark = pytest.mark.django_db


def test_it_builds_a_caseload_over_every_phase_through_the_services():
    out = StringIO()
    call_command("build_caseload", cases=50, participants=300, sessions=6, stdout=out, stderr=StringIO())
    assert Partnership.objects.count() == 50
    assert set(Partnership.objects.values_list("phase", flat=True)) == set(Phase.values)
    # The services wrote each case's timeline: every case has its "opened" event, and more.
    assert AuditEvent.objects.filter(subject_id__in=Partnership.objects.values("pk")).count() > 50 * 3
    assert ExchangeRound.objects.count() >= 3 * Partnership.objects.filter(phase=Phase.EXCHANGE).count()
    assert Participant.objects.count() == 300
    items_per_participant = ChecklistItem.objects.count() / Participant.objects.count()
    assert items_per_participant > 10  # the programme's checklist, for everyone
    assert CourseSession.objects.count() == 6
    assert Enrolment.objects.exists()
    assert Amendment.objects.filter(state=AmendmentState.SUBMITTED).exists()
    # Names read as names, so search and the lists look like the real caseload.
    assert not Participant.objects.filter(full_name__startswith="Participant").exists()
    assert "Built 50 cases" in out.getvalue()


def test_a_second_run_changes_nothing():
    User.objects.create_user(email=FIRST_ADVISER, full_name="Adviser 1", role=Role.ADVISER)
    people = User.objects.count()
    out = StringIO()
    call_command("build_caseload", cases=50, participants=0, sessions=3, stdout=out, stderr=StringIO())
    assert "already here" in out.getvalue()
    assert User.objects.count() == people


@pytest.mark.parametrize("arguments", [{"cases": 10}, {"cases": 50, "participants": -1}, {"cases": 50, "sessions": 0}])
def test_it_refuses_scales_out_of_bounds(arguments):
    with pytest.raises(CommandError):
        call_command("build_caseload", **arguments, stdout=StringIO(), stderr=StringIO())
