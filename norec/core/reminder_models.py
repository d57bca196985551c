"""The reminders' rows (norec.core.reminders): the daily sweeps, each reminder sent, and who turned
which optional kind off. Imported by norec.core.models, so they belong to the core app."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class ReminderSweep(models.Model):
    """One row per day the sweep ran for; locked while it runs, so two sweeps of a day take turns."""

    day = models.DateField(_("day"), unique=True)
    # The last day an earlier sweep answered for: this one answers for the days after it, to `day`.
    since = models.DateField(_("after"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reminders = models.PositiveIntegerField(_("reminders"), default=0)
    digests = models.PositiveIntegerField(_("emails"), default=0)
    # Kinds whose search failed in this run (logged with their error): their reminders were not sent.
    failed_kinds = models.JSONField(_("kinds that failed"), default=list, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")
        ordering = ["-day"]

    def __str__(self):
        return date_format(self.day, "DATE_FORMAT")

    @property
    def covers(self) -> str:
        """The days this sweep answered for, as the reader's language writes them."""
        first = self.since + timedelta(days=1)
        if first == self.day:
            return date_format(self.day, "DATE_FORMAT")
        return _("%(first)s to %(last)s") % {
            "first": date_format(first, "DATE_FORMAT"),
            "last": date_format(self.day, "DATE_FORMAT"),
        }


class Reminder(models.Model):
    """One line of one person's digest: a kind of reminder about a subject, on a day. The unique
    constraint is what makes a second worker, a redelivered task or a second beat send nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject = models.CharField(_("about"), max_length=100)
    day = models.DateField(_("day"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=300)
    details = models.JSONField(_("details"), default=dict)
    message = models.ForeignKey(
        "norec.OutboxMessage",
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "subject", "day"], name="reminder_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-day"], name="reminder_by_recipient"),
            models.Index(fields=["-day", "kind"], name="reminder_by_day"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject} → {self.recipient_id} ({self.day})"


class ReminderOptOut(models.Model):
    """An optional kind of reminder a person turned off in their settings."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs")
    kind = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="reminder_opt_out_once")]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"
