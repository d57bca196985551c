"""Read queries of the reminders' pages."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from norec.core.listing import Column, Sorting
from norec.core.models import OutboxMessage, OutboxState, Reminder, ReminderSweep
from norec.core.reminders.registry import kind_named
from norec.core.reminders.sweep import DIGEST_KIND

# The state of a reminder's email, as the filter names it.
EMAIL_STATES = {
    "sent": Q(message__state=OutboxState.SENT),
    "pending": Q(message__state=OutboxState.PENDING),
    "failed": Q(message__state=OutboxState.FAILED),
}


def own_reminders(user) -> QuerySet:
    return Reminder.objects.filter(recipient=user).select_related("message").order_by("-day", "kind", "pk")


REMINDER_SORTING = Sorting(
    [
        Column("day", _("Day"), ("day",), descending_first=True),
        Column("recipient", _("Recipient"), ("recipient__full_name", "day")),
        Column("kind", _("Kind"), ("kind", "day")),
    ],
    default="-day",
)


def all_reminders(
    *, kind: str = "", email: str = "", person: str = "", since=None, until=None, order_by=("-day", "-pk")
) -> QuerySet:
    # Newest first by default, by the index on (-day, kind): the list stays quick as years of history grow.
    found = Reminder.objects.select_related("recipient", "message").order_by(*order_by)
    if kind:
        found = found.filter(kind=kind)
    if email in EMAIL_STATES:
        found = found.filter(EMAIL_STATES[email])
    if person:
        found = found.filter(Q(recipient__full_name__icontains=person) | Q(recipient__email__icontains=person))
    if since:
        found = found.filter(day__gte=since)
    if until:
        found = found.filter(day__lte=until)
    return found


def failed_digests_count() -> int:
    return OutboxMessage.objects.filter(kind=DIGEST_KIND, state=OutboxState.FAILED).count()


def last_sweep() -> ReminderSweep | None:
    return ReminderSweep.objects.filter(finished_at__isnull=False).select_related("run_by").first()


def sweep_overdue(last: ReminderSweep | None) -> bool:
    """Today's sweep should have run by now (an hour after REMINDER_HOUR) and has not: beat or the
    worker is down. The next sweep catches up; an adviser can run it now."""
    now = timezone.localtime()
    if last is not None and last.day >= now.date():
        return False
    return now.hour >= settings.REMINDER_HOUR + 1


def with_text(reminders) -> list:
    """Each reminder's line and kind, in the reader's language (a kind no app registers any more
    keeps its name)."""
    for reminder in reminders:
        kind = kind_named(reminder.kind)
        reminder.label = kind.label if kind else reminder.kind
        reminder.text = kind.describe(reminder.details) if kind else ""
    return reminders
