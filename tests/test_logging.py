import json
import logging
import re

from norec.core.logging import JsonFormatter
from tests.test_production_settings import GOOD_KEY, run_django


def test_log_lines_are_json_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "norec.test", "levelname": "WARNING", "msg": "case %s late", "args": (42,), "case_id": 42}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "case 42 late"
    assert entry["level"] == "WARNING"
    assert entry["case_id"] == 42
    assert entry["time"].endswith("+00:00")


def log_a_warning(**env) -> str:
    """What a warning logged by the service prints on stdout, with the settings of `env`."""
    code = "import logging; logging.getLogger('norec.test').warning('case %s late', 42)"
    return run_django(["shell", "-v", "0", "-c", code], **env).stdout.strip()


def test_development_logs_plain_lines():
    assert re.fullmatch(r"\d\d:\d\d:\d\d WARNING norec\.test: case 42 late", log_a_warning())


def test_production_logs_json_lines():
    line = log_a_warning(
        NOREC_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="exchange.norec.no",
        EMAIL_HOST="smtp.norec.example",
        NOREC_SITE_URL="https://exchange.norec.no",
    )
    assert json.loads(line)["message"] == "case 42 late"
