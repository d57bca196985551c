"""The dashboard's page: its scope, its sections and its charts, built from workspace.dashboard's
reads (a constant number of queries) in one place, so the view stays short."""

from datetime import date

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from norec.core.charts import Series, bar_chart, column_chart, line_chart
from norec.core.models import User
from partnerships.models import OPEN_PHASES, Phase, RoundDirection
from partnerships.models.round_participants import DIRECTION_NAMES
from partnerships.selectors.waiting import WaitingFor
from training.selectors import fill_rate
from workspace import dashboard
from workspace.dashboard import EXCHANGE_OTHERS, WaitKind

SCOPE_ALL = "all"


class DashboardScopeForm(forms.Form):
    """Whose caseload the head of programme looks at: everyone's, or one adviser's."""

    scope = forms.ChoiceField(
        label=gettext_lazy("Caseload"),
        required=False,
        choices=[("", gettext_lazy("My own")), (SCOPE_ALL, gettext_lazy("Every adviser's"))],
    )
    adviser = forms.ModelChoiceField(
        label=gettext_lazy("Or one adviser's"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose an adviser"),
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers

    def chosen(self, user) -> User | None:
        """The adviser whose caseload to show, or None for everyone's; an invalid choice shows
        the head's own (its error stands beside its field)."""
        if not self.is_valid():
            return user
        if self.cleaned_data.get("adviser"):
            return self.cleaned_data["adviser"]
        return None if self.cleaned_data.get("scope") == SCOPE_ALL else user


def waiting_labels() -> dict:
    return {
        WaitingFor.ADVISER: _("Waiting for the adviser"),
        WaitingFor.PARTNERS: _("Waiting for the partners"),
        EXCHANGE_OTHERS: _("Waiting for the partners or their participants"),
        "": _("Waiting for nobody"),
    }


def kind_labels() -> dict:
    return {
        WaitKind.APPLICATION: _("Application submitted"),
        WaitKind.AMENDMENT: _("Amendment to decide"),
        WaitKind.ROUND_REPORT: _("Round report to accept"),
        WaitKind.FINAL_REPORT: _("Final report to accept"),
    }


def _wait_link(row: dict) -> str:
    if row["kind"] == WaitKind.AMENDMENT:
        return reverse("amendments:detail", args=[row["pk"]])
    if row["kind"] == WaitKind.ROUND_REPORT:
        return reverse("exchanges:round_detail", args=[row["case_id"], row["number"]])
    return reverse("partnerships:case_detail", args=[row["case_id"]])


def dashboard_context(user: User, scope: User | None, *, today: date | None = None) -> dict:
    """Everything the page shows for `scope` (an adviser, or None for everyone's cases)."""
    now = timezone.now()
    today = today or timezone.localdate()
    overall, per_adviser = dashboard.case_counts(scope)
    waits = dashboard.waiting_for_adviser(scope, now=now)
    kinds = kind_labels()
    for row in waits.rows:
        row["label"], row["url"] = kinds[row["kind"]], _wait_link(row)
        row["waited"] = ngettext("%(days)s day", "%(days)s days", row["days"]) % {"days": row["days"]}
    overdue, overdue_count = dashboard.overdue_items(scope, today=today)
    abroad, abroad_count, soon_count = dashboard.abroad(scope, today=today)
    sessions = dashboard.upcoming_sessions(today=today)
    for session in sessions:
        session.fill = fill_rate(session)
    reminders, reminders_count = dashboard.failed_reminders()
    labels = waiting_labels()
    context = {
        "scope": scope,
        "is_own": scope is not None and scope.pk == user.pk,
        "overall": overall,
        "phases": OPEN_PHASES,
        "waiting_columns": [(bucket, labels[bucket]) for bucket in dashboard.BUCKETS],
        "waiting_rows": [
            (Phase(phase).label, [overall.by_phase.get((phase, bucket), 0) for bucket in dashboard.BUCKETS])
            for phase in OPEN_PHASES
        ],
        "waits": waits,
        "wait_counts": [(label, waits.counts.get(kind, 0)) for kind, label in kinds.items()],
        "overdue": overdue,
        "overdue_count": overdue_count,
        "abroad": abroad,
        "abroad_count": abroad_count,
        "soon_count": soon_count,
        "soon_days": dashboard.SOON_DAYS,
        "sessions": sessions,
        "reminders": reminders,
        "reminders_count": reminders_count,
        "reminders_url": reverse("reminders:all") + "?" + urlencode({"email": "failed"}),
        "cases_url": _cases_url(user, scope),
        "charts": charts(scope, overall, today),
        "loads": None,
    }
    if scope is None:
        context["loads"] = dashboard.adviser_loads(per_adviser, dashboard.advisers_to_choose(), today)
    return context


def _cases_url(user: User, scope: User | None) -> str:
    """The case list with the dashboard's cases, the longest wait first."""
    if scope is not None and scope.pk == user.pk:
        query = {"sort": "waiting"}
    elif scope is None:
        query = {"scope": "all", "sort": "waiting"}
    else:
        query = {"scope": "all", "adviser": scope.pk, "sort": "waiting"}
    return reverse("partnerships:case_list") + "?" + urlencode(query)


def charts(scope: User | None, overall, today: date) -> list:
    """The dashboard's four charts, each read in one query (the phases' from case_counts)."""
    phases = bar_chart(
        "chart-phases",
        title=_("Open cases per phase"),
        categories=[Phase(phase).label for phase in OPEN_PHASES],
        series=[Series(_("Cases"), tuple(overall.phases.get(phase, 0) for phase in OPEN_PHASES))],
        category_heading=_("Phase"),
    )
    years = list(range(today.year - dashboard.YEARS + 2, today.year + 2))
    per_direction = dashboard.participants_per_direction(scope, years)
    directions = column_chart(
        "chart-directions",
        title=_("Participants per direction, by the year they leave"),
        categories=years,
        series=[
            Series(str(DIRECTION_NAMES[direction]), tuple(per_direction.get((year, direction), 0) for year in years))
            for direction in RoundDirection
        ],
        category_heading=_("Year"),
    )
    months = dashboard.months_around(today)
    abroad = line_chart(
        "chart-abroad",
        title=_("Participants abroad on the first of each month"),
        categories=[date_format(month, "M Y") for month in months],
        series=Series(_("Participants abroad"), tuple(dashboard.abroad_per_month(scope, months))),
        category_heading=_("Month"),
        marker=dashboard.MONTHS_BACK,
        marker_label=_("This month"),
    )
    rounds, _count = dashboard.checklist_progress(scope)
    checklists = bar_chart(
        "chart-checklists",
        title=_("Checklist items done in the rounds in progress"),
        categories=[
            _("%(case)s, round %(number)s") % {"case": one.case_name[:40], "number": one.number} for one in rounds
        ],
        series=[
            Series(_("Done"), tuple(one.done for one in rounds)),
            Series(_("Applicable"), tuple(one.applicable for one in rounds)),
        ],
        category_heading=_("Round"),
    )
    return [phases, directions, abroad, checklists]
