"""The demo's reminders: the sweeps of last week, as if beat had run them each morning until three
days ago (it has been down since), so every demo person has a reminder history, and an adviser who
runs today's sweep from the administration sees it catch up on the days it missed."""

from datetime import timedelta

from django.utils import timezone

from norec.core.reminders.sweep import run_reminder_sweep

DAYS_OF_HISTORY = 10
BEAT_DOWN_FOR_DAYS = 2


def seed_demo_reminders(demo) -> None:
    today = timezone.localdate()
    for days_ago in range(DAYS_OF_HISTORY, BEAT_DOWN_FOR_DAYS, -1):
        run_reminder_sweep(today - timedelta(days=days_ago))
