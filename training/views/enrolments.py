"""Enrolling from a session's page, cancelling (a partner contact or an adviser), an adviser's
decision on a late request, and a participant's own courses."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from exchanges.models import Participant
from exchanges.views.responses import act, back_to, refuse
from norec.core.forms import posted_revision
from norec.core.models import User
from training import permissions, selectors, services
from training.eligibility import is_late, session_reasons
from training.forms import EnrolForm, ReasonForm
from training.models import CourseKind, EnrolmentState
from training.views.sessions import enrol_candidates, render_session, session_url

PARTICIPANT_KINDS = (CourseKind.COURSE_1, CourseKind.COURSE_2)


@login_required
@require_POST
def enrol(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    closed = session_reasons(session)
    if closed:
        return refuse(request, closed, session_url(session))
    late_reason_needed = is_late(session) and permissions.is_adviser(request.user)
    candidates = enrol_candidates(session, request.user)
    form = EnrolForm(request.POST, candidates=candidates, late_reason_needed=late_reason_needed)
    invalid = lambda: render_session(request, session, enrol_form=form, status=400)  # noqa: E731
    if not form.is_valid():
        return invalid()
    who = form.cleaned_data["who"]
    if session.course in PARTICIPANT_KINDS:
        people = {"participant": Participant.objects.select_related("leg").get(pk=who)}
    else:
        people = {"person": User.objects.get(pk=who)}
    return act(
        request,
        lambda: services.enrol(
            session,
            by=request.user,
            late_reason=form.cleaned_data.get("late_reason", ""),
            submission=form.cleaned_data["submission"],
            **people,
        ),
        success=enrolled_message,
        to=session_url(session),
        form=form,
        field="who",
        invalid=invalid,
    )


def enrolled_message(enrolment) -> str:
    """What the enrolment came to, in words (None: the same form was sent before)."""
    if enrolment is None:
        return _("The enrolment was made: its state is shown below.")
    messages = {
        EnrolmentState.CONFIRMED: _("%(name)s has a place on this session."),
        EnrolmentState.WAITING: _(
            "Every place is taken: %(name)s is on the waiting list and moves up when one is free."
        ),
        EnrolmentState.REQUESTED: _(
            "The deadline has passed: the request for %(name)s has gone to the programme adviser."
        ),
    }
    return messages[enrolment.state] % {"name": enrolment.name}


@login_required
@require_POST
def cancel_enrolment(request, enrolment_pk):
    enrolment = permissions.get_enrolment_for_user(request.user, enrolment_pk)
    to = back_to(request, session_url(enrolment.session))
    reasons = permissions.cancel_refusal_reasons(enrolment, request.user)
    if reasons:
        return refuse(request, reasons, to)
    form = ReasonForm(request.POST, id_prefix=f"cancel-{enrolment.pk}")
    if not form.is_valid():
        return refuse(request, [_("Say why the enrolment is cancelled.")], to)
    return act(
        request,
        lambda: services.cancel_enrolment(
            enrolment, reason=form.cleaned_data["reason"], by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("The enrolment of %(name)s was cancelled.") % {"name": enrolment.name},
        to=to,
    )


@login_required
@require_POST
def accept_late_request(request, enrolment_pk):
    enrolment = permissions.get_enrolment_for_user(request.user, enrolment_pk)
    to = session_url(enrolment.session)
    if not permissions.may_decide_late_request(enrolment, request.user):
        return refuse(request, [_("Only a programme adviser decides on a request made after the deadline.")], to)
    form = ReasonForm(request.POST, id_prefix=f"accept-{enrolment.pk}")
    if not form.is_valid():
        return refuse(request, [_("Say why the request is accepted after the deadline.")], to)
    return act(
        request,
        lambda: services.accept_late_request(enrolment, reason=form.cleaned_data["reason"], by=request.user),
        success=_("The request of %(name)s was accepted.") % {"name": enrolment.name},
        to=to,
    )


@login_required
@require_safe
def my_courses(request):
    """A participant's own courses: where, when, the travel days, and the invitation letter."""
    if not (request.user.is_participant and request.user.is_active):
        raise PermissionDenied
    return render(request, "training/my_courses.html", {"enrolments": selectors.enrolments_of(request.user)})
