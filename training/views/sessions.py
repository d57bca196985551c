"""The sessions: the programme's list (advisers: fill rate and waiting lists; partner contacts:
what their people can enrol on), a session's page, and the adviser's planning, changes,
cancellation and attendance. Each view checks who may, parses its form, calls one service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from exchanges.views.responses import act, refuse
from norec.core.forms import posted_revision
from norec.core.listing import counted_page_of, first_of
from training import permissions, selectors, services
from training.eligibility import (
    LISTED,
    PARTICIPANT_COURSES,
    is_late,
    listed_participants,
    listed_people,
    session_reasons,
)
from training.forms import AttendanceForm, EnrolForm, NeedFilterForm, ReasonForm, SessionFilterForm, SessionForm
from training.models import PLACE_STATES, CourseKind, EnrolmentState
from training.schedule import travel_days

SESSIONS_PER_PAGE = 100  # a year's sessions fit on one page
NEEDS_PER_PAGE = 50


def session_url(session) -> str:
    return reverse("training:session_detail", args=[session.pk])


@login_required
@require_safe
def sessions(request):
    if not permissions.may_browse_sessions(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    adviser = permissions.is_adviser(request.user)
    filters = SessionFilterForm(request.GET, adviser=adviser)
    order = selectors.SESSION_SORTING.chosen(request.GET)
    found = selectors.filter_sessions(selectors.sessions_with_counts(), today=today, **filters.chosen())
    page = counted_page_of(found.order_by(*order.order_by), request.GET, per_page=SESSIONS_PER_PAGE)
    for session in page.object_list:
        session.fill = selectors.fill_rate(session)
    context = {
        "adviser": adviser,
        "sessions": page.object_list,
        "page": page,
        "filters": filters,
        "order": order,
        "sort": order.links(request.GET),
        "enrolments": [] if adviser else selectors.enrolments_of(request.user, open_only=True),
        "today": today,
    }
    return render(request, "training/sessions.html", context)


def enrol_candidates(session, user) -> list[tuple[int, str]]:
    """Whom `user` may enrol on `session`, narrowed by the rules a query can ask (the service
    checks each one fully, and says why one may not go)."""
    if session.course in PARTICIPANT_COURSES:
        participants = listed_participants(session, permissions.participants_to_list(user))
        participants = participants.select_related("leg__home_organisation").order_by("full_name", "pk")
        return [(p.pk, f"{p.full_name} ({p.leg.home_organisation.name})") for p in participants]
    people = listed_people(session, permissions.people_to_list(user)).order_by("full_name", "email")
    return [(person.pk, person.full_name or person.email) for person in people]


def holding_places(enrolments) -> list:
    """The enrolments that hold a place (confirmed, and once it has run attended or missed): the attendance list."""
    return [enrolment for enrolment in enrolments if enrolment.state in PLACE_STATES]


def render_session(request, session, *, enrol_form=None, cancel_form=None, attendance_form=None, status=200):
    user = request.user
    adviser = permissions.is_adviser(user)
    enrolments = selectors.with_actions(selectors.session_enrolments(session, user), user, timezone.localdate())
    for enrolment in enrolments:
        enrolment.may_accept = permissions.may_decide_late_request(enrolment, user)
    closed = session_reasons(session)
    late = is_late(session)
    if enrol_form is None and not closed:
        enrol_form = EnrolForm(candidates=enrol_candidates(session, user), late_reason_needed=late and adviser)
    on_list = holding_places(enrolments)
    may_attend = permissions.may_record_attendance(session, user)
    if attendance_form is None and may_attend and on_list:
        attendance_form = AttendanceForm(enrolments=on_list)
    may_cancel_session = permissions.may_cancel_session(session, user)
    context = {
        "session": session,
        "adviser": adviser,
        "travel": travel_days(session),
        # An adviser's list is the whole session's; a contact's only their people: count in the database.
        "taken": len(on_list) if adviser else session.places_taken(),
        "enrolments": enrolments,
        "confirmed": on_list,
        "waiting": [e for e in enrolments if e.state == EnrolmentState.WAITING],
        "requested": [e for e in enrolments if e.state == EnrolmentState.REQUESTED],
        "cancelled": [e for e in enrolments if e.state == EnrolmentState.CANCELLED],
        "closed": closed,
        "late": late,
        "listed": LISTED.get(session.course, ""),
        "enrol_form": None if closed else enrol_form,
        "attendance_form": attendance_form,
        "may_plan": permissions.may_plan_sessions(user)
        and not session.is_cancelled
        and session.ends_on >= timezone.localdate(),
        "cancel_form": (cancel_form or ReasonForm(id_prefix="cancel-session")) if may_cancel_session else None,
        # Confirmed places wait for the first day (the no-dead-ends check reads this sentence).
        "attendance_waits": not session.is_cancelled and timezone.localdate() < session.starts_on,
    }
    return render(request, "training/session_detail.html", context, status=status)


@login_required
@require_safe
def session_detail(request, pk):
    return render_session(request, permissions.get_session_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def plan_session(request):
    if not permissions.may_plan_sessions(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    invalid = lambda: render(request, "training/session_form.html", {"form": form}, status=400)  # noqa: E731
    if request.method == "GET":
        return render(request, "training/session_form.html", {"form": form})
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.plan_session(
            by=request.user, submission=form.cleaned_data["submission"], **form.session_fields()
        ),
        success=_("The session was planned."),
        to=session_url,
        form=form,
        invalid=invalid,
        again=lambda pk: reverse("training:session_detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_session(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    if not permissions.may_plan_sessions(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None, session=session)
    context = {"form": form, "session": session}
    invalid = lambda: render(request, "training/session_form.html", context, status=400)  # noqa: E731
    if request.method == "GET":
        return render(request, "training/session_form.html", context)
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.change_session(
            session, by=request.user, expected_revision=posted_revision(request), **form.session_fields()
        ),
        success=_("The session was changed."),
        to=session_url(session),
        form=form,
        invalid=invalid,
    )


@login_required
@require_POST
def cancel_session(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    if not permissions.may_cancel_session(session, request.user):
        return refuse(
            request, [_("Only a programme adviser cancels a session, before it has ended.")], session_url(session)
        )
    form = ReasonForm(request.POST, id_prefix="cancel-session")
    invalid = lambda: render_session(request, session, cancel_form=form, status=400)  # noqa: E731
    if not form.is_valid():
        return invalid()
    return act(
        request,
        lambda: services.cancel_session(
            session, reason=form.cleaned_data["reason"], by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("The session was cancelled; the people enrolled are told."),
        to=session_url(session),
        form=form,
        field="reason",
        invalid=invalid,
    )


@login_required
@require_POST
def record_attendance(request, pk):
    session = permissions.get_session_for_user(request.user, pk)
    if not permissions.may_record_attendance(session, request.user):
        return refuse(
            request, [_("Attendance is recorded by an adviser, from the session's first day.")], session_url(session)
        )
    form = AttendanceForm(request.POST, enrolments=holding_places(selectors.session_enrolments(session, request.user)))
    if not form.is_valid():
        return render_session(request, session, attendance_form=form, status=400)
    return act(
        request,
        lambda: services.record_attendance(
            session, attended=form.attendance(), by=request.user, expected_revision=posted_revision(request)
        ),
        success=_("Attendance was recorded."),
        to=session_url(session),
    )


@login_required
@require_safe
def training_needs(request):
    """Who still needs training: partner contacts without partner training, participants leaving
    soon without a place on course 1."""
    if not permissions.may_plan_sessions(request.user):
        raise PermissionDenied
    filters = NeedFilterForm(request.GET)
    chosen = filters.chosen()
    course, case = chosen.get("course", ""), chosen.get("case", "")
    order = selectors.NEED_SORTING.chosen(request.GET)
    found = selectors.participants_needing_course_1(today=timezone.localdate(), case=case, order_by=order.order_by)
    page = counted_page_of(found, request.GET, per_page=NEEDS_PER_PAGE)
    course_1 = course != CourseKind.PARTNER_TRAINING
    context = {
        "filters": filters,
        "order": order,
        "sort": order.links(request.GET),
        "page": page,
        "participants": page.object_list if course_1 else None,
        "missed": first_of(selectors.missed_course_1_anywhere(case=case), NEEDS_PER_PAGE) if course_1 else None,
        # Partner training is per contact person, not per case: a partnership filter leaves them out.
        "contacts": first_of(selectors.contacts_needing_partner_training(), NEEDS_PER_PAGE)
        if course != CourseKind.COURSE_1 and not case
        else None,
        "weeks": selectors.COURSE_1_WARNING_WEEKS,
    }
    return render(request, "training/needs.html", context)
