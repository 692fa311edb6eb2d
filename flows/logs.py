"""Logging of CLI runs: one line per message on the terminal, everything (tracebacks included)
in CLEAN_DIR/.boilerstrip.log. Installed through Prefect's own logging configuration
(``flows/logging.yml``, named by PREFECT_LOGGING_SETTINGS_PATH), so that worker processes
spawned for a run log the same way."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOGGING_CONFIG = Path(__file__).with_name("logging.yml")
LOG_FILE_VARIABLE = "BOILERSTRIP_LOG_FILE"


def without_traceback(format_record: Callable[[logging.LogRecord], str], record: logging.LogRecord) -> str:
    """``format_record(record)`` with no traceback or stack; the record keeps them for the other
    handlers (logging caches the traceback text on the record: the file handler still needs it)."""
    saved = record.exc_info, record.exc_text, record.stack_info
    record.exc_info, record.exc_text, record.stack_info = None, None, None
    try:
        return format_record(record)
    finally:
        record.exc_info, record.exc_text, record.stack_info = saved


class OneLine(logging.Formatter):
    """A plain formatter without tracebacks (runs without Prefect)."""

    def format(self, record: logging.LogRecord) -> str:
        return without_traceback(super().format, record)


def one_line_formatter(**options: Any) -> logging.Formatter:
    """Prefect's console format without tracebacks: those go to the log file. (A factory: this
    module is imported before Prefect, which reads its logging configuration when imported.)"""
    from prefect.logging.formatters import PrefectFormatter

    class OneLineFormatter(PrefectFormatter):
        def format(self, record: logging.LogRecord) -> str:
            return without_traceback(super().format, record)

    return OneLineFormatter(**options)


class RunLogHandler(logging.FileHandler):
    """Appends to the file named by BOILERSTRIP_LOG_FILE; to nowhere when unset or unwritable
    (a full disk must not stop the run from reporting)."""

    def __init__(self, **kwargs: Any) -> None:
        path = os.environ.get(LOG_FILE_VARIABLE) or os.devnull
        try:
            super().__init__(path, encoding="utf-8", **kwargs)
        except OSError:
            super().__init__(os.devnull, encoding="utf-8", **kwargs)
