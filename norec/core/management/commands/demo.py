"""`make demo`'s server: the demo data built (or refreshed), then Django's development server, which
prints only where to sign in and as whom, so that is what a first-time visitor reads last."""

from django.core.management.commands.runserver import Command as RunserverCommand

from norec.core.demo import DEMO_PASSWORD, login_lines, seed_demo_without_emails


class Command(RunserverCommand):
    help = "Build or refresh the demo data and serve it, printing the sign-in details."

    def handle(self, *args, **options):
        self.logins = seed_demo_without_emails()
        # One process (no reloader): the demo is to be tried, not developed; checks ran at migrate.
        super().handle(*args, **{**options, "use_reloader": False, "skip_checks": True})

    def on_bind(self, server_port):
        url = f"{self.protocol}://{self.addr}:{server_port}/"
        self.stdout.write(self.style.SUCCESS(f"Norec Exchange demo at {url} (Ctrl-C stops it)."))
        self.stdout.write(f"Sign in with the password {DEMO_PASSWORD} as:")
        self.stdout.write("\n".join(login_lines(self.logins)))
