"""`{% load partner_markings %}`: the marking banner of a record, or of a page of records."""

from django import template

from seccoop.partners.markings import highest_marking

register = template.Library()


@register.simple_tag
def marking_of(record=None, records=None) -> str:
    """The marking line of one record, or the highest of several."""
    if record:
        return highest_marking([record])
    return highest_marking(records or [])
