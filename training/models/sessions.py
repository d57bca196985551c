"""Where and when a course runs: venues, each in its own time zone, and the sessions advisers plan.

A session's dates are the venue's local dates. Its travel days (arrive, leave) and its start and
end as moments (the calendar feed) are derived from them and the venue's time zone
(training.schedule), never typed."""

from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from norec.core.limits import COMMENT_MAX_LENGTH, limited_text, max_length_check
from training.models.kinds import COURSE_DAYS, CourseKind, CourseLanguage

MAX_CAPACITY = 200


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone (for example Africa/Kampala)."), params={"value": value}
        )


class Venue(models.Model):
    """A place courses run in (Bangkok, Johannesburg, Kampala, …), or "digital"; advisers add more."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    is_digital = models.BooleanField(_("digital"), default=False, help_text=_("Attended online: no travel days."))

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["is_digital", "name"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class CourseSession(models.Model):
    """One running of a course at a venue. Capacity bounds the confirmed enrolments; the enrolment
    deadline is the last day partner contacts enrol (advisers may enrol later, with a reason)."""

    kind = models.CharField(_("course"), max_length=30, choices=[(k.value, k.label) for k in COURSE_DAYS])
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("venue"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    language = models.CharField(_("language"), max_length=5, choices=CourseLanguage.choices)
    enrolment_deadline = models.DateField(_("enrolment deadline"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = limited_text(_("why it was cancelled"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change people should see (dates, venue, cancellation): the calendar feed's
    # SEQUENCE, so a calendar updates the event instead of adding another; and the edit guard.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_on", "kind", "venue__name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="course_session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(enrolment_deadline__lte=F("starts_on")), name="course_session_deadline_before_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="course_session_capacity_bounded"
            ),
            max_length_check("cancel_reason", COMMENT_MAX_LENGTH, name="course_session_cancel_reason_length"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.venue}, {self.starts_on:%Y-%m-%d}"

    @property
    def course(self) -> CourseKind:
        return CourseKind(self.kind)

    def places_taken(self) -> int:
        """Confirmed places (and, once it has run, those marked attended or missed)."""
        from training.models.enrolments import PLACE_STATES

        return self.enrolments.filter(state__in=PLACE_STATES).count()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def clean(self):
        from training.schedule import session_date_errors

        errors = session_date_errors(self.course, self.starts_on, self.ends_on, self.enrolment_deadline)
        if errors:
            raise ValidationError(errors)
