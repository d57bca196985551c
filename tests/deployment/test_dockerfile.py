"""The Dockerfile and .dockerignore: a multi-stage image that runs what compose expects."""

import re
from fnmatch import fnmatch

from tests.deployment.files import (
    DOCKERIGNORE,
    ROOT,
    WEB_PORT,
    assert_wsgi_application,
    dockerfile_stages,
    effective_command,
    gunicorn_options,
    image_default_command,
    instructions,
    lineage,
)


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
    # Noto: the scripts of partners' names in PDFs (Thai, Ethiopic, Chinese...; tests/test_pdf_fonts.py).
    packages = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-noto-core", "fonts-noto-cjk")
    for package in packages:
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
