from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition
from norec.core.limits import COMMENT_MAX_LENGTH, REPORT_MAX_LENGTH, limited_text, max_length_check
from norec.core.uploads import CaseUploadPath, validate_document
from partnerships.hooks import follow_up_unfinished_reasons
from partnerships.models.rules import CASE_ADVISER
from partnerships.models.states import FinalReportStatus, Phase


@Condition
def case_in_follow_up_phase(report) -> list:
    case = report.partnership
    if case.phase != Phase.FOLLOW_UP:
        return [
            _("The partnership is no longer in the follow-up phase (it is %(phase)s).")
            % {"phase": case.get_phase_display().lower()}
        ]
    return []


@Condition
def rest_of_follow_up_finished(report) -> list:
    """The final report is decided last: after what the rounds report (partnerships.hooks)."""
    return follow_up_unfinished_reasons(report.partnership)


class FollowUpReport(ConcurrentTransitionMixin, models.Model):
    """The partnership's final follow-up report. A returned report stays as history; a new one is submitted.

    Its status is a state machine: submitted → accepted, or submitted → returned for revision. The
    transitions only change state and fields; partnerships.services.follow_up takes them."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="final_reports")
    text = limited_text(_("report"), max_length=REPORT_MAX_LENGTH)
    attachment = models.FileField(
        _("attachment"), upload_to=CaseUploadPath("follow-up"), max_length=255, validators=[validate_document]
    )
    attachment_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=FinalReportStatus.choices,
        default=FinalReportStatus.SUBMITTED,
        protected=True,
    )
    adviser_comment = limited_text(_("adviser's comments"), max_length=COMMENT_MAX_LENGTH, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("final follow-up report")
        verbose_name_plural = _("final follow-up reports")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # Only one report can be waiting for, or have passed, the adviser's decision.
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status__in=[FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED]),
                name="final_report_one_open",
            ),
            max_length_check("text", REPORT_MAX_LENGTH, name="final_report_text_length"),
            max_length_check("adviser_comment", COMMENT_MAX_LENGTH, name="final_report_adviser_comment_length"),
        ]

    def __str__(self):
        return f"{self.partnership}, {self.submitted_at:%Y-%m-%d}"

    # --- transitions: state and fields only ---

    @transition(
        field=status,
        source=FinalReportStatus.SUBMITTED,
        target=FinalReportStatus.ACCEPTED,
        conditions=[case_in_follow_up_phase, rest_of_follow_up_finished],
        permission=CASE_ADVISER,
        custom={"label": _("Accept the final report")},
    )
    def accept(self, comment: str = ""):
        self.adviser_comment = comment
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=FinalReportStatus.SUBMITTED,
        target=FinalReportStatus.RETURNED,
        conditions=[case_in_follow_up_phase],
        permission=CASE_ADVISER,
        custom={"label": _("Return the final report for revision")},
    )
    def return_for_revision(self, comment: str):
        self.adviser_comment = comment
        self.decided_at = timezone.now()
