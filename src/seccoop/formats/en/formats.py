"""Dates as people write them: "4 Dec 2026", and with the time "4 Dec 2026, 14:37".

Templates write `{{ day|date }}` and `{{ moment|date:"DATETIME_FORMAT" }}`
rather than spelling a format out, so every page writes a date the same way.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
