from django.conf import settings
from django.core.management.base import BaseCommand

from norec.core.demo import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo users, organisations and cases, and print the logins."

    def handle(self, *args, **options):
        # The demo's made-up history is news to nobody: don't email (or print) notifications for it.
        configured_backend = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        try:
            logins = seed_demo()
        finally:
            settings.EMAIL_BACKEND = configured_backend
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 with:"))
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.role:<20} {login.email:<32} password: {login.password}{note}")
