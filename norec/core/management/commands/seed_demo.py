from django.core.management.base import BaseCommand

from norec.core.demo import DEMO_PASSWORD, login_lines, seed_demo_without_emails


class Command(BaseCommand):
    help = "Create or refresh the demo users, organisations and cases, and print the logins."

    def handle(self, *args, **options):
        logins = seed_demo_without_emails()
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Sign in with the password {DEMO_PASSWORD} as:"))
            self.stdout.write("\n".join(login_lines(logins)))
