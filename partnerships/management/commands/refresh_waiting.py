"""Refresh what every open case waits for (partnerships.waiting_state), at once: after the
migration that adds the kept state, or whenever an operator wants it exact without waiting for the
nightly task."""

from django.core.management.base import BaseCommand

from partnerships.waiting_state import refresh_waiting


class Command(BaseCommand):
    help = "Refresh what every open case waits for (the lists' and homes' 'Waiting for')."

    def handle(self, *args, **options):
        refreshed = refresh_waiting()
        self.stdout.write(f"Refreshed {refreshed} open cases.")
