"""JSON from outside (uploaded packages, configuration cells, API bodies), read safely.

Python's parser turns 1e400 into infinity, accepts NaN and Infinity, and
answers deep nesting with a RecursionError; any of these would surface later
as a traceback or a database error. `parse_json` refuses them at once, naming
where in the document the problem is.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Far deeper than any document we read (a CASE package nests six levels, an API
# body three or four), and far below where Python's own recursion runs out.
MAX_DEPTH = 64
# Whole numbers beyond the 64-bit range of both databases are refused where they are.
LARGEST_INTEGER = 2**63 - 1


class JsonRefused(ValueError):
    """JSON that parses but is refused: `where` (a JSON path) and `problem`."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class _OutOfRange:
    """A number kept as written, to be reported with its place once parsing is done."""

    def __init__(self, text: str):
        self.text = text


def _float(text: str):
    value = float(text)
    return value if math.isfinite(value) else _OutOfRange(text)


def _int(text: str):
    # Python refuses to convert more than 4,300 digits; anything past 19 is out of range anyway.
    if len(text.lstrip("-")) > 19:
        return _OutOfRange(text)
    value = int(text)
    return value if -LARGEST_INTEGER - 1 <= value <= LARGEST_INTEGER else _OutOfRange(text)


def parse_json(text: str | bytes) -> Any:
    """The parsed document; raises json.JSONDecodeError for bad syntax, JsonRefused otherwise."""
    try:
        document = json.loads(text, parse_float=_float, parse_int=_int, parse_constant=_OutOfRange)
    except RecursionError as exc:
        raise JsonRefused("$", f"the JSON nests deeper than {MAX_DEPTH} levels.") from exc
    _check(document)
    return document


def _check(document: Any) -> None:
    """Walk the document without recursion, refusing depth and numbers out of range."""
    pending: list[tuple[Any, str, int]] = [(document, "$", 0)]
    while pending:
        value, where, depth = pending.pop()
        if isinstance(value, _OutOfRange):
            raise JsonRefused(
                where,
                f"the number {value.text[:40]} is out of range (numbers must be finite, "
                f"and whole numbers within ±{LARGEST_INTEGER:,}).",
            )
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise JsonRefused(where, f"the JSON nests deeper than {MAX_DEPTH} levels.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children = [
                (item, f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}", depth + 1)
                for key, item in items
            ]
            # Reversed, so the first problem in document order is the one reported.
            pending.extend(reversed(children))
