"""The daily sweep's schedule, with the clock frozen: beat starts it at 07:00 in Oslo, summer and
winter alike, and the task answers for the day it is in Oslo (not in UTC)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from norec.celery import app as celery_app
from norec.core.models import ReminderSweep
from norec.core.tasks import send_reminders_task

ENTRY = celery_app.conf.beat_schedule["send-daily-reminders"]


def test_the_sweep_is_a_periodic_task_of_beat():
    assert ENTRY["task"] == "norec.core.tasks.send_reminders_task"
    assert ENTRY["task"] in celery_app.tasks


@pytest.mark.parametrize(
    ("oslo_seven_in_utc", "season"),
    [
        (datetime(2026, 12, 7, 6, 0, tzinfo=UTC), "winter, UTC+1"),
        (datetime(2026, 6, 15, 5, 0, tzinfo=UTC), "summer, UTC+2"),
    ],
)
def test_beat_starts_the_sweep_at_seven_in_oslo(oslo_seven_in_utc, season):
    schedule = ENTRY["schedule"]
    yesterday = oslo_seven_in_utc - timedelta(days=1)
    with time_machine.travel(oslo_seven_in_utc - timedelta(seconds=30), tick=False):
        due, _next = schedule.is_due(yesterday)
        assert not due, season
    with time_machine.travel(oslo_seven_in_utc + timedelta(seconds=30), tick=False):
        due, _next = schedule.is_due(yesterday)
        assert due, season


@pytest.mark.django_db
def test_the_task_sweeps_the_day_it_is_in_oslo():
    with time_machine.travel(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), tick=False):  # 00:30 on the 7th in Oslo
        send_reminders_task.apply()
    assert list(ReminderSweep.objects.values_list("day", flat=True)) == [datetime(2026, 12, 7).date()]
