"""Reading the deployment files as Docker reads them, and asking the code whether what they name
exists. The tests (test_compose, test_dockerfile) check that docker-compose.yml and the Dockerfile
start a WSGI application, a Celery app and management commands that exist, with options their
programs accept, and give every service the configuration, health check and storage it needs.

Nothing here needs Docker: the Dockerfile is read by Docker's own parser (the `dockerfile`
package), the compose file by PyYAML with its variables substituted by Compose's rules, and what
the commands name is imported or asked for its --help."""

import importlib
import inspect
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parent.parent.parent
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


# --- Dockerfile: instructions per stage ---


def dockerfile_stages() -> list[dict]:
    """The Dockerfile's stages as Docker's own parser (BuildKit's, through `dockerfile`) reads them:
    {"image", "name", "instructions": [(KEYWORD, the rest of the instruction as written)]}."""
    stages = []
    for command in dockerfile.parse_file(str(DOCKERFILE)):
        keyword = command.cmd.upper()
        if keyword == "FROM":
            image, *alias = command.value
            stages.append({"image": image, "name": alias[-1] if alias else "", "instructions": []})
        else:
            rest = command.original.split(None, 1)[1] if " " in command.original else ""
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
