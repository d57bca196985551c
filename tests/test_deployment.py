"""The deployment files agree with the code: docker-compose.yml and the Dockerfile start a WSGI
application, a Celery app and management commands that exist, with options their programs accept,
and give every service the configuration, health check and storage it needs.

Nothing here needs Docker: the files are parsed, the variables substituted the way Compose does it,
and what the commands name is imported or asked for its --help."""

import importlib
import inspect
import json
import os
import re
import shlex
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings as django_settings
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

APP_SERVICES = {"migrate", "web", "worker", "beat"}
BACKING_SERVICES = {"postgres", "redis"}
ONE_SHOT_SERVICES = {"migrate"}
WEB_PORT = 8000

# What an operator must provide; the compose file has to refuse to start without each of them.
OPERATOR_ENV = {
    "SECRET_KEY": "x" * 30 + "-compose-secret-" + "y" * 30,
    "ALLOWED_HOSTS": "exchange.norec.no",
    "NOREC_SITE_URL": "https://exchange.norec.no",
    "POSTGRES_PASSWORD": "compose-test-password",
    "EMAIL_HOST": "smtp.norec.no",
    "DEFAULT_FROM_EMAIL": "Norec Exchange <no-reply@norec.no>",
}


# --- Compose: variable substitution as `docker compose` does it ---

INTERPOLATION = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))")
BRACED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?$", re.DOTALL)


class MissingVariable(Exception):
    pass


def substitute(text: str, env: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return env.get(match["named"], "")
        braced = BRACED.match(match["braced"])
        assert braced, f"unsupported interpolation {match[0]!r}"
        name, op, arg = braced["name"], braced["op"], braced["arg"]
        value = env.get(name)
        is_set = value is not None and (value != "" or not op or not op.startswith(":"))
        if op in {"-", ":-"}:
            return value if is_set else arg
        if op in {"?", ":?"}:
            if not is_set:
                raise MissingVariable(f"{name}: {arg}")
            return value
        if op in {"+", ":+"}:
            return arg if is_set else ""
        return value or ""

    return INTERPOLATION.sub(replace, text)


def interpolate(node, env: dict[str, str]):
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if isinstance(node, str):
        return substitute(node, env)
    return node


def load_compose(env: dict[str, str]) -> dict:
    return interpolate(yaml.safe_load(COMPOSE_FILE.read_text()), env)


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose(OPERATOR_ENV)


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


# --- Dockerfile: instructions per stage ---


def dockerfile_stages() -> list[dict]:
    text = re.sub(r"^\s*#.*\n", "", DOCKERFILE.read_text(), flags=re.MULTILINE)
    text = re.sub(r"\\\n", " ", text)
    stages = []
    for line in text.splitlines():
        if not line.strip():
            continue
        keyword, _, rest = line.strip().partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            image, _, name = rest.partition(" AS ") if " AS " in rest else rest.partition(" as ")
            stages.append({"image": image.strip(), "name": name.strip(), "instructions": []})
        else:
            stages[-1]["instructions"].append((keyword, rest))
    return stages


def lineage(stages: list[dict], stage: dict) -> list[dict]:
    """The stage and the stages it is built FROM, base first: what the stage's image contains."""
    by_name = {earlier["name"]: earlier for earlier in stages if earlier["name"]}
    chain = [stage]
    while chain[0]["image"] in by_name:
        chain.insert(0, by_name[chain[0]["image"]])
    return chain


def instructions(chain: list[dict], keyword: str) -> list[str]:
    return [rest for stage in chain for k, rest in stage["instructions"] if k == keyword]


def exec_form(rest: str) -> list[str]:
    return json.loads(rest) if rest.startswith("[") else ["/bin/sh", "-c", rest]


def image_default_command() -> list[str]:
    """ENTRYPOINT + CMD of the final stage, as a container started without a command runs it."""
    entrypoint, cmd = [], []
    stages = dockerfile_stages()
    for keyword, rest in [item for stage in lineage(stages, stages[-1]) for item in stage["instructions"]]:
        if keyword == "ENTRYPOINT":
            entrypoint = exec_form(rest)
        elif keyword == "CMD":
            cmd = exec_form(rest)
    return entrypoint + cmd


def as_argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command)


def effective_command(service: dict) -> list[str]:
    if "command" in service or "entrypoint" in service:
        return as_argv(service.get("entrypoint", [])) + as_argv(service.get("command", []))
    return image_default_command()


def app_environment(service: dict) -> dict[str, str]:
    environment = service["environment"]
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: str(value) for key, value in environment.items()}


# --- What the commands name must exist ---


def gunicorn_options(argv: list[str]):
    """Parse gunicorn's arguments with gunicorn's own parser and validators."""
    assert argv[0] == "gunicorn", argv
    config = GunicornConfig()
    try:
        args = config.parser().parse_args(argv[1:])
    except SystemExit:
        pytest.fail(f"gunicorn rejects {argv}")
    for key, value in vars(args).items():
        if value is not None and key != "args":
            config.set(key.lower(), value)
    assert len(args.args) == 1, f"gunicorn needs exactly one application, got {args.args}"
    return config, args.args[0]


