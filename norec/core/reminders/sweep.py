"""The daily sweep (norec.core.reminders): lock the day, ask every registered kind who must hear
about what, keep one row per person, kind, subject and day, and write one digest per person into
the outbox, in one transaction. Run twice, by a redelivered task, a second worker or a second
beat, it finds the day's digests written and sends nothing new.

A person who already had today's digest gets no second email that day: what a later run of the
day finds for them (after a fix) is written as held, without an email, and goes in their next one.

A sweep after days without one (beat down) answers for the days it missed, up to
REMINDER_CATCH_UP_DAYS, in the one digest of today: each kind's `find` says only what is still
relevant (something no longer due soon, or done, is not found)."""

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

DIGEST_KIND = "reminders"  # the outbox's kind of a digest


@dataclass(frozen=True)
class SweepResult:
    """What one run wrote (the day's row counts every run of the day)."""

    sweep: ReminderSweep
    reminders: int
    digests: int
    held: int = 0  # found for people who had today's email already: in their next one

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
        failed_kinds: list[str] = []
        by_person, held = _new_reminders(_find_all(window, failed_kinds), today)
        earlier = _held_from_earlier_days(today)
        for row in earlier:
            by_person[row.recipient_id].append(row)
        messages = [_digest_message(rows[0].recipient, rows, today) for rows in by_person.values()]
        # One INSERT each, however many rows: on PostgreSQL Django inserts them through UNNEST (one
        # array per column, so no limit on parameters is reached); SQLite's backend batches by itself.
        OutboxMessage.objects.bulk_create(messages)
        for message, person_rows in zip(messages, by_person.values(), strict=True):
            for row in person_rows:
                row.message = message
        rows = [row for person_rows in by_person.values() for row in person_rows if row.pk is None]
        Reminder.objects.bulk_create([*rows, *(row for person_rows in held.values() for row in person_rows)])
        if earlier:
            Reminder.objects.bulk_update(earlier, ["message"])
        if rows or failed_kinds or sweep.finished_at is None:  # a run that added nothing keeps the record
            sweep.reminders += len(rows)
            sweep.digests += len(messages)
            sweep.finished_at = timezone.now()
            sweep.run_by = by
            sweep.failed_kinds = failed_kinds
            sweep.save(update_fields=["reminders", "digests", "finished_at", "run_by", "failed_kinds"])
        if messages:
            transaction.on_commit(send_all_due_soon)
    held_count = sum(len(person_rows) for person_rows in held.values())
    logger.info("reminders: %s sent %s reminders in %s emails (%s held)", today, len(rows), len(messages), held_count)
    return SweepResult(sweep=sweep, reminders=len(rows), digests=len(messages), held=held_count)


def _new_reminders(found: dict, today: date) -> tuple[dict[int, list[Reminder]], dict[int, list[Reminder]]]:
    """The day's rows by person, for active people, without the optional kinds they turned off: those
    to email now, and those **held** for whoever already had today's email (a second run of the day,
    after a fix): they are written without an email and go in that person's next one."""
    recipients = {
        user.pk: user
        for user in User.objects.filter(pk__in={key[0] for key in found}, is_active=True).only(
            "pk", "email", "full_name", "preferred_language", "role"
        )
    }
    muted = set(ReminderOptOut.objects.filter(user_id__in=recipients).values_list("user_id", "kind"))
    written_today = set(
        Reminder.objects.filter(day=today, recipient_id__in=recipients).values_list("recipient_id", "kind", "subject")
    )
    had_today = {recipient_id for recipient_id, _kind, _subject in written_today}
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    held: dict[int, list[Reminder]] = defaultdict(list)
    for (recipient_id, name, subject), (kind, due) in found.items():
        if recipient_id not in recipients or (recipient_id, name, subject) in written_today:
            continue
        if recipients[recipient_id].role not in kind.roles:  # a role changed since: not theirs to hear
            continue
        if not kind.mandatory and (recipient_id, name) in muted:
            continue
        (held if recipient_id in had_today else by_person)[recipient_id].append(
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
    return by_person, held


def _held_from_earlier_days(today: date) -> list[Reminder]:
    """Rows held on an earlier day (found after that day's email went out), still recent enough to
    matter, of people who have not had today's email: they join today's."""
    earliest = today - timedelta(days=settings.REMINDER_CATCH_UP_DAYS)
    return list(
        Reminder.objects.filter(message__isnull=True, day__lt=today, day__gte=earliest, recipient__is_active=True)
        .exclude(recipient__reminders__day=today)
        .select_related("recipient")
    )


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


def _find_all(window: Window, failed: list[str]) -> dict[tuple[int, str, str], tuple[ReminderKind, object]]:
    """Every kind's findings, each (person, kind, subject) once: within a window of several days a
    subject can fire twice (14 and 3 days before); the first finding is kept. A kind that fails is
    logged and left out (in a savepoint, so the transaction goes on): the others still go out, and
    the sweep's row names it."""
    found: dict[tuple[int, str, str], tuple[ReminderKind, object]] = {}
    for kind in reminder_kinds():
        try:
            with transaction.atomic():
                dues = list(kind.find(window))
        except Exception:  # one app's bug must not silence every other reminder
            logger.exception("reminders: the kind %s failed; the others are sent", kind.name)
            failed.append(kind.name)
            continue
        for due in dues:
            found.setdefault((due.recipient_id, kind.name, due.subject), (kind, due))
    return found


def _digest_message(user: User, rows: list[Reminder], today: date) -> OutboxMessage:
    rendered = render_digest(user, rows, today)
    return OutboxMessage(
        key=f"reminders:{user.pk}:{today.isoformat()}",
        kind=DIGEST_KIND,
        to_email=user.email,
        language=user.preferred_language,
        subject=rendered.subject[:300],
        body=rendered.body,
        html_body=rendered.html_body,
        recipient=user,
    )
