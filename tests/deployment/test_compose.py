"""docker-compose.yml: every service starts real code with the configuration, health check and storage it needs."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from tests.deployment.files import (
    APP_SERVICES,
    BACKING_SERVICES,
    DOCKERFILE,
    ONE_SHOT_SERVICES,
    OPERATOR_ENV,
    ROOT,
    WEB_PORT,
    MissingVariable,
    app_environment,
    assert_celery_command,
    assert_management_command,
    assert_wsgi_application,
    celery_cli_accepts,
    effective_command,
    gunicorn_options,
    load_compose,
)


def test_compose_has_every_service_and_no_version_key(compose, services):
    assert "version" not in compose, "the Compose spec has no version key"
    assert set(services) == APP_SERVICES | BACKING_SERVICES


def test_app_services_run_the_one_image_built_here(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1, images
    for name in APP_SERVICES:
        build = services[name]["build"]
        context = build if isinstance(build, str) else build.get("context", ".")
        assert (ROOT / context / "Dockerfile").resolve() == DOCKERFILE


@pytest.mark.parametrize("variable", sorted(OPERATOR_ENV))
def test_compose_refuses_to_start_without_required_variable(variable):
    env = {key: value for key, value in OPERATOR_ENV.items() if key != variable}
    with pytest.raises(MissingVariable, match=variable):
        load_compose(env)


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_service_command_names_real_code(services, name):
    argv = effective_command(services[name])
    if argv[0] == "gunicorn":
        _, target = gunicorn_options(argv)
        assert_wsgi_application(target)
    elif argv[0] == "celery":
        assert_celery_command(argv)
    elif argv[:2] == ["python", "manage.py"]:
        assert_management_command(argv)
    else:
        pytest.fail(f"{name} runs {argv}, which this test does not know how to check")


def test_each_role_runs_what_it_is_named_for(services):
    assert effective_command(services["web"])[0] == "gunicorn"
    assert effective_command(services["worker"])[:4] == ["celery", "-A", "norec", "worker"]
    assert effective_command(services["beat"])[:4] == ["celery", "-A", "norec", "beat"]
    assert effective_command(services["migrate"])[:3] == ["python", "manage.py", "migrate"]


def test_web_serves_the_projects_wsgi_application_on_the_published_port(services):
    config, target = gunicorn_options(effective_command(services["web"]))
    assert target.replace(":", ".") == django_settings.WSGI_APPLICATION
    assert any(address.endswith(f":{WEB_PORT}") for address in config.bind), config.bind
    assert any(str(port).endswith(f":{WEB_PORT}") for port in services["web"]["ports"])


def test_services_have_health_checks_or_are_one_shot(services):
    for name, service in services.items():
        if name in ONE_SHOT_SERVICES:
            # restart: unless-stopped would run a finished job again and again.
            assert service.get("restart") in {"no", "on-failure"}, name
            continue
        healthcheck = service.get("healthcheck")
        assert healthcheck and not healthcheck.get("disable"), f"{name} has no health check"
        assert healthcheck["test"] and healthcheck["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert service.get("restart") == "unless-stopped", name


def test_start_order_waits_for_healthy_backing_services_and_migrations(services):
    for name in APP_SERVICES:
        depends_on = services[name]["depends_on"]
        for dependency, rule in depends_on.items():
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            expected = "service_completed_successfully" if dependency in ONE_SHOT_SERVICES else "service_healthy"
            assert rule["condition"] == expected, (name, dependency)
    for name in ("web", "worker"):
        assert set(services[name]["depends_on"]) == {"migrate", "postgres", "redis"}, name
    assert "postgres" in services["migrate"]["depends_on"]
    assert "redis" in services["beat"]["depends_on"]


@pytest.mark.django_db
def test_web_health_check_request_reaches_healthz(services, client, settings):
    """Run the health check's own code and replay the request it makes against Django.

    Django answers 400 to a Host outside ALLOWED_HOSTS, and production redirects plain HTTP to
    HTTPS, so a health check that only fetched http://127.0.0.1:8000/healthz would never pass."""
    web = services["web"]
    test = web["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], test
    sent = []
    with (
        mock.patch("urllib.request.urlopen", lambda request, timeout=None: sent.append(request)),
        mock.patch.dict(os.environ, app_environment(web)),
    ):
        exec(test[3], {})
    (request,) = sent
    url = urlsplit(request.full_url)
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", WEB_PORT, "/healthz")

    settings.ALLOWED_HOSTS = app_environment(web)["ALLOWED_HOSTS"].split(",")
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is tests/test_healthz.py's business
    response = client.get(url.path, HTTP_HOST=request.get_header("Host"))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


def test_worker_health_check_pings_this_worker(services):
    test = services["worker"]["healthcheck"]["test"]
    command = test[1] if test[0] == "CMD-SHELL" else shlex.join(test[1:])
    argv = shlex.split(command)
    assert argv[:5] == ["celery", "-A", "norec", "inspect", "ping"], argv
    assert any("${HOSTNAME}" in arg or "$HOSTNAME" in arg for arg in argv), "ping every worker is not a check"
    result = celery_cli_accepts([arg.replace("${HOSTNAME}", "host") for arg in argv])
    assert result.returncode == 0, result.stderr


def test_backing_services_keep_their_data_on_named_volumes(compose, services):
    expected = {"postgres": "/var/lib/postgresql/data", "redis": "/data"}
    for name, path in expected.items():
        mounts = dict(volume.split(":", 1)[::-1] for volume in services[name]["volumes"])
        assert path in mounts, f"{name} keeps {path} in the container only"
        assert mounts[path] in compose["volumes"], f"{name}: {mounts[path]} is not a named volume"
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]


