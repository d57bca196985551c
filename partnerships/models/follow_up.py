from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from norec.core.uploads import CaseUploadPath, validate_document
from partnerships.models.states import FinalReportStatus


class FollowUpReport(models.Model):
    """The partnership's final follow-up report. A returned report stays as history; a new one is submitted."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="final_reports")
    text = models.TextField(_("report"))
    attachment = models.FileField(
        _("attachment"), upload_to=CaseUploadPath("follow-up"), max_length=255, validators=[validate_document]
    )
    attachment_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=FinalReportStatus.choices, default=FinalReportStatus.SUBMITTED
    )
    adviser_comment = models.TextField(_("adviser's comments"), blank=True)
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
            )
        ]

    def __str__(self):
        return f"{self.partnership}, {self.submitted_at:%Y-%m-%d}"
