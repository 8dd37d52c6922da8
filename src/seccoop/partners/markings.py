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


# --- showing markings: record pages, list pages and exports --------------------------

CLASSIFICATION_RANK = {"U": 0, "CUI": 1}
MARKING_COLUMN = "Marking"


def _releasable_codes(record) -> set[str]:
    # .all() rather than values_list, so a prefetch of releasable_to serves it.
    if not record.pk:
        return set()
    return {country.iso_alpha3 for country in record.releasable_to.all()}


def _line(classification_label: str, categories: list[str], codes: set[str]) -> str:
    parts = [classification_label]
    if categories:
        parts.append("/".join(categories))
    if codes:
        parts.append("REL TO " + ", ".join(["USA", *sorted(codes - {"USA"})]))
    return "//".join(parts)


def _categories(record) -> list[str]:
    return [c.strip().upper() for c in (record.cui_categories or "").split(",") if c.strip()]


def export_marking(record) -> str:
    """The value of a marked record's "Marking" column in an export (MARKING_COLUMN)."""
    return _line(
        record.get_classification_display(), _categories(record), _releasable_codes(record)
    )


def highest_marking(records) -> str:
    """The banner of a page carrying several marked records: the most restrictive of them.

    The highest classification, every CUI category any record carries, and
    releasability only to the countries every limited record is releasable to.
    An empty string when there are no records.
    """
    records = list(records)
    if not records:
        return ""
    top = max(records, key=lambda r: CLASSIFICATION_RANK.get(r.classification, 0))
    categories: list[str] = []
    codes: set[str] | None = None
    for record in records:
        for category in _categories(record):
            if category not in categories:
                categories.append(category)
        limited = _releasable_codes(record)
        if limited:
            codes = limited if codes is None else codes & limited
    if codes is not None and not codes:
        codes = {
            "USA"
        }  # limited records with no country in common: releasable to none but the U.S.
    return _line(top.get_classification_display(), categories, codes or set())


# --- information above CUI: metadata only ----------------------------------------------

# The levels a record may hold itself (Classification): anything above is described only.
HELD_LEVELS = ("", "U", "CUI")


def metadata_only_notice(level: str, label: str) -> str:
    """What a record about information above CUI says of itself: it is described by metadata.

    The deployment holds unclassified and CUI records only (SECCOOP_SYSTEM_MARKING;
    32 CFR 2002.4 defines CUI as unclassified information), so a record about
    classified information names and describes it without holding any of it.
    """
    if level in HELD_LEVELS:
        return ""
    return (
        f"The information is {label}, above CUI: this record describes it by metadata only "
        "and holds none of it."
    )
