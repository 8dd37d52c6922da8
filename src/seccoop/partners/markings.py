"""The releasability rule of classification and control markings.

A record marked releasable to some countries only may not be attached to
the work of another country: the services of every app that attaches a
marked record (a document to a case, a disclosure item to an engagement)
call `require_releasable` before writing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from seccoop.partners.models import Country


def not_releasable(record, countries: Iterable[Country]) -> list[Country]:
    """The countries among `countries` the record is not releasable to (none when unlimited)."""
    allowed = set(record.releasable_to.values_list("pk", flat=True)) if record.pk else set()
    if not allowed:
        return []
    return [country for country in countries if country.pk not in allowed]


def require_releasable(record, countries: Iterable[Country], *, field: str = "countries") -> None:
    """Refuse, naming the record and the countries, when the record may not go to them."""
    refused = not_releasable(record, countries)
    if refused:
        names = ", ".join(sorted(str(country) for country in refused))
        raise ValidationError(
            {
                field: [
                    f"“{record}” is not releasable to {names}; it is marked {marking_line(record)}."
                ]
            }
        )


def marking_line(record) -> str:
    """The banner line of a record's markings, such as “CUI//EXPT//REL TO USA, GBR”."""
    parts = [record.get_classification_display()]
    if record.cui_categories:
        parts.append(
            "/".join(c.strip().upper() for c in record.cui_categories.split(",") if c.strip())
        )
    if record.pk:
        codes = sorted(record.releasable_to.values_list("iso_alpha3", flat=True))
        if codes:
            parts.append("REL TO " + ", ".join(["USA", *[c for c in codes if c != "USA"]]))
    return "//".join(parts)
