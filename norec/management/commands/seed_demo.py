from django.core.management.base import BaseCommand

from norec.demo import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo users and organisations, and print their logins."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 with:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<20} {login.email:<30} password: {login.password}")
