"""Dates as people type them in files and addresses: ISO 8601, YYYY-MM-DD."""

from __future__ import annotations

import datetime
import re

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(text: str) -> datetime.date | None:
    """The date `text` writes as YYYY-MM-DD, or None when it writes none (2025-02-30 included).

    Stricter than `date.fromisoformat`, which also reads 20250102 and 2025-W01-4.
    """
    if not ISO_DATE.fullmatch(text or ""):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
