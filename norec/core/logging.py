"""Logs on stdout: one JSON object per line in production, for whatever collects them; plain lines
in development, for a person at a terminal (settings.LOG_FORMAT)."""

import json
import logging
from datetime import UTC, datetime

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Anything passed with `extra=` becomes a field of its own.
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# One line a person reads: "14:02:11 WARNING norec.core.outbox: outbox: email 12 failed (attempt 1): …".
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def logging_config(*, json_lines: bool, level: str, tasks_in_process: bool) -> dict:
    """settings.LOGGING: every log line on stdout, as JSON for whatever collects it (production) or
    as plain lines for a person at a terminal (development, the demo)."""
    quiet = {"weasyprint": "WARNING"}  # a line for each step of every PDF
    if tasks_in_process:
        quiet["celery.app.trace"] = "WARNING"  # a line for each task a request runs in-process (the demo)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "norec.core.logging.JsonFormatter"},
            "plain": {"format": PLAIN_FORMAT, "datefmt": "%H:%M:%S"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json" if json_lines else "plain",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}, **{name: {"level": lvl} for name, lvl in quiet.items()}},
    }