def assert_wsgi_application(target: str) -> None:
    module_name, _, attribute = target.partition(":")
    assert attribute, f"{target!r} is not module:attribute"
    application = getattr(importlib.import_module(module_name), attribute, None)
    assert application is not None, f"{module_name} has no attribute {attribute!r}"
    assert callable(application), f"{target} is not callable"
    inspect.signature(application).bind({}, lambda status, headers, exc_info=None: None)


def celery_cli_accepts(argv: list[str]) -> subprocess.CompletedProcess:
    """Celery's CLI loads the -A app, finds the subcommand and rejects unknown options before --help."""
    return subprocess.run(
        [sys.executable, "-m", "celery", *argv[1:], "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_celery_command(argv: list[str]) -> None:
    assert argv[0] == "celery", argv
    app_option = next(i for i, arg in enumerate(argv) if arg in {"-A", "--app"})
    app = find_app(argv[app_option + 1])
    assert isinstance(app, Celery), f"-A {argv[app_option + 1]} does not name a Celery app"
    assert app is importlib.import_module("norec.celery").app
    assert importlib.import_module("norec").celery_app is app
    result = celery_cli_accepts(argv)
    assert result.returncode == 0, f"{shlex.join(argv)}:\n{result.stderr}"


def assert_management_command(argv: list[str]) -> None:
    assert argv[:2] == ["python", "manage.py"], argv
    assert (ROOT / "manage.py").is_file()
    name, options = argv[2], argv[3:]
    commands = get_commands()
    assert name in commands, f"manage.py has no command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except CommandError as exc:
        pytest.fail(f"manage.py {name} rejects {options}: {exc}")


# --- The compose file ---


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
        "cache": "django.core.cache.backends.redis.RedisCache",
        "eager": False,
        "email": "django.core.mail.backends.smtp.EmailBackend",
        "tls": True,
        "from": OPERATOR_ENV["DEFAULT_FROM_EMAIL"],
        "site": OPERATOR_ENV["NOREC_SITE_URL"],
        "media": env["MEDIA_ROOT"],
        "mfa": True,
    }


# --- The Dockerfile ---


def test_image_default_command_is_gunicorn_with_the_same_wsgi_application(services):
    config, target = gunicorn_options(image_default_command())
    assert_wsgi_application(target)
    _, web_target = gunicorn_options(effective_command(services["web"]))
    assert target == web_target
    assert config.bind == [f"0.0.0.0:{WEB_PORT}"]
    assert config.accesslog == "-", "access log on stdout"


def test_dockerfile_is_multi_stage_with_node_assets_and_a_slim_python_runtime():
    stages = dockerfile_stages()
    node = next(stage for stage in stages if stage["image"].startswith("node:"))
    assert any(k == "RUN" and "npm ci" in rest for k, rest in node["instructions"])
    assert any(
        k == "COPY" and f"--from={node['name']}" in rest and "node_modules" in rest
        for stage in stages
        for k, rest in stage["instructions"]
    ), "node_modules from the node stage are not copied into the image"

    runtime = lineage(stages, stages[-1])
    assert runtime[0]["image"].startswith("python:3.11-slim")
    runtime_runs = " ".join(instructions(runtime, "RUN"))
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-"):
        assert package in runtime_runs, f"WeasyPrint needs {package}"
    users = instructions(runtime, "USER")
    assert users and users[-1].split(":")[0] not in {"root", "0"}, "the image must not run as root"
    assert any(str(WEB_PORT) in rest.split() for rest in instructions(runtime, "EXPOSE"))


def test_dockerfile_prepares_static_files_and_translations_without_production_settings():
    stages = dockerfile_stages()
    runs = [(stage, rest) for stage in stages for k, rest in stage["instructions"] if k == "RUN"]
    pip_installs = [rest for _, rest in runs if "pip install" in rest]
    assert pip_installs
    assert not any(re.search(r"pip install[^&;]*(\s-e\s|--editable|\[dev\])", rest) for rest in pip_installs)
    for command in ("compilemessages", "collectstatic --no-input"):
        stage, rest = next((stage, rest) for stage, rest in runs if f"manage.py {command}" in rest)
        assert "SECRET_KEY=" in rest, f"{command} needs a build-time SECRET_KEY"
        chain = lineage(stages, stage)
        assert "NOREC_ENV" not in " ".join(instructions(chain, "ENV")), f"{command} would run in production mode"
        assert "NOREC_ENV=production" not in rest, f"{command} would run in production mode"
        assert "gettext" in " ".join(instructions(chain, "RUN")), f"{command} runs where gettext is missing"


def test_dockerignore_keeps_local_state_out_and_the_source_in():
    patterns = [line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip()[:1] not in {"", "#"}]

    def ignored(path: str) -> bool:
        return any(fnmatch(path, pattern.removeprefix("**/")) for pattern in patterns)

    for path in (".git", ".venv", "node_modules", ".env", "db.sqlite3", "staticfiles", "media"):
        assert ignored(path), f"{path} would be sent to the build"
    needed = ["manage.py", "pyproject.toml", "package.json", "package-lock.json", "templates", "static", "norec"]
    needed += ["partnerships", "exchanges", "training", "amendments"]
    for path in needed:
        assert (ROOT / path).exists(), path
        assert not ignored(path), f"the image needs {path}"
