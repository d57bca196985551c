from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from norec.core.limits import LONG_TEXT_MAX_LENGTH, limited_text, max_length_check, not_negative_check
from norec.core.uploads import CaseUploadPath, validate_signed_copy
from partnerships.models.organisations import PartnerOrganisation
from partnerships.models.states import SignatureMethod


class Agreement(models.Model):
    """The collaboration agreement, made from the approved application. Its content is a copy, so
    later changes (amendments) never rewrite what was signed."""

    partnership = models.OneToOneField("partnerships.Partnership", on_delete=models.CASCADE, related_name="agreement")
    application = models.ForeignKey("partnerships.Application", on_delete=models.PROTECT, related_name="agreements")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    common_goals = limited_text(_("shared goals"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    cooperation = limited_text(_("how the partners will cooperate"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    # [{"organisation_id": 1, "organisation": "Bergen Health Trust", "country": "NO", "goals": "..."}]
    organisation_goals = models.JSONField(_("goals per organisation"), default=list)
    budget_total = models.DecimalField(
        _("budget total"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        constraints = [
            max_length_check("common_goals", LONG_TEXT_MAX_LENGTH, name="agreement_common_goals_length"),
            max_length_check("cooperation", LONG_TEXT_MAX_LENGTH, name="agreement_cooperation_length"),
            not_negative_check("budget_total", name="agreement_budget_not_negative"),
        ]

    def __str__(self):
        return str(_("Collaboration agreement for %(partnership)s") % {"partnership": self.partnership})

    def unsigned_organisations(self):
        """The original partners that have not signed. A partner that joined later by an amendment
        (B03, Partner.member_from) joined by the adviser's approval of it, not by signing."""
        return (
            self.partnership.organisations.filter(
                memberships__partnership=self.partnership, memberships__member_from__isnull=True
            )
            .exclude(pk__in=self.signatures.values("organisation_id"))
            .order_by("name")
        )

    @property
    def is_signed_by_all(self) -> bool:
        return not self.unsigned_organisations().exists()


class AgreementSignature(models.Model):
    """One partner organisation's signature: a contact's confirmation in the app, or an uploaded signed copy."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(PartnerOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    method = models.CharField(_("method"), max_length=20, choices=SignatureMethod.choices)
    signed_copy = models.FileField(
        _("signed copy"),
        upload_to=CaseUploadPath("signatures"),
        blank=True,
        max_length=255,
        validators=[validate_signed_copy],
    )
    signed_copy_filename = models.CharField(_("original file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="signature_unique_organisation")
        ]

    def __str__(self):
        return f"{self.organisation.name} ({self.signed_at:%Y-%m-%d})"

    @property
    def partnership_id(self):
        return self.agreement.partnership_id
