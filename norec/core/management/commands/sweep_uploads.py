from django.core.management.base import BaseCommand

from norec.core.stored_files import ORPHAN_MIN_AGE, sweep_orphaned_files


class Command(BaseCommand):
    help = (
        "List the uploaded files that no row refers to any more. With --delete, remove those older than "
        f"{ORPHAN_MIN_AGE.days} day(s)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the orphans older than a day")

    def handle(self, *args, delete: bool = False, **options):
        result = sweep_orphaned_files(delete=delete)
        for name in result.orphans:
            self.stdout.write(f"{'deleted' if name in result.deleted else 'orphaned'}  {name}")
        self.stdout.write(f"{len(result.orphans)} orphaned, {len(result.deleted)} deleted.")
