from django.db import models
from django.utils.translation import gettext_lazy as _

from norec.core.limits import (
    COMMENT_MAX_LENGTH,
    date_range_check,
    limited_text,
    max_length_check,
    programme_date_validators,
)
from norec.core.uploads import CaseUploadPath, validate_document
from partnerships.models.organisations import PartnerOrganisation


class SeminarRepresentative(models.Model):
    """Someone who attended Norec's introduction seminar for one of the partner organisations."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="seminar_representatives"
    )
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    seminar_date = models.DateField(_("seminar date"), validators=programme_date_validators())
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("introduction seminar representative")
        verbose_name_plural = _("introduction seminar representatives")
        ordering = ["organisation__name", "full_name"]
        constraints = [date_range_check("seminar_date", name="seminar_date_in_range")]

    def __str__(self):
        return f"{self.full_name} ({self.organisation.name})"


class PartnerMeeting(models.Model):
    """The partners' meeting in the pre-study. The minutes may be uploaded after the meeting is recorded."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="partner_meeting"
    )
    date = models.DateField(_("date"), validators=programme_date_validators())
    place = models.CharField(_("place"), max_length=200)
    participants = limited_text(_("participants"), max_length=COMMENT_MAX_LENGTH)
    minutes = models.FileField(
        _("minutes"), upload_to=CaseUploadPath("minutes"), blank=True, max_length=255, validators=[validate_document]
    )
    minutes_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner meeting")
        verbose_name_plural = _("partner meetings")
        constraints = [
            date_range_check("date", name="partner_meeting_date_in_range"),
            max_length_check("participants", COMMENT_MAX_LENGTH, name="partner_meeting_participants_length"),
        ]

    def __str__(self):
        return f"{self.partnership}, {self.date:%Y-%m-%d}"
