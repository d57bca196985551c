"""The agreement's history: every value an approved amendment changed, from what to what, from
which date. The agreement as it stood on a day is today's values with the changes that took
effect after that day taken back (amendments.history)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementChange(models.Model):
    agreement = models.ForeignKey("partnerships.Agreement", on_delete=models.CASCADE, related_name="changes")
    amendment = models.ForeignKey("amendments.Amendment", on_delete=models.PROTECT, related_name="changes")
    # A key of amendments.snapshot ("period_end", "round:4:budget", "leg:12:departure", "partner:7").
    key = models.CharField(_("what"), max_length=100)
    # JSON values as the snapshot writes them; null where there was (or is) none.
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    effective_on = models.DateField(_("takes effect on"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("agreement change")
        verbose_name_plural = _("agreement changes")
        ordering = ["effective_on", "pk"]
        indexes = [models.Index(fields=["agreement", "effective_on"], name="agreement_change_on")]

    def __str__(self):
        return f"{self.key}: {self.before} → {self.after}"
