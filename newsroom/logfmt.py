"""Log records as one line of key=value pairs (logfmt), each with its request's id.

    time=2025-05-01T09:12:03.114Z level=WARNING logger=newsroom.cache request_id=4f0c... msg="..."

Values with spaces, quotes or line breaks are quoted as JSON strings, so a traceback stays
on its record's line and ``grep request_id=4f0c`` finds everything one request did.
"""

from __future__ import annotations

import datetime
import json
import logging
from contextvars import ContextVar

# Set by newsroom.middleware.RequestIdMiddleware for the length of a request.
request_id: ContextVar[str] = ContextVar("request_id", default="-")

# The attributes every LogRecord has; anything else was passed in ``extra`` and is logged.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "request_id", "taskName"}
)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def _value(value) -> str:
    text = value if isinstance(value, str) else str(value)
    if text and not any(c in text for c in ' ="\\') and text.isprintable():
        return text
    return json.dumps(text, ensure_ascii=False)


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        fields = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id.get()),
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in fields:
                fields[key] = value
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            fields["exc"] = record.exc_text
        return " ".join(f"{key}={_value(value)}" for key, value in fields.items())
