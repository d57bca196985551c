"""The reports after a round (DOMAIN: C06 results, C04 accounts), each a state machine as the
case's final report: submitted → accepted, or submitted → returned for revision (a returned
report stays as history; the partners submit a new one).

The financial report gives the actual amount of every budget line of the round's budget (C02);
the page shows it against the planned amount with the difference. Accepting it writes the
actual amounts onto the round's budget lines."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition
from norec.core.limits import COMMENT_MAX_LENGTH, REPORT_MAX_LENGTH, limited_text, max_length_check
from norec.core.uploads import CaseUploadPath, validate_document
from partnerships.models import CASE_ADVISER
from partnerships.models import FinalReportStatus as ReportStatus


class ReportKind(models.TextChoices):
    RESULTS = "results", _("Results report (C06)")
    FINANCIAL = "financial", _("Financial report (C04)")


# Due this many months after the round's agreed end (DOMAIN: 1 and 4 months).
MONTHS_TO_REPORT = {ReportKind.RESULTS: 1, ReportKind.FINANCIAL: 4}


def report_due_on(exchange_round, kind: str) -> date:
    return exchange_round.planned_end + relativedelta(months=MONTHS_TO_REPORT[ReportKind(kind)])


@Condition
def round_in_follow_up(report) -> list:
    from exchanges.models.rounds import RoundState  # rounds import this module's kinds

    exchange_round = report.exchange_round
    if exchange_round.state != RoundState.FOLLOW_UP:
        return [
            _("Round %(number)s is not in its follow-up (it is “%(state)s”).")
            % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
        ]
    return []


class RoundReport(ConcurrentTransitionMixin, models.Model):
    exchange_round = models.ForeignKey(
        "exchanges.ExchangeRound", on_delete=models.CASCADE, related_name="reports", verbose_name=_("round")
    )
    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    text = limited_text(_("report"), max_length=REPORT_MAX_LENGTH)
    # The financial report's actual amount per budget line: {line: "amount"}, as submitted.
    actuals = models.JSONField(_("actual amounts"), default=dict, blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to=CaseUploadPath("round-reports"),
        max_length=255,
        blank=True,
        validators=[validate_document],
    )
    attachment_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = FSMField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, protected=True
    )
    adviser_comment = limited_text(_("adviser's comments"), max_length=COMMENT_MAX_LENGTH, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("round report")
        verbose_name_plural = _("round reports")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # Per round and kind, only one report can be waiting for, or have passed, the decision.
            models.UniqueConstraint(
                fields=["exchange_round", "kind"],
                condition=models.Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]),
                name="round_report_one_open",
            ),
            max_length_check("text", REPORT_MAX_LENGTH, name="round_report_text_length"),
            max_length_check("adviser_comment", COMMENT_MAX_LENGTH, name="round_report_adviser_comment_length"),
        ]

    def __str__(self):
        return f"{self.exchange_round}: {self.get_kind_display()}"

    @property
    def partnership(self):
        return self.exchange_round.partnership

    @property
    def partnership_id(self) -> int:  # CaseUploadPath files it with the case
        return self.exchange_round.agreement.partnership_id

    def actual_amounts(self) -> dict[str, Decimal]:
        return {line: Decimal(amount) for line, amount in self.actuals.items()}

    # --- transitions: state and fields only ---

    @transition(
        field=status,
        source=ReportStatus.SUBMITTED,
        target=ReportStatus.ACCEPTED,
        conditions=[round_in_follow_up],
        permission=CASE_ADVISER,
        custom={"label": _("Accept the report")},
    )
    def accept(self, comment: str = ""):
        self.adviser_comment = comment
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=ReportStatus.SUBMITTED,
        target=ReportStatus.RETURNED,
        conditions=[round_in_follow_up],
        permission=CASE_ADVISER,
        custom={"label": _("Return the report for revision")},
    )
    def return_for_revision(self, comment: str):
        self.adviser_comment = comment
        self.decided_at = timezone.now()
