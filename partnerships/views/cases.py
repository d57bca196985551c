"""The partnership case pages: the list, a new case, and the case page.

The case page is built in one place (render_case_page), for the first view and for every
re-render of an action's form with its errors (see responses.py)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from norec.core import timeline
from norec.core.audit import events_for
from norec.core.idempotency import AlreadySubmitted
from partnerships import services
from partnerships.case_forms import (
    AcceptFinalReportForm,
    ApproveApplicationForm,
    CaseCreateForm,
    CaseFilterForm,
    CommentForm,
    DeclineApplicationForm,
    FinalReportForm,
    RepresentativeForm,
    ReturnApplicationForm,
    ReturnFinalReportForm,
    SignAgreementForm,
    SubmitApplicationForm,
    TerminateForm,
    WithdrawForm,
)
from partnerships.case_sections import case_sections
from partnerships.diagram import case_state_diagram
from partnerships.models import (
    ApplicationStatus,
    PartnerMeeting,
    PartnerOrganisation,
    Partnership,
    Phase,
    agreement_signed_by_all,
    direction_of,
    exchange_finished,
    final_report_accepted,
)
from partnerships.permissions import (
    CaseAction,
    CaseRules,
    agreement_of,
    application_of,
    can_list_cases,
    can_open_cases,
    get_case_for_user,
    may_confirm_signature,
    may_record_for,
    pending_final_report,
    registers_signed_copies,
    require,
)
from partnerships.selectors import case_page, lists, waiting

CASE_PAGE = "partnerships/case_detail.html"
CASES_PER_PAGE = 50

# --- The list and a new case -------------------------------------------------------------------


def listed_cases(request) -> tuple:
    """The cases the list shows for this request: its scope (an adviser's own, or all), the filter
    form (a bad value is shown as an error on its field; the others still filter) and the cases. The
    list and its downloads read the same."""
    user = request.user
    # Advisers see every case, partner contacts their organisations' cases, anyone else no list.
    require(can_list_cases(user))
    visible = Partnership.objects.visible_to(user)
    scope = "all" if not user.is_adviser or request.GET.get("scope") == "all" else "mine"
    filters = CaseFilterForm(
        request.GET,
        country_codes=lists.countries_in(visible),
        advisers=lists.advisers_to_choose() if scope == "all" and user.is_adviser else None,
    )
    filters.is_valid()
    cases = lists.filter_cases(visible.filter(adviser=user) if scope == "mine" else visible, **filters.chosen())
    return scope, filters, cases


@login_required
@require_safe
def case_list(request):
    user = request.user
    scope, filters, cases = listed_cases(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in waiting.SORTS else waiting.SORT_NAME
    page = Paginator(lists.case_list_rows(cases, sort=sort), CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cases": (rows := lists.case_rows(page.object_list)),
        "case_rows": lists.case_table_rows(rows),
        "page": page,
        "sort": sort,
        "sort_links": _sort_links(query, sort),
        "filters": filters,
        "filtered": any(request.GET.get(name) for name in ("phase", "country", "adviser")),
        "scope": scope,
        "may_open_cases": can_open_cases(user),
        "download_query": _without_page(request.GET),
    }
    return render(request, "partnerships/case_list.html", context)


def _without_page(query) -> str:
    """The list's filters and scope for its download links (not its page: a download holds them all)."""
    query = query.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return f"?{query.urlencode()}" if query else ""


def _sort_links(query, sort: str) -> dict:
    """The column headers' sort links (keeping the filters) and their aria-sort values."""
    query = query.copy()
    query.pop("sort", None)

    def link(to: str) -> str:
        query["sort"] = to
        return f"?{query.urlencode()}"

    # The waiting column's link turns its order round: the oldest wait first, then the newest.
    waiting_to = waiting.SORT_WAITING_NEWEST if sort == waiting.SORT_WAITING else waiting.SORT_WAITING
    aria = {waiting.SORT_WAITING: "ascending", waiting.SORT_WAITING_NEWEST: "descending"}
    query.pop("sort", None)
    without_sort = query.urlencode()
    return {
        "without_sort": f"{without_sort}&" if without_sort else "",
        "name": link(waiting.SORT_NAME),
        "name_aria": "ascending" if sort == waiting.SORT_NAME else "",
        "waiting": link(waiting_to),
        "waiting_aria": aria.get(sort, ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require(can_open_cases(request.user))
    form = CaseCreateForm(request.POST or None, initial={"adviser": request.user})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.create_partnership(
                name=data["name"],
                organisations=list(data["organisations"]),
                coordinating=data["coordinating"],
                adviser=data["adviser"],
                language=data["language"] or "en",
                submission=data["submission"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("organisations" if error.code == "too_few" else None, error)
        except AlreadySubmitted as done:  # a double click: show the case the first click opened
            messages.success(request, _("The partnership “%(name)s” was opened.") % {"name": data["name"]})
            return redirect(
                reverse("partnerships:case_detail", args=[done.result_id])
                if done.result_id
                else "partnerships:case_list"
            )
        else:
            messages.success(request, _("The partnership “%(name)s” was opened.") % {"name": case.name})
            return redirect(case)
    status = 400 if form.is_bound else 200
    return render(request, "partnerships/case_form.html", {"form": form}, status=status)


# --- The case page -----------------------------------------------------------------------------


@login_required
@require_safe
def case_detail(request, pk):
    return render_case_page(request, case_page.case_for_page(request.user, pk))


def render_case_page(request, case: Partnership, *, status: int = 200, **bound_forms):
    """The case page, for its first view and for a re-render with a form as typed (status 400)."""
    return render(request, CASE_PAGE, _case_page_context(request.user, case, bound_forms), status=status)


@dataclass
class NextStep:
    """What the case needs before it can move on, and what that means for the person reading."""

    title: str
    missing: list[str] = field(default_factory=list)
    note: str = ""


def _case_page_context(user, case: Partnership, bound: dict) -> dict:
    reports = case_page.final_reports(case)  # first: the rules below read them
    rules = CaseRules(case, user)  # every may/why of this page, each asked once
    may = rules.as_dict()
    actions = {action for action in CaseAction if may[action.value]}
    application = application_of(case)
    agreement = agreement_of(case)
    partners = list(case.partners.all())  # loaded with their organisations (selectors.case_page)
    sections = case_sections(case, user)  # after agreement_of(case): the sections reuse it
    recordable = [p.organisation for p in partners if may_record_for(case, user, p.organisation)]

    def form(name, allowed, make):
        if name in bound:
            return bound[name]
        return make() if allowed else None

    return {
        "case": case,
        "partners": partners,
        "direction": direction_of(partner.organisation for partner in partners),
        "may": may,
        "next_step": _next_step(case, user, rules, actions, application, agreement),
        "application": application,
        "agreement": agreement,
        "pre_study": _pre_study_context(case, may, partners, recordable, bound),
        "signatures": _signature_rows(case, user, rules, agreement, partners, bound.get("sign_form")),
        "registers_signed_copies": registers_signed_copies(case, user),
        "case_sections": sections,
        "section_actions": [section for section in sections if section.action or section.links],
        "reports": reports,
        "diagram": case_state_diagram(case),
        **_latest_events(case),
        "submit_form": form("submit_form", may["submit_application"], SubmitApplicationForm),
        "return_form": form("return_form", may["return_application"], ReturnApplicationForm),
        "approve_form": form("approve_form", may["approve_application"], ApproveApplicationForm),
        "decline_form": form("decline_form", may["decline_application"], DeclineApplicationForm),
        "withdraw_form": form("withdraw_form", may["withdraw"], WithdrawForm),
        "terminate_form": form("terminate_form", may["terminate"], TerminateForm),
        "report_form": form("report_form", may["submit_final_report"], FinalReportForm),
        "return_report_form": form("return_report_form", may["return_final_report"], ReturnFinalReportForm),
        "accept_report_form": form("accept_report_form", may["accept_final_report"], AcceptFinalReportForm),
        "comment_form": form("comment_form", may["comment"], CommentForm),
    }


def _latest_events(case) -> dict:
    # One more than shown tells whether there are more, without counting them all.
    events = list(timeline.timeline_rows(events_for(case))[: timeline.LATEST_ENTRIES + 1])
    more = len(events) > timeline.LATEST_ENTRIES
    return {"events": events[: timeline.LATEST_ENTRIES], "more_events": more, "latest_events": timeline.LATEST_ENTRIES}


@login_required
@require_safe
def case_timeline(request, pk):
    """Everything recorded on the case, newest first, a page at a time."""
    case = get_case_for_user(request.user, pk)
    page = Paginator(timeline.timeline_rows(events_for(case)), timeline.ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "partnerships/case_timeline.html", {"case": case, "page": page})


def _pre_study_context(case, may, partners, recordable, bound) -> dict:
    representatives = list(case.seminar_representatives.select_related("organisation"))
    recordable_ids = {organisation.pk for organisation in recordable} if may["record_pre_study"] else set()
    for representative in representatives:
        representative.may_remove = representative.organisation_id in recordable_ids
    representative_form = bound.get("representative_form")
    if representative_form is None and recordable_ids:
        representative_form = RepresentativeForm(
            organisations=PartnerOrganisation.objects.filter(pk__in=recordable_ids)
        )
    # A contact records only their own organisations' representatives: whose contacts record the
    # others' that are still missing (the adviser records every partner's).
    represented = {representative.organisation_id for representative in representatives}
    recorded_by_others = [
        partner.organisation.name
        for partner in partners
        if partner.organisation_id not in represented and partner.organisation_id not in recordable_ids
    ]
    return {
        "representatives": representatives,
        "representative_form": representative_form,
        "recorded_by_others": recorded_by_others if recordable_ids else [],
        "meeting": _partner_meeting(case),
    }


def _partner_meeting(case) -> PartnerMeeting | None:
    try:
        return case.partner_meeting
    except PartnerMeeting.DoesNotExist:
        return None


def _signature_rows(case, user, rules, agreement, partners, bound_form) -> list[dict]:
    if agreement is None:
        return []
    signatures = {s.organisation_id: s for s in agreement.signatures.select_related("signed_by")}
    signable = rules.signable() if rules.may(CaseAction.SIGN_AGREEMENT) else []
    forms = {
        organisation.pk: SignAgreementForm(
            organisation=organisation, may_confirm=may_confirm_signature(case, user, organisation)
        )
        for organisation in signable
    }
    if bound_form is not None:
        forms[bound_form.organisation.pk] = bound_form
    return [
        {
            "partner": partner,
            "signature": signatures.get(partner.organisation_id),
            "form": forms.get(partner.organisation_id),
        }
        for partner in partners
    ]


def _next_step(case, user, rules, actions, application, agreement) -> NextStep | None:
    """What the case needs for its next forward step: the same sentences the refusal of that step
    gives (the transition's conditions), with a note on who acts, written for the reader."""
    is_adviser, is_contact = case.has_adviser(user), case.has_contact(user)
    if case.phase == Phase.PRE_STUDY:
        may_start = CaseAction.START_APPLICATION in actions
        step = NextStep(_("To start the application"), rules.unmet_conditions(CaseAction.START_APPLICATION))
        if may_start:
            step.note = _("Everything is in place: you can start the application.")
        elif not step.missing:
            step.note = _("Everything is in place: the adviser or a partner contact can start the application.")
        elif CaseAction.RECORD_PRE_STUDY in actions:
            step.note = _("Record the introduction seminar and the partner meeting below.")
        return step
    if case.phase == Phase.APPLICATION:
        return _application_step(application, agreement, actions, is_adviser, is_contact)
    if case.phase == Phase.EXCHANGE:
        step = NextStep(_("To start the follow-up"), exchange_finished.reasons(case))
        if is_adviser:  # the adviser marks the rounds done (exchanges.models: ExchangeRound.finish_exchange)
            step.note = _("Mark each round done when its exchange is over.")
        else:
            step.note = _("The programme adviser marks each round done when its exchange is over.")
        return step
    if case.phase == Phase.FOLLOW_UP:
        step = NextStep(_("To complete the partnership"), final_report_accepted.reasons(case))
        if CaseAction.ACCEPT_FINAL_REPORT in actions:
            step.note = _("Accept the final report, or return it for revision.")
        elif CaseAction.SUBMIT_FINAL_REPORT in actions:
            step.note = _("Submit the final report below.")
        elif pending_final_report(case) is not None:
            step.note = _("The programme adviser decides on the final report.")
        else:
            step.note = _("The partner contacts submit the final report.")
        return step
    return None  # completed or ended: nothing more to do


def _application_step(application, agreement, actions, is_adviser, is_contact) -> NextStep:
    if agreement is not None:
        step = NextStep(_("To start the exchange"), agreement_signed_by_all.reasons(application.partnership))
        if CaseAction.SIGN_AGREEMENT in actions:
            step.note = (
                _("You can register a copy signed on paper for an organisation below.")
                if is_adviser
                else _("Sign the agreement for your organisation below.")
            )
        else:
            step.note = _("Every partner organisation signs; the exchange starts with the last signature.")
        return step
    if application.status == ApplicationStatus.SUBMITTED:
        note = (
            _("Approve the application, return it for revision or decline it.")
            if CaseAction.APPROVE_APPLICATION in actions
            else _("The programme adviser decides on the application.")
        )
        return NextStep(_("To get a decision"), note=note)
    step = NextStep(_("To submit the application"), application.missing_items())
    if CaseAction.SUBMIT_APPLICATION in actions:
        step.note = _("The application is complete: you can submit it.")
    elif is_contact:
        step.note = _("Complete the application, then submit it.")
    else:
        step.note = _("The partner contacts complete and submit the application.")
    return step
