"""What a person changes about their reminders."""

from django.db import transaction

from norec.core.models import ReminderOptOut
from norec.core.reminders.registry import optional_kinds_for


def choose_reminders(user, *, receive: set[str]) -> None:
    """Receive the optional kinds in `receive` and none of the other optional kinds of the person's
    role; mandatory kinds (overdue items) are always sent and cannot be turned off."""
    optional = {kind.name for kind in optional_kinds_for(user.role)}
    with transaction.atomic():
        ReminderOptOut.objects.filter(user=user, kind__in=receive).delete()
        off = optional - set(receive)
        # A second submit at the same moment finds the rows there: the constraint keeps one of each.
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, kind=kind) for kind in sorted(off)], ignore_conflicts=True
        )
