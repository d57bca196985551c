"""Server time of the organisation list, measured in-process (no HTTP, no gunicorn): the milliseconds
per request of Django's test client (wall clock, and this process's CPU time, which other
processes busy on the machine disturb less) over 130 organisations with two contacts each, as the adviser
sees them, and of the no-I/O baseline page beside it, so the share can be estimated between runs of
`make bench`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/norec_list_timing python bench/list_timing.py

The database is dropped and built anew (migrate, then bulk rows as bench/caseload.py makes them).
DEBUG is off, as in production, so Django keeps no query log while it is timed."""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "norec.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

ITERATIONS = int(os.environ.get("ITERATIONS", "200"))
URLS = ["/organisations/", "/organisations/?sort=-country&kind=ngo", "/bench/baseline"]


def _fresh_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    _fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0, interactive=False)
    from bench.caseload import _organisations, _people
    from norec.core.roles import Role

    _organisations(130)
    (adviser,) = _people(Role.ADVISER, 1, "timing-adviser{}@norec.example", "Timing Adviser {}")
    client = Client()
    client.force_login(adviser)
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}
    with override_settings(ROOT_URLCONF="bench.urls", STORAGES=storages):
        for url in URLS:
            for _ in range(20):  # warm up: templates, translations, URL patterns
                assert client.get(url).status_code == 200
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(ITERATIONS):
                client.get(url)
            wall, cpu = (1000 * (time.perf_counter() - started), 1000 * (time.process_time() - cpu))
            print(f"{url}: {wall / ITERATIONS:.2f} ms per request ({cpu / ITERATIONS:.2f} ms of this process's CPU)")
        if os.environ.get("PROFILE"):  # where the first page's time goes
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(lambda: [client.get(URLS[0]) for _ in range(50)])
            stats = pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("PROFILE_LINES", "45")))
            if os.environ.get("PROFILE_CALLEES"):
                stats.print_callees(os.environ["PROFILE_CALLEES"])


if __name__ == "__main__":
    main()
