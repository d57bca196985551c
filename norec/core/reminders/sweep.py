"""The daily sweep (norec.core.reminders): lock the day, ask every registered kind who must hear
about what, keep one row per person, kind, subject and day, and write one digest per person into
the outbox, in one transaction. Run twice, by a redelivered task, a second worker or a second
beat, it finds the day's digests written and sends nothing new.

A person who already had today's digest gets nothing more today, even if a later run finds more:
one email per person per day. A sweep after days without one (beat down) answers for the days it
missed, up to REMINDER_CATCH_UP_DAYS, in the one digest of today: each kind's `find` says only
what is still relevant (something no longer due soon, or done, is not found)."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from norec.core.models import OutboxMessage, Reminder, ReminderOptOut, ReminderSweep, User
from norec.core.outbox import send_all_due_soon
from norec.core.reminders.digest import render_digest
from norec.core.reminders.registry import ReminderKind, Window, reminder_kinds

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    """What one run wrote (the day's row counts every run of the day)."""

    sweep: ReminderSweep
    reminders: int
    digests: int

    @property
    def day(self) -> date:
        return self.sweep.day

    @property
    def since(self) -> date:
        return self.sweep.since


def run_reminder_sweep(today: date, *, by: User | None = None) -> SweepResult:
    with transaction.atomic():
        sweep = _claim_day(today, by=by)
        window = Window(since=sweep.since, today=today)
        by_person = _new_reminders(_find_all(window), today)
        messages = [_digest_message(rows[0].recipient, rows, today) for rows in by_person.values()]
        # One INSERT each, however many rows: on PostgreSQL Django inserts them through UNNEST (one
        # array per column, so no limit on parameters is reached); SQLite's backend batches by itself.
        OutboxMessage.objects.bulk_create(messages)
        rows = []
        for message, person_rows in zip(messages, by_person.values(), strict=True):
            for row in person_rows:
                row.message = message
            rows.extend(person_rows)
        Reminder.objects.bulk_create(rows)
        if rows or sweep.finished_at is None:  # a run that added nothing leaves the record of the one that did
            sweep.reminders += len(rows)
            sweep.digests += len(messages)
            sweep.finished_at = timezone.now()
            sweep.run_by = by
            sweep.save(update_fields=["reminders", "digests", "finished_at", "run_by"])
        if messages:
            transaction.on_commit(send_all_due_soon)
    logger.info("reminders: %s sent %s reminders in %s emails", today, len(rows), len(messages))
    return SweepResult(sweep=sweep, reminders=len(rows), digests=len(messages))


def _new_reminders(found: dict, today: date) -> dict[int, list[Reminder]]:
    """The day's rows by person: active people only, without the optional kinds they turned off,
    and nothing for whoever already had today's digest."""
    recipients = {
        user.pk: user
        for user in User.objects.filter(pk__in={key[0] for key in found}, is_active=True).only(
            "pk", "email", "full_name", "preferred_language", "role"
        )
    }
    muted = set(ReminderOptOut.objects.filter(user_id__in=recipients).values_list("user_id", "kind"))
    had_today = set(
        Reminder.objects.filter(day=today, recipient_id__in=recipients).values_list("recipient_id", flat=True)
    )
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for (recipient_id, name, subject), (kind, due) in found.items():
        if recipient_id not in recipients or recipient_id in had_today:
            continue
        if not kind.mandatory and (recipient_id, name) in muted:
            continue
        by_person[recipient_id].append(
            Reminder(
                recipient=recipients[recipient_id],
                kind=name,
                subject=subject,
                day=today,
                due_on=due.due_on,
                url=due.url,
                details=due.details,
            )
        )
    return by_person


def _claim_day(today: date, *, by: User | None) -> ReminderSweep:
    """The day's sweep row, locked until the commit: a second sweep of the day waits, then finds its work done."""
    earliest = today - timedelta(days=settings.REMINDER_CATCH_UP_DAYS)
    last = (
        ReminderSweep.objects.filter(day__lt=today, finished_at__isnull=False)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    since = max(last or today - timedelta(days=1), earliest)
    sweep, _created = ReminderSweep.objects.get_or_create(day=today, defaults={"since": since, "run_by": by})
    return ReminderSweep.objects.select_for_update().get(pk=sweep.pk)


def _find_all(window: Window) -> dict[tuple[int, str, str], tuple[ReminderKind, object]]:
    """Every kind's findings, each (person, kind, subject) once: within a window of several days a
    subject can fire twice (14 and 3 days before); the earliest-due finding is kept."""
    found: dict[tuple[int, str, str], tuple[ReminderKind, object]] = {}
    for kind in reminder_kinds():
        for due in kind.find(window):
            found.setdefault((due.recipient_id, kind.name, due.subject), (kind, due))
    return found


def _digest_message(user: User, rows: list[Reminder], today: date) -> OutboxMessage:
    rendered = render_digest(user, rows, today)
    return OutboxMessage(
        key=f"reminders:{user.pk}:{today.isoformat()}",
        kind="reminders",
        to_email=user.email,
        language=user.preferred_language,
        subject=rendered.subject[:300],
        body=rendered.body,
        html_body=rendered.html_body,
        recipient=user,
    )