def test_uploads_and_the_beat_schedule_are_on_named_volumes(compose, services):
    media_root = app_environment(services["web"])["MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"media:{media_root}" in services[name]["volumes"], name
    beat = effective_command(services["beat"])
    schedule = beat[beat.index("--schedule") + 1]
    assert f"beat:{Path(schedule).parent}" in services["beat"]["volumes"]
    assert {"media", "beat"} <= set(compose["volumes"])


def test_app_services_get_production_settings_pointing_at_the_compose_services(services):
    for name in APP_SERVICES:
        env = app_environment(services[name])
        assert env["NOREC_ENV"] == "production", name
        assert env["SECRET_KEY"] == OPERATOR_ENV["SECRET_KEY"], name
        assert env["ALLOWED_HOSTS"] == OPERATOR_ENV["ALLOWED_HOSTS"], name
        database = urlsplit(env["DATABASE_URL"])
        assert database.scheme in {"postgres", "postgresql"}, name
        assert (database.hostname, database.port) == ("postgres", 5432), name
        assert database.password == OPERATOR_ENV["POSTGRES_PASSWORD"], name
        for key in ("REDIS_URL", "CELERY_BROKER_URL"):
            url = urlsplit(env[key])
            assert (url.scheme, url.hostname, url.port) == ("redis", "redis", 6379), (name, key)
        assert env["REDIS_URL"] != env["CELERY_BROKER_URL"], "cache.clear() must not flush the queues"
    postgres = services["postgres"]["environment"]
    database = urlsplit(app_environment(services["web"])["DATABASE_URL"])
    assert database.username == postgres["POSTGRES_USER"]
    assert database.path.lstrip("/") == postgres["POSTGRES_DB"]


def test_settings_accept_the_compose_environment(services):
    """The app's environment, rendered with only the required variables, gives a production setup."""
    env = {"PATH": os.environ["PATH"], **app_environment(services["web"]), "DJANGO_SETTINGS_MODULE": "norec.settings"}
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'proxy': s.SECURE_PROXY_SSL_HEADER, 'db': s.DATABASES['default']['ENGINE'],"
        "'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
        "'email': s.EMAIL_BACKEND, 'tls': s.EMAIL_USE_TLS, 'from': s.DEFAULT_FROM_EMAIL,"
        "'site': s.NOREC_SITE_URL, 'media': str(s.MEDIA_ROOT), 'mfa': s.NOREC_REQUIRE_ADVISER_MFA}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded == {
        "debug": False,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "db": "django.db.backends.postgresql",
        "cache": "norec.core.cache.FailSafeRedisCache",
        "eager": False,
        "email": "django.core.mail.backends.smtp.EmailBackend",
        "tls": True,
        "from": OPERATOR_ENV["DEFAULT_FROM_EMAIL"],
        "site": OPERATOR_ENV["NOREC_SITE_URL"],
        "media": env["MEDIA_ROOT"],
        "mfa": True,
    }
