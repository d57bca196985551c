import json
import logging

from norec.core.logging import JsonFormatter


def test_log_lines_are_json_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "norec.test", "levelname": "WARNING", "msg": "case %s late", "args": (42,), "case_id": 42}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "case 42 late"
    assert entry["level"] == "WARNING"
    assert entry["case_id"] == 42
    assert entry["time"].endswith("+00:00")
